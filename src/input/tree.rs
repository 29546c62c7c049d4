//! A document tree with positions: what the JSON parser and the YAML loader
//! produce, and what the conversation and macro-list readers walk. Every
//! string carries a [`SourceMap`] back to the file.

use std::borrow::Cow;

use crate::transcript::SourceMap;

/// A value and where it starts in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub line: u32,
    pub column: u32,
}

/// A decoded string and the map from its bytes to the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub source: SourceMap,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number as written (ids and Unix times must not lose digits).
    Number(String),
    String(Text),
    Array(Vec<Node>),
    /// Keys in file order; duplicates are kept, lookups take the first.
    Object(Vec<(String, Node)>),
}

impl Node {
    pub fn new(value: Value, line: u32, column: u32) -> Node {
        Node {
            value,
            line,
            column,
        }
    }

    /// The member `key` of an object; exact spelling first, then ignoring
    /// ASCII case (`Text`, `createdAt`/`createdat`).
    pub fn get(&self, key: &str) -> Option<&Node> {
        let Value::Object(members) = &self.value else {
            return None;
        };
        members
            .iter()
            .find(|(k, _)| k == key)
            .or_else(|| members.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))
            .map(|(_, v)| v)
    }

    /// The value at a dotted path (`author.role`).
    pub fn at_path<S: AsRef<str>>(&self, parts: &[S]) -> Option<&Node> {
        parts
            .iter()
            .try_fold(self, |node, part| node.get(part.as_ref()))
    }

    pub fn as_text(&self) -> Option<&Text> {
        match &self.value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Node)]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// A string, number or boolean as text (ids and flags come as either).
    pub fn scalar(&self) -> Option<Cow<'_, str>> {
        match &self.value {
            Value::String(text) => Some(Cow::Borrowed(text.text.as_str())),
            Value::Number(n) => Some(Cow::Borrowed(n.as_str())),
            Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            _ => None,
        }
    }

    /// What the value is, for error messages: "a number", "an array".
    pub fn describe(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(s: &str) -> Node {
        Node::new(
            Value::String(Text {
                text: s.to_string(),
                source: SourceMap::default(),
            }),
            1,
            1,
        )
    }

    #[test]
    fn paths_and_case_insensitive_keys() {
        let author = Node::new(Value::Object(vec![("Role".into(), string("agent"))]), 1, 1);
        let root = Node::new(Value::Object(vec![("author".into(), author)]), 1, 1);
        let found = root.at_path(&["author", "role"]).unwrap();
        assert_eq!(found.scalar().unwrap(), "agent");
        assert!(root.at_path(&["author", "name"]).is_none());
        assert_eq!(root.describe(), "an object");
    }
}
