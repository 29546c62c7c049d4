//! Scorecards of a batch, grouped by agent, rule, category, language or file.
//!
//! Every group has member conversations and the findings it is charged
//! with:
//!
//! | by | a conversation belongs to | the group's findings are |
//! |---|---|---|
//! | agent | every agent who wrote in it (no name: `(unnamed agent)`) | those in that agent's messages |
//! | language | every language its messages were read in | those in messages of that language |
//! | file | its file | all of them |
//! | rule | every rule that fired in it | that rule's |
//! | category | every category with a finding in it | that category's |
//!
//! Scores are the member conversations' own (a conversation with two agents
//! counts fully for both). The total covers every conversation.

use std::fmt;
use std::str::FromStr;

use super::score::{Verdict, score};
use super::{Categories, ScorecardConfig};
use crate::conversation::ConversationResult;
use crate::finding::Finding;

/// The group of agent messages without a speaker name.
pub const UNNAMED_AGENT: &str = "(unnamed agent)";
/// The group of conversations whose language is not known (no pack loaded).
pub const UNKNOWN_LANGUAGE: &str = "(unknown)";

/// What to group conversations by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    Agent,
    Rule,
    Category,
    Language,
    File,
}

impl GroupBy {
    pub const ALL: &'static [GroupBy] = &[
        GroupBy::Agent,
        GroupBy::Rule,
        GroupBy::Category,
        GroupBy::Language,
        GroupBy::File,
    ];

    pub fn name(self) -> &'static str {
        match self {
            GroupBy::Agent => "agent",
            GroupBy::Rule => "rule",
            GroupBy::Category => "category",
            GroupBy::Language => "language",
            GroupBy::File => "file",
        }
    }
}

impl fmt::Display for GroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for GroupBy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        GroupBy::ALL
            .iter()
            .copied()
            .find(|g| g.name() == s)
            .ok_or_else(|| format!("cannot group by `{s}`"))
    }
}

/// A conversation shown as one of a group's worst: its most severe finding
/// of the group.
#[derive(Clone, Debug)]
pub struct Example<'a> {
    /// Index into [`Scorecard::results`].
    pub conversation: usize,
    pub finding: &'a Finding,
}

/// One group's numbers.
#[derive(Clone, Debug)]
pub struct Group<'a> {
    pub key: String,
    pub scored: usize,
    pub not_scored: usize,
    pub findings: usize,
    /// Mean overall score of the scored conversations.
    pub score: Option<f64>,
    /// Mean score per category (in [`Scorecard::categories`] order), over
    /// the scored conversations where it applies.
    pub categories: Vec<Option<f64>>,
    pub critical_failures: usize,
    pub passed: usize,
    /// The lowest-scoring conversations with a finding of the group
    /// (critical failures first, unscored ones last).
    pub worst: Vec<Example<'a>>,
}

impl Group<'_> {
    pub fn conversations(&self) -> usize {
        self.scored + self.not_scored
    }

    pub fn findings_per_conversation(&self) -> Option<f64> {
        let n = self.conversations();
        (n > 0).then(|| self.findings as f64 / n as f64)
    }

    /// Passed conversations as a percentage of the scored ones.
    pub fn pass_rate(&self) -> Option<f64> {
        (self.scored > 0).then(|| 100.0 * self.passed as f64 / self.scored as f64)
    }
}

/// The scorecards of a batch.
#[derive(Clone, Debug)]
pub struct Scorecard<'a> {
    pub by: GroupBy,
    pub config: &'a ScorecardConfig,
    pub categories: &'a Categories,
    pub results: &'a [ConversationResult],
    /// One per result.
    pub verdicts: Vec<Verdict>,
    pub groups: Vec<Group<'a>>,
    pub total: Group<'a>,
}

/// A conversation's place in a group: the findings charged to the group.
struct Member<'a> {
    conversation: usize,
    findings: Vec<&'a Finding>,
}

impl<'a> Scorecard<'a> {
    /// Scores every conversation and groups them; `worst` is how many
    /// examples each group keeps.
    pub fn build(
        results: &'a [ConversationResult],
        config: &'a ScorecardConfig,
        categories: &'a Categories,
        by: GroupBy,
        worst: usize,
    ) -> Scorecard<'a> {
        let verdicts: Vec<Verdict> = results
            .iter()
            .map(|r| score(config, categories, &r.conversation, &r.findings))
            .collect();
        let mut keyed: Vec<(String, Vec<Member<'a>>)> = Vec::new();
        for (index, result) in results.iter().enumerate() {
            for (key, findings) in memberships(by, result) {
                let member = Member {
                    conversation: index,
                    findings,
                };
                match keyed.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, members)) => members.push(member),
                    None => keyed.push((key, vec![member])),
                }
            }
        }
        let aggregate = |key: String, members: &[Member<'a>]| {
            aggregate(key, members, &verdicts, categories.len(), worst)
        };
        let mut groups: Vec<Group<'a>> = keyed
            .iter()
            .map(|(key, members)| aggregate(key.clone(), members))
            .collect();
        order(by, categories, &mut groups);
        let everyone: Vec<Member<'a>> = results
            .iter()
            .enumerate()
            .map(|(index, r)| Member {
                conversation: index,
                findings: r.findings.iter().collect(),
            })
            .collect();
        let total = aggregate("(all)".to_string(), &everyone);
        Scorecard {
            by,
            config,
            categories,
            results,
            verdicts,
            groups,
            total,
        }
    }
}

/// The groups a conversation belongs to, each with the findings charged to it.
fn memberships(by: GroupBy, result: &ConversationResult) -> Vec<(String, Vec<&Finding>)> {
    let c = &result.conversation;
    let all = || result.findings.iter();
    match by {
        GroupBy::File => vec![(c.path.to_string(), all().collect())],
        GroupBy::Agent => {
            let mut agents: Vec<String> = c.agents.clone();
            if c.unnamed_agent {
                agents.push(UNNAMED_AGENT.to_string());
            }
            agents
                .into_iter()
                .map(|agent| {
                    let findings = all()
                        .filter(|f| {
                            f.role == crate::transcript::Role::Agent
                                && f.speaker.as_deref().unwrap_or(UNNAMED_AGENT) == agent
                        })
                        .collect();
                    (agent, findings)
                })
                .collect()
        }
        GroupBy::Language if c.languages.is_empty() => {
            vec![(UNKNOWN_LANGUAGE.to_string(), all().collect())]
        }
        GroupBy::Language => c
            .languages
            .iter()
            .map(|language| {
                let findings = all().filter(|f| f.language == *language).collect();
                (language.to_string(), findings)
            })
            .collect(),
        GroupBy::Rule | GroupBy::Category => {
            let key = |f: &Finding| {
                if by == GroupBy::Rule {
                    f.rule.to_string()
                } else {
                    f.category.to_string()
                }
            };
            let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
            for finding in all() {
                let k = key(finding);
                match groups.iter_mut().find(|(g, _)| *g == k) {
                    Some((_, findings)) => findings.push(finding),
                    None => groups.push((k, vec![finding])),
                }
            }
            groups
        }
    }
}

fn aggregate<'a>(
    key: String,
    members: &[Member<'a>],
    verdicts: &[Verdict],
    categories: usize,
    worst: usize,
) -> Group<'a> {
    let mut group = Group {
        key,
        scored: 0,
        not_scored: 0,
        findings: 0,
        score: None,
        categories: vec![None; categories],
        critical_failures: 0,
        passed: 0,
        worst: Vec::new(),
    };
    let mut overall = Mean::default();
    let mut by_category = vec![Mean::default(); categories];
    for member in members {
        group.findings += member.findings.len();
        let Some(score) = verdicts[member.conversation].score() else {
            group.not_scored += 1;
            continue;
        };
        group.scored += 1;
        group.passed += usize::from(score.passed);
        group.critical_failures += usize::from(!score.critical.is_empty());
        overall.add(score.overall);
        for (mean, value) in by_category.iter_mut().zip(&score.categories) {
            if let Some(value) = value {
                mean.add(*value);
            }
        }
    }
    group.score = overall.get();
    group.categories = by_category.iter().map(Mean::get).collect();
    group.worst = worst_examples(members, verdicts, worst);
    group
}

fn worst_examples<'a>(members: &[Member<'a>], verdicts: &[Verdict], n: usize) -> Vec<Example<'a>> {
    let mut examples: Vec<(f64, Example<'a>)> = members
        .iter()
        .filter_map(|member| {
            // The most severe finding; the first of them by position.
            let finding = member
                .findings
                .iter()
                .copied()
                .reduce(|best, f| if f.severity > best.severity { f } else { best })?;
            let rank = verdicts[member.conversation]
                .score()
                .map_or(f64::INFINITY, |s| s.overall);
            Some((
                rank,
                Example {
                    conversation: member.conversation,
                    finding,
                },
            ))
        })
        .collect();
    examples.sort_by(|(a, x), (b, y)| {
        a.total_cmp(b)
            .then(y.finding.severity.cmp(&x.finding.severity))
            .then(x.conversation.cmp(&y.conversation))
    });
    examples.into_iter().take(n).map(|(_, e)| e).collect()
}

/// Agents and languages alphabetically (the placeholder groups last), files
/// in the batch's order, rules by number of findings, categories in catalog
/// order.
fn order(by: GroupBy, categories: &Categories, groups: &mut [Group<'_>]) {
    match by {
        GroupBy::File => {}
        GroupBy::Agent | GroupBy::Language => groups.sort_by(|a, b| {
            let placeholder = |g: &Group<'_>| g.key.starts_with('(');
            placeholder(a)
                .cmp(&placeholder(b))
                .then_with(|| a.key.to_lowercase().cmp(&b.key.to_lowercase()))
                .then_with(|| a.key.cmp(&b.key))
        }),
        GroupBy::Rule => groups.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.key.cmp(&b.key))),
        GroupBy::Category => {
            groups.sort_by_key(|g| categories.index_of(&g.key).unwrap_or(usize::MAX))
        }
    }
}

/// A running mean.
#[derive(Clone, Copy, Default)]
struct Mean {
    sum: f64,
    count: usize,
}

impl Mean {
    fn add(&mut self, value: f64) {
        self.sum += value;
        self.count += 1;
    }

    fn get(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum / self.count as f64)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::conversation::Conversation;
    use crate::rules::Severity;
    use crate::scorecard::Need;
    use crate::scorecard::testing::finding;

    fn categories() -> Categories {
        let mut c = Categories::default();
        for name in ["opening", "coldness", "timing", "security"] {
            let need = if name == "timing" {
                Need::TimedReply
            } else {
                Need::AgentMessage
            };
            c.add(name, need);
        }
        c
    }

    fn by_agent(
        path: &str,
        agents: &[&str],
        findings: Vec<(&str, &str, Severity, Option<&str>, u32)>,
    ) -> ConversationResult {
        ConversationResult {
            conversation: Conversation {
                path: Arc::from(path),
                agents: agents.iter().map(|a| a.to_string()).collect(),
                unnamed_agent: agents.is_empty(),
                languages: vec![Arc::from("en")],
                messages: 4,
                agent_messages: 2,
                customer_messages: 2,
                replies: 2,
                ..Conversation::default()
            },
            findings: findings
                .into_iter()
                .map(|(rule, category, severity, speaker, line)| {
                    let mut f = finding(rule, category, severity);
                    f.path = Arc::from(path);
                    f.speaker = speaker.map(str::to_string);
                    f.line = line;
                    f
                })
                .collect(),
        }
    }

    fn results() -> Vec<ConversationResult> {
        use Severity::*;
        vec![
            by_agent("a.txt", &["Maria"], vec![]),
            by_agent(
                "b.txt",
                &["Maria", "Tom"],
                vec![
                    ("apathy", "coldness", Error, Some("Tom"), 4),
                    ("missing-greeting", "opening", Warning, Some("Maria"), 2),
                ],
            ),
            by_agent(
                "c.txt",
                &["Tom"],
                vec![("sensitive-data-request", "security", Error, Some("Tom"), 6)],
            ),
            by_agent(
                "d.txt",
                &[],
                vec![("missing-greeting", "opening", Warning, None, 1)],
            ),
            ConversationResult {
                conversation: Conversation {
                    path: Arc::from("e.txt"),
                    agents: vec!["Maria".into()],
                    languages: vec![Arc::from("en")],
                    messages: 1,
                    agent_messages: 1,
                    ..Conversation::default()
                },
                findings: vec![],
            },
        ]
    }

    #[test]
    fn agents_share_conversations_but_not_findings() {
        let results = results();
        let config = ScorecardConfig::default();
        let categories = categories();
        let card = Scorecard::build(&results, &config, &categories, GroupBy::Agent, 3);
        let keys: Vec<&str> = card.groups.iter().map(|g| g.key.as_str()).collect();
        assert_eq!(keys, ["Maria", "Tom", UNNAMED_AGENT]);
        let maria = &card.groups[0];
        // a: 100; b: opening 80, coldness 60 → (10·80 + 20·60)/30 = 66.67;
        // e: too short.
        assert_eq!((maria.scored, maria.not_scored, maria.findings), (2, 1, 1));
        assert!((maria.score.unwrap() - (100.0 + 200.0 / 3.0) / 2.0).abs() < 1e-9);
        assert_eq!(maria.categories[0], Some(90.0));
        assert_eq!(maria.categories[2], None);
        assert_eq!((maria.passed, maria.critical_failures), (1, 0));
        assert_eq!(maria.pass_rate(), Some(50.0));
        assert_eq!(maria.findings_per_conversation(), Some(1.0 / 3.0));
        assert_eq!(maria.worst.len(), 1);
        assert_eq!(&*maria.worst[0].finding.rule, "missing-greeting");
        let tom = &card.groups[1];
        assert_eq!((tom.scored, tom.findings, tom.critical_failures), (2, 2, 1));
        assert!((tom.score.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        // The critical failure (score 0) comes before b.txt (66.67).
        let worst: Vec<&str> = tom.worst.iter().map(|e| &*e.finding.rule).collect();
        assert_eq!(worst, ["sensitive-data-request", "apathy"]);
        let total = &card.total;
        assert_eq!((total.scored, total.not_scored, total.findings), (4, 1, 4));
        assert_eq!(total.critical_failures, 1);
        assert_eq!(total.worst.len(), 3);
        assert_eq!(card.total.conversations(), 5);
    }

    #[test]
    fn rules_and_categories_group_the_conversations_they_fired_in() {
        let results = results();
        let config = ScorecardConfig::default();
        let categories = categories();
        let card = Scorecard::build(&results, &config, &categories, GroupBy::Rule, 3);
        let keys: Vec<(&str, usize)> = card
            .groups
            .iter()
            .map(|g| (g.key.as_str(), g.findings))
            .collect();
        assert_eq!(
            keys,
            [
                ("missing-greeting", 2),
                ("apathy", 1),
                ("sensitive-data-request", 1)
            ]
        );
        assert_eq!(card.groups[0].scored, 2);
        let card = Scorecard::build(&results, &config, &categories, GroupBy::Category, 1);
        let keys: Vec<&str> = card.groups.iter().map(|g| g.key.as_str()).collect();
        assert_eq!(keys, ["opening", "coldness", "security"]);
        assert_eq!(card.groups[0].worst.len(), 1);
    }

    #[test]
    fn files_and_languages() {
        let results = results();
        let config = ScorecardConfig::default();
        let categories = categories();
        let card = Scorecard::build(&results, &config, &categories, GroupBy::File, 3);
        assert_eq!(card.groups.len(), 5);
        assert_eq!(card.groups[3].key, "d.txt");
        let card = Scorecard::build(&results, &config, &categories, GroupBy::Language, 3);
        assert_eq!(card.groups.len(), 1);
        assert_eq!(
            (card.groups[0].key.as_str(), card.groups[0].findings),
            ("en", 4)
        );
        assert_eq!("category".parse::<GroupBy>(), Ok(GroupBy::Category));
        assert!("team".parse::<GroupBy>().is_err());
    }
}
