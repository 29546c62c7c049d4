//! The JSON scorecard document (`couth report --format json`).
//!
//! ```text
//! {
//!   "version": 1,
//!   "by": "agent",                      // agent | rule | category | language | file
//!   "files_checked": 6,
//!   "scorecard": {                      // the settings used
//!     "weights": {"opening": 10.0, …}, "penalties": {"error": 40.0, …},
//!     "critical": ["sensitive-data-request"], "pass_threshold": 80.0, "min_messages": 2
//!   },
//!   "categories": [{"name": "opening", "weight": 10.0, "applies_with": "agent message"}, …],
//!   "groups": [GROUP, …],               // in report order
//!   "total": GROUP,                     // every conversation; key "(all)"
//!   "conversations": [{                 // one per conversation, in batch order
//!     "path", "name", "line", "agents": [..], "unnamed_agent": bool,
//!     "languages": [..], "messages",
//!     "scored": bool, "not_scored": null | "too short" | "no agent message",
//!     "score": 0–100 | null, "passed": bool | null, "critical": [rule ids],
//!     "categories": {"opening": 0–100 | null (N/A), …}, "findings": N
//!   }, …],
//!   "errors": [{"path", "line", "message"}, …]
//! }
//! GROUP = {
//!   "key", "conversations", "scored", "not_scored", "findings",
//!   "findings_per_conversation", "score", "pass_rate" (percent), "passed",
//!   "critical_failures", "categories": {name: mean | null, …},
//!   "worst": [{"path", "line", "column", "conversation", "score", "critical",
//!              "rule", "category", "severity", "message", "matched"}, …]
//! }
//! ```
//!
//! Scores and rates are rounded to two decimals; `null` means there was
//! nothing to average (no scored conversation, or N/A everywhere).

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use super::{BatchInfo, round2};
use crate::scorecard::{Categories, Group, Need, Scorecard, ScorecardConfig, Verdict};

pub fn write(card: &Scorecard<'_>, batch: BatchInfo<'_>, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(card, batch))?;
    writeln!(out)
}

pub fn document(card: &Scorecard<'_>, batch: BatchInfo<'_>) -> Value {
    json!({
        "version": 1,
        "by": card.by.name(),
        "files_checked": batch.files_checked,
        "scorecard": settings(card.config),
        "categories": card.categories.iter().map(|c| json!({
            "name": c.name,
            "weight": card.config.weight(&c.name),
            "applies_with": need_name(c.need),
        })).collect::<Vec<_>>(),
        "groups": card.groups.iter().map(|g| group(card, g)).collect::<Vec<_>>(),
        "total": group(card, &card.total),
        "conversations": conversations(card),
        "errors": batch.errors.iter().map(crate::report::json::error).collect::<Vec<_>>(),
    })
}

fn settings(config: &ScorecardConfig) -> Value {
    json!({
        "weights": config.weights,
        "penalties": {
            "error": config.penalties.error,
            "warning": config.penalties.warning,
            "info": config.penalties.info,
        },
        "critical": config.critical,
        "pass_threshold": config.pass_threshold,
        "min_messages": config.min_messages,
    })
}

fn need_name(need: Need) -> &'static str {
    match need {
        Need::AgentMessage => "agent message",
        Need::CustomerReply => "customer reply",
        Need::TimedReply => "timed reply",
    }
}

fn number(value: Option<f64>) -> Value {
    value.map_or(Value::Null, |v| json!(round2(v)))
}

fn by_category(categories: &Categories, values: &[Option<f64>]) -> Value {
    let map: Map<String, Value> = categories
        .names()
        .zip(values)
        .map(|(name, value)| (name.to_string(), number(*value)))
        .collect();
    Value::Object(map)
}

fn group(card: &Scorecard<'_>, g: &Group<'_>) -> Value {
    json!({
        "key": g.key,
        "conversations": g.conversations(),
        "scored": g.scored,
        "not_scored": g.not_scored,
        "findings": g.findings,
        "findings_per_conversation": number(g.findings_per_conversation()),
        "score": number(g.score),
        "pass_rate": number(g.pass_rate()),
        "passed": g.passed,
        "critical_failures": g.critical_failures,
        "categories": by_category(card.categories, &g.categories),
        "worst": g.worst.iter().map(|e| {
            let f = e.finding;
            let score = card.verdicts[e.conversation].score();
            json!({
                "path": &*f.path,
                "line": f.line,
                "column": f.column,
                "conversation": card.results[e.conversation].conversation.name,
                "score": number(score.map(|s| s.overall)),
                "critical": score.is_some_and(|s| !s.critical.is_empty()),
                "rule": &*f.rule,
                "category": &*f.category,
                "severity": f.severity.as_str(),
                "message": f.message,
                "matched": f.matched,
            })
        }).collect::<Vec<_>>(),
    })
}

fn conversations(card: &Scorecard<'_>) -> Vec<Value> {
    card.results
        .iter()
        .zip(&card.verdicts)
        .map(|(result, verdict)| {
            let c = &result.conversation;
            let (score, reason) = match verdict {
                Verdict::Scored(score) => (Some(score), None),
                Verdict::NotScored(reason) => (None, Some(reason.as_str())),
            };
            let categories = score.map_or(Value::Null, |s| by_category(card.categories, &s.categories));
            json!({
                "path": &*c.path,
                "name": c.name,
                "line": c.line,
                "agents": c.agents,
                "unnamed_agent": c.unnamed_agent,
                "languages": c.languages.iter().map(|l| &**l).collect::<Vec<_>>(),
                "messages": c.messages,
                "scored": score.is_some(),
                "not_scored": reason,
                "score": number(score.map(|s| s.overall)),
                "passed": score.map(|s| s.passed),
                "critical": score.map_or(Vec::new(), |s| s.critical.iter().map(|r| r.to_string()).collect()),
                "categories": categories,
                "findings": result.findings.len(),
            })
        })
        .collect()
}
