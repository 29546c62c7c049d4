//! `path:line:col: severity[rule] message`, one finding per line.

use crate::finding::Finding;

pub fn line(f: &Finding) -> String {
    let mut text = format!(
        "{}:{}:{}: {}[{}] {}",
        f.path, f.line, f.column, f.severity, f.rule, f.message
    );
    if let Some(suggestion) = &f.suggestion {
        text.push_str(" (try: ");
        text.push_str(suggestion);
        text.push(')');
    }
    text
}
