//! Text normalisation for matching, with a map back to original offsets.
//!
//! Both phrases and message text go through [`normalize`], so matching is
//! case-insensitive, ignores Greek accents and final sigma, treats «ё» as «е»,
//! folds compatibility characters (NFKC) and curly apostrophes, and sees every
//! run of white space as one space.

use unicode_normalization::UnicodeNormalization;

/// Normalised text and, for every byte of it, the byte offset in the
/// original text it came from.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    pub text: String,
    /// `map[i]` is the original offset of normalised byte `i`; one more entry
    /// maps the end. Empty when the mapping is the identity (ASCII input
    /// without repeated white space).
    map: Vec<u32>,
}

impl Normalized {
    /// The original byte offset of normalised byte `offset`.
    pub fn original(&self, offset: usize) -> usize {
        if self.map.is_empty() {
            offset
        } else {
            self.map[offset.min(self.map.len() - 1)] as usize
        }
    }
}

/// Normalises `text` for matching (see the module documentation).
pub fn normalize(text: &str) -> Normalized {
    let mut out = Normalized::default();
    normalize_into(text, &mut out);
    out
}

/// Like [`normalize`], reusing `out`'s buffers.
pub fn normalize_into(text: &str, out: &mut Normalized) {
    out.text.clear();
    out.map.clear();
    if is_identity(text) {
        out.text.push_str(text);
        out.text.make_ascii_lowercase();
        return;
    }
    out.text.reserve(text.len());
    out.map.reserve(text.len() + 1);
    let mut previous_space = false;
    // The last base character and where its output starts in `out.text`:
    // a combining mark right after it may compose with it.
    let mut previous_base: Option<(char, usize)> = None;
    for (offset, c) in text.char_indices() {
        let at = offset as u32;
        if c.is_whitespace() {
            if !previous_space {
                push(out, ' ', at);
            }
            previous_space = true;
            previous_base = None;
            continue;
        }
        previous_space = false;
        if c.is_ascii() {
            previous_base = Some((c, out.text.len()));
            push(out, c.to_ascii_lowercase(), at);
            continue;
        }
        if is_combining_mark(c) {
            match previous_base {
                // Greek accents and the diaeresis of «ё» are dropped.
                Some((base, _)) if is_greek(base) => continue,
                Some(('е' | 'Е', _)) if c == '\u{0308}' => continue,
                Some((base, keep)) => {
                    // Compose with the base written just before (å as a + ring).
                    if let Some(composed) = unicode_normalization::char::compose(base, c) {
                        let lower = composed.to_lowercase().next().unwrap_or(composed);
                        let base_at = out.map.get(keep).copied().unwrap_or(at);
                        out.text.truncate(keep);
                        out.map.truncate(keep);
                        push(out, lower, base_at);
                        previous_base = Some((composed, keep));
                        continue;
                    }
                    // A mark that does not compose blocks the ones after it
                    // (h + acute + diaeresis is not ḧ + acute).
                    push(out, c, at);
                    previous_base = None;
                    continue;
                }
                None => {
                    push(out, c, at);
                    continue;
                }
            }
        }
        previous_base = Some((c, out.text.len()));
        match c {
            // Russian letters, the bulk of a Russian text, without tables.
            'а'..='я' => push(out, c, at),
            'А'..='Я' => push(out, char::from_u32(c as u32 + 0x20).unwrap_or(c), at),
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '\u{2032}' => push(out, '\'', at),
            'ё' | 'Ё' => push(out, 'е', at),
            'ς' => push(out, 'σ', at),
            // Greek letters without accents, the bulk of a Greek text,
            // without tables (U+03A2 is unassigned).
            'α'..='ω' => push(out, c, at),
            'Α'..='Ρ' | 'Σ'..='Ω' => {
                push(out, char::from_u32(c as u32 + 0x20).unwrap_or(c), at)
            }
            _ if is_greek(c) => push_greek(out, c, at),
            _ if needs_compatibility_folding(c) => {
                for folded in std::iter::once(c).nfkc() {
                    push_lower(out, folded, at);
                }
            }
            _ => push_lower(out, c, at),
        }
    }
    out.map.push(text.len() as u32);
}

/// Whether `text` is normalised already: [`normalize`] would give it back
/// unchanged (ASCII, lower case, single spaces). Most phrases of a pack
/// are, and can be used as written.
pub fn is_normal(text: &str) -> bool {
    is_identity(text) && !text.bytes().any(|b| b.is_ascii_uppercase())
}

/// ASCII text without tabs, newlines or repeated spaces normalises to its
/// lower-case self, byte for byte.
fn is_identity(text: &str) -> bool {
    let mut previous_space = false;
    for &b in text.as_bytes() {
        let space = b == b' ';
        if !b.is_ascii() || (!space && b.is_ascii_whitespace()) || (space && previous_space) {
            return false;
        }
        previous_space = space;
    }
    true
}

fn push(out: &mut Normalized, c: char, at: u32) {
    out.text.push(c);
    for _ in 0..c.len_utf8() {
        out.map.push(at);
    }
}

fn push_lower(out: &mut Normalized, c: char, at: u32) {
    if c.is_lowercase() || !c.is_alphabetic() {
        push(out, c, at);
    } else {
        for lower in c.to_lowercase() {
            push(out, lower, at);
        }
    }
}

fn push_greek(out: &mut Normalized, c: char, at: u32) {
    let base = strip_greek_accent(c);
    for lower in base.to_lowercase() {
        push(out, if lower == 'ς' { 'σ' } else { lower }, at);
    }
}

/// The Greek letter without tonos, dialytika or polytonic marks.
pub fn strip_greek_accent(c: char) -> char {
    match c {
        'ά' => 'α',
        'έ' => 'ε',
        'ή' => 'η',
        'ί' | 'ϊ' | 'ΐ' => 'ι',
        'ό' => 'ο',
        'ύ' | 'ϋ' | 'ΰ' => 'υ',
        'ώ' => 'ω',
        'Ά' => 'Α',
        'Έ' => 'Ε',
        'Ή' => 'Η',
        'Ί' | 'Ϊ' => 'Ι',
        'Ό' => 'Ο',
        'Ύ' | 'Ϋ' => 'Υ',
        'Ώ' => 'Ω',
        '\u{1F00}'..='\u{1FFF}' => {
            let mut base = c;
            unicode_normalization::char::decompose_canonical(c, |d| {
                if !is_combining_mark(d) && base == c {
                    base = d;
                }
            });
            base
        }
        _ => c,
    }
}

pub fn is_greek(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}')
}

pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

/// Characters whose NFKC form differs from themselves are rare outside a few
/// blocks; letters of the common European scripts are left alone.
fn needs_compatibility_folding(c: char) -> bool {
    !matches!(c,
        '\u{00C0}'..='\u{024F}' // Latin-1 letters, Latin Extended-A/B
        | '\u{0400}'..='\u{052F}' // Cyrillic
        | '\u{2010}'..='\u{2015}' // dashes
        | '\u{201C}'..='\u{201E}' | '\u{00AB}' | '\u{00BB}' // quotation marks
        | '\u{2026}' // ellipsis: folding would turn it into three dots
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_text_is_what_normalising_gives_back() {
        // Normal text normalises to itself; the test is ASCII-only, so it
        // says no to some text that does too (`é`).
        for text in ["thank you", "we'll check", "x", ""] {
            assert!(is_normal(text), "{text:?}");
            assert_eq!(normalize(text).text, text);
        }
        for text in ["Thank you", "a  b", "a\tb", "’", "é"] {
            assert!(!is_normal(text), "{text:?}");
        }
    }

    fn norm(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn every_greek_character_folds_as_the_unicode_tables_say() {
        // The unaccented letters take a shortcut: it must agree with the
        // general path (accent stripped, lower-cased, final sigma folded).
        for c in ('\u{0370}'..='\u{03FF}').chain('\u{1F00}'..='\u{1FFF}') {
            let expected: String = strip_greek_accent(c)
                .to_lowercase()
                .map(|l| if l == 'ς' { 'σ' } else { l })
                .collect();
            assert_eq!(norm(&c.to_string()), expected, "{c:?} (U+{:04X})", c as u32);
        }
    }

    #[test]
    fn greek_accents_case_and_final_sigma_fold_together() {
        assert_eq!(norm("Ευχαριστούμε"), "ευχαριστουμε");
        assert_eq!(norm("ΕΥΧΑΡΙΣΤΟΎΜΕ"), "ευχαριστουμε");
        assert_eq!(norm("ευχαριστουμε"), "ευχαριστουμε");
        assert_eq!(norm("Καλησπέρας"), "καλησπερασ");
        assert_eq!(norm("προϊόν"), "προιον");
    }

    #[test]
    fn russian_yo_is_ye_and_short_i_is_kept() {
        assert_eq!(norm("Всё ещё"), "все еще");
        assert_eq!(norm("Е\u{0308}лка"), "елка");
        assert_eq!(norm("Спасибо, мой друг"), "спасибо, мой друг");
    }

    #[test]
    fn swedish_letters_stay_letters() {
        assert_eq!(norm("Får ÄNDÅ Öl"), "får ändå öl");
        assert_eq!(norm("a\u{030A}r"), "år");
    }

    #[test]
    fn white_space_runs_and_apostrophes_fold() {
        assert_eq!(norm("I\u{2019}ll  be\n\tthere"), "i'll be there");
        assert_eq!(norm("ﬁle ＡＢ"), "file ab");
    }

    #[test]
    fn offsets_map_back_to_original_characters() {
        let text = "ΚΑΛΗΜΈΡΑ  σας, Ёлка";
        let n = normalize(text);
        let i = n.text.find("σασ").unwrap();
        assert_eq!(&text[n.original(i)..n.original(i + "σασ".len())], "σας");
        let j = n.text.find("елка").unwrap();
        assert_eq!(&text[n.original(j)..n.original(j + "елка".len())], "Ёлка");
        let k = n.text.find("καλημερα").unwrap();
        assert_eq!(
            &text[n.original(k)..n.original(k + "καλημερα".len())],
            "ΚΑΛΗΜΈΡΑ"
        );
    }

    #[test]
    fn a_mark_that_does_not_compose_blocks_the_next() {
        // Found by the property tests: `h` + acute (no precomposed form)
        // + diaeresis composed `ḧ` over the acute and cut a character in
        // two (a panic).
        let n = normalize("h\u{301}\u{308} ");
        assert_eq!(n.text, "h\u{301}\u{308} ");
        assert_eq!(n.original(1), 1);
        // `İ` (I + dot above) lower-cases to two characters; a mark after it
        // must cut at the base's own start.
        let n = normalize("xI\u{307}\u{301}");
        assert!(n.text.starts_with('x'));
        // Marks that do compose keep composing: a + ring + acute is ǻ.
        assert_eq!(normalize("a\u{30A}\u{301}").text, "ǻ");
    }

    #[test]
    fn ascii_fast_path_is_identity_mapped() {
        let n = normalize("Hello There");
        assert_eq!(n.text, "hello there");
        assert_eq!(n.original(6), 6);
    }
}
