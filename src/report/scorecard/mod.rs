//! Printing scorecards (`couth report`): a table for people, CSV for
//! spreadsheets, JSON for tools. The numbers come from
//! [`crate::scorecard::Scorecard`].

pub mod csv;
pub mod json;
pub mod table;

use std::io::{self, Write};

use crate::error::InputError;
use crate::scorecard::Scorecard;

/// An output format of `couth report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Table,
    Csv,
    Json,
}

/// What the batch besides the scorecard: how many files were read, and the
/// inputs that could not be.
#[derive(Clone, Copy, Debug)]
pub struct BatchInfo<'a> {
    pub files_checked: usize,
    pub errors: &'a [InputError],
}

pub fn write(
    format: ReportFormat,
    card: &Scorecard<'_>,
    batch: BatchInfo<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        ReportFormat::Table => table::write(card, batch, out),
        ReportFormat::Csv => csv::write(card, out),
        ReportFormat::Json => json::write(card, batch, out),
    }
}

/// A number rounded to two decimals, as CSV and JSON give them.
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}
