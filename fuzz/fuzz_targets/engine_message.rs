//! Text → agent and customer messages → the engine: no panic, every finding
//! inside the text. Each line of the input is a message; a line starting
//! with `>` is the customer's.
#![no_main]

use couth::{InputKind, Message, Role};
use libfuzzer_sys::fuzz_target;

include!("common.rs");

fuzz_target!(|text: &str| {
    let mut transcript = Transcript::new("fuzz", InputKind::Chat);
    transcript.template = text.starts_with('{');
    for (index, line) in text.split('\n').enumerate() {
        let (role, body, column) = match line.strip_prefix('>') {
            Some(rest) => (Role::Customer, rest, 2),
            None => (Role::Agent, line, 1),
        };
        transcript
            .messages
            .push(Message::new(role, body, index as u32 + 1, column));
    }
    let lines = file_lines(text.as_bytes());
    for finding in engine().check(&transcript) {
        check_finding(&finding, &lines, true);
    }
});
