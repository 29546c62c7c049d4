//! The line formats (human, concise, jsonl, github), written a finding at
//! a time: [`LineWriter`] is a [`Report`], so `couth check` writes each
//! finding as soon as the batch hands it on and holds none of them. The
//! formats' tails (the human summary, the input errors of jsonl and
//! github) need only counts and the errors.

use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme};

use super::{OutputFormat, Style, concise, github, human, json, jsonl};
use crate::batch::{Outcome, Report};
use crate::error::InputError;
use crate::finding::Finding;
use crate::rules::Severity;

/// What a summary counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub files: usize,
    pub errors: usize,
    pub info: usize,
    pub warnings: usize,
    pub error_findings: usize,
}

impl Tally {
    pub fn of(outcome: &Outcome) -> Tally {
        let mut tally = Tally {
            files: outcome.files_checked,
            errors: outcome.errors.len(),
            ..Tally::default()
        };
        for finding in &outcome.findings {
            tally.count(finding.severity);
        }
        tally
    }

    fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Info => self.info += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Error => self.error_findings += 1,
        }
    }

    pub fn findings(&self) -> usize {
        self.info + self.warnings + self.error_findings
    }

    /// Findings at `severity` or above.
    pub fn at_least(&self, severity: Severity) -> usize {
        match severity {
            Severity::Info => self.findings(),
            Severity::Warning => self.warnings + self.error_findings,
            Severity::Error => self.error_findings,
        }
    }
}

/// Writes findings in a line format as they come; [`LineWriter::finish`]
/// writes the tail. A failed write (a closed pipe) stops the writing, not
/// the counting.
pub struct LineWriter<W: Write> {
    format: OutputFormat,
    out: W,
    human: Option<GraphicalReportHandler>,
    tally: Tally,
    /// Written after the findings (jsonl, github).
    errors: Vec<InputError>,
    failed: Option<io::Error>,
}

impl<W: Write> LineWriter<W> {
    /// `format` must be one that [`OutputFormat::streams`].
    pub fn new(format: OutputFormat, style: Style, out: W) -> LineWriter<W> {
        debug_assert!(format.streams());
        let human = (format == OutputFormat::Human).then(|| {
            let theme = if style.color {
                GraphicalTheme::unicode()
            } else {
                GraphicalTheme::unicode_nocolor()
            };
            GraphicalReportHandler::new_themed(theme).with_width(100)
        });
        LineWriter {
            format,
            out,
            human,
            tally: Tally::default(),
            errors: Vec::new(),
            failed: None,
        }
    }

    fn write_finding(&mut self, f: &Finding) -> io::Result<()> {
        match self.format {
            OutputFormat::Human => {
                let handler = self.human.as_ref().expect("a handler for human");
                let mut text = String::new();
                match handler.render_report(&mut text, &human::FindingDiagnostic::new(f)) {
                    Ok(()) => writeln!(self.out, "{text}"),
                    Err(_) => writeln!(self.out, "{}", concise::line(f)),
                }
            }
            OutputFormat::Concise => writeln!(self.out, "{}", concise::line(f)),
            OutputFormat::Jsonl => jsonl::line(&json::finding(f), &mut self.out),
            OutputFormat::Github => writeln!(self.out, "{}", github::finding(f)),
            _ => Ok(()),
        }
    }

    /// Writes the tail and flushes; the counts are the run's.
    pub fn finish(mut self) -> (Tally, io::Result<()>) {
        if self.failed.is_none() {
            let tail = self.write_tail().and_then(|()| self.out.flush());
            self.failed = tail.err();
        }
        (self.tally, self.failed.map_or(Ok(()), Err))
    }

    fn write_tail(&mut self) -> io::Result<()> {
        match self.format {
            OutputFormat::Human => writeln!(self.out, "{}", human::summary(&self.tally)),
            OutputFormat::Jsonl => {
                for e in &self.errors {
                    jsonl::line(&jsonl::error(e), &mut self.out)?;
                }
                Ok(())
            }
            OutputFormat::Github => {
                for e in &self.errors {
                    writeln!(self.out, "{}", github::error(e))?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

impl<W: Write> LineWriter<W> {
    fn add_finding(&mut self, finding: &Finding) {
        self.tally.count(finding.severity);
        if self.failed.is_none() {
            self.failed = self.write_finding(finding).err();
        }
    }

    fn add_error(&mut self, error: InputError) {
        self.tally.errors += 1;
        if matches!(self.format, OutputFormat::Jsonl | OutputFormat::Github) {
            self.errors.push(error);
        }
    }
}

impl<W: Write + Send> Report for LineWriter<W> {
    fn file(&mut self, _path: &str) {
        self.tally.files += 1;
    }

    fn finding(&mut self, finding: Finding) {
        self.add_finding(&finding);
    }

    fn error(&mut self, error: InputError) {
        self.add_error(error);
    }
}

/// Writes a whole outcome in a line format.
pub fn write(
    format: OutputFormat,
    outcome: &Outcome,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut writer = LineWriter::new(format, style, out);
    writer.tally.files = outcome.files_checked;
    for finding in &outcome.findings {
        writer.add_finding(finding);
    }
    for error in &outcome.errors {
        writer.add_error(error.clone());
    }
    writer.finish().1
}
