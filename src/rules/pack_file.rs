//! A pack file as written, and the same file as static data.
//!
//! Parsing the embedded packs' TOML was a third of a lone draft's check.
//! `build.rs` (which includes this file) parses them once, at build time,
//! and writes each out as a [`StaticPack`]. Start-up takes a pack's header
//! (language, script, profile, labels) from it; when a check first needs
//! the pack's entries, [`StaticPack::to_file`] rebuilds the [`PackFile`]
//! that parsing would have given, spans included, so every later step
//! (merging, validation, error messages) is the same for embedded and user
//! packs.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::lang::Script;

/// Speaker labels of a language.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    #[serde(default)]
    pub agent: Vec<String>,
    #[serde(default)]
    pub customer: Vec<String>,
    #[serde(default)]
    pub system: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub language: Spanned<String>,
    pub name: Option<String>,
    pub script: Option<Script>,
    #[serde(default)]
    pub profile: Vec<String>,
    #[serde(default)]
    pub labels: Labels,
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<EntryFile>>,
}

/// A phrase, pattern or example: borrowed from the binary for the
/// embedded packs (thousands of them, at every start), owned otherwise.
pub type Text = Cow<'static, str>;

pub type Strings = Vec<Spanned<Text>>;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EntryFile {
    #[serde(default)]
    pub phrases: Strings,
    pub suggestion: Option<String>,
    #[serde(default)]
    pub suggestions: BTreeMap<Spanned<Text>, String>,
    #[serde(default)]
    pub patterns: Strings,
    #[serde(default)]
    pub raw_patterns: Strings,
    #[serde(default)]
    pub exceptions: Strings,
    #[serde(default)]
    pub unless: Strings,
    #[serde(default)]
    pub triggers: Strings,
    pub not_applicable: Option<String>,
    #[serde(default)]
    pub examples: ExamplesFile,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ExamplesFile {
    #[serde(default)]
    pub fire: Strings,
    #[serde(default)]
    pub pass: Strings,
}

/// A string of a [`StaticPack`]: where it is in the pack's `strings`
/// (offsets, not `&str`s: thousands of pointers in static data would each
/// need a relocation when the program starts), and its byte span in the
/// pack file.
#[derive(Clone, Copy)]
pub struct StaticStr {
    pub at: u32,
    pub len: u32,
    pub start: u32,
    pub end: u32,
}

/// A [`PackFile`] as static data (written by `build.rs`).
pub struct StaticPack {
    /// Every string of the pack, one after the other.
    pub strings: &'static str,
    pub language: StaticStr,
    pub name: Option<&'static str>,
    pub script: Option<Script>,
    pub profile: &'static [&'static str],
    /// Agent, customer and system labels.
    pub labels: [&'static [&'static str]; 3],
    pub rules: &'static [StaticEntry],
}

/// An [`EntryFile`] as static data.
pub struct StaticEntry {
    pub id: StaticStr,
    /// The span of the entry's table.
    pub span: (usize, usize),
    pub phrases: &'static [StaticStr],
    pub suggestion: Option<&'static str>,
    pub suggestions: &'static [(StaticStr, &'static str)],
    pub patterns: &'static [StaticStr],
    pub raw_patterns: &'static [StaticStr],
    pub exceptions: &'static [StaticStr],
    pub unless: &'static [StaticStr],
    pub triggers: &'static [StaticStr],
    pub not_applicable: Option<&'static str>,
    pub fire: &'static [StaticStr],
    pub pass: &'static [StaticStr],
}

impl StaticPack {
    /// The file that parsing the pack's TOML gives.
    pub fn to_file(&self) -> PackFile {
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        PackFile {
            language: spanned(self.text(&self.language)),
            name: self.name.map(str::to_string),
            script: self.script,
            profile: strings(self.profile),
            labels: Labels {
                agent: strings(self.labels[0]),
                customer: strings(self.labels[1]),
                system: strings(self.labels[2]),
            },
            rules: self
                .rules
                .iter()
                .map(|entry| {
                    let span = entry.span.0..entry.span.1;
                    let id = spanned(self.text(&entry.id));
                    (id, Spanned::new(span, entry.to_file(self)))
                })
                .collect(),
        }
    }
}

impl StaticPack {
    /// The pack's language, as written.
    pub fn language(&self) -> &'static str {
        self.text(&self.language).0
    }

    /// Whether the pack has an entry for `rule` that applies.
    pub fn applies(&self, rule: &str) -> bool {
        self.rules
            .iter()
            .any(|entry| self.text(&entry.id).0 == rule && entry.not_applicable.is_none())
    }

    /// A string of the pack, with its span.
    fn text(&self, s: &StaticStr) -> (&'static str, std::ops::Range<usize>) {
        let at = s.at as usize;
        (
            &self.strings[at..at + s.len as usize],
            s.start as usize..s.end as usize,
        )
    }
}

impl StaticEntry {
    fn to_file(&self, pack: &StaticPack) -> EntryFile {
        let borrowed = |s: &StaticStr| {
            let (text, span) = pack.text(s);
            Spanned::new(span, Cow::Borrowed(text))
        };
        let items = |list: &[StaticStr]| list.iter().map(borrowed).collect();
        EntryFile {
            phrases: items(self.phrases),
            suggestion: self.suggestion.map(str::to_string),
            suggestions: self
                .suggestions
                .iter()
                .map(|(phrase, suggestion)| (borrowed(phrase), suggestion.to_string()))
                .collect(),
            patterns: items(self.patterns),
            raw_patterns: items(self.raw_patterns),
            exceptions: items(self.exceptions),
            unless: items(self.unless),
            triggers: items(self.triggers),
            not_applicable: self.not_applicable.map(str::to_string),
            examples: ExamplesFile {
                fire: items(self.fire),
                pass: items(self.pass),
            },
        }
    }
}

fn spanned((text, span): (&str, std::ops::Range<usize>)) -> Spanned<String> {
    Spanned::new(span, text.to_string())
}
