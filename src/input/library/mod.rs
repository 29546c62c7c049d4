//! Canned-response libraries: one response per Markdown (or front-matter
//! text) file, or many named responses in a YAML or JSON macro list. Each
//! response becomes its own [`Transcript`]: one agent message, a `section`
//! (opener, body, closing) so opening and closing rules apply where they
//! fit, and `template: true` so placeholders are expected.

pub mod macros;
pub mod markdown;
pub mod suppress;
pub mod yaml;

use std::path::Path;
use std::sync::Arc;

use super::{Parsed, ReadOptions};
use crate::input::tree::Text;
use crate::transcript::{Channel, InputKind, Message, Role, Section, Suppression, Transcript};

/// One canned response, as a reader found it.
#[derive(Clone, Debug)]
pub struct Response {
    pub name: String,
    pub section: Section,
    pub language: Option<String>,
    pub channel: Channel,
    pub text: Text,
    pub suppressions: Vec<Suppression>,
}

impl Response {
    /// The response as a transcript of one agent message.
    pub fn into_transcript(self, path: &Arc<str>) -> Transcript {
        let mut transcript = Transcript::new(path.clone(), InputKind::Library);
        transcript.name = Some(self.name);
        transcript.section = Some(self.section);
        transcript.template = true;
        transcript.language = self.language;
        transcript.channel = self.channel;
        transcript.suppressions = self.suppressions;
        transcript.messages.push(Message {
            role: Role::Agent,
            speaker: None,
            timestamp: None,
            text: self.text.text,
            source: self.text.source,
        });
        transcript
    }
}

/// Reads a library file named by `--input-format library`: `.yaml`/`.yml`
/// and `.json` names (or content starting with `{`/`[`) are macro lists,
/// anything else is one response.
pub fn read(path: &Arc<str>, text: &str, options: &ReadOptions, parsed: &mut Parsed) {
    let extension = Path::new(path.as_ref())
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let starts_like_json = matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['));
    match extension.as_str() {
        "yaml" | "yml" => yaml::read(path, text, options, parsed),
        "json" => macros::read_json(path, text, options, parsed),
        _ if starts_like_json => macros::read_json(path, text, options, parsed),
        _ => markdown::read(path, text, options, parsed),
    }
}

/// The section a group or field name stands for: `opener`, `openers`,
/// `greetings`, `salutation`; `closing`, `signatures`, `sign-off`; `body`.
pub fn section_name(name: &str) -> Option<Section> {
    let lower = name.trim().to_lowercase();
    let singular = match lower.as_str() {
        "bodies" => "body",
        other => other.strip_suffix('s').unwrap_or(other),
    };
    Section::parse(singular).or(match singular {
        "salutation" | "welcome" | "hello" => Some(Section::Opener),
        "signature" | "farewell" | "goodbye" | "closure" => Some(Section::Closing),
        _ => None,
    })
}

/// `en-US` → `en`.
pub fn language_code(code: &str) -> Option<String> {
    let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (!primary.is_empty()).then_some(primary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_names() {
        assert_eq!(section_name("Openers"), Some(Section::Opener));
        assert_eq!(section_name("salutation"), Some(Section::Opener));
        assert_eq!(section_name("signatures"), Some(Section::Closing));
        assert_eq!(section_name("bodies"), Some(Section::Body));
        assert_eq!(section_name("auto_response"), None);
        assert_eq!(language_code("sv-SE").as_deref(), Some("sv"));
    }
}
