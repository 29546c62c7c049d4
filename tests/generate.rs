//! `couth generate`: a seeded corpus, the same for the same seed.

use std::path::Path;
use std::process::Command;

fn generate(out: &Path, seed: &str) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_couth"))
        .args(["generate", "--conversations", "40", "--jsonl-size", "20kB"])
        .args(["--seed", seed, "--out"])
        .arg(out)
        .output()
        .expect("run couth");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("a JSON summary")
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn same_seed_same_corpus_in_every_format() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let summary = generate(a.path(), "7");
    generate(b.path(), "7");
    assert_eq!(files(a.path()), files(b.path()));
    let chats = summary["chat"]["files"].as_u64().unwrap();
    let mails = summary["email"]["files"].as_u64().unwrap();
    assert_eq!(chats + mails, 40);
    assert!(summary["jsonl"]["bytes"].as_u64().unwrap() >= 20_000);
    let all = files(a.path());
    assert!(all.iter().any(|(n, _)| n.ends_with(".eml")));
    assert!(all.iter().any(|(n, _)| n.starts_with("chat/ru/")));
    let jsonl = &all.iter().find(|(n, _)| n.ends_with(".jsonl")).unwrap().1;
    for line in String::from_utf8_lossy(jsonl).lines() {
        let conversation: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(conversation["messages"].as_array().unwrap().len() >= 4);
    }
    let c = tempfile::tempdir().unwrap();
    generate(c.path(), "8");
    assert_ne!(files(a.path()), files(c.path()));
}

#[test]
fn generated_chats_are_checked_and_some_have_findings() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "3");
    let output = Command::new(env!("CARGO_BIN_EXE_couth"))
        .args([
            "check",
            "--format",
            "concise",
            "--fail-on",
            "never",
            "--no-config",
        ])
        .arg(dir.path().join("chat"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.lines().count() > 5, "{text}");
}
