//! Necessary literals of a regex: a set of strings one of which every
//! match contains, so that a regex runs only on texts that have one.
//!
//! `build.rs` includes this file too, to compute the literals of the
//! embedded packs' patterns at build time (start-up then parses none).

use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Hir, HirKind};

/// The literals of `pattern` (see [`necessary_literals`]), or the parse
/// error as the regex crate words it.
pub fn pattern_literals(pattern: &str) -> Result<Option<Vec<Vec<u8>>>, String> {
    let hir = regex_syntax::Parser::new()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    Ok(necessary_literals(&hir))
}

/// Literals one of which every match of `hir` contains, the most selective
/// set found: the prefixes of the whole pattern, its suffixes, or the
/// prefixes of one part of it (a part of a concatenation is matched by a
/// substring of every match). `None` when there is no such finite set.
pub fn necessary_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut best: Option<Vec<Vec<u8>>> = None;
    let mut consider = |seq: Seq| {
        let Some(literals) = seq.literals() else {
            return;
        };
        if literals.is_empty() || literals.iter().any(|l| l.as_bytes().is_empty()) {
            return;
        }
        let set: Vec<Vec<u8>> = literals.iter().map(|l| l.as_bytes().to_vec()).collect();
        // Literals of four characters or more are rare enough in text
        // (Cyrillic and Greek letters are two bytes each); among such sets
        // the smaller one builds and scans faster.
        let score = |set: &[Vec<u8>]| {
            let shortest = set.iter().map(|l| chars(l)).min().unwrap_or(0);
            (shortest.min(4), std::cmp::Reverse(set.len()))
        };
        if best.as_ref().is_none_or(|b| score(&set) > score(b)) {
            best = Some(set);
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
    best
}

/// UTF-8 characters in `bytes` (the bytes that start one).
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(pattern: &str) -> Option<Vec<String>> {
        pattern_literals(pattern).unwrap().map(|set| {
            set.into_iter()
                .map(|l| String::from_utf8(l).unwrap())
                .collect()
        })
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
}
