//! A recursive-descent JSON parser that keeps positions: every value knows
//! its line and column, and every string carries a [`SourceMap`] from its
//! decoded bytes to the file (exact runs between escapes, an inexact
//! segment at each escape). serde_json gives no positions, hence this.
//!
//! Nesting deeper than [`MAX_DEPTH`] is an error, so a hostile file cannot
//! exhaust the stack.

use std::fmt;

use crate::input::position::Positions;
use crate::input::tree::{Node, Text, Value};
use crate::transcript::{Segment, SourceMap};

/// The deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 128;

/// Why a text is not JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid JSON at line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// Parses one JSON value filling the whole of `text` (white space around it
/// is fine). `first_line` is the file line where `text` starts.
pub fn parse(text: &str, first_line: u32) -> Result<Node, ParseError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        positions: Positions::new(text, first_line, 1),
    };
    parser.skip_space();
    if parser.pos == parser.bytes.len() {
        return Err(parser.error_here("the input is empty; expected a JSON value"));
    }
    let root = parser.value(0)?;
    parser.skip_space();
    if parser.pos < parser.bytes.len() {
        let (line, _) = parser.positions.at(parser.pos);
        return Err(parser.error_here(&format!(
            "more data after the end of the JSON value (line {line}); one JSON value per line is JSON Lines: name the file .jsonl or use --input-format jsonl"
        )));
    }
    Ok(root)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    positions: Positions<'a>,
}

impl Parser<'_> {
    fn error_at(&mut self, pos: usize, message: &str) -> ParseError {
        let (line, column) = self.positions.at(pos);
        ParseError {
            line,
            column,
            message: message.to_string(),
        }
    }

    fn error_here(&mut self, message: &str) -> ParseError {
        self.error_at(self.pos, message)
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, ParseError> {
        let start = self.pos;
        let (line, column) = self.positions.at(start);
        let value = match self.bytes.get(self.pos) {
            None => return Err(self.error_here("unexpected end of input; expected a value")),
            Some(b'{') => self.object(depth + 1, line)?,
            Some(b'[') => self.array(depth + 1, line)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(_) => {
                let found = self.describe_here();
                return Err(self.error_here(&format!("expected a value, found {found}")));
            }
        };
        Ok(Node::new(value, line, column))
    }

    fn describe_here(&self) -> String {
        match self.text[self.pos..].chars().next() {
            None => "the end of the input".into(),
            Some(c) if c.is_control() => format!("the control character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        }
    }

    fn enter(&mut self, depth: usize) -> Result<(), ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error_here(&format!(
                "arrays and objects nested deeper than {MAX_DEPTH} levels"
            )));
        }
        self.pos += 1;
        self.skip_space();
        Ok(())
    }

    fn unclosed(&mut self, what: &str, opened: u32) -> ParseError {
        self.error_here(&format!(
            "the input ends inside the {what} opened at line {opened} (is the file truncated?)"
        ))
    }

    fn object(&mut self, depth: usize, opened: u32) -> Result<Value, ParseError> {
        self.enter(depth)?;
        let mut members = Vec::new();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {}
                None => return Err(self.unclosed("object", opened)),
                Some(_) => {
                    let found = self.describe_here();
                    return Err(
                        self.error_here(&format!("expected a quoted member name, found {found}"))
                    );
                }
            }
            let key = self.string()?.text;
            self.skip_space();
            match self.bytes.get(self.pos) {
                Some(b':') => self.pos += 1,
                None => return Err(self.unclosed("object", opened)),
                Some(_) => {
                    let found = self.describe_here();
                    return Err(self.error_here(&format!(
                        "expected `:` after the member name \"{key}\", found {found}"
                    )));
                }
            }
            self.skip_space();
            if self.pos == self.bytes.len() {
                return Err(self.unclosed("object", opened));
            }
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_space();
            match self.bytes.get(self.pos) {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_space();
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                None => return Err(self.unclosed("object", opened)),
                Some(_) => {
                    let found = self.describe_here();
                    return Err(self.error_here(&format!(
                        "expected `,` or `}}` after an object member, found {found}"
                    )));
                }
            }
        }
    }

    fn array(&mut self, depth: usize, opened: u32) -> Result<Value, ParseError> {
        self.enter(depth)?;
        let mut items = Vec::new();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            if self.pos == self.bytes.len() {
                return Err(self.unclosed("array", opened));
            }
            items.push(self.value(depth)?);
            self.skip_space();
            match self.bytes.get(self.pos) {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_space();
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.unclosed("array", opened)),
                Some(_) => {
                    let found = self.describe_here();
                    return Err(self.error_here(&format!(
                        "expected `,` or `]` after an array item, found {found}"
                    )));
                }
            }
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, ParseError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            let found = self.describe_here();
            Err(self.error_here(&format!("expected `{word}`, found {found}")))
        }
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.bytes.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos > from
        };
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let mut valid = digits(self);
        if valid && self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            valid = digits(self);
        }
        if valid && matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            valid = digits(self);
        }
        if !valid {
            return Err(self.error_at(start, "malformed number"));
        }
        Ok(Value::Number(self.text[start..self.pos].to_string()))
    }

    /// A string at `self.pos` (on its opening quote), decoded, with the map
    /// from decoded bytes to file positions.
    fn string(&mut self) -> Result<Text, ParseError> {
        let opened = self.pos;
        self.pos += 1;
        let mut text = String::new();
        let mut source = SourceMap::default();
        let mut run = self.pos;
        loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(self.error_at(
                    opened,
                    "this string is not closed (the input ends inside it)",
                ));
            };
            match b {
                b'"' => {
                    self.flush_run(run, &mut text, &mut source);
                    if source.segments().is_empty() {
                        let (line, column) = self.positions.at(opened + 1);
                        source.push(Segment::exact(0, line, column));
                    }
                    self.pos += 1;
                    return Ok(Text { text, source });
                }
                b'\\' => {
                    self.flush_run(run, &mut text, &mut source);
                    let (line, column) = self.positions.at(self.pos);
                    source.push(Segment::inexact(text.len(), line, column));
                    self.escape(&mut text)?;
                    run = self.pos;
                }
                b'\n' | b'\r' => {
                    if self.text[self.pos..].trim().is_empty() {
                        return Err(self.error_at(
                            opened,
                            "this string is not closed (the input ends inside it)",
                        ));
                    }
                    return Err(self.error_here(
                        "a line break inside a string (JSON writes it as \\n); is a closing quote missing?",
                    ));
                }
                // Tabs and other control characters are not valid JSON, but
                // exports contain them; they are kept as they are.
                _ => self.pos += 1,
            }
        }
    }

    fn flush_run(&mut self, run: usize, text: &mut String, source: &mut SourceMap) {
        if run < self.pos {
            let (line, column) = self.positions.at(run);
            source.push(Segment::exact(text.len(), line, column));
            text.push_str(&self.text[run..self.pos]);
        }
    }

    /// Decodes the escape at `self.pos` (on its backslash) into `text`.
    fn escape(&mut self, text: &mut String) -> Result<(), ParseError> {
        let start = self.pos;
        let decoded = match self.bytes.get(self.pos + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 2;
                let first = self.hex4(start)?;
                let c = if (0xD800..0xDC00).contains(&first)
                    && self.text[self.pos..].starts_with("\\u")
                {
                    let resume = self.pos;
                    self.pos += 2;
                    let second = self.hex4(start)?;
                    if (0xDC00..0xE000).contains(&second) {
                        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                        char::from_u32(code).unwrap_or('\u{FFFD}')
                    } else {
                        self.pos = resume;
                        '\u{FFFD}'
                    }
                } else {
                    char::from_u32(first).unwrap_or('\u{FFFD}')
                };
                text.push(c);
                return Ok(());
            }
            None => {
                return Err(self.error_at(start, "the input ends inside an escape sequence"));
            }
            Some(_) => {
                self.pos += 1;
                let found = self.describe_here();
                return Err(self.error_at(
                    start,
                    &format!("unknown escape `\\{}` in a string", found.trim_matches('`')),
                ));
            }
        };
        self.pos += 2;
        text.push(decoded);
        Ok(())
    }

    fn hex4(&mut self, escape: usize) -> Result<u32, ParseError> {
        let digits = self.text.get(self.pos..self.pos + 4).unwrap_or("");
        match u32::from_str_radix(digits, 16) {
            Ok(n) if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_hexdigit()) => {
                self.pos += 4;
                Ok(n)
            }
            _ => Err(self.error_at(escape, "`\\u` must be followed by four hex digits")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(node: &Node) -> &Text {
        node.as_text().expect("a string")
    }

    #[test]
    fn values_know_their_positions() {
        let root = parse("{\n  \"a\": [1, -2.5e3, true, null],\n  \"b\": \"x\"\n}", 1).unwrap();
        assert_eq!((root.line, root.column), (1, 1));
        let a = root.get("a").unwrap();
        assert_eq!((a.line, a.column), (2, 8));
        let items = a.as_array().unwrap();
        assert_eq!(items[1].value, Value::Number("-2.5e3".into()));
        assert_eq!((items[2].line, items[2].column), (2, 20));
        let b = root.get("b").unwrap();
        assert_eq!((b.line, b.column), (3, 8));
        assert_eq!(text_of(b).source.locate("x", 0), (3, 9));
    }

    #[test]
    fn escapes_decode_and_map() {
        let src = r#"{"t": "Caf\u00e9 ok\nRMA now \ud83d\ude00!"}"#;
        let root = parse(src, 4).unwrap();
        let t = text_of(root.get("t").unwrap());
        assert_eq!(t.text, "Café ok\nRMA now 😀!");
        let loc = |needle: &str| t.source.locate(&t.text, t.text.find(needle).unwrap());
        assert_eq!(loc("Caf"), (4, 8));
        assert_eq!(loc("é"), (4, 11)); // inexact: the escape's backslash
        assert_eq!(loc(" ok"), (4, 17));
        assert_eq!(loc("RMA"), (4, 22));
        assert_eq!(loc("now"), (4, 26));
        assert_eq!(loc("!"), (4, 42));
    }

    #[test]
    fn columns_count_characters() {
        let root = parse("[\"Здравствуйте\", \"Привет RMA\"]", 1).unwrap();
        let t = text_of(&root.as_array().unwrap()[1]);
        assert_eq!(
            t.source.locate(&t.text, t.text.find("RMA").unwrap()),
            (1, 26)
        );
    }

    #[test]
    fn empty_strings_map_to_their_place() {
        let root = parse("\n  \"\"", 1).unwrap();
        let t = text_of(&root);
        assert_eq!(t.source.locate("", 0), (2, 4));
    }

    #[test]
    fn errors_name_the_line() {
        let truncated = parse("{\n \"messages\": [\n  {\"text\": \"hi\"}", 1).unwrap_err();
        assert_eq!(truncated.line, 3);
        assert!(
            truncated.message.contains("array opened at line 2"),
            "{truncated}"
        );
        let unclosed = parse("[\"abc", 1).unwrap_err();
        assert!(unclosed.message.contains("not closed"));
        let bad = parse("{\"a\" 1}", 1).unwrap_err();
        assert_eq!((bad.line, bad.column), (1, 6));
        assert!(
            parse("[1] [2]", 1)
                .unwrap_err()
                .message
                .contains("JSON Lines")
        );
        assert!(parse("[01x]", 1).is_err());
        assert!(parse("\"\\q\"", 1).unwrap_err().message.contains("\\q"));
        assert!(parse("\"\\u12\"", 1).is_err());
        assert!(parse("", 1).unwrap_err().message.contains("empty"));
        assert!(
            parse("[\"a\nb\"]", 1)
                .unwrap_err()
                .message
                .contains("line break")
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_a_crash() {
        let deep = "[".repeat(100_000);
        let error = parse(&deep, 1).unwrap_err();
        assert!(error.message.contains("nested deeper"), "{error}");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok, 1).is_ok());
    }

    #[test]
    fn never_panics_on_cut_inputs() {
        let src = r#"{"a": ["x\u00e9\"", 1.5e-3, {"b": null}], "c": "Привет"}"#;
        for end in 0..=src.len() {
            if src.is_char_boundary(end) {
                let _ = parse(&src[..end], 1);
            }
        }
    }
}
