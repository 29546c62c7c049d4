//! What couth prints around the report: the progress bar (never when stderr
//! is not a terminal), shell completions and the man page.

mod common;

use common::{check, couth, fixture, stderr, stdout};

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

#[test]
fn completions_cover_every_shell() {
    let dir = fixture("completions");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = couth(&dir, &["completions", shell]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{shell}: {}",
            stderr(&output)
        );
        let script = stdout(&output);
        assert!(
            script.contains("check"),
            "{shell} script does not mention check"
        );
        if ["bash", "zsh", "fish"].contains(&shell) {
            assert!(
                script.contains("sarif"),
                "{shell} script does not offer --format values"
            );
        }
    }
    let output = couth(&dir, &["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn man_pages_are_roff() {
    let dir = fixture("man");
    let output = couth(&dir, &["man"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = stdout(&output);
    assert!(page.contains("\n.TH couth 1 "), "{page}");
    assert!(page.contains("check"));

    let output = couth(&dir, &["man", "check"]);
    assert_eq!(output.status.code(), Some(0));
    let page = stdout(&output);
    assert!(page.contains("\n.TH couth-check 1 "), "{page}");
    assert!(page.contains("statistics") && page.contains("sarif"));

    let output = couth(&dir, &["man", "nope"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no subcommand `nope`"));
}
