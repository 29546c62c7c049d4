//! The JSON contract other tools read:
//! `{"version": 1, "files_checked": N, "findings": [...], "errors": [...]}`.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::batch::Outcome;
use crate::error::InputError;
use crate::finding::Finding;

/// One finding as a JSON object (also used by `jsonl`).
pub fn finding(f: &Finding) -> Value {
    json!({
        "path": &*f.path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "rule": &*f.rule,
        "category": &*f.category,
        "severity": f.severity.as_str(),
        "message": f.message,
        "suggestion": f.suggestion,
        "language": &*f.language,
        "role": f.role.as_str(),
        "speaker": f.speaker,
    })
}

pub fn error(e: &InputError) -> Value {
    json!({ "path": e.path, "line": e.line, "message": e.message })
}

pub fn document(outcome: &Outcome) -> Value {
    json!({
        "version": 1,
        "files_checked": outcome.files_checked,
        "findings": outcome.findings.iter().map(finding).collect::<Vec<_>>(),
        "errors": outcome.errors.iter().map(error).collect::<Vec<_>>(),
    })
}

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(outcome))?;
    writeln!(out)
}
