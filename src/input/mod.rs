//! Readers: one per input format, plus format detection and directory
//! walking. Every reader turns bytes into [`Transcript`]s whose messages map
//! back to lines and columns of the file.

pub mod chat;
pub mod csv;
pub mod email;
pub mod fields;
pub mod json;
pub mod library;
pub mod mbox;
pub mod position;
pub mod suppress;
pub mod time;
pub mod tree;
pub mod walk;

use std::fmt;
use std::io::BufRead;
use std::str::FromStr;
use std::sync::Arc;

use crate::engine::LabelSet;
use crate::error::InputError;
use crate::transcript::Transcript;
pub use fields::{FieldKind, FieldMap, FieldPath};

/// An input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Chat log (`.txt`, `.log`, `.chat`); a file without speaker lines is a draft.
    Chat,
    /// One email message (`.eml`).
    Email,
    /// A mailbox of many messages (`.mbox`), one conversation per thread.
    Mbox,
    /// A JSON export (`.json`): conversations, or a list of canned responses.
    Json,
    /// JSON Lines (`.jsonl`, `.ndjson`): a conversation or a message per line.
    Jsonl,
    /// A CSV (or tab-separated) ticket export with a header row.
    Csv,
    /// A canned response (`.md`, or `.txt` with front matter); with
    /// `--input-format library` a `.json`/`.yaml` file is a macro list.
    Library,
    /// A YAML list of canned responses (`.yaml`, `.yml`).
    Yaml,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::Chat,
        Format::Email,
        Format::Mbox,
        Format::Json,
        Format::Jsonl,
        Format::Csv,
        Format::Library,
        Format::Yaml,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Chat => "chat",
            Format::Email => "email",
            Format::Mbox => "mbox",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Library => "library",
            Format::Yaml => "yaml",
        }
    }

    /// The format a file name implies, if any.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" | "log" | "chat" => Some(Format::Chat),
            "eml" => Some(Format::Email),
            "mbox" => Some(Format::Mbox),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" | "tsv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Library),
            "yaml" | "yml" => Some(Format::Yaml),
            _ => None,
        }
    }

    /// The format the content suggests, for files without a known
    /// extension: `[` first is JSON; `{` first is JSON Lines when several
    /// lines start with `{` and the first line closes its object, else JSON;
    /// a `From ` line followed by a header line is an mbox; a block of mail
    /// headers (`Received:`, `From:`, `MIME-Version:`, `Date:`, …) at the top
    /// is an email; anything else is a chat log.
    pub fn sniff(bytes: &[u8]) -> Format {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let head = &bytes[..bytes.len().min(64 * 1024)];
        let start = head.iter().position(|b| !b.is_ascii_whitespace());
        match start.map(|i| head[i]) {
            Some(b'[') => return Format::Json,
            Some(b'{') => {
                let mut lines = head
                    .split(|&b| b == b'\n')
                    .filter(|l| !l.trim_ascii().is_empty());
                let first_closes = lines
                    .next()
                    .is_some_and(|l| l.trim_ascii_end().ends_with(b"}"));
                let object_lines = lines.take(8).filter(|l| l.first() == Some(&b'{')).count();
                return if first_closes && object_lines >= 1 {
                    Format::Jsonl
                } else {
                    Format::Json
                };
            }
            _ => {}
        }
        let head = &head[..head.len().min(4096)];
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
        let s = match s {
            "ndjson" => "jsonl",
            "yml" => "yaml",
            "markdown" | "md" | "macros" => "library",
            "txt" | "text" => "chat",
            other => other,
        };
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
#[derive(Clone, Debug)]
pub struct ReadOptions {
    pub labels: LabelSet,
    /// Mail from these domains (or their subdomains) is the agents'.
    pub agent_domains: Vec<String>,
    /// Mail from these addresses is the agents'.
    pub agent_addresses: Vec<String>,
    /// Field names of JSON and JSON Lines exports.
    pub json: FieldMap,
    /// Column names of CSV exports.
    pub csv: FieldMap,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            labels: LabelSet::default(),
            agent_domains: Vec::new(),
            agent_addresses: Vec::new(),
            json: FieldMap::default(),
            csv: FieldMap::csv(),
        }
    }
}

/// Where a reader hands what it read: conversations as soon as they are
/// complete (a streaming reader never holds the whole file), and problems.
pub trait Sink {
    fn transcript(&mut self, transcript: Transcript);
    fn error(&mut self, error: InputError);
    /// The reader starts the input again: forget what it handed on.
    fn restart(&mut self);
}

/// What a reader made of one file: the conversations it could read, and the
/// problems it met (a bad line does not lose the good ones).
#[derive(Debug, Default)]
pub struct Parsed {
    pub transcripts: Vec<Transcript>,
    pub errors: Vec<InputError>,
}

impl Sink for Parsed {
    fn transcript(&mut self, transcript: Transcript) {
        self.transcripts.push(transcript);
    }

    fn error(&mut self, error: InputError) {
        self.errors.push(error);
    }

    fn restart(&mut self) {
        self.transcripts.clear();
        self.errors.clear();
    }
}

/// Reads one file's bytes in the given format.
pub fn read(path: &Arc<str>, bytes: &[u8], format: Format, options: &ReadOptions) -> Parsed {
    let mut parsed = Parsed::default();
    match format {
        Format::Chat => match decode_text(path, bytes) {
            Ok((text, warning)) => {
                parsed.errors.extend(warning);
                if library::markdown::has_front_matter(&text) {
                    library::markdown::read(path, &text, options, &mut parsed);
                } else {
                    let transcript = chat::parse(path, &text, &options.labels);
                    if !transcript.messages.is_empty() {
                        parsed.transcripts.push(transcript);
                    }
                }
            }
            Err(e) => parsed.errors.push(e),
        },
        Format::Email => return email::read_eml(path, bytes, options),
        Format::Mbox => return mbox::read_mbox(path, bytes, options),
        Format::Jsonl => {
            read_jsonl(path, || Ok(bytes), options, &mut parsed);
        }
        Format::Json | Format::Csv | Format::Library | Format::Yaml => {
            match decode_text(path, bytes) {
                Ok((text, warning)) => {
                    parsed.errors.extend(warning);
                    read_text(path, &text, format, options, &mut parsed);
                }
                Err(e) => parsed.errors.push(e),
            }
        }
    }
    parsed
}

/// The text formats read whole.
fn read_text(
    path: &Arc<str>,
    text: &str,
    format: Format,
    options: &ReadOptions,
    parsed: &mut Parsed,
) {
    match format {
        Format::Json => json::read(path, text, options, parsed),
        Format::Csv => csv::read(path, text, options, parsed),
        Format::Yaml => library::yaml::read(path, text, options, parsed),
        Format::Library => library::read(path, text, options, parsed),
        _ => {}
    }
}

/// Reads JSON Lines, streaming: `open` gives the input from its start (it
/// is called a second time when the file interleaves conversations; see
/// [`json::lines`]).
pub fn read_jsonl<R: BufRead>(
    path: &Arc<str>,
    open: impl Fn() -> std::io::Result<R>,
    options: &ReadOptions,
    sink: &mut dyn Sink,
) {
    let mut grouped = true;
    loop {
        let reader = match open() {
            Ok(reader) => reader,
            Err(e) => {
                sink.error(InputError::new(path.as_ref(), walk::describe_io(&e)));
                return;
            }
        };
        match json::lines::read(path, reader, options, grouped, sink) {
            json::lines::Pass::Done => return,
            json::lines::Pass::Interleaved => {
                sink.restart();
                grouped = false;
            }
        }
    }
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

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn names_extensions_and_sniffing() {
        assert_eq!("ndjson".parse::<Format>(), Ok(Format::Jsonl));
        assert_eq!("yml".parse::<Format>(), Ok(Format::Yaml));
        assert_eq!("library".parse::<Format>(), Ok(Format::Library));
        assert!("xml".parse::<Format>().unwrap_err().contains("jsonl"));
        let of = |p: &str| Format::from_path(std::path::Path::new(p));
        assert_eq!(of("a/b.NDJSON"), Some(Format::Jsonl));
        assert_eq!(of("a/b.md"), Some(Format::Library));
        assert_eq!(of("a/b.tsv"), Some(Format::Csv));
        assert_eq!(Format::sniff(b"\xEF\xBB\xBF  [1]"), Format::Json);
        assert_eq!(Format::sniff(b"{\n  \"messages\": []\n}\n"), Format::Json);
        assert_eq!(Format::sniff(b"{\"a\": 1}\n{\"a\": 2}\n"), Format::Jsonl);
        assert_eq!(Format::sniff(b"{\"a\": 1}\n"), Format::Json);
        assert_eq!(Format::sniff(b"Agent: hi"), Format::Chat);
    }
}
