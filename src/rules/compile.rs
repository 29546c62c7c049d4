//! Compiles a language's pack into matchers: every literal phrase into one
//! literal set; every pattern into a regex compiled on first use, behind a
//! prefilter of the literals its matches must contain. In a batch the
//! phrases and the normalised text's prefilter share one Aho-Corasick
//! automaton ([`Matchers::normalized_pass`]).

use std::borrow::Cow;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, BuildError};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::{Input, hybrid, meta};
use regex_syntax::hir::Hir;

use super::literal_set::{self, LazyAutomaton, LiteralSet, Search};
use super::literals::{AT_BOUNDARY_END, AT_BOUNDARY_START, MAX_SETS, pattern_literals};

use super::pack::{Item, Pack, RuleSet};
use super::pack_file::Text;
use crate::error::SourceError;
use crate::lang::{Normalized, is_normal, normalize_into};

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

/// A regex and what its matches mean. The regex is compiled when a
/// message first needs it (its literals were seen, see [`Prefilter`]), so
/// that start-up does not pay for patterns a run never uses.
#[derive(Debug)]
pub struct CompiledRegex {
    pub pattern: Text,
    regex: OnceLock<Regex>,
    /// The regex compiled for a lone short text (see [`CompiledRegex::for_search`]).
    lean: OnceLock<Regex>,
    /// The pattern's relaxed form (see [`super::relax`]), when it has one.
    relaxed: OnceLock<Option<MatchOnly>>,
    pub target: Target,
    /// Generated from a phrase: word boundaries are checked after matching
    /// (cheaper than Unicode `\b` in the regex engine).
    pub check_boundaries: bool,
}

impl CompiledRegex {
    pub(super) fn new(
        pattern: Text,
        regex: OnceLock<Regex>,
        target: Target,
        check_boundaries: bool,
    ) -> Self {
        CompiledRegex {
            pattern,
            regex,
            lean: OnceLock::new(),
            relaxed: OnceLock::new(),
            target,
            check_boundaries,
        }
    }

    /// The regex to run on a text searched as `search` says: in a batch
    /// or on a long text ([`Search::Automaton`], [`Search::Shared`]) the
    /// full regex; for a lone short text the full regex if it is compiled
    /// already, else one compiled without the DFAs and the regex crate's
    /// own prefilter, which a short text gains nothing from and which are
    /// most of a regex's compile time.
    pub fn for_search(&self, search: Search) -> &Regex {
        if matches!(search, Search::Automaton | Search::Shared) {
            return self.regex();
        }
        if let Some(regex) = self.regex.get() {
            return regex;
        }
        self.lean.get_or_init(|| self.build(Build::Lean))
    }

    /// Whether the regex can match `haystack`: false only when its relaxed
    /// form, which runs on the fast engine, finds nothing.
    pub fn could_match(&self, haystack: &str) -> bool {
        let relaxed = self.relaxed.get_or_init(|| {
            super::relax::relaxed_hir(&self.pattern).and_then(|h| MatchOnly::new(&h))
        });
        relaxed.as_ref().is_none_or(|r| r.is_match(haystack))
    }

    /// The compiled regex. Packs compiled with `validate` compiled it
    /// already; the embedded packs are compiled in full by the test suite.
    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| self.build(Build::Full))
    }

    fn build(&self, build: Build) -> Regex {
        build_regex(&self.pattern, build)
            .unwrap_or_else(|e| panic!("pattern `{}` does not compile: {e}", self.pattern))
    }
}

/// Which regexes of a list can match a text: every regex has up to two sets
/// of literals, and any match contains a literal of each (found by
/// [`pattern_literals`]); one search of the text for them finds the
/// regexes worth running. Regexes without such literals always run.
#[derive(Debug)]
pub struct Prefilter {
    pub(super) literals: LiteralSet,
    /// The (regex, set) pairs that each literal stands in, literal after
    /// literal, as `regex * 2 + set`, with the set's boundary bits
    /// ([`AT_BOUNDARY_START`], [`AT_BOUNDARY_END`]) above [`EDGE_SHIFT`]…
    pub(super) regexes: Cow<'static, [u32]>,
    /// …and where each literal's end in `regexes`.
    pub(super) ends: Cow<'static, [u32]>,
    /// Per regex, the sets it needs a literal of, as a bit mask (zero for a
    /// regex that always runs).
    pub(super) needs: Cow<'static, [u8]>,
}

// A (regex, set) pair is coded as `regex * 2 + set`.
const _: () = assert!(MAX_SETS <= 2);
/// Where the boundary bits of a pair's code start.
const EDGE_SHIFT: u32 = 30;

impl Prefilter {
    fn new(literals: &[Literals], eager: bool) -> Result<Prefilter, BuildError> {
        // Every (literal, regex and set) pair, sorted: each literal once, in
        // the byte order the literal set keeps, with what it stands in.
        let mut pairs: Vec<(&Literal, u32)> = Vec::new();
        let mut needs = Vec::with_capacity(literals.len());
        for (regex, sets) in literals.iter().enumerate() {
            let sets = &sets[..sets.len().min(MAX_SETS)];
            for (index, (edges, set)) in sets.iter().enumerate() {
                let code = (regex as u32 * 2 + index as u32) | u32::from(*edges) << EDGE_SHIFT;
                pairs.extend(set.iter().map(|literal| (literal, code)));
            }
            needs.push(((1u32 << sets.len()) - 1) as u8);
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut unique: Vec<Literal> = Vec::new();
        let mut regexes = Vec::with_capacity(pairs.len());
        let mut ends = Vec::new();
        for (literal, regex) in pairs {
            if unique.last() != Some(literal) {
                unique.push(literal.clone());
                ends.push(regexes.len() as u32);
            }
            regexes.push(regex);
            *ends.last_mut().expect("a literal") += 1;
        }
        Ok(Prefilter {
            literals: LiteralSet::new(unique, eager)?,
            regexes: regexes.into(),
            ends: ends.into(),
            needs: needs.into(),
        })
    }

    /// The (regex, set) pairs literal `literal` stands in.
    fn regexes(&self, literal: u32) -> &[u32] {
        let start = match literal {
            0 => 0,
            _ => self.ends[literal as usize - 1] as usize,
        };
        &self.regexes[start..self.ends[literal as usize] as usize]
    }

    /// The regexes that can match `haystack` (a literal of each of their
    /// sets occurs, where the set says it sits), in ascending order, in
    /// `out`; `seen` is scratch space.
    pub fn candidates(
        &self,
        haystack: &str,
        search: Search,
        seen: &mut Vec<u8>,
        out: &mut Vec<u32>,
    ) {
        let mut left = self.start(seen);
        if left > 0 {
            let everywhere = |_| true;
            self.literals.for_each_match(
                haystack.as_bytes(),
                search,
                everywhere,
                |literal, start, end| {
                    self.saw(haystack, literal, start, end, seen, &mut left);
                    left > 0
                },
            );
        }
        self.finish(seen, out);
    }

    /// Starts a search for the literals (`seen` is scratch space): how
    /// many regexes need one.
    pub fn start(&self, seen: &mut Vec<u8>) -> usize {
        seen.clear();
        seen.resize(self.needs.len(), 0);
        self.needs.iter().filter(|&&needs| needs != 0).count()
    }

    /// Notes literal `literal` found at `start..end` of `haystack`; `left`
    /// counts the regexes that still need a literal.
    pub fn saw(
        &self,
        haystack: &str,
        literal: u32,
        start: usize,
        end: usize,
        seen: &mut [u8],
        left: &mut usize,
    ) {
        for &code in self.regexes(literal) {
            let edges = (code >> EDGE_SHIFT) as u8;
            if (edges & AT_BOUNDARY_START != 0 && !may_be_boundary(haystack, start))
                || (edges & AT_BOUNDARY_END != 0 && !may_be_boundary(haystack, end))
            {
                continue;
            }
            let code = code & ((1 << EDGE_SHIFT) - 1);
            let (regex, set) = ((code / 2) as usize, 1u8 << (code % 2));
            let found = &mut seen[regex];
            if *found & set == 0 {
                *found |= set;
                if *found == self.needs[regex] {
                    *left -= 1;
                }
            }
        }
    }

    /// The regexes whose literals were all seen, in ascending order.
    pub fn finish(&self, seen: &[u8], out: &mut Vec<u32>) {
        out.clear();
        out.extend(
            (0..self.needs.len() as u32).filter(|&i| seen[i as usize] == self.needs[i as usize]),
        );
    }
}

/// Whether a Unicode `\b` can hold at byte `at` of `text`: false only when
/// the characters on both sides are word characters for certain (letters,
/// ASCII digits, `_`), so a literal found inside a word does not count
/// where the pattern has a word boundary.
fn may_be_boundary(text: &str, at: usize) -> bool {
    if !text.is_char_boundary(at) {
        return true;
    }
    let surely_word =
        |c: Option<char>| c.is_some_and(|c| c.is_alphabetic() || c.is_ascii_digit() || c == '_');
    !(surely_word(text[..at].chars().next_back()) && surely_word(text[at..].chars().next()))
}

/// One language's matchers, shared read-only by every thread.
#[derive(Debug)]
pub struct CompiledPack {
    pub language: String,
    /// What agent messages are searched for: every list but `triggers`…
    pub agent: Matchers,
    /// …and customer messages: only `triggers` (the customer wording a
    /// reply must acknowledge). Customer messages are about a third of a
    /// transcript's text, and this is a small automaton.
    pub customer: Matchers,
    pub suggestions: Vec<Text>,
    /// Per catalog rule: the pack has an applicable entry for it.
    pub applies: Vec<bool>,
}

/// The phrases and patterns of some of a pack's lists, compiled.
#[derive(Debug)]
pub struct Matchers {
    /// Every literal phrase, normalised.
    pub phrases: LiteralSet,
    /// The rule lists the phrases stand in, phrase after phrase…
    pub(super) targets: Cow<'static, [Target]>,
    /// …and where each phrase's end in `targets`.
    pub(super) target_ends: Cow<'static, [u32]>,
    /// Regexes over the normalised text, and which of them can match.
    pub normalized: Vec<CompiledRegex>,
    pub normalized_filter: Prefilter,
    /// Regexes over the original text, and which of them can match.
    pub raw: Vec<CompiledRegex>,
    pub raw_filter: Prefilter,
    /// The phrases and `normalized_filter`'s literals in one automaton,
    /// phrases first: a batch searches a normalised text once for both.
    pub(super) normalized_pass: LazyAutomaton,
}

struct Builder<'a> {
    set: &'a RuleSet,
    lists: Lists<'a>,
    scratch: Normalized,
    suggestions: Vec<Text>,
    errors: Vec<SourceError>,
}

/// A pack's phrases and patterns, read and normalised, before compiling.
#[derive(Default)]
struct Lists<'a> {
    /// Every literal phrase (normalised) with a rule list it stands in, in
    /// the pack's order.
    phrases: Vec<(Text, Target)>,
    /// Pattern, target, whether generated from a phrase (with its
    /// literals), source item.
    normalized: Vec<(Text, Target, Option<Literals>, &'a Item)>,
    raw: Vec<(Text, Target, &'a Item)>,
}

impl<'a> Lists<'a> {
    /// Splits the lists in two: those of the kinds `wanted` says, and the
    /// rest, each in its order.
    fn split(self, wanted: impl Fn(ListKind) -> bool) -> (Lists<'a>, Lists<'a>) {
        let (phrases, other_phrases) = self.phrases.into_iter().partition(|p| wanted(p.1.kind));
        let (normalized, other_normalized) =
            self.normalized.into_iter().partition(|p| wanted(p.1.kind));
        let (raw, other_raw) = self.raw.into_iter().partition(|p| wanted(p.1.kind));
        (
            Lists {
                phrases,
                normalized,
                raw,
            },
            Lists {
                phrases: other_phrases,
                normalized: other_normalized,
                raw: other_raw,
            },
        )
    }
}

impl<'a> Builder<'a> {
    fn phrase(&mut self, item: &'a Item, rule: u16, kind: ListKind, suggestion: Option<u32>) {
        // A phrase written normalised (most are) is used as written: an
        // embedded pack's then costs no copy.
        let written = match item.text {
            Text::Borrowed(text) if is_normal(text) => Some(text.trim()),
            _ => None,
        };
        let normalized = match written {
            Some(text) => text,
            None => {
                normalize_into(&item.text, &mut self.scratch);
                self.scratch.text.trim()
            }
        };
        // A phrase without wildcards is a literal, and so is one whose last
        // word ends in one (a stem).
        let body = normalized.trim_end_matches('*');
        let stem = body.len() < normalized.len();
        if body.trim().is_empty() {
            self.errors.push(self.set.sources[item.source].error(
                item.span.clone(),
                "an empty phrase matches everything",
                "here",
            ));
            return;
        }
        let target = |stem| Target {
            rule,
            kind,
            stem,
            suggestion,
        };
        // ("word *" and "a * b" stand for whole words: regexes.)
        let wildcard_word = body.contains('*') || (stem && body.ends_with(' '));
        if !wildcard_word {
            let literal = match written {
                Some(text) => Text::Borrowed(&text[..body.len()]),
                None => Text::Owned(body.to_string()),
            };
            self.lists.phrases.push((literal, target(stem)));
            return;
        }
        let normalized = normalized.to_string();
        let words: Vec<&str> = normalized.split(' ').collect();
        let mut pattern = String::new();
        // The runs of literal text between wildcards: every match
        // contains each; the longest is the most selective.
        let mut runs: Vec<String> = vec![String::new()];
        for (i, word) in words.iter().enumerate() {
            let run = runs.last_mut().expect("a run");
            if *word == "*" {
                runs.push(String::new());
            } else if let Some(stem) = word.strip_suffix('*') {
                if !run.is_empty() {
                    run.push(' ');
                }
                run.push_str(stem);
                runs.push(String::new());
            } else {
                if !run.is_empty() {
                    run.push(' ');
                }
                run.push_str(word);
            }
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
        // Every run occurs in a match: the longest, and the next longest
        // when it is selective too.
        runs.retain(|run| !run.is_empty());
        runs.sort_by_key(|run| std::cmp::Reverse(run.len()));
        let literals = runs
            .into_iter()
            .enumerate()
            .filter(|(i, run)| *i == 0 || run.chars().count() >= 4)
            .take(MAX_SETS)
            .map(|(_, run)| (0, vec![Literal::Owned(run.into_bytes())]))
            .collect();
        self.lists
            .normalized
            .push((Text::Owned(pattern), target(false), Some(literals), item));
    }

    fn suggestion(&mut self, text: &str) -> u32 {
        match self.suggestions.iter().position(|s| s == text) {
            Some(i) => i as u32,
            None => {
                self.suggestions.push(Text::Owned(text.to_string()));
                (self.suggestions.len() - 1) as u32
            }
        }
    }
}

impl Matchers {
    /// The automaton of the phrases (ids below the number of phrases) and
    /// of `normalized_filter`'s literals (the ids after them), for a
    /// search as `search` says (see [`LazyAutomaton::get`]).
    pub fn normalized_pass(&self, search: Search) -> Option<&AhoCorasick> {
        let filter = self.normalized_filter.literals.literals();
        if self.phrases.literals().is_empty() && filter.is_empty() {
            return None;
        }
        self.normalized_pass.get(search, || {
            let literals = self.phrases.literals().iter().chain(filter);
            // Too large for one automaton: the two searches apart, then.
            literal_set::automaton(literals.map(|l| &l[..])).ok()
        })
    }

    /// How to search the phrases and the prefilter's literals apart when
    /// [`Matchers::normalized_pass`] gave no automaton for `search`: by
    /// walking them while another thread builds it, else as `search` says
    /// (the two sets are empty, or too large for one automaton).
    pub fn apart(&self, search: Search) -> Search {
        match search {
            Search::Shared if !self.normalized_pass.failed() => Search::Walk,
            other => other,
        }
    }

    /// The rule lists phrase `phrase` stands in.
    pub fn phrase_targets(&self, phrase: u32) -> &[Target] {
        let end = self.target_ends[phrase as usize] as usize;
        let start = match phrase {
            0 => 0,
            _ => self.target_ends[phrase as usize - 1] as usize,
        };
        &self.targets[start..end]
    }

    /// Compiles `lists` (see [`CompiledPack::compile`] on `validate`).
    fn compile(
        set: &RuleSet,
        pack: &Pack,
        lists: Lists<'_>,
        validate: bool,
    ) -> Result<Matchers, Vec<SourceError>> {
        let mut errors = Vec::new();
        let mut normalized = Vec::new();
        let mut normalized_literals = Vec::new();
        for (pattern, target, generated, item) in lists.normalized {
            let check_boundaries = generated.is_some();
            match prepare(&pattern, validate, generated) {
                Ok((regex, literals)) => {
                    normalized.push(CompiledRegex::new(pattern, regex, target, check_boundaries));
                    normalized_literals.push(literals);
                }
                Err(detail) => errors.push(regex_error(set, item, &detail)),
            }
        }
        let mut raw = Vec::new();
        let mut raw_literals = Vec::new();
        for (pattern, target, item) in lists.raw {
            match prepare(&pattern, validate, None) {
                Ok((regex, literals)) => {
                    raw.push(CompiledRegex::new(pattern, regex, target, false));
                    raw_literals.push(literals);
                }
                Err(detail) => errors.push(regex_error(set, item, &detail)),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // User packs build their automata now, so that an error shows
        // when they are loaded; the embedded ones (built by the test suite)
        // when a batch or a long text first needs them.
        let eager = validate;
        let automaton_error = |what: &str, e: BuildError| {
            vec![SourceError {
                path: format!("rules/{}.toml", pack.language),
                source_text: "".into(),
                span: 0..0,
                message: format!("cannot build the {what}: {e}"),
                label: String::new(),
                help: None,
            }]
        };
        // Each phrase once, in byte order (what the literal set sorts them
        // into anyway), with its rule lists in the pack's order.
        let mut sorted = lists.phrases;
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let mut phrases: Vec<Literal> = Vec::new();
        let mut targets = Vec::with_capacity(sorted.len());
        let mut target_ends = Vec::new();
        for (phrase, target) in sorted {
            if phrases
                .last()
                .is_some_and(|last| *last == phrase.as_bytes())
            {
                *target_ends.last_mut().expect("a phrase") += 1;
            } else {
                phrases.push(match phrase {
                    Text::Borrowed(text) => Literal::Borrowed(text.as_bytes()),
                    Text::Owned(text) => Literal::Owned(text.into_bytes()),
                });
                target_ends.push(targets.len() as u32 + 1);
            }
            targets.push(target);
        }
        let phrases =
            LiteralSet::new(phrases, eager).map_err(|e| automaton_error("phrase automaton", e))?;
        let prefilter_error = |e| automaton_error("pattern prefilter", e);
        Ok(Matchers {
            phrases,
            targets: targets.into(),
            target_ends: target_ends.into(),
            normalized_filter: Prefilter::new(&normalized_literals, eager)
                .map_err(prefilter_error)?,
            normalized,
            raw_filter: Prefilter::new(&raw_literals, eager).map_err(prefilter_error)?,
            raw,
            normalized_pass: LazyAutomaton::default(),
        })
    }
}

impl CompiledPack {
    /// Compiles `pack` for the rules of `set` (in catalog order). Every
    /// pattern's syntax is checked; with `validate`, every regex is also
    /// compiled now (so that a size limit is reported too), otherwise when
    /// a text first needs it.
    pub fn compile(
        set: &RuleSet,
        pack: &Pack,
        validate: bool,
    ) -> Result<CompiledPack, Vec<SourceError>> {
        let mut b = Builder {
            set,
            lists: Lists::default(),
            scratch: Normalized::default(),
            suggestions: Vec::new(),
            errors: Vec::new(),
        };
        let mut applies = vec![false; set.rules.len()];
        for (index, rule) in set.rules.iter().enumerate() {
            let Some(entry) = pack.rules().get(rule.id()) else {
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
                b.lists
                    .normalized
                    .push((item.text.clone(), hit, None, item));
            }
            for item in &entry.raw_patterns {
                b.lists.raw.push((item.text.clone(), hit, item));
            }
        }
        let (customer, agent) = b.lists.split(|kind| kind == ListKind::Trigger);
        let agent = Matchers::compile(set, pack, agent, validate);
        let customer = Matchers::compile(set, pack, customer, validate);
        match (agent, customer) {
            (Ok(agent), Ok(customer)) if b.errors.is_empty() => Ok(CompiledPack {
                language: pack.language.clone(),
                agent,
                customer,
                suggestions: b.suggestions,
                applies,
            }),
            (agent, customer) => {
                let mut errors = b.errors;
                errors.extend(agent.err().into_iter().flatten());
                errors.extend(customer.err().into_iter().flatten());
                Err(errors)
            }
        }
    }
}

/// A necessary literal: borrowed from the build-time table for the
/// embedded packs.
type Literal = Cow<'static, [u8]>;

/// A regex's sets of necessary literals (a literal of each occurs in every
/// match), each with where its literals sit (see [`AT_BOUNDARY_START`]);
/// none when it always runs.
type Literals = Vec<(u8, Vec<Literal>)>;

/// The necessary literals of every pattern of the embedded packs, computed
/// by `build.rs`, sorted by pattern.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/pattern_literals.rs"));
}

fn embedded_literals(pattern: &str) -> Option<Literals> {
    let table = embedded::PATTERN_LITERALS;
    let index = table.binary_search_by(|(p, _)| (*p).cmp(pattern)).ok()?;
    let borrowed = |&(edges, set): &(u8, &[&'static [u8]])| {
        (edges, set.iter().map(|&l| Literal::Borrowed(l)).collect())
    };
    Some(table[index].1.iter().map(borrowed).collect())
}

/// The compiled size one pattern may reach (the regex crate's default is
/// 10 MiB; a long alternation of inflected forms can need more).
const REGEX_SIZE_LIMIT: usize = 256 << 20;
/// The lazy DFA's cache per regex and thread (it grows only as needed).
/// With the default (2 MiB) a long run of unusual text, such as a pasted
/// base64 blob, fills the cache over and over until the regex engine falls
/// back to its slow NFA simulation: 4 MB of it took 8 s instead of under 2.
const REGEX_DFA_SIZE_LIMIT: usize = 8 << 20;

/// A pattern's regex: the regex crate's own engine, used directly for its
/// configuration.
pub type Regex = meta::Regex;

/// A regex that only tells whether a text can match: a forward lazy DFA
/// and nothing else. The regex crate's full engine also compiles the
/// pattern in reverse and extracts a literal prefilter, which are four
/// fifths of its build time and which a yes-or-no answer on a message
/// does not need.
struct MatchOnly {
    dfa: hybrid::dfa::DFA,
    /// The lazy DFA's cache, one per thread that runs it.
    caches: Pool<hybrid::dfa::Cache, CacheFn>,
}

type CacheFn = Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The lazy DFA's cache per relaxed regex and thread: a pack has hundreds
/// of patterns, and their caches, not the patterns, are most of a batch's
/// memory.
const RELAXED_DFA_CACHE: usize = 256 << 10;

impl MatchOnly {
    /// `None` when the lazy DFA cannot be built (a pattern too large for
    /// its cache): the pattern then always runs.
    fn new(hir: &Hir) -> Option<MatchOnly> {
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
            )
            .build_from_hir(hir)
            .ok()?;
        // Like the regex crate: give up on a cache cleared over and over
        // for little progress (the exact regex then decides).
        let config = hybrid::dfa::Config::new()
            .cache_capacity(RELAXED_DFA_CACHE)
            .minimum_cache_clear_count(Some(3))
            .minimum_bytes_per_state(Some(10));
        let dfa = hybrid::dfa::Builder::new()
            .configure(config)
            .build_from_nfa(nfa)
            .ok()?;
        let for_caches = dfa.clone();
        let create: CacheFn = Box::new(move || for_caches.create_cache());
        Some(MatchOnly {
            dfa,
            caches: Pool::new(create),
        })
    }

    /// Whether `haystack` has a match; true too when the lazy DFA gave up.
    fn is_match(&self, haystack: &str) -> bool {
        let mut cache = self.caches.get();
        let input = Input::new(haystack).earliest(true);
        self.dfa
            .try_search_fwd(&mut cache, &input)
            .map_or(true, |found| found.is_some())
    }
}

impl std::fmt::Debug for MatchOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MatchOnly").finish_non_exhaustive()
    }
}

/// How much of the regex crate's machinery a regex is built with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Build {
    /// For many texts: with a prefilter of its own, and the DFAs unless
    /// the pattern has a relaxed form (see [`build_regex`]).
    Full,
    /// For one short text: the NFA engines only.
    Lean,
}

/// Compiles a pattern, with the regex crate's syntax and limits. A pattern
/// with a relaxed form gets no lazy or full DFA: it only runs where its
/// relaxed form matched (and with a Unicode `\b` the DFAs give up on the
/// first non-ASCII byte anyway); without them its memory, and its caches'
/// on every thread, are halved. It keeps the regex crate's own prefilter,
/// which finds where in a long text a match can start (without it a batch
/// of chat logs took 10 % longer). A lean build has neither: on a short
/// text they gain nothing, and they are most of the compile time.
fn build_regex(pattern: &str, build: Build) -> Result<Regex, String> {
    let hir = regex_syntax::Parser::new()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    let fast = build == Build::Full && !super::relax::relaxes(&hir);
    let config = meta::Config::new()
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .hybrid_cache_capacity(REGEX_DFA_SIZE_LIMIT)
        .hybrid(fast)
        .dfa(fast)
        .auto_prefilter(build == Build::Full);
    meta::Builder::new()
        .configure(config)
        .build_from_hir(&hir)
        .map_err(|e| e.to_string())
}

/// A regex's necessary literals and, with `validate`, the compiled regex;
/// the error text is the regex crate's. Without `validate` (the embedded
/// packs) the literals come from `known` (a generated phrase regex) or the
/// build-time table when they can, and nothing is parsed.
fn prepare(
    pattern: &str,
    validate: bool,
    known: Option<Literals>,
) -> Result<(OnceLock<Regex>, Literals), String> {
    let cell = OnceLock::new();
    if validate {
        let regex = build_regex(pattern, Build::Full)?;
        let _ = cell.set(regex);
    }
    let table = || (!validate).then(|| embedded_literals(pattern)).flatten();
    let literals = match known.or_else(table) {
        Some(literals) => literals,
        None => pattern_literals(pattern)?
            .into_iter()
            .map(|(edges, set)| (edges, set.into_iter().map(Literal::Owned).collect()))
            .collect(),
    };
    Ok((cell, literals))
}

fn regex_error(set: &RuleSet, item: &Item, detail: &str) -> SourceError {
    let mut error = set.sources[item.source].error(
        item.span.clone(),
        "invalid regular expression",
        "this pattern",
    );
    let last = detail.lines().last().unwrap_or("").trim();
    error.help = Some(last.strip_prefix("error: ").unwrap_or(last).to_string());
    error
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn a_literal_inside_a_word_is_at_no_boundary() {
        let text = "the shipping pin, «πιν»x";
        let at = |needle: &str| text.find(needle).unwrap();
        // "pin" inside "shipping": letters on both sides of both ends.
        assert!(!may_be_boundary(text, at("ping") + 3));
        assert!(!may_be_boundary(text, at("pping") + 2));
        // The word "pin": space before, comma after.
        assert!(may_be_boundary(text, at("pin,")));
        assert!(may_be_boundary(text, at(",")));
        // Non-Latin letters count as word characters; text edges and the
        // middle of a character are never ruled out.
        assert!(!may_be_boundary(text, at("ιν")));
        assert!(may_be_boundary(text, at("»")));
        assert!(may_be_boundary(text, 0) && may_be_boundary(text, text.len()));
        assert!(may_be_boundary(text, at("π") + 1));
    }

    #[test]
    fn a_relaxed_regex_answers_yes_or_no_on_any_script() {
        let hir = super::super::relax::relaxed_hir(r"\b(?:καλεστε|call) (\w+) us\b").unwrap();
        let relaxed = MatchOnly::new(&hir).unwrap();
        assert!(relaxed.is_match("please call all us now"));
        assert!(relaxed.is_match("παρακαλεστε όλοι us"));
        assert!(!relaxed.is_match("call them"));
        assert!(!relaxed.is_match("καλεστε μας"));
    }

    #[test]
    fn customer_messages_are_searched_for_triggers_only() {
        let engine = crate::Engine::embedded().unwrap();
        for (index, pack) in engine.rules().packs.iter().enumerate() {
            let compiled = engine.compiled(index);
            let kinds = |m: &Matchers| -> Vec<ListKind> {
                (m.targets.iter().map(|t| t.kind))
                    .chain(m.normalized.iter().chain(&m.raw).map(|r| r.target.kind))
                    .collect()
            };
            let customer = kinds(&compiled.customer);
            assert!(!customer.is_empty(), "{}: no triggers", pack.language);
            assert!(customer.iter().all(|&k| k == ListKind::Trigger));
            assert!(!kinds(&compiled.agent).contains(&ListKind::Trigger));
        }
    }

    #[test]
    fn lean_regexes_find_what_full_ones_find() {
        // A lone draft runs regexes built without DFAs or prefilters; on
        // every example of every embedded pack they find the same spans,
        // capture groups included.
        let spans = |regex: &Regex, text: &str| -> Vec<_> {
            regex
                .captures_iter(text)
                .map(|caps| (caps.get_match().map(|m| m.range()), caps.get_group(1)))
                .collect()
        };
        let mut lean: HashMap<String, Regex> = HashMap::new();
        crate::engine::for_each_example(|compiled, example| {
            let normalized = crate::lang::normalize(example).text;
            let runs = [&compiled.agent, &compiled.customer]
                .into_iter()
                .flat_map(|m| {
                    (m.normalized.iter().map(|r| (r, normalized.as_str())))
                        .chain(m.raw.iter().map(|r| (r, example)))
                });
            for (regex, text) in runs {
                let lean = lean
                    .entry(regex.pattern.to_string())
                    .or_insert_with(|| build_regex(&regex.pattern, Build::Lean).unwrap());
                assert_eq!(
                    spans(lean, text),
                    spans(regex.regex(), text),
                    "{} on {text:?}",
                    regex.pattern
                );
            }
        });
    }
}
