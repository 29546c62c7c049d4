//! Per-message matching: one automaton pass and one regex-set pass over the
//! normalised text, one regex-set pass over the original text.

use regex::RegexSet;

use crate::lang::{Normalized, normalize_into};
use crate::rules::{CompiledPack, ListKind};

/// A match of one rule list in a message, in original byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub rule: u16,
    pub kind: ListKind,
    pub start: usize,
    pub end: usize,
    pub suggestion: Option<u32>,
}

/// Buffers reused from one message to the next.
#[derive(Default)]
pub struct Scratch {
    normalized: Normalized,
}

/// Every hit of every rule list of `pack` in `text`.
pub fn match_message(pack: &CompiledPack, text: &str, scratch: &mut Scratch, hits: &mut Vec<Hit>) {
    hits.clear();
    normalize_into(text, &mut scratch.normalized);
    let norm = &scratch.normalized;
    let haystack = norm.text.as_str();
    if let Some(automaton) = &pack.automaton {
        for m in automaton.find_overlapping_iter(haystack) {
            let (start, end) = (m.start(), m.end());
            if !starts_word(haystack, start) {
                continue;
            }
            let whole_word = ends_word(haystack, end);
            for target in &pack.phrase_targets[m.pattern().as_usize()] {
                if target.stem || whole_word {
                    let end = if target.stem {
                        word_end(haystack, end)
                    } else {
                        end
                    };
                    hits.push(Hit {
                        rule: target.rule,
                        kind: target.kind,
                        start: norm.original(start),
                        end: norm.original(end),
                        suggestion: target.suggestion,
                    });
                }
            }
        }
    }
    if !pack.normalized.is_empty() {
        for index in matching(
            pack.normalized_set.as_ref(),
            pack.normalized.len(),
            haystack,
        ) {
            let compiled = &pack.normalized[index];
            let mut at = 0;
            while at <= haystack.len() {
                let Some(caps) = compiled.regex.captures_at(haystack, at) else {
                    break;
                };
                let whole = caps.get(0).expect("group 0");
                let span = caps.get(1).unwrap_or(whole);
                let ok = !compiled.check_boundaries
                    || (starts_word(haystack, whole.start()) && ends_word(haystack, whole.end()));
                if ok && span.end() > span.start() {
                    hits.push(Hit {
                        rule: compiled.target.rule,
                        kind: compiled.target.kind,
                        start: norm.original(span.start()),
                        end: norm.original(span.end()),
                        suggestion: compiled.target.suggestion,
                    });
                }
                at = if ok && whole.end() > whole.start() {
                    whole.end()
                } else if ok {
                    next_char(haystack, whole.start())
                } else {
                    next_word_start(haystack, whole.start())
                };
            }
        }
    }
    if !pack.raw.is_empty() {
        for index in matching(pack.raw_set.as_ref(), pack.raw.len(), text) {
            let compiled = &pack.raw[index];
            for caps in compiled.regex.captures_iter(text) {
                let whole = caps.get(0).expect("group 0");
                let span = caps.get(1).unwrap_or(whole);
                if span.end() > span.start() {
                    hits.push(Hit {
                        rule: compiled.target.rule,
                        kind: compiled.target.kind,
                        start: span.start(),
                        end: span.end(),
                        suggestion: compiled.target.suggestion,
                    });
                }
            }
        }
    }
}

/// The patterns of a list that match `text`, as its set says; every pattern
/// when the set could not be built (a pack too big for one set is slower,
/// but loses no match).
fn matching(set: Option<&RegexSet>, count: usize, text: &str) -> Vec<usize> {
    match set {
        Some(set) => set.matches(text).into_iter().collect(),
        None => (0..count).collect(),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn starts_word(text: &str, at: usize) -> bool {
    let first = text[at..].chars().next();
    let before = text[..at].chars().next_back();
    !(first.is_some_and(is_word_char) && before.is_some_and(is_word_char))
}

fn ends_word(text: &str, at: usize) -> bool {
    let last = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    !(last.is_some_and(is_word_char) && after.is_some_and(is_word_char))
}

/// The end of the word that continues at `at` (for stems).
fn word_end(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| !is_word_char(*c))
        .map_or(text.len(), |(i, _)| at + i)
}

/// Where to look for the next match after one at `at` failed its word
/// boundaries: no match can start strictly inside a run of word characters,
/// so such a run is skipped whole. Retrying at every character of a long
/// word (a pasted base64 blob, a 50 MB line without spaces) would cost the
/// word's length once per character.
fn next_word_start(text: &str, at: usize) -> usize {
    let next = next_char(text, at);
    if next < text.len() && !starts_word(text, next) {
        word_end(text, next)
    } else {
        next
    }
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len() + 1, |c| at + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn english() -> CompiledPack {
        let set = RuleSet::embedded().unwrap();
        let pack = set.pack("en").unwrap();
        CompiledPack::compile(&set, pack).unwrap()
    }

    fn hits(pack: &CompiledPack, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        match_message(pack, text, &mut Scratch::default(), &mut hits);
        hits.sort_by_key(|h| (h.start, h.end, h.rule, h.kind as u8));
        hits
    }

    #[test]
    fn without_its_regex_sets_a_pack_finds_the_same() {
        let text = "Please be advised that you must have entered the wrong code. \
                    We can't refund it, it's company policy; you'll find the form on our website.";
        let with_sets = english();
        let mut without = english();
        assert!(with_sets.normalized_set.is_some() && !with_sets.normalized.is_empty());
        without.normalized_set = None;
        without.raw_set = None;
        let expected = hits(&with_sets, text);
        assert!(expected.len() > 3, "{expected:?}");
        assert_eq!(hits(&without, text), expected);
    }

    #[test]
    fn a_failed_boundary_skips_the_rest_of_the_word() {
        let text = "abcdef xyz";
        assert_eq!(next_word_start(text, 1), 6);
        assert_eq!(next_word_start(text, 5), 6);
        assert_eq!(next_word_start(text, 6), 7);
        assert_eq!(next_word_start("é!", 0), 2);
        assert_eq!(next_word_start("ab", 1), 2);
        assert_eq!(next_word_start("ab", 2), 3);
    }
}
