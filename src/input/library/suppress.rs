//! `couth-ignore` directives written in canned responses: in front matter
//! (`couth-ignore: rule-a, rule-b`), a field of a macro, or a comment
//! (`<!-- couth-ignore-next-line: rule -->`, `# couth-ignore-next-line: rule`).
//! They are parsed into [`Suppression`]s; the engine applies them.

use crate::input::tree::{Node, Value};
use crate::transcript::Suppression;

/// A directive found in a comment's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// `couth-ignore-next-line`: only the line after the comment.
    pub next_line: bool,
    /// Rule ids or categories; empty means every rule.
    pub rules: Vec<String>,
}

/// The directive in a comment's text, if it holds one (the syntax is the
/// one of [`crate::input::suppress`], shared by every format).
pub fn directive(comment: &str) -> Option<Directive> {
    use crate::input::suppress::{Directive as Parsed, parse_directive};
    Some(match parse_directive(comment)? {
        Parsed::File(rules) => Directive {
            next_line: false,
            rules,
        },
        Parsed::NextLine(rules) => Directive {
            next_line: true,
            rules,
        },
    })
}

pub use crate::input::suppress::rule_list;

/// The suppression a directive written at `line`:`column` makes.
pub fn suppression(directive: Directive, line: u32, column: u32) -> Suppression {
    Suppression {
        rules: directive.rules,
        line: directive.next_line.then_some(line + 1),
        at_line: line,
        at_column: column,
    }
}

/// The suppression a `couth-ignore` (or `couth_ignore`) field of a macro or
/// of front matter makes: a list, or a comma-separated string, of rules for
/// the whole response.
pub fn from_field(node: &Node) -> Option<Suppression> {
    let ignore = node
        .get("couth-ignore")
        .or_else(|| node.get("couth_ignore"))?;
    let rules = match &ignore.value {
        Value::Array(items) => items
            .iter()
            .filter_map(|i| i.scalar().map(|s| s.trim().to_string()))
            .collect(),
        _ => ignore.scalar().map(|s| rule_list(&s)).unwrap_or_default(),
    };
    Some(suppression(
        Directive {
            next_line: false,
            rules,
        },
        ignore.line,
        ignore.column,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_parse() {
        assert_eq!(
            directive(" couth-ignore-next-line: jargon, rulebook "),
            Some(Directive {
                next_line: true,
                rules: vec!["jargon".into(), "rulebook".into()]
            })
        );
        assert_eq!(
            directive("couth-ignore"),
            Some(Directive {
                next_line: false,
                rules: vec![]
            })
        );
        assert_eq!(directive("couth-ignored stuff"), None);
        assert_eq!(directive("a comment"), None);
        let s = suppression(directive("couth-ignore-next-line: x").unwrap(), 4, 1);
        assert_eq!((s.line, s.at_line), (Some(5), 4));
    }
}
