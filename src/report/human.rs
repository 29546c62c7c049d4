//! The human format: each finding rendered by miette with the file, line and
//! column, the source line with the span underlined, the rule id, the
//! message, and the suggestion as help; then a summary.

use std::fmt;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::lines::Tally;
use crate::finding::Finding;
use crate::rules::Severity;

/// `3 findings (1 error, 2 warnings) in 2 files` and the like.
pub fn summary(tally: &Tally) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let files = plural(tally.files, "file");
    let mut text = if tally.findings() == 0 {
        format!("No findings in {files}.")
    } else {
        let mut parts = Vec::new();
        if tally.error_findings > 0 {
            parts.push(plural(tally.error_findings, "error"));
        }
        if tally.warnings > 0 {
            parts.push(plural(tally.warnings, "warning"));
        }
        if tally.info > 0 {
            parts.push(format!("{} info", tally.info));
        }
        format!(
            "{} ({}) in {files}.",
            plural(tally.findings(), "finding"),
            parts.join(", ")
        )
    };
    if tally.errors > 0 {
        text.push_str(&format!(
            " {} could not be read (see above).",
            plural(tally.errors, "input")
        ));
    }
    text
}

/// A finding as miette renders it.
pub(super) struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: LineSource<'a>,
}

impl<'a> FindingDiagnostic<'a> {
    pub(super) fn new(finding: &'a Finding) -> Self {
        FindingDiagnostic {
            finding,
            source: LineSource { finding },
        }
    }
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.finding, f)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {}",
            self.finding.severity, self.finding.rule, self.finding.message
        )
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help(&self) -> Option<Box<dyn fmt::Display + '_>> {
        self.finding
            .suggestion
            .as_ref()
            .map(|s| Box::new(s) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let s = &self.finding.snippet;
        let label = self
            .finding
            .speaker
            .as_ref()
            .map(|speaker| format!("{} ({speaker})", self.finding.role));
        let label = label.unwrap_or_else(|| self.finding.role.to_string());
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some(label),
            s.start,
            s.end.saturating_sub(s.start),
        ))))
    }
}

/// The one source line a finding sits on, numbered as in the file.
struct LineSource<'a> {
    finding: &'a Finding,
}

impl SourceCode for LineSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let s = &self.finding.snippet;
        let text = s.text.as_bytes();
        // With no context asked for, miette wants the span's own position for
        // the `[path:line:column]` header: give the finding's.
        let (line, column) =
            if context_lines_before == 0 && context_lines_after == 0 && span.offset() == s.start {
                (self.finding.line, self.finding.column)
            } else {
                (s.line, s.column)
            };
        Ok(Box::new(MietteSpanContents::new_named(
            self.finding.path.to_string(),
            text,
            SourceSpan::from((0, text.len())),
            line as usize - 1,
            column as usize - 1,
            1,
        )))
    }
}
