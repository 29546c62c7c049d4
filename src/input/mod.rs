//! Readers: one per input format, plus format detection and directory
//! walking. Every reader turns bytes into [`Transcript`]s whose messages map
//! back to lines and columns of the file.

pub mod chat;
pub mod email;
pub mod mbox;
pub mod suppress;
pub mod time;
pub mod walk;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use crate::engine::LabelSet;
use crate::error::InputError;
use crate::transcript::Transcript;

/// An input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Chat log (`.txt`, `.log`, `.chat`); a file without speaker lines is a draft.
    Chat,
    /// One email message (`.eml`).
    Email,
    /// A mailbox of many messages (`.mbox`), one conversation per thread.
    Mbox,
}

impl Format {
    pub const ALL: &'static [Format] = &[Format::Chat, Format::Email, Format::Mbox];

    pub fn name(self) -> &'static str {
        match self {
            Format::Chat => "chat",
            Format::Email => "email",
            Format::Mbox => "mbox",
        }
    }

    /// The format a file name implies, if any.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" | "log" | "chat" => Some(Format::Chat),
            "eml" => Some(Format::Email),
            "mbox" => Some(Format::Mbox),
            _ => None,
        }
    }

    /// The format the content suggests, for files without a known extension:
    /// a `From ` line followed by a header line is an mbox; a block of mail
    /// headers (`Received:`, `From:`, `MIME-Version:`, `Return-Path:`,
    /// `Date:`, …) at the top is an email; anything else is a chat log.
    pub fn sniff(bytes: &[u8]) -> Format {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let head = &bytes[..bytes.len().min(4096)];
        let mut lines = head
            .split(|&b| b == b'\n')
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
        let first = lines.next().unwrap_or_default();
        if mbox::split::is_separator(first) {
            return match lines.next() {
                Some(next) if is_header_line(next) => Format::Mbox,
                _ => Format::Chat,
            };
        }
        if starts_with_mail_header(first) && headers_until_blank_line(head) >= 2 {
            return Format::Email;
        }
        Format::Chat
    }
}

/// Header names that open a stored mail.
const MAIL_HEADERS: &[&str] = &[
    "received",
    "from",
    "mime-version",
    "return-path",
    "date",
    "delivered-to",
    "message-id",
    "subject",
    "to",
    "x-mozilla-status",
    "dkim-signature",
    "arc-seal",
    "authentication-results",
    "x-original-to",
];

fn is_header_line(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return false;
    };
    colon > 0
        && line[..colon]
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn starts_with_mail_header(line: &[u8]) -> bool {
    is_header_line(line)
        && MAIL_HEADERS.iter().any(|name| {
            line.len() > name.len()
                && line[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && line[name.len()] == b':'
        })
}

/// How many header lines come before the first blank line; 0 when a line
/// there is neither a header nor a folded continuation.
fn headers_until_blank_line(head: &[u8]) -> usize {
    let mut count = 0;
    for line in head.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if line.starts_with(b" ") || line.starts_with(b"\t") {
            continue;
        }
        if !is_header_line(line) {
            return 0;
        }
        count += 1;
    }
    count
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "unknown input format `{s}` (expected one of: {})",
                    names.join(", ")
                )
            })
    }
}

/// What readers need besides the bytes.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    pub labels: LabelSet,
    /// Mail from these domains (or their subdomains) is the agents'.
    pub agent_domains: Vec<String>,
    /// Mail from these addresses is the agents'.
    pub agent_addresses: Vec<String>,
}

/// What a reader made of one file: the conversations it could read, and the
/// problems it met (a bad line does not lose the good ones).
#[derive(Debug, Default)]
pub struct Parsed {
    pub transcripts: Vec<Transcript>,
    pub errors: Vec<InputError>,
}

/// Reads one file's bytes in the given format.
pub fn read(path: &Arc<str>, bytes: &[u8], format: Format, options: &ReadOptions) -> Parsed {
    let mut parsed = Parsed::default();
    match format {
        Format::Chat => match decode_text(path, bytes) {
            Ok((text, warning)) => {
                parsed.errors.extend(warning);
                let transcript = chat::parse(path, &text, &options.labels);
                if !transcript.messages.is_empty() {
                    parsed.transcripts.push(transcript);
                }
            }
            Err(e) => parsed.errors.push(e),
        },
        Format::Email => return email::read_eml(path, bytes, options),
        Format::Mbox => return mbox::read_mbox(path, bytes, options),
    }
    parsed
}

/// Decodes a text file: UTF-8 (a BOM is skipped) or UTF-16 with a BOM.
/// Binary files are refused; invalid UTF-8 is decoded with replacement
/// characters and reported, so the rest of the file is still checked.
pub fn decode_text(path: &str, bytes: &[u8]) -> Result<(String, Option<InputError>), InputError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_text(path, rest);
    }
    if let Some(utf16) = decode_utf16(bytes) {
        return Ok((utf16, None));
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(InputError::new(
            path,
            "binary file (it contains NUL bytes); skipped",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), None)),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32
                + 1;
            let warning = InputError::at_line(
                path,
                line,
                "invalid UTF-8; decoded with replacement characters (convert the file to UTF-8)",
            );
            Ok((String::from_utf8_lossy(bytes).into_owned(), Some(warning)))
        }
    }
}

fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let little = match bytes.get(..2)? {
        [0xFF, 0xFE] => true,
        [0xFE, 0xFF] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        if little {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect(),
    )
}
