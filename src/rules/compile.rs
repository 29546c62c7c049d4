//! Compiles a language's pack into matchers: every literal phrase into one
//! Aho-Corasick automaton, every pattern into one regex set per kind of text.

use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use super::pack::{Item, Pack, RuleSet};
use crate::error::SourceError;
use crate::lang::normalize;

/// What a list item is for (see `rules/README.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    /// `phrases`, `suggestions`, `patterns`, `raw_patterns`.
    Hit,
    /// `exceptions`: cancels an overlapping hit.
    Exception,
    /// `unless`: cancels every hit of the rule in the message.
    Unless,
    /// `triggers`: customer wording a reply must acknowledge.
    Trigger,
}

/// The rule and list an automaton or regex match belongs to.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    pub rule: u16,
    pub kind: ListKind,
    /// A stem matches any word continuing it.
    pub stem: bool,
    /// Index into [`CompiledPack::suggestions`].
    pub suggestion: Option<u32>,
}

/// A regex and what its matches mean.
#[derive(Debug)]
pub struct CompiledRegex {
    pub regex: Regex,
    pub target: Target,
    /// Generated from a phrase: word boundaries are checked after matching
    /// (cheaper than Unicode `\b` in the regex engine).
    pub check_boundaries: bool,
}

/// The compiled size a pack's regex set may reach (the default, 10 MiB, is
/// what one regex may reach; a set is the union of a pack's patterns).
const SET_SIZE_LIMIT: usize = 256 << 20;
/// The lazy DFA's cache per set and thread (it grows only as needed). With
/// the default (2 MiB) a long run of unusual text, such as a pasted base64
/// blob, fills the cache over and over until the regex engine falls back to
/// its slow NFA simulation: 4 MB of it took 8 s instead of under 2.
const SET_DFA_SIZE_LIMIT: usize = 8 << 20;

/// One language's matchers, shared read-only by every thread.
#[derive(Debug)]
pub struct CompiledPack {
    pub language: String,
    pub automaton: Option<AhoCorasick>,
    /// Automaton pattern id → every rule list the phrase stands in.
    pub phrase_targets: Vec<Vec<Target>>,
    /// `None` when the pack has no such patterns, or too many for one set:
    /// then each pattern is tried on its own (slower, but nothing is lost).
    pub normalized_set: Option<RegexSet>,
    pub normalized: Vec<CompiledRegex>,
    pub raw_set: Option<RegexSet>,
    pub raw: Vec<CompiledRegex>,
    pub suggestions: Vec<String>,
    /// Per catalog rule: the pack has an applicable entry for it.
    pub applies: Vec<bool>,
}

struct Builder<'a> {
    set: &'a RuleSet,
    phrases: Vec<String>,
    phrase_targets: Vec<Vec<Target>>,
    normalized: Vec<(String, Target, bool, &'a Item)>,
    raw: Vec<(String, Target, &'a Item)>,
    suggestions: Vec<String>,
    errors: Vec<SourceError>,
}

impl<'a> Builder<'a> {
    fn phrase(&mut self, item: &'a Item, rule: u16, kind: ListKind, suggestion: Option<u32>) {
        let normalized = normalize(&item.text).text.trim().to_string();
        if normalized.is_empty() || normalized == "*" {
            self.errors.push(self.set.sources[item.source].error(
                item.span.clone(),
                "an empty phrase matches everything",
                "here",
            ));
            return;
        }
        let words: Vec<&str> = normalized.split(' ').collect();
        let (last, rest) = words.split_last().expect("non-empty");
        let inner_wildcard = rest.iter().any(|w| w.contains('*'))
            || last.trim_end_matches('*').contains('*')
            || *last == "*";
        let target = |stem| Target {
            rule,
            kind,
            stem,
            suggestion,
        };
        if !inner_wildcard {
            let stem = last.ends_with('*');
            let literal = normalized.trim_end_matches('*').to_string();
            match self.phrases.iter().position(|p| *p == literal) {
                Some(i) => self.phrase_targets[i].push(target(stem)),
                None => {
                    self.phrases.push(literal);
                    self.phrase_targets.push(vec![target(stem)]);
                }
            }
            return;
        }
        let mut pattern = String::new();
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                pattern.push(' ');
            }
            if *word == "*" {
                pattern.push_str(r"\w+");
            } else if let Some(stem) = word.strip_suffix('*') {
                pattern.push_str(&regex::escape(stem));
                pattern.push_str(r"\w*");
            } else {
                pattern.push_str(&regex::escape(word));
            }
        }
        self.normalized.push((pattern, target(false), true, item));
    }

    fn suggestion(&mut self, text: &str) -> u32 {
        match self.suggestions.iter().position(|s| s == text) {
            Some(i) => i as u32,
            None => {
                self.suggestions.push(text.to_string());
                (self.suggestions.len() - 1) as u32
            }
        }
    }
}

impl CompiledPack {
    /// Compiles `pack` for the rules of `set` (in catalog order).
    pub fn compile(set: &RuleSet, pack: &Pack) -> Result<CompiledPack, Vec<SourceError>> {
        let mut b = Builder {
            set,
            phrases: Vec::new(),
            phrase_targets: Vec::new(),
            normalized: Vec::new(),
            raw: Vec::new(),
            suggestions: Vec::new(),
            errors: Vec::new(),
        };
        let mut applies = vec![false; set.rules.len()];
        for (index, rule) in set.rules.iter().enumerate() {
            let Some(entry) = pack.rules.get(rule.id()) else {
                continue;
            };
            applies[index] = entry.not_applicable.is_none();
            if entry.not_applicable.is_some() {
                continue;
            }
            let r = index as u16;
            let default = entry.suggestion.as_deref().map(|s| b.suggestion(s));
            for item in &entry.phrases {
                b.phrase(item, r, ListKind::Hit, default);
            }
            for (item, suggestion) in &entry.suggestions {
                let s = b.suggestion(suggestion);
                b.phrase(item, r, ListKind::Hit, Some(s));
            }
            for (list, kind) in [
                (&entry.exceptions, ListKind::Exception),
                (&entry.unless, ListKind::Unless),
                (&entry.triggers, ListKind::Trigger),
            ] {
                for item in list {
                    b.phrase(item, r, kind, None);
                }
            }
            let hit = Target {
                rule: r,
                kind: ListKind::Hit,
                stem: false,
                suggestion: default,
            };
            for item in &entry.patterns {
                b.normalized.push((item.text.clone(), hit, false, item));
            }
            for item in &entry.raw_patterns {
                b.raw.push((item.text.clone(), hit, item));
            }
        }
        let automaton = if b.phrases.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&b.phrases)
                    .map_err(|e| {
                        vec![SourceError {
                            path: format!("rules/{}.toml", pack.language),
                            source_text: "".into(),
                            span: 0..0,
                            message: format!("cannot build the phrase automaton: {e}"),
                            label: String::new(),
                            help: None,
                        }]
                    })?,
            )
        };
        let mut errors = std::mem::take(&mut b.errors);
        let mut normalized = Vec::new();
        for (pattern, target, check_boundaries, item) in &b.normalized {
            match RegexBuilder::new(pattern)
                .size_limit(SET_SIZE_LIMIT)
                .build()
            {
                Ok(regex) => normalized.push(CompiledRegex {
                    regex,
                    target: *target,
                    check_boundaries: *check_boundaries,
                }),
                Err(e) => errors.push(regex_error(set, item, &e)),
            }
        }
        let mut raw = Vec::new();
        for (pattern, target, item) in &b.raw {
            match RegexBuilder::new(pattern)
                .size_limit(SET_SIZE_LIMIT)
                .build()
            {
                Ok(regex) => raw.push(CompiledRegex {
                    regex,
                    target: *target,
                    check_boundaries: false,
                }),
                Err(e) => errors.push(regex_error(set, item, &e)),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let normalized_set = regex_set(&pack.language, "patterns", &normalized)?;
        let raw_set = regex_set(&pack.language, "raw_patterns", &raw)?;
        Ok(CompiledPack {
            language: pack.language.clone(),
            automaton,
            phrase_targets: b.phrase_targets,
            normalized_set,
            normalized,
            raw_set,
            raw,
            suggestions: b.suggestions,
            applies,
        })
    }

    /// Every phrase of the automaton, normalised (for `couth rules --export-phrases`).
    pub fn literal_phrases(&self) -> impl Iterator<Item = (&Target, usize)> {
        self.phrase_targets
            .iter()
            .enumerate()
            .flat_map(|(i, targets)| targets.iter().map(move |t| (t, i)))
    }
}

/// One set of every pattern of a kind, so a message costs one pass.
fn regex_set(
    language: &str,
    kind: &str,
    list: &[CompiledRegex],
) -> Result<Option<RegexSet>, Vec<SourceError>> {
    if list.is_empty() {
        return Ok(None);
    }
    RegexSetBuilder::new(list.iter().map(|r| r.regex.as_str()))
        .size_limit(SET_SIZE_LIMIT)
        .dfa_size_limit(SET_DFA_SIZE_LIMIT)
        .build()
        .map(Some)
        .map_err(|e| {
            vec![SourceError {
                path: format!("rules/{language}.toml"),
                source_text: "".into(),
                span: 0..0,
                message: format!(
                    "the {} {kind} of the `{language}` pack do not compile together: {e}; split long alternations or use fewer wildcard phrases",
                    list.len()
                ),
                label: String::new(),
                help: None,
            }]
        })
}

fn regex_error(set: &RuleSet, item: &Item, e: &regex::Error) -> SourceError {
    let mut error = set.sources[item.source].error(
        item.span.clone(),
        "invalid regular expression",
        "this pattern",
    );
    let detail = e.to_string();
    let last = detail.lines().last().unwrap_or("").trim();
    error.help = Some(last.strip_prefix("error: ").unwrap_or(last).to_string());
    error
}
