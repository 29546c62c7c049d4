//! JUnit XML, the test-report format CI servers (GitLab, Jenkins, Azure
//! Pipelines, CircleCI) show: one `<testsuite name="couth">`, one
//! `<testcase>` per checked file, named by its path. A file without findings
//! passes; each finding is a `<failure>` (type = rule id) of its file's test
//! case, and each input error an `<error>`.
//!
//! The counts on `<testsuites>` and `<testsuite>` are of test cases: `tests`
//! every file, `errors` the files with an input error, `failures` the other
//! files with findings, so `tests - failures - errors` passed.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::batch::Outcome;
use crate::error::InputError;
use crate::finding::Finding;

/// One file's findings and errors.
#[derive(Default)]
struct Case<'a> {
    findings: Vec<&'a Finding>,
    errors: Vec<&'a InputError>,
}

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let (names, cases) = cases(outcome);
    let errors = cases.values().filter(|c| !c.errors.is_empty()).count();
    let failures = cases
        .values()
        .filter(|c| c.errors.is_empty() && !c.findings.is_empty())
        .count();
    let counts = format!(
        "tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\"",
        names.len()
    );
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<testsuites name="couth" {counts}>"#)?;
    writeln!(out, r#"  <testsuite name="couth" {counts} skipped="0">"#)?;
    for name in &names {
        let case = &cases[name];
        let open = format!(
            r#"    <testcase classname="couth" name="{}""#,
            attribute(name)
        );
        if case.findings.is_empty() && case.errors.is_empty() {
            writeln!(out, "{open}/>")?;
            continue;
        }
        writeln!(out, "{open}>")?;
        for e in &case.errors {
            writeln!(
                out,
                r#"      <error message="{}" type="input-error">{}</error>"#,
                attribute(&e.message),
                text(&e.to_string())
            )?;
        }
        for f in &case.findings {
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                attribute(&f.message),
                attribute(&f.rule),
                text(&failure_body(f))
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// The test cases in order: the checked files, then paths that only have
/// errors (files that could not be read).
fn cases(outcome: &Outcome) -> (Vec<&str>, HashMap<&str, Case<'_>>) {
    let mut names: Vec<&str> = Vec::new();
    let mut cases: HashMap<&str, Case> = HashMap::new();
    for path in &outcome.files {
        if !cases.contains_key(path.as_str()) {
            cases.insert(path, Case::default());
            names.push(path);
        }
    }
    for f in &outcome.findings {
        let path: &str = &f.path;
        if !cases.contains_key(path) {
            names.push(path);
        }
        cases.entry(path).or_default().findings.push(f);
    }
    for e in &outcome.errors {
        let path = e.path.as_str();
        if !cases.contains_key(path) {
            names.push(path);
        }
        cases.entry(path).or_default().errors.push(e);
    }
    (names, cases)
}

/// `a.txt:2:44: warning[jargon] …` and the suggestion on the next line.
fn failure_body(f: &Finding) -> String {
    let mut body = format!(
        "{}:{}:{}: {}[{}] {}",
        f.path, f.line, f.column, f.severity, f.rule, f.message
    );
    if let Some(suggestion) = &f.suggestion {
        body.push_str("\nsuggestion: ");
        body.push_str(suggestion);
    }
    body
}

/// Character data: markup characters escaped, characters XML 1.0 forbids
/// replaced by U+FFFD.
pub fn text(value: &str) -> String {
    escape(value, false)
}

/// A double-quoted attribute value; line breaks and tabs are kept as
/// character references, which a parser would otherwise fold into spaces.
pub fn attribute(value: &str) -> String {
    escape(value, true)
}

fn escape(value: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            '\n' | '\t' => out.push(c),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// XML 1.0's `Char` production (tab, LF and CR are handled above).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_forbidden_characters() {
        assert_eq!(
            attribute("a < b & \"c\"\n\u{1}"),
            "a &lt; b &amp; &quot;c&quot;&#10;\u{FFFD}"
        );
        assert_eq!(text("«x» > y\n\"z\"\r"), "«x» &gt; y\n\"z\"&#13;");
    }
}
