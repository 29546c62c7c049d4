//! Embeds every `rules/*.toml` file into the binary, so adding a language to
//! the shipped packs is adding one file. Start-up then parses nothing it
//! can parse here: each pack is written out as static data (see
//! `src/rules/pack_file.rs`), and the necessary literals of its regexes
//! are computed (see `src/rules/literals.rs`).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use toml::Spanned;

#[allow(dead_code)]
#[path = "src/rules/literals.rs"]
mod literals;

#[allow(dead_code)]
#[path = "src/lang/script.rs"]
mod script;

mod lang {
    pub use super::script::Script;
}

#[allow(dead_code)]
#[path = "src/rules/pack_file.rs"]
mod pack_file;

#[allow(dead_code)]
#[path = "src/rules/catalog.rs"]
mod catalog;

use catalog::CatalogFile;
use pack_file::{EntryFile, PackFile};

fn main() {
    let dir = Path::new("rules");
    println!("cargo:rerun-if-changed=rules");
    link_without_pie();
    for source in [
        "src/rules/catalog.rs",
        "src/rules/literals.rs",
        "src/rules/pack_file.rs",
        "src/lang/script.rs",
    ] {
        println!("cargo:rerun-if-changed={source}");
    }
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("the rules/ folder")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    files.sort();
    let mut embedded = String::from("/// Every file of `rules/`, as (file name, contents).\n");
    embedded.push_str("pub static EMBEDDED: &[(&str, &str)] = &[\n");
    let mut packs = String::from(
        "/// The pack files of `rules/` that parse, parsed, as (file name, pack).\n\
         #[allow(clippy::all)]\n\
         pub static EMBEDDED_PACKS: &[(&str, StaticPack)] = &[\n",
    );
    let mut patterns: BTreeMap<String, literals::LiteralSets> = BTreeMap::new();
    let mut catalog = None;
    let mut texts = Vec::new();
    for name in &files {
        println!("cargo:rerun-if-changed=rules/{name}");
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("rules")
            .join(name);
        writeln!(
            embedded,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).expect("a pack file");
        texts.push((name.clone(), text.clone()));
        if name == "catalog.toml" {
            catalog = toml::from_str::<CatalogFile>(&text).ok();
            continue;
        }
        // A broken pack is left to couth, which reports it with its line.
        let Ok(pack) = toml::from_str::<PackFile>(&text) else {
            continue;
        };
        writeln!(packs, "    ({name:?}, {}),", static_pack(&pack)).unwrap();
        for entry in pack.rules.values() {
            for pattern in entry
                .get_ref()
                .patterns
                .iter()
                .chain(&entry.get_ref().raw_patterns)
            {
                if let Ok(found) = literals::pattern_literals(pattern.get_ref()) {
                    patterns.insert(pattern.get_ref().to_string(), found);
                }
            }
        }
    }
    embedded.push_str("];\n");
    embedded.push_str(&hashes(&texts));
    packs.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").unwrap();
    let out = Path::new(&out_dir);
    std::fs::write(out.join("embedded_rules.rs"), embedded).unwrap();
    std::fs::write(out.join("embedded_packs.rs"), packs).unwrap();
    std::fs::write(
        out.join("embedded_catalog.rs"),
        catalog_code(catalog.as_ref()),
    )
    .unwrap();

    let mut table = String::from(
        "/// (pattern, its sets of necessary literals with where they sit), sorted by pattern.\n#[allow(clippy::all)]\npub static PATTERN_LITERALS: &[(&str, &[(u8, &[&[u8]])])] = &[\n",
    );
    for (pattern, sets) in &patterns {
        let sets: Vec<String> = sets
            .iter()
            .map(|(edges, set)| {
                let items: Vec<String> = set
                    .iter()
                    .map(|l| format!("b\"{}\"", l.escape_ascii()))
                    .collect();
                format!("({edges}, &[{}])", items.join(", "))
            })
            .collect();
        writeln!(table, "    ({pattern:?}, &[{}]),", sets.join(", ")).unwrap();
    }
    table.push_str("];\n");
    std::fs::write(out.join("pattern_literals.rs"), table).unwrap();
}

/// Each pack file's hash, with the catalog's: what the pack's compiled
/// tables in `src/rules/embedded_tables.rs` must have been compiled from.
fn hashes(texts: &[(String, String)]) -> String {
    let catalog = texts
        .iter()
        .find(|(name, _)| name == "catalog.toml")
        .map_or("", |(_, text)| text.as_str());
    let mut code = String::from(
        "/// Each pack file's hash with the catalog's (FNV-1a), as (file name, hash).\n\
         pub static EMBEDDED_HASHES: &[(&str, u64)] = &[\n",
    );
    for (name, text) in texts.iter().filter(|(name, _)| name != "catalog.toml") {
        let hash = fnv1a(&[catalog.as_bytes(), text.as_bytes()]);
        writeln!(code, "    ({name:?}, {hash:#018x}),").unwrap();
    }
    code.push_str("];\n");
    code
}

/// The 64-bit FNV-1a hash of `parts`, one after the other.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in parts.iter().copied().flatten() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A function giving the parsed catalog (`None` when it does not parse:
/// couth then parses it, and reports the error).
fn catalog_code(catalog: Option<&CatalogFile>) -> String {
    let Some(catalog) = catalog else {
        return "pub fn catalog() -> Option<Vec<RuleDef>> {\n    None\n}\n".to_string();
    };
    let mut code = String::from(
        "/// `rules/catalog.toml`, parsed at build time.\n\
         pub fn catalog() -> Option<Vec<RuleDef>> {\n    Some(vec![\n",
    );
    for rule in &catalog.rule {
        let span = rule.id.span();
        let library: Vec<String> = rule
            .library
            .iter()
            .map(|l| format!("{l:?}.into()"))
            .collect();
        writeln!(
            code,
            "        RuleDef {{ id: Spanned::new({}..{}, {:?}.into()), category: {:?}.into(), \
             severity: Severity::{:?}, check: Check::{:?}, anchor: Anchor::{:?}, library: vec![{}], \
             ignore_quoted: {}, message: {:?}.into(), rationale: {:?}.into(), source: {:?}.into(), \
             max_sentence_words: {:?}, max_message_words: {:?} }},",
            span.start,
            span.end,
            rule.id.get_ref(),
            rule.category,
            rule.severity,
            rule.check,
            rule.anchor,
            library.join(", "),
            rule.ignore_quoted,
            rule.message,
            rule.rationale,
            rule.source,
            rule.max_sentence_words,
            rule.max_message_words,
        )
        .unwrap();
    }
    code.push_str("    ])\n}\n");
    code
}

/// A `StaticPack` expression for a parsed pack.
fn static_pack(pack: &PackFile) -> String {
    let mut blob = Strings::default();
    let language = blob.add(&pack.language);
    let rules: Vec<String> = pack
        .rules
        .iter()
        .map(|(id, entry)| static_entry(id, entry, &mut blob))
        .collect();
    format!(
        "StaticPack {{ strings: {:?}, language: {language}, name: {}, script: {}, profile: {}, labels: [{}, {}, {}], rules: &[\n{}] }}",
        blob.text,
        option(&pack.name),
        pack.script
            .map_or("None".to_string(), |s| format!("Some(Script::{s:?})")),
        strings(&pack.profile),
        strings(&pack.labels.agent),
        strings(&pack.labels.customer),
        strings(&pack.labels.system),
        rules.join(""),
    )
}

fn static_entry(id: &Spanned<String>, entry: &Spanned<EntryFile>, strings: &mut Strings) -> String {
    let span = entry.span();
    let e = entry.get_ref();
    let suggestions: Vec<String> = e
        .suggestions
        .iter()
        .map(|(phrase, suggestion)| format!("({}, {suggestion:?})", strings.add(phrase)))
        .collect();
    let mut list = |items: &[Spanned<pack_file::Text>]| {
        let items: Vec<String> = items.iter().map(|s| strings.add(s)).collect();
        format!("&[{}]", items.join(", "))
    };
    let phrases = list(&e.phrases);
    let patterns = list(&e.patterns);
    let raw_patterns = list(&e.raw_patterns);
    let exceptions = list(&e.exceptions);
    let unless = list(&e.unless);
    let triggers = list(&e.triggers);
    let fire = list(&e.examples.fire);
    let pass = list(&e.examples.pass);
    format!(
        "  StaticEntry {{ id: {}, span: ({}, {}), phrases: {}, suggestion: {}, suggestions: &[{}], \
         patterns: {}, raw_patterns: {}, exceptions: {}, unless: {}, triggers: {}, \
         not_applicable: {}, fire: {}, pass: {} }},\n",
        strings.add(id),
        span.start,
        span.end,
        phrases,
        option(&e.suggestion),
        suggestions.join(", "),
        patterns,
        raw_patterns,
        exceptions,
        unless,
        triggers,
        option(&e.not_applicable),
        fire,
        pass,
    )
}

/// The strings of one pack, one after the other.
#[derive(Default)]
struct Strings {
    text: String,
}

impl Strings {
    /// Appends a string; a `StaticStr` expression for it.
    fn add<S: AsRef<str>>(&mut self, s: &Spanned<S>) -> String {
        let at = self.text.len();
        self.text.push_str(s.get_ref().as_ref());
        let span = s.span();
        format!(
            "StaticStr {{ at: {at}, len: {}, start: {}, end: {} }}",
            self.text.len() - at,
            span.start,
            span.end
        )
    }
}

fn strings(list: &[String]) -> String {
    let items: Vec<String> = list.iter().map(|s| format!("{s:?}")).collect();
    format!("&[{}]", items.join(", "))
}

fn option(value: &Option<String>) -> String {
    value
        .as_ref()
        .map_or("None".to_string(), |s| format!("Some({s:?})"))
}

/// Links the binary at a fixed address on Linux. A position-independent
/// executable has its pointers in static data (the regex crate's Unicode
/// tables, the packs' literal tables, ~26,000 of them) relocated at every
/// start: ~130 pages written, half of `couth --version`'s page faults and a
/// third of its time on a virtual machine. Libraries, heap and stack are
/// still placed at random.
fn link_without_pie() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
