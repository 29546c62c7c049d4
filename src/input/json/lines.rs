//! JSON Lines, streamed: one line is read, parsed and handed on at a time,
//! so memory does not grow with the file.
//!
//! A line is either a whole conversation (handed on at once) or one message
//! naming its conversation id (`conversation_id`, `ticket_id`, …). How the
//! messages are grouped is decided before anything is handed on
//! ([`layout`]), so that what was handed on never has to be taken back
//! (the checker prints findings while the file is still being read):
//!
//! - a file whose first record is a whole conversation is read in one
//!   pass, in its order;
//! - a file of message lines is scanned first for the order of its ids
//!   (only a 64-bit hash of each finished id is kept). When each
//!   conversation's lines are together ([`Layout::Grouped`]), a
//!   conversation is handed on as soon as the id changes and only the open
//!   one is held; when they are interleaved (an export sorted by time),
//!   every conversation is held until the end of the file, then handed on
//!   in order of first appearance.
//!
//! In a file of whole conversations, message lines of a conversation that
//! was already handed on are an error naming their line.
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

/// How a file's records are laid out, as [`layout`] finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// The first record is a whole conversation (or there is none).
    Conversations,
    /// Message lines, each conversation's together.
    Grouped,
    /// Message lines of different conversations mixed.
    Interleaved,
}

impl Layout {
    /// Whether conversations are handed on in the order of their lines,
    /// so that their findings come out in the file's order.
    pub fn in_line_order(self) -> bool {
        self != Layout::Interleaved
    }
}

/// Finds how `reader`'s records are laid out: a file that starts with a
/// whole conversation is not read further; a file of message lines is
/// read to its end (only the order of ids is kept). Bad lines are skipped
/// here: [`read`] reports them.
pub fn layout(path: &Arc<str>, reader: impl BufRead, options: &ReadOptions) -> Layout {
    let records = records(path, options);
    let mut finished = HashSet::new();
    let mut open: Option<u64> = None;
    let mut first = true;
    let mut interleaved = false;
    for_each_record(
        path,
        reader,
        &mut Ignore,
        |item, _, _| {
            match item {
                Item::Conversation(_) if first => return false,
                Item::Message(_, id) => {
                    let id = hash(&id);
                    if open != Some(id) {
                        finished.extend(open);
                        if finished.contains(&id) {
                            interleaved = true;
                            return false;
                        }
                        open = Some(id);
                    }
                }
                _ => {}
            }
            first = false;
            true
        },
        &records,
    );
    match (first, interleaved) {
        (true, _) => Layout::Conversations,
        (false, true) => Layout::Interleaved,
        (false, false) if open.is_none() => Layout::Conversations,
        (false, false) => Layout::Grouped,
    }
}

/// Reads JSON Lines from `reader` laid out as `layout` says, handing
/// conversations to `sink`.
pub fn read(
    path: &Arc<str>,
    reader: impl BufRead,
    options: &ReadOptions,
    layout: Layout,
    sink: &mut dyn Sink,
) {
    let records = records(path, options);
    let mut groups = Groups::new(layout != Layout::Interleaved);
    for_each_record(
        path,
        reader,
        sink,
        |item, line, sink| {
            match item {
                Item::Conversation(t) => {
                    if !t.messages.is_empty() {
                        sink.transcript(t);
                    }
                }
                Item::Message(message, id) => groups.add(message, id, line, &records, sink),
                Item::Unreadable(why) => {
                    let why = why.replace(" at line ", " on line ");
                    sink.error(InputError::at_line(path.as_ref(), line, why));
                }
            }
            true
        },
        &records,
    );
    groups.finish(&records, sink);
}

fn records<'a>(path: &'a Arc<str>, options: &'a ReadOptions) -> Records<'a> {
    Records {
        path,
        kind: InputKind::Jsonl,
        fields: &options.json,
        labels: &options.labels,
    }
}

/// Calls `each` with every record of `reader` and its line number, until
/// it returns false; lines that cannot be read or parsed are errors in
/// `sink`.
fn for_each_record(
    path: &Arc<str>,
    mut reader: impl BufRead,
    sink: &mut dyn Sink,
    mut each: impl FnMut(Item, u32, &mut dyn Sink) -> bool,
    records: &Records,
) {
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
        if !each(records.item(&node), line_number, sink) {
            break;
        }
    }
}

/// A sink that drops everything (the layout scan reports nothing).
struct Ignore;

impl Sink for Ignore {
    fn transcript(&mut self, _: crate::transcript::Transcript) {}
    fn error(&mut self, _: InputError) {}
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
        line: u32,
        records: &Records,
        sink: &mut dyn Sink,
    ) {
        if !self.grouped {
            match self.index.get(&id) {
                Some(&i) => self.held[i].1.push(message),
                None => {
                    self.index.insert(id.clone(), self.held.len());
                    self.held.push((id, vec![message]));
                }
            }
            return;
        }
        if let Some((open_id, messages)) = &mut self.open
            && *open_id == id
        {
            messages.push(message);
            return;
        }
        if self.finished.contains(&hash(&id)) {
            // Only in a file that starts with whole conversations: files of
            // message lines were scanned for their layout first.
            let name = id.as_deref().unwrap_or("without an id");
            sink.error(InputError::at_line(
                records.path.as_ref(),
                line,
                format!(
                    "a message of conversation `{name}`, which was already read: in a file of \
                     whole conversations, keep each conversation's message lines together; skipped"
                ),
            ));
            return;
        }
        if let Some((done_id, messages)) = self.open.take() {
            self.finished.insert(hash(&done_id));
            sink.transcript(records.transcript_of(messages, done_id, None));
        }
        self.open = Some((id, vec![message]));
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
        let layout = layout(&path, src.as_bytes(), &options);
        read(&path, src.as_bytes(), &options, layout, &mut sink);
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
        let options = ReadOptions::default();
        assert_eq!(layout(&path, grouped.as_bytes(), &options), Layout::Grouped);
        assert_eq!(
            layout(&path, interleaved.as_bytes(), &options),
            Layout::Interleaved
        );
        let got = read_all(interleaved);
        assert_eq!(got.transcripts.len(), 2);
        let texts: Vec<&str> = got.transcripts[0]
            .messages
            .iter()
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(texts, ["1", "3"]);
    }

    #[test]
    fn a_file_of_conversations_is_not_scanned_and_a_stray_message_is_an_error() {
        let src = "{\"id\": \"a\", \"messages\": [{\"role\": \"agent\", \"text\": \"Hi\"}]}\n{\"ticket_id\": \"x\", \"text\": \"1\"}\n{\"ticket_id\": \"y\", \"text\": \"2\"}\n{\"ticket_id\": \"x\", \"text\": \"3\"}\n";
        let path: Arc<str> = Arc::from("t.jsonl");
        assert_eq!(
            layout(&path, src.as_bytes(), &ReadOptions::default()),
            Layout::Conversations
        );
        let got = read_all(src);
        let names: Vec<_> = got.transcripts.iter().map(|t| t.name.clone()).collect();
        assert_eq!(
            names,
            [Some("a".into()), Some("x".into()), Some("y".into())]
        );
        assert_eq!(got.errors.len(), 1);
        assert_eq!(got.errors[0].line, Some(4));
        assert!(got.errors[0].message.contains("conversation `x`"));
    }
}
