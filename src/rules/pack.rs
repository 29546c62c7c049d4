//! Rule packs as written: parsing, merging `--rules` folders over the
//! embedded packs, and validation with errors that point at the TOML line.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use toml::Spanned;

use super::catalog::{CatalogFile, RuleDef};
pub use super::pack_file::Labels;
use super::pack_file::{EntryFile, PackFile, StaticPack, Strings, Text};
use crate::error::SourceError;
use crate::lang::Script;

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The embedded packs parsed at build time (see `build.rs`).
mod prebuilt {
    use super::super::pack_file::{StaticEntry, StaticPack, StaticStr};
    use crate::lang::Script;

    include!(concat!(env!("OUT_DIR"), "/embedded_packs.rs"));
}

/// The embedded catalog parsed at build time (see `build.rs`).
mod prebuilt_catalog {
    use super::super::catalog::{Anchor, Check, RuleDef, Severity};
    use toml::Spanned;

    include!(concat!(env!("OUT_DIR"), "/embedded_catalog.rs"));
}

/// An embedded pack file as `build.rs` parsed it; `None` for a file it
/// could not parse (start-up parses it, and reports the error).
fn prebuilt_pack(path: &str) -> Option<&'static StaticPack> {
    let name = path.strip_prefix("rules/")?;
    prebuilt::EMBEDDED_PACKS
        .iter()
        .find(|(file, _)| *file == name)
        .map(|(_, pack)| pack)
}

/// The hash of an embedded pack file and the catalog (see `build.rs`).
pub fn embedded_hash(file: &str) -> Option<u64> {
    EMBEDDED_HASHES
        .iter()
        .find(|(name, _)| *name == file)
        .map(|&(_, hash)| hash)
}

/// The embedded catalog's path.
const CATALOG_PATH: &str = "rules/catalog.toml";

/// The embedded files, as (path, contents).
fn embedded_files() -> Vec<(String, SourceText)> {
    EMBEDDED
        .iter()
        .map(|(name, text)| (format!("rules/{name}"), SourceText::Embedded(text)))
        .collect()
}

/// Where a pack (or a part of a merged pack) was read from.
#[derive(Clone, Debug)]
pub struct PackSource {
    /// `rules/en.toml` for the embedded packs, the path for the others.
    pub path: String,
    pub text: SourceText,
}

/// A pack file's text: an embedded file's is not copied (400 KB of them,
/// at every start) unless an error needs it.
#[derive(Clone, Debug)]
pub enum SourceText {
    Embedded(&'static str),
    Read(Arc<str>),
}

impl SourceText {
    fn shared(&self) -> Arc<str> {
        match self {
            SourceText::Embedded(text) => Arc::from(*text),
            SourceText::Read(text) => text.clone(),
        }
    }
}

impl std::ops::Deref for SourceText {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            SourceText::Embedded(text) => text,
            SourceText::Read(text) => text,
        }
    }
}

impl PackSource {
    pub fn error(
        &self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        label: &str,
    ) -> SourceError {
        SourceError {
            path: self.path.clone(),
            source_text: self.text.shared(),
            span,
            message: message.into(),
            label: label.to_string(),
            help: None,
        }
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> u32 {
        crate::error::line_at(&self.text, offset)
    }
}

/// A string list item with the file it came from, so that errors and failing
/// examples can name their line.
#[derive(Clone, Debug)]
pub struct Item {
    pub text: Text,
    pub span: std::ops::Range<usize>,
    pub source: usize,
}

/// One rule's entry in a pack.
#[derive(Clone, Debug, Default)]
pub struct RuleEntry {
    pub phrases: Vec<Item>,
    pub suggestion: Option<String>,
    /// Phrases with their own suggestion.
    pub suggestions: Vec<(Item, String)>,
    pub patterns: Vec<Item>,
    pub raw_patterns: Vec<Item>,
    pub exceptions: Vec<Item>,
    pub unless: Vec<Item>,
    pub triggers: Vec<Item>,
    pub not_applicable: Option<String>,
    pub fire: Vec<Item>,
    pub pass: Vec<Item>,
    /// Where the entry's table starts, for "no examples" errors.
    pub at: Option<(usize, usize)>,
}

impl RuleEntry {
    pub fn phrase_count(&self) -> usize {
        self.phrases.len() + self.suggestions.len() + self.patterns.len() + self.raw_patterns.len()
    }
}

/// A language pack, possibly merged from several files.
#[derive(Clone)]
pub struct Pack {
    pub language: String,
    pub name: String,
    pub script: Script,
    pub profile: Vec<String>,
    pub labels: Labels,
    /// Rule id → entry (see [`Pack::rules`]).
    rules: OnceLock<BTreeMap<String, RuleEntry>>,
    /// An embedded pack's entries not read yet: the build-time table and
    /// its source. A check reads only the packs of the languages it meets
    /// (a draft: one of four), and reading them all was most of a draft's
    /// start-up.
    unread: Option<(&'static StaticPack, usize)>,
    /// The source of the file that declared the whole pack (its `script`).
    pub declared_in: Option<usize>,
}

impl Pack {
    fn new(language: String) -> Pack {
        Pack {
            name: language.clone(),
            language,
            script: Script::Latin,
            profile: Vec::new(),
            labels: Labels::default(),
            rules: OnceLock::from(BTreeMap::new()),
            unread: None,
            declared_in: None,
        }
    }

    /// Rule id → entry.
    pub fn rules(&self) -> &BTreeMap<String, RuleEntry> {
        self.rules.get_or_init(|| {
            let mut rules = BTreeMap::new();
            if let Some((pack, source)) = self.unread {
                merge_entries(
                    &mut rules,
                    pack.to_file().rules,
                    source,
                    None,
                    &mut Vec::new(),
                );
            }
            rules
        })
    }

    /// The source of an embedded pack that is as the file wrote it (no
    /// other file added to it).
    pub fn unmodified_embedded_source(&self) -> Option<usize> {
        self.unread.map(|(_, source)| source)
    }

    fn rules_mut(&mut self) -> &mut BTreeMap<String, RuleEntry> {
        self.rules();
        self.unread = None;
        self.rules.get_mut().expect("read just now")
    }

    /// Whether the pack has an applicable entry for `rule` (an embedded
    /// pack's entries are not read for it).
    pub fn applies(&self, rule: &str) -> bool {
        match (self.rules.get(), self.unread) {
            (None, Some((pack, _))) => pack.applies(rule),
            _ => self
                .rules()
                .get(rule)
                .is_some_and(|e| e.not_applicable.is_none()),
        }
    }
}

impl std::fmt::Debug for Pack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pack")
            .field("language", &self.language)
            .field("name", &self.name)
            .field("script", &self.script)
            .field("profile", &self.profile)
            .field("labels", &self.labels)
            .field("rules", self.rules())
            .field("declared_in", &self.declared_in)
            .finish()
    }
}

/// The catalog and every language pack: what an [`crate::Engine`] is built from.
#[derive(Clone, Debug)]
pub struct RuleSet {
    pub rules: Vec<RuleDef>,
    pub packs: Vec<Pack>,
    pub sources: Vec<PackSource>,
    /// How many of the first `sources` are the files embedded in the binary.
    pub embedded_sources: usize,
}

impl RuleSet {
    /// The catalog and packs compiled into the binary.
    pub fn embedded() -> Result<RuleSet, Vec<SourceError>> {
        let mut set = RuleSet {
            rules: Vec::new(),
            packs: Vec::new(),
            sources: Vec::new(),
            embedded_sources: 0,
        };
        let mut files = embedded_files();
        // The catalog as build.rs parsed it (the test suite checks its ids).
        let catalog = files.iter().position(|(path, _)| path == CATALOG_PATH);
        if let (Some(at), Some(rules)) = (catalog, prebuilt_catalog::catalog()) {
            let (path, text) = files.remove(at);
            set.push_source(path, text);
            set.rules = rules;
        }
        // The test suite checks the embedded packs for duplicates.
        set.add_files(files, false, prebuilt_pack)?;
        set.embedded_sources = set.sources.len();
        Ok(set)
    }

    /// Whether every pack and phrase came from the binary (tested by the
    /// suite, so compiled lazily).
    pub fn only_embedded(&self) -> bool {
        self.sources.len() == self.embedded_sources
    }

    /// Adds the `*.toml` files of a folder: `catalog.toml` adds rules, every
    /// other file adds to (or creates) the pack of its `language`.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), Vec<SourceError>> {
        let shown = dir.display().to_string();
        let io_error = |message: String| {
            vec![SourceError {
                path: shown.clone(),
                source_text: Arc::from(""),
                span: 0..0,
                message,
                label: String::new(),
                help: None,
            }]
        };
        let entries = std::fs::read_dir(dir)
            .map_err(|e| io_error(format!("cannot read the rules folder: {e}")))?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        let mut files = Vec::new();
        for path in paths {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| io_error(format!("cannot read {}: {e}", path.display())))?;
            files.push((
                path.display().to_string(),
                SourceText::Read(Arc::from(text)),
            ));
        }
        self.add_files(files, true, |_| None)
    }

    /// Adds one pack file (used by `couth test FILE`).
    pub fn add_file(&mut self, path: &Path) -> Result<(), Vec<SourceError>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![SourceError {
                path: path.display().to_string(),
                source_text: Arc::from(""),
                span: 0..0,
                message: format!("cannot read the pack: {e}"),
                label: String::new(),
                help: None,
            }]
        })?;
        let text = SourceText::Read(Arc::from(text));
        self.add_files(vec![(path.display().to_string(), text)], true, |_| None)
    }

    /// Adds pack and catalog files; `duplicates` reports phrases listed
    /// twice in one entry; `parsed` gives a pack file parsed at build time.
    fn add_files(
        &mut self,
        files: Vec<(String, SourceText)>,
        duplicates: bool,
        parsed: impl Fn(&str) -> Option<&'static StaticPack>,
    ) -> Result<(), Vec<SourceError>> {
        let mut errors = Vec::new();
        // Catalogs first, so packs can name the rules they define.
        let (catalogs, packs): (Vec<_>, Vec<_>) = files
            .into_iter()
            .partition(|(path, _)| path.ends_with("catalog.toml"));
        for (path, text) in catalogs {
            let source = self.push_source(path, text);
            if let Err(mut e) = self.add_catalog(source) {
                errors.append(&mut e);
            }
        }
        // Parsing is most of the work: the pack files not parsed already are
        // parsed at once, in parallel, and added in order.
        let prebuilt: Vec<Option<&'static StaticPack>> =
            packs.iter().map(|(path, _)| parsed(path)).collect();
        let mut files: Vec<Option<Result<PackFile, toml::de::Error>>> =
            packs.iter().map(|_| None).collect();
        // (Not even touching the pool when nothing is left to parse: a
        // draft's check is over before its threads would have started.)
        if prebuilt.iter().any(Option::is_none) {
            files
                .par_iter_mut()
                .zip(&packs)
                .zip(&prebuilt)
                .filter(|(_, pack)| pack.is_none())
                .for_each(|((file, (_, text)), _)| *file = Some(toml::from_str(text)));
        }
        for (((path, text), file), prebuilt) in packs.into_iter().zip(files).zip(prebuilt) {
            let source = self.push_source(path, text);
            let result = match (prebuilt, file) {
                (Some(pack), _) if !duplicates && pack.script.is_some() => {
                    self.add_unread_pack(source, pack);
                    Ok(())
                }
                (Some(pack), _) => self.add_pack(source, Ok(pack.to_file()), duplicates),
                (None, file) => {
                    let file = file.expect("every pack file parsed");
                    self.add_pack(source, file, duplicates)
                }
            };
            if let Err(mut e) = result {
                errors.append(&mut e);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn push_source(&mut self, path: String, text: SourceText) -> usize {
        self.sources.push(PackSource { path, text });
        self.sources.len() - 1
    }

    fn add_catalog(&mut self, source: usize) -> Result<(), Vec<SourceError>> {
        let src = self.sources[source].clone();
        let file: CatalogFile =
            toml::from_str(&src.text).map_err(|e| vec![toml_error(&src, &e)])?;
        let mut errors = Vec::new();
        for rule in file.rule {
            let id = rule.id().to_string();
            if !is_kebab_case(&id) {
                errors.push(src.error(
                    rule.id.span(),
                    format!("rule id `{id}` is not kebab-case"),
                    "here",
                ));
                continue;
            }
            match self.rules.iter_mut().find(|r| r.id() == id) {
                Some(existing) => *existing = rule,
                None => self.rules.push(rule),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Adds a complete embedded pack (one that declares its script) whose
    /// entries are read when first needed (see [`Pack::rules`]).
    fn add_unread_pack(&mut self, source: usize, file: &'static StaticPack) {
        let language = file.language().trim().to_lowercase();
        let index = match self.packs.iter().position(|p| p.language == language) {
            Some(i) => i,
            None => {
                self.packs.push(Pack::new(language.clone()));
                self.packs.len() - 1
            }
        };
        let pack = &mut self.packs[index];
        pack.name = file.name.map_or(language, str::to_string);
        pack.script = file.script.unwrap_or(Script::Latin);
        pack.profile = file.profile.iter().map(|s| s.to_string()).collect();
        let labels = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        pack.labels = Labels {
            agent: labels(file.labels[0]),
            customer: labels(file.labels[1]),
            system: labels(file.labels[2]),
        };
        pack.rules = OnceLock::new();
        pack.unread = Some((file, source));
        pack.declared_in = Some(source);
    }

    fn add_pack(
        &mut self,
        source: usize,
        file: Result<PackFile, toml::de::Error>,
        duplicates: bool,
    ) -> Result<(), Vec<SourceError>> {
        let src = self.sources[source].clone();
        let file = file.map_err(|e| vec![toml_error(&src, &e)])?;
        let mut errors = Vec::new();
        let language = file.language.get_ref().trim().to_lowercase();
        if language.is_empty()
            || !language
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            errors.push(src.error(
                file.language.span(),
                format!("`{language}` is not a language code like `en` or `pt-br`"),
                "here",
            ));
            return Err(errors);
        }
        let index = match self.packs.iter().position(|p| p.language == language) {
            Some(i) => i,
            None => {
                self.packs.push(Pack::new(language.clone()));
                self.packs.len() - 1
            }
        };
        let known: Vec<String> = self.rules.iter().map(|r| r.id().to_string()).collect();
        let pack = &mut self.packs[index];
        if file.script.is_some() {
            // A file that declares its script is a complete pack: it replaces
            // what the language had; a file without one adds to it.
            pack.profile.clear();
            pack.labels = Labels::default();
            pack.rules = OnceLock::from(BTreeMap::new());
            pack.unread = None;
            pack.declared_in = Some(source);
        }
        if let Some(name) = file.name {
            pack.name = name;
        }
        if let Some(script) = file.script {
            pack.script = script;
        }
        pack.profile.extend(file.profile);
        pack.labels.agent.extend(file.labels.agent);
        pack.labels.customer.extend(file.labels.customer);
        pack.labels.system.extend(file.labels.system);
        let checks = MergeChecks {
            src: &src,
            known: &known,
            duplicates,
        };
        merge_entries(
            pack.rules_mut(),
            file.rules,
            source,
            Some(&checks),
            &mut errors,
        );
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Adds one phrase to a rule of a language's pack (from a config file).
    #[allow(clippy::too_many_arguments)]
    pub fn add_phrase(
        &mut self,
        language: &str,
        rule: &str,
        text: Arc<str>,
        path: &str,
        span: std::ops::Range<usize>,
        phrase: &str,
        suggestion: Option<String>,
    ) {
        let source = match self.sources.iter().position(|s| {
            s.path == path && matches!(&s.text, SourceText::Read(t) if Arc::ptr_eq(t, &text))
        }) {
            Some(i) => i,
            None => {
                self.sources.push(PackSource {
                    path: path.to_string(),
                    text: SourceText::Read(text),
                });
                self.sources.len() - 1
            }
        };
        let Some(pack) = self.packs.iter_mut().find(|p| p.language == language) else {
            return;
        };
        let entry = pack.rules_mut().entry(rule.to_string()).or_default();
        let item = Item {
            text: Text::Owned(phrase.to_string()),
            span,
            source,
        };
        match suggestion {
            Some(suggestion) => entry.suggestions.push((item, suggestion)),
            None => entry.phrases.push(item),
        }
    }

    pub fn rule(&self, id: &str) -> Option<&RuleDef> {
        self.rules.iter().find(|r| r.id() == id)
    }

    pub fn pack(&self, language: &str) -> Option<&Pack> {
        self.packs.iter().find(|p| p.language == language)
    }

    /// The line of an item in the file it came from.
    pub fn line_of(&self, item: &Item) -> u32 {
        self.sources[item.source].line_of(item.span.start)
    }
}

/// What to check while merging a file's entries: the rule ids the catalog
/// knows, and whether to report a phrase listed twice in one entry.
struct MergeChecks<'a> {
    src: &'a PackSource,
    known: &'a [String],
    duplicates: bool,
}

/// Adds a pack file's entries to a pack's, each item remembering `source`.
fn merge_entries(
    rules: &mut BTreeMap<String, RuleEntry>,
    entries: BTreeMap<Spanned<String>, Spanned<EntryFile>>,
    source: usize,
    checks: Option<&MergeChecks>,
    errors: &mut Vec<SourceError>,
) {
    for (id, entry) in entries {
        let id_text = id.get_ref().clone();
        if let Some(checks) = checks
            && !checks.known.contains(&id_text)
        {
            let hint = closest(&id_text, checks.known);
            let mut error = checks.src.error(
                id.span(),
                format!("unknown rule id `{id_text}`"),
                "not in the catalog",
            );
            error.help = Some(match hint {
                Some(h) => format!("did you mean `{h}`? `couth rules` lists the ids"),
                None => {
                    "`couth rules` lists the ids; new rules go into a catalog.toml beside the pack"
                        .into()
                }
            });
            errors.push(error);
            continue;
        }
        let span = entry.span();
        let entry = entry.into_inner();
        let target = rules.entry(id_text.clone()).or_default();
        if target.at.is_none() {
            target.at = Some((source, span.start));
        }
        let item = |s: Spanned<Text>| Item {
            span: s.span(),
            text: s.into_inner(),
            source,
        };
        let items = |list: Strings| list.into_iter().map(item).collect::<Vec<_>>();
        if let Some(checks) = checks.filter(|c| c.duplicates) {
            check_duplicates(checks.src, &entry.phrases, errors);
        }
        target.phrases.extend(items(entry.phrases));
        if entry.suggestion.is_some() {
            target.suggestion = entry.suggestion;
        }
        for (phrase, suggestion) in entry.suggestions {
            target.suggestions.push((item(phrase), suggestion));
        }
        target.patterns.extend(items(entry.patterns));
        target.raw_patterns.extend(items(entry.raw_patterns));
        target.exceptions.extend(items(entry.exceptions));
        target.unless.extend(items(entry.unless));
        target.triggers.extend(items(entry.triggers));
        if entry.not_applicable.is_some() {
            target.not_applicable = entry.not_applicable;
        }
        target.fire.extend(items(entry.examples.fire));
        target.pass.extend(items(entry.examples.pass));
    }
}

fn check_duplicates(src: &PackSource, phrases: &[Spanned<Text>], errors: &mut Vec<SourceError>) {
    let mut seen: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    for phrase in phrases {
        let normalized = crate::lang::normalize(phrase.get_ref())
            .text
            .trim()
            .to_string();
        if let Some((_, first)) = seen.iter().find(|(p, _)| *p == normalized) {
            let mut error = src.error(
                phrase.span(),
                format!("duplicate phrase `{}`", phrase.get_ref()),
                "listed again here",
            );
            error.help = Some(format!(
                "it is already listed on line {}",
                src.line_of(first.start)
            ));
            errors.push(error);
        } else {
            seen.push((normalized, phrase.span()));
        }
    }
}

fn toml_error(src: &PackSource, e: &toml::de::Error) -> SourceError {
    src.error(e.span().unwrap_or(0..0), e.message().to_string(), "here")
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// The known id closest to a misspelt one, if any is close.
pub fn closest<'a>(id: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(id, k), k))
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(row[j + 1])
            };
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_packs_list_no_phrase_twice() {
        // RuleSet::embedded skips this check at start-up.
        let mut set = RuleSet {
            rules: Vec::new(),
            packs: Vec::new(),
            sources: Vec::new(),
            embedded_sources: 0,
        };
        if let Err(errors) = set.add_files(embedded_files(), true, |_| None) {
            let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            panic!("{}", text.join("\n"));
        }
    }

    #[test]
    fn packs_parsed_at_build_time_equal_the_parsed_files() {
        // The catalog and packs as build.rs wrote them out, the packs'
        // entries read now, against the TOML files parsed.
        let prebuilt = RuleSet::embedded().unwrap();
        let mut parsed = RuleSet {
            rules: Vec::new(),
            packs: Vec::new(),
            sources: Vec::new(),
            embedded_sources: 0,
        };
        parsed.add_files(embedded_files(), false, |_| None).unwrap();
        assert_eq!(prebuilt::EMBEDDED_PACKS.len(), EMBEDDED.len() - 1);
        assert!(prebuilt_catalog::catalog().is_some());
        assert!(prebuilt.packs.iter().all(|p| p.unread.is_some()), "lazy");
        let paths = |set: &RuleSet| {
            set.sources
                .iter()
                .map(|s| s.path.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(paths(&prebuilt), paths(&parsed));
        assert_eq!(
            format!("{:?}", prebuilt.rules),
            format!("{:?}", parsed.rules)
        );
        assert_eq!(
            format!("{:?}", prebuilt.packs),
            format!("{:?}", parsed.packs)
        );
    }

    #[test]
    fn duplicates_in_a_user_pack_are_reported() {
        let dir = std::env::temp_dir().join(format!("couth-dup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("extra.toml");
        std::fs::write(
            &file,
            "language = \"en\"\n[rules.jargon]\nphrases = [\"RMA x\", \"rma  X\"]\n",
        )
        .unwrap();
        let mut set = RuleSet::embedded().unwrap();
        let errors = set.add_file(&file).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            errors[0].message.contains("duplicate phrase"),
            "{}",
            errors[0].message
        );
    }
}
