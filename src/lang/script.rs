//! The writing systems of the packs' languages (shared with `build.rs`).

use serde::Deserialize;

/// The writing system a pack's language uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
}

impl Script {
    pub fn as_str(self) -> &'static str {
        match self {
            Script::Latin => "latin",
            Script::Cyrillic => "cyrillic",
            Script::Greek => "greek",
        }
    }

    /// A capitalised given name in this script: what a template's
    /// placeholder (`{{agent_name}}`) is read as by the rules a name
    /// satisfies ("I'm {{agent_name}}" introduces the agent).
    pub fn stand_in_name(self) -> &'static str {
        match self {
            Script::Latin => "Alex",
            Script::Cyrillic => "Анна",
            Script::Greek => "Μαρία",
        }
    }
}
