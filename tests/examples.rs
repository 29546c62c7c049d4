//! Every example of every rule in every embedded pack: `fire` examples must
//! raise their rule and `pass` examples must not; every rule needs at least
//! five of each in every language where it applies.

use couth::Engine;
use couth::rules::examples::{Scope, run};

#[test]
fn every_example_of_every_pack_behaves() {
    let engine = Engine::embedded().expect("embedded packs compile");
    let report = run(
        &engine,
        &Scope {
            sources: Vec::new(),
            require_complete: true,
            minimum: 5,
        },
    );
    let failures: Vec<String> = report.failures.iter().map(|f| f.to_string()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} examples failed:\n{}",
        failures.len(),
        report.examples,
        failures.join("\n")
    );
    assert!(report.examples > 1000, "only {} examples", report.examples);
}

#[test]
fn the_shipped_languages_are_all_there() {
    let engine = Engine::embedded().unwrap();
    let languages: Vec<&str> = engine
        .rules()
        .packs
        .iter()
        .map(|p| p.language.as_str())
        .collect();
    for language in ["en", "ru", "sv", "el"] {
        assert!(languages.contains(&language), "no {language} pack");
    }
}
