//! SARIF 2.1.0 (OASIS): one run whose driver lists the whole rule catalog,
//! one result per finding, input errors as tool execution notifications.
//! GitHub code scanning, Azure DevOps and most IDEs read it.
//!
//! Columns count Unicode code points (`columnKind`), and `endColumn` is the
//! column just after the region, as SARIF defines it and as findings have it.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{Map, Value, json};

use super::Context;
use crate::batch::Outcome;
use crate::error::InputError;
use crate::finding::Finding;
use crate::rules::{RuleDef, Severity};

pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base id relative paths are resolved against: the checkout root for
/// GitHub code scanning.
pub const SRCROOT: &str = "%SRCROOT%";

pub fn write(outcome: &Outcome, ctx: &Context, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(outcome, ctx.rules))?;
    writeln!(out)
}

/// The whole SARIF log.
pub fn log(outcome: &Outcome, rules: &[RuleDef]) -> Value {
    let results: Vec<Value> = outcome.findings.iter().map(|f| result(f, rules)).collect();
    let notifications: Vec<Value> = outcome.errors.iter().map(notification).collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver(rules) },
            "invocations": [{
                "executionSuccessful": outcome.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn driver(rules: &[RuleDef]) -> Value {
    let mut driver = Map::new();
    driver.insert("name".into(), "couth".into());
    driver.insert("version".into(), env!("CARGO_PKG_VERSION").into());
    driver.insert("semanticVersion".into(), env!("CARGO_PKG_VERSION").into());
    if let Some(uri) = information_uri() {
        driver.insert("informationUri".into(), uri.into());
    }
    driver.insert(
        "rules".into(),
        rules.iter().map(rule).collect::<Vec<_>>().into(),
    );
    Value::Object(driver)
}

/// The package's homepage or repository, when Cargo.toml names one.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty())
}

fn rule(def: &RuleDef) -> Value {
    let mut descriptor = Map::new();
    descriptor.insert("id".into(), def.id().into());
    descriptor.insert("name".into(), pascal_case(def.id()).into());
    descriptor.insert("shortDescription".into(), json!({ "text": def.message }));
    if !def.rationale.is_empty() {
        descriptor.insert("fullDescription".into(), json!({ "text": def.rationale }));
    }
    let mut text = vec![def.rationale.clone()];
    let mut markdown = vec![def.rationale.clone()];
    if !def.source.is_empty() {
        text.push(format!("Source: {}", def.source));
        markdown.push(format!("**Source:** {}", def.source));
    }
    text.retain(|t| !t.is_empty());
    markdown.retain(|t| !t.is_empty());
    if !text.is_empty() {
        descriptor.insert(
            "help".into(),
            json!({ "text": text.join("\n\n"), "markdown": markdown.join("\n\n") }),
        );
    }
    descriptor.insert(
        "defaultConfiguration".into(),
        json!({ "level": level(def.severity) }),
    );
    descriptor.insert(
        "properties".into(),
        json!({ "category": def.category, "tags": [def.category] }),
    );
    Value::Object(descriptor)
}

/// `missing-greeting` → `MissingGreeting`, the friendly-name style SARIF
/// viewers expect.
pub fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect()
}

pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(f: &Finding, rules: &[RuleDef]) -> Value {
    let mut text = f.message.clone();
    if let Some(suggestion) = &f.suggestion {
        text.push_str(&format!(" (try: {suggestion})"));
    }
    let mut properties = json!({
        "category": &*f.category,
        "language": &*f.language,
        "role": f.role.as_str(),
    });
    if let Some(suggestion) = &f.suggestion {
        properties["suggestion"] = suggestion.as_str().into();
    }
    if let Some(speaker) = &f.speaker {
        properties["speaker"] = speaker.as_str().into();
    }
    if let Some(conversation) = &f.conversation {
        properties["conversation"] = conversation.as_str().into();
    }
    let mut result = Map::new();
    result.insert("ruleId".into(), f.rule.as_ref().into());
    if let Some(index) = rules.iter().position(|r| r.id() == &*f.rule) {
        result.insert("ruleIndex".into(), index.into());
    }
    result.insert("level".into(), level(f.severity).into());
    result.insert("message".into(), json!({ "text": text }));
    result.insert(
        "locations".into(),
        json!([{
            "physicalLocation": {
                "artifactLocation": artifact_location(&f.path),
                "region": {
                    "startLine": f.line,
                    "startColumn": f.column,
                    "endLine": f.end_line,
                    "endColumn": f.end_column,
                },
            },
        }]),
    );
    result.insert("properties".into(), properties);
    Value::Object(result)
}

fn notification(e: &InputError) -> Value {
    let mut physical = json!({ "artifactLocation": artifact_location(&e.path) });
    if let Some(line) = e.line {
        physical["region"] = json!({ "startLine": line });
    }
    json!({
        "level": "error",
        "message": { "text": e.message },
        "locations": [{ "physicalLocation": physical }],
    })
}

/// A path as SARIF wants it: a relative URI reference against `%SRCROOT%`,
/// or a `file://` URI when absolute.
pub fn artifact_location(path: &str) -> Value {
    let slashed = path.replace(std::path::MAIN_SEPARATOR, "/");
    if Path::new(path).is_absolute() {
        // `/srv/qa` → `file:///srv/qa`; `C:/qa` → `file:///C%3A/qa`.
        let rooted = if slashed.starts_with('/') {
            slashed
        } else {
            format!("/{slashed}")
        };
        return json!({ "uri": format!("file://{}", encode_path(&rooted)) });
    }
    let mut relative = slashed.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest;
    }
    json!({ "uri": encode_path(relative), "uriBaseId": SRCROOT })
}

/// Percent-encodes every byte but unreserved characters and `/`, so any
/// file name is a valid URI reference (a `:` can never pass for a scheme).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_against_srcroot_and_encoded() {
        assert_eq!(
            artifact_location("./macros/hello world.txt"),
            json!({ "uri": "macros/hello%20world.txt", "uriBaseId": "%SRCROOT%" })
        );
        assert_eq!(
            artifact_location("<stdin>"),
            json!({ "uri": "%3Cstdin%3E", "uriBaseId": "%SRCROOT%" })
        );
        assert_eq!(
            artifact_location("ответы/привет.txt")["uri"],
            "%D0%BE%D1%82%D0%B2%D0%B5%D1%82%D1%8B/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82.txt"
        );
    }

    #[cfg(unix)]
    #[test]
    fn absolute_paths_are_file_uris() {
        assert_eq!(
            artifact_location("/srv/qa/a b.txt"),
            json!({ "uri": "file:///srv/qa/a%20b.txt" })
        );
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(pascal_case("missing-greeting"), "MissingGreeting");
        assert_eq!(pascal_case("jargon"), "Jargon");
    }
}
