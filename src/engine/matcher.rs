//! Per-message matching: a search of the normalised text for the phrases
//! and the literals of the regexes over it (in a batch or a long text one
//! automaton pass for both; for a lone short text two walks of the sorted
//! literals, see `LiteralSet`), one of the original text for the literals
//! of the regexes over it; then only the regexes whose literals were seen
//! run.

use regex_automata::Input;

use crate::lang::{Normalized, is_word_char};
use crate::rules::{ListKind, Matchers, Search};

/// The longest text searched without a pack's automata, when it is checked
/// on its own or while another thread builds them: walking the sorted
/// literals costs more per byte, but nothing to set up.
const WALK_MAX_BYTES: usize = 16 * 1024;

/// A match of one rule list in a message, in original byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub rule: u16,
    pub kind: ListKind,
    pub start: usize,
    pub end: usize,
    pub suggestion: Option<u32>,
}

/// The prefilters' scratch space, reused from one message to the next.
#[derive(Debug, Default)]
pub struct Candidates {
    seen: Vec<u8>,
    /// The regexes over the normalised text that can match…
    normalized: Vec<u32>,
    /// …and those over the original text.
    raw: Vec<u32>,
}

/// Every hit of the rule lists of `pack` in `text` (normalised as
/// `norm`), appended to `hits`.
pub fn match_normalized(
    pack: &Matchers,
    text: &str,
    norm: &Normalized,
    candidates: &mut Candidates,
    hits: &mut Vec<Hit>,
) {
    // A batch builds the pack's automata once and runs them on every text
    // (short texts are walked while another thread builds them); a lone
    // short text (a draft) is searched without them (see `LiteralSet`).
    let batch = rayon::current_thread_index().is_some();
    let search = match (batch, text.len() <= WALK_MAX_BYTES) {
        (_, false) => Search::Automaton,
        (true, true) => Search::Shared,
        (false, true) => Search::Cheapest,
    };
    match_with(pack, text, norm, search, candidates, hits);
}

/// Like [`match_normalized`], searching the literals as `search` says.
fn match_with(
    pack: &Matchers,
    text: &str,
    norm: &Normalized,
    search: Search,
    candidates: &mut Candidates,
    hits: &mut Vec<Hit>,
) {
    let haystack = norm.text.as_str();
    let at_word_start = |at| haystack.is_char_boundary(at) && starts_word(haystack, at);
    let mut phrase_hit = |phrase: u32, start: usize, end: usize| {
        let whole_word = ends_word(haystack, end);
        for target in pack.phrase_targets(phrase) {
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
    };
    let Candidates {
        seen,
        normalized: normalized_candidates,
        raw: raw_candidates,
    } = candidates;
    if let Some(automaton) = pack.normalized_pass(search) {
        // One pass over the normalised text for the phrases and the
        // prefilter's literals.
        let phrases = pack.phrases.literals().len() as u32;
        let filter = &pack.normalized_filter;
        let mut left = filter.start(seen);
        for m in automaton.find_overlapping_iter(haystack) {
            let (id, start, end) = (m.pattern().as_u32(), m.start(), m.end());
            if id < phrases {
                if at_word_start(start) {
                    phrase_hit(id, start, end);
                }
            } else if left > 0 {
                filter.saw(haystack, id - phrases, start, end, seen, &mut left);
            }
        }
        filter.finish(seen, normalized_candidates);
    } else {
        // A lone short text, or another thread building the automaton.
        let search = pack.apart(search);
        pack.phrases.for_each_match(
            haystack.as_bytes(),
            search,
            at_word_start,
            |phrase, start, end| {
                phrase_hit(phrase, start, end);
                true
            },
        );
        pack.normalized_filter
            .candidates(haystack, search, seen, normalized_candidates);
    }
    pack.raw_filter
        .candidates(text, search, seen, raw_candidates);
    // A batch asks each regex's fast relaxed form first; a lone draft
    // (checked off the pool) would spend more compiling it than it saves.
    let batch = rayon::current_thread_index().is_some();
    for &index in normalized_candidates.iter() {
        let compiled = &pack.normalized[index as usize];
        if batch && !compiled.could_match(haystack) {
            continue;
        }
        let regex = compiled.for_search(search);
        let mut caps = regex.create_captures();
        let mut at = 0;
        while at <= haystack.len() {
            regex.search_captures(&Input::new(haystack).span(at..haystack.len()), &mut caps);
            let Some(whole) = caps.get_match() else {
                break;
            };
            let span = caps.get_group(1).unwrap_or(whole.span());
            let (start, end) = (span.start, span.end);
            let ok = !compiled.check_boundaries
                || (starts_word(haystack, whole.start()) && ends_word(haystack, whole.end()));
            if ok && end > start {
                hits.push(Hit {
                    rule: compiled.target.rule,
                    kind: compiled.target.kind,
                    start: norm.original(start),
                    end: norm.original(end),
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
    for &index in raw_candidates.iter() {
        let compiled = &pack.raw[index as usize];
        if batch && !compiled.could_match(text) {
            continue;
        }
        for caps in compiled.for_search(search).captures_iter(text) {
            let Some(whole) = caps.get_match() else {
                continue;
            };
            let span = caps.get_group(1).unwrap_or(whole.span());
            if span.end > span.start {
                hits.push(Hit {
                    rule: compiled.target.rule,
                    kind: compiled.target.kind,
                    start: span.start,
                    end: span.end,
                    suggestion: compiled.target.suggestion,
                });
            }
        }
    }
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

    #[test]
    fn a_lone_text_gets_the_hits_a_batch_gets() {
        // Walking the sorted literals finds what the automata find, in an
        // order that `live_hits` sorts the same way, on every example of
        // every embedded pack.
        let mut candidates = Candidates::default();
        crate::engine::for_each_example(|compiled, example| {
            let norm = crate::lang::normalize(example);
            for matchers in [&compiled.agent, &compiled.customer] {
                let mut hits = |search| {
                    let mut hits = Vec::new();
                    match_with(matchers, example, &norm, search, &mut candidates, &mut hits);
                    hits.sort_by_key(|h: &Hit| (h.start, std::cmp::Reverse(h.end)));
                    hits
                };
                let walked = hits(Search::Walk);
                assert_eq!(walked, hits(Search::Automaton), "{example:?}");
            }
        });
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
