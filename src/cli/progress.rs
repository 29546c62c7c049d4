//! The progress bar of `couth check` on stderr: only on a terminal, never in
//! CI, drawn once a batch has run for a moment (a quick run shows nothing),
//! redrawn at most ten times a second, and erased before the report is
//! printed. The library only calls back with counts; drawing is here.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Whether to show a bar: stderr is a terminal, `CI` is not set, `TERM` is
/// not `dumb`, and the user did not say `--no-progress`.
pub fn wanted(no_progress: bool) -> bool {
    should_show(
        std::io::stderr().is_terminal(),
        std::env::var_os("CI").is_some(),
        std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
        no_progress,
    )
}

pub fn should_show(stderr_is_terminal: bool, ci: bool, dumb: bool, no_progress: bool) -> bool {
    stderr_is_terminal && !ci && !dumb && !no_progress
}

const WIDTH: usize = 30;
/// Erase the current line and go back to its start.
const CLEAR: &str = "\r\x1b[2K";

pub struct Bar {
    start: Instant,
    /// Nothing is drawn before this much time has passed.
    delay: Duration,
    /// The least time between two redraws.
    interval: Duration,
    state: Mutex<State>,
}

struct State {
    out: Box<dyn Write + Send>,
    done: usize,
    last_draw: Option<Instant>,
}

impl Bar {
    /// A bar on stderr that waits half a second before it shows.
    pub fn stderr() -> Arc<Bar> {
        Bar::new(
            Box::new(std::io::stderr()),
            Duration::from_millis(500),
            Duration::from_millis(100),
        )
    }

    pub fn new(out: Box<dyn Write + Send>, delay: Duration, interval: Duration) -> Arc<Bar> {
        Arc::new(Bar {
            start: Instant::now(),
            delay,
            interval,
            state: Mutex::new(State {
                out,
                done: 0,
                last_draw: None,
            }),
        })
    }

    /// `done` of `total` files are checked (calls may come in any order from
    /// any thread).
    pub fn update(&self, done: usize, total: usize) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.done = state.done.max(done);
        let now = Instant::now();
        if now.duration_since(self.start) < self.delay {
            return;
        }
        let due = state
            .last_draw
            .is_none_or(|last| now.duration_since(last) >= self.interval);
        if !due && state.done < total {
            return;
        }
        let line = render(state.done, total);
        let _ = write!(state.out, "{CLEAR}{line}");
        let _ = state.out.flush();
        state.last_draw = Some(now);
    }

    /// Erases the bar, if it was drawn.
    pub fn finish(&self) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        if state.last_draw.take().is_some() {
            let _ = write!(state.out, "{CLEAR}");
            let _ = state.out.flush();
        }
    }
}

/// `checking [##########....................] 120/360 files`
pub fn render(done: usize, total: usize) -> String {
    let filled = (done * WIDTH)
        .checked_div(total)
        .unwrap_or(WIDTH)
        .min(WIDTH);
    format!(
        "checking [{}{}] {done}/{total} files",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer the test can read back.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Shared {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    #[test]
    fn shown_only_on_a_terminal_outside_ci() {
        assert!(should_show(true, false, false, false));
        assert!(!should_show(false, false, false, false));
        assert!(!should_show(true, true, false, false));
        assert!(!should_show(true, false, true, false));
        assert!(!should_show(true, false, false, true));
    }

    #[test]
    fn renders_counts_and_a_proportional_bar() {
        assert_eq!(
            render(10, 30),
            format!(
                "checking [{}{}] 10/30 files",
                "#".repeat(10),
                ".".repeat(20)
            )
        );
        assert_eq!(
            render(0, 0),
            format!("checking [{}] 0/0 files", "#".repeat(30))
        );
    }

    #[test]
    fn draws_then_erases_itself() {
        let out = Shared::default();
        let bar = Bar::new(Box::new(out.clone()), Duration::ZERO, Duration::ZERO);
        bar.update(1, 2);
        bar.update(2, 2);
        bar.finish();
        let text = out.text();
        assert!(text.starts_with(CLEAR));
        assert!(text.contains("1/2 files") && text.contains("2/2 files"));
        assert!(text.ends_with(&format!("2/2 files{CLEAR}")), "{text:?}");
    }

    #[test]
    fn a_quick_batch_draws_nothing() {
        let out = Shared::default();
        let bar = Bar::new(
            Box::new(out.clone()),
            Duration::from_secs(60),
            Duration::ZERO,
        );
        bar.update(1, 1);
        bar.finish();
        assert_eq!(out.text(), "");
    }

    #[test]
    fn counts_never_go_back() {
        let out = Shared::default();
        let bar = Bar::new(Box::new(out.clone()), Duration::ZERO, Duration::ZERO);
        bar.update(3, 4);
        bar.update(2, 4);
        assert!(out.text().ends_with("3/4 files"), "{:?}", out.text());
    }
}
