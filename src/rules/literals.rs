//! Necessary literals of a regex: a set of strings one of which every
//! match contains, so that a regex runs only on texts that have one.
//!
//! `build.rs` includes this file too, to compute the literals of the
//! embedded packs' patterns at build time (start-up then parses none).

use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Hir, HirKind, Look};

/// How many sets of necessary literals a pattern keeps (see
/// [`necessary_literal_sets`]).
pub const MAX_SETS: usize = 2;

/// Where a set's literals sit in a match, as bits: each literal starts
/// where the match starts, and the pattern begins with a Unicode `\b`…
pub const AT_BOUNDARY_START: u8 = 1;
/// …or each ends where the match ends, and the pattern ends with one. A
/// literal found in a text elsewhere than at a possible word boundary
/// ("pin" in "shipping" for `\b…(?:pin|password)\b`) is no sign of a match.
pub const AT_BOUNDARY_END: u8 = 2;

/// Sets of necessary literals, each with its [`AT_BOUNDARY_START`] and
/// [`AT_BOUNDARY_END`] bits.
pub type LiteralSets = Vec<(u8, Vec<Vec<u8>>)>;

/// The literal sets of `pattern` (see [`necessary_literal_sets`]), or the
/// parse error as the regex crate words it.
pub fn pattern_literals(pattern: &str) -> Result<LiteralSets, String> {
    let hir = regex_syntax::Parser::new()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    Ok(necessary_literal_sets(&hir))
}

/// Sets of literals such that every match of `hir` contains a literal of
/// each set: the prefixes of the whole pattern, its suffixes, or the
/// prefixes of one part of it (a part of a concatenation is matched by a
/// substring of every match). The most selective set first; a second one
/// only when it is selective on its own, small, and about another part of
/// the pattern (at most [`MAX_SETS`]: a text must contain a literal of each
/// before the pattern runs, so "it's … from" does not run on every text
/// with "from"). Empty when there is no such finite set.
pub fn necessary_literal_sets(hir: &Hir) -> LiteralSets {
    let mut sets: LiteralSets = Vec::new();
    let mut consider = |seq: Seq, edges: u8| {
        let Some(literals) = seq.literals() else {
            return;
        };
        if literals.is_empty() || literals.iter().any(|l| l.as_bytes().is_empty()) {
            return;
        }
        let set: Vec<Vec<u8>> = literals.iter().map(|l| l.as_bytes().to_vec()).collect();
        match sets.iter_mut().find(|(_, known)| *known == set) {
            // The same literals as a prefix and a suffix: either pin holds
            // on its own (not both on one occurrence).
            Some((known_edges, _)) if *known_edges == 0 => *known_edges = edges,
            Some(_) => {}
            None => sets.push((edges, set)),
        }
    };
    let mut inner = hir;
    while let HirKind::Capture(capture) = inner.kind() {
        inner = &capture.sub;
    }
    let parts = match inner.kind() {
        HirKind::Concat(parts) => parts.as_slice(),
        _ => &[],
    };
    let is_boundary =
        |part: Option<&Hir>| matches!(part.map(Hir::kind), Some(HirKind::Look(Look::WordUnicode)));
    let edge = |bit: u8, part| if is_boundary(part) { bit } else { 0 };
    let prefixes = Extractor::new();
    let mut suffixes = Extractor::new();
    suffixes.kind(ExtractKind::Suffix);
    consider(
        prefixes.extract(hir),
        edge(AT_BOUNDARY_START, parts.first()),
    );
    consider(suffixes.extract(hir), edge(AT_BOUNDARY_END, parts.last()));
    for part in parts {
        consider(prefixes.extract(part), 0);
    }
    // Stable: of equally good sets, the first found.
    sets.sort_by_key(|(_, set)| std::cmp::Reverse(score(set)));
    let mut kept = sets.into_iter();
    let Some(best) = kept.next() else {
        return Vec::new();
    };
    let second = kept.find(|(_, set)| {
        score(set).0 >= SELECTIVE_CHARS
            && set.len() <= SECOND_SET_MAX
            && !overlaps(set, &best.1)
            && !overlaps(&best.1, set)
    });
    std::iter::once(best).chain(second).take(MAX_SETS).collect()
}

/// A second set has at most this many literals: each is one more for the
/// prefilter to find, in every text.
const SECOND_SET_MAX: usize = 8;

/// Whether every literal of `a` lies within a literal of `b` (then `a`
/// says little that `b` does not: " from" and "from").
fn overlaps(a: &[Vec<u8>], b: &[Vec<u8>]) -> bool {
    a.iter().all(|x| {
        b.iter()
            .any(|y| y.windows(x.len()).any(|w| w == x.as_slice()))
    })
}

/// Literals of this many characters or more are rare enough in text
/// (Cyrillic and Greek letters are two bytes each).
const SELECTIVE_CHARS: usize = 4;

/// How selective a set is: its shortest literal's length (up to
/// [`SELECTIVE_CHARS`]), then the smaller set (it builds and scans faster).
fn score(set: &[Vec<u8>]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(|l| chars(l)).min().unwrap_or(0);
    (shortest.min(SELECTIVE_CHARS), std::cmp::Reverse(set.len()))
}

/// UTF-8 characters in `bytes` (the bytes that start one).
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets(pattern: &str) -> Vec<Vec<String>> {
        let sets = pattern_literals(pattern).unwrap();
        let text = |(_, set): (u8, Vec<Vec<u8>>)| {
            set.into_iter()
                .map(|l| String::from_utf8(l).unwrap())
                .collect()
        };
        sets.into_iter().map(text).collect()
    }

    fn edges(pattern: &str) -> Vec<u8> {
        let sets = pattern_literals(pattern).unwrap();
        sets.into_iter().map(|(edges, _)| edges).collect()
    }

    #[test]
    fn a_word_boundary_at_an_end_pins_that_end_s_literals() {
        // Suffixes of a pattern that ends with `\b` end at a boundary…
        assert_eq!(edges(r"(?:pin|password|passcode)\b"), [AT_BOUNDARY_END]);
        // …prefixes of one that begins with it start at one (and the same
        // literals as suffixes keep one pin: not both on one occurrence).
        assert_eq!(edges(r"\b(?:pin|password)"), [AT_BOUNDARY_START]);
        assert_eq!(
            edges(r"\b(?:назовите|сообщите|укажите)\b"),
            [AT_BOUNDARY_START]
        );
        // A part's literals are pinned to nothing; nor is an ASCII `\b`.
        assert_eq!(edges(r"(?:^|[.!?] )(account|order) number"), [0, 0]);
        assert_eq!(edges(r"(?-u:\b)(?:pin|password)(?-u:\b)"), [0]);
    }

    /// The most selective set.
    fn literals(pattern: &str) -> Option<Vec<String>> {
        sets(pattern).into_iter().next()
    }

    #[test]
    fn prefixes_suffixes_or_a_part_must_occur() {
        assert_eq!(
            literals(r"\b(?:назовите|сообщите|укажите)\b"),
            Some(vec!["назовите".into(), "сообщите".into(), "укажите".into()])
        );
        // Of several sets, the smaller one of long enough literals.
        assert_eq!(
            literals(r"\b(?:назовите|сообщите) номер\b"),
            Some(vec![" номер".into()])
        );
        // No prefix (it may be empty), but one part is a literal.
        assert_eq!(literals(r"^\s*(nej)\s*[.!]?\s*$"), Some(vec!["nej".into()]));
        assert_eq!(
            literals(r"(?:^|[.!?] )(account|order) number"),
            Some(vec![" number".into()])
        );
        assert_eq!(literals(r"\w+"), None);
        assert!(pattern_literals("(unclosed").is_err());
    }

    #[test]
    fn a_second_set_only_when_selective() {
        // Both the name's lead-in and what follows it must occur.
        assert_eq!(
            sets(r"\bit's ([A-Z][a-z]+) (?:from|here)\b"),
            vec![
                vec!["it's ".to_string()],
                vec![" from".into(), " here".into()]
            ]
        );
        // "nej" is the best set, and no other is selective.
        assert_eq!(sets(r"^\s*(nej)\s*[.!]?\s*$").len(), 1);
    }
}
