//! Readers: one per input format, plus format detection and directory
//! walking. Every reader turns bytes into [`Transcript`]s whose messages map
//! back to lines and columns of the file.

pub mod chat;
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
}

impl Format {
    pub const ALL: &'static [Format] = &[Format::Chat];

    pub fn name(self) -> &'static str {
        match self {
            Format::Chat => "chat",
        }
    }

    /// The format a file name implies, if any.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" | "log" | "chat" => Some(Format::Chat),
            _ => None,
        }
    }

    /// The format the content suggests, for files without a known extension.
    pub fn sniff(_bytes: &[u8]) -> Format {
        Format::Chat
    }
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
}

/// Where a reader hands what it reads, a conversation at a time, as soon as
/// it has read it. Readers of large inputs (JSON Lines, mbox) read
/// incrementally and call the sink as they go, so a file is never held whole;
/// [`crate::engine::stream::check_stream`] runs a reader with a sink that checks what it is handed in
/// parallel chunks while the reader goes on.
pub trait Sink {
    fn transcript(&mut self, transcript: Transcript);
    fn error(&mut self, error: InputError);
    /// The reader starts the input again (a second pass over a file):
    /// forget what it handed on.
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
    read_into(path, bytes, format, options, &mut parsed);
    parsed
}

/// Reads one file's bytes in the given format into `sink`.
pub fn read_into(
    path: &Arc<str>,
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
    sink: &mut dyn Sink,
) {
    match format {
        Format::Chat => match decode_text(path, bytes) {
            Ok((text, warning)) => {
                if let Some(warning) = warning {
                    sink.error(warning);
                }
                let transcript = chat::parse(path, &text, &options.labels);
                if !transcript.messages.is_empty() {
                    sink.transcript(transcript);
                }
            }
            Err(e) => sink.error(e),
        },
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
