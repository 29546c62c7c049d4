//! Language handling: normalisation for matching and language detection.

pub mod detect;
pub mod normalize;
pub mod script;

pub use detect::{Detection, Detector, Evidence};
pub use normalize::{Normalized, is_normal, normalize, normalize_into};
pub use script::Script;

/// Whether `c` is a word character: a letter, a digit or `_` (what `\w`
/// and word boundaries mean). ASCII, Latin, Greek and Cyrillic letters are
/// told without the Unicode tables, which cost more than the rest of a
/// word-boundary check.
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c {
        '0'..='9' | '_' => true,
        _ => common_letter(c).unwrap_or_else(|| c.is_alphanumeric()),
    }
}

/// Whether `c` is a letter (`char::is_alphabetic`), told without the
/// Unicode tables for ASCII, Latin, Greek and Cyrillic.
#[inline]
pub fn is_letter(c: char) -> bool {
    common_letter(c).unwrap_or_else(|| c.is_alphabetic())
}

/// Whether `c` is a letter, where the ranges of ASCII, Latin, Greek and
/// Cyrillic tell; `None` elsewhere.
#[inline]
fn common_letter(c: char) -> Option<bool> {
    match c {
        'a'..='z' | 'A'..='Z' => Some(true),
        '\0'..='\x7f' => Some(false),
        // Latin-1 letters and Latin Extended-A and -B.
        '\u{C0}'..='\u{24F}' => Some(c != '×' && c != '÷'),
        // Greek letters, with and without tonos.
        '\u{386}' | '\u{388}'..='\u{38A}' | '\u{38C}' | '\u{38E}'..='\u{3A1}' => Some(true),
        '\u{3A3}'..='\u{3CE}' => Some(true),
        // Cyrillic letters.
        '\u{400}'..='\u{481}' | '\u{48A}'..='\u{52F}' => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn word_chars_are_letters_digits_and_underscore() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(
                super::is_word_char(c),
                c.is_alphanumeric() || c == '_',
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn letters_are_what_the_unicode_tables_say() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(
                super::is_letter(c),
                c.is_alphabetic(),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }
}
