//! Bytes → every reader (`Format::ALL`) → the engine: no panic, every
//! position inside the file, every error line inside the file. The first
//! byte picks the format, so the fuzzer can steer towards each reader.
#![no_main]

use std::sync::Arc;

use couth::input::{self, Format};
use libfuzzer_sys::fuzz_target;

include!("common.rs");

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let format = Format::ALL[pick as usize % Format::ALL.len()];
    let path: Arc<str> = Arc::from("fuzz");
    let parsed = input::read(&path, bytes, format, &read_options());
    let lines = bytes.split(|&b| b == b'\n').count();
    for error in &parsed.errors {
        if let Some(line) = error.line {
            assert!(line >= 1 && line as usize <= lines, "{format}: {error}");
        }
    }
    check_transcripts(bytes, &parsed.transcripts);
});
