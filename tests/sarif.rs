//! `--format sarif` checked against the official SARIF 2.1.0 schema (OASIS),
//! which CI keeps in `shared/` beside the checkout, and against the findings
//! the `json` format reports for the same run.

mod common;

use std::path::Path;

use common::{MACROS, check, column_of, fixture, stdout};
use serde_json::Value;

const SCHEMA: &str = "../shared/schemas/sarif-schema-2.1.0.json";

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the SARIF 2.1.0 schema is missing at {} ({e}): the SARIF tests need \
             shared/schemas/ beside the checkout, as CI has it",
            path.display()
        )
    });
    let schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn assert_valid(log: &Value) {
    let validator = validator();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the SARIF log breaks the schema:\n{}\n{log:#}",
        errors.join("\n")
    );
}

fn sarif(dir: &Path, paths: &[&str]) -> (Value, Option<i32>) {
    let mut args = vec!["--format", "sarif"];
    args.extend(paths);
    let output = check(dir, &args);
    let log = serde_json::from_str(&stdout(&output)).expect("SARIF output is JSON");
    (log, output.status.code())
}

#[test]
fn findings_and_input_errors_validate_against_the_schema() {
    let dir = fixture("sarif-valid");
    let (log, code) = sarif(&dir, &["macros", "missing.txt"]);
    assert_valid(&log);
    assert_eq!(code, Some(2), "an input error exits with 2");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);

    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "couth");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let refusal = rules.iter().find(|r| r["id"] == "test-refusal").unwrap();
    assert_eq!(refusal["name"], "TestRefusal");
    assert_eq!(
        refusal["shortDescription"]["text"],
        "Refusal: 100% certain, no help"
    );
    assert_eq!(
        refusal["fullDescription"]["text"],
        "A refusal <without> a next step & no \"alternative\"."
    );
    assert!(
        refusal["help"]["text"]
            .as_str()
            .unwrap()
            .ends_with("Source: tests/common")
    );
    assert!(
        refusal["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("**Source:**")
    );
    assert_eq!(refusal["defaultConfiguration"]["level"], "error");
    assert_eq!(refusal["properties"]["category"], "test");

    // A rule without rationale or source has no empty descriptions.
    let note = rules.iter().find(|r| r["id"] == "test-note").unwrap();
    assert_eq!(note["defaultConfiguration"]["level"], "note");
    assert!(note.get("fullDescription").is_none() && note.get("help").is_none());

    let results = run["results"].as_array().unwrap();
    let levels: Vec<&str> = results
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["error", "warning", "note", "warning"]);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex points at its rule"
        );
    }

    let refused = &results[0];
    assert_eq!(
        refused["message"]["text"],
        "Refusal: 100% certain, no help: «nothing I can do» (try: Say what you *can* do: 50% off, or a new one)"
    );
    assert_eq!(
        refused["properties"]["suggestion"],
        "Say what you *can* do: 50% off, or a new one"
    );
    let location = &refused["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "macros/refund%2C%20final.txt"
    );
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");

    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "missing.txt"
    );
}

#[test]
fn regions_are_the_findings_spans_in_code_points() {
    let dir = fixture("sarif-regions");
    let (log, _) = sarif(&dir, &["macros"]);
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
    let json: Value = serde_json::from_str(&stdout(&check(&dir, &["--format", "json", "macros"])))
        .expect("JSON output");
    let findings = json["findings"].as_array().unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    for (result, finding) in results.iter().zip(findings) {
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(result["ruleId"], finding["rule"]);
        assert_eq!(region["startLine"], finding["line"]);
        assert_eq!(region["startColumn"], finding["column"]);
        assert_eq!(region["endLine"], finding["end_line"]);
        assert_eq!(region["endColumn"], finding["end_column"]);
    }
    // `📦 Your RMA`: the emoji is one code point (two UTF-16 units), and
    // SARIF's endColumn is the column after the region, as ours is.
    let returns = MACROS[1].1;
    let jargon = &results[1]["locations"][0]["physicalLocation"]["region"];
    let start = column_of(returns, 2, "RMA");
    assert_eq!(jargon["startColumn"], start);
    assert_eq!(jargon["endColumn"], start + 3);
}

#[test]
fn a_clean_run_is_a_valid_successful_log() {
    let dir = fixture("sarif-clean");
    let (log, code) = sarif(&dir, &["macros/welcome.txt"]);
    assert_valid(&log);
    assert_eq!(code, Some(0));
    let run = &log["runs"][0];
    assert_eq!(run["results"], Value::Array(Vec::new()));
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn the_schema_check_catches_a_broken_log() {
    let dir = fixture("sarif-broken");
    let (mut log, _) = sarif(&dir, &["macros"]);
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(
        !validator().is_valid(&log),
        "a level outside the enum must fail"
    );
}
