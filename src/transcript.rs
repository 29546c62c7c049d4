//! The data model every reader produces and the engine consumes.

use std::fmt;
use std::sync::Arc;

/// Who wrote a message. Agent rules look only at [`Role::Agent`] messages;
/// the others are context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Agent,
    Customer,
    System,
    Unknown,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Customer => "customer",
            Role::System => "system",
            Role::Unknown => "unknown",
        }
    }

    /// Parses the role names used in JSON exports and config files.
    pub fn from_name(name: &str) -> Option<Role> {
        match name.trim().to_lowercase().as_str() {
            "agent" | "operator" | "support" | "staff" | "admin" | "bot" | "assistant"
            | "representative" | "rep" | "employee" | "company" | "business" => Some(Role::Agent),
            "customer" | "client" | "user" | "visitor" | "requester" | "end-user" | "enduser"
            | "end_user" | "contact" | "caller" | "guest" => Some(Role::Customer),
            "system" | "note" | "event" => Some(Role::System),
            _ => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The channel a conversation took place on; timing thresholds depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Channel {
    #[default]
    Chat,
    Email,
}

/// For a canned response: where in a conversation it is meant to be used.
/// Opening rules apply to openers, closing rules to closings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Opener,
    Body,
    Closing,
}

impl Section {
    pub fn parse(name: &str) -> Option<Section> {
        match name.trim().to_lowercase().as_str() {
            "opener" | "opening" | "greeting" | "intro" => Some(Section::Opener),
            "body" | "middle" | "answer" => Some(Section::Body),
            "closing" | "closer" | "close" | "signoff" | "sign-off" | "outro" => {
                Some(Section::Closing)
            }
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Opener => "opener",
            Section::Body => "body",
            Section::Closing => "closing",
        }
    }
}

/// A run of message text that starts at a known place in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Byte offset in the message text where the run starts.
    pub text_start: usize,
    /// 1-based line in the file.
    pub line: u32,
    /// 1-based column (in characters) in the file.
    pub column: u32,
    /// Whether the run's characters stand one for one in the file from
    /// `column` on. When false (an escape sequence, a base64 body) every
    /// offset in the run maps to the run's start.
    pub exact: bool,
}

impl Segment {
    /// A run whose characters stand one for one in the file.
    pub fn exact(text_start: usize, line: u32, column: u32) -> Segment {
        Segment {
            text_start,
            line,
            column,
            exact: true,
        }
    }

    /// A run whose offsets all map to its start (escapes, encoded text).
    pub fn inexact(text_start: usize, line: u32, column: u32) -> Segment {
        Segment {
            exact: false,
            ..Segment::exact(text_start, line, column)
        }
    }
}

/// Maps byte offsets in a message's text back to lines and columns of the
/// original file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    segments: Vec<Segment>,
}

impl SourceMap {
    /// A map for text that starts at `line`:`column` and continues line by
    /// line in the file exactly as it stands in the text.
    pub fn verbatim(text: &str, line: u32, column: u32) -> SourceMap {
        let mut map = SourceMap::default();
        map.push(Segment::exact(0, line, column));
        let mut next_line = line;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                next_line += 1;
                map.push(Segment::exact(i + 1, next_line, 1));
            }
        }
        map
    }

    /// Adds a segment; segments must come in text order.
    pub fn push(&mut self, segment: Segment) {
        debug_assert!(
            self.segments
                .last()
                .is_none_or(|s| s.text_start <= segment.text_start)
        );
        self.segments.push(segment);
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The file line and column of byte `offset` in `text`.
    pub fn locate(&self, text: &str, offset: usize) -> (u32, u32) {
        self.locate_with(text, offset, &mut Cursor::default())
    }

    /// Like [`SourceMap::locate`], remembering in `cursor` where it landed:
    /// the next offset on the same line costs the distance between the two,
    /// not the distance from the line's start, so many findings on one long
    /// line stay linear. Use one cursor per text.
    pub fn locate_with(&self, text: &str, offset: usize, cursor: &mut Cursor) -> (u32, u32) {
        let index = self
            .segments
            .partition_point(|s| s.text_start <= offset)
            .saturating_sub(1);
        let Some(segment) = self.segments.get(index) else {
            return (1, 1);
        };
        if !segment.exact || offset < segment.text_start {
            return (segment.line, segment.column);
        }
        let end = floor_char_boundary(text, offset.min(text.len()));
        let start = floor_char_boundary(text, segment.text_start.min(end));
        // An exact run stands in the file character for character, line
        // breaks included: past a `\n` in the run, positions continue on the
        // next file line.
        let (lines, chars) = if cursor.segment == Some(index) && cursor.base == start {
            if end >= cursor.offset {
                let (lines, chars, broke) = walk(&text[cursor.offset..end]);
                if broke {
                    (cursor.lines + lines, chars)
                } else {
                    (cursor.lines, cursor.chars + chars)
                }
            } else if !text[end..cursor.offset].contains('\n') {
                (
                    cursor.lines,
                    cursor.chars - walk(&text[end..cursor.offset]).1,
                )
            } else {
                let (lines, chars, _) = walk(&text[start..end]);
                (lines, chars)
            }
        } else {
            let (lines, chars, _) = walk(&text[start..end]);
            (lines, chars)
        };
        *cursor = Cursor {
            segment: Some(index),
            base: start,
            offset: end,
            lines,
            chars,
        };
        if lines == 0 {
            (segment.line, segment.column + chars)
        } else {
            (segment.line + lines, 1 + chars)
        }
    }
}

/// The line breaks in `run`, the characters after the last one (or all of
/// them), and whether there was a line break.
fn walk(run: &str) -> (u32, u32, bool) {
    match run.rfind('\n') {
        Some(last) => (
            run.matches('\n').count() as u32,
            run[last + 1..].chars().count() as u32,
            true,
        ),
        None => (0, run.chars().count() as u32, false),
    }
}

/// Where [`SourceMap::locate_with`] last landed in a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    segment: Option<usize>,
    /// The byte offset characters are counted from.
    base: usize,
    offset: usize,
    /// Line breaks in `base..offset`.
    lines: u32,
    /// Characters in `base..offset` after its last line break.
    chars: u32,
}

/// The largest char boundary at or below `index`.
pub fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut i = index.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary at or above `index` (the text's length past
/// its end).
pub fn ceil_char_boundary(text: &str, index: usize) -> usize {
    let mut i = index.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// One message of a conversation.
#[derive(Clone, Debug)]
pub struct Message {
    pub role: Role,
    pub speaker: Option<String>,
    /// Seconds since the Unix epoch (or since midnight for logs that only
    /// give a time of day; only differences are used).
    pub timestamp: Option<i64>,
    pub text: String,
    pub source: SourceMap,
}

impl Message {
    /// An agent message read verbatim from `line`:`column` of a file.
    pub fn new(role: Role, text: impl Into<String>, line: u32, column: u32) -> Message {
        let text = text.into();
        let source = SourceMap::verbatim(&text, line, column);
        Message {
            role,
            speaker: None,
            timestamp: None,
            text,
            source,
        }
    }
}

/// The kind of input a transcript was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Chat,
    Json,
    Jsonl,
    Csv,
    Email,
    Mbox,
    Library,
    Draft,
}

/// Suppressions written in the input itself (`couth-ignore: rule`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Suppression {
    /// The rule ids or categories suppressed; empty means every rule.
    pub rules: Vec<String>,
    /// The file line the suppression applies to; `None` for the whole
    /// transcript.
    pub line: Option<u32>,
    /// Where the suppression itself is written, to report it when unused.
    pub at_line: u32,
    pub at_column: u32,
}

/// A conversation (or a single canned response) ready for the engine.
#[derive(Clone, Debug)]
pub struct Transcript {
    /// The path as the user gave it (or the `--stdin-name`).
    pub path: Arc<str>,
    pub kind: InputKind,
    pub channel: Channel,
    /// A name for the conversation inside its file: a conversation id, the
    /// name of a canned response.
    pub name: Option<String>,
    /// For canned responses: the section the response is meant for. Such a
    /// transcript is a template: its placeholders are expected.
    pub section: Option<Section>,
    pub template: bool,
    /// A language forced by the input (front matter, a JSON field).
    pub language: Option<String>,
    pub messages: Vec<Message>,
    pub suppressions: Vec<Suppression>,
}

impl Transcript {
    pub fn new(path: impl Into<Arc<str>>, kind: InputKind) -> Transcript {
        Transcript {
            path: path.into(),
            kind,
            channel: Channel::Chat,
            name: None,
            section: None,
            template: false,
            language: None,
            messages: Vec::new(),
            suppressions: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_map_counts_characters_not_bytes() {
        let text = "Привет\nмир и всё";
        let map = SourceMap::verbatim(text, 3, 10);
        assert_eq!(map.locate(text, 0), (3, 10));
        let mir = text.find("мир").unwrap();
        assert_eq!(map.locate(text, mir), (4, 1));
        let vse = text.find("всё").unwrap();
        assert_eq!(map.locate(text, vse), (4, 7));
    }

    #[test]
    fn a_cursor_gives_what_locate_gives_in_any_order() {
        let text = "Hej då\nПривет, мир и всё, что в нём\nΚαλημέρα σας";
        let map = SourceMap::verbatim(text, 2, 5);
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut cursor = Cursor::default();
        for (step, _) in offsets.iter().enumerate() {
            // Forwards, backwards and across lines.
            let offset = offsets[(step * 7) % offsets.len()];
            assert_eq!(
                map.locate_with(text, offset, &mut cursor),
                map.locate(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn an_exact_run_across_a_line_break_continues_on_the_next_line() {
        // Found by fuzzing the email reader: a mail body "Hello Lucy,\n\n"
        // mapped as one run from line 6 put its blank line 7 at 6:13.
        let text = "Hello Lucy,\n\nPlease";
        let mut map = SourceMap::default();
        map.push(Segment::exact(0, 6, 1));
        assert_eq!(map.locate(text, 11), (6, 12));
        assert_eq!(map.locate(text, 12), (7, 1));
        assert_eq!(map.locate(text, 13), (8, 1));
        assert_eq!(map.locate(text, 15), (8, 3));
        let mut cursor = Cursor::default();
        for offset in [15, 11, 13, 12, 0, 15] {
            assert_eq!(
                map.locate_with(text, offset, &mut cursor),
                map.locate(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn inexact_segment_maps_to_its_start() {
        let text = "a\\nb";
        let mut map = SourceMap::default();
        map.push(Segment::inexact(0, 5, 3));
        assert_eq!(map.locate(text, 3), (5, 3));
    }
}
