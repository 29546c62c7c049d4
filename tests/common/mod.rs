//! A small world for the CI-format tests: a rule pack of three test rules
//! (one per severity, with messages full of characters that need escaping),
//! a folder of canned responses, and a way to run the real binary on them.
//! Everything is written fresh under the target's temporary folder, and runs
//! `--select test`, so the shipped packs cannot change what the tests see.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CATALOG: &str = r#"
[[rule]]
id = "test-refusal"
category = "test"
severity = "error"
message = "Refusal: 100% certain, no help"
rationale = "A refusal <without> a next step & no \"alternative\"."
source = "tests/common"

[[rule]]
id = "test-jargon"
category = "test"
severity = "warning"
message = "Jargon <RMA> & \"friends\""
rationale = "Use the customer's words."
source = "tests/common"

[[rule]]
id = "test-note"
category = "test"
severity = "info"
message = "Two lines:\nsecond, here"
"#;

const PACK: &str = r#"
language = "en"
name = "English (test)"
script = "latin"
profile = ["the", "and", "you", "is", "to", "your"]

[labels]
agent = ["Agent"]
customer = ["Customer"]

[rules.test-refusal]
phrases = ["nothing I can do"]
suggestion = "Say what you *can* do: 50% off, or a new one"
examples.fire = ["There is nothing I can do."]
examples.pass = ["Here is what I can do."]

[rules.test-jargon]
phrases = ["RMA"]
examples.fire = ["Your RMA is ready."]
examples.pass = ["Your return is ready."]

[rules.test-note]
phrases = ["per our policy"]
examples.fire = ["It ships today per our policy."]
examples.pass = ["It ships today."]
"#;

/// The canned responses: (path below the fixture, text).
pub const MACROS: &[(&str, &str)] = &[
    (
        "macros/refund, final.txt",
        "Agent: I'm sorry, there is nothing I can do.\n",
    ),
    (
        "macros/returns.txt",
        "[10:00] Customer: Where is my parcel?\n\
         [10:02] Agent: 📦 Your RMA is ready, per our policy it ships today.\n  \
         Keep the RMA label.\n",
    ),
    ("macros/welcome.txt", "Agent: Hello Anna, happy to help!\n"),
];

/// The arguments every test run starts with.
pub const CHECK: &[&str] = &[
    "check", "--rules", "pack", "--lang", "en", "--select", "test",
];

/// A fresh copy of the world in a folder of its own, named for the test.
pub fn fixture(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("pack")).unwrap();
    std::fs::create_dir_all(dir.join("macros")).unwrap();
    std::fs::write(dir.join("pack/catalog.toml"), CATALOG).unwrap();
    std::fs::write(dir.join("pack/en.toml"), PACK).unwrap();
    for (path, text) in MACROS {
        std::fs::write(dir.join(path), text).unwrap();
    }
    dir
}

/// Runs `couth ARGS` in `dir`, outside CI and without colour.
pub fn couth(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_couth"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("run couth")
}

/// Runs `couth check` with the test pack and `extra` arguments.
pub fn check(dir: &Path, extra: &[&str]) -> Output {
    let args: Vec<&str> = CHECK.iter().chain(extra).copied().collect();
    couth(dir, &args)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The 1-based column (in characters) of `needle` in line `line` of `text`.
pub fn column_of(text: &str, line: usize, needle: &str) -> u32 {
    let line_text = text.lines().nth(line - 1).unwrap();
    let byte = line_text.find(needle).unwrap();
    line_text[..byte].chars().count() as u32 + 1
}
