//! Conversations and messages out of a parsed export, whatever its shape:
//! a conversation object with a message array, an array of conversations,
//! an array of messages (grouped by conversation id), messages as objects or
//! as `[role, text]` pairs. Field names come from the [`FieldMap`].

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::LabelSet;
use crate::input::fields::{FieldMap, parse_timestamp, role_from_field, role_from_name};
use crate::input::library::language_code;
use crate::input::tree::{Node, Value};
use crate::transcript::{Channel, InputKind, Message, Role, Transcript};

/// Object members that wrap an array of conversations (`{"tickets": [...]}`).
const WRAPPERS: &[&str] = &[
    "conversations",
    "tickets",
    "chats",
    "threads",
    "dialogs",
    "data",
    "items",
    "results",
    "records",
];

/// Reads conversations out of nodes with one field map.
pub struct Records<'a> {
    pub path: &'a Arc<str>,
    pub kind: InputKind,
    pub fields: &'a FieldMap,
    pub labels: &'a LabelSet,
}

/// What a value of an export turned out to be.
pub enum Item {
    Conversation(Transcript),
    /// A message, with the conversation id it names (if any).
    Message(Message, Option<String>),
    /// Not a conversation nor a message: the reason, for an error.
    Unreadable(String),
}

impl Records<'_> {
    /// Every conversation of a whole JSON document, and the problems met.
    pub fn document(&self, root: &Node) -> (Vec<Transcript>, Vec<(u32, String)>) {
        let mut transcripts = Vec::new();
        let mut errors = Vec::new();
        match &root.value {
            Value::Array(items) => self.items(items, &mut transcripts, &mut errors),
            Value::Object(_) => {
                if let Some(items) = self.wrapped(root) {
                    self.items(items, &mut transcripts, &mut errors);
                } else {
                    match self.item(root) {
                        Item::Conversation(t) => transcripts.push(t),
                        Item::Message(m, id) => {
                            transcripts.push(self.transcript_of(vec![m], id, Some(root)))
                        }
                        Item::Unreadable(why) => errors.push((root.line, why)),
                    }
                }
            }
            _ => errors.push((
                root.line,
                format!(
                    "expected a conversation object with a `messages` array, or an array of conversations; found {} at line {}",
                    root.describe(),
                    root.line
                ),
            )),
        }
        (transcripts, errors)
    }

    /// The array of conversations inside a wrapper object, if it is one.
    fn wrapped<'n>(&self, root: &'n Node) -> Option<&'n [Node]> {
        if self.messages_of(root).is_some() {
            return None;
        }
        WRAPPERS
            .iter()
            .filter_map(|w| root.get(w)?.as_array())
            .find(|items| {
                items
                    .first()
                    .is_some_and(|first| self.messages_of(first).is_some())
            })
    }

    /// An array: conversations, or messages grouped by conversation id in
    /// order of first appearance.
    fn items(
        &self,
        items: &[Node],
        transcripts: &mut Vec<Transcript>,
        errors: &mut Vec<(u32, String)>,
    ) {
        let mut groups: Vec<(Option<String>, Vec<Message>, &Node)> = Vec::new();
        let mut index: HashMap<Option<String>, usize> = HashMap::new();
        for node in items {
            match self.item(node) {
                Item::Conversation(t) => transcripts.push(t),
                Item::Message(message, id) => match index.get(&id) {
                    Some(&i) => groups[i].1.push(message),
                    None => {
                        index.insert(id.clone(), groups.len());
                        groups.push((id, vec![message], node));
                    }
                },
                Item::Unreadable(why) => errors.push((node.line, why)),
            }
        }
        for (id, messages, first) in groups {
            transcripts.push(self.transcript_of(messages, id, Some(first)));
        }
    }

    /// One value: a conversation, a message, or neither.
    pub fn item(&self, node: &Node) -> Item {
        if let Some(messages) = self.messages_of(node) {
            let list: Vec<Message> = messages.iter().filter_map(|m| self.message(m)).collect();
            let id = self.conversation_id(node, self.fields.conversation.iter());
            return Item::Conversation(self.transcript_of(list, id, Some(node)));
        }
        if let Some(message) = self.message(node) {
            let id = self.conversation_id(node, self.fields.message_conversation());
            return Item::Message(message, id);
        }
        let found = match &node.value {
            Value::Object(members) if !members.is_empty() => {
                let names: Vec<&str> = members.iter().take(8).map(|(k, _)| k.as_str()).collect();
                format!(
                    "an object without one at line {} (its fields: {}; name the message array with --json-messages-field, the text with --json-text-field)",
                    node.line,
                    names.join(", ")
                )
            }
            _ => format!("{} at line {}", node.describe(), node.line),
        };
        Item::Unreadable(format!(
            "expected a conversation object with a `messages` array, found {found}"
        ))
    }

    /// A transcript of `messages`; its language and channel come from
    /// `node` (the conversation object) when there is one.
    pub fn transcript_of(
        &self,
        messages: Vec<Message>,
        id: Option<String>,
        node: Option<&Node>,
    ) -> Transcript {
        let mut transcript = Transcript::new(self.path.clone(), self.kind);
        transcript.name = id;
        transcript.messages = messages;
        let Some(node) = node else {
            return transcript;
        };
        transcript.language = ["language", "lang", "locale"]
            .iter()
            .filter_map(|k| node.get(k)?.scalar())
            .find_map(|code| language_code(&code));
        if node
            .get("channel")
            .and_then(|c| c.scalar())
            .is_some_and(|c| c.eq_ignore_ascii_case("email") || c.eq_ignore_ascii_case("mail"))
        {
            transcript.channel = Channel::Email;
        }
        transcript
    }

    /// The message array of a conversation object: the first field of the
    /// map that holds an array, or else the first member that is an array
    /// of messages (`dialogContent`, `original`).
    pub fn messages_of<'n>(&self, node: &'n Node) -> Option<&'n [Node]> {
        let members = node.as_object()?;
        let named = self.fields.messages.iter().find_map(|path| {
            let found = node.at_path(&path.parts)?;
            match &found.value {
                Value::Array(items) => Some(items.as_slice()),
                // Intercom nests the list: conversation_parts.conversation_parts.
                Value::Object(_) => found.get(path.name())?.as_array(),
                _ => None,
            }
        });
        named.or_else(|| {
            members.iter().find_map(|(_, value)| {
                let items = value.as_array()?;
                let first = items.first()?;
                (self.text_of(first).is_some() || pair(first).is_some()).then_some(items)
            })
        })
    }

    fn conversation_id<'p>(
        &self,
        node: &Node,
        mut candidates: impl Iterator<Item = &'p crate::input::fields::FieldPath>,
    ) -> Option<String> {
        candidates.find_map(|path| {
            let value = node.at_path(&path.parts)?.scalar()?;
            let value = value.trim();
            (!value.is_empty()).then(|| value.to_string())
        })
    }

    fn text_of<'n>(&self, node: &'n Node) -> Option<&'n crate::input::tree::Text> {
        self.fields
            .text
            .iter()
            .find_map(|path| node.at_path(&path.parts)?.as_text())
    }

    /// A message: an object with a text field, or a `[role, text]` pair.
    pub fn message(&self, node: &Node) -> Option<Message> {
        if let Some((who, text)) = pair(node) {
            let role = role_from_name(&who.text, self.labels);
            return Some(Message {
                role: role.unwrap_or(Role::Unknown),
                speaker: role.is_none().then(|| who.text.clone()),
                timestamp: None,
                text: text.text.clone(),
                source: text.source.clone(),
            });
        }
        let text = self.text_of(node)?;
        let speaker = self.fields.speaker.iter().find_map(|path| {
            let value = node.at_path(&path.parts)?;
            let name = value.as_text()?.text.trim();
            (!name.is_empty()).then(|| name.to_string())
        });
        let role = self
            .fields
            .role
            .iter()
            .find_map(|path| {
                let value = node.at_path(&path.parts)?.scalar()?;
                role_from_field(path, &value, self.labels)
            })
            .or_else(|| {
                speaker
                    .as_deref()
                    .and_then(|s| role_from_name(s, self.labels))
            });
        let (role, speaker) = match role {
            Some(role) => (role, speaker),
            None => match role_from_key(node, self.labels) {
                Some((role, name)) => (role, speaker.or(Some(name))),
                None => (Role::Unknown, speaker),
            },
        };
        let timestamp = self.fields.timestamp.iter().find_map(|path| {
            let value = node.at_path(&path.parts)?.scalar()?;
            parse_timestamp(&value)
        });
        Some(Message {
            role,
            speaker,
            timestamp,
            text: text.text.clone(),
            source: text.source.clone(),
        })
    }
}

/// `["agent", "Hello!"]`: a speaker and a text.
fn pair(node: &Node) -> Option<(&crate::input::tree::Text, &crate::input::tree::Text)> {
    match node.as_array()? {
        [who, text, ..] => Some((who.as_text()?, text.as_text()?)),
        _ => None,
    }
}

/// Exports that name the role by the key: `{"agent": "AcmeHelp", ...}`,
/// `{"client": "anna", ...}` (`client1` for a second customer).
fn role_from_key(node: &Node, labels: &LabelSet) -> Option<(Role, String)> {
    node.as_object()?.iter().find_map(|(key, value)| {
        let name = value.as_text()?.text.trim();
        let role = role_from_name(key.trim_end_matches(|c: char| c.is_ascii_digit()), labels)?;
        matches!(role, Role::Agent | Role::Customer).then(|| (role, name.to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::json::parser::parse;

    fn read(src: &str) -> (Vec<Transcript>, Vec<(u32, String)>) {
        let path: Arc<str> = Arc::from("t.json");
        let fields = FieldMap::default();
        let labels = LabelSet::default();
        let records = Records {
            path: &path,
            kind: InputKind::Json,
            fields: &fields,
            labels: &labels,
        };
        records.document(&parse(src, 1).unwrap())
    }

    #[test]
    fn a_conversation_with_nested_authors() {
        let (t, e) = read(
            r#"{"id": 7, "messages": [
                {"author": {"name": "Maria", "role": "agent"}, "created_at": "2024-03-01T10:02:00Z", "body": "Hello"},
                {"author": {"name": "Anna", "role": "end-user"}, "body": "Hi"}]}"#,
        );
        assert!(e.is_empty());
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].name.as_deref(), Some("7"));
        let m = &t[0].messages;
        assert_eq!(
            (m[0].role, m[0].speaker.as_deref()),
            (Role::Agent, Some("Maria"))
        );
        assert_eq!(m[0].timestamp, Some(1_709_287_320));
        assert_eq!(m[1].role, Role::Customer);
    }

    #[test]
    fn arrays_of_conversations_pairs_and_role_keys() {
        let (t, e) = read(
            r#"[{"convo_id": 1, "original": [["agent", "Hi!"], ["customer", "Hello"], ["action", "Looked up"]]},
                {"dialogContent": [{"client": "anna", "message": "help"}, {"agent": "AcmeHelp", "message": "Sure"}]},
                42]"#,
        );
        assert_eq!(t.len(), 2);
        let roles: Vec<Role> = t[0].messages.iter().map(|m| m.role).collect();
        assert_eq!(roles, [Role::Agent, Role::Customer, Role::System]);
        let m = &t[1].messages;
        assert_eq!(
            (m[0].role, m[0].speaker.as_deref()),
            (Role::Customer, Some("anna"))
        );
        assert_eq!(
            (m[1].role, m[1].speaker.as_deref()),
            (Role::Agent, Some("AcmeHelp"))
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].0, 3);
        assert!(e[0].1.contains("found a number at line 3"), "{}", e[0].1);
    }

    #[test]
    fn messages_group_by_conversation_id_in_order() {
        let (t, _) = read(
            r#"[{"ticket_id": "a", "id": 1, "direction": "inbound", "text": "1"},
                {"ticket_id": "b", "id": 2, "direction": "outbound", "text": "2"},
                {"ticket_id": "a", "id": 3, "is_agent": true, "text": "3"}]"#,
        );
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].name.as_deref(), Some("a"));
        let roles: Vec<Role> = t[0].messages.iter().map(|m| m.role).collect();
        assert_eq!(roles, [Role::Customer, Role::Agent]);
        assert_eq!(t[1].messages[0].role, Role::Agent);
    }

    #[test]
    fn wrong_shapes_say_what_was_found() {
        let (_, e) = read(r#"{"subject": "x", "count": 2}"#);
        assert!(e[0].1.contains("its fields: subject, count"), "{}", e[0].1);
        let (_, e) = read("\"just a string\"");
        assert!(e[0].1.contains("found a string at line 1"));
        let (t, _) =
            read(r#"{"tickets": [{"comments": [{"body": "x", "author_type": "agent"}]}]}"#);
        assert_eq!(t[0].messages[0].role, Role::Agent);
    }
}
