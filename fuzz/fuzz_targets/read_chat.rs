//! Bytes → the chat reader → the engine: no panic, every position inside
//! the file.
#![no_main]

use std::sync::Arc;

use couth::input::{self, Format};
use libfuzzer_sys::fuzz_target;

include!("common.rs");

fuzz_target!(|bytes: &[u8]| {
    let path: Arc<str> = Arc::from("fuzz.txt");
    let parsed = input::read(&path, bytes, Format::Chat, &read_options());
    check_transcripts(bytes, &parsed.transcripts);
});
