//! Errors a user can act on: each names the file and, where there is one,
//! the line.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

/// A problem with one input file (or the stdin draft). The rest of the batch
/// is still checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub line: Option<u32>,
    pub message: String,
}

impl InputError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError {
            path: path.into(),
            line: None,
            message: message.into(),
        }
    }

    pub fn at_line(path: impl Into<String>, line: u32, message: impl Into<String>) -> InputError {
        InputError {
            path: path.into(),
            line: Some(line),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// The 1-based line of byte `offset` in `text`.
pub fn line_at(text: &str, offset: usize) -> u32 {
    let end = crate::transcript::floor_char_boundary(text, offset.min(text.len()));
    text[..end].bytes().filter(|&b| b == b'\n').count() as u32 + 1
}

/// An error at a place in a file the user wrote (a rule pack, a config
/// file), rendered by miette with the offending line underlined.
#[derive(Clone, Debug)]
pub struct SourceError {
    pub path: String,
    pub source_text: Arc<str>,
    pub span: Range<usize>,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

impl SourceError {
    /// The 1-based line of the span's start.
    pub fn line(&self) -> u32 {
        line_at(&self.source_text, self.span.start)
    }

    pub fn to_input_error(&self) -> InputError {
        InputError::at_line(self.path.clone(), self.line(), self.message.clone())
    }

    /// The error rendered as miette renders it (no colour).
    pub fn render(&self) -> String {
        let mut out = String::new();
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        if handler
            .render_report(&mut out, &SourceDiagnostic::new(self))
            .is_err()
        {
            return self.to_input_error().to_string();
        }
        out
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line(), self.message)
    }
}

impl std::error::Error for SourceError {}

struct SourceDiagnostic<'a> {
    error: &'a SourceError,
    source: NamedSource<String>,
}

impl<'a> SourceDiagnostic<'a> {
    fn new(error: &'a SourceError) -> Self {
        SourceDiagnostic {
            error,
            source: NamedSource::new(error.path.clone(), error.source_text.to_string()),
        }
    }
}

impl fmt::Debug for SourceDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.error, f)
    }
}

impl fmt::Display for SourceDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.error.message)
    }
}

impl std::error::Error for SourceDiagnostic<'_> {}

impl Diagnostic for SourceDiagnostic<'_> {
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let len = self.error.source_text.len();
        let start = self.error.span.start.min(len);
        let end = self.error.span.end.clamp(start, len);
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some(self.error.label.clone()),
            start,
            end - start,
        ))))
    }

    fn help(&self) -> Option<Box<dyn fmt::Display + '_>> {
        self.error
            .help
            .as_ref()
            .map(|h| Box::new(h.clone()) as Box<dyn fmt::Display>)
    }
}
