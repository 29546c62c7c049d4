//! Inline suppressions: `couth-ignore: RULE[, RULE]` for a whole response or
//! file, `couth-ignore-next-line: RULE` for the line below, written in a
//! comment (`#`, `//`, `<!-- … -->`) or in front matter.

use crate::transcript::Suppression;

/// What a directive line says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Directive {
    /// `couth-ignore: …`: the whole transcript.
    File(Vec<String>),
    /// `couth-ignore-next-line: …`: the next line of the file.
    NextLine(Vec<String>),
}

/// Parses a line that is only a suppression comment; `None` for any other
/// line. An empty rule list suppresses every rule.
pub fn parse_comment(line: &str) -> Option<Directive> {
    let trimmed = line.trim();
    let inner = if let Some(rest) = trimmed.strip_prefix("<!--") {
        rest.strip_suffix("-->")?.trim()
    } else if let Some(rest) = trimmed.strip_prefix("//") {
        rest.trim()
    } else if let Some(rest) = trimmed.strip_prefix('#') {
        rest.trim()
    } else {
        return None;
    };
    parse_directive(inner)
}

/// Parses `couth-ignore: a, b` or `couth-ignore-next-line: a` (the text of a
/// comment or a front-matter line).
pub fn parse_directive(text: &str) -> Option<Directive> {
    let text = text.trim();
    let (kind, rest) = if let Some(rest) = text.strip_prefix("couth-ignore-next-line") {
        (true, rest)
    } else if let Some(rest) = text.strip_prefix("couth-ignore") {
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
    Some(if kind {
        Directive::NextLine(rules)
    } else {
        Directive::File(rules)
    })
}

/// `a, b c` → `["a", "b", "c"]`; YAML-style `[a, b]` and quotes are
/// accepted too.
pub fn rule_list(text: &str) -> Vec<String> {
    text.split([',', ' ', '\t'])
        .map(|r| r.trim().trim_matches(['"', '\'', '[', ']']))
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect()
}

/// The suppression a directive found at `line`:`column` makes.
pub fn suppression(directive: Directive, line: u32, column: u32) -> Suppression {
    match directive {
        Directive::File(rules) => Suppression {
            rules,
            line: None,
            at_line: line,
            at_column: column,
        },
        Directive::NextLine(rules) => Suppression {
            rules,
            line: Some(line + 1),
            at_line: line,
            at_column: column,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_forms_parse() {
        assert_eq!(
            parse_comment("# couth-ignore: jargon, rulebook"),
            Some(Directive::File(vec!["jargon".into(), "rulebook".into()]))
        );
        assert_eq!(
            parse_comment("<!-- couth-ignore-next-line: jargon -->"),
            Some(Directive::NextLine(vec!["jargon".into()]))
        );
        assert_eq!(
            parse_comment("// couth-ignore"),
            Some(Directive::File(vec![]))
        );
        assert_eq!(parse_comment("# a heading"), None);
        assert_eq!(parse_comment("couth-ignore: jargon"), None);
        assert_eq!(
            parse_directive("couth-ignore: [jargon, apathy]"),
            Some(Directive::File(vec!["jargon".into(), "apathy".into()]))
        );
        assert_eq!(parse_directive("couth-ignored"), None);
    }
}
