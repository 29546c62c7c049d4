//! What couth prints around the report: the progress bar (never when stderr
//! is not a terminal).

mod common;

use common::{check, fixture, stderr, stdout};

#[test]
fn no_progress_text_when_stderr_is_not_a_terminal() {
    let dir = fixture("progress");
    // Enough files for the batch to report progress many times.
    for i in 0..300 {
        std::fs::write(
            dir.join(format!("macros/extra-{i:03}.txt")),
            "Agent: Your RMA is ready.\n",
        )
        .unwrap();
    }
    let output = check(&dir, &["--format", "concise", "macros"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.is_empty(), "stderr should be empty, got {err:?}");
    let out = stdout(&output);
    assert!(!out.contains('\r') && !out.contains('\x1b') && !out.contains("checking ["));
    assert_eq!(out.lines().filter(|l| l.contains("[test-")).count(), 304);
}
