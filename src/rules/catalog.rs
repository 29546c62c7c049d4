//! The language-neutral rule catalog (`rules/catalog.toml`).

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;
use toml::Spanned;

/// How serious a finding is; `--fail-on` compares against it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected error, warning or info)"
            )),
        }
    }
}

/// How a rule is evaluated; see `rules/README.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Check {
    Phrases,
    Greeting,
    Opener,
    Absent,
    Reply,
    Slow,
    Wait,
    Length,
    Accents,
}

impl Check {
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Phrases => "phrases",
            Check::Greeting => "greeting",
            Check::Opener => "opener",
            Check::Absent => "absent",
            Check::Reply => "reply",
            Check::Slow => "slow",
            Check::Wait => "wait",
            Check::Length => "length",
            Check::Accents => "accents",
        }
    }

    /// Whether the check reads the pack's phrase lists at all.
    pub fn uses_phrases(self) -> bool {
        !matches!(self, Check::Slow | Check::Length)
    }
}

/// Where an `absent` finding points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Anchor {
    #[default]
    First,
    Last,
}

/// One rule of the catalog.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub category: String,
    pub severity: Severity,
    #[serde(default = "default_check")]
    pub check: Check,
    #[serde(default)]
    pub anchor: Anchor,
    #[serde(default)]
    pub library: Vec<String>,
    #[serde(default)]
    pub ignore_quoted: bool,
    pub message: String,
    #[serde(default)]
    pub rationale: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub max_sentence_words: Option<usize>,
    #[serde(default)]
    pub max_message_words: Option<usize>,
}

fn default_check() -> Check {
    Check::Phrases
}

impl RuleDef {
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CatalogFile {
    #[serde(default)]
    pub rule: Vec<RuleDef>,
}
