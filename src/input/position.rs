//! Byte offsets of a text → 1-based lines and character columns.

/// Turns byte offsets into lines and columns. Offsets asked for in
/// increasing order (as a parser meets them) cost amortised constant time;
/// going backwards rescans from the start of the text.
#[derive(Clone, Debug)]
pub struct Positions<'a> {
    text: &'a str,
    first_line: u32,
    first_column: u32,
    /// The last position asked for: its line, byte offset and column.
    line: u32,
    offset: usize,
    column: u32,
}

impl<'a> Positions<'a> {
    /// Positions in `text`, whose first byte stands at `first_line`:`first_column`
    /// of the file (a JSON Lines line is one text starting at column 1).
    pub fn new(text: &'a str, first_line: u32, first_column: u32) -> Positions<'a> {
        Positions {
            text,
            first_line,
            first_column,
            line: first_line,
            offset: 0,
            column: first_column,
        }
    }

    /// The line and column of byte `offset` (clamped to the text).
    pub fn at(&mut self, offset: usize) -> (u32, u32) {
        let offset = crate::transcript::floor_char_boundary(self.text, offset);
        if offset < self.offset {
            self.line = self.first_line;
            self.offset = 0;
            self.column = self.first_column;
        }
        let bytes = self.text.as_bytes();
        for &b in &bytes[self.offset..offset] {
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.column += 1;
            }
        }
        self.offset = offset;
        (self.line, self.column)
    }

    /// The 1-based line of byte `offset`.
    pub fn line(&mut self, offset: usize) -> u32 {
        self.at(offset).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_character_columns() {
        let text = "ab\nпривет x\n\nz";
        let mut p = Positions::new(text, 1, 1);
        assert_eq!(p.at(0), (1, 1));
        assert_eq!(p.at(1), (1, 2));
        assert_eq!(p.at(text.find('x').unwrap()), (2, 8));
        assert_eq!(p.at(text.find('z').unwrap()), (4, 1));
        assert_eq!(p.at(1), (1, 2));
    }

    #[test]
    fn a_text_can_start_inside_a_file() {
        let mut p = Positions::new("ab\ncd", 7, 5);
        assert_eq!(p.at(1), (7, 6));
        assert_eq!(p.at(4), (8, 2));
    }
}
