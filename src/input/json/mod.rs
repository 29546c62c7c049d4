//! JSON exports (`.json`) and JSON Lines (`.jsonl`, `.ndjson`).
//!
//! A `.json` file is parsed whole by the span-aware [`parser`]; its shape
//! (one conversation, an array of conversations, an array of messages) is
//! read by [`records`]. A `.json` file that holds canned responses rather
//! than conversations (see [`crate::input::library::macros::is_macro_list`])
//! is read as a library. JSON Lines are streamed by [`lines`].

pub mod lines;
pub mod parser;
pub mod records;

use std::sync::Arc;

use super::{Parsed, ReadOptions, library};
use crate::error::InputError;
use crate::transcript::InputKind;
use records::Records;

/// Reads a whole JSON document.
pub fn read(path: &Arc<str>, text: &str, options: &ReadOptions, parsed: &mut Parsed) {
    let root = match parser::parse(text, 1) {
        Ok(root) => root,
        Err(e) => {
            parsed.errors.push(InputError::at_line(
                path.as_ref(),
                e.line,
                format!("{} (column {})", e.message, e.column),
            ));
            return;
        }
    };
    if library::macros::is_macro_list(&root) {
        library::macros::read(path, &root, options, parsed);
        return;
    }
    let records = Records {
        path,
        kind: InputKind::Json,
        fields: &options.json,
        labels: &options.labels,
    };
    let (transcripts, errors) = records.document(&root);
    parsed
        .transcripts
        .extend(transcripts.into_iter().filter(|t| !t.messages.is_empty()));
    parsed.errors.extend(
        errors
            .into_iter()
            .map(|(line, message)| InputError::at_line(path.as_ref(), line, message)),
    );
}
