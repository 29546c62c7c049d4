//! Applying inline suppressions, and reporting the ones that suppressed
//! nothing (as ruff reports an unused `noqa`).

use std::collections::HashMap;

use crate::finding::{Finding, Snippet};
use crate::rules::Severity;
use crate::transcript::{Role, Transcript};

/// The id of the built-in rule that reports unused suppressions.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

/// Drops the findings a suppression of `transcript` covers; adds an
/// `unused-suppression` warning for each suppression that covered none.
pub fn apply(transcript: &Transcript, findings: &mut Vec<Finding>, report_unused: bool) {
    if transcript.suppressions.is_empty() {
        return;
    }
    let mut used = vec![false; transcript.suppressions.len()];
    // Indexed by line: a file with many suppressions and many findings must
    // not compare every finding with every suppression.
    let mut whole_file = Vec::new();
    let mut by_line: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, s) in transcript.suppressions.iter().enumerate() {
        match s.line {
            Some(line) => by_line.entry(line).or_default().push(i),
            None => whole_file.push(i),
        }
    }
    findings.retain(|f| {
        let mut keep = true;
        let on_line = by_line.get(&f.line).map_or(&[][..], Vec::as_slice);
        for &i in whole_file.iter().chain(on_line) {
            let s = &transcript.suppressions[i];
            let names =
                s.rules.is_empty() || s.rules.iter().any(|r| *r == *f.rule || *r == *f.category);
            if names {
                used[i] = true;
                keep = false;
            }
        }
        keep
    });
    if !report_unused {
        return;
    }
    for (s, used) in transcript.suppressions.iter().zip(used) {
        if used {
            continue;
        }
        let what = if s.rules.is_empty() {
            "every rule".to_string()
        } else {
            s.rules.join(", ")
        };
        let scope = if s.line.is_some() {
            "on the next line"
        } else {
            "here"
        };
        findings.push(Finding {
            path: transcript.path.clone(),
            line: s.at_line,
            column: s.at_column,
            end_line: s.at_line,
            end_column: s.at_column,
            rule: UNUSED_SUPPRESSION.into(),
            category: "suppression".into(),
            severity: Severity::Warning,
            message: format!("Unused suppression: {what} found nothing to suppress {scope}"),
            suggestion: Some("remove the couth-ignore comment".into()),
            language: "".into(),
            role: Role::Unknown,
            speaker: None,
            conversation: transcript.name.clone(),
            matched: String::new(),
            snippet: Snippet {
                text: String::new(),
                line: s.at_line,
                column: s.at_column,
                start: 0,
                end: 0,
            },
        });
    }
}
