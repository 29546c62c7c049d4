//! The categories a run scores, and when each can apply to a conversation.

use crate::conversation::Conversation;
use crate::rules::{Check, RuleDef};

/// What a conversation must hold for a rule to have something to judge.
/// Each need implies the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// An agent message (opening and closing rules, wording rules).
    AgentMessage,
    /// A customer turn answered by the agent (empathy).
    CustomerReply,
    /// Such a reply with both timestamps (reply time, apology for the wait).
    TimedReply,
}

impl Need {
    /// What a rule evaluated by `check` needs.
    pub fn of(check: Check) -> Need {
        match check {
            Check::Slow | Check::Wait => Need::TimedReply,
            Check::Reply => Need::CustomerReply,
            Check::Phrases
            | Check::Greeting
            | Check::Opener
            | Check::Absent
            | Check::Length
            | Check::Accents => Need::AgentMessage,
        }
    }

    pub fn met_by(self, conversation: &Conversation) -> bool {
        match self {
            Need::AgentMessage => conversation.agent_messages > 0,
            Need::CustomerReply => conversation.replies > 0,
            Need::TimedReply => conversation.timed_replies > 0,
        }
    }
}

/// One scored category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub name: String,
    /// The least any of its rules needs: the category applies when one of
    /// its rules can.
    pub need: Need,
}

/// The categories of the rules a run checks, in catalog order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Categories {
    list: Vec<Category>,
}

impl Categories {
    /// The categories of `rules` (the enabled ones of a run).
    pub fn from_rules<'a>(rules: impl IntoIterator<Item = &'a RuleDef>) -> Categories {
        let mut categories = Categories::default();
        for rule in rules {
            categories.add(&rule.category, Need::of(rule.check));
        }
        categories
    }

    /// Adds a category, or lowers the need of a known one.
    pub fn add(&mut self, name: &str, need: Need) {
        match self.list.iter_mut().find(|c| c.name == name) {
            Some(category) => category.need = category.need.min(need),
            None => self.list.push(Category {
                name: name.to_string(),
                need,
            }),
        }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Category> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.list.iter().position(|c| c.name == name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|c| c.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_applies_when_its_least_demanding_rule_can() {
        let mut categories = Categories::default();
        categories.add("timing", Need::TimedReply);
        categories.add("coldness", Need::CustomerReply);
        categories.add("coldness", Need::AgentMessage);
        categories.add("timing", Need::TimedReply);
        let needs: Vec<(&str, Need)> = categories
            .iter()
            .map(|c| (c.name.as_str(), c.need))
            .collect();
        assert_eq!(
            needs,
            [
                ("timing", Need::TimedReply),
                ("coldness", Need::AgentMessage)
            ]
        );
        let c = Conversation {
            agent_messages: 2,
            replies: 1,
            ..Conversation::default()
        };
        assert!(Need::CustomerReply.met_by(&c));
        assert!(!Need::TimedReply.met_by(&c));
        assert_eq!(Need::of(Check::Wait), Need::TimedReply);
        assert_eq!(Need::of(Check::Reply), Need::CustomerReply);
        assert_eq!(Need::of(Check::Absent), Need::AgentMessage);
    }
}
