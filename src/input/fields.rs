//! Which fields of a JSON export (or columns of a CSV export) hold a
//! message's text, role, time, speaker and conversation, and how their
//! values become roles and timestamps.
//!
//! Every kind of field has a list of candidates tried in order; the first
//! one present wins. A candidate is a name or a dotted path (`author.role`).
//! The defaults read common helpdesk exports as they are; `--json-*-field`
//! and `--csv-*-column` replace a list.

use std::fmt;

use super::time;
use crate::engine::LabelSet;
use crate::transcript::Role;

/// A field name or dotted path, optionally with the role a true value
/// means (`inbound=customer`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldPath {
    pub parts: Vec<String>,
    /// For a yes/no field: the role of a true value (the other role is
    /// the false one). `None`: inferred from the name (`is_agent`, `inbound`).
    pub truthy: Option<Role>,
}

impl FieldPath {
    /// Parses `name`, `a.b.c` or `name=role`.
    pub fn parse(spec: &str) -> Result<FieldPath, String> {
        let (path, role) = match spec.split_once('=') {
            Some((path, role)) => (path, Some(role)),
            None => (spec, None),
        };
        let truthy = match role {
            None => None,
            Some(role) => match Role::from_name(role) {
                Some(r @ (Role::Agent | Role::Customer)) => Some(r),
                _ => {
                    return Err(format!(
                        "`{spec}`: after `=` write the role a true value means: agent or customer"
                    ));
                }
            },
        };
        let parts: Vec<String> = path
            .trim()
            .split('.')
            .map(|p| p.trim().to_string())
            .collect();
        if parts.iter().any(String::is_empty) {
            return Err(format!(
                "`{spec}` is not a field name or a dotted path like `author.role`"
            ));
        }
        Ok(FieldPath { parts, truthy })
    }

    /// The last part of the path: what the field is called.
    pub fn name(&self) -> &str {
        self.parts.last().map_or("", String::as_str)
    }

    /// The role a true value of this yes/no field means, if the field says.
    pub fn role_when_true(&self) -> Option<Role> {
        self.truthy.or_else(|| flag_role(self.name()))
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.parts.join("."))?;
        if let Some(role) = self.truthy {
            write!(f, "={role}")?;
        }
        Ok(())
    }
}

/// The kinds of field a reader looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Role,
    Timestamp,
    Speaker,
    Conversation,
    Messages,
    MessageId,
    ReplyTo,
}

/// The candidates for each kind of field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldMap {
    pub text: Vec<FieldPath>,
    pub role: Vec<FieldPath>,
    pub timestamp: Vec<FieldPath>,
    pub speaker: Vec<FieldPath>,
    pub conversation: Vec<FieldPath>,
    pub messages: Vec<FieldPath>,
    /// A row's own id, and the id of the row it replies to: rows without a
    /// conversation column are threaded by them (CSV only).
    pub message_id: Vec<FieldPath>,
    pub reply_to: Vec<FieldPath>,
    /// The conversation candidates were given by the user: a bare `id` is
    /// then trusted on message records too (by default it is a message id).
    pub conversation_given: bool,
}

const JSON_TEXT: &[&str] = &["text", "body", "message", "content", "plain_body", "value"];
const JSON_ROLE: &[&str] = &[
    "role",
    "author_type",
    "sender_type",
    "from",
    "author.role",
    "author.type",
    "sender.role",
    "type",
    "direction",
    "is_agent",
    "from_agent",
    "inbound",
];
const JSON_TIMESTAMP: &[&str] = &[
    "timestamp",
    "created_at",
    "createdAt",
    "time",
    "date",
    "datetime",
    "sent_at",
    "timestamp_ms",
    "created",
];
const JSON_SPEAKER: &[&str] = &[
    "speaker",
    "author",
    "author.name",
    "name",
    "sender",
    "sender.name",
    "user.name",
];
const JSON_CONVERSATION: &[&str] = &[
    "conversation_id",
    "ticket_id",
    "thread_id",
    "chat_id",
    "session_id",
    "convo_id",
    "id",
];
const JSON_MESSAGES: &[&str] = &[
    "messages",
    "comments",
    "conversation_parts",
    "turns",
    "dialog",
    "dialogue",
    "utterances",
];

const CSV_TEXT: &[&str] = &[
    "text",
    "body",
    "message",
    "content",
    "comment",
    "plain_body",
];
const CSV_ROLE: &[&str] = &[
    "role",
    "author_type",
    "sender_type",
    "from",
    "type",
    "direction",
    "is_agent",
    "from_agent",
    "inbound",
];
const CSV_TIMESTAMP: &[&str] = &[
    "timestamp",
    "created_at",
    "time",
    "date",
    "datetime",
    "sent_at",
    "timestamp_ms",
];
const CSV_SPEAKER: &[&str] = &[
    "speaker",
    "author",
    "author_name",
    "author_id",
    "name",
    "sender",
];
const CSV_CONVERSATION: &[&str] = &[
    "conversation_id",
    "ticket_id",
    "thread_id",
    "chat_id",
    "session_id",
    "convo_id",
];
const CSV_MESSAGE_ID: &[&str] = &["tweet_id", "message_id", "msg_id", "post_id", "id"];
const CSV_REPLY_TO: &[&str] = &[
    "in_response_to_tweet_id",
    "in_reply_to_status_id",
    "in_reply_to",
    "in_reply_to_id",
    "in_response_to",
    "reply_to",
    "reply_to_id",
    "parent_id",
];

fn paths(names: &[&str]) -> Vec<FieldPath> {
    names
        .iter()
        .map(|n| FieldPath::parse(n).expect("valid built-in field name"))
        .collect()
}

impl Default for FieldMap {
    /// The defaults for JSON and JSON Lines exports.
    fn default() -> FieldMap {
        FieldMap {
            text: paths(JSON_TEXT),
            role: paths(JSON_ROLE),
            timestamp: paths(JSON_TIMESTAMP),
            speaker: paths(JSON_SPEAKER),
            conversation: paths(JSON_CONVERSATION),
            messages: paths(JSON_MESSAGES),
            message_id: Vec::new(),
            reply_to: Vec::new(),
            conversation_given: false,
        }
    }
}

impl FieldMap {
    /// The defaults for CSV exports (column names; a bare `id` is a row's
    /// own id, never a conversation's).
    pub fn csv() -> FieldMap {
        FieldMap {
            text: paths(CSV_TEXT),
            role: paths(CSV_ROLE),
            timestamp: paths(CSV_TIMESTAMP),
            speaker: paths(CSV_SPEAKER),
            conversation: paths(CSV_CONVERSATION),
            messages: Vec::new(),
            message_id: paths(CSV_MESSAGE_ID),
            reply_to: paths(CSV_REPLY_TO),
            conversation_given: false,
        }
    }

    /// Replaces the candidates of one kind with a comma-separated list
    /// (`body,comment.text`).
    pub fn set(&mut self, kind: FieldKind, spec: &str) -> Result<(), String> {
        let list = spec
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(FieldPath::parse)
            .collect::<Result<Vec<_>, _>>()?;
        if list.is_empty() {
            return Err("a field name is needed".into());
        }
        match kind {
            FieldKind::Text => self.text = list,
            FieldKind::Role => self.role = list,
            FieldKind::Timestamp => self.timestamp = list,
            FieldKind::Speaker => self.speaker = list,
            FieldKind::Conversation => {
                self.conversation = list;
                self.conversation_given = true;
            }
            FieldKind::Messages => self.messages = list,
            FieldKind::MessageId => self.message_id = list,
            FieldKind::ReplyTo => self.reply_to = list,
        }
        Ok(())
    }

    /// The conversation candidates that may be read on a message record.
    pub fn message_conversation(&self) -> impl Iterator<Item = &FieldPath> {
        let trust_bare_id = self.conversation_given;
        self.conversation
            .iter()
            .filter(move |p| trust_bare_id || !(p.parts.len() == 1 && p.parts[0] == "id"))
    }
}

/// The role a yes/no field's true value means, from its name.
fn flag_role(name: &str) -> Option<Role> {
    let name = name.to_ascii_lowercase();
    const AGENT: &[&str] = &[
        "agent", "staff", "operator", "outbound", "outgoing", "admin", "employee", "support",
    ];
    const CUSTOMER: &[&str] = &[
        "customer",
        "client",
        "inbound",
        "incoming",
        "user",
        "visitor",
        "requester",
    ];
    if AGENT.iter().any(|w| name.contains(w)) {
        Some(Role::Agent)
    } else if CUSTOMER.iter().any(|w| name.contains(w)) {
        Some(Role::Customer)
    } else {
        None
    }
}

/// `true`/`false`, `yes`/`no`, `1`/`0` (any case).
pub fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "t" | "yes" | "y" | "1" => Some(true),
        "false" | "f" | "no" | "n" | "0" => Some(false),
        _ => None,
    }
}

/// The role a field's value gives, if it gives one: a yes/no value of a
/// field whose name (or `=role`) says what true means, a role name
/// (`agent`, `end-user`, `inbound`), or a speaker label of a pack
/// (`Оператор`, `Kund`).
pub fn role_from_field(path: &FieldPath, value: &str, labels: &LabelSet) -> Option<Role> {
    if let Some(flag) = parse_bool(value)
        && let Some(truthy) = path.role_when_true()
    {
        return Some(if flag { truthy } else { opposite(truthy) });
    }
    role_from_name(value, labels)
}

/// A role name or a pack's speaker label.
pub fn role_from_name(value: &str, labels: &LabelSet) -> Option<Role> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    Role::from_name(value)
        .or_else(|| labels.role(value))
        .or_else(|| match value.to_ascii_lowercase().as_str() {
            "inbound" | "incoming" | "in" | "received" | "enduser" | "requester" => {
                Some(Role::Customer)
            }
            "outbound" | "outgoing" | "out" | "sent" | "agent_reply" | "staff_reply" => {
                Some(Role::Agent)
            }
            "action" | "internal" | "internal_note" | "private" | "log" | "automated" => {
                Some(Role::System)
            }
            _ => None,
        })
}

fn opposite(role: Role) -> Role {
    match role {
        Role::Agent => Role::Customer,
        Role::Customer => Role::Agent,
        other => other,
    }
}

/// A timestamp as exports write it: ISO 8601, a date and time, Unix seconds
/// or milliseconds (also with a fraction: `1709287320.25`), Twitter's
/// `Tue Oct 31 22:10:47 +0000 2017`.
pub fn parse_timestamp(value: &str) -> Option<i64> {
    let value = value.trim();
    if let Some((whole, fraction)) = value.split_once('.')
        && !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return time::parse(whole).map(|s| s.seconds);
    }
    time::parse(value)
        .map(|s| s.seconds)
        .or_else(|| time::parse_month_name(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_with_an_optional_role() {
        let p = FieldPath::parse("author.role").unwrap();
        assert_eq!(p.parts, ["author", "role"]);
        let flag = FieldPath::parse("inbound=customer").unwrap();
        assert_eq!(flag.truthy, Some(Role::Customer));
        assert!(FieldPath::parse("a..b").is_err());
        assert!(FieldPath::parse("x=maybe").is_err());
    }

    #[test]
    fn flags_roles_and_labels() {
        let labels = {
            let mut l = LabelSet::default();
            l.insert("Оператор", Role::Agent);
            l
        };
        let inbound = FieldPath::parse("inbound").unwrap();
        assert_eq!(
            role_from_field(&inbound, "True", &labels),
            Some(Role::Customer)
        );
        assert_eq!(
            role_from_field(&inbound, "False", &labels),
            Some(Role::Agent)
        );
        let is_agent = FieldPath::parse("is_agent").unwrap();
        assert_eq!(
            role_from_field(&is_agent, "true", &labels),
            Some(Role::Agent)
        );
        let forced = FieldPath::parse("flag=agent").unwrap();
        assert_eq!(role_from_field(&forced, "0", &labels), Some(Role::Customer));
        let role = FieldPath::parse("role").unwrap();
        assert_eq!(
            role_from_field(&role, "end-user", &labels),
            Some(Role::Customer)
        );
        assert_eq!(
            role_from_field(&role, "Оператор", &labels),
            Some(Role::Agent)
        );
        assert_eq!(
            role_from_field(&role, "outbound", &labels),
            Some(Role::Agent)
        );
        assert_eq!(role_from_field(&role, "comment", &labels), None);
    }

    #[test]
    fn timestamps_in_export_formats() {
        let iso = parse_timestamp("2024-03-01T10:02:00Z").unwrap();
        assert_eq!(parse_timestamp("1709287320"), Some(iso));
        assert_eq!(parse_timestamp("1709287320000"), Some(iso));
        assert_eq!(parse_timestamp("1709287320.75"), Some(iso));
        assert_eq!(parse_timestamp("Fri Mar 01 10:02:00 +0000 2024"), Some(iso));
        assert_eq!(parse_timestamp("Fri Mar 01 12:02:00 +0200 2024"), Some(iso));
        assert_eq!(parse_timestamp("10:02"), Some(36_120));
        assert_eq!(parse_timestamp("soon"), None);
    }

    #[test]
    fn a_bare_id_is_not_a_conversation_id_on_messages_unless_given() {
        let mut map = FieldMap::default();
        assert!(!map.message_conversation().any(|p| p.name() == "id"));
        map.set(FieldKind::Conversation, "id").unwrap();
        assert!(map.message_conversation().any(|p| p.name() == "id"));
    }
}
