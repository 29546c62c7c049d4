//! Chat logs: one message per speaker line, continuation lines below.
//!
//! ```text
//! [10:02] Agent (Maria): Hello! How can I help?
//! [10:03] Customer: My parcel is late.
//!   It was due on Monday.
//! ```
//!
//! A line opens a message when its label is a known speaker label (any
//! pack's `[labels]`, or `Name (Label)` / `Label (Name)`), or when it starts
//! with a timestamp (then an unknown label is a speaker name of unknown role,
//! unless that name spoke before with a known role). Other lines continue the
//! message above; lines before the first speaker line are a preamble and are
//! not checked. A file with no speaker line at all is one agent message (a
//! draft). A line that is only a `# couth-ignore…` comment is a suppression
//! (see [`super::suppress`]), not text.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::{suppress, time};
use crate::engine::LabelSet;
use crate::transcript::{InputKind, Message, Role, Segment, SourceMap, Transcript};

static SPEAKER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^
        (?P<lead>\s*)
        (?: \[ (?P<bts>[^\]]{1,40}) \] \s*
          | (?P<ts>(?:\d{4}-\d{2}-\d{2}[\sT]|\d{1,2}\.\d{1,2}\.\d{4}\s)?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?) \s+
        )?
        (?P<label>[^\s:\[\]()][^:\[\]()\n]{0,39}?)
        \s* (?: \( (?P<paren>[^()\n]{1,60}) \) \s* )?
        : (?:[\t\ ]+|$)
        ",
    )
    .expect("valid speaker-line regex")
});

/// Parses a chat log.
pub fn parse(path: &Arc<str>, text: &str, labels: &LabelSet) -> Transcript {
    let mut transcript = Transcript::new(path.clone(), InputKind::Chat);
    // A map, not a list: a log whose parentheses hold a different name on
    // every line (a ticket number, a time) would make a list quadratic.
    let mut known_speakers: HashMap<String, Role> = HashMap::new();
    let mut current: Option<Builder> = None;
    let mut previous_time: Option<i64> = None;
    let mut day_offset = 0i64;
    let mut any_speaker = false;
    for (index, line) in text.split('\n').enumerate() {
        let line_number = index as u32 + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(directive) = suppress::parse_comment(line) {
            let column = line.len() - line.trim_start().len();
            let column = line[..column].chars().count() as u32 + 1;
            transcript
                .suppressions
                .push(suppress::suppression(directive, line_number, column));
            continue;
        }
        if let Some(speaker) = speaker_line(line, labels, &known_speakers) {
            any_speaker = true;
            if let Some(done) = current.take() {
                transcript.messages.push(done.finish());
            }
            if let (Some(name), role) = (&speaker.name, speaker.role)
                && role != Role::Unknown
                && !known_speakers.contains_key(name)
            {
                known_speakers.insert(name.clone(), role);
            }
            let mut timestamp = speaker.stamp.map(|s| s.seconds);
            if let (Some(stamp), Some(ts)) = (speaker.stamp, timestamp)
                && !stamp.has_date
            {
                // A bare time of day that goes back by hours has passed midnight.
                if previous_time.is_some_and(|p| ts + day_offset < p - 12 * 3600) {
                    day_offset += 86_400;
                }
                timestamp = Some(ts + day_offset);
            }
            if timestamp.is_some() {
                previous_time = timestamp;
            }
            let body = &line[speaker.text_start..];
            let column = line[..speaker.text_start].chars().count() as u32 + 1;
            current = Some(Builder::new(
                speaker.role,
                speaker.name,
                timestamp,
                body,
                line_number,
                column,
            ));
        } else if let Some(builder) = current.as_mut() {
            builder.continue_with(line, line_number);
        }
    }
    if let Some(done) = current.take() {
        transcript.messages.push(done.finish());
    }
    if !any_speaker && !text.trim().is_empty() {
        transcript.kind = InputKind::Draft;
        let start = text.len() - text.trim_start().len();
        let lead = &text[..start];
        let line = lead.matches('\n').count() as u32 + 1;
        let column = lead.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
        transcript.messages.push(Message::new(
            Role::Agent,
            text[start..].trim_end().to_string(),
            line,
            column,
        ));
    }
    transcript
}

struct SpeakerLine {
    role: Role,
    name: Option<String>,
    stamp: Option<time::Stamp>,
    text_start: usize,
}

fn speaker_line(
    line: &str,
    labels: &LabelSet,
    known: &HashMap<String, Role>,
) -> Option<SpeakerLine> {
    // Every speaker line has a colon; most other lines have none, and a
    // draft without one never needs the regex compiled.
    if !line.contains(':') {
        return None;
    }
    let caps = SPEAKER_LINE.captures(line)?;
    let stamp_text = caps.name("bts").or(caps.name("ts"));
    let stamp = stamp_text.and_then(|m| time::parse(m.as_str()));
    let label = caps.name("label")?.as_str().trim();
    let paren = caps.name("paren").map(|m| m.as_str().trim());
    let text_start = caps.get(0)?.end();
    let (role, name) = match (labels.role(label), paren.and_then(|p| labels.role(p))) {
        (Some(role), _) => (role, paren.map(str::to_string)),
        (None, Some(role)) => (role, Some(label.to_string())),
        (None, None) => {
            let known_role = known.get(label).copied();
            match known_role {
                Some(role) => (role, Some(label.to_string())),
                // An unknown label opens a message only after a timestamp, and
                // only when it looks like a name (at most three words).
                None if stamp_text.is_some() && label.split_whitespace().count() <= 3 => {
                    (Role::Unknown, Some(label.to_string()))
                }
                None => return None,
            }
        }
    };
    Some(SpeakerLine {
        role,
        name,
        stamp,
        text_start,
    })
}

struct Builder {
    message: Message,
}

impl Builder {
    fn new(
        role: Role,
        speaker: Option<String>,
        timestamp: Option<i64>,
        body: &str,
        line: u32,
        column: u32,
    ) -> Builder {
        let mut source = SourceMap::default();
        source.push(Segment::exact(0, line, column));
        Builder {
            message: Message {
                role,
                speaker,
                timestamp,
                text: body.to_string(),
                source,
            },
        }
    }

    fn continue_with(&mut self, line: &str, line_number: u32) {
        let m = &mut self.message;
        m.text.push('\n');
        m.source.push(Segment::exact(m.text.len(), line_number, 1));
        m.text.push_str(line);
    }

    fn finish(mut self) -> Message {
        let trimmed = self.message.text.trim_end().len();
        self.message.text.truncate(trimmed);
        self.message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> LabelSet {
        let mut l = LabelSet::default();
        l.insert("Agent", Role::Agent);
        l.insert("Customer", Role::Customer);
        l.insert("Оператор", Role::Agent);
        l.insert("Kund", Role::Customer);
        l
    }

    fn parse_text(text: &str) -> Transcript {
        parse(&Arc::from("t.txt"), text, &labels())
    }

    #[test]
    fn speaker_lines_timestamps_and_continuations() {
        let t = parse_text(
            "Chat export\n[10:02] Agent (Maria): Hello!\n[10:03] Customer: My parcel\n  is late.\n\n2024-03-01 10:09 Оператор: Понимаю.\nKund: Tack\n",
        );
        assert_eq!(t.messages.len(), 4);
        let m = &t.messages[0];
        assert_eq!(
            (m.role, m.speaker.as_deref(), m.timestamp),
            (Role::Agent, Some("Maria"), Some(36_120))
        );
        assert_eq!(m.text, "Hello!");
        assert_eq!(m.source.locate(&m.text, 0), (2, 24));
        let c = &t.messages[1];
        assert_eq!(c.text, "My parcel\n  is late.");
        let late = c.text.find("late").unwrap();
        assert_eq!(c.source.locate(&c.text, late), (4, 6));
        assert_eq!(t.messages[2].role, Role::Agent);
        assert!(t.messages[2].timestamp.unwrap() > 1_700_000_000);
        assert_eq!(t.messages[3].role, Role::Customer);
    }

    #[test]
    fn unknown_labels_need_a_timestamp_and_names_keep_their_role() {
        let t = parse_text(
            "[09:00] Maria (Agent): Hi\nNote: not a speaker\n[09:01] Bob: hello\n[09:02] Maria: Sure",
        );
        assert_eq!(t.messages.len(), 3);
        assert_eq!(t.messages[0].text, "Hi\nNote: not a speaker");
        assert_eq!(t.messages[1].role, Role::Unknown);
        assert_eq!(t.messages[2].role, Role::Agent);
    }

    #[test]
    fn midnight_rolls_over() {
        let t = parse_text("[23:58] Customer: hi\n[00:03] Agent: hello");
        assert_eq!(
            t.messages[1].timestamp.unwrap() - t.messages[0].timestamp.unwrap(),
            300
        );
    }

    #[test]
    fn urls_are_not_labels_and_a_file_without_speakers_is_a_draft() {
        let t = parse_text("\n  See https://example.com for details.\n");
        assert_eq!(t.kind, InputKind::Draft);
        assert_eq!(t.messages.len(), 1);
        assert_eq!(t.messages[0].role, Role::Agent);
        assert_eq!(t.messages[0].source.locate(&t.messages[0].text, 0), (2, 3));
    }
}
