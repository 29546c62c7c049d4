//! Scoring one conversation.
//!
//! - A conversation with no agent message, or with fewer than
//!   `min_messages` messages (system messages aside), is not scored.
//! - Each category that can apply (see [`Need`](super::Need)) starts at 100
//!   and loses the penalty of each of its findings' severity, down to 0. A
//!   category with a finding always applies; the others are N/A.
//! - The overall score is the mean of the applicable categories weighted by
//!   their weights; N/A categories and weight-0 categories are left out (100
//!   when nothing is left).
//! - A finding of a critical rule fails the conversation outright: overall
//!   0, not passed, flagged, even when it is too short to score otherwise.
//! - A scored conversation passes at `pass_threshold` or above.

use std::sync::Arc;

use super::{Categories, ScorecardConfig};
use crate::conversation::Conversation;
use crate::finding::Finding;

/// Why a conversation has no score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotScored {
    NoAgentMessage,
    TooShort,
}

impl NotScored {
    pub fn as_str(self) -> &'static str {
        match self {
            NotScored::NoAgentMessage => "no agent message",
            NotScored::TooShort => "too short",
        }
    }
}

/// A conversation's scores, all 0–100.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub overall: f64,
    /// One per category of the run, in its order; `None` when N/A.
    pub categories: Vec<Option<f64>>,
    /// The critical rules that fired, in order of first finding.
    pub critical: Vec<Arc<str>>,
    pub passed: bool,
}

/// What the scorecard made of one conversation.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Scored(Score),
    NotScored(NotScored),
}

impl Verdict {
    pub fn score(&self) -> Option<&Score> {
        match self {
            Verdict::Scored(score) => Some(score),
            Verdict::NotScored(_) => None,
        }
    }
}

/// Allows for rounding in weighted means (79.99999… passes a threshold of 80).
const EPSILON: f64 = 1e-9;

/// Scores `conversation` with its `findings`.
pub fn score(
    config: &ScorecardConfig,
    categories: &Categories,
    conversation: &Conversation,
    findings: &[Finding],
) -> Verdict {
    let mut critical: Vec<Arc<str>> = Vec::new();
    for finding in findings {
        if config.is_critical(&finding.rule, &finding.category) && !critical.contains(&finding.rule)
        {
            critical.push(finding.rule.clone());
        }
    }
    if critical.is_empty() {
        if conversation.agent_messages == 0 {
            return Verdict::NotScored(NotScored::NoAgentMessage);
        }
        if conversation.messages < config.min_messages {
            return Verdict::NotScored(NotScored::TooShort);
        }
    }
    let scores: Vec<Option<f64>> = categories
        .iter()
        .map(|category| {
            let mut penalty = 0.0;
            let mut any = false;
            for finding in findings.iter().filter(|f| *f.category == category.name) {
                penalty += config.penalties.of(finding.severity);
                any = true;
            }
            (any || category.need.met_by(conversation)).then(|| (100.0 - penalty).max(0.0))
        })
        .collect();
    let (mut sum, mut weights) = (0.0, 0.0);
    for (category, score) in categories.iter().zip(&scores) {
        let weight = config.weight(&category.name);
        if let Some(score) = score
            && weight > 0.0
        {
            sum += weight * score;
            weights += weight;
        }
    }
    let mean = if weights > 0.0 { sum / weights } else { 100.0 };
    let overall = if critical.is_empty() { mean } else { 0.0 };
    Verdict::Scored(Score {
        overall,
        categories: scores,
        passed: critical.is_empty() && overall + EPSILON >= config.pass_threshold,
        critical,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;
    use crate::scorecard::Need;
    use crate::scorecard::testing::finding;

    fn categories() -> Categories {
        let mut c = Categories::default();
        c.add("opening", Need::AgentMessage);
        c.add("coldness", Need::AgentMessage);
        c.add("timing", Need::TimedReply);
        c.add("security", Need::AgentMessage);
        c
    }

    fn config() -> ScorecardConfig {
        let mut config = ScorecardConfig::default();
        config.weights.clear();
        config.weights.insert("opening".into(), 10.0);
        config.weights.insert("coldness".into(), 20.0);
        config.weights.insert("timing".into(), 10.0);
        config.weights.insert("security".into(), 0.0);
        config
    }

    fn chat(messages: usize, timed: bool) -> Conversation {
        Conversation {
            messages,
            agent_messages: messages.div_ceil(2),
            customer_messages: messages / 2,
            replies: messages / 2,
            timed_replies: if timed { messages / 2 } else { 0 },
            ..Conversation::default()
        }
    }

    fn scored(verdict: Verdict) -> Score {
        match verdict {
            Verdict::Scored(score) => score,
            Verdict::NotScored(reason) => panic!("not scored: {reason:?}"),
        }
    }

    #[test]
    fn a_clean_conversation_scores_100_in_every_applicable_category() {
        let s = scored(score(&config(), &categories(), &chat(4, true), &[]));
        assert_eq!(s.overall, 100.0);
        assert_eq!(
            s.categories,
            [Some(100.0), Some(100.0), Some(100.0), Some(100.0)]
        );
        assert!(s.passed);
    }

    #[test]
    fn findings_cost_their_severity_and_categories_floor_at_0() {
        let findings = [
            finding("missing-greeting", "opening", Severity::Warning),
            finding("apathy", "coldness", Severity::Error),
            finding("apathy", "coldness", Severity::Error),
            finding("argues-with-customer", "coldness", Severity::Error),
            finding("slow-response", "timing", Severity::Info),
        ];
        let s = scored(score(&config(), &categories(), &chat(4, true), &findings));
        assert_eq!(
            s.categories,
            [Some(80.0), Some(0.0), Some(95.0), Some(100.0)]
        );
        // (10·80 + 20·0 + 10·95) / 40; security weighs 0.
        assert_eq!(s.overall, 43.75);
        assert!(!s.passed);
        assert!(s.critical.is_empty());
    }

    #[test]
    fn na_categories_leave_the_weighted_mean() {
        let findings = [finding("rulebook", "coldness", Severity::Warning)];
        let s = scored(score(&config(), &categories(), &chat(4, false), &findings));
        assert_eq!(s.categories, [Some(100.0), Some(80.0), None, Some(100.0)]);
        // (10·100 + 20·80) / 30, timing N/A.
        assert!((s.overall - 86.666_666).abs() < 1e-3, "{}", s.overall);
        assert!(s.passed);
    }

    #[test]
    fn the_threshold_is_inclusive() {
        let findings = [
            finding("missing-greeting", "opening", Severity::Warning),
            finding("rulebook", "coldness", Severity::Warning),
            finding("slow-response", "timing", Severity::Warning),
        ];
        let s = scored(score(&config(), &categories(), &chat(4, true), &findings));
        assert_eq!(s.overall, 80.0);
        assert!(s.passed);
        let mut strict = config();
        strict.pass_threshold = 80.5;
        assert!(!scored(score(&strict, &categories(), &chat(4, true), &findings)).passed);
    }

    #[test]
    fn a_critical_finding_fails_the_conversation_outright() {
        let findings = [finding(
            "sensitive-data-request",
            "security",
            Severity::Error,
        )];
        let s = scored(score(&config(), &categories(), &chat(4, true), &findings));
        assert_eq!(s.overall, 0.0);
        assert!(!s.passed);
        assert_eq!(s.critical, [Arc::from("sensitive-data-request")]);
        assert_eq!(s.categories[3], Some(60.0));
        // Even a single message is judged then.
        let one = chat(1, false);
        let s = scored(score(&config(), &categories(), &one, &findings));
        assert_eq!((s.overall, s.passed), (0.0, false));
        // Categories can be critical too.
        let mut by_category = config();
        by_category.critical = vec!["coldness".into()];
        let cold = [finding("apathy", "coldness", Severity::Error)];
        let s = scored(score(&by_category, &categories(), &chat(4, true), &cold));
        assert_eq!(s.critical, [Arc::from("apathy")]);
    }

    #[test]
    fn short_conversations_and_ones_without_an_agent_are_not_scored() {
        let one = chat(1, false);
        let findings = [finding("missing-greeting", "opening", Severity::Warning)];
        assert_eq!(
            score(&config(), &categories(), &one, &findings),
            Verdict::NotScored(NotScored::TooShort)
        );
        let customers_only = Conversation {
            messages: 3,
            customer_messages: 3,
            ..Conversation::default()
        };
        assert_eq!(
            score(&config(), &categories(), &customers_only, &[]),
            Verdict::NotScored(NotScored::NoAgentMessage)
        );
        let mut longer = config();
        longer.min_messages = 6;
        assert_eq!(
            score(&longer, &categories(), &chat(4, true), &[]),
            Verdict::NotScored(NotScored::TooShort)
        );
    }

    #[test]
    fn nothing_weighted_scores_100() {
        let mut config = config();
        for weight in config.weights.values_mut() {
            *weight = 0.0;
        }
        let findings = [finding("apathy", "coldness", Severity::Error)];
        let s = scored(score(&config, &categories(), &chat(4, true), &findings));
        assert_eq!(s.overall, 100.0);
        assert_eq!(s.categories[1], Some(60.0));
    }
}
