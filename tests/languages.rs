//! Languages: detection of short agent messages in every shipped language,
//! normalisation as matching sees it, mixed-language conversations, and a
//! language added as one pack file.

use std::path::Path;
use std::sync::Arc;

use couth::engine::Settings;
use couth::input::{Format, ReadOptions};
use couth::{Engine, RuleSet};

fn engine() -> Engine {
    Engine::embedded().expect("embedded packs")
}

#[test]
fn short_agent_messages_are_detected_in_every_shipped_language() {
    let engine = engine();
    let cases = [
        ("en", "Thanks for waiting, your refund is on the way."),
        ("en", "Could you send me a photo of the label?"),
        ("sv", "Tack för att du väntade, jag kollar det nu."),
        ("sv", "Jag förstår, det är inte okej."),
        ("ru", "Спасибо, что подождали!"),
        ("ru", "Сейчас проверю заказ."),
        ("el", "Ευχαριστούμε για την υπομονή σας."),
        ("el", "Θα το ελέγξω αμέσως."),
    ];
    for (language, text) in cases {
        assert_eq!(engine.detect_language(text), Some(language), "{text}");
    }
}

#[test]
fn normalisation_matches_across_case_accents_and_yo() {
    use couth::lang::normalize;
    assert_eq!(
        normalize("Ευχαριστούμε").text,
        normalize("ΕΥΧΑΡΙΣΤΟΎΜΕ").text
    );
    assert_eq!(
        normalize("ευχαριστουμε").text,
        normalize("Ευχαριστούμε").text
    );
    assert_eq!(normalize("Всё решено").text, normalize("все решено").text);
    // Swedish letters are letters, not accents.
    assert_ne!(normalize("får").text, normalize("far").text);
}

fn check_text(engine: &Engine, text: &str) -> Vec<couth::Finding> {
    let path: Arc<str> = Arc::from("chat.txt");
    let read = ReadOptions {
        labels: engine.labels().clone(),
        ..ReadOptions::default()
    };
    couth::batch::check_bytes(engine, &path, text.as_bytes(), Format::Chat, &read).findings
}

#[test]
fn a_phrase_matches_with_or_without_greek_accents_and_in_capitals() {
    let engine = engine();
    for text in [
        "Λυπούμαστε για την όποια ταλαιπωρία.",
        "ΛΥΠΟΥΜΑΣΤΕ ΓΙΑ ΤΗΝ ΟΠΟΙΑ ΤΑΛΑΙΠΩΡΙΑ.",
    ] {
        let findings = check_text(&engine, &format!("Εκπρόσωπος: Καλημέρα σας! {text}\n"));
        let scripted: Vec<_> = findings
            .iter()
            .filter(|f| &*f.rule == "scripted-phrase")
            .collect();
        assert_eq!(scripted.len(), 1, "{text}: {findings:?}");
        assert_eq!((scripted[0].line, scripted[0].column), (1, 38), "{text}");
        assert_eq!(&*scripted[0].language, "el");
    }
}

#[test]
fn a_mixed_conversation_is_read_message_by_message() {
    let engine = engine();
    let chat = "[10:00] Kund: Hej, mitt paket har fortfarande inte kommit och jag är jättearg.\n\
                [10:01] Agent: Hi! Please be advised that your parcel is with the courier.\n";
    let findings = check_text(&engine, chat);
    let advised = findings
        .iter()
        .find(|f| &*f.rule == "bureaucratese")
        .expect("English bureaucratese");
    assert_eq!(&*advised.language, "en");
    assert_eq!((advised.line, advised.column), (2, 20));
}

#[test]
fn a_language_added_as_one_pack_file_is_detected_loaded_and_used() {
    let mut set = RuleSet::embedded().unwrap();
    set.add_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/packs/de"))
        .unwrap();
    let engine = Engine::new(set, Settings::default()).unwrap();
    assert_eq!(
        engine.detect_language("Das geht leider nicht, tut mir leid."),
        Some("de")
    );
    let chat = "[09:00] Kunde: Mein Paket ist nicht da.\n[09:03] Kundendienst (Jonas): Guten Tag! Ich habe das Ticket eskaliert.\n";
    let findings = check_text(&engine, chat);
    let jargon: Vec<(u32, u32, &str)> = findings
        .iter()
        .filter(|f| &*f.rule == "jargon")
        .map(|f| (f.line, f.column, &*f.language))
        .collect();
    assert_eq!(jargon, vec![(2, 55, "de"), (2, 62, "de")]);
    assert_eq!(
        findings
            .iter()
            .find(|f| &*f.rule == "jargon")
            .unwrap()
            .suggestion
            .as_deref(),
        Some("Ihre Anfrage")
    );
    assert_eq!(
        findings
            .iter()
            .find(|f| &*f.rule == "jargon")
            .unwrap()
            .speaker
            .as_deref(),
        Some("Jonas")
    );
}
