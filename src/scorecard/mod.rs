//! Scorecards: a 0–100 score per conversation and category, the way contact
//! centres' QA scorecards work (a weight per category, critical rules that
//! fail a conversation outright, N/A where a category cannot apply, a pass
//! threshold, no score for conversations too short to judge), and their
//! aggregation by agent, rule, category, language or file.
//!
//! UI-free: `report::scorecard` prints what [`Scorecard`] computes.

mod categories;
mod config;
mod group;
mod score;

pub use categories::{Categories, Category, Need};
pub use config::{DEFAULT_CRITICAL, DEFAULT_WEIGHTS, OTHER_WEIGHT, Penalties, ScorecardConfig};
pub use group::{Example, Group, GroupBy, Scorecard, UNKNOWN_LANGUAGE, UNNAMED_AGENT};
pub use score::{NotScored, Score, Verdict, score};

#[cfg(test)]
pub(crate) mod testing {
    use std::sync::Arc;

    use crate::finding::{Finding, Snippet};
    use crate::rules::Severity;
    use crate::transcript::Role;

    /// An agent finding of `rule` at a.txt:1:1.
    pub fn finding(rule: &str, category: &str, severity: Severity) -> Finding {
        Finding {
            path: Arc::from("a.txt"),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 2,
            rule: Arc::from(rule),
            category: Arc::from(category),
            severity,
            message: format!("{rule} message"),
            suggestion: None,
            language: Arc::from("en"),
            role: Role::Agent,
            speaker: None,
            conversation: None,
            matched: "x".into(),
            snippet: Snippet {
                text: "x".into(),
                line: 1,
                column: 1,
                start: 0,
                end: 1,
            },
        }
    }
}
