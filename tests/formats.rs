//! The CI-facing formats of `couth check` end to end: GitHub workflow
//! commands, JUnit XML (read back with a real XML parser), JSON lines and
//! `--statistics`.

mod common;

use common::{check, fixture, stderr, stdout};
use serde_json::Value;

#[test]
fn github_commands_have_the_runner_shape_and_escaping() {
    let dir = fixture("github");
    let output = check(&dir, &["--format", "github", "macros", "missing.txt"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            // `,` in a property is %2C; `%` in the message is %25, `:` and `,` stay.
            "::error file=macros/refund%2C final.txt,line=1,col=28,endLine=1,endColumn=44,\
             title=test-refusal::Refusal: 100%25 certain, no help: «nothing I can do» \
             (try: Say what you *can* do: 50%25 off, or a new one)",
            "::warning file=macros/returns.txt,line=2,col=23,endLine=2,endColumn=26,\
             title=test-jargon::Jargon <RMA> & \"friends\": «RMA»",
            // A line break in the message is %0A; info is a notice.
            "::notice file=macros/returns.txt,line=2,col=37,endLine=2,endColumn=51,\
             title=test-note::Two lines:%0Asecond, here: «per our policy»",
            "::warning file=macros/returns.txt,line=3,col=12,endLine=3,endColumn=15,\
             title=test-jargon::Jargon <RMA> & \"friends\": «RMA»",
            "::error file=missing.txt,title=couth::no such file or directory",
        ]
    );
}

#[test]
fn junit_has_a_test_case_per_file_and_a_failure_per_finding() {
    let dir = fixture("junit");
    let output = check(&dir, &["--format", "junit", "macros", "missing.txt"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(suites.len(), 1);
    let suite = suites[0];
    assert_eq!(suite.attribute("name"), Some("couth"));
    for node in [root, suite] {
        assert_eq!(node.attribute("tests"), Some("4"));
        assert_eq!(node.attribute("failures"), Some("2"));
        assert_eq!(node.attribute("errors"), Some("1"));
    }

    let cases: Vec<_> = suite.children().filter(|n| n.is_element()).collect();
    let names: Vec<&str> = cases.iter().map(|c| c.attribute("name").unwrap()).collect();
    assert_eq!(
        names,
        [
            "macros/refund, final.txt",
            "macros/returns.txt",
            "macros/welcome.txt",
            "missing.txt"
        ]
    );
    assert!(
        cases
            .iter()
            .all(|c| c.attribute("classname") == Some("couth"))
    );
    let children = |i: usize, tag: &str| -> Vec<roxmltree::Node> {
        cases[i]
            .children()
            .filter(|n| n.has_tag_name(tag))
            .collect()
    };
    assert_eq!(children(0, "failure").len(), 1);
    assert_eq!(children(1, "failure").len(), 3);
    assert_eq!(cases[2].children().filter(|n| n.is_element()).count(), 0);
    assert_eq!(children(3, "error").len(), 1);

    let refusal = children(0, "failure")[0];
    assert_eq!(refusal.attribute("type"), Some("test-refusal"));
    assert_eq!(
        refusal.text(),
        Some(
            "macros/refund, final.txt:1:28: error[test-refusal] Refusal: 100% certain, no help: \
             «nothing I can do»\nsuggestion: Say what you *can* do: 50% off, or a new one"
        )
    );
    // Markup characters and line breaks survive the trip through attributes.
    let failures = children(1, "failure");
    assert_eq!(
        failures[0].attribute("message"),
        Some("Jargon <RMA> & \"friends\": «RMA»")
    );
    assert_eq!(
        failures[1].attribute("message"),
        Some("Two lines:\nsecond, here: «per our policy»")
    );
    assert!(
        failures[2]
            .text()
            .unwrap()
            .starts_with("macros/returns.txt:3:12: warning[test-jargon] Jargon <RMA>")
    );
    let error = children(3, "error")[0];
    assert_eq!(
        error.attribute("message"),
        Some("no such file or directory")
    );
}

#[test]
fn a_clean_junit_report_passes_every_file() {
    let dir = fixture("junit-clean");
    let output = check(&dir, &["--format", "junit", "macros/welcome.txt"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("1"));
    assert_eq!(suite.attribute("failures"), Some("0"));
    assert_eq!(suite.attribute("errors"), Some("0"));
}

#[test]
fn jsonl_lines_are_the_json_findings_then_the_errors() {
    let dir = fixture("jsonl");
    let json: Value = serde_json::from_str(&stdout(&check(
        &dir,
        &["--format", "json", "macros", "missing.txt"],
    )))
    .unwrap();
    let output = check(&dir, &["--format", "jsonl", "macros", "missing.txt"]);
    assert_eq!(output.status.code(), Some(2));
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(lines.len(), findings.len() + 1);
    assert_eq!(&lines[..findings.len()], &findings[..]);
    assert!(findings.iter().all(|f| f.get("type").is_none()));
    assert_eq!(
        lines[findings.len()],
        serde_json::json!({
            "type": "error",
            "path": "missing.txt",
            "line": null,
            "message": "no such file or directory",
        })
    );
}

#[test]
fn statistics_count_findings_per_rule() {
    let dir = fixture("statistics");
    let output = check(&dir, &["--statistics", "macros"]);
    assert_eq!(output.status.code(), Some(1), "the exit code is the run's");
    assert_eq!(
        stdout(&output),
        "2\ttest-jargon \twarning\tJargon <RMA> & \"friends\"\n\
         1\ttest-note   \tinfo   \tTwo lines: second, here\n\
         1\ttest-refusal\terror  \tRefusal: 100% certain, no help\n"
    );

    let output = check(&dir, &["--statistics", "--format", "json", "macros"]);
    let array: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        array[0],
        serde_json::json!({
            "rule": "test-jargon",
            "count": 2,
            "severity": "warning",
            "category": "test",
            "message": "Jargon <RMA> & \"friends\"",
        })
    );
    let rules: Vec<&str> = array
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["test-jargon", "test-note", "test-refusal"]);

    let output = check(&dir, &["--statistics", "--format", "jsonl", "macros"]);
    assert_eq!(stdout(&output).lines().count(), 3);
}

#[test]
fn statistics_of_a_clean_run_are_empty() {
    let dir = fixture("statistics-clean");
    let output = check(
        &dir,
        &["--statistics", "--format", "json", "macros/welcome.txt"],
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output).trim(), "[]");
}

#[test]
fn statistics_refuse_formats_that_cannot_hold_them() {
    let dir = fixture("statistics-sarif");
    let output = check(&dir, &["--statistics", "--format", "sarif", "macros"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    assert!(
        stderr(&output).contains("--statistics"),
        "{}",
        stderr(&output)
    );
}
