//! One checked conversation: what a per-conversation report needs to know
//! about it (who spoke, in which languages, how many replies were timed),
//! and its findings.

use std::sync::Arc;

use crate::engine::Checked;
use crate::finding::Finding;
use crate::transcript::{Role, Transcript};

/// The facts about a conversation that scorecards group and judge by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conversation {
    pub path: Arc<str>,
    /// The conversation's name inside its file, if it has one.
    pub name: Option<String>,
    /// The file line of its first message, where a report points when it
    /// means the conversation as a whole.
    pub line: u32,
    /// The distinct speaker names of agent messages, in order of first
    /// appearance.
    pub agents: Vec<String>,
    /// Whether some agent message has no speaker name.
    pub unnamed_agent: bool,
    /// The languages of its agent and customer messages, most messages first.
    pub languages: Vec<Arc<str>>,
    /// Messages other than system messages.
    pub messages: usize,
    pub agent_messages: usize,
    pub customer_messages: usize,
    /// Customer turns answered by an agent message.
    pub replies: usize,
    /// Those replies where both the customer's message and the agent's
    /// answer have a timestamp, so the wait can be measured.
    pub timed_replies: usize,
}

impl Conversation {
    /// Describes `transcript`, whose messages were read in `languages`.
    pub fn describe(transcript: &Transcript, languages: Vec<Arc<str>>) -> Conversation {
        let mut conversation = Conversation {
            path: transcript.path.clone(),
            name: transcript.name.clone(),
            line: transcript
                .messages
                .first()
                .map_or(1, |m| m.source.locate(&m.text, 0).0),
            languages,
            ..Conversation::default()
        };
        // The customer turn waiting for an answer: whether there is one, and
        // the timestamp of its first message (as the timing rules measure).
        let mut waiting = false;
        let mut waiting_since: Option<i64> = None;
        for message in &transcript.messages {
            match message.role {
                Role::System => continue,
                Role::Agent => {
                    conversation.agent_messages += 1;
                    match &message.speaker {
                        Some(name) if !conversation.agents.contains(name) => {
                            conversation.agents.push(name.clone());
                        }
                        Some(_) => {}
                        None => conversation.unnamed_agent = true,
                    }
                    if waiting {
                        conversation.replies += 1;
                        if waiting_since.is_some() && message.timestamp.is_some() {
                            conversation.timed_replies += 1;
                        }
                    }
                    waiting = false;
                    waiting_since = None;
                }
                Role::Customer => {
                    conversation.customer_messages += 1;
                    waiting = true;
                    waiting_since = waiting_since.or(message.timestamp);
                }
                Role::Unknown => {}
            }
            conversation.messages += 1;
        }
        conversation
    }

    /// Whether the wait before at least one agent reply can be measured.
    pub fn has_timestamps(&self) -> bool {
        self.timed_replies > 0
    }
}

/// A conversation and what the engine found in it.
#[derive(Clone, Debug, Default)]
pub struct ConversationResult {
    pub conversation: Conversation,
    /// Ordered by position.
    pub findings: Vec<Finding>,
}

impl ConversationResult {
    /// The result of checking `transcript`.
    pub fn new(transcript: &Transcript, checked: Checked) -> ConversationResult {
        ConversationResult {
            conversation: Conversation::describe(transcript, checked.languages),
            findings: checked.findings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::{InputKind, Message};

    fn message(role: Role, speaker: Option<&str>, timestamp: Option<i64>, line: u32) -> Message {
        let mut m = Message::new(role, "text", line, 1);
        m.speaker = speaker.map(str::to_string);
        m.timestamp = timestamp;
        m
    }

    #[test]
    fn agents_replies_and_timed_replies_are_counted() {
        let mut t = Transcript::new("a.txt", InputKind::Chat);
        t.messages = vec![
            message(Role::System, None, None, 2),
            message(Role::Agent, Some("Maria"), Some(0), 3),
            message(Role::Customer, None, Some(60), 4),
            message(Role::Customer, None, None, 5),
            message(Role::Agent, Some("Maria"), Some(120), 6),
            message(Role::Customer, None, None, 7),
            message(Role::Agent, Some("Tom"), None, 8),
            message(Role::Agent, None, None, 9),
        ];
        let c = Conversation::describe(&t, vec![Arc::from("en")]);
        assert_eq!(c.line, 2);
        assert_eq!(c.agents, ["Maria", "Tom"]);
        assert!(c.unnamed_agent);
        assert_eq!(
            (c.messages, c.agent_messages, c.customer_messages),
            (7, 4, 3)
        );
        assert_eq!((c.replies, c.timed_replies), (2, 1));
        assert!(c.has_timestamps());
    }

    #[test]
    fn a_reply_without_a_timed_question_is_not_timed() {
        let mut t = Transcript::new("b.txt", InputKind::Chat);
        t.messages = vec![
            message(Role::Customer, None, None, 1),
            message(Role::Agent, Some("Maria"), Some(60), 2),
        ];
        let c = Conversation::describe(&t, Vec::new());
        assert_eq!((c.replies, c.timed_replies), (1, 0));
        assert!(!c.has_timestamps());
    }
}
