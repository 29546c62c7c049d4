//! Splitting an mbox into its messages while reading it line by line.
//!
//! A message starts after a `From ` line that follows a blank line (or
//! comes before any message); body lines that were escaped as `>From ` (or `>>From `, …)
//! lose one `>`. Only the message being read is held in memory.

use std::io::{self, BufRead};

/// One message of an mbox, as raw bytes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RawMail {
    pub bytes: Vec<u8>,
    /// The file line of the message's first header line.
    pub first_line: u32,
    /// File lines whose leading `>` was removed (their columns in the file
    /// are one more than in `bytes`).
    pub unescaped_lines: Vec<u32>,
}

/// Lines before the first `From ` line that are not blank: not part of any
/// message.
#[derive(Debug, PartialEq, Eq)]
pub struct Stray {
    pub line: u32,
}

/// An iterator over the messages of an mbox read from `reader`.
pub struct MboxSplitter<R> {
    reader: R,
    line: u32,
    previous_blank: bool,
    current: Option<RawMail>,
    stray: Option<Stray>,
    buffer: Vec<u8>,
    done: bool,
}

impl<R: BufRead> MboxSplitter<R> {
    pub fn new(reader: R) -> MboxSplitter<R> {
        MboxSplitter {
            reader,
            line: 0,
            previous_blank: true,
            current: None,
            stray: None,
            buffer: Vec::with_capacity(256),
            done: false,
        }
    }

    /// The first line of text found before any `From ` line, if any.
    pub fn stray(&self) -> Option<&Stray> {
        self.stray.as_ref()
    }
}

/// Whether `line` is an mbox `From ` separator.
pub fn is_separator(line: &[u8]) -> bool {
    line.starts_with(b"From ")
}

/// Whether `line` is an escaped body line (`>From `, `>>From `, …).
fn is_escaped_from(line: &[u8]) -> bool {
    let quotes = line.iter().take_while(|&&b| b == b'>').count();
    quotes > 0 && line[quotes..].starts_with(b"From ")
}

impl<R: BufRead> Iterator for MboxSplitter<R> {
    type Item = io::Result<RawMail>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            self.buffer.clear();
            match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(0) => {
                    self.done = true;
                    return self.current.take().map(Ok);
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
            self.line += 1;
            let blank = self.buffer.iter().all(|b| b.is_ascii_whitespace());
            if is_separator(&self.buffer) && (self.previous_blank || self.current.is_none()) {
                self.previous_blank = false;
                let next = RawMail {
                    first_line: self.line + 1,
                    ..RawMail::default()
                };
                if let Some(done) = self.current.replace(next) {
                    return Some(Ok(done));
                }
                continue;
            }
            self.previous_blank = blank;
            let Some(current) = self.current.as_mut() else {
                if !blank && self.stray.is_none() {
                    self.stray = Some(Stray { line: self.line });
                }
                continue;
            };
            if is_escaped_from(&self.buffer) {
                current.unescaped_lines.push(self.line);
                current.bytes.extend_from_slice(&self.buffer[1..]);
            } else {
                current.bytes.extend_from_slice(&self.buffer);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (Vec<RawMail>, Option<Stray>) {
        let mut splitter = MboxSplitter::new(text.as_bytes());
        let mails = splitter.by_ref().map(Result::unwrap).collect();
        (mails, splitter.stray)
    }

    #[test]
    fn messages_split_on_from_lines_after_blank_lines() {
        let (mails, stray) = split(
            "From a@b Mon Mar  4 10:00:00 2024\nFrom: a@b\n\nHi\nFrom here on it is body\n\nFrom c@d Tue Mar  5 10:00:00 2024\r\nFrom: c@d\r\n\r\n>From the start\r\n>>From two\r\n",
        );
        assert_eq!(stray, None);
        assert_eq!(mails.len(), 2);
        assert_eq!(mails[0].first_line, 2);
        assert_eq!(
            String::from_utf8_lossy(&mails[0].bytes),
            "From: a@b\n\nHi\nFrom here on it is body\n\n"
        );
        assert_eq!(mails[1].first_line, 8);
        assert_eq!(
            String::from_utf8_lossy(&mails[1].bytes),
            "From: c@d\r\n\r\nFrom the start\r\n>From two\r\n"
        );
        assert_eq!(mails[1].unescaped_lines, [10, 11]);
    }

    #[test]
    fn text_before_the_first_separator_is_stray() {
        let (mails, stray) = split("\nhello\nFrom x Mon Mar  4 10:00:00 2024\nFrom: x\n\nbody\n");
        assert_eq!(mails.len(), 1);
        assert_eq!(stray, Some(Stray { line: 2 }));
    }
}
