//! `couth-ignore` directives written in canned responses: in front matter
//! (`couth-ignore: rule-a, rule-b`), a field of a macro, or a comment
//! (`<!-- couth-ignore-next-line: rule -->`, `# couth-ignore-next-line: rule`).
//! They are parsed into [`Suppression`]s; the engine applies them.

use crate::transcript::Suppression;

/// A directive found in a comment's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// `couth-ignore-next-line`: only the line after the comment.
    pub next_line: bool,
    /// Rule ids or categories; empty means every rule.
    pub rules: Vec<String>,
}

/// The directive in a comment's text, if it holds one.
pub fn directive(comment: &str) -> Option<Directive> {
    let comment = comment.trim();
    let (next_line, rest) = if let Some(rest) = comment.strip_prefix("couth-ignore-next-line") {
        (true, rest)
    } else if let Some(rest) = comment.strip_prefix("couth-ignore") {
        (false, rest)
    } else {
        return None;
    };
    let rest = rest.trim_start();
    let rules = match rest.strip_prefix(':') {
        Some(list) => rule_list(list),
        None if rest.is_empty() => Vec::new(),
        None => return None,
    };
    Some(Directive { next_line, rules })
}

/// `a, b c` → `["a", "b", "c"]`.
pub fn rule_list(list: &str) -> Vec<String> {
    list.split([',', ' ', '\t'])
        .map(|r| r.trim().trim_matches(['"', '\'', '[', ']']))
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect()
}

/// The suppression a directive written at `line`:`column` makes.
pub fn suppression(directive: Directive, line: u32, column: u32) -> Suppression {
    Suppression {
        rules: directive.rules,
        line: directive.next_line.then_some(line + 1),
        at_line: line,
        at_column: column,
    }
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
