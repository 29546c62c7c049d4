//! A relaxed pattern: one that matches wherever the pattern does, and is
//! cheap to run and to keep. The relaxed regex is asked first whether there
//! can be a match at all, and the pattern itself runs only when there can.
//!
//! - Unicode word boundaries are removed (an assertion removed only widens
//!   a regex). With a Unicode `\b` the regex crate's lazy DFA gives up at
//!   the first non-ASCII byte, and a Russian, Swedish or Greek message fell
//!   to the slow engines.
//! - A large Unicode class (`\w`, `\p{L}`) is widened to its ASCII part
//!   plus every non-ASCII character: still a superset, and a few states
//!   instead of thousands, which are most of a regex's memory and of its
//!   caches on every thread.

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};

/// Classes with more ranges than this are widened.
const WIDEN_RANGES: usize = 16;

/// The relaxed pattern, parsed, or `None` when relaxing changes nothing
/// (or the pattern does not parse: its own compilation reports that).
pub fn relaxed_hir(pattern: &str) -> Option<Hir> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut changed = false;
    let relaxed = relax(&hir, &mut changed);
    changed.then_some(relaxed)
}

/// The relaxed pattern as a regex (see [`relaxed_hir`]).
#[cfg(test)]
pub fn relaxed_pattern(pattern: &str) -> Option<String> {
    relaxed_hir(pattern).map(|hir| hir.to_string())
}

/// Whether a parsed pattern has a relaxed form (see [`relaxed_hir`]).
pub fn relaxes(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Look(look) => is_unicode_word_boundary(*look),
        HirKind::Class(Class::Unicode(class)) => class.ranges().len() > WIDEN_RANGES,
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => false,
        HirKind::Repetition(rep) => relaxes(&rep.sub),
        HirKind::Capture(cap) => relaxes(&cap.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().any(relaxes),
    }
}

fn is_unicode_word_boundary(look: Look) -> bool {
    matches!(
        look,
        Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode
    )
}

fn relax(hir: &Hir, changed: &mut bool) -> Hir {
    match hir.kind() {
        HirKind::Look(look) if is_unicode_word_boundary(*look) => {
            *changed = true;
            Hir::empty()
        }
        HirKind::Class(Class::Unicode(class)) if class.ranges().len() > WIDEN_RANGES => {
            *changed = true;
            Hir::class(Class::Unicode(widen(class)))
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => hir.clone(),
        HirKind::Repetition(rep) => {
            let mut rep = rep.clone();
            rep.sub = Box::new(relax(&rep.sub, changed));
            Hir::repetition(rep)
        }
        HirKind::Capture(cap) => {
            let mut cap = cap.clone();
            cap.sub = Box::new(relax(&cap.sub, changed));
            Hir::capture(cap)
        }
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(|p| relax(p, changed)).collect()),
        HirKind::Alternation(parts) => {
            Hir::alternation(parts.iter().map(|p| relax(p, changed)).collect())
        }
    }
}

/// The class's ASCII characters and every non-ASCII one.
fn widen(class: &ClassUnicode) -> ClassUnicode {
    let ascii = class
        .ranges()
        .iter()
        .filter(|r| r.start() <= '\x7f')
        .map(|r| ClassUnicodeRange::new(r.start(), r.end().min('\x7f')));
    let mut wide = ClassUnicode::new(ascii);
    wide.union(&ClassUnicode::new([ClassUnicodeRange::new(
        '\u{80}',
        char::MAX,
    )]));
    wide
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_go_and_everything_else_stays() {
        let relaxed = relaxed_pattern(r"\b(?:καλεστε|call) us\b").unwrap();
        let regex = regex::Regex::new(&relaxed).unwrap();
        assert!(regex.is_match("παρακαλεστε us"));
        assert!(regex.is_match("call us"));
        assert!(!regex.is_match("call them"));
        assert_eq!(relaxed_pattern(r"(?:^|[.!?] )(sorry)$"), None);
        assert!(relaxed_pattern(r"you \w+ the wrong").is_some());
        assert_eq!(relaxed_pattern(r"(oops"), None);
    }

    #[test]
    fn the_relaxed_pattern_matches_wherever_the_pattern_does() {
        let pattern = r"\b(\w+s fel)\b|\bsorry\B|\bσασ \p{L}+ (?:η|ο) \w+";
        let strict = regex::Regex::new(pattern).unwrap();
        let relaxed = regex::Regex::new(&relaxed_pattern(pattern).unwrap()).unwrap();
        assert!(relaxed.as_str().len() < 200, "{relaxed}");
        for text in [
            "det är postens fel",
            "sorryy",
            "sorry",
            "ärendets fel!",
            "x",
            "σασ μιλαει η άννα",
            "σασ μιλαει ο 3",
        ] {
            if strict.is_match(text) {
                assert!(relaxed.is_match(text), "{text}");
            }
        }
    }
}
