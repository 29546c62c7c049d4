//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice`
//! line per finding, which the runner turns into an annotation on the file
//! and line. Input errors become `::error` lines too.
//!
//! Escaping follows the runner's own (actions/toolkit `command.ts`): in the
//! message `%`, CR and LF are percent-encoded; in property values `:` and `,`
//! are as well.

use crate::error::InputError;
use crate::finding::Finding;
use crate::rules::Severity;

pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// `::warning file=a.txt,line=2,col=44,endLine=2,endColumn=47,title=jargon::…`
pub fn finding(f: &Finding) -> String {
    let mut message = f.message.clone();
    if let Some(suggestion) = &f.suggestion {
        message.push_str(&format!(" (try: {suggestion})"));
    }
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        command(f.severity),
        escape_property(&f.path),
        f.line,
        f.column,
        f.end_line,
        f.end_column,
        escape_property(&f.rule),
        escape_data(&message)
    )
}

/// `::error file=broken.json,line=3,title=couth::…`
pub fn error(e: &InputError) -> String {
    let line = e.line.map(|l| format!(",line={l}")).unwrap_or_default();
    format!(
        "::error file={}{line},title=couth::{}",
        escape_property(&e.path),
        escape_data(&e.message)
    )
}

/// The message after `::`.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A `key=value` property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks_only() {
        assert_eq!(
            escape_data("100% done:\r\nnext, please"),
            "100%25 done:%0D%0Anext, please"
        );
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(
            escape_property("C:\\qa\\a,b%.txt\n"),
            "C%3A\\qa\\a%2Cb%25.txt%0A"
        );
    }

    #[test]
    fn errors_name_the_file_and_line() {
        assert_eq!(
            error(&InputError::at_line(
                "bad, file.json",
                3,
                "expected `,`\nor `]`"
            )),
            "::error file=bad%2C file.json,line=3,title=couth::expected `,`%0Aor `]`"
        );
        assert_eq!(
            error(&InputError::new("gone.txt", "no such file")),
            "::error file=gone.txt,title=couth::no such file"
        );
    }
}
