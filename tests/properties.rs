//! Property tests: arbitrary text and arbitrary bytes through every reader,
//! the normaliser and the engine. Whatever the input: no panic, every
//! position a finding reports lies inside the file, every snippet range lies
//! inside its text, and the findings do not depend on the thread count.
//!
//! Case counts are modest so that the suite stays fast; raise them for a
//! longer hunt with `PROPTEST_CASES=5000 cargo test --test properties`.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use couth::batch::{self, BatchOptions};
use couth::input::{self, Format, ReadOptions};
use couth::lang::normalize;
use couth::{Engine, Finding, InputKind, Message, Role, Transcript};
use proptest::prelude::*;

/// `cases` cases, or `PROPTEST_CASES` when it is set; failures are not
/// written to files (the shrunk input is in the test's output).
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::embedded().expect("the embedded packs compile"))
}

// Readers in other branches add fields to ReadOptions; the update syntax
// keeps this test compiling whatever they add.
#[allow(clippy::needless_update)]
fn read_options() -> ReadOptions {
    ReadOptions {
        labels: engine().labels().clone(),
        ..ReadOptions::default()
    }
}

/// Words and pieces that exercise the packs, the scripts the normaliser
/// folds, the speaker-line and suppression syntax, and Unicode corners.
const PIECES: &[&str] = &[
    "Please be advised",
    "please be advised that",
    "ETA",
    "RMA",
    "SLA",
    "company policy",
    "calm down",
    "obviously",
    "as I already said",
    "not my department",
    "{{first_name}}",
    "%CUSTOMER%",
    "[NAME]",
    "Hello",
    "Hi,",
    "Thank you",
    "thanks",
    "Anything else I can help with?",
    "I'm Maria.",
    "order number?",
    "card number and CVV",
    "Vi beklagar eventuella besvär",
    "Hej",
    "Tack",
    "vänligen inkom",
    "Здравствуйте",
    "Спасибо",
    "ты",
    "не представляется возможным",
    "Ёлка",
    "е\u{0308}",
    "Καλημέρα",
    "ευχαριστουμε",
    "ΕΥΧΑΡΙΣΤΟΎΜΕ",
    "σας",
    "ΐ",
    "Σ",
    "\u{0345}",
    "a\u{030A}",
    "I\u{0307}",
    "\u{0130}",
    "ß",
    "ẞ",
    "ﬁ",
    "ＡＢ",
    "\u{212B}",
    "\u{1E9B}\u{0323}",
    "😀",
    "👩\u{200D}👩\u{200D}👧",
    "\u{FEFF}",
    "\u{00A0}",
    "\u{2028}",
    "\u{0301}\u{0308}",
    "’",
    "\"",
    "«",
    "»",
    "“",
    "„",
    "…",
    ".",
    "!",
    "?",
    "# couth-ignore: jargon",
    "<!-- couth-ignore-next-line -->",
    "[10:02] Agent (Maria): ",
    "10:05 Customer: ",
    "Customer: ",
    "Kund: ",
    "Оператор: ",
    "Πελάτης: ",
    "Agent:",
    "[",
    "]",
    "(",
    ")",
    ":",
];

const SEPARATORS: &[&str] = &[" ", " ", " ", "  ", "\n", "\r\n", "\t", "\n\n", "\r", ""];

/// Text built from [`PIECES`], arbitrary strings and separators.
fn mixed_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[a-zA-Zа-яА-ЯёΑ-Ωα-ωάέίόύώ ,.!?']{1,20}",
    ];
    let part = (piece, proptest::sample::select(SEPARATORS))
        .prop_map(|(piece, separator)| format!("{piece}{separator}"));
    proptest::collection::vec(part, 0..40).prop_map(|parts| parts.concat())
}

/// A chat log: speaker lines with mixed text, continuation lines.
fn chat_log() -> impl Strategy<Value = String> {
    let label = proptest::sample::select(
        &[
            "[10:00] Customer: ",
            "[10:09] Agent (Maria): ",
            "Agent: ",
            "Customer: ",
            "Kund: ",
            "Оператор: ",
            "  ",
            "",
        ][..],
    );
    proptest::collection::vec((label, mixed_text()), 0..8).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(label, text)| format!("{label}{text}\n"))
            .collect()
    })
}

/// Arbitrary bytes, some of them text-like with invalid UTF-8 and NULs.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..600),
        (
            chat_log(),
            proptest::collection::vec(any::<u8>(), 0..8),
            any::<usize>()
        )
            .prop_map(|(text, noise, at)| {
                let mut bytes = text.into_bytes();
                let at = if bytes.is_empty() {
                    0
                } else {
                    at % bytes.len()
                };
                bytes.splice(at..at, noise);
                bytes
            }),
    ]
}

/// The lines of a file as a reader may count them: `(byte length, char
/// length)` of each, `\r` included.
fn file_lines(bytes: &[u8]) -> Vec<(usize, usize)> {
    bytes
        .split(|&b| b == b'\n')
        .map(|line| (line.len(), String::from_utf8_lossy(line).chars().count()))
        .collect()
}

/// Asserts that `line`:`column` lies inside the file: the line exists, and
/// the column is at most one past the line's end (in characters when the
/// file is UTF-8, else in bytes, which bounds any single-byte or UTF-16
/// decoding).
fn assert_inside(what: &str, lines: &[(usize, usize)], utf8: bool, line: u32, column: u32) {
    assert!(
        line >= 1 && column >= 1,
        "{what}: {line}:{column} is not 1-based"
    );
    let Some(&(bytes, chars)) = lines.get(line as usize - 1) else {
        panic!(
            "{what}: line {line} is past the file's {} lines",
            lines.len()
        );
    };
    let length = if utf8 { chars } else { bytes };
    assert!(
        column as usize <= length + 1,
        "{what}: column {column} is past the end of line {line} ({length} long)"
    );
}

fn assert_finding_inside(f: &Finding, lines: &[(usize, usize)], utf8: bool) {
    assert_inside("finding start", lines, utf8, f.line, f.column);
    assert_inside("finding end", lines, utf8, f.end_line, f.end_column);
    assert!(
        (f.line, f.column) <= (f.end_line, f.end_column),
        "finding ends before it starts: {f:?}"
    );
    let s = &f.snippet;
    assert!(
        s.start <= s.end && s.end <= s.text.len(),
        "snippet range {}..{} outside its text of {} bytes",
        s.start,
        s.end,
        s.text.len()
    );
    assert!(s.text.is_char_boundary(s.start) && s.text.is_char_boundary(s.end));
    if !s.text.is_empty() {
        assert_inside("snippet", lines, utf8, s.line, s.column);
    }
}

/// Reads `bytes` in every format, checks what was read, and checks every
/// position a message or finding maps to.
fn read_everything(bytes: &[u8]) {
    let path: Arc<str> = Arc::from("input");
    let lines = file_lines(bytes);
    let utf8 = std::str::from_utf8(bytes).is_ok();
    for &format in Format::ALL {
        let parsed = input::read(&path, bytes, format, &read_options());
        for error in &parsed.errors {
            assert_eq!(error.path, "input");
            if let Some(line) = error.line {
                assert!(
                    line >= 1 && line as usize <= lines.len(),
                    "{format}: error at line {line} of {} lines: {error}",
                    lines.len()
                );
            }
        }
        for transcript in &parsed.transcripts {
            for message in &transcript.messages {
                for offset in (0..=message.text.len()).filter(|&i| message.text.is_char_boundary(i))
                {
                    let (line, column) = message.source.locate(&message.text, offset);
                    assert_inside(&format!("{format} message"), &lines, utf8, line, column);
                }
            }
            for finding in engine().check(transcript) {
                assert_finding_inside(&finding, &lines, utf8);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn every_reader_survives_arbitrary_bytes(bytes in bytes()) {
        read_everything(&bytes);
    }

    #[test]
    fn every_reader_survives_arbitrary_text(text in prop_oneof![chat_log(), mixed_text()]) {
        read_everything(text.as_bytes());
    }

    #[test]
    fn engine_positions_stay_inside_arbitrary_messages(
        messages in proptest::collection::vec((any::<bool>(), mixed_text()), 1..5),
        template in any::<bool>(),
    ) {
        // A file of the messages one after another, each from its own line.
        let mut transcript = Transcript::new("draft", InputKind::Chat);
        transcript.template = template;
        let mut file = String::new();
        for (agent, text) in &messages {
            let line = file.matches('\n').count() as u32 + 1;
            let role = if *agent { Role::Agent } else { Role::Customer };
            transcript.messages.push(Message::new(role, text.clone(), line, 1));
            file.push_str(text);
            file.push('\n');
        }
        let lines = file_lines(file.as_bytes());
        for finding in engine().check(&transcript) {
            assert_finding_inside(&finding, &lines, true);
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn normalised_offsets_map_to_char_boundaries_in_order(
        text in prop_oneof![mixed_text(), any::<String>()],
    ) {
        let normalized = normalize(&text);
        let mut previous = 0;
        for i in 0..=normalized.text.len() {
            let original = normalized.original(i);
            prop_assert!(original <= text.len(), "offset {i} maps past the end: {original}");
            prop_assert!(
                text.is_char_boundary(original),
                "offset {i} maps inside a character: {original} in {text:?}"
            );
            prop_assert!(
                original >= previous,
                "offset {i} maps back from {previous} to {original} in {text:?}"
            );
            previous = original;
        }
        prop_assert_eq!(normalized.original(normalized.text.len()), text.len());
    }
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn findings_do_not_depend_on_the_thread_count(
        files in proptest::collection::vec(prop_oneof![chat_log().prop_map(String::into_bytes), bytes()], 1..10),
    ) {
        let dir = tempfile::tempdir().unwrap();
        for (i, bytes) in files.iter().enumerate() {
            std::fs::write(dir.path().join(format!("t{i:02}.txt")), bytes).unwrap();
        }
        let paths = vec![PathBuf::from(dir.path())];
        let options = BatchOptions {
            read: read_options(),
            ..BatchOptions::default()
        };
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| batch::check_paths(engine(), &paths, &options))
        };
        let one = run(1);
        let four = run(4);
        prop_assert_eq!(&one.files, &four.files);
        prop_assert_eq!(&one.findings, &four.findings);
        prop_assert_eq!(&one.errors, &four.errors);
        for i in 0..files.len() {
            let path = dir.path().join(format!("t{i:02}.txt")).display().to_string();
            prop_assert!(
                one.files.contains(&path) || one.errors.iter().any(|e| e.path == path),
                "{} was neither checked nor named in an error", path
            );
        }
    }
}
