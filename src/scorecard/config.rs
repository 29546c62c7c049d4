//! The scorecard's settings: category weights, points lost per finding,
//! critical rules, the pass threshold and the shortest conversation scored.
//!
//! In `couth.toml` they are the `[scorecard]` section; every key is optional
//! and unknown keys are an error:
//!
//! ```toml
//! [scorecard]
//! # Weight of each category in the overall score. Listed categories
//! # override the defaults one by one; the others keep theirs. A category
//! # missing from the defaults (from a custom catalog) weighs 10.
//! weights = { timing = 0, readability = 10 }
//! # Points a category loses per finding, by severity (floored at 0).
//! penalties = { error = 40, warning = 20, info = 5 }
//! # Rule ids or categories that fail a conversation outright (score 0).
//! # Replaces the default list; `critical = []` turns it off.
//! critical = ["sensitive-data-request"]
//! # A scored conversation passes at this overall score or above (0–100).
//! pass_threshold = 80
//! # Conversations with fewer messages (system messages aside) are not scored.
//! min_messages = 2
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

use crate::rules::Severity;

/// The weight of a category that the defaults do not list.
pub const OTHER_WEIGHT: f64 = 10.0;

/// Default weights: the categories the "sins of service" weigh most get the
/// most. Coldness and brush-offs are what customers remember and what the
/// seeds put first (20 each; Calabrio's Auto QM gives empathy and
/// professional language 20 % each); condescension (tone, jargon,
/// officialese) 15; greeting, closing, blame, solution and timing 10 each
/// (Calabrio: greeting 10 %, closing 10 %); readability 5, as a style matter.
/// Security weighs 0: its rule is critical, so it fails the conversation
/// outright instead of lowering an average.
pub const DEFAULT_WEIGHTS: &[(&str, f64)] = &[
    ("opening", 10.0),
    ("closing", 10.0),
    ("brush-off", 20.0),
    ("coldness", 20.0),
    ("condescension", 15.0),
    ("blame", 10.0),
    ("solution", 10.0),
    ("timing", 10.0),
    ("readability", 5.0),
    ("security", 0.0),
];

/// Default critical rules: asking for a card number, CVV, PIN or password
/// is a compliance failure whatever else the agent did well.
pub const DEFAULT_CRITICAL: &[&str] = &["sensitive-data-request"];

/// The scorecard's settings; see the module documentation for the keys.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScorecardConfig {
    /// Category → weight in the overall score.
    #[serde(deserialize_with = "over_default_weights")]
    pub weights: BTreeMap<String, f64>,
    pub penalties: Penalties,
    /// Rule ids or categories whose findings fail a conversation.
    pub critical: Vec<String>,
    /// The overall score (0–100) a conversation needs to pass.
    pub pass_threshold: f64,
    /// The fewest messages (system messages aside) a scored conversation has.
    pub min_messages: usize,
}

impl Default for ScorecardConfig {
    fn default() -> Self {
        ScorecardConfig {
            weights: default_weights(),
            penalties: Penalties::default(),
            critical: DEFAULT_CRITICAL.iter().map(|s| s.to_string()).collect(),
            pass_threshold: 80.0,
            min_messages: 2,
        }
    }
}

/// Points a category loses per finding, by severity. An error is a clear
/// miss (three of them empty a category); a warning a partial miss (five
/// empty it); info is a nudge.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Penalties {
    pub error: f64,
    pub warning: f64,
    pub info: f64,
}

impl Default for Penalties {
    fn default() -> Self {
        Penalties {
            error: 40.0,
            warning: 20.0,
            info: 5.0,
        }
    }
}

impl Penalties {
    pub fn of(&self, severity: Severity) -> f64 {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

fn default_weights() -> BTreeMap<String, f64> {
    DEFAULT_WEIGHTS
        .iter()
        .map(|(name, weight)| (name.to_string(), *weight))
        .collect()
}

/// A `weights` table changes only the categories it lists.
fn over_default_weights<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, f64>, D::Error> {
    let given = BTreeMap::<String, f64>::deserialize(deserializer)?;
    let mut weights = default_weights();
    weights.extend(given);
    Ok(weights)
}

impl ScorecardConfig {
    /// The weight of `category` in the overall score.
    pub fn weight(&self, category: &str) -> f64 {
        self.weights.get(category).copied().unwrap_or(OTHER_WEIGHT)
    }

    /// Whether a finding of `rule` in `category` fails its conversation.
    pub fn is_critical(&self, rule: &str, category: &str) -> bool {
        self.critical.iter().any(|c| c == rule || c == category)
    }

    /// Checks the numbers, and that weights name known categories and
    /// critical entries name known rules or categories. Every problem is
    /// one message.
    pub fn validate(&self, rules: &[&str], categories: &[&str]) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        let known_categories: Vec<String> = categories.iter().map(|s| s.to_string()).collect();
        for (category, weight) in &self.weights {
            let is_default = DEFAULT_WEIGHTS.iter().any(|(name, _)| name == category);
            if !is_default && !categories.contains(&category.as_str()) {
                problems.push(unknown("category", category, &known_categories));
            }
            if !weight.is_finite() || *weight < 0.0 {
                problems.push(format!(
                    "scorecard weight of `{category}` must be a number of 0 or more, not {weight}"
                ));
            }
        }
        let p = &self.penalties;
        for (name, value) in [("error", p.error), ("warning", p.warning), ("info", p.info)] {
            if !value.is_finite() || value < 0.0 {
                problems.push(format!(
                    "scorecard penalty for `{name}` must be a number of 0 or more, not {value}"
                ));
            }
        }
        let known: Vec<String> = rules
            .iter()
            .chain(categories)
            .map(|s| s.to_string())
            .collect();
        for name in &self.critical {
            if !known.contains(name) {
                problems.push(unknown("rule or category", name, &known));
            }
        }
        if !(0.0..=100.0).contains(&self.pass_threshold) {
            problems.push(format!(
                "scorecard pass_threshold must be between 0 and 100, not {}",
                self.pass_threshold
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

fn unknown(what: &str, name: &str, known: &[String]) -> String {
    let hint = crate::rules::pack::closest(name, known)
        .map(|h| format!(" (did you mean `{h}`?)"))
        .unwrap_or_default();
    format!("scorecard: unknown {what} `{name}`{hint}; `couth rules` lists them")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_cover_the_catalog_categories() {
        let config = ScorecardConfig::default();
        assert_eq!(config.weight("brush-off"), 20.0);
        assert_eq!(config.weight("security"), 0.0);
        assert_eq!(config.weight("custom"), OTHER_WEIGHT);
        assert!(config.is_critical("sensitive-data-request", "security"));
        assert!(!config.is_critical("jargon", "condescension"));
        assert_eq!(config.pass_threshold, 80.0);
        assert_eq!(config.min_messages, 2);
    }

    #[test]
    fn a_toml_section_overrides_key_by_key() {
        let config: ScorecardConfig = toml::from_str(
            "weights = { timing = 0, readability = 7.5 }\npenalties = { info = 1 }\ncritical = []\npass_threshold = 75\n",
        )
        .unwrap();
        assert_eq!(config.weight("timing"), 0.0);
        assert_eq!(config.weight("readability"), 7.5);
        assert_eq!(config.weight("coldness"), 20.0);
        assert_eq!(config.penalties.info, 1.0);
        assert_eq!(config.penalties.error, 40.0);
        assert!(config.critical.is_empty());
        assert_eq!(config.pass_threshold, 75.0);
        assert_eq!(config.min_messages, 2);
        let empty: ScorecardConfig = toml::from_str("").unwrap();
        assert_eq!(empty, ScorecardConfig::default());
    }

    #[test]
    fn unknown_keys_are_refused() {
        let error = toml::from_str::<ScorecardConfig>("treshold = 70").unwrap_err();
        assert!(error.message().contains("unknown field"), "{error}");
        assert!(toml::from_str::<ScorecardConfig>("penalties = { fatal = 100 }").is_err());
    }

    #[test]
    fn validation_names_each_problem() {
        let mut config = ScorecardConfig::default();
        config.weights.insert("coldnes".into(), 5.0);
        config.weights.insert("blame".into(), -1.0);
        config.critical.push("sensitive-data-requst".into());
        config.pass_threshold = 120.0;
        let problems = config
            .validate(
                &["sensitive-data-request", "jargon"],
                &["coldness", "blame", "security"],
            )
            .unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:#?}");
        assert!(problems[0].contains("`blame`"));
        assert!(problems[1].contains("did you mean `coldness`"));
        assert!(problems[2].contains("did you mean `sensitive-data-request`"));
        assert!(problems[3].contains("pass_threshold"));
        assert!(ScorecardConfig::default().validate(&[], &[]).is_err());
        assert!(
            ScorecardConfig::default()
                .validate(&["sensitive-data-request"], &[])
                .is_ok()
        );
    }
}
