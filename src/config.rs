//! `couth.toml`: the settings a team keeps in its repository.
//!
//! Found by walking up from the working directory (or given with
//! `--config`). Unknown keys and bad values are errors that point at the
//! line in the file. Command-line flags win over the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

use crate::engine::parse_duration;
use crate::error::SourceError;
use crate::rules::{RuleSet, Severity};

/// The file names looked for, in order, in each folder.
pub const FILE_NAMES: &[&str] = &["couth.toml", ".couth.toml"];

type Strings = Vec<Spanned<String>>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    select: Option<Strings>,
    #[serde(default)]
    ignore: Strings,
    fail_on: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    #[serde(default)]
    rules: Strings,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    per_path_ignores: BTreeMap<Spanned<String>, Strings>,
    #[serde(default)]
    phrases: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    #[serde(default)]
    labels: LabelsFile,
    #[serde(default)]
    email: EmailFile,
    #[serde(default)]
    timing: TimingFile,
    /// Read by `couth report`; kept as a table here.
    scorecard: Option<Spanned<toml::Table>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelsFile {
    #[serde(default)]
    agent: Vec<String>,
    #[serde(default)]
    customer: Vec<String>,
    #[serde(default)]
    system: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct EmailFile {
    #[serde(default)]
    agent_domains: Vec<String>,
    #[serde(default)]
    agent_addresses: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TimingFile {
    chat_slow_after: Option<Spanned<String>>,
    chat_wait_after: Option<Spanned<String>>,
    email_slow_after: Option<Spanned<String>>,
    email_wait_after: Option<Spanned<String>>,
}

/// Findings of these rules are dropped for paths matching the glob.
#[derive(Clone, Debug)]
pub struct PathIgnore {
    pub glob: String,
    matcher: GlobMatcher,
    /// Rule ids or categories; `*` (or an empty list) means every rule.
    pub rules: Vec<String>,
}

impl PathIgnore {
    pub fn new(glob: &str, rules: Vec<String>) -> Result<PathIgnore, String> {
        let matcher = Glob::new(glob)
            .map_err(|e| e.kind().to_string())?
            .compile_matcher();
        Ok(PathIgnore {
            glob: glob.to_string(),
            matcher,
            rules,
        })
    }

    /// Whether a finding of `rule` (in `category`) at `path` is ignored.
    /// `path` is matched as given and relative to the config's folder.
    pub fn ignores(&self, path: &str, base: Option<&Path>, rule: &str, category: &str) -> bool {
        let names = self.rules.is_empty()
            || self
                .rules
                .iter()
                .any(|r| r == "*" || r == rule || r == category);
        if !names {
            return false;
        }
        let given = path.strip_prefix("./").unwrap_or(path);
        if self.matcher.is_match(given) {
            return true;
        }
        let Some(base) = base else { return false };
        let Ok(absolute) = std::path::absolute(path) else {
            return false;
        };
        absolute
            .strip_prefix(base)
            .is_ok_and(|relative| self.matcher.is_match(relative))
    }
}

/// A loaded and checked config file.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file it came from; `None` for the defaults.
    pub path: Option<PathBuf>,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub fail_on: Option<String>,
    pub lang: Option<String>,
    /// Rule pack folders, resolved against the config's folder.
    pub rules: Vec<PathBuf>,
    pub severity: Vec<(String, Severity)>,
    pub per_path_ignores: Vec<PathIgnore>,
    pub agent_labels: Vec<String>,
    pub customer_labels: Vec<String>,
    pub system_labels: Vec<String>,
    pub agent_domains: Vec<String>,
    pub agent_addresses: Vec<String>,
    pub chat_slow_after: Option<i64>,
    pub chat_wait_after: Option<i64>,
    pub email_slow_after: Option<i64>,
    pub email_wait_after: Option<i64>,
    /// The `[scorecard]` table, for `couth report`.
    pub scorecard: Option<toml::Table>,
    source: Option<(Arc<str>, String)>,
    phrases: Vec<ExtraPhrase>,
    names: Vec<(String, std::ops::Range<usize>)>,
}

#[derive(Clone, Debug)]
struct ExtraPhrase {
    language: String,
    language_span: std::ops::Range<usize>,
    rule: String,
    rule_span: std::ops::Range<usize>,
    phrase: String,
    span: std::ops::Range<usize>,
    suggestion: Option<String>,
}

impl Config {
    /// The first config file found walking up from `start`.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let mut dir = std::path::absolute(start).ok()?;
        loop {
            for name in FILE_NAMES {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Some(candidate);
                }
            }
            if !dir.pop() {
                return None;
            }
        }
    }

    /// Reads and parses a config file; errors point at its lines.
    pub fn load(path: &Path) -> Result<Config, Vec<SourceError>> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![SourceError {
                path: shown.clone(),
                source_text: Arc::from(""),
                span: 0..0,
                message: format!(
                    "cannot read the config file: {}",
                    crate::input::walk::describe_io(&e)
                ),
                label: String::new(),
                help: None,
            }]
        })?;
        Config::parse(&shown, &text, path.parent())
    }

    /// Parses config text (`base` resolves relative paths in it).
    pub fn parse(path: &str, text: &str, base: Option<&Path>) -> Result<Config, Vec<SourceError>> {
        let source: Arc<str> = Arc::from(text);
        let error =
            |span: std::ops::Range<usize>, message: String, help: Option<String>| SourceError {
                path: path.to_string(),
                source_text: source.clone(),
                span,
                message,
                label: "here".into(),
                help,
            };
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            vec![error(
                e.span().unwrap_or(0..0),
                format!("invalid config: {}", e.message().trim()),
                Some("see the README's \"Configuration\" section for every key".into()),
            )]
        })?;
        let mut errors = Vec::new();
        let base = base.map(|b| {
            if b.as_os_str().is_empty() {
                Path::new(".")
            } else {
                b
            }
        });
        let mut config = Config {
            path: Some(PathBuf::from(path)),
            source: Some((source.clone(), path.to_string())),
            ..Config::default()
        };
        let remember = |s: &Spanned<String>, names: &mut Vec<(String, std::ops::Range<usize>)>| {
            names.push((s.get_ref().clone(), s.span()));
            s.get_ref().clone()
        };
        let mut names = Vec::new();
        config.select = file
            .select
            .map(|list| list.iter().map(|s| remember(s, &mut names)).collect());
        config.ignore = file
            .ignore
            .iter()
            .map(|s| remember(s, &mut names))
            .collect();
        if let Some(fail_on) = file.fail_on {
            if ["error", "warning", "info", "never"].contains(&fail_on.get_ref().as_str()) {
                config.fail_on = Some(fail_on.get_ref().clone());
            } else {
                errors.push(error(
                    fail_on.span(),
                    format!("unknown fail-on level `{}`", fail_on.get_ref()),
                    Some("use error, warning, info or never".into()),
                ));
            }
        }
        config.lang = file.lang.map(|l| l.into_inner());
        for dir in &file.rules {
            let p = PathBuf::from(dir.get_ref());
            config.rules.push(match base {
                Some(b) if p.is_relative() => b.join(p),
                _ => p,
            });
        }
        for (name, level) in &file.severity {
            remember(name, &mut names);
            match level.get_ref().parse::<Severity>() {
                Ok(severity) => config.severity.push((name.get_ref().clone(), severity)),
                Err(message) => errors.push(error(level.span(), message, None)),
            }
        }
        for (glob, rules) in &file.per_path_ignores {
            let rule_names: Vec<String> = rules
                .iter()
                .map(|r| {
                    if r.get_ref() == "*" {
                        r.get_ref().clone()
                    } else {
                        remember(r, &mut names)
                    }
                })
                .collect();
            match PathIgnore::new(glob.get_ref(), rule_names) {
                Ok(ignore) => config.per_path_ignores.push(ignore),
                Err(message) => {
                    errors.push(error(glob.span(), format!("invalid glob: {message}"), None))
                }
            }
        }
        for (language, rules) in file.phrases {
            for (rule, list) in rules {
                // A list of phrases, or a table phrase → suggestion ("" for none).
                let pairs: Option<Vec<(String, Option<String>)>> = match list.get_ref() {
                    toml::Value::Array(items) => items
                        .iter()
                        .map(|v| v.as_str().map(|p| (p.to_string(), None)))
                        .collect(),
                    toml::Value::Table(table) => table
                        .iter()
                        .map(|(p, v)| {
                            v.as_str()
                                .map(|s| (p.clone(), (!s.is_empty()).then(|| s.to_string())))
                        })
                        .collect(),
                    _ => None,
                };
                let Some(pairs) = pairs else {
                    errors.push(error(
                        list.span(),
                        "extra phrases must be a list of strings or a table of phrase = \"suggestion\"".into(),
                        None,
                    ));
                    continue;
                };
                for (phrase, suggestion) in pairs {
                    config.phrases.push(ExtraPhrase {
                        language: language.get_ref().clone(),
                        language_span: language.span(),
                        rule: rule.get_ref().clone(),
                        rule_span: rule.span(),
                        phrase,
                        span: list.span(),
                        suggestion,
                    });
                }
            }
        }
        config.agent_labels = file.labels.agent;
        config.customer_labels = file.labels.customer;
        config.system_labels = file.labels.system;
        config.agent_domains = file.email.agent_domains;
        config.agent_addresses = file.email.agent_addresses;
        let mut duration = |value: &Option<Spanned<String>>| -> Option<i64> {
            let value = value.as_ref()?;
            match parse_duration(value.get_ref()) {
                Ok(seconds) => Some(seconds),
                Err(message) => {
                    errors.push(error(value.span(), message, None));
                    None
                }
            }
        };
        config.chat_slow_after = duration(&file.timing.chat_slow_after);
        config.chat_wait_after = duration(&file.timing.chat_wait_after);
        config.email_slow_after = duration(&file.timing.email_slow_after);
        config.email_wait_after = duration(&file.timing.email_wait_after);
        config.scorecard = file.scorecard.map(|s| s.into_inner());
        config.names = names;
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }

    /// The folder the config's path globs are relative to.
    pub fn base_dir(&self) -> Option<PathBuf> {
        let parent = self.path.as_ref()?.parent()?;
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        std::path::absolute(parent).ok()
    }

    /// The config's speaker labels with their roles.
    pub fn labels(&self) -> Vec<(String, crate::transcript::Role)> {
        use crate::transcript::Role;
        let tagged = |list: &Vec<String>, role: Role| {
            list.iter()
                .map(move |l| (l.clone(), role))
                .collect::<Vec<_>>()
        };
        let mut out = tagged(&self.agent_labels, Role::Agent);
        out.extend(tagged(&self.customer_labels, Role::Customer));
        out.extend(tagged(&self.system_labels, Role::System));
        out
    }

    /// Checks rule and category names against the loaded rules, and adds the
    /// config's extra phrases to their packs.
    pub fn apply_to(&self, set: &mut RuleSet) -> Result<(), Vec<SourceError>> {
        let Some((source, path)) = &self.source else {
            return Ok(());
        };
        let error =
            |span: std::ops::Range<usize>, message: String, help: Option<String>| SourceError {
                path: path.clone(),
                source_text: source.clone(),
                span,
                message,
                label: "here".into(),
                help,
            };
        let mut known: Vec<String> = set.rules.iter().map(|r| r.id().to_string()).collect();
        known.extend(set.rules.iter().map(|r| r.category.clone()));
        known.push(crate::engine::suppressions::UNUSED_SUPPRESSION.to_string());
        known.push("suppression".to_string());
        let mut errors = Vec::new();
        for (name, span) in &self.names {
            if !known.contains(name) {
                let help = crate::rules::pack::closest(name, &known)
                    .map(|h| format!("did you mean `{h}`?"));
                errors.push(error(
                    span.clone(),
                    format!("unknown rule or category `{name}`"),
                    help,
                ));
            }
        }
        for extra in &self.phrases {
            if set.pack(&extra.language).is_none() {
                errors.push(error(
                    extra.language_span.clone(),
                    format!("no rule pack for language `{}`", extra.language),
                    None,
                ));
                continue;
            }
            if set.rule(&extra.rule).is_none() {
                let ids: Vec<String> = set.rules.iter().map(|r| r.id().to_string()).collect();
                let help = crate::rules::pack::closest(&extra.rule, &ids)
                    .map(|h| format!("did you mean `{h}`?"));
                errors.push(error(
                    extra.rule_span.clone(),
                    format!("unknown rule `{}`", extra.rule),
                    help,
                ));
                continue;
            }
            set.add_phrase(
                &extra.language,
                &extra.rule,
                source.clone(),
                path,
                extra.span.clone(),
                &extra.phrase,
                extra.suggestion.clone(),
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_config_parses() {
        let text = r#"
select = ["brush-off", "jargon"]
ignore = ["wall-of-text"]
fail-on = "error"
lang = "sv"

[severity]
jargon = "error"

[per-path-ignores]
"macros/legacy/**" = ["jargon"]

[phrases.en.jargon]
"PX-ticket" = "your request"

[phrases.ru]
jargon = ["тикет*"]

[labels]
agent = ["Concierge"]

[email]
agent-domains = ["example.com"]

[timing]
chat-slow-after = "3m"
"#;
        let config = Config::parse("couth.toml", text, None).unwrap();
        assert_eq!(
            config.select.as_deref(),
            Some(&["brush-off".to_string(), "jargon".to_string()][..])
        );
        assert_eq!(config.fail_on.as_deref(), Some("error"));
        assert_eq!(config.chat_slow_after, Some(180));
        assert_eq!(config.phrases.len(), 2);
        assert!(config.per_path_ignores[0].ignores(
            "macros/legacy/a.md",
            None,
            "jargon",
            "condescension"
        ));
        assert!(!config.per_path_ignores[0].ignores(
            "macros/new/a.md",
            None,
            "jargon",
            "condescension"
        ));
    }

    #[test]
    fn unknown_keys_and_bad_values_point_at_their_line() {
        let errors = Config::parse(
            "couth.toml",
            "select = [\"jargon\"]\nfial-on = \"error\"\n",
            None,
        )
        .unwrap_err();
        assert_eq!(errors[0].line(), 2);
        assert!(
            errors[0].message.contains("fial-on"),
            "{}",
            errors[0].message
        );
        let errors = Config::parse(
            "couth.toml",
            "[timing]\n\nchat-slow-after = \"soon\"\n",
            None,
        )
        .unwrap_err();
        assert_eq!(errors[0].line(), 3);
        let errors = Config::parse("couth.toml", "fail-on = \"sometimes\"\n", None).unwrap_err();
        assert_eq!(errors[0].line(), 1);
    }
}
