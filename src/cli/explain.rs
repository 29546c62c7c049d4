//! `couth explain RULE`: why a rule matters, with examples in every language.

use clap::Args;

use super::{EXIT_ERROR, EXIT_OK, PackArgs, load_rules};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id (see `couth rules`).
    pub rule: String,

    #[command(flatten)]
    pub packs: PackArgs,
}

pub fn run(args: ExplainArgs) -> u8 {
    let Some(set) = load_rules(&args.packs) else {
        return EXIT_ERROR;
    };
    let Some(rule) = set.rule(&args.rule) else {
        let ids: Vec<String> = set.rules.iter().map(|r| r.id().to_string()).collect();
        let hint = crate::rules::pack::closest(&args.rule, &ids)
            .map(|h| format!(" (did you mean `{h}`?)"))
            .unwrap_or_default();
        eprintln!(
            "error: unknown rule `{}`{hint}; `couth rules` lists them",
            args.rule
        );
        return EXIT_ERROR;
    };
    println!(
        "{}  [{} · {} · check: {}]",
        rule.id(),
        rule.category,
        rule.severity,
        rule.check.as_str()
    );
    println!();
    println!("{}", rule.message);
    println!();
    println!("Why: {}", rule.rationale);
    println!("Source: {}", rule.source);
    if !rule.library.is_empty() {
        println!(
            "In canned-response libraries: applies to {} responses only.",
            rule.library.join(", ")
        );
    }
    for pack in &set.packs {
        println!();
        let Some(entry) = pack.rules().get(rule.id()) else {
            println!(
                "{} ({}): no entry; the rule does not run in this language.",
                pack.name, pack.language
            );
            continue;
        };
        if let Some(reason) = &entry.not_applicable {
            println!(
                "{} ({}): not applicable: {reason}",
                pack.name, pack.language
            );
            continue;
        }
        println!(
            "{} ({}): {} phrases and patterns, {} fire and {} pass examples",
            pack.name,
            pack.language,
            entry.phrase_count(),
            entry.fire.len(),
            entry.pass.len()
        );
        for example in entry.fire.iter().take(2) {
            println!("  ✗ {}", example.text.replace('\n', "\n    "));
        }
        for example in entry.pass.iter().take(2) {
            println!("  ✓ {}", example.text.replace('\n', "\n    "));
        }
        if let Some(suggestion) = &entry.suggestion {
            println!("  help: {suggestion}");
        }
    }
    EXIT_OK
}
