//! What the engine reports.

use std::sync::Arc;

use crate::rules::Severity;
use crate::transcript::Role;

/// The source line a finding sits on, for reporters that show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// The text of the line (as the message has it); of a line longer than
    /// 4 KiB, only a window around the finding.
    pub text: String,
    /// The file line and column where `text` starts.
    pub line: u32,
    pub column: u32,
    /// The finding's byte range within `text`.
    pub start: usize,
    pub end: usize,
}

/// One problem at one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub path: Arc<str>,
    /// 1-based, in the original file; columns count characters.
    pub line: u32,
    pub column: u32,
    /// The position just after the finding's last character.
    pub end_line: u32,
    pub end_column: u32,
    pub rule: Arc<str>,
    pub category: Arc<str>,
    pub severity: Severity,
    pub message: String,
    pub suggestion: Option<String>,
    pub language: Arc<str>,
    pub role: Role,
    pub speaker: Option<String>,
    /// The conversation or canned response within the file, if named.
    pub conversation: Option<String>,
    /// The matched text.
    pub matched: String,
    pub snippet: Snippet,
}

impl Finding {
    /// The order reporters print in: by path, then position, then rule.
    pub fn sort_key(&self) -> (&str, u32, u32, &str) {
        (&self.path, self.line, self.column, &self.rule)
    }
}
