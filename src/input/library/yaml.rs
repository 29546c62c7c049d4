//! YAML macro lists (`.yaml`, `.yml`), and the YAML of front matter.
//!
//! `saphyr-parser` (the maintained successor of yaml-rust, with spans on
//! every event; serde_yaml is deprecated) gives each scalar's decoded value
//! and where it starts and ends. The value is then aligned with the source
//! line by line so that every run of text maps to its file column: block
//! scalars (`|`, `>`) lose their indentation, folded lines join, and escapes
//! (`\n`, `''`) map to where they are written.

use std::collections::HashMap;
use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use super::macros;
use super::suppress::{self, Directive};
use crate::error::InputError;
use crate::input::tree::{Node, Text, Value};
use crate::input::{Parsed, ReadOptions};
use crate::transcript::{Segment, SourceMap, Transcript, floor_char_boundary};

/// The deepest nesting of lists and maps accepted.
const MAX_DEPTH: usize = 128;
/// Nodes an alias may copy in all, so `&a [*a, *a, …]` bombs stay small.
const ALIAS_BUDGET: usize = 100_000;

/// A YAML problem and its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub line: u32,
    pub message: String,
}

/// Reads a YAML macro list.
pub fn read(path: &Arc<str>, text: &str, options: &ReadOptions, parsed: &mut Parsed) {
    let documents = match load(text, 1, 1) {
        Ok(documents) => documents,
        Err(e) => {
            parsed
                .errors
                .push(InputError::at_line(path.as_ref(), e.line, e.message));
            return;
        }
    };
    let before = parsed.transcripts.len();
    for root in &documents {
        macros::read(path, root, options, parsed);
    }
    add_line_suppressions(text, &mut parsed.transcripts[before..]);
}

/// `# couth-ignore-next-line: rule` comments: each goes to the response
/// with the next line of text after the comment.
fn add_line_suppressions(text: &str, transcripts: &mut [Transcript]) {
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some(comment) = trimmed.strip_prefix('#') else {
            continue;
        };
        let Some(
            directive @ Directive {
                next_line: true, ..
            },
        ) = suppress::directive(comment)
        else {
            continue;
        };
        let at_line = index as u32 + 1;
        let column = (line.len() - trimmed.len()) as u32 + 1;
        // The next line that holds response text (a comment cannot stand
        // inside a block scalar, so above `text: |` it means the first line).
        let target = transcripts
            .iter()
            .enumerate()
            .flat_map(|(i, t)| {
                t.messages
                    .iter()
                    .flat_map(|m| m.source.segments())
                    .map(move |s| (s.line, i))
            })
            .filter(|(line, _)| *line > at_line)
            .min();
        if let Some((line, owner)) = target {
            let mut suppression = suppress::suppression(directive, at_line, column);
            suppression.line = Some(line);
            transcripts[owner].suppressions.push(suppression);
        }
    }
}

/// Loads every document of a YAML text that starts at `first_line`:`first_column`
/// of its file.
pub fn load(text: &str, first_line: u32, first_column: u32) -> Result<Vec<Node>, YamlError> {
    // A lone CR breaks a line for the YAML parser but not in the file as
    // couth (and its line/column contract) counts lines: read it as a space
    // (the same length), so that the parser's lines are the file's lines.
    let spaced: String;
    let text = if has_lone_cr(text) {
        spaced = lone_crs_as_spaces(text);
        spaced.as_str()
    } else {
        text
    };
    let mut loader = Loader {
        source: Source::new(text, first_line, first_column),
        stack: Vec::new(),
        documents: Vec::new(),
        anchors: HashMap::new(),
        alias_budget: ALIAS_BUDGET,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| YamlError {
            // From the character index, not the parser's line count: YAML
            // also breaks lines at a lone CR, which no editor shows as a line.
            line: first_line
                + text
                    .chars()
                    .take(e.marker().index())
                    .filter(|&c| c == '\n')
                    .count() as u32,
            message: format!("invalid YAML: {}", e.info()),
        })?;
        loader.event(event, span)?;
    }
    Ok(loader.documents)
}

fn has_lone_cr(text: &str) -> bool {
    text.as_bytes()
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'))
}

fn lone_crs_as_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

enum Frame {
    Sequence {
        items: Vec<Node>,
        at: (u32, u32),
        anchor: usize,
    },
    Mapping {
        members: Vec<(String, Node)>,
        key: Option<String>,
        at: (u32, u32),
        anchor: usize,
    },
}

struct Loader<'a> {
    source: Source<'a>,
    stack: Vec<Frame>,
    documents: Vec<Node>,
    anchors: HashMap<usize, Node>,
    alias_budget: usize,
}

impl Loader<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        let at = self.source.position(span.start.line(), span.start.col());
        match event {
            Event::Scalar(value, style, anchor, _) => {
                let node = self.scalar(&value, style, span);
                self.remember(anchor, &node);
                self.attach(node);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        line: at.0,
                        message: format!("lists and maps nested deeper than {MAX_DEPTH} levels"),
                    });
                }
                self.stack
                    .push(if matches!(event, Event::SequenceStart(..)) {
                        Frame::Sequence {
                            items: Vec::new(),
                            at,
                            anchor,
                        }
                    } else {
                        Frame::Mapping {
                            members: Vec::new(),
                            key: None,
                            at,
                            anchor,
                        }
                    });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Sequence { items, at, anchor }) => {
                        (Node::new(Value::Array(items), at.0, at.1), anchor)
                    }
                    Some(Frame::Mapping {
                        members,
                        at,
                        anchor,
                        ..
                    }) => (Node::new(Value::Object(members), at.0, at.1), anchor),
                    None => return Ok(()),
                };
                self.remember(anchor, &node);
                self.attach(node);
            }
            Event::Alias(id) => {
                let node = match self.anchors.get(&id) {
                    Some(node) => {
                        let size = size(node);
                        if size > self.alias_budget {
                            return Err(YamlError {
                                line: at.0,
                                message: "too many aliases expand the document (an alias bomb?)"
                                    .into(),
                            });
                        }
                        self.alias_budget -= size;
                        node.clone()
                    }
                    None => Node::new(Value::Null, at.0, at.1),
                };
                self.attach(node);
            }
            _ => {}
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }

    fn attach(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.documents.push(node),
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping { members, key, .. }) => match key.take() {
                None => *key = Some(node.scalar().map(|k| k.into_owned()).unwrap_or_default()),
                Some(k) => members.push((k, node)),
            },
        }
    }

    fn scalar(&mut self, value: &str, style: ScalarStyle, span: Span) -> Node {
        let (line, column) = self.source.position(span.start.line(), span.start.col());
        if style == ScalarStyle::Plain && matches!(value, "" | "~" | "null" | "Null" | "NULL") {
            return Node::new(Value::Null, line, column);
        }
        let source = self.source.align(value, style, span);
        Node::new(
            Value::String(Text {
                text: value.to_string(),
                source,
            }),
            line,
            column,
        )
    }
}

fn size(node: &Node) -> usize {
    1 + match &node.value {
        Value::Array(items) => items.iter().map(size).sum(),
        Value::Object(members) => members.iter().map(|(_, v)| size(v)).sum(),
        _ => 0,
    }
}

/// The YAML text and where it sits in its file.
struct Source<'a> {
    lines: Vec<&'a str>,
    first_line: u32,
    first_column: u32,
}

impl<'a> Source<'a> {
    fn new(text: &'a str, first_line: u32, first_column: u32) -> Source<'a> {
        Source {
            lines: text
                .split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect(),
            first_line,
            first_column,
        }
    }

    /// The file line of a parser line (1-based).
    fn line_of(&self, line: usize) -> u32 {
        self.first_line + line.saturating_sub(1) as u32
    }

    /// The file line and column of a parser position (line 1-based,
    /// column 0-based in characters).
    fn position(&self, line: usize, col: usize) -> (u32, u32) {
        let column = if line <= 1 { self.first_column } else { 1 };
        (self.line_of(line), column + col as u32)
    }

    /// Maps a scalar's decoded `value` onto its source lines: each literal
    /// run of a line is found in the value in order; what lies between two
    /// runs must be white space (folding, indentation) or the output of the
    /// escapes between them, which map inexactly to where they are written.
    fn align(&self, value: &str, style: ScalarStyle, span: Span) -> SourceMap {
        let mut map = SourceMap::default();
        let (start_line, start_col) = (span.start.line(), span.start.col());
        let end_line = span.end.line().max(start_line);
        let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
        let mut cursor = 0usize;
        let mut pending_escapes = 0usize;
        let mut escape_at: Option<(u32, u32)> = None;
        let mut block_indent: Option<usize> = None;
        let mut last_end: Option<(u32, u32)> = None;
        for parser_line in start_line..=end_line {
            let Some(raw) = parser_line.checked_sub(1).and_then(|i| self.lines.get(i)) else {
                break;
            };
            let indent = raw.len() - raw.trim_start().len();
            if block && !raw.trim().is_empty() {
                // A block scalar ends at the first line indented less than its content.
                match block_indent {
                    None => block_indent = Some(indent),
                    Some(b) if indent < b => break,
                    Some(_) => {}
                }
            }
            // The part of the line that belongs to the scalar.
            let (mut from, mut to) = (0usize, raw.len());
            // A block scalar's span starts on its first content line.
            if parser_line == start_line && !block {
                from = byte_at(raw, start_col);
                if matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) {
                    from = ceil_char_boundary(raw, from + 1);
                }
            }
            if parser_line == span.end.line() && !block {
                to = byte_at(raw, span.end.col()).max(from);
                if matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) {
                    to = floor_char_boundary(raw, to.saturating_sub(1)).max(from);
                }
            }
            let part = &raw[from..to];
            let content_start = from + (part.len() - part.trim_start().len());
            for piece in pieces(&raw[content_start..to], style) {
                let (offset, run) = match piece {
                    Piece::Escape(offset) => {
                        pending_escapes += 1;
                        let at = content_start + offset;
                        escape_at
                            .get_or_insert(self.position(parser_line, raw[..at].chars().count()));
                        continue;
                    }
                    Piece::Run(offset, run) => (offset, run),
                };
                let at = content_start + offset;
                let (line, column) = self.position(parser_line, raw[..at].chars().count());
                let Some(found) = find_after(value, cursor, run, pending_escapes) else {
                    map.push(Segment::inexact(cursor, line, column));
                    return map;
                };
                if let Some((e_line, e_column)) = escape_at.take()
                    && found > cursor
                {
                    map.push(Segment::inexact(cursor, e_line, e_column));
                } else if let Some((end_line, end_column)) = last_end
                    && found > cursor
                {
                    // What lies between two runs (a fold, and characters
                    // such as a vertical tab that YAML keeps but the line's
                    // indentation hides) maps to where the run before ends,
                    // not on past the end of its line.
                    map.push(Segment::inexact(cursor, end_line, end_column));
                }
                map.push(Segment::exact(found, line, column));
                cursor = found + run.len();
                last_end = Some((line, column + run.chars().count() as u32));
                pending_escapes = 0;
            }
        }
        if let Some((line, column)) = escape_at.or(last_end)
            && cursor < value.len()
        {
            // What follows the last run (folded white space the source does
            // not spell out) maps to where that run ends.
            map.push(Segment::inexact(cursor, line, column));
        }
        if map.segments().is_empty() {
            let (line, column) = self.position(start_line, start_col);
            map.push(Segment::inexact(0, line, column));
        }
        map
    }
}

/// The smallest char boundary at or above `index` (clamped to the text).
fn ceil_char_boundary(text: &str, index: usize) -> usize {
    let mut i = index.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The byte offset of character `col` of a line (clamped).
fn byte_at(line: &str, col: usize) -> usize {
    line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
}

/// Where `piece` stands in `value` at or after `cursor`, when only white
/// space, or at most `escapes` characters, lie between.
fn find_after(value: &str, cursor: usize, piece: &str, escapes: usize) -> Option<usize> {
    let rest = value.get(cursor..)?;
    let found = rest.find(piece)?;
    let gap = &rest[..found];
    (gap.trim().is_empty() || gap.chars().count() <= escapes).then_some(cursor + found)
}

/// A part of a scalar's source line.
enum Piece<'a> {
    /// Text that stands in the value as written, at a byte offset.
    Run(usize, &'a str),
    /// An escape sequence (`\n`, `\u00e9`, a line-ending `\` in double
    /// quotes, `''` in single quotes) at a byte offset.
    Escape(usize),
}

/// The runs and escapes of a source line, in order.
fn pieces(line: &str, style: ScalarStyle) -> Vec<Piece<'_>> {
    let line = line.trim_end();
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let escape_len = match (style, bytes[i]) {
            (ScalarStyle::DoubleQuoted, b'\\') => match bytes.get(i + 1) {
                Some(b'x') => 4,
                Some(b'u') => 6,
                Some(b'U') => 10,
                Some(_) => 2,
                None => 1,
            },
            (ScalarStyle::SingleQuoted, b'\'') if bytes.get(i + 1) == Some(&b'\'') => 2,
            _ => 0,
        };
        if escape_len == 0 {
            i += 1;
            continue;
        }
        if start < i {
            out.push(Piece::Run(start, &line[start..i]));
        }
        out.push(Piece::Escape(i));
        i = (i + escape_len).min(bytes.len());
        while !line.is_char_boundary(i) {
            i += 1;
        }
        start = i;
    }
    if start < line.len() {
        out.push(Piece::Run(start, &line[start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate(text: &Text, needle: &str) -> (u32, u32) {
        let at = text
            .text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {:?}", text.text));
        text.source.locate(&text.text, at)
    }

    fn field<'a>(node: &'a Node, path: &[&str]) -> &'a Text {
        node.at_path(path).and_then(Node::as_text).expect("a text")
    }

    #[test]
    fn block_scalars_map_line_by_line() {
        let src = "- name: Refund\n  text: |\n    Dear {{first_name}},\n      please be advised\n    Thanks\n- name: Folded\n  text: >\n    one two\n    three\n";
        let docs = load(src, 1, 1).unwrap();
        let items = docs[0].as_array().unwrap();
        let t = field(&items[0], &["text"]);
        assert_eq!(
            t.text,
            "Dear {{first_name}},\n  please be advised\nThanks\n"
        );
        assert_eq!(locate(t, "Dear"), (3, 5));
        assert_eq!(locate(t, "advised"), (4, 17));
        assert_eq!(locate(t, "Thanks"), (5, 5));
        let f = field(&items[1], &["text"]);
        assert_eq!(f.text, "one two three\n");
        assert_eq!(locate(f, "three"), (9, 5));
        assert_eq!((items[1].line, items[1].column), (6, 3));
    }

    #[test]
    fn what_lies_between_two_lines_of_a_scalar_stays_on_the_line() {
        // Found by the property tests: YAML keeps a vertical tab at the
        // start of a continuation line, the indentation skipped it, and the
        // fold plus the tab mapped past the end of line 1.
        let docs = load("ab\n\u{b}cd", 1, 1).unwrap();
        let text = docs[0].as_text().expect("a text");
        assert_eq!(text.text, "ab \u{b}cd");
        for (offset, expected) in [(2, (1, 3)), (3, (1, 3)), (4, (2, 2))] {
            assert_eq!(text.source.locate(&text.text, offset), expected, "{offset}");
        }
    }

    #[test]
    fn a_lone_cr_does_not_start_a_line() {
        // Found by the property tests: the parser broke the line at the CR
        // and the text after it mapped to line 2 of a one-line file.
        let docs = load("# note\rPlease be advised", 1, 1).unwrap();
        assert!(docs.is_empty() || docs[0].as_text().is_none());
        let docs = load("Hello\rPlease be advised", 1, 1).unwrap();
        let text = docs[0].as_text().expect("a text");
        let at = text.text.find("Please").unwrap();
        assert_eq!(text.source.locate(&text.text, at), (1, 7));
    }

    #[test]
    fn flow_scalars_and_escapes() {
        let src = "a: plain text here\nb: 'it''s ok'\nc: \"caf\\u00e9 RMA\\nnext\"\nd:\n  folded plain\n  continues\n";
        let docs = load(src, 1, 1).unwrap();
        let root = &docs[0];
        assert_eq!(locate(field(root, &["a"]), "text"), (1, 10));
        let b = field(root, &["b"]);
        assert_eq!(b.text, "it's ok");
        assert_eq!(locate(b, "ok"), (2, 11));
        let c = field(root, &["c"]);
        assert_eq!(c.text, "café RMA\nnext");
        assert_eq!(locate(c, "caf"), (3, 5));
        assert_eq!(locate(c, "RMA"), (3, 15));
        assert_eq!(locate(c, "next"), (3, 20));
        let d = field(root, &["d"]);
        assert_eq!(d.text, "folded plain continues");
        assert_eq!(locate(d, "continues"), (6, 3));
    }

    #[test]
    fn front_matter_offsets_and_errors() {
        let docs = load("section: opener\nlanguage: sv", 2, 1).unwrap();
        let section = docs[0].get("section").unwrap();
        assert_eq!((section.line, section.column), (2, 10));
        let error = load("a: [1, 2\nb: c", 5, 1).unwrap_err();
        assert!(error.line >= 5, "{error:?}");
        assert!(error.message.starts_with("invalid YAML"));
        let deep = format!("{}1{}", "[".repeat(500), "]".repeat(500));
        assert!(load(&deep, 1, 1).is_err());
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        assert!(load(bomb, 1, 1).unwrap_err().message.contains("alias"));
    }

    #[test]
    fn never_panics_on_cut_inputs() {
        let src = "- name: 'Привет ''x'''\n  text: \"caf\\u00e9 \\\"q\\\" ΑΒΓ\n    next\"\n  more: |\n    Ärende\n      δ\n  f: >-\n    a\n\n    b\n- &x [1, {k: v}]\n- *x\n";
        for end in 0..=src.len() {
            if src.is_char_boundary(end) {
                let _ = load(&src[..end], 1, 1);
            }
        }
    }
}
