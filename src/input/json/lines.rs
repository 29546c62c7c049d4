//! JSON Lines, streamed: one line is read, parsed and handed on at a time,
//! so memory does not grow with the file.
//!
//! A line is either a whole conversation (handed on at once) or one message
//! naming its conversation id (`conversation_id`, `ticket_id`, …). Messages
//! are grouped in the file's order:
//!
//! - while the file is grouped (each conversation's lines together), a
//!   conversation is handed on as soon as the id changes: only the open
//!   conversation is held, plus a 64-bit hash of each finished id;
//! - when an id comes back after its conversation was handed on, the file
//!   is interleaved: [`Pass::Interleaved`] asks the caller to start again
//!   with `grouped = false` (discarding what it got), and then every
//!   conversation is held until the end of the file.
//!
//! Messages without a conversation id form one conversation. A line that is
//! not JSON, or not a conversation nor a message, is an error naming its
//! line; the other lines are still read.

use std::collections::HashMap;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::BufRead;
use std::sync::Arc;

use super::parser;
use super::records::{Item, Records};
use crate::error::InputError;
use crate::input::{ReadOptions, Sink};
use crate::transcript::{InputKind, Message};

/// How a pass over the lines ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    Done,
    /// A conversation id came back after its conversation was handed on:
    /// read again with `grouped = false`.
    Interleaved,
}

/// Reads JSON Lines from `reader`, handing conversations to `sink`.
pub fn read(
    path: &Arc<str>,
    mut reader: impl BufRead,
    options: &ReadOptions,
    grouped: bool,
    sink: &mut dyn Sink,
) -> Pass {
    let records = Records {
        path,
        kind: InputKind::Jsonl,
        fields: &options.json,
        labels: &options.labels,
    };
    let mut groups = Groups::new(grouped);
    let mut buffer = Vec::new();
    let mut line_number = 0u32;
    loop {
        buffer.clear();
        match reader.read_until(b'\n', &mut buffer) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                sink.error(InputError::at_line(
                    path.as_ref(),
                    line_number + 1,
                    format!("cannot read further: {e}"),
                ));
                break;
            }
        }
        line_number += 1;
        let mut bytes = buffer.as_slice();
        if line_number == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => {
                sink.error(InputError::at_line(
                    path.as_ref(),
                    line_number,
                    "invalid UTF-8; decoded with replacement characters (convert the file to UTF-8)",
                ));
                String::from_utf8_lossy(bytes)
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        let node = match parser::parse(&text, line_number) {
            Ok(node) => node,
            Err(e) => {
                sink.error(InputError::at_line(
                    path.as_ref(),
                    e.line,
                    format!("{} (column {})", e.message, e.column),
                ));
                continue;
            }
        };
        match records.item(&node) {
            Item::Conversation(t) => {
                if !t.messages.is_empty() {
                    sink.transcript(t);
                }
            }
            Item::Message(message, id) => {
                if groups.add(message, id, &records, sink) == Pass::Interleaved {
                    return Pass::Interleaved;
                }
            }
            Item::Unreadable(why) => {
                let why = why.replace(" at line ", " on line ");
                sink.error(InputError::at_line(path.as_ref(), line_number, why));
            }
        }
    }
    groups.finish(&records, sink);
    Pass::Done
}

/// Messages waiting for the rest of their conversation.
struct Groups {
    grouped: bool,
    /// Grouped files: the open conversation and the hashes of finished ids.
    open: Option<(Option<String>, Vec<Message>)>,
    finished: HashSet<u64>,
    /// Interleaved files: every conversation, in order of first appearance.
    held: Vec<(Option<String>, Vec<Message>)>,
    index: HashMap<Option<String>, usize>,
}

impl Groups {
    fn new(grouped: bool) -> Groups {
        Groups {
            grouped,
            open: None,
            finished: HashSet::new(),
            held: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn add(
        &mut self,
        message: Message,
        id: Option<String>,
        records: &Records,
        sink: &mut dyn Sink,
    ) -> Pass {
        if !self.grouped {
            match self.index.get(&id) {
                Some(&i) => self.held[i].1.push(message),
                None => {
                    self.index.insert(id.clone(), self.held.len());
                    self.held.push((id, vec![message]));
                }
            }
            return Pass::Done;
        }
        if let Some((open_id, messages)) = &mut self.open
            && *open_id == id
        {
            messages.push(message);
            return Pass::Done;
        }
        if let Some((done_id, messages)) = self.open.take() {
            self.finished.insert(hash(&done_id));
            sink.transcript(records.transcript_of(messages, done_id, None));
        }
        if self.finished.contains(&hash(&id)) {
            return Pass::Interleaved;
        }
        self.open = Some((id, vec![message]));
        Pass::Done
    }

    fn finish(self, records: &Records, sink: &mut dyn Sink) {
        for (id, messages) in self.open.into_iter().chain(self.held) {
            sink.transcript(records.transcript_of(messages, id, None));
        }
    }
}

fn hash(id: &Option<String>) -> u64 {
    let mut hasher = DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Parsed as Collect;
    use crate::transcript::Role;

    fn read_all(src: &str) -> Collect {
        let path: Arc<str> = Arc::from("t.jsonl");
        let options = ReadOptions::default();
        let mut sink = Collect::default();
        if read(&path, src.as_bytes(), &options, true, &mut sink) == Pass::Interleaved {
            sink = Collect::default();
            assert_eq!(
                read(&path, src.as_bytes(), &options, false, &mut sink),
                Pass::Done
            );
        }
        sink
    }

    #[test]
    fn one_conversation_per_line_and_bad_lines() {
        let got = read_all(
            "{\"id\": 1, \"messages\": [{\"role\": \"agent\", \"text\": \"Hi\"}]}\n\n{\"messages\": [oops]}\n{\"id\": 3, \"messages\": [{\"role\": \"agent\", \"text\": \"Bye\"}]}\r\n",
        );
        assert_eq!(got.transcripts.len(), 2);
        assert_eq!(got.transcripts[1].name.as_deref(), Some("3"));
        assert_eq!(got.errors.len(), 1);
        assert_eq!(got.errors[0].line, Some(3));
        let m = &got.transcripts[1].messages[0];
        assert_eq!(m.source.locate(&m.text, 0), (4, 51));
    }

    #[test]
    fn grouped_messages_stream_and_interleaved_ones_are_held() {
        let grouped = "{\"ticket_id\": \"a\", \"role\": \"agent\", \"text\": \"1\"}\n{\"ticket_id\": \"a\", \"role\": \"customer\", \"text\": \"2\"}\n{\"ticket_id\": \"b\", \"role\": \"agent\", \"text\": \"3\"}\n";
        let got = read_all(grouped);
        assert_eq!(got.transcripts.len(), 2);
        assert_eq!(got.transcripts[0].messages[1].role, Role::Customer);
        let interleaved = "{\"ticket_id\": \"a\", \"text\": \"1\"}\n{\"ticket_id\": \"b\", \"text\": \"2\"}\n{\"ticket_id\": \"a\", \"text\": \"3\"}\n";
        let path: Arc<str> = Arc::from("t.jsonl");
        let mut sink = Collect::default();
        let first = read(
            &path,
            interleaved.as_bytes(),
            &ReadOptions::default(),
            true,
            &mut sink,
        );
        assert_eq!(first, Pass::Interleaved);
        let got = read_all(interleaved);
        assert_eq!(got.transcripts.len(), 2);
        let texts: Vec<&str> = got.transcripts[0]
            .messages
            .iter()
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(texts, ["1", "3"]);
    }
}
