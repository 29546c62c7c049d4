//! `couth report` end to end over `fixtures/report/`: six English chats by
//! three agents, scored with the fixtures' own pack (`fixtures/report/rules`,
//! which replaces the embedded English pack so these numbers stay put).
//!
//! The conversations' scores with the default scorecard:
//! 01 Maria 100; 02 Maria 85 (brush-off 40, coldness 80, closing 95);
//! 03 Tom 0 (critical: sensitive-data-request); 04 Tom 8950/110 = 81.36;
//! 05 Priya and Tom 90 (no timestamps: timing N/A); 06 Priya not scored
//! (one message).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn couth(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_couth"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["report", "--rules", "fixtures/report/rules"])
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run couth")
}

fn json(args: &[&str]) -> Value {
    let output = couth(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("a JSON document")
}

fn group<'a>(document: &'a Value, key: &str) -> &'a Value {
    document["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == key)
        .unwrap_or_else(|| panic!("no group {key}"))
}

fn worst(group: &Value) -> Vec<String> {
    group["worst"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{} {}",
                e["path"].as_str().unwrap(),
                e["line"],
                e["rule"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn by_agent_in_json() {
    let doc = json(&["fixtures/report", "--by", "agent", "--format", "json"]);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["by"], "agent");
    assert_eq!(doc["files_checked"], 6);
    let keys: Vec<&str> = doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["Maria", "Priya", "Tom"]);

    let maria = group(&doc, "Maria");
    assert_eq!(maria["conversations"], 2);
    assert_eq!(maria["scored"], 2);
    assert_eq!(maria["not_scored"], 0);
    assert_eq!(maria["findings"], 4);
    assert_eq!(maria["findings_per_conversation"], 2.0);
    assert_eq!(maria["score"], 92.5);
    assert_eq!(maria["pass_rate"], 100.0);
    assert_eq!(maria["passed"], 2);
    assert_eq!(maria["critical_failures"], 0);
    assert_eq!(maria["categories"]["brush-off"], 70.0);
    assert_eq!(maria["categories"]["closing"], 97.5);
    assert_eq!(maria["categories"]["timing"], 100.0);
    assert_eq!(
        worst(maria),
        ["fixtures/report/02-maria-broken-kettle.txt:2 not-my-job"]
    );

    let priya = group(&doc, "Priya");
    assert_eq!(priya["conversations"], 2);
    assert_eq!(priya["scored"], 1);
    assert_eq!(priya["not_scored"], 1);
    assert_eq!(priya["findings"], 2);
    assert_eq!(priya["score"], 90.0);
    assert_eq!(priya["pass_rate"], 100.0);
    assert_eq!(priya["categories"]["timing"], Value::Null);
    assert_eq!(priya["categories"]["blame"], 60.0);

    let tom = group(&doc, "Tom");
    assert_eq!(tom["conversations"], 3);
    assert_eq!(tom["scored"], 3);
    assert_eq!(tom["findings"], 13);
    assert_eq!(tom["findings_per_conversation"], 4.33);
    assert_eq!(tom["score"], 57.12);
    assert_eq!(tom["pass_rate"], 66.67);
    assert_eq!(tom["passed"], 2);
    assert_eq!(tom["critical_failures"], 1);
    assert_eq!(tom["categories"]["security"], 73.33);
    assert_eq!(
        worst(tom),
        [
            "fixtures/report/03-tom-double-charge.txt:3 sensitive-data-request",
            "fixtures/report/04-tom-replacement.txt:2 missing-empathy",
            "fixtures/report/05-priya-tom-address.txt:7 blame",
        ]
    );
    assert_eq!(tom["worst"][0]["critical"], true);
    assert_eq!(tom["worst"][0]["score"], 0.0);

    let total = &doc["total"];
    assert_eq!(total["key"], "(all)");
    assert_eq!(total["conversations"], 6);
    assert_eq!(total["scored"], 5);
    assert_eq!(total["not_scored"], 1);
    assert_eq!(total["findings"], 19);
    assert_eq!(total["score"], 71.27);
    assert_eq!(total["pass_rate"], 80.0);
    assert_eq!(total["critical_failures"], 1);

    let conversations = doc["conversations"].as_array().unwrap();
    let scores: Vec<Option<f64>> = conversations.iter().map(|c| c["score"].as_f64()).collect();
    assert_eq!(
        scores,
        [
            Some(100.0),
            Some(85.0),
            Some(0.0),
            Some(81.36),
            Some(90.0),
            None
        ]
    );
    assert_eq!(conversations[2]["critical"][0], "sensitive-data-request");
    assert_eq!(
        conversations[4]["agents"],
        serde_json::json!(["Priya", "Tom"])
    );
    assert_eq!(conversations[5]["not_scored"], "too short");
    assert_eq!(doc["errors"], serde_json::json!([]));
}

#[test]
fn the_table_has_its_headings_and_fits_100_columns() {
    let output = couth(&["fixtures/report"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with(
        "Scorecards by agent: 6 conversations in 6 files, 5 scored, 1 not scored (1 too short); pass mark 80."
    ));
    for heading in [
        "AGENT     CONVS  UNSCORED  FINDINGS  PER CONV  SCORE  PASS  CRITICAL",
        "Mean score per category",
        "open close brush  cold  cond blame   sol  time  read   sec",
        "Worst examples",
        "(all)",
    ] {
        assert!(text.contains(heading), "no {heading:?} in\n{text}");
    }
    assert!(text.contains("Tom           3         0        13      4.33   57.1   67%         1"));
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "too wide: {line}");
    }
}

#[test]
fn csv_has_one_row_per_group_and_stable_columns() {
    let output = couth(&["fixtures/report", "--by", "rule", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "group,conversations,scored,not_scored,findings,findings_per_conversation,score,\
         pass_rate,passed,critical_failures,score_opening,score_closing,score_brush-off,\
         score_coldness,score_condescension,score_blame,score_solution,score_timing,\
         score_readability,score_security,worst"
    );
    // 14 rules fired.
    assert_eq!(lines.len(), 15);
    assert!(lines[1].starts_with("jargon,1,1,0,3,3,81.36,100,1,0,"));
    assert!(lines.contains(&"missing-thanks,1,0,1,1,1,,,0,0,,,,,,,,,,,fixtures/report/06-priya-opener.txt:1 missing-thanks"));
}

#[test]
fn every_grouping_runs() {
    let doc = json(&["fixtures/report", "--by", "category", "--format", "json"]);
    let keys: Vec<&str> = doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "opening",
            "closing",
            "brush-off",
            "coldness",
            "condescension",
            "blame",
            "solution",
            "timing",
            "security"
        ]
    );
    let doc = json(&["fixtures/report", "--by", "language", "--format", "json"]);
    assert_eq!(group(&doc, "en")["conversations"], 6);
    let doc = json(&["fixtures/report", "--by", "file", "--format", "json"]);
    assert_eq!(doc["groups"].as_array().unwrap().len(), 6);
    assert_eq!(
        group(&doc, "fixtures/report/04-tom-replacement.txt")["score"],
        81.36
    );
}

#[test]
fn a_stricter_pass_mark_and_input_errors() {
    let doc = json(&[
        "fixtures/report",
        "--pass-threshold",
        "90",
        "--format",
        "json",
    ]);
    assert_eq!(doc["total"]["passed"], 2);
    let output = couth(&["fixtures/report", "no-such-dir", "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["total"]["conversations"], 6);
    assert_eq!(doc["errors"][0]["path"], "no-such-dir");
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-dir"));
    let output = couth(&["fixtures/report", "--pass-threshold", "101"]);
    assert_eq!(output.status.code(), Some(2));
    let output = couth(&[]);
    assert_eq!(output.status.code(), Some(2));
}

/// Findings written as the batch goes (the line formats) come in the same
/// order as the collected, sorted outcome: across files, and across the
/// chunks of a JSON Lines file checked on several threads.
#[test]
fn streamed_findings_come_in_the_collected_order() {
    use couth::batch::{BatchOptions, check_paths, check_paths_into};
    use couth::report::lines::{LineWriter, write};
    use couth::report::{OutputFormat, Style};

    let dir = tempfile::tempdir().unwrap();
    let conversation = std::fs::read_to_string("fixtures/jsonl/conversations.jsonl").unwrap();
    let mut big = String::new();
    for copy in 0..150 {
        for line in conversation.lines() {
            big.push_str(&line.replacen("\"id\": \"", &format!("\"id\": \"{copy}-"), 1));
            big.push('\n');
        }
    }
    std::fs::write(dir.path().join("b-many.jsonl"), big).unwrap();
    std::fs::copy(
        "fixtures/demo/support-chat.txt",
        dir.path().join("a-chat.txt"),
    )
    .unwrap();
    std::fs::copy(
        "fixtures/demo/thread.mbox",
        dir.path().join("c-thread.mbox"),
    )
    .unwrap();
    let engine = couth::Engine::embedded().unwrap();
    let paths = [dir.path().to_path_buf()];
    let options = BatchOptions::default();
    let outcome = check_paths(&engine, &paths, &options);
    assert!(outcome.findings.len() > 300, "{}", outcome.findings.len());
    for format in [
        OutputFormat::Concise,
        OutputFormat::Jsonl,
        OutputFormat::Human,
    ] {
        let mut collected = Vec::new();
        write(format, &outcome, Style::default(), &mut collected).unwrap();
        let mut streamed = Vec::new();
        let mut writer = LineWriter::new(format, Style::default(), &mut streamed);
        check_paths_into(&engine, &paths, &options, &mut writer);
        let (tally, written) = writer.finish();
        written.unwrap();
        assert_eq!(tally.findings(), outcome.findings.len());
        assert!(collected == streamed, "{format}: streamed output differs");
    }
}
