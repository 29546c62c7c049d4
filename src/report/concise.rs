//! `path:line:col: severity[rule] message`, one finding per line.

use std::io::{self, Write};

use crate::batch::Outcome;
use crate::finding::Finding;

pub fn line(f: &Finding) -> String {
    let mut text = format!(
        "{}:{}:{}: {}[{}] {}",
        f.path, f.line, f.column, f.severity, f.rule, f.message
    );
    if let Some(suggestion) = &f.suggestion {
        text.push_str(" (try: ");
        text.push_str(suggestion);
        text.push(')');
    }
    text
}

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    for f in &outcome.findings {
        writeln!(out, "{}", line(f))?;
    }
    Ok(())
}
