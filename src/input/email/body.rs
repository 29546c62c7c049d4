//! The text of a message body, decoded, with a map back to the file.
//!
//! mail-parser decodes the part; this module walks the raw lines of the part
//! again to learn where each decoded line (and each run of characters in it)
//! stands in the file:
//!
//! - 7bit/8bit (no transfer encoding): every decoded line is a file line,
//!   character for character (exact);
//! - quoted-printable: each decoded line starts at the file line it came
//!   from; runs of literal characters are exact, a run of `=XX` escapes maps
//!   to the column of its first escape, and a soft line break continues the
//!   decoded line on the next file line;
//! - base64, or text derived from HTML: the whole text maps to the first line
//!   of the part's body (not exact).
//!
//! The walk must reproduce mail-parser's text; when it does not (a malformed
//! part), the part is mapped as a whole to its first line.

use mail_parser::decoders::base64::base64_decode;
use mail_parser::{Encoding, MessagePart, MimeHeaders, PartType};

use super::charset::Charset;
use super::html;
use super::mapped::MappedText;
use crate::transcript::{Segment, floor_char_boundary};

/// Where the raw message sits in the file: line numbers of its bytes.
pub struct LineIndex {
    /// Byte offsets where lines start.
    starts: Vec<usize>,
    /// The file line of the message's first byte.
    first_line: u32,
}

impl LineIndex {
    pub fn new(raw: &[u8], first_line: u32) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            raw.iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts, first_line }
    }

    /// The file line of byte `offset` of the raw message.
    pub fn line_of(&self, offset: usize) -> u32 {
        let index = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        self.first_line + index as u32
    }
}

/// One decoded text part.
pub struct PartText {
    pub text: MappedText,
    /// The charset the part declares but nobody knows (it was read as UTF-8).
    pub unknown_charset: Option<String>,
    /// The part's transfer encoding was broken (the raw text was kept).
    pub malformed: bool,
    /// The file line of the part's headers, for messages about it.
    pub header_line: u32,
}

/// Decodes a text or HTML part of `raw` (the whole message) with its map.
pub fn decode_part(raw: &[u8], part: &MessagePart<'_>, lines: &LineIndex) -> Option<PartText> {
    let body_start = part.offset_body as usize;
    let body_end = (part.offset_end as usize).clamp(body_start, raw.len().max(body_start));
    let body_line = lines.line_of(body_start);
    let declared = part.content_type().and_then(|ct| ct.attribute("charset"));
    let charset = Charset::resolve(declared);
    let unknown_charset = match charset {
        Charset::Unknown => declared.map(str::to_string),
        _ => None,
    };
    let raw_body = raw.get(body_start..body_end).unwrap_or_default();
    let walk = || match part.encoding {
        Encoding::None => Some(walk_plain(raw_body, body_line)),
        Encoding::QuotedPrintable => Some(walk_quoted_printable(raw_body, body_line)),
        Encoding::Base64 => None,
    };
    let text = match (&part.body, charset) {
        (PartType::Text(decoded), _) => {
            let decoded = normalise_newlines(decoded);
            walk()
                .and_then(|walk| walk.into_mapped(charset, &decoded))
                .or_else(|| redecode_base64(part, raw_body, charset, body_line))
                .unwrap_or_else(|| MappedText::anchored(decoded, body_line, 1))
        }
        // mail-parser read the HTML as UTF-8: decode its bytes again.
        (PartType::Html(_), Charset::Alias(decode)) => {
            let bytes = match part.encoding {
                Encoding::Base64 => base64_decode(raw_body),
                _ => walk().map(|w| w.bytes),
            };
            let markup = bytes.map_or_else(|| html_of(part), |b| decode(&b));
            MappedText::anchored(html::to_text(&markup), body_line, 1)
        }
        (PartType::Html(markup), _) => MappedText::anchored(html::to_text(markup), body_line, 1),
        _ => return None,
    };
    Some(PartText {
        text,
        unknown_charset,
        malformed: part.is_encoding_problem,
        header_line: lines.line_of(content_type_offset(raw, part)),
    })
}

/// Where the part's `Content-Type:` header starts (its charset is what an
/// error names), or the part's first header line when it has none.
fn content_type_offset(raw: &[u8], part: &MessagePart<'_>) -> usize {
    let start = (part.offset_header as usize).min(raw.len());
    let end = (part.offset_body as usize).clamp(start, raw.len());
    let mut at = start;
    for line in raw[start..end].split(|&b| b == b'\n') {
        if line.len() >= 13 && line[..13].eq_ignore_ascii_case(b"content-type:") {
            return at;
        }
        at += line.len() + 1;
    }
    start
}

fn html_of(part: &MessagePart<'_>) -> String {
    match &part.body {
        PartType::Html(markup) => markup.to_string(),
        _ => String::new(),
    }
}

/// A base64 text part in a charset mail-parser does not know by that name,
/// decoded again with the right decoder (mapped to its first line).
fn redecode_base64(
    part: &MessagePart<'_>,
    raw_body: &[u8],
    charset: Charset,
    body_line: u32,
) -> Option<MappedText> {
    let Charset::Alias(decode) = charset else {
        return None;
    };
    if part.encoding != Encoding::Base64 {
        return None;
    }
    let bytes = base64_decode(raw_body)?;
    Some(MappedText::anchored(
        normalise_newlines(&decode(&bytes)),
        body_line,
        1,
    ))
}

/// `\r\n` → `\n`, and no trailing line breaks.
fn normalise_newlines(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.trim_end_matches(['\n', '\r']).to_string()
}

/// Decoded bytes, and where runs of them start in the file.
struct Walk {
    bytes: Vec<u8>,
    anchors: Vec<Anchor>,
}

#[derive(Clone, Copy, Debug)]
struct Anchor {
    byte: usize,
    line: u32,
    column: u32,
    exact: bool,
}

impl Walk {
    fn anchor(&mut self, line: u32, column: u32, exact: bool) {
        let anchor = Anchor {
            byte: self.bytes.len(),
            line,
            column,
            exact,
        };
        match self.anchors.last_mut() {
            Some(last) if last.byte == anchor.byte => *last = anchor,
            _ => self.anchors.push(anchor),
        }
    }

    /// Decodes the bytes with `charset` and turns the anchors into segments
    /// of the text; `None` when the walk did not give the bytes mail-parser
    /// decoded to `expected`.
    fn into_mapped(mut self, charset: Charset, expected: &str) -> Option<MappedText> {
        while self.bytes.last().is_some_and(|&b| b == b'\n') {
            self.bytes.pop();
        }
        let text = charset.decoder()(&self.bytes);
        let as_mail_parser_read_it = match charset {
            Charset::Alias(_) => charset.mail_parser_decoder()(&self.bytes),
            _ => text.clone(),
        };
        if as_mail_parser_read_it != expected {
            return None;
        }
        let len = self.bytes.len();
        self.anchors.retain(|a| a.byte <= len);
        let segments = if text.as_bytes() == self.bytes.as_slice() {
            self.segments_by(&text, |byte| byte)
        } else if text.chars().count() == len {
            // One character per byte: a single-byte charset.
            let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            starts.push(text.len());
            self.segments_by(&text, |byte| starts[byte])
        } else {
            self.line_segments(&text)?
        };
        Some(MappedText { text, segments })
    }

    fn segments_by(&self, text: &str, offset_of: impl Fn(usize) -> usize) -> Vec<Segment> {
        let mut segments: Vec<Segment> = Vec::with_capacity(self.anchors.len());
        for anchor in &self.anchors {
            let text_start = floor_char_boundary(text, offset_of(anchor.byte));
            let segment = Segment {
                text_start,
                line: anchor.line,
                column: anchor.column,
                exact: anchor.exact,
            };
            match segments.last_mut() {
                Some(last) if last.text_start == text_start => *last = segment,
                _ => segments.push(segment),
            }
        }
        segments
    }

    /// For charsets with several bytes per character: each decoded line maps
    /// to the file line where it starts (not exact); `None` when the line
    /// breaks of the text and of the bytes do not match.
    fn line_segments(&self, text: &str) -> Option<Vec<Segment>> {
        let byte_lines = std::iter::once(0).chain(
            self.bytes
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let text_lines = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
        if self.bytes.iter().filter(|&&b| b == b'\n').count() != text.matches('\n').count() {
            return None;
        }
        let mut segments = Vec::new();
        for (byte, text_start) in byte_lines.zip(text_lines) {
            let index = self.anchors.partition_point(|a| a.byte <= byte).max(1) - 1;
            let anchor = self.anchors.get(index)?;
            segments.push(Segment::inexact(text_start, anchor.line, 1));
        }
        Some(segments)
    }
}

/// The raw lines of a body, with their file line numbers and no `\r`.
fn raw_lines(raw: &[u8], first_line: u32) -> impl Iterator<Item = (u32, &[u8])> {
    raw.split(|&b| b == b'\n')
        .enumerate()
        .map(move |(i, line)| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            (first_line + i as u32, line)
        })
}

/// A body without transfer encoding: each line stands as is.
fn walk_plain(raw: &[u8], first_line: u32) -> Walk {
    let mut walk = Walk {
        bytes: Vec::with_capacity(raw.len()),
        anchors: Vec::new(),
    };
    for (i, (line, bytes)) in raw_lines(raw, first_line).enumerate() {
        if i > 0 {
            walk.bytes.push(b'\n');
        }
        walk.anchor(line, 1, true);
        walk.bytes.extend_from_slice(bytes);
    }
    walk
}

/// A quoted-printable body, decoded as mail-parser decodes it.
fn walk_quoted_printable(raw: &[u8], first_line: u32) -> Walk {
    let mut walk = Walk {
        bytes: Vec::with_capacity(raw.len()),
        anchors: Vec::new(),
    };
    let mut soft_break = false;
    for (i, (line, bytes)) in raw_lines(raw, first_line).enumerate() {
        if i > 0 && !soft_break {
            walk.bytes.push(b'\n');
        }
        soft_break = false;
        // Columns count bytes: a quoted-printable line is ASCII. A line with
        // 8-bit bytes (a broken encoder) is mapped to its start only.
        let ascii = bytes.is_ascii();
        walk.anchor(line, 1, ascii);
        let mut trailing_space = 0;
        let mut in_escape = false;
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            if b == b'=' {
                let rest = &bytes[at + 1..];
                if rest.iter().all(|c| c.is_ascii_whitespace()) {
                    soft_break = true;
                    break;
                }
                if let (Some(high), Some(low)) = (hex(rest[0]), rest.get(1).and_then(|&c| hex(c))) {
                    if !in_escape && ascii {
                        walk.anchor(line, at as u32 + 1, false);
                    }
                    in_escape = true;
                    walk.bytes.push(high << 4 | low);
                    trailing_space = 0;
                    at += 3;
                    continue;
                }
            }
            if in_escape && ascii {
                walk.anchor(line, at as u32 + 1, true);
            }
            in_escape = false;
            trailing_space = if b == b' ' || b == b'\t' {
                trailing_space + 1
            } else {
                0
            };
            walk.bytes.push(b);
            at += 1;
        }
        if !soft_break {
            walk.bytes.truncate(walk.bytes.len() - trailing_space);
        }
    }
    walk
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    /// The reply text of the first text part of `raw`, located.
    fn decode(raw: &[u8]) -> PartText {
        let message = MessageParser::default().parse(raw).unwrap();
        let lines = LineIndex::new(raw, 1);
        let part = message.text_part(0).unwrap();
        decode_part(raw, part, &lines).unwrap()
    }

    fn locate(part: &PartText, needle: &str) -> (u32, u32, bool) {
        let offset = part.text.text.find(needle).expect(needle);
        let map = part.text.source_map();
        let (line, column) = map.locate(&part.text.text, offset);
        let index = map
            .segments()
            .partition_point(|s| s.text_start <= offset)
            .saturating_sub(1);
        (line, column, map.segments()[index].exact)
    }

    #[test]
    fn an_8bit_koi8_body_maps_line_for_line() {
        let mut raw = b"From: a@b.c\r\nSubject: x\r\nContent-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".to_vec();
        // "Привет!\r\n  Ваш заказ" in koi8-r.
        raw.extend_from_slice(
            b"\xf0\xd2\xc9\xd7\xc5\xd4!\r\n  \xf7\xc1\xdb \xda\xc1\xcb\xc1\xda\r\n",
        );
        let part = decode(&raw);
        assert_eq!(part.text.text, "Привет!\n  Ваш заказ");
        assert_eq!(locate(&part, "Привет"), (6, 1, true));
        assert_eq!(locate(&part, "заказ"), (7, 7, true));
        assert_eq!(part.unknown_charset, None);
    }

    #[test]
    fn quoted_printable_maps_literal_runs_exactly_and_escapes_to_their_start() {
        let raw = b"From: a@b.c\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nHello caf=C3=A9 owner,\nthis line is soft=\nly broken here\n=D0=94=D0=B0 yes\n";
        let part = decode(raw);
        assert_eq!(
            part.text.text,
            "Hello café owner,\nthis line is softly broken here\nДа yes"
        );
        assert_eq!(locate(&part, "Hello"), (5, 1, true));
        assert_eq!(locate(&part, "owner"), (5, 17, true));
        assert_eq!(locate(&part, "é"), (5, 10, false));
        assert_eq!(locate(&part, "this"), (6, 1, true));
        assert_eq!(locate(&part, "broken"), (7, 4, true));
        assert_eq!(locate(&part, "Да"), (8, 1, false));
        assert_eq!(locate(&part, "yes"), (8, 14, true));
    }

    #[test]
    fn a_base64_body_maps_to_its_first_line() {
        let raw = b"From: a@b.c\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nSGVsbG8KV29ybGQ=\n";
        let part = decode(raw);
        assert_eq!(part.text.text, "Hello\nWorld");
        assert_eq!(locate(&part, "World"), (5, 1, false));
    }

    #[test]
    fn a_part_of_a_multipart_message_maps_to_its_own_lines() {
        let raw = b"From: a@b.c\nContent-Type: multipart/alternative; boundary=XX\n\n--XX\nContent-Type: text/plain; charset=iso-8859-7\n\nGeia \xe3\xe5\xe9\xdc\n--XX\nContent-Type: text/html\n\n<p>Geia</p>\n--XX--\n";
        let part = decode(raw);
        assert_eq!(part.text.text, "Geia γειά");
        assert_eq!(locate(&part, "γειά"), (7, 6, true));
        assert_eq!(part.header_line, 5);
    }

    #[test]
    fn a_misspelt_charset_is_still_decoded() {
        let raw = b"From: a@b.c\nContent-Type: text/plain; charset=cp-1251\nContent-Transfer-Encoding: quoted-printable\n\nOk =CF=F0=E8=E2=E5=F2 you\n";
        let part = decode(raw);
        assert_eq!(part.unknown_charset, None);
        assert_eq!(part.text.text, "Ok Привет you");
        assert_eq!(locate(&part, "you"), (5, 23, true));
        let raw = b"From: a@b.c\nContent-Type: text/html; charset=win-1251\nContent-Transfer-Encoding: base64\n\nPHA+z/Do4uXyPC9wPg==\n";
        let part = decode(raw);
        assert_eq!(part.text.text, "Привет");
    }

    #[test]
    fn an_unknown_charset_is_reported_and_read_as_utf8() {
        let raw = b"From: a@b.c\nContent-Type: text/plain; charset=x-martian\n\nHello there\n";
        let part = decode(raw);
        assert_eq!(part.unknown_charset.as_deref(), Some("x-martian"));
        assert_eq!(part.text.text, "Hello there");
        assert_eq!(locate(&part, "there"), (4, 7, true));
    }
}
