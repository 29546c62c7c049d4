// Shared by the fuzz targets (included with `include!`): the embedded engine
// built once, and the checks every target makes on what it read.

use std::sync::OnceLock;

use couth::input::ReadOptions;
use couth::{Engine, Finding, Transcript};

#[allow(dead_code)]
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::embedded().expect("the embedded packs compile"))
}

#[allow(clippy::needless_update, dead_code)]
fn read_options() -> ReadOptions {
    ReadOptions {
        labels: engine().labels().clone(),
        ..ReadOptions::default()
    }
}

/// `(bytes, chars)` of each line of the file, `\r` included.
#[allow(dead_code)]
fn file_lines(bytes: &[u8]) -> Vec<(usize, usize)> {
    bytes
        .split(|&b| b == b'\n')
        .map(|line| (line.len(), String::from_utf8_lossy(line).chars().count()))
        .collect()
}

#[allow(dead_code)]
fn assert_inside(lines: &[(usize, usize)], utf8: bool, line: u32, column: u32) {
    assert!(line >= 1 && column >= 1, "{line}:{column} is not 1-based");
    let (bytes, chars) = lines[line as usize - 1];
    let length = if utf8 { chars } else { bytes };
    assert!(
        column as usize <= length + 1,
        "column {column} past line {line} ({length})"
    );
}

#[allow(dead_code)]
fn check_finding(f: &Finding, lines: &[(usize, usize)], utf8: bool) {
    assert_inside(lines, utf8, f.line, f.column);
    assert_inside(lines, utf8, f.end_line, f.end_column);
    assert!((f.line, f.column) <= (f.end_line, f.end_column));
    let s = &f.snippet;
    assert!(s.start <= s.end && s.end <= s.text.len());
    assert!(s.text.is_char_boundary(s.start) && s.text.is_char_boundary(s.end));
}

/// Checks what a reader made of `bytes`: every message position and every
/// finding inside the file.
#[allow(dead_code)]
fn check_transcripts(bytes: &[u8], transcripts: &[Transcript]) {
    let lines = file_lines(bytes);
    let utf8 = std::str::from_utf8(bytes).is_ok();
    for transcript in transcripts {
        for message in &transcript.messages {
            let mut cursor = couth::transcript::Cursor::default();
            for offset in (0..=message.text.len()).filter(|&i| message.text.is_char_boundary(i)) {
                let (line, column) = message
                    .source
                    .locate_with(&message.text, offset, &mut cursor);
                assert_inside(&lines, utf8, line, column);
            }
        }
        for finding in engine().check(transcript) {
            check_finding(&finding, &lines, utf8);
        }
    }
}
