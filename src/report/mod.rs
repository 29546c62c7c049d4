//! Reporters: one module per output format.

pub mod concise;
pub mod human;
pub mod json;
pub mod scorecard;

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use crate::batch::Outcome;

/// An output format of `couth check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Concise,
    Json,
}

impl OutputFormat {
    pub const ALL: &'static [OutputFormat] = &[
        OutputFormat::Human,
        OutputFormat::Concise,
        OutputFormat::Json,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Human => "human",
            OutputFormat::Concise => "concise",
            OutputFormat::Json => "json",
        }
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for OutputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OutputFormat::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown output format `{s}`"))
    }
}

/// How reporters may decorate their output.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
}

/// Writes a batch's findings in `format` to `out`. Input errors go to the
/// JSON document's `errors` for `json`; the CLI prints them on stderr too.
pub fn write(
    format: OutputFormat,
    outcome: &Outcome,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::write(outcome, style, out),
        OutputFormat::Concise => concise::write(outcome, out),
        OutputFormat::Json => json::write(outcome, out),
    }
}
