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
pub mod threads;
pub mod time;
pub mod tree;
pub mod walk;

use std::fmt;
use std::io::{BufRead, Read};
use std::path::Path;
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
}

/// What a reader made of one file: the conversations it could read, and the
/// problems it met (a bad line does not lose the good ones).
#[derive(Debug, Default)]
pub struct Parsed {
    pub transcripts: Vec<Transcript>,
    pub errors: Vec<InputError>,
}

impl Parsed {
    /// Hands everything read to `sink`, in order: the errors first (as the
    /// reader met them), then the conversations.
    pub fn replay(self, sink: &mut dyn Sink) {
        for error in self.errors {
            sink.error(error);
        }
        for transcript in self.transcripts {
            sink.transcript(transcript);
        }
    }
}

impl Sink for Parsed {
    fn transcript(&mut self, transcript: Transcript) {
        self.transcripts.push(transcript);
    }

    fn error(&mut self, error: InputError) {
        self.errors.push(error);
    }
}

/// The largest input couth reads: 256 MiB. A bigger file is refused with
/// an error naming it (exit code 2) and the other files are still checked.
/// One conversation is never that long; the limit keeps a mistaken path
/// (a database dump, a disk image, `/dev/zero`) from exhausting memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// How much of the start of an input decides whether it is binary.
const SNIFF_BYTES: usize = 8192;

/// Reads a file for checking: refused when it is over [`MAX_FILE_BYTES`]
/// (told by its size, before reading) or binary (told by its first 8 KiB,
/// before reading the rest). `shown` is the path as errors name it.
pub fn read_file(path: &Path, shown: &str) -> Result<Vec<u8>, InputError> {
    let io_error = |e: std::io::Error| InputError::new(shown, walk::describe_io(&e));
    let file = std::fs::File::open(path).map_err(io_error)?;
    let metadata = file.metadata().map_err(io_error)?;
    if metadata.is_dir() {
        return Err(InputError::new(shown, "is a directory"));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(shown, Some(metadata.len()), MAX_FILE_BYTES));
    }
    // Room for the whole file and the read that finds its end: read in
    // two or three calls rather than in doubling steps from 32 bytes.
    let capacity = metadata.len() as usize + 1;
    read_into(file, shown, MAX_FILE_BYTES, Vec::with_capacity(capacity))
}

/// Reads a stream (standard input, a pipe, a device) up to `limit` bytes:
/// more is an error, and so is a binary start, found before reading on.
pub fn read_limited(reader: impl Read, shown: &str, limit: u64) -> Result<Vec<u8>, InputError> {
    read_into(reader, shown, limit, Vec::new())
}

fn read_into(
    reader: impl Read,
    shown: &str,
    limit: u64,
    mut bytes: Vec<u8>,
) -> Result<Vec<u8>, InputError> {
    let io_error = |e: std::io::Error| InputError::new(shown, walk::describe_io(&e));
    let mut reader = reader.take(limit.saturating_add(1));
    let sniffed = (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if looks_binary(&bytes) {
        return Err(binary(shown));
    }
    if sniffed == SNIFF_BYTES {
        // Not at the end yet (a shorter sniff met it: most files are
        // read whole by then, and another read would only say so again).
        reader.read_to_end(&mut bytes).map_err(io_error)?;
    }
    if bytes.len() as u64 > limit {
        // The stream goes on: its size is not known.
        return Err(too_large(shown, None, limit));
    }
    Ok(bytes)
}

fn too_large(shown: &str, size: Option<u64>, limit: u64) -> InputError {
    let mib = |n: u64| n.div_ceil(1024 * 1024);
    let size = match size {
        Some(size) => format!("{} MiB", mib(size)),
        None => format!("over {} MiB", mib(limit)),
    };
    InputError::new(
        shown,
        format!(
            "file too large ({size}; couth reads files up to {} MiB); split it into smaller files",
            mib(limit)
        ),
    )
}

fn binary(shown: &str) -> InputError {
    InputError::new(shown, "binary file (it contains NUL bytes); skipped")
}

/// Whether the start of an input is binary: it has NUL bytes and no UTF-16
/// byte order mark.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if matches!(bytes.get(..2), Some([0xFF, 0xFE] | [0xFE, 0xFF])) {
        return false;
    }
    bytes[..bytes.len().min(SNIFF_BYTES)].contains(&0)
}

/// The error for an input that holds no text (see [`is_blank`]).
pub fn blank_error(path: &str) -> InputError {
    InputError::new(path, "empty file: there is no text to check")
}

/// Whether an input holds no text at all: empty, or only white space (after
/// a byte order mark).
pub fn is_blank(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let bytes = match bytes.get(..2) {
        Some([0xFF, 0xFE] | [0xFE, 0xFF]) if bytes.len() == 2 => &[][..],
        _ => bytes,
    };
    bytes.iter().all(u8::is_ascii_whitespace)
}

/// Reads one file's bytes in the given format. An empty file is an error
/// (an export that wrote nothing is worth knowing about), whatever the
/// format.
pub fn read(path: &Arc<str>, bytes: &[u8], format: Format, options: &ReadOptions) -> Parsed {
    let mut parsed = Parsed::default();
    if is_blank(bytes) {
        parsed.errors.push(blank_error(path));
        return parsed;
    }
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
        Format::Jsonl => match jsonl_layout(path, Ok(bytes), options) {
            Ok(layout) => read_jsonl(path, Ok(bytes), options, layout, &mut parsed),
            Err(e) => parsed.errors.push(e),
        },
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

/// How a JSON Lines input is laid out (see [`json::lines`]): a file of
/// message lines is read once for the order of its conversation ids,
/// before [`read_jsonl`] reads it again.
pub fn jsonl_layout<R: BufRead>(
    path: &Arc<str>,
    reader: std::io::Result<R>,
    options: &ReadOptions,
) -> Result<JsonlLayout, InputError> {
    let reader = reader.map_err(|e| InputError::new(path.as_ref(), walk::describe_io(&e)))?;
    Ok(json::lines::layout(path, reader, options))
}

pub use json::lines::Layout as JsonlLayout;

/// Reads JSON Lines, streaming, laid out as [`jsonl_layout`] found.
pub fn read_jsonl<R: BufRead>(
    path: &Arc<str>,
    reader: std::io::Result<R>,
    options: &ReadOptions,
    layout: JsonlLayout,
    sink: &mut dyn Sink,
) {
    match reader {
        Ok(reader) => json::lines::read(path, reader, options, layout, sink),
        Err(e) => sink.error(InputError::new(path.as_ref(), walk::describe_io(&e))),
    }
}

/// Decodes a text file: UTF-8 (a BOM is skipped) or UTF-16 with a BOM.
/// Binary files are refused. Invalid UTF-8 is decoded with replacement
/// characters and reported once, at its first line, so the rest of the file
/// is still checked and the run still exits with 2: a stray Latin-1 byte
/// must not hide a transcript's findings, nor pass unnoticed. (Guessing a
/// legacy charset instead could turn the text into wrong letters silently;
/// mail, which declares its charset, is decoded by it.)
pub fn decode_text(path: &str, bytes: &[u8]) -> Result<(String, Option<InputError>), InputError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_text(path, rest);
    }
    if let Some(utf16) = decode_utf16(bytes) {
        return Ok((utf16, None));
    }
    if looks_binary(bytes) {
        return Err(binary(path));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), None)),
        Err(_) => {
            let (first, more) = invalid_utf8_lines(bytes);
            let message = match more {
                0 => "invalid UTF-8; decoded with replacement characters \
                      (convert the file to UTF-8)"
                    .to_string(),
                n => format!(
                    "invalid UTF-8 here and on {n} more line{}; decoded with replacement \
                     characters (convert the file to UTF-8)",
                    if n == 1 { "" } else { "s" }
                ),
            };
            let warning = InputError::at_line(path, first, message);
            Ok((String::from_utf8_lossy(bytes).into_owned(), Some(warning)))
        }
    }
}

/// The first line with invalid UTF-8, and how many other lines have some.
fn invalid_utf8_lines(bytes: &[u8]) -> (u32, u32) {
    let newlines = |b: &[u8]| b.iter().filter(|&&b| b == b'\n').count() as u32;
    let mut line = 1;
    let mut first = None;
    let mut last_bad = 0;
    let mut more = 0;
    for chunk in bytes.utf8_chunks() {
        line += newlines(chunk.valid().as_bytes());
        if !chunk.invalid().is_empty() && line != last_bad {
            if first.is_none() {
                first = Some(line);
            } else {
                more += 1;
            }
            last_bad = line;
        }
        // An invalid sequence never holds a newline: `\n` is valid UTF-8.
    }
    (first.unwrap_or(1), more)
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

/// Inputs for a reader's "never panics" test: every prefix of `sample`,
/// then `rounds` copies with one to `max_edits` bytes replaced, each by one
/// of `specials` (the bytes the format's syntax turns on) or by any byte.
/// The edits come from a fixed xorshift sequence, so a failure repeats.
#[cfg(test)]
pub(crate) fn mangled(
    sample: &[u8],
    rounds: usize,
    max_edits: u32,
    specials: &[u8],
) -> impl Iterator<Item = Vec<u8>> {
    let mut state = 0x2545_f491_u32;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let prefixes = (0..=sample.len()).map(|cut| sample[..cut].to_vec());
    let edited = (0..rounds).filter(|_| !sample.is_empty()).map(move |_| {
        let mut bytes = sample.to_vec();
        for _ in 0..1 + next() % max_edits {
            let at = next() as usize % bytes.len();
            let pick = next() as usize % (specials.len() + 1);
            bytes[at] = specials.get(pick).copied().unwrap_or(next() as u8);
        }
        bytes
    });
    prefixes.chain(edited)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_binary_inputs_are_told_apart_from_text() {
        for blank in [
            &b""[..],
            b"  \n\r\n\t",
            b"\xEF\xBB\xBF",
            b"\xEF\xBB\xBF \n",
            b"\xFF\xFE",
        ] {
            assert!(is_blank(blank), "{blank:?}");
        }
        assert!(!is_blank(b"\n x"));
        assert!(looks_binary(b"\x1f\x8b\x08\x00"));
        // UTF-16 has NUL bytes but a byte order mark.
        assert!(!looks_binary(b"\xFF\xFEA\x00g\x00"));
        assert!(!looks_binary("Привет".as_bytes()));
    }

    #[test]
    fn an_empty_file_is_an_error_in_every_format() {
        let path: Arc<str> = Arc::from("empty.txt");
        for &format in Format::ALL {
            let parsed = read(&path, b" \n", format, &ReadOptions::default());
            assert!(parsed.transcripts.is_empty());
            assert_eq!(
                parsed.errors,
                vec![InputError::new(
                    "empty.txt",
                    "empty file: there is no text to check"
                )]
            );
        }
    }

    #[test]
    fn streams_are_read_up_to_the_limit_and_binary_ones_not_at_all() {
        let text = b"Agent: hello\n".repeat(100);
        assert_eq!(read_limited(&text[..], "in", 1300).unwrap(), text);
        let error = read_limited(&text[..], "in", 1299).unwrap_err();
        assert_eq!(error.path, "in");
        assert_eq!(
            error.message,
            "file too large (over 1 MiB; couth reads files up to 1 MiB); split it into smaller files"
        );
        // An endless stream of NULs is refused after its first 8 KiB.
        let error = read_limited(std::io::repeat(0), "zero", MAX_FILE_BYTES).unwrap_err();
        assert_eq!(
            error.message,
            "binary file (it contains NUL bytes); skipped"
        );
    }

    #[test]
    fn invalid_utf8_is_reported_once_at_its_first_line_with_a_count() {
        let (text, warning) =
            decode_text("chat.txt", b"ok\nbad \xE9\nok\n\xFF\xFE \xC3\n").unwrap();
        assert_eq!(text.lines().nth(1), Some("bad \u{FFFD}"));
        let warning = warning.unwrap();
        assert_eq!(warning.line, Some(2));
        assert!(
            warning
                .message
                .starts_with("invalid UTF-8 here and on 1 more line;"),
            "{warning}"
        );
        let (_, warning) = decode_text("chat.txt", b"caf\xE9").unwrap();
        assert_eq!(
            warning.unwrap().to_string(),
            "chat.txt:1: invalid UTF-8; decoded with replacement characters (convert the file to UTF-8)"
        );
    }
}
