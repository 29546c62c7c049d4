//! Necessary literals of a regex: a set of strings one of which every
//! match contains, so that a regex runs only on texts that have one.
//!
//! `build.rs` includes this file too, to compute the literals of the
//! embedded packs' patterns at build time (start-up then parses none).

use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Hir, HirKind};

/// How many sets of necessary literals a pattern keeps (see
/// [`necessary_literal_sets`]).
pub const MAX_SETS: usize = 2;

/// The literal sets of `pattern` (see [`necessary_literal_sets`]), or the
/// parse error as the regex crate words it.
pub fn pattern_literals(pattern: &str) -> Result<Vec<Vec<Vec<u8>>>, String> {
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
pub fn necessary_literal_sets(hir: &Hir) -> Vec<Vec<Vec<u8>>> {
    let mut sets: Vec<Vec<Vec<u8>>> = Vec::new();
    let mut consider = |seq: Seq| {
        let Some(literals) = seq.literals() else {
            return;
        };
        if literals.is_empty() || literals.iter().any(|l| l.as_bytes().is_empty()) {
            return;
        }
        let set: Vec<Vec<u8>> = literals.iter().map(|l| l.as_bytes().to_vec()).collect();
        if !sets.contains(&set) {
            sets.push(set);
        }
    };
    let prefixes = Extractor::new();
    let mut suffixes = Extractor::new();
    suffixes.kind(ExtractKind::Suffix);
    consider(prefixes.extract(hir));
    consider(suffixes.extract(hir));
    let mut inner = hir;
    while let HirKind::Capture(capture) = inner.kind() {
        inner = &capture.sub;
    }
    if let HirKind::Concat(parts) = inner.kind() {
        for part in parts {
            consider(prefixes.extract(part));
        }
    }
    // Stable: of equally good sets, the first found.
    sets.sort_by_key(|set| std::cmp::Reverse(score(set)));
    let mut kept = sets.into_iter();
    let Some(best) = kept.next() else {
        return Vec::new();
    };
    let second = kept.find(|set| {
        score(set).0 >= SELECTIVE_CHARS
            && set.len() <= SECOND_SET_MAX
            && !overlaps(set, &best)
            && !overlaps(&best, set)
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
        let text = |set: Vec<Vec<u8>>| {
            set.into_iter()
                .map(|l| String::from_utf8(l).unwrap())
                .collect()
        };
        sets.into_iter().map(text).collect()
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
