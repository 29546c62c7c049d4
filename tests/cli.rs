//! End to end: the binary's exit codes, the JSON contract, the config file
//! and flags, exactly as a CI pipeline or a script would use them.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const CHAT: &str = "\
[10:00] Customer: Hi, my order still hasn't arrived and I'm really frustrated.
[10:01] Agent (Maria): Hello, I'm Maria. I'm sorry about the wait, let me check.
[10:02] Agent (Maria): Please be advised that your RMA has been escalated.
[10:03] Customer: Thanks
[10:03] Agent (Maria): Thank you for your patience! Anything else I can help with?
";

fn couth(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut command = Command::new(env!("CARGO_BIN_EXE_couth"));
    command.current_dir(dir).args(args).env("NO_COLOR", "1");
    command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("run couth");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// `(rule, line, column)` of every finding in a JSON report.
fn found(report: &Value) -> Vec<(String, u64, u64)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn triples(list: &[(&str, u64, u64)]) -> Vec<(String, u64, u64)> {
    list.iter()
        .map(|(r, l, c)| (r.to_string(), *l, *c))
        .collect()
}

#[test]
fn json_report_has_the_exact_contract() {
    let dir = workspace(&[("chat.txt", CHAT)]);
    let output = couth(
        dir.path(),
        &["check", "--no-config", "--format", "json", "chat.txt"],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    let keys: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(keys, ["version", "files_checked", "findings", "errors"]);
    assert_eq!(report["version"], 1);
    assert_eq!(report["files_checked"], 1);
    assert_eq!(
        found(&report),
        triples(&[
            ("bureaucratese", 3, 24),
            ("jargon", 3, 52),
            ("jargon", 3, 65)
        ])
    );
    let first = &report["findings"][0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "rule",
            "category",
            "severity",
            "message",
            "suggestion",
            "language",
            "role",
            "speaker"
        ]
    );
    assert_eq!(first["path"], "chat.txt");
    assert_eq!(first["end_line"], 3);
    assert_eq!(
        first["end_column"],
        24 + "Please be advised".chars().count() as u64
    );
    assert_eq!(first["severity"], "warning");
    assert_eq!(first["language"], "en");
    assert_eq!(first["role"], "agent");
    assert_eq!(first["speaker"], "Maria");
    assert!(first["suggestion"].is_string());
    assert_eq!(report["errors"], Value::Array(vec![]));
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = workspace(&[
        ("chat.txt", CHAT),
        (
            "clean.txt",
            "Agent: Hello, I'm Maria! Thank you, anything else I can help with?\n",
        ),
    ]);
    let code = |args: &[&str]| couth(dir.path(), args, None).status.code();
    assert_eq!(code(&["check", "--no-config", "clean.txt"]), Some(0));
    assert_eq!(code(&["check", "--no-config", "chat.txt"]), Some(1));
    assert_eq!(
        code(&["check", "--no-config", "--fail-on", "error", "chat.txt"]),
        Some(0)
    );
    assert_eq!(
        code(&["check", "--no-config", "--fail-on", "never", "chat.txt"]),
        Some(0)
    );
    assert_eq!(
        code(&["check", "--no-config", "--fail-on", "info", "clean.txt"]),
        Some(0)
    );
    // Usage and input errors are 2, and the other files are still checked.
    assert_eq!(code(&["check", "--no-config"]), Some(2));
    assert_eq!(
        code(&[
            "check",
            "--no-config",
            "--select",
            "no-such-rule",
            "chat.txt"
        ]),
        Some(2)
    );
    let output = couth(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "missing.txt",
            "chat.txt",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    let report = json(&output);
    assert_eq!(report["errors"][0]["path"], "missing.txt");
    assert_eq!(report["errors"][0]["message"], "no such file or directory");
    assert_eq!(found(&report).len(), 3);
}

#[test]
fn agent_rules_never_fire_on_customer_messages() {
    let chat = "[10:00] Customer: Please be advised: your RMA policy is company policy, whatever.\n[10:01] Agent: Hello, I'm Maria! Thanks for writing, I'll sort it out now. Anything else I can help with?\n";
    let dir = workspace(&[("chat.txt", chat)]);
    let report = json(&couth(
        dir.path(),
        &["check", "--no-config", "--format", "json", "chat.txt"],
        None,
    ));
    assert_eq!(found(&report), vec![]);
}

#[test]
fn a_customers_thanks_does_not_satisfy_missing_thanks() {
    let chat = "[10:00] Customer: Thank you so much!\n[10:01] Agent: Hello, I'm Maria! Your refund is on its way. Anything else I can help with?\n";
    let dir = workspace(&[("chat.txt", chat)]);
    let report = json(&couth(
        dir.path(),
        &["check", "--no-config", "--format", "json", "chat.txt"],
        None,
    ));
    assert_eq!(found(&report), triples(&[("missing-thanks", 2, 16)]));
}

#[test]
fn negated_phrases_do_not_fire() {
    let dir = workspace(&[]);
    let output = couth(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--select",
            "rulebook",
            "--stdin",
        ],
        Some("It's not our policy to make you wait, so I've refunded you right away."),
    );
    assert_eq!(found(&json(&output)), vec![]);
}

#[test]
fn stdin_draft_is_one_agent_message() {
    let dir = workspace(&[]);
    let output = couth(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "--stdin",
            "--stdin-name",
            "draft.txt",
            "--select",
            "jargon",
        ],
        Some("Hi! Your RMA is approved."),
    );
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("draft.txt:1:10: warning[jargon]"),
        "{stdout}"
    );
}

#[test]
fn config_selects_ignores_and_overrides_severity() {
    let config = "select = [\"condescension\"]\nignore = [\"bureaucratese\"]\nfail-on = \"error\"\n[severity]\njargon = \"error\"\n";
    let dir = workspace(&[("couth.toml", config), ("chat.txt", CHAT)]);
    let output = couth(dir.path(), &["check", "--format", "json", "chat.txt"], None);
    assert_eq!(
        output.status.code(),
        Some(1),
        "jargon is an error now, and fail-on is error"
    );
    let report = json(&output);
    assert_eq!(
        found(&report),
        triples(&[("jargon", 3, 52), ("jargon", 3, 65)])
    );
    assert_eq!(report["findings"][0]["severity"], "error");
    // Flags win over the file.
    let output = couth(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--select",
            "bureaucratese",
            "--ignore",
            "jargon",
            "chat.txt",
        ],
        None,
    );
    assert_eq!(found(&json(&output)), vec![]);
    let output = couth(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--select",
            "jargon",
            "--severity-free",
            "chat.txt",
        ],
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "unknown flags are usage errors"
    );
}

#[test]
fn config_per_path_ignores_and_extra_phrases() {
    let config = "[per-path-ignores]\n\"legacy/**\" = [\"jargon\"]\n\n[phrases.en.jargon]\n\"PX-ticket\" = \"your request\"\n";
    let draft = "Agent: Hi! Your PX-ticket and RMA are open.\n";
    let dir = workspace(&[
        ("couth.toml", config),
        ("legacy/a.txt", draft),
        ("new/a.txt", draft),
    ]);
    let output = couth(
        dir.path(),
        &[
            "check", "--format", "json", "--select", "jargon", "legacy", "new",
        ],
        None,
    );
    let report = json(&output);
    let paths: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["new/a.txt", "new/a.txt"]);
    assert_eq!(
        found(&report),
        triples(&[("jargon", 1, 17), ("jargon", 1, 31)])
    );
    assert_eq!(report["findings"][0]["suggestion"], "your request");
}

#[test]
fn a_bad_config_points_at_its_line() {
    let dir = workspace(&[
        (
            "couth.toml",
            "select = [\"jargon\"]\n\n[timing]\nchat-slow-after = \"soon\"\n",
        ),
        ("chat.txt", CHAT),
    ]);
    let output = couth(dir.path(), &["check", "chat.txt"], None);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("couth.toml:4:"), "{stderr}");
    assert!(stderr.contains("not a duration"), "{stderr}");
    let dir = workspace(&[("couth.toml", "ignore = [\"jargn\"]\n"), ("chat.txt", CHAT)]);
    let stderr = String::from_utf8(couth(dir.path(), &["check", "chat.txt"], None).stderr).unwrap();
    assert!(
        stderr.contains("unknown rule or category `jargn`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `jargon`?"), "{stderr}");
}

#[test]
fn thread_count_does_not_change_the_output() {
    let mut files = Vec::new();
    for i in 0..24 {
        files.push((
            format!("t{i:02}.txt"),
            CHAT.replace("RMA", if i % 2 == 0 { "RMA" } else { "SLA" }),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = workspace(&refs);
    let one = couth(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "-j",
            "1",
            ".",
        ],
        None,
    );
    let many = couth(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "-j",
            "4",
            ".",
        ],
        None,
    );
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, many.stdout);
}

#[test]
fn rules_explain_and_test_commands_work() {
    let dir = workspace(&[]);
    let output = couth(dir.path(), &["rules"], None);
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("informal-address") && l.contains("n/a")),
        "{table}"
    );
    let output = couth(dir.path(), &["explain", "jargon"], None);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("Source: ru seed (000)")
    );
    assert_eq!(
        couth(dir.path(), &["explain", "jargn"], None).status.code(),
        Some(2)
    );
    let output = couth(dir.path(), &["test"], None);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}
