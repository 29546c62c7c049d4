//! Macro lists: many named canned responses in one YAML or JSON document.
//!
//! Shapes read (at any of them, a wrapper such as `macros:`, `responses:`,
//! `templates:`, `replies:` may hold the list):
//!
//! ```yaml
//! - name: Refund approved        # a list of responses
//!   section: closing             # opener | body | closing (default body)
//!   couth-ignore: jargon         # optional: rules not checked here
//!   text: |
//!     Thank you, {{first_name}}! …
//! Greeting: "Hello {{first_name}}!"   # or a map name → text
//! openers:                       # or groups named after a section
//!   - text: …
//! ```
//!
//! The text is the first of `text`, `body`, `content`, `response`,
//! `template`, `message`, `value` (or a Zendesk macro's `comment_value`
//! action); the name the first of `name`, `title`, `key`, `label`,
//! `shortcut`, `id`.
//!
//! A `.json` file is a macro list rather than a conversation export when its
//! shape says so ([`is_macro_list`]): a wrapper key such as `macros`, groups
//! named after sections, a map whose values are all strings, or an array of
//! objects that all have a text and a name or title and none a role,
//! speaker, time or message array (or a map of such arrays).

use std::sync::Arc;

use super::{Response, language_code, section_name};
use crate::error::InputError;
use crate::input::json::parser;
use crate::input::tree::{Node, Text, Value};
use crate::input::{Parsed, ReadOptions};
use crate::transcript::{Channel, Section};

const TEXT: &[&str] = &[
    "text", "body", "content", "response", "template", "message", "value",
];
const NAME: &[&str] = &["name", "title", "key", "label", "shortcut", "id"];
const SECTION: &[&str] = &["section", "kind", "type", "position", "usage"];
const WRAPPERS: &[&str] = &[
    "macros",
    "responses",
    "templates",
    "canned_responses",
    "canned",
    "snippets",
    "replies",
    "saved_replies",
    "text_modules",
    "shortcuts",
];
/// Fields that mark a record as a conversation message, not a macro.
const CONVERSATION_FIELDS: &[&str] = &[
    "role",
    "author_type",
    "sender_type",
    "speaker",
    "author",
    "sender",
    "direction",
    "is_agent",
    "inbound",
    "timestamp",
    "created_at",
    "datetime",
    "sent_at",
    "messages",
    "comments",
    "conversation_parts",
];

/// Whether a JSON document holds canned responses rather than conversations.
pub fn is_macro_list(root: &Node) -> bool {
    match &root.value {
        Value::Array(items) => {
            !items.is_empty()
                && items.iter().all(|item| {
                    item.as_object().is_some()
                        && text_of(item).is_some()
                        && NAME.iter().any(|n| n != &"id" && item.get(n).is_some())
                        && !CONVERSATION_FIELDS.iter().any(|f| item.get(f).is_some())
                })
        }
        Value::Object(members) => {
            !members.is_empty()
                && (members
                    .iter()
                    .all(|(_, v)| v.as_array().is_some() && is_macro_list(v))
                    || members.iter().any(|(k, v)| {
                        let key = k.to_ascii_lowercase();
                        WRAPPERS.contains(&key.as_str())
                            && matches!(v.value, Value::Array(_) | Value::Object(_))
                    })
                    || members
                        .iter()
                        .all(|(k, v)| section_name(k).is_some() && v.as_array().is_some())
                    || (members.iter().all(|(_, v)| v.as_text().is_some())
                        && !members
                            .iter()
                            .any(|(k, _)| TEXT.contains(&k.to_ascii_lowercase().as_str()))))
        }
        _ => false,
    }
}

/// Reads a JSON document as a macro list (`--input-format library`).
pub fn read_json(path: &Arc<str>, text: &str, options: &ReadOptions, parsed: &mut Parsed) {
    match parser::parse(text, 1) {
        Ok(root) => read(path, &root, options, parsed),
        Err(e) => parsed.errors.push(InputError::at_line(
            path.as_ref(),
            e.line,
            format!("{} (column {})", e.message, e.column),
        )),
    }
}

/// Every response of a macro list document.
pub fn read(path: &Arc<str>, root: &Node, _options: &ReadOptions, parsed: &mut Parsed) {
    let mut responses = Vec::new();
    collect(root, None, "response", &mut responses);
    if responses.is_empty() {
        parsed.errors.push(InputError::at_line(
            path.as_ref(),
            root.line,
            format!(
                "expected canned responses (a list of objects with `name` and `text`, or a map of name → text); found {} at line {} with no response text",
                root.describe(),
                root.line
            ),
        ));
    }
    parsed
        .transcripts
        .extend(responses.into_iter().map(|r| r.into_transcript(path)));
}

/// Walks a node for responses; `section` comes from an enclosing group,
/// `group` names responses that have no name of their own.
pub fn collect(node: &Node, section: Option<Section>, group: &str, out: &mut Vec<Response>) {
    match &node.value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let fallback = format!("{group} #{}", i + 1);
                match &item.value {
                    Value::String(text) => out.push(response(fallback, section, text.clone())),
                    Value::Object(_) => collect_object(item, section, &fallback, out),
                    _ => {}
                }
            }
        }
        Value::Object(_) => collect_object(node, section, group, out),
        Value::String(text) => out.push(response(group.to_string(), section, text.clone())),
        _ => {}
    }
}

fn collect_object(node: &Node, section: Option<Section>, name: &str, out: &mut Vec<Response>) {
    if let Some(text) = text_of(node) {
        out.push(from_object(node, section, name, text.clone()));
        return;
    }
    let Some(members) = node.as_object() else {
        return;
    };
    for (key, value) in members {
        let lower = key.to_ascii_lowercase();
        if WRAPPERS.contains(&lower.as_str()) {
            collect(value, section, key, out);
        } else if let Some(group_section) = section_name(key) {
            collect(value, Some(group_section), key, out);
        } else {
            collect(value, section, key, out);
        }
    }
}

fn response(name: String, section: Option<Section>, mut text: Text) -> Response {
    text.text = super::markdown::blank_markup(&text.text);
    Response {
        name,
        section: section.unwrap_or(Section::Body),
        language: None,
        channel: Channel::Chat,
        text,
        suppressions: Vec::new(),
    }
}

/// A response object: text, name, section, language, `couth-ignore`.
fn from_object(node: &Node, section: Option<Section>, fallback: &str, text: Text) -> Response {
    let name = NAME
        .iter()
        .find_map(|n| node.get(n)?.scalar().map(|s| s.trim().to_string()))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| fallback.to_string());
    let own_section = SECTION
        .iter()
        .find_map(|s| section_name(&node.get(s)?.scalar()?));
    let mut response = response(name, own_section.or(section), text);
    response.language = ["language", "lang", "locale"]
        .iter()
        .find_map(|k| language_code(&node.get(k)?.scalar()?));
    if node
        .get("channel")
        .and_then(|c| c.scalar())
        .is_some_and(|c| c.eq_ignore_ascii_case("email"))
    {
        response.channel = Channel::Email;
    }
    response
        .suppressions
        .extend(super::suppress::from_field(node));
    response
}

/// The response text of an object: a text field, or a Zendesk macro's
/// `comment_value` action.
fn text_of(node: &Node) -> Option<&Text> {
    TEXT.iter()
        .find_map(|t| node.get(t)?.as_text())
        .or_else(|| {
            node.get("actions")?.as_array()?.iter().find_map(|action| {
                let field = action.get("field")?.scalar()?;
                if !field.starts_with("comment_value") {
                    return None;
                }
                let value = action.get("value")?;
                value
                    .as_text()
                    .or_else(|| value.as_array()?.last()?.as_text())
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Node {
        parser::parse(src, 1).unwrap()
    }

    fn responses(src: &str) -> Vec<Response> {
        let mut out = Vec::new();
        collect(&parse(src), None, "response", &mut out);
        out
    }

    #[test]
    fn shapes_of_macro_lists() {
        let list = responses(
            r#"[{"title": "Refund", "section": "closing", "body": "Done {{name}}", "couth-ignore": "jargon, rulebook"},
                {"name": "Hi", "text": "Hello"}]"#,
        );
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].name, "Refund");
        assert_eq!(list[0].section, Section::Closing);
        assert_eq!(list[0].suppressions[0].rules, ["jargon", "rulebook"]);
        assert_eq!(list[1].section, Section::Body);
        let map = responses(r#"{"Greeting": "Hello!", "Bye": "Thanks!"}"#);
        assert_eq!(map[1].name, "Bye");
        let grouped =
            responses(r#"{"macros": {"openers": ["Hi there"], "signature": [{"text": "Best"}]}}"#);
        assert_eq!(grouped[0].section, Section::Opener);
        assert_eq!(grouped[0].name, "openers #1");
        assert_eq!(grouped[1].section, Section::Closing);
        let zendesk = responses(
            r#"{"macros": [{"title": "Z", "actions": [{"field": "comment_value", "value": "Hi"}]}]}"#,
        );
        assert_eq!(zendesk[0].text.text, "Hi");
    }

    #[test]
    fn macro_lists_are_told_from_exports() {
        assert!(is_macro_list(&parse(r#"[{"title": "A", "text": "x"}]"#)));
        assert!(is_macro_list(&parse(
            r#"{"replies": [{"name": "A", "body": "x"}]}"#
        )));
        assert!(is_macro_list(&parse(r#"{"Hello": "x", "Bye": "y"}"#)));
        assert!(is_macro_list(&parse(
            r#"{"salutation": [{"name": "A", "text": "x"}], "other": [{"name": "B", "text": "y"}]}"#
        )));
        assert!(!is_macro_list(&parse(
            r#"[{"name": "Maria", "role": "agent", "text": "x"}]"#
        )));
        assert!(!is_macro_list(&parse(r#"[{"text": "x"}]"#)));
        assert!(!is_macro_list(&parse(r#"{"id": "1", "text": "x"}"#)));
        assert!(!is_macro_list(&parse(r#"{"messages": [{"text": "x"}]}"#)));
    }
}
