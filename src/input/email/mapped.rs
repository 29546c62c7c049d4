//! Text that remembers where each piece of it stands in the file, so that a
//! body can be cut into lines, stripped of quotes and signatures, and still
//! map every offset back to a file line and column.

use std::ops::Range;

use crate::transcript::{Segment, SourceMap};

/// Decoded text and the segments that place it in the file; segment
/// offsets are byte offsets in `text`, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MappedText {
    pub text: String,
    pub segments: Vec<Segment>,
}

impl MappedText {
    /// Text placed as a whole at one spot (a base64 body, text derived from
    /// HTML): every offset maps to `line`:`column`.
    pub fn anchored(text: String, line: u32, column: u32) -> MappedText {
        MappedText {
            text,
            segments: vec![Segment::inexact(0, line, column)],
        }
    }

    /// The file position of byte `offset`, with whether it is exact.
    fn position(&self, offset: usize) -> (u32, u32, bool) {
        let index = self
            .segments
            .partition_point(|s| s.text_start <= offset)
            .saturating_sub(1);
        let Some(segment) = self.segments.get(index) else {
            return (1, 1, false);
        };
        if !segment.exact || offset < segment.text_start {
            return (segment.line, segment.column, segment.exact);
        }
        let start = segment.text_start.min(self.text.len());
        let end = offset.min(self.text.len()).max(start);
        let chars = self
            .text
            .get(start..end)
            .map_or(0, |s| s.chars().count() as u32);
        (segment.line, segment.column + chars, true)
    }

    /// The byte ranges of the lines of the text, without their `\n`.
    pub fn line_ranges(&self) -> Vec<Range<usize>> {
        let mut ranges = Vec::new();
        let mut start = 0;
        for (i, b) in self.text.bytes().enumerate() {
            if b == b'\n' {
                ranges.push(start..i);
                start = i + 1;
            }
        }
        ranges.push(start..self.text.len());
        ranges
    }

    /// Appends `range` of `other`, keeping its map.
    pub fn push_from(&mut self, other: &MappedText, range: Range<usize>) {
        let base = self.text.len();
        let (line, column, exact) = other.position(range.start);
        self.push_segment(Segment {
            text_start: base,
            line,
            column,
            exact,
        });
        let first = other
            .segments
            .partition_point(|s| s.text_start <= range.start);
        let inside = other.segments[first..]
            .iter()
            .take_while(|s| s.text_start < range.end);
        for segment in inside {
            self.push_segment(Segment {
                text_start: base + segment.text_start - range.start,
                ..*segment
            });
        }
        self.text.push_str(&other.text[range]);
    }

    /// Appends a line break (mapped like the text before it).
    pub fn push_newline(&mut self) {
        self.text.push('\n');
    }

    fn push_segment(&mut self, segment: Segment) {
        if let Some(last) = self.segments.last_mut()
            && last.text_start == segment.text_start
        {
            *last = segment;
            return;
        }
        self.segments.push(segment);
    }

    /// Moves every segment on the given (file) lines `by` columns to the
    /// right: for lines whose first characters were removed before decoding
    /// (an mbox `>From ` line).
    pub fn shift_columns(&mut self, lines: &[u32], by: u32) {
        for segment in &mut self.segments {
            if lines.binary_search(&segment.line).is_ok() {
                segment.column += by;
            }
        }
    }

    /// The map as the transcript keeps it.
    pub fn source_map(&self) -> SourceMap {
        let mut map = SourceMap::default();
        for segment in &self.segments {
            map.push(*segment);
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copied_range_keeps_lines_and_columns() {
        let source = MappedText {
            text: "> quoted\nHello there\nBye".into(),
            segments: vec![
                Segment::exact(0, 10, 1),
                Segment::exact(9, 11, 1),
                Segment::exact(21, 12, 1),
            ],
        };
        let mut out = MappedText::default();
        let lines = source.line_ranges();
        out.push_from(&source, 15..20);
        out.push_newline();
        out.push_from(&source, lines[2].clone());
        assert_eq!(out.text, "there\nBye");
        let map = out.source_map();
        assert_eq!(map.locate(&out.text, 0), (11, 7));
        assert_eq!(map.locate(&out.text, 6), (12, 1));
        assert_eq!(map.locate(&out.text, 8), (12, 3));
    }

    #[test]
    fn an_anchored_text_maps_everything_to_its_start() {
        let text = MappedText::anchored("one\ntwo".into(), 7, 1);
        let mut out = MappedText::default();
        out.push_from(&text, 4..7);
        assert_eq!(out.source_map().locate(&out.text, 2), (7, 1));
    }
}
