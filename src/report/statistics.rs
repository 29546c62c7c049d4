//! `--statistics`: how often each rule fired instead of the findings, like
//! `ruff --statistics`. Sorted by count (most first), then rule id.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::batch::Outcome;
use crate::rules::{RuleDef, Severity};

/// One rule's tally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleCount {
    pub rule: String,
    pub count: usize,
    pub severity: Severity,
    pub category: String,
    /// The catalog's message for the rule.
    pub message: String,
}

pub fn counts(outcome: &Outcome, rules: &[RuleDef]) -> Vec<RuleCount> {
    let mut by_rule: HashMap<&str, RuleCount> = HashMap::new();
    for f in &outcome.findings {
        by_rule
            .entry(&f.rule)
            .or_insert_with(|| {
                let def = rules.iter().find(|r| r.id() == &*f.rule);
                RuleCount {
                    rule: f.rule.to_string(),
                    count: 0,
                    severity: f.severity,
                    category: f.category.to_string(),
                    message: def.map_or_else(|| f.message.clone(), |d| d.message.clone()),
                }
            })
            .count += 1;
    }
    let mut counts: Vec<RuleCount> = by_rule.into_values().collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    counts
}

/// Aligned columns: count, rule, severity, message (tab-separated, as ruff
/// prints them), one line per rule.
pub fn write_table(counts: &[RuleCount], out: &mut dyn Write) -> io::Result<()> {
    let count_width = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(0);
    let rule_width = counts.iter().map(|c| c.rule.len()).max().unwrap_or(0);
    for c in counts {
        writeln!(
            out,
            "{:>count_width$}\t{:<rule_width$}\t{:<7}\t{}",
            c.count,
            c.rule,
            c.severity.as_str(),
            c.message.lines().collect::<Vec<_>>().join(" ")
        )?;
    }
    Ok(())
}

pub fn object(c: &RuleCount) -> Value {
    json!({
        "rule": c.rule,
        "count": c.count,
        "severity": c.severity.as_str(),
        "category": c.category,
        "message": c.message,
    })
}

/// A JSON array of `{"rule", "count", "severity", "category", "message"}`.
pub fn write_json(counts: &[RuleCount], out: &mut dyn Write) -> io::Result<()> {
    let array: Vec<Value> = counts.iter().map(object).collect();
    serde_json::to_writer_pretty(&mut *out, &array)?;
    writeln!(out)
}

/// One such object per line.
pub fn write_jsonl(counts: &[RuleCount], out: &mut dyn Write) -> io::Result<()> {
    for c in counts {
        serde_json::to_writer(&mut *out, &object(c))?;
        writeln!(out)?;
    }
    Ok(())
}
