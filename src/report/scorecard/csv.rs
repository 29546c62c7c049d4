//! The CSV scorecard (`couth report --format csv`): a header, then one row
//! per group (no total row), with these columns:
//!
//! `group, conversations, scored, not_scored, findings,
//! findings_per_conversation, score, pass_rate, passed, critical_failures,
//! score_<category>…, worst`
//!
//! one `score_<category>` column per category of the run, in catalog order.
//! Numbers have two decimals at most; an empty cell means there was nothing
//! to average. `worst` lists the worst examples as `path:line rule`, joined
//! by `; `. Cells are quoted per RFC 4180 when they hold a comma, a quote or
//! a line break; a text cell that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`) gets a leading `'`.

use std::io::{self, Write};

use super::round2;
use crate::scorecard::{Group, Scorecard};

pub fn write(card: &Scorecard<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut header: Vec<String> = [
        "group",
        "conversations",
        "scored",
        "not_scored",
        "findings",
        "findings_per_conversation",
        "score",
        "pass_rate",
        "passed",
        "critical_failures",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(card.categories.names().map(|c| format!("score_{c}")));
    header.push("worst".into());
    write_row(out, &header)?;
    for group in &card.groups {
        write_row(out, &row(group))?;
    }
    Ok(())
}

fn row(g: &Group<'_>) -> Vec<String> {
    let number = |v: Option<f64>| v.map_or(String::new(), |v| round2(v).to_string());
    let mut cells = vec![
        text(&g.key),
        g.conversations().to_string(),
        g.scored.to_string(),
        g.not_scored.to_string(),
        g.findings.to_string(),
        number(g.findings_per_conversation()),
        number(g.score),
        number(g.pass_rate()),
        g.passed.to_string(),
        g.critical_failures.to_string(),
    ];
    cells.extend(g.categories.iter().map(|v| number(*v)));
    let worst: Vec<String> = g
        .worst
        .iter()
        .map(|e| format!("{}:{} {}", e.finding.path, e.finding.line, e.finding.rule))
        .collect();
    cells.push(text(&worst.join("; ")));
    cells
}

/// A text cell a spreadsheet will not run as a formula.
fn text(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

fn write_row(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    let line: Vec<String> = cells.iter().map(|c| quote(c)).collect();
    writeln!(out, "{}", line.join(","))
}

/// RFC 4180 quoting: a cell with a comma, quote or line break is put in
/// double quotes, with its quotes doubled.
pub fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_only_when_needed() {
        assert_eq!(quote("Maria"), "Maria");
        assert_eq!(quote("Smith, Anna"), "\"Smith, Anna\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(quote(""), "");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("@agent"), "'@agent");
        assert_eq!(text("(unnamed agent)"), "(unnamed agent)");
    }
}
