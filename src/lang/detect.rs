//! Language detection: the script first (Cyrillic, Greek), then profiles of
//! common words for languages that share a script.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::normalize::{is_cyrillic, is_greek};
use super::script::Script;

/// How much of a text (in bytes) detection reads: a 50 MB message costs no
/// more than a long letter.
const DETECT_MAX_BYTES: usize = 64 * 1024;

/// What a detection found, and how sure it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    pub language: usize,
    /// True when the script alone decided, or the profile scores left no
    /// doubt; a short message with an unsure result should defer to the
    /// conversation's language.
    pub confident: bool,
}

/// Picks one of a set of languages for a text.
#[derive(Clone, Debug, Default)]
pub struct Detector {
    scripts: Vec<Script>,
    /// Normalised profile word → the languages that list it.
    words: HashMap<String, Vec<usize>, FnvBuildHasher>,
}

/// FNV-1a: every word of every message is looked up, and the words are
/// short; the default SipHash costs more than the lookup itself. (The keys
/// are the packs' own words, not input.)
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fnv(u64);

/// Hash maps keyed by the packs' own words (not by input).
pub(crate) type FnvBuildHasher = BuildHasherDefault<Fnv>;

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Detector {
    /// Languages are numbered in the order they are added.
    pub fn add(&mut self, script: Script, profile: &[String]) -> usize {
        let index = self.scripts.len();
        self.scripts.push(script);
        self.words.reserve(profile.len());
        let mut scratch = super::Normalized::default();
        for word in profile {
            // Most profile words are written normalised (a draft's check
            // reads every pack's profile).
            let word = if super::is_normal(word) {
                word.trim()
            } else {
                super::normalize_into(word, &mut scratch);
                scratch.text.trim()
            };
            if word.is_empty() {
                continue;
            }
            match self.words.get_mut(word) {
                Some(languages) if !languages.contains(&index) => languages.push(index),
                Some(_) => {}
                None => {
                    self.words.insert(word.to_string(), vec![index]);
                }
            }
        }
        index
    }

    pub fn len(&self) -> usize {
        self.scripts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scripts.is_empty()
    }

    /// Detects the language of `text`; `None` when nothing points anywhere.
    pub fn detect(&self, text: &str) -> Option<Detection> {
        let mut evidence = Evidence::default();
        self.evidence(text, &super::normalize(text).text, &mut evidence);
        self.decide_one(&evidence)
    }

    /// Detects the language of several texts taken together.
    pub fn detect_all<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Option<Detection> {
        let mut total = Evidence::default();
        let mut one = Evidence::default();
        for text in texts {
            self.evidence(text, &super::normalize(text).text, &mut one);
            total.add(&one);
        }
        self.decide_one(&total)
    }

    /// What `text` (and its normalised form, from
    /// [`super::normalize()`]) says about its language, into `out`.
    pub fn evidence(&self, text: &str, normalized: &str, out: &mut Evidence) {
        self.script_evidence(text, out);
        self.word_evidence(normalized, out);
    }

    /// What the letters of `text` say (their scripts), into `out`, without
    /// its words: enough when [`Detector::needs_words`] says so.
    pub fn script_evidence(&self, text: &str, out: &mut Evidence) {
        // The start of a long text tells its language as well as the whole.
        let text = &text[..crate::transcript::floor_char_boundary(text, DETECT_MAX_BYTES)];
        out.counts = ScriptCounts::default();
        for c in text.chars() {
            out.counts.count(c);
        }
        out.scores.clear();
    }

    /// What the words of `normalized` say (hits of each language's profile
    /// words), into `out`.
    pub fn word_evidence(&self, normalized: &str, out: &mut Evidence) {
        let normalized =
            &normalized[..crate::transcript::floor_char_boundary(normalized, DETECT_MAX_BYTES)];
        out.scores.clear();
        out.scores.resize(self.scripts.len(), 0);
        for word in normalized
            .split(|c: char| !((super::is_word_char(c) && c != '_') || c == '\''))
            .filter(|w| !w.is_empty())
        {
            if let Some(languages) = self.words.get(word) {
                for &language in languages {
                    out.scores[language] += 1;
                }
            }
        }
    }

    /// Whether deciding on `evidence` (alone, or summed with more) needs
    /// its words: not when its letters are mostly of a script that one
    /// language alone is written in (Cyrillic or Greek, say).
    pub fn needs_words(&self, evidence: &Evidence) -> bool {
        self.by_script(evidence.counts.dominant()).is_none()
    }

    /// The only language written in `script`, unless it is Latin.
    fn by_script(&self, script: Option<Script>) -> Option<usize> {
        let script = script.filter(|&s| s != Script::Latin)?;
        let mut of_script = (0..self.scripts.len()).filter(|&i| self.scripts[i] == script);
        match (of_script.next(), of_script.next()) {
            (Some(language), None) => Some(language),
            _ => None,
        }
    }

    /// The language one text's evidence points to.
    pub fn decide_one(&self, evidence: &Evidence) -> Option<Detection> {
        let script = evidence.counts.dominant();
        if evidence.scores.len() == self.scripts.len() {
            return self.decide(script, &evidence.scores);
        }
        let mut scores = evidence.scores.clone();
        scores.resize(self.scripts.len(), 0);
        self.decide(script, &scores)
    }

    /// The language several texts' evidence points to, taken together.
    pub fn decide_all(&self, evidence: &[Evidence]) -> Option<Detection> {
        self.decide_one(&Evidence::sum(evidence))
    }

    fn decide(&self, script: Option<Script>, scores: &[usize]) -> Option<Detection> {
        if let Some(language) = self.by_script(script) {
            return Some(Detection {
                language,
                confident: true,
            });
        }
        let of_script: Vec<usize> = (0..self.scripts.len())
            .filter(|&i| Some(self.scripts[i]) == script)
            .collect();
        // Rank by profile hits; among equals prefer the script's own languages.
        let mut ranked: Vec<usize> = (0..self.scripts.len()).collect();
        ranked.sort_by_key(|&i| (std::cmp::Reverse(scores[i]), !of_script.contains(&i), i));
        let best = *ranked.first()?;
        if scores[best] == 0 {
            return of_script.first().map(|&language| Detection {
                language,
                confident: false,
            });
        }
        let second = ranked.get(1).map_or(0, |&i| scores[i]);
        Some(Detection {
            language: best,
            confident: scores[best] >= 2 && scores[best] >= second * 2,
        })
    }
}

/// What a text says about its language: letters per script, and hits of
/// each language's profile words.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    counts: ScriptCounts,
    scores: Vec<usize>,
}

impl Evidence {
    /// Several texts' evidence taken together.
    pub fn sum(evidence: &[Evidence]) -> Evidence {
        let mut total = Evidence::default();
        for e in evidence {
            total.add(e);
        }
        total
    }

    fn add(&mut self, other: &Evidence) {
        self.counts.add(&other.counts);
        if self.scores.len() < other.scores.len() {
            self.scores.resize(other.scores.len(), 0);
        }
        for (total, score) in self.scores.iter_mut().zip(&other.scores) {
            *total += score;
        }
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct ScriptCounts {
    latin: usize,
    cyrillic: usize,
    greek: usize,
}

impl ScriptCounts {
    fn count(&mut self, c: char) {
        if c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}') {
            self.latin += 1;
        } else if is_cyrillic(c) {
            self.cyrillic += 1;
        } else if is_greek(c) {
            self.greek += 1;
        }
    }

    fn add(&mut self, other: &ScriptCounts) {
        self.latin += other.latin;
        self.cyrillic += other.cyrillic;
        self.greek += other.greek;
    }

    fn dominant(&self) -> Option<Script> {
        let max = self.latin.max(self.cyrillic).max(self.greek);
        if max == 0 {
            None
        } else if self.cyrillic == max {
            Some(Script::Cyrillic)
        } else if self.greek == max {
            Some(Script::Greek)
        } else {
            Some(Script::Latin)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &str) -> Vec<String> {
        list.split_whitespace().map(String::from).collect()
    }

    fn detector() -> Detector {
        let mut d = Detector::default();
        d.add(Script::Latin, &words("the and you your is to we it"));
        d.add(Script::Cyrillic, &words("и в не что вы"));
        d.add(Script::Latin, &words("och att det är jag inte du vi"));
        d.add(Script::Greek, &words("και να το kalimera efxaristo"));
        d
    }

    #[test]
    fn script_decides_for_cyrillic_and_greek() {
        let d = detector();
        assert_eq!(d.detect("Здравствуйте!").unwrap().language, 1);
        assert_eq!(d.detect("Καλημέρα σας").unwrap().language, 3);
    }

    #[test]
    fn words_are_skipped_only_where_the_letters_decide_alone() {
        let d = detector();
        let texts = [
            "Здравствуйте, вы и я",
            "Καλημέρα, και να το δούμε",
            "We are sorry, the parcel is late",
            "kalimera, efxaristo poli",
            "OK и the",
            "Tack, vi och du",
            "12345 ...",
            "",
        ];
        let full = |text: &str| {
            let mut e = Evidence::default();
            d.evidence(text, &super::super::normalize(text).text, &mut e);
            e
        };
        let letters = |text: &str| {
            let mut e = Evidence::default();
            d.script_evidence(text, &mut e);
            e
        };
        for text in texts {
            let expected = d.decide_one(&full(text));
            if !d.needs_words(&letters(text)) {
                assert_eq!(d.decide_one(&letters(text)), expected, "{text:?}");
            }
        }
        // Summed: the conversation decides by its letters only when the
        // sum of its messages' letters does.
        for pair in texts.windows(2) {
            let full_sum = d.decide_all(&[full(pair[0]), full(pair[1])]);
            let letters_sum = [letters(pair[0]), letters(pair[1])];
            if !d.needs_words(&Evidence::sum(&letters_sum)) {
                assert_eq!(d.decide_all(&letters_sum), full_sum, "{pair:?}");
            }
        }
        assert!(!d.needs_words(&letters("Здравствуйте")));
        assert!(d.needs_words(&letters("Hello there")));
    }

    #[test]
    fn profiles_tell_latin_languages_apart() {
        let d = detector();
        assert_eq!(
            d.detect("Jag förstår att det är jobbigt").unwrap().language,
            2
        );
        assert_eq!(
            d.detect("We are sorry, the parcel is late")
                .unwrap()
                .language,
            0
        );
        assert_eq!(d.detect("kalimera, efxaristo poli").unwrap().language, 3);
    }

    #[test]
    fn nothing_to_go_on_is_unsure() {
        let d = detector();
        let found = d.detect("OK").unwrap();
        assert!(!found.confident);
        assert!(d.detect("1234 !!").is_none());
    }
}
