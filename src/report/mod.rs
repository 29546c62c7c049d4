//! Reporters: one module per output format.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod lines;
pub mod sarif;
pub mod scorecard;
pub mod statistics;

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use crate::batch::Outcome;
use crate::rules::RuleDef;

/// An output format of `couth check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Concise,
    Json,
    Jsonl,
    Sarif,
    Github,
    Junit,
}

impl OutputFormat {
    pub const ALL: &'static [OutputFormat] = &[
        OutputFormat::Human,
        OutputFormat::Concise,
        OutputFormat::Json,
        OutputFormat::Jsonl,
        OutputFormat::Sarif,
        OutputFormat::Github,
        OutputFormat::Junit,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Human => "human",
            OutputFormat::Concise => "concise",
            OutputFormat::Json => "json",
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Github => "github",
            OutputFormat::Junit => "junit",
        }
    }

    /// Whether the format can be written a finding at a time, as the
    /// batch goes (see [`lines::LineWriter`]).
    pub fn streams(self) -> bool {
        matches!(
            self,
            OutputFormat::Human
                | OutputFormat::Concise
                | OutputFormat::Jsonl
                | OutputFormat::Github
        )
    }

    /// Whether `--statistics` can be written in this format (a table, a
    /// JSON array, or JSON lines).
    pub fn has_statistics(self) -> bool {
        matches!(
            self,
            OutputFormat::Human | OutputFormat::Concise | OutputFormat::Json | OutputFormat::Jsonl
        )
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

/// What reporters may need besides the outcome.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub style: Style,
    /// The rule catalog of the run (SARIF describes every rule; statistics
    /// name them).
    pub rules: &'a [RuleDef],
}

/// Writes a batch's findings in `format` to `out`. Input errors go into the
/// document for `json`, `jsonl`, `sarif`, `github` and `junit`; the CLI
/// prints them on stderr too.
pub fn write(
    format: OutputFormat,
    outcome: &Outcome,
    ctx: &Context,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human
        | OutputFormat::Concise
        | OutputFormat::Jsonl
        | OutputFormat::Github => lines::write(format, outcome, ctx.style, out),
        OutputFormat::Json => json::write(outcome, out),
        OutputFormat::Sarif => sarif::write(outcome, ctx, out),
        OutputFormat::Junit => junit::write(outcome, out),
    }
}

/// Writes the per-rule counts instead of the findings; `format` must be one
/// that [`OutputFormat::has_statistics`].
pub fn write_statistics(
    format: OutputFormat,
    outcome: &Outcome,
    ctx: &Context,
    out: &mut dyn Write,
) -> io::Result<()> {
    let counts = statistics::counts(outcome, ctx.rules);
    match format {
        OutputFormat::Json => statistics::write_json(&counts, out),
        OutputFormat::Jsonl => statistics::write_jsonl(&counts, out),
        _ => statistics::write_table(&counts, out),
    }
}
