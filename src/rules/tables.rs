//! The embedded packs' matchers, compiled ahead of time: what
//! [`CompiledPack::compile`] makes of each embedded pack (its phrases read,
//! normalised and sorted with the rule lists they stand in, each pattern's
//! prefilter literals sorted with the patterns they stand in) is stored as
//! static tables in `src/rules/embedded_tables.rs`, and a check that meets
//! the language takes them from there. Compiling the English pack was half
//! the instructions of a draft's check.
//!
//! The tables are written by the same compiler, never by hand: a test
//! fails when they differ from what it makes of the packs, and
//! `COUTH_BLESS=1 cargo test embedded_tables` rewrites them. Each pack's
//! table records a hash of the files it was compiled from (the catalog and
//! the pack, see `build.rs`): a pack edited since is compiled at start-up
//! instead, so stale tables can cost time but never change a finding.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::OnceLock;

use super::compile::{CompiledPack, CompiledRegex, ListKind, Matchers, Prefilter, Target};
use super::literal_set::{LazyAutomaton, LiteralSet};
use super::pack::{Pack, RuleSet};
use super::pack_file::Text;

/// A string of a pack's tables: its byte range in `PackTables::strings`
/// or `PackTables::bytes` (offsets, not `&str`s, which would each need a
/// relocation at start-up on a position-independent executable).
pub type Span = (u32, u32);

/// The bit of a span's start that places it in [`PackTables::bytes`].
const IN_BYTES: u32 = 1 << 31;

/// One embedded pack, compiled.
pub struct PackTables {
    /// The pack's file in `rules/`.
    pub file: &'static str,
    /// The hash of the files the tables were compiled from (see `build.rs`).
    pub hash: u64,
    /// Every string below, one after the other…
    pub strings: &'static str,
    /// …but those that are not UTF-8 text (a prefilter's literal can end
    /// inside a character), whose spans start with `IN_BYTES`.
    pub bytes: &'static [u8],
    pub language: Span,
    pub suggestions: &'static [Span],
    pub applies: &'static [bool],
    pub agent: MatcherTables,
    pub customer: MatcherTables,
}

/// A [`Matchers`] as static data.
pub struct MatcherTables {
    pub phrases: &'static [Span],
    pub targets: &'static [Target],
    pub target_ends: &'static [u32],
    /// Pattern, target, whether generated from a phrase.
    pub normalized: &'static [(Span, Target, bool)],
    pub normalized_filter: FilterTables,
    pub raw: &'static [(Span, Target)],
    pub raw_filter: FilterTables,
}

/// A [`Prefilter`] as static data.
pub struct FilterTables {
    pub literals: &'static [Span],
    pub regexes: &'static [u32],
    pub ends: &'static [u32],
    pub needs: &'static [u8],
}

/// A [`Target`] in the generated file: `kind` is the index in
/// [`LIST_KINDS`], `suggestion` one more than the suggestion's index (0 for
/// none).
const fn t(rule: u16, kind: u8, stem: bool, suggestion: u32) -> Target {
    Target {
        rule,
        kind: LIST_KINDS[kind as usize],
        stem,
        suggestion: match suggestion {
            0 => None,
            s => Some(s - 1),
        },
    }
}

const LIST_KINDS: [ListKind; 4] = [
    ListKind::Hit,
    ListKind::Exception,
    ListKind::Unless,
    ListKind::Trigger,
];

#[allow(clippy::all)]
#[rustfmt::skip]
mod generated {
    use super::{FilterTables, MatcherTables, PackTables, t};

    include!("embedded_tables.rs");
}

/// The tables of `pack` when they were compiled from the files the binary
/// embeds: the set has nothing but the embedded files, and the pack is
/// one of them as written.
pub fn for_pack(set: &RuleSet, pack: &Pack) -> Option<&'static PackTables> {
    if !set.only_embedded() {
        return None;
    }
    let file = embedded_file(set, pack)?;
    let hash = super::pack::embedded_hash(file)?;
    generated::TABLES
        .iter()
        .find(|tables| tables.file == file && tables.hash == hash)
}

/// The `rules/` file an embedded pack is read from as written (not merged
/// with another file).
fn embedded_file<'a>(set: &'a RuleSet, pack: &Pack) -> Option<&'a str> {
    let source = pack.unmodified_embedded_source()?;
    set.sources[source].path.strip_prefix("rules/")
}

impl PackTables {
    /// A string that is text (a phrase, pattern or suggestion).
    fn text(&self, (start, end): Span) -> Text {
        Text::Borrowed(&self.strings[start as usize..end as usize])
    }

    fn bytes(&self, (start, end): Span) -> Cow<'static, [u8]> {
        Cow::Borrowed(match start & IN_BYTES {
            0 => &self.strings.as_bytes()[start as usize..end as usize],
            _ => &self.bytes[(start & !IN_BYTES) as usize..(end & !IN_BYTES) as usize],
        })
    }

    fn literal_set(&self, spans: &[Span]) -> LiteralSet {
        let literals = spans.iter().map(|&span| self.bytes(span)).collect();
        LiteralSet::new(literals, false).expect("an automaton is built on first use")
    }

    fn prefilter(&self, tables: &'static FilterTables) -> Prefilter {
        Prefilter {
            literals: self.literal_set(tables.literals),
            regexes: Cow::Borrowed(tables.regexes),
            ends: Cow::Borrowed(tables.ends),
            needs: Cow::Borrowed(tables.needs),
        }
    }

    fn matchers(&self, tables: &'static MatcherTables) -> Matchers {
        let regex = |(span, target, check_boundaries)| {
            CompiledRegex::new(self.text(span), OnceLock::new(), target, check_boundaries)
        };
        Matchers {
            phrases: self.literal_set(tables.phrases),
            targets: Cow::Borrowed(tables.targets),
            target_ends: Cow::Borrowed(tables.target_ends),
            normalized: tables.normalized.iter().copied().map(regex).collect(),
            normalized_filter: self.prefilter(&tables.normalized_filter),
            raw: (tables.raw.iter())
                .map(|&(span, target)| regex((span, target, false)))
                .collect(),
            raw_filter: self.prefilter(&tables.raw_filter),
            normalized_pass: LazyAutomaton::default(),
        }
    }

    /// The compiled pack (regexes and automata are built on first use, as
    /// for a pack compiled at start-up).
    pub fn compiled(&'static self) -> CompiledPack {
        CompiledPack {
            language: self.text(self.language).into_owned(),
            agent: self.matchers(&self.agent),
            customer: self.matchers(&self.customer),
            suggestions: self.suggestions.iter().map(|&s| self.text(s)).collect(),
            applies: self.applies.to_vec(),
        }
    }
}

/// The source of `src/rules/embedded_tables.rs` for the embedded packs of
/// `set` (see the module's documentation).
pub fn generate(set: &RuleSet) -> String {
    let mut out = String::from(
        "// @generated by couth's pack compiler (src/rules/tables.rs) from rules/*.toml.\n\
         // Do not edit: `COUTH_BLESS=1 cargo test embedded_tables` rewrites it.\n\n\
         /// The embedded packs, compiled.\n\
         pub static TABLES: &[PackTables] = &[\n",
    );
    for pack in &set.packs {
        let Some(file) = embedded_file(set, pack) else {
            continue;
        };
        let Some(hash) = super::pack::embedded_hash(file) else {
            continue;
        };
        let compiled = CompiledPack::compile(set, pack, false)
            .unwrap_or_else(|_| panic!("{file} does not compile"));
        out.push_str(&Writer::default().pack(file, hash, &compiled));
    }
    out.push_str("];\n");
    out
}

/// Writes one pack's tables, collecting its strings as it goes.
#[derive(Default)]
struct Writer {
    /// The strings that are text, one line each in the generated file…
    strings: Vec<String>,
    strings_len: u32,
    /// …and the others.
    bytes: Vec<u8>,
    /// Each string's span, so that one written twice is stored once.
    seen: HashMap<Vec<u8>, Span>,
}

impl Writer {
    fn span(&mut self, bytes: &[u8]) -> Span {
        if let Some(&span) = self.seen.get(bytes) {
            return span;
        }
        let span = match std::str::from_utf8(bytes) {
            Ok(text) => {
                let start = self.strings_len;
                self.strings.push(text.to_string());
                self.strings_len += text.len() as u32;
                (start, self.strings_len)
            }
            Err(_) => {
                let start = self.bytes.len() as u32;
                self.bytes.extend_from_slice(bytes);
                (start | IN_BYTES, self.bytes.len() as u32 | IN_BYTES)
            }
        };
        self.seen.insert(bytes.to_vec(), span);
        span
    }

    fn spans<'a>(&mut self, items: impl IntoIterator<Item = &'a [u8]>) -> String {
        list(items.into_iter().map(|bytes| {
            let (start, end) = self.span(bytes);
            format!("({start}, {end})")
        }))
    }

    fn pack(mut self, file: &str, hash: u64, pack: &CompiledPack) -> String {
        let language = self.span(pack.language.as_bytes());
        let suggestions = self.spans(pack.suggestions.iter().map(|s| s.as_bytes()));
        let applies = list(pack.applies.iter().map(bool::to_string));
        let agent = self.matchers(&pack.agent);
        let customer = self.matchers(&pack.customer);
        format!(
            "PackTables {{\n\
             file: {file:?},\n\
             hash: {hash:#018x},\n\
             strings: {},\n\
             bytes: b\"{}\",\n\
             language: {language:?},\n\
             suggestions: {suggestions},\n\
             applies: {applies},\n\
             agent: {agent},\n\
             customer: {customer},\n\
             }},\n",
            self.strings_literal(),
            self.bytes.escape_ascii(),
        )
    }

    /// The text strings as one `&'static str`, a line per string.
    fn strings_literal(&self) -> String {
        let mut out = String::from("concat!(\n");
        for piece in &self.strings {
            let _ = writeln!(out, "{piece:?},");
        }
        out.push(')');
        out
    }

    fn matchers(&mut self, m: &Matchers) -> String {
        let phrases = self.spans(m.phrases.literals().iter().map(|l| &l[..]));
        let normalized = list(m.normalized.iter().map(|r| {
            let pattern = self.span(r.pattern.as_bytes());
            format!(
                "({pattern:?}, {}, {})",
                target(&r.target),
                r.check_boundaries
            )
        }));
        let raw = list(m.raw.iter().map(|r| {
            let pattern = self.span(r.pattern.as_bytes());
            format!("({pattern:?}, {})", target(&r.target))
        }));
        format!(
            "MatcherTables {{\n\
             phrases: {phrases},\n\
             targets: {},\n\
             target_ends: {},\n\
             normalized: {normalized},\n\
             normalized_filter: {},\n\
             raw: {raw},\n\
             raw_filter: {},\n\
             }}",
            list(m.targets.iter().map(target)),
            list(m.target_ends.iter()),
            self.filter(&m.normalized_filter),
            self.filter(&m.raw_filter),
        )
    }

    fn filter(&mut self, f: &Prefilter) -> String {
        format!(
            "FilterTables {{ literals: {}, regexes: {}, ends: {}, needs: {} }}",
            self.spans(f.literals.literals().iter().map(|l| &l[..])),
            list(f.regexes.iter()),
            list(f.ends.iter()),
            list(f.needs.iter()),
        )
    }
}

/// A target as a call of [`t`].
fn target(target: &Target) -> String {
    let kind = LIST_KINDS
        .iter()
        .position(|&k| k == target.kind)
        .expect("a list kind");
    let suggestion = target.suggestion.map_or(0, |s| s + 1);
    format!("t({}, {kind}, {}, {suggestion})", target.rule, target.stem)
}

/// A slice expression of `items`, a few per line.
fn list<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    let mut out = String::from("&[");
    let mut line = 0;
    for item in items {
        let item = item.to_string();
        if line + item.len() > 96 {
            out.push('\n');
            line = 0;
        }
        line += item.len() + 2;
        let _ = write!(out, "{item}, ");
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the generated tables live, from the crate's root.
    const GENERATED_PATH: &str = "src/rules/embedded_tables.rs";

    #[test]
    fn embedded_tables_are_current() {
        let set = RuleSet::embedded().unwrap();
        let generated = generate(&set);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(GENERATED_PATH);
        if std::env::var_os("COUTH_BLESS").is_some() {
            std::fs::write(&path, &generated).unwrap();
            return;
        }
        let written = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            written == generated,
            "{GENERATED_PATH} is not what the packs compile to: \
             run `COUTH_BLESS=1 cargo test embedded_tables` and commit it"
        );
        assert_eq!(generated::TABLES.len(), set.packs.len());
    }

    #[test]
    fn embedded_tables_give_the_packs_compiled() {
        if std::env::var_os("COUTH_BLESS").is_some() {
            // This build has the tables from before the rewrite.
            return;
        }
        let set = RuleSet::embedded().unwrap();
        for pack in &set.packs {
            let tables = for_pack(&set, pack).unwrap_or_else(|| {
                panic!(
                    "{GENERATED_PATH} has no current tables for {}: \
                     run `COUTH_BLESS=1 cargo test embedded_tables`",
                    pack.language
                )
            });
            let compiled = CompiledPack::compile(&set, pack, false).unwrap();
            assert_eq!(
                format!("{:?}", tables.compiled()),
                format!("{compiled:?}"),
                "{}",
                pack.language
            );
        }
    }

    #[test]
    fn a_set_with_other_files_compiles_its_packs() {
        let mut set = RuleSet::embedded().unwrap();
        let en = set.packs.iter().position(|p| p.language == "en").unwrap();
        assert!(for_pack(&set, &set.packs[en]).is_some());
        set.add_phrase(
            "en",
            "jargon",
            "".into(),
            "couth.toml",
            0..0,
            "synergy",
            None,
        );
        assert!(for_pack(&set, &set.packs[en]).is_none());
    }
}
