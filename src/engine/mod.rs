//! The engine: compiled packs plus settings, applied to transcripts.

mod checks;
pub mod matcher;
pub mod settings;
pub mod suppressions;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

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
    packs: Vec<CompiledPack>,
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
    static SCRATCH: RefCell<matcher::Scratch> = RefCell::new(matcher::Scratch::default());
}

impl Engine {
    /// The embedded packs with default settings.
    pub fn embedded() -> Result<Engine, EngineError> {
        let set = RuleSet::embedded().map_err(EngineError::Packs)?;
        Engine::new(set, Settings::default())
    }

    /// Compiles every pack of `set` (in parallel) and checks the settings.
    pub fn new(set: RuleSet, settings: Settings) -> Result<Engine, EngineError> {
        let compiled: Vec<Result<CompiledPack, Vec<SourceError>>> = set
            .packs
            .par_iter()
            .map(|p| CompiledPack::compile(&set, p))
            .collect();
        let mut packs = Vec::new();
        let mut errors = Vec::new();
        for result in compiled {
            match result {
                Ok(pack) => packs.push(pack),
                Err(mut e) => errors.append(&mut e),
            }
        }
        if !errors.is_empty() {
            return Err(EngineError::Packs(errors));
        }
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

    pub fn compiled(&self) -> &[CompiledPack] {
        &self.packs
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
        let languages = checks::message_languages(self, transcript);
        let mut counts = vec![0usize; self.languages.len()];
        for (message, &language) in transcript.messages.iter().zip(&languages) {
            if matches!(message.role, Role::Agent | Role::Customer) {
                counts[language] += 1;
            }
        }
        let mut used: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
        used.sort_by_key(|&i| std::cmp::Reverse(counts[i]));
        let findings = SCRATCH
            .with(|scratch| checks::check(self, transcript, languages, &mut scratch.borrow_mut()));
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
