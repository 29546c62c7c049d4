//! Packs from outside the binary are compiled in full at start-up: every
//! invalid regex of every pack is reported before anything is checked,
//! although the embedded packs compile lazily.

use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn every_invalid_regex_of_every_user_pack_is_reported_up_front() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("extra-en.toml"),
        "language = \"en\"\n[rules.jargon]\npatterns = ['(unclosed', 'ok']\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("extra-sv.toml"),
        "language = \"sv\"\n[rules.jargon]\nraw_patterns = ['[z-a]']\n",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_couth"))
        .args(["check", "--stdin", "--no-config", "--rules"])
        .arg(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Hello, I am Sam.")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.matches("invalid regular expression").count(),
        2,
        "{stderr}"
    );
    assert!(
        stderr.contains("extra-en.toml") && stderr.contains("extra-sv.toml"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());

    let output = Command::new(env!("CARGO_BIN_EXE_couth"))
        .arg("test")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.matches("invalid regular expression").count(),
        2,
        "{stderr}"
    );
}
