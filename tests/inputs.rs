//! The readers end to end: JSON, JSON Lines, CSV and canned-response
//! libraries are checked, and findings must sit at the exact line and column
//! of the file. The packs in `tests/inputs/packs/` replace the embedded ones,
//! so these tests depend on the readers, not on the shipped wording.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use couth::batch::{BatchOptions, Outcome, check_paths};
use couth::input::{FieldKind, Format, ReadOptions};
use couth::{Engine, RuleSet, Settings};

const PACKS: &str = "tests/inputs/packs";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn engine() -> Engine {
    let mut set = RuleSet::embedded().expect("embedded catalog");
    set.add_dir(&root().join(PACKS)).expect("test packs");
    Engine::new(set, Settings::default()).expect("engine")
}

fn check_with(file: &str, format: Option<Format>, read: ReadOptions) -> Outcome {
    let engine = engine();
    let read = ReadOptions {
        labels: engine.labels().clone(),
        ..read
    };
    let options = BatchOptions {
        format,
        read,
        ..BatchOptions::default()
    };
    check_paths(&engine, &[root().join(file)], &options)
}

fn check(file: &str) -> Outcome {
    check_with(file, None, ReadOptions::default())
}

/// Every finding as (rule, line, column).
fn found(outcome: &Outcome) -> Vec<(String, u32, u32)> {
    outcome
        .findings
        .iter()
        .map(|f| (f.rule.to_string(), f.line, f.column))
        .collect()
}

#[track_caller]
fn assert_has(outcome: &Outcome, rule: &str, line: u32, column: u32) {
    let all = found(outcome);
    assert!(
        all.contains(&(rule.to_string(), line, column)),
        "no {rule} at {line}:{column}; found {all:?}; errors {:?}",
        outcome.errors
    );
}

#[track_caller]
fn assert_lacks(outcome: &Outcome, rule: &str) {
    let all = found(outcome);
    assert!(
        !all.iter().any(|(r, _, _)| r == rule),
        "unexpected {rule}: {all:?}"
    );
}

#[test]
fn json_export_with_nested_authors() {
    let outcome = check("fixtures/json/ticket-export.json");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_has(&outcome, "robotic-opener", 16, 16);
    assert_has(&outcome, "missing-greeting", 16, 16);
    assert_has(&outcome, "bureaucratese", 28, 16);
    assert_has(&outcome, "rulebook", 28, 79);
    assert_has(&outcome, "jargon", 28, 113);
    assert_has(&outcome, "transfer-brush-off", 28, 122);
    // The customer's messages are context, never findings.
    assert!(
        outcome
            .findings
            .iter()
            .all(|f| f.line == 16 || f.line == 28)
    );
}

#[test]
fn json_escapes_keep_columns() {
    // Line 3: "Hi! The caf\u00e9 table\u2019s screws are obviously in the
    // box.\nPlease be advised: your RMA …": the findings after each escape
    // sit where the words are written.
    let outcome = check("fixtures/json/escapes.json");
    assert_has(&outcome, "talking-down", 3, 72);
    assert_has(&outcome, "bureaucratese", 3, 95);
    assert_has(&outcome, "jargon", 3, 119);
    let jargon = outcome
        .findings
        .iter()
        .find(|f| &*f.rule == "jargon")
        .unwrap();
    assert_eq!((jargon.end_line, jargon.end_column), (3, 122));
}

#[test]
fn json_array_of_conversations_in_three_languages() {
    let outcome = check("fixtures/json/conversations.json");
    assert_has(&outcome, "bureaucratese", 16, 60);
    assert_has(&outcome, "bureaucratese", 23, 60);
    assert_has(&outcome, "scripted-phrase", 23, 92);
    let languages: Vec<&str> = outcome.findings.iter().map(|f| &*f.language).collect();
    assert!(languages.contains(&"ru") && languages.contains(&"sv"));
    let names: Vec<Option<&str>> = outcome
        .findings
        .iter()
        .map(|f| f.conversation.as_deref())
        .collect();
    assert!(names.contains(&Some("ru-2209")) && names.contains(&Some("sv-5120")));
}

#[test]
fn json_errors_name_the_line() {
    let outcome = check("fixtures/json/wrong-shape.json");
    assert_eq!(outcome.errors.len(), 1);
    assert_eq!(outcome.errors[0].line, Some(3));
    assert!(outcome.errors[0].message.contains(
        "expected a conversation object with a `messages` array, found a number at line 3"
    ));
    let truncated = check("fixtures/json/truncated.json");
    assert_eq!(truncated.errors[0].line, Some(5));
    assert!(truncated.errors[0].message.contains("not closed"));
}

#[test]
fn jsonl_bad_line_is_an_error_and_good_lines_are_checked() {
    let outcome = check("fixtures/jsonl/with-bad-line.jsonl");
    assert_eq!(outcome.errors.len(), 1, "{:?}", outcome.errors);
    assert_eq!(outcome.errors[0].line, Some(2));
    assert!(outcome.errors[0].path.ends_with("with-bad-line.jsonl"));
    assert_has(&outcome, "rulebook", 1, 60);
    assert_has(&outcome, "missing-greeting", 3, 56);
}

#[test]
fn jsonl_conversation_per_line_in_greek() {
    let outcome = check("fixtures/jsonl/conversations.jsonl");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_has(&outcome, "bureaucratese", 2, 158);
    assert_has(&outcome, "scripted-phrase", 2, 232);
}

#[test]
fn jsonl_messages_group_by_id_even_when_interleaved() {
    let dir = temp_dir("interleaved");
    let file = dir.join("log.jsonl");
    std::fs::write(
        &file,
        concat!(
            "{\"chat_id\": \"a\", \"role\": \"customer\", \"text\": \"Is my order late?\"}\n",
            "{\"chat_id\": \"b\", \"role\": \"agent\", \"text\": \"Hello! Account number?\"}\n",
            "{\"chat_id\": \"a\", \"role\": \"agent\", \"text\": \"Please be advised it ships today.\"}\n",
        ),
    )
    .unwrap();
    let outcome = check_with(file.to_str().unwrap(), None, ReadOptions::default());
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    // Conversation "a" is whole: its first agent message (line 3) lacks a greeting.
    assert_has(&outcome, "missing-greeting", 3, 44);
    assert_has(&outcome, "bureaucratese", 3, 44);
    // Conversation "b" greets before it asks: nothing to report.
    assert!(
        outcome.findings.iter().all(|f| f.line == 3),
        "{:?}",
        found(&outcome)
    );
}

#[test]
fn csv_records_point_at_the_text_column() {
    let outcome = check("fixtures/csv/tickets.csv");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    // The quoted, multi-line field with doubled quotes of line 5.
    assert_has(&outcome, "talking-down", 5, 47);
    assert_eq!(
        outcome
            .findings
            .iter()
            .filter(|f| f.conversation.as_deref() == Some("5502"))
            .count(),
        0
    );
}

#[test]
fn csv_column_flags_map_yes_no_roles() {
    let dir = temp_dir("csv-flags");
    let file = dir.join("export.csv");
    std::fs::write(
        &file,
        "msg,staff,thread\nI need help,0,1\nObviously it is in the manual.,1,1\n",
    )
    .unwrap();
    let mut read = ReadOptions::default();
    read.csv.set(FieldKind::Text, "msg").unwrap();
    read.csv.set(FieldKind::Role, "staff=agent").unwrap();
    read.csv.set(FieldKind::Conversation, "thread").unwrap();
    let outcome = check_with(file.to_str().unwrap(), None, read);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_has(&outcome, "talking-down", 3, 1);
    assert_eq!(outcome.findings[0].conversation.as_deref(), Some("1"));
}

#[test]
fn library_sections_decide_where_opening_rules_apply() {
    let opener = check("fixtures/library/markdown/openers/verify-first.md");
    assert_has(&opener, "missing-greeting", 1, 1);
    assert_has(&opener, "robotic-opener", 1, 22);
    let body = check("fixtures/library/markdown/bodies/refund-policy.md");
    assert_lacks(&body, "missing-greeting");
    assert_has(&body, "rulebook", 4, 51);
    assert_has(&body, "jargon", 6, 13);
    // The link's URL (…/returns/RMA-1234) is markup, not text.
    assert_eq!(found(&body).len(), 2, "{:?}", found(&body));
    let heading = check("fixtures/library/markdown/opener-callback.md");
    assert_has(&heading, "missing-greeting", 5, 4);
    assert_has(&heading, "robotic-opener", 7, 1);
}

#[test]
fn library_placeholders_are_opaque() {
    let outcome = check("fixtures/library/markdown/bodies/placeholders.md");
    assert!(found(&outcome).is_empty(), "{:?}", found(&outcome));
    // The same text as a draft is not a template: the placeholders fire.
    let draft = check_with(
        "fixtures/library/markdown/bodies/placeholders.md",
        Some(Format::Chat),
        ReadOptions::default(),
    );
    assert_has(&draft, "unfilled-placeholder", 1, 4);
}

#[test]
fn yaml_macro_list_maps_every_response() {
    let outcome = check("fixtures/library/macros.yaml");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_has(&outcome, "missing-greeting", 10, 12);
    assert_has(&outcome, "robotic-opener", 10, 32);
    assert_has(&outcome, "bureaucratese", 15, 33);
    assert_has(&outcome, "jargon", 26, 34);
    // `couth-ignore: rulebook` on the macro and `# couth-ignore-next-line:
    // jargon` above line 25 suppress those findings.
    let suppressed: Vec<_> = found(&outcome)
        .into_iter()
        .filter(|(rule, line, _)| {
            (rule == "rulebook" && *line == 20) || (rule == "jargon" && *line == 25)
        })
        .collect();
    assert!(suppressed.is_empty(), "{suppressed:?}");
    assert_has(&outcome, "talking-down", 28, 31);
    let names: Vec<&str> = outcome
        .findings
        .iter()
        .filter_map(|f| f.conversation.as_deref())
        .collect();
    assert!(names.contains(&"Account check") && names.contains(&"Escalation"));
    // The greeting macro is an opener with a greeting; the closing macro
    // is not an opener, so opening rules stay silent on both.
    assert!(
        outcome
            .findings
            .iter()
            .filter(|f| &*f.rule == "missing-greeting")
            .all(|f| f.conversation.as_deref() == Some("Account check"))
    );
}

#[test]
fn library_suppressions_are_parsed() {
    use couth::input;
    use std::sync::Arc;
    let read = |file: &str, format| {
        let bytes = std::fs::read(root().join(file)).unwrap();
        input::read(&Arc::from(file), &bytes, format, &ReadOptions::default())
    };
    let yaml = read("fixtures/library/macros.yaml", Format::Yaml);
    let by_name = |name: &str| {
        yaml.transcripts
            .iter()
            .find(|t| t.name.as_deref() == Some(name))
            .unwrap()
    };
    let policy = &by_name("Policy refusal").suppressions[0];
    assert_eq!(
        (policy.rules.as_slice(), policy.line),
        (&["rulebook".to_string()][..], None)
    );
    let escalation = &by_name("Escalation").suppressions[0];
    assert_eq!((escalation.line, escalation.at_line), (Some(25), 23));
    let md = read(
        "fixtures/library/markdown/bodies/escalation.md",
        Format::Library,
    );
    assert_eq!(
        md.transcripts[0].suppressions[0].rules,
        ["transfer-brush-off"]
    );
    let txt = read("fixtures/library/markdown/bodies/delay.txt", Format::Chat);
    let t = &txt.transcripts[0];
    assert_eq!(t.section, Some(couth::Section::Body));
    assert_eq!(t.suppressions[0].line, Some(6));
}

#[test]
fn json_macro_list_is_told_from_an_export() {
    let outcome = check("fixtures/library/saved-replies.json");
    assert_has(&outcome, "talking-down", 5, 45);
    assert!(
        outcome
            .findings
            .iter()
            .all(|f| f.conversation.as_deref() == Some("Not a bug"))
    );
}

#[test]
fn stdin_reads_every_format() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "jsonl",
            "chat.jsonl",
            "fixtures/jsonl/with-bad-line.jsonl",
            "chat.jsonl:1:60: warning[rulebook]",
        ),
        (
            "json",
            "t.json",
            "fixtures/json/escapes.json",
            "t.json:3:119: warning[jargon]",
        ),
        (
            "csv",
            "t.csv",
            "fixtures/csv/tickets.csv",
            "t.csv:5:47: warning[talking-down]",
        ),
        (
            "yaml",
            "m.yaml",
            "fixtures/library/macros.yaml",
            "m.yaml:10:32: warning[robotic-opener]",
        ),
        (
            "library",
            "openers/x.md",
            "fixtures/library/markdown/openers/verify-first.md",
            "openers/x.md:1:1: warning[missing-greeting]",
        ),
    ];
    for (format, name, file, expected) in cases {
        let input = std::fs::read(root().join(file)).unwrap();
        let (stdout, stderr) = run_stdin(&["--stdin-format", format, "--stdin-name", name], &input);
        assert!(
            stdout.lines().any(|l| l.starts_with(expected)),
            "--stdin-format {format}: no `{expected}` in\n{stdout}\n{stderr}"
        );
    }
    let input = std::fs::read(root().join("fixtures/jsonl/with-bad-line.jsonl")).unwrap();
    let (_, stderr) = run_stdin(
        &["--stdin-format", "jsonl", "--stdin-name", "c.jsonl"],
        &input,
    );
    assert!(stderr.contains("c.jsonl:2:"), "{stderr}");
}

#[test]
fn bad_field_flags_are_usage_errors() {
    let output = Command::new(env!("CARGO_BIN_EXE_couth"))
        .args([
            "check",
            "--json-role-field",
            "inbound=maybe",
            "fixtures/json/escapes.json",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--json-role-field"), "{stderr}");
}

fn run_stdin(args: &[&str], input: &[u8]) -> (String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_couth"))
        .args(["check", "--stdin", "--format", "concise", "--rules", PACKS])
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("couth-inputs-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
