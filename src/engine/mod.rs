//! The engine: compiled packs plus settings, applied to transcripts.

mod checks;
pub mod matcher;
pub mod settings;
pub mod stream;
pub mod suppressions;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::error::SourceError;
use crate::finding::Finding;
use crate::lang::Detector;
use crate::rules::{CompiledPack, RuleSet, Severity};
use crate::transcript::{Role, Transcript};
pub use matcher::Hit;
pub use settings::{Settings, Thresholds, format_duration, parse_duration};

/// Speaker labels of every language → role, for the chat reader.
#[derive(Clone, Debug, Default)]
pub struct LabelSet {
    labels: HashMap<String, Role>,
}

impl LabelSet {
    pub fn insert(&mut self, label: &str, role: Role) {
        self.labels.insert(label_key(label), role);
    }

    /// The role of a speaker label, if it is a known one.
    pub fn role(&self, label: &str) -> Option<Role> {
        self.labels.get(&label_key(label)).copied()
    }
}

fn label_key(label: &str) -> String {
    crate::lang::normalize(label.trim()).text
}

/// What [`Engine::check_detailed`] found in one transcript.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// Ordered by position.
    pub findings: Vec<Finding>,
    /// The language codes of its agent and customer messages, the language
    /// of most messages first (ties in pack order).
    pub languages: Vec<Arc<str>>,
}

/// Compiled rule packs and the settings of a run. Build once, share across
/// threads, check any number of transcripts.
pub struct Engine {
    set: RuleSet,
    /// Compiled when a message in the language is first checked (all at
    /// once by [`Engine::new`] when the set has packs from outside the
    /// binary, so that their errors are reported up front).
    packs: Vec<OnceLock<CompiledPack>>,
    /// Per pack, per catalog rule: the pack has an applicable entry for it.
    applies: Vec<Vec<bool>>,
    detector: Detector,
    settings: Settings,
    enabled: Vec<bool>,
    severity: Vec<Severity>,
    rule_ids: Vec<Arc<str>>,
    categories: Vec<Arc<str>>,
    languages: Vec<Arc<str>>,
    labels: LabelSet,
    default_language: usize,
    greeting_rule: Option<usize>,
    placeholder_rule: Option<usize>,
}

/// A settings problem: an unknown language, rule or category.
#[derive(Debug)]
pub enum EngineError {
    Packs(Vec<SourceError>),
    Settings(String),
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngineError::Packs(errors) => {
                for e in errors {
                    writeln!(f, "{e}")?;
                }
                Ok(())
            }
            EngineError::Settings(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for EngineError {}

thread_local! {
    static SCRATCH: RefCell<checks::Scratch> = RefCell::new(checks::Scratch::default());
}

impl Engine {
    /// The embedded packs with default settings.
    pub fn embedded() -> Result<Engine, EngineError> {
        let set = RuleSet::embedded().map_err(EngineError::Packs)?;
        Engine::new(set, Settings::default())
    }

    /// Checks the settings, and prepares the packs of `set`: the embedded
    /// packs are compiled when first needed (the test suite compiles them
    /// all); when the set has packs or phrases from elsewhere (`--rules`, a
    /// config file), every pack is compiled now, in parallel, and every
    /// error of every pack is reported.
    pub fn new(set: RuleSet, settings: Settings) -> Result<Engine, EngineError> {
        let packs: Vec<OnceLock<CompiledPack>> =
            set.packs.iter().map(|_| OnceLock::new()).collect();
        if !set.only_embedded() {
            let compiled: Vec<Result<CompiledPack, Vec<SourceError>>> = set
                .packs
                .par_iter()
                .map(|p| CompiledPack::compile(&set, p, true))
                .collect();
            let mut errors = Vec::new();
            for (cell, result) in packs.iter().zip(compiled) {
                match result {
                    Ok(pack) => {
                        let _ = cell.set(pack);
                    }
                    Err(mut e) => errors.append(&mut e),
                }
            }
            if !errors.is_empty() {
                return Err(EngineError::Packs(errors));
            }
        }
        let applies = set
            .packs
            .iter()
            .map(|pack| {
                set.rules
                    .iter()
                    .map(|rule| pack.applies(rule.id()))
                    .collect()
            })
            .collect();
        let mut detector = Detector::default();
        let mut labels = LabelSet::default();
        for pack in &set.packs {
            detector.add(pack.script, &pack.profile);
            for (list, role) in [
                (&pack.labels.agent, Role::Agent),
                (&pack.labels.customer, Role::Customer),
                (&pack.labels.system, Role::System),
            ] {
                for label in list {
                    labels.insert(label, role);
                }
            }
        }
        for (label, role) in &settings.labels {
            labels.insert(label, *role);
        }
        let ids: Vec<&str> = set.rules.iter().map(|r| r.id()).collect();
        let categories: Vec<&str> = set.rules.iter().map(|r| r.category.as_str()).collect();
        let known = |name: &str| {
            ids.contains(&name)
                || categories.contains(&name)
                || name == suppressions::UNUSED_SUPPRESSION
                || name == "suppression"
        };
        for name in settings
            .select
            .iter()
            .chain(&settings.ignore)
            .chain(settings.severity.keys())
        {
            if !known(name) {
                let all: Vec<String> = ids
                    .iter()
                    .chain(categories.iter())
                    .map(|s| s.to_string())
                    .collect();
                let hint = crate::rules::pack::closest(name, &all)
                    .map(|h| format!(" (did you mean `{h}`?)"))
                    .unwrap_or_default();
                return Err(EngineError::Settings(format!(
                    "unknown rule or category `{name}`{hint}; `couth rules` lists them"
                )));
            }
        }
        if let Some(language) = &settings.language
            && !set.packs.iter().any(|p| &p.language == language)
        {
            let have: Vec<&str> = set.packs.iter().map(|p| p.language.as_str()).collect();
            return Err(EngineError::Settings(format!(
                "no rule pack for language `{language}` (packs: {})",
                have.join(", ")
            )));
        }
        let enabled = set
            .rules
            .iter()
            .map(|r| {
                let named = |list: &[String]| list.iter().any(|n| n == r.id() || *n == r.category);
                (settings.select.is_empty() || named(&settings.select)) && !named(&settings.ignore)
            })
            .collect();
        let severity = set
            .rules
            .iter()
            .map(|r| {
                settings
                    .severity
                    .get(r.id())
                    .or_else(|| settings.severity.get(&r.category))
                    .copied()
                    .unwrap_or(r.severity)
            })
            .collect();
        let default_language = set
            .packs
            .iter()
            .position(|p| p.language == "en")
            .unwrap_or(0);
        Ok(Engine {
            rule_ids: set.rules.iter().map(|r| Arc::from(r.id())).collect(),
            categories: set
                .rules
                .iter()
                .map(|r| Arc::from(r.category.as_str()))
                .collect(),
            languages: set
                .packs
                .iter()
                .map(|p| Arc::from(p.language.as_str()))
                .collect(),
            greeting_rule: set
                .rules
                .iter()
                .position(|r| r.check == crate::rules::Check::Greeting),
            placeholder_rule: set
                .rules
                .iter()
                .position(|r| r.id() == "unfilled-placeholder"),
            set,
            packs,
            applies,
            detector,
            settings,
            enabled,
            severity,
            labels,
            default_language,
        })
    }

    /// Whether `unused-suppression` runs (it is selected like any rule).
    pub fn reports_unused_suppressions(&self) -> bool {
        let named = |list: &[String]| {
            list.iter()
                .any(|n| n == suppressions::UNUSED_SUPPRESSION || n == "suppression")
        };
        (self.settings.select.is_empty() || named(&self.settings.select))
            && !named(&self.settings.ignore)
    }

    pub fn rules(&self) -> &RuleSet {
        &self.set
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The compiled matchers of pack `index` (in [`RuleSet::packs`] order),
    /// compiled now if no message needed them yet. Its automata are built
    /// later, by the first threads that need them (see `Search::Shared`);
    /// a lone draft never builds them.
    pub fn compiled(&self, index: usize) -> &CompiledPack {
        self.packs[index].get_or_init(|| {
            let pack = &self.set.packs[index];
            if let Some(tables) = crate::rules::tables::for_pack(&self.set, pack) {
                return tables.compiled();
            }
            CompiledPack::compile(&self.set, pack, false).unwrap_or_else(|e| {
                let errors: Vec<String> = e.iter().map(|e| e.to_string()).collect();
                panic!(
                    "an embedded rule pack does not compile: {}",
                    errors.join("; ")
                )
            })
        })
    }

    /// Compiles every pack that is not compiled yet, with every regex, and
    /// reports every error (the test suite runs this on the embedded packs).
    pub fn compile_all(&self) -> Result<(), Vec<SourceError>> {
        let errors: Vec<SourceError> = self
            .packs
            .par_iter()
            .zip(&self.set.packs)
            .flat_map_iter(|(cell, pack)| {
                if cell.get().is_some() {
                    return Vec::new();
                }
                match CompiledPack::compile(&self.set, pack, true) {
                    Ok(compiled) => {
                        let _ = cell.set(compiled);
                        Vec::new()
                    }
                    Err(errors) => errors,
                }
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Speaker labels of every pack, for readers of chat logs.
    pub fn labels(&self) -> &LabelSet {
        &self.labels
    }

    /// The pack index of a language code.
    pub fn language_index(&self, code: &str) -> Option<usize> {
        self.set.packs.iter().position(|p| p.language == code)
    }

    /// Detects the language of a text among the loaded packs.
    pub fn detect_language(&self, text: &str) -> Option<&str> {
        self.detector
            .detect(text)
            .map(|d| self.set.packs[d.language].language.as_str())
    }

    /// Every finding in `transcript`, ordered by position.
    pub fn check(&self, transcript: &Transcript) -> Vec<Finding> {
        self.check_detailed(transcript).findings
    }

    /// Every finding in `transcript`, and the languages its agent and
    /// customer messages were read in.
    pub fn check_detailed(&self, transcript: &Transcript) -> Checked {
        SCRATCH.with(|scratch| self.check_with(transcript, &mut scratch.borrow_mut()))
    }

    fn check_with(&self, transcript: &Transcript, scratch: &mut checks::Scratch) -> Checked {
        let languages = checks::message_languages(self, transcript, scratch);
        let mut counts = vec![0usize; self.languages.len()];
        for (message, &language) in transcript.messages.iter().zip(&languages) {
            if matches!(message.role, Role::Agent | Role::Customer) {
                counts[language] += 1;
            }
        }
        let mut used: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
        used.sort_by_key(|&i| std::cmp::Reverse(counts[i]));
        let findings = checks::check(self, transcript, languages, scratch);
        Checked {
            findings,
            languages: used
                .into_iter()
                .map(|i| self.languages[i].clone())
                .collect(),
        }
    }

    /// The rules this run checks (after `--select` and `--ignore`), in
    /// catalog order.
    pub fn enabled_rules(&self) -> impl Iterator<Item = &crate::rules::RuleDef> {
        self.set
            .rules
            .iter()
            .zip(&self.enabled)
            .filter(|(_, enabled)| **enabled)
            .map(|(rule, _)| rule)
    }
}

/// Calls `check` with each embedded pack, compiled in full, and each of its
/// examples, fire and pass (for tests that compare two ways of matching).
#[cfg(test)]
pub(crate) fn for_each_example(mut check: impl FnMut(&CompiledPack, &str)) {
    let engine = Engine::embedded().unwrap();
    engine.compile_all().unwrap();
    for (index, pack) in engine.rules().packs.iter().enumerate() {
        let compiled = engine.compiled(index);
        for entry in pack.rules().values() {
            for item in entry.fire.iter().chain(&entry.pass) {
                check(compiled, &item.text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_pack_compiles_with_every_regex() {
        let engine = Engine::embedded().unwrap();
        assert!(engine.packs.iter().all(|p| p.get().is_none()), "lazy");
        if let Err(errors) = engine.compile_all() {
            let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            panic!("{}", text.join("\n"));
        }
        assert!(engine.packs.iter().all(|p| p.get().is_some()));
    }

    #[test]
    fn prefiltered_regexes_find_what_every_regex_finds() {
        // Each regex run on its own over the pack's own examples finds the
        // same hits as the prefilter lets through, and its relaxed form
        // (the forward lazy DFA asked first in a batch) matches there too.
        let (mut seen, mut candidates) = (Vec::new(), Vec::new());
        for_each_example(|compiled, example| {
            let normalized = crate::lang::normalize(example).text;
            let lists = [&compiled.agent, &compiled.customer]
                .into_iter()
                .flat_map(|m| {
                    [
                        (&m.normalized_filter, &m.normalized, normalized.as_str()),
                        (&m.raw_filter, &m.raw, example),
                    ]
                });
            for (filter, regexes, text) in lists {
                let search = crate::rules::Search::Automaton;
                filter.candidates(text, search, &mut seen, &mut candidates);
                for (i, r) in regexes.iter().enumerate() {
                    if r.regex().is_match(text) {
                        assert!(candidates.contains(&(i as u32)), "{}", r.pattern);
                        assert!(r.could_match(text), "relaxed: {}", r.pattern);
                    }
                }
            }
        });
    }
}
