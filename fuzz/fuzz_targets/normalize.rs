//! Text → `normalize`: every normalised offset maps to a char boundary of
//! the original, in order, and the end maps to the end.
#![no_main]

use couth::lang::normalize;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let normalized = normalize(text);
    let mut previous = 0;
    for i in 0..=normalized.text.len() {
        let original = normalized.original(i);
        assert!(original <= text.len());
        assert!(
            text.is_char_boundary(original),
            "{i} → {original} in {text:?}"
        );
        assert!(
            original >= previous,
            "{i} → {original} < {previous} in {text:?}"
        );
        previous = original;
    }
    assert_eq!(normalized.original(normalized.text.len()), text.len());
});
