//! JSON Lines: one JSON object per line, for `jq`, log shippers and tools
//! that read a line at a time.
//!
//! A finding line is exactly the finding object of the `json` format. An
//! input error line is `{"type":"error","path":…,"line":…,"message":…}`
//! (`line` is null when the error has none); finding objects never have a
//! `type` key, so `select(.type == "error")` tells them apart. Findings come
//! first, in the usual order, then the errors.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::error::InputError;

pub fn error(e: &InputError) -> Value {
    json!({ "type": "error", "path": e.path, "line": e.line, "message": e.message })
}

/// Writes one JSON line (see [`super::lines`] for the whole format).
pub fn line(value: &Value, mut out: impl Write) -> io::Result<()> {
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)
}
