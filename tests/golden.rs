//! Golden tests: every input under `fixtures/` is checked by the real binary
//! and its output compared with the `.expected` file beside it.
//!
//! An `.expected` file holds the `--format concise` output (one finding per
//! line: path, line, column, severity, rule, message), then `--- stderr` and
//! the error lines, then `--- exit N`. Extra arguments for one fixture go in
//! a `.args` file beside it, one per line.
//!
//! After an intended change, regenerate with
//! `COUTH_BLESS=1 cargo test --test golden` and review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

const INPUT_EXTENSIONS: &[&str] = &[
    "txt", "log", "chat", "json", "jsonl", "ndjson", "csv", "eml", "mbox", "md", "yaml", "yml",
];

fn inputs(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            // broken/ has its own test (tests/robustness.rs).
            if name != "broken" {
                inputs(&path, out);
            }
        } else if path
            .extension()
            .is_some_and(|x| INPUT_EXTENSIONS.contains(&x.to_string_lossy().as_ref()))
            && name != "README.md"
        {
            out.push(path);
        }
    }
}

/// Runs `couth check --format concise FILE` as a golden test would.
pub fn golden_output(file: &Path) -> String {
    let mut args: Vec<String> = vec!["check".into(), "--format".into(), "concise".into()];
    let args_file = PathBuf::from(format!("{}.args", file.display()));
    if let Ok(extra) = std::fs::read_to_string(&args_file) {
        args.extend(
            extra
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.trim().to_string()),
        );
    }
    args.push(file.display().to_string());
    let output = Command::new(env!("CARGO_BIN_EXE_couth"))
        .args(&args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run couth");
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str("--- stderr\n");
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    text.push_str(&format!(
        "--- exit {}\n",
        output.status.code().unwrap_or(-1)
    ));
    text
}

#[test]
fn every_fixture_matches_its_expected_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(root).unwrap();
    let mut files = Vec::new();
    inputs(Path::new("fixtures"), &mut files);
    assert!(!files.is_empty(), "no fixtures found");
    let bless = std::env::var_os("COUTH_BLESS").is_some();
    let mut failures = Vec::new();
    for file in &files {
        let expected_path = PathBuf::from(format!("{}.expected", file.display()));
        let actual = golden_output(file);
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!(
                "{}: output differs from {}\n--- expected\n{expected}--- actual\n{actual}",
                file.display(),
                expected_path.display()
            )),
            Err(_) => failures.push(format!(
                "{}: no {} (run COUTH_BLESS=1 cargo test --test golden)",
                file.display(),
                expected_path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
