//! `couth rules`: the catalog, with phrase and example counts per language.

use std::collections::BTreeSet;

use clap::{Args, ValueEnum};
use serde_json::json;

use super::{EXIT_ERROR, EXIT_OK, PackArgs, load_rules};
use crate::rules::RuleSet;

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Show only this language's pack.
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,

    /// Print every literal phrase of the packs, one per line, normalised
    /// (for `rg -F -i -f`, the benchmark's reference).
    #[arg(long)]
    pub export_phrases: bool,

    #[command(flatten)]
    pub packs: PackArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

pub fn run(args: RulesArgs) -> u8 {
    let Some(set) = load_rules(&args.packs) else {
        return EXIT_ERROR;
    };
    let languages: Vec<&str> = set
        .packs
        .iter()
        .map(|p| p.language.as_str())
        .filter(|l| args.lang.as_deref().is_none_or(|want| want == *l))
        .collect();
    if languages.is_empty() {
        eprintln!(
            "error: no rule pack for language `{}`",
            args.lang.unwrap_or_default()
        );
        return EXIT_ERROR;
    }
    if args.export_phrases {
        for phrase in export_phrases(&set, &languages) {
            println!("{phrase}");
        }
        return EXIT_OK;
    }
    match args.format {
        RulesFormat::Table => print!("{}", table(&set, &languages)),
        RulesFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&as_json(&set, &languages)).unwrap_or_default()
        ),
    }
    EXIT_OK
}

/// One cell per language: `phrases/fire/pass`, `n/a`, or `-` for no entry.
fn cell(set: &RuleSet, language: &str, rule: &str) -> String {
    let Some(entry) = set.pack(language).and_then(|p| p.rules().get(rule)) else {
        return "-".into();
    };
    if entry.not_applicable.is_some() {
        return "n/a".into();
    }
    format!(
        "{}/{}/{}",
        entry.phrase_count(),
        entry.fire.len(),
        entry.pass.len()
    )
}

fn table(set: &RuleSet, languages: &[&str]) -> String {
    let mut rows: Vec<Vec<String>> = vec![
        ["rule", "category", "severity", "check"]
            .iter()
            .map(|s| s.to_string())
            .chain(languages.iter().map(|l| l.to_string()))
            .collect(),
    ];
    for rule in &set.rules {
        let mut row = vec![
            rule.id().to_string(),
            rule.category.clone(),
            rule.severity.to_string(),
            rule.check.as_str().to_string(),
        ];
        row.extend(languages.iter().map(|l| cell(set, l, rule.id())));
        rows.push(row);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str("\nCells: phrases and patterns / fire examples / pass examples; n/a: the rule has no meaning in that language.\n");
    out
}

fn as_json(set: &RuleSet, languages: &[&str]) -> serde_json::Value {
    let rules: Vec<_> = set
        .rules
        .iter()
        .map(|rule| {
            let packs: serde_json::Map<String, serde_json::Value> = languages
                .iter()
                .map(|l| {
                    let entry = set.pack(l).and_then(|p| p.rules().get(rule.id()));
                    let value = match entry {
                        None => serde_json::Value::Null,
                        Some(e) => json!({
                            "applicable": e.not_applicable.is_none(),
                            "phrases": e.phrase_count(),
                            "fire_examples": e.fire.len(),
                            "pass_examples": e.pass.len(),
                        }),
                    };
                    (l.to_string(), value)
                })
                .collect();
            json!({
                "id": rule.id(),
                "category": rule.category,
                "severity": rule.severity.as_str(),
                "check": rule.check.as_str(),
                "message": rule.message,
                "languages": packs,
            })
        })
        .collect();
    json!({ "rules": rules })
}

/// Literal phrases (stems without `*`, wildcard phrases left out), normalised
/// and deduplicated.
pub fn export_phrases(set: &RuleSet, languages: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for pack in set
        .packs
        .iter()
        .filter(|p| languages.contains(&p.language.as_str()))
    {
        for entry in pack.rules().values().filter(|e| e.not_applicable.is_none()) {
            let phrases = entry
                .phrases
                .iter()
                .chain(entry.suggestions.iter().map(|(i, _)| i));
            for item in phrases {
                let normalized = crate::lang::normalize(&item.text).text.trim().to_string();
                let literal = normalized.trim_end_matches('*');
                if !literal.contains('*') && !literal.is_empty() {
                    out.insert(literal.to_string());
                }
            }
        }
    }
    out
}
