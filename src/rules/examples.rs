//! Running the examples of the packs: every `fire` example must raise its
//! rule, every `pass` example must not, and every rule needs examples.

use std::sync::Arc;

use rayon::prelude::*;

use super::pack::{Item, RuleSet};
use crate::engine::Engine;
use crate::input::chat;

/// Whether an example must fire its rule or must not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    Fire,
    Pass,
}

/// One example that did not do what it says, or a rule without examples.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub path: String,
    pub line: u32,
    pub language: String,
    pub rule: String,
    pub problem: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: [{}] {}: {}",
            self.path, self.line, self.language, self.rule, self.problem
        )
    }
}

/// Counts and failures of an example run.
#[derive(Debug, Default)]
pub struct Report {
    pub examples: usize,
    pub failures: Vec<Failure>,
}

/// Which examples to run.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Only items read from these source indexes (empty: all).
    pub sources: Vec<usize>,
    /// Also require every catalog rule to have an entry with examples in
    /// every pack in scope.
    pub require_complete: bool,
    /// Fewest examples of each kind an applicable rule must have.
    pub minimum: usize,
}

/// Runs the examples of `engine`'s rule set (checked with default settings).
pub fn run(engine: &Engine, scope: &Scope) -> Report {
    let set = engine.rules();
    let in_scope = |item: &Item| scope.sources.is_empty() || scope.sources.contains(&item.source);
    let mut cases: Vec<(&str, &str, &Item, Expect)> = Vec::new();
    let mut failures = Vec::new();
    for pack in &set.packs {
        for rule in &set.rules {
            let entry = pack.rules().get(rule.id());
            let declared_here = pack.declared_in.is_some_and(|s| scope.sources.contains(&s));
            if scope.require_complete
                && (scope.sources.is_empty() || declared_here)
                && let Some(problem) = completeness(entry, rule.check.uses_phrases(), scope.minimum)
            {
                let (path, line) = match entry.and_then(|e| e.at) {
                    Some((source, offset)) => (
                        set.sources[source].path.clone(),
                        set.sources[source].line_of(offset),
                    ),
                    None => (format!("rules/{}.toml", pack.language), 1),
                };
                failures.push(Failure {
                    path,
                    line,
                    language: pack.language.clone(),
                    rule: rule.id().to_string(),
                    problem,
                });
            }
            let Some(entry) = entry else { continue };
            for item in entry.fire.iter().filter(|i| in_scope(i)) {
                cases.push((&pack.language, rule.id(), item, Expect::Fire));
            }
            for item in entry.pass.iter().filter(|i| in_scope(i)) {
                cases.push((&pack.language, rule.id(), item, Expect::Pass));
            }
        }
    }
    let results: Vec<Option<Failure>> = cases
        .par_iter()
        .map(|(language, rule, item, expect)| run_one(engine, set, language, rule, item, *expect))
        .collect();
    failures.extend(results.into_iter().flatten());
    Report {
        examples: cases.len(),
        failures,
    }
}

fn completeness(
    entry: Option<&super::RuleEntry>,
    uses_phrases: bool,
    minimum: usize,
) -> Option<String> {
    let Some(entry) = entry else {
        return Some("the pack has no entry for this rule".into());
    };
    let minimum = minimum.max(1);
    if entry.not_applicable.is_some() {
        if !entry.fire.is_empty() {
            return Some("a rule marked not_applicable cannot have fire examples".into());
        }
        if entry.pass.len() < minimum {
            return Some(format!(
                "needs at least {minimum} pass examples (has {})",
                entry.pass.len()
            ));
        }
        return None;
    }
    if uses_phrases && entry.phrase_count() == 0 {
        return Some("no phrases or patterns".into());
    }
    if entry.fire.len() < minimum || entry.pass.len() < minimum {
        return Some(format!(
            "needs at least {minimum} fire and {minimum} pass examples (has {} and {})",
            entry.fire.len(),
            entry.pass.len()
        ));
    }
    None
}

fn run_one(
    engine: &Engine,
    set: &RuleSet,
    language: &str,
    rule: &str,
    item: &Item,
    expect: Expect,
) -> Option<Failure> {
    let path: Arc<str> = Arc::from("example");
    let mut transcript = chat::parse(&path, &item.text, engine.labels());
    transcript.language = Some(language.to_string());
    let findings = engine.check(&transcript);
    let fired = findings.iter().any(|f| &*f.rule == rule);
    let problem = match (expect, fired) {
        (Expect::Fire, false) => {
            let others: Vec<&str> = findings.iter().map(|f| &*f.rule).collect();
            format!(
                "fire example did not fire: {:?}{}",
                item.text,
                if others.is_empty() {
                    String::new()
                } else {
                    format!(" (fired: {})", others.join(", "))
                }
            )
        }
        (Expect::Pass, true) => {
            let found = findings.iter().find(|f| &*f.rule == rule).expect("fired");
            format!("pass example fired on «{}»: {:?}", found.matched, item.text)
        }
        _ => return None,
    };
    Some(Failure {
        path: set.sources[item.source].path.clone(),
        line: set.line_of(item),
        language: language.to_string(),
        rule: rule.to_string(),
        problem,
    })
}
