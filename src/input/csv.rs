//! CSV ticket exports: a header row, then one message per row.
//!
//! Columns are found by name ([`FieldMap::csv`](super::fields::FieldMap::csv) defaults, `--csv-*-column`
//! flags): text, role (a role name, or a yes/no column such as `inbound`
//! or `is_agent`), timestamp, speaker and conversation id. Rows are grouped
//! into conversations by the conversation column in order of first
//! appearance; without one, rows with an id and a reply-to column are
//! threaded by their reply chains (Twitter exports, see
//! [`super::threads`]); without either the file is one conversation. The
//! delimiter is `,`, or `;` or a tab when the header row has more of those.
//!
//! Records are split by the `csv` crate; the text field is then located in
//! the source so that findings point at its line and column (a quoted
//! field's doubled quotes and line breaks included).

use std::collections::HashMap;
use std::sync::Arc;

use super::fields::{FieldPath, parse_timestamp, role_from_field, role_from_name};
use super::position::Positions;
use super::threads::ReplyLinks;
use super::{Parsed, ReadOptions};
use crate::error::InputError;
use crate::transcript::{InputKind, Message, Role, Segment, SourceMap, Transcript};

/// Reads a CSV export.
pub fn read(path: &Arc<str>, text: &str, options: &ReadOptions, parsed: &mut Parsed) {
    let delimiter = delimiter(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            parsed
                .errors
                .push(InputError::at_line(path.as_ref(), 1, csv_error(&e)));
            return;
        }
    };
    let names: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
    let columns = Columns::find(&names, options);
    let Some(text_column) = columns.text else {
        let wanted: Vec<String> = options.csv.text.iter().map(|p| p.to_string()).collect();
        parsed.errors.push(InputError::at_line(
            path.as_ref(),
            1,
            format!(
                "no text column: expected one of {} (the header has: {}); name it with --csv-text-column",
                wanted.join(", "),
                names.join(", ")
            ),
        ));
        return;
    };
    let mut positions = Positions::new(text, 1, 1);
    let mut rows: Vec<Row> = Vec::new();
    for result in reader.records() {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as u32);
                parsed.errors.push(InputError::at_line(
                    path.as_ref(),
                    line.max(1),
                    csv_error(&e),
                ));
                continue;
            }
        };
        let value = |column: Option<usize>| {
            column
                .and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let id = value(columns.message_id).map(row_id);
        let reply_to = value(columns.reply_to).map(row_id);
        let Some(body) = record.get(text_column).filter(|t| !t.trim().is_empty()) else {
            // A row without text (a tweet of only a picture) still links
            // the rows before and after it in its thread.
            if id.is_some() || reply_to.is_some() {
                rows.push(Row {
                    message: None,
                    conversation: None,
                    id,
                    reply_to,
                });
            }
            continue;
        };
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let source = locate_field(text, start, text_column, delimiter, body, &mut positions);
        let speaker = value(columns.speaker).map(str::to_string);
        let role = columns
            .role
            .iter()
            .find_map(|(column, path)| {
                role_from_field(path, value(Some(*column))?, &options.labels)
            })
            .or_else(|| {
                speaker
                    .as_deref()
                    .and_then(|s| role_from_name(s, &options.labels))
            })
            .unwrap_or(Role::Unknown);
        rows.push(Row {
            message: Some(Message {
                role,
                speaker,
                timestamp: value(columns.timestamp).and_then(parse_timestamp),
                text: body.to_string(),
                source,
            }),
            conversation: value(columns.conversation).map(str::to_string),
            id,
            reply_to,
        });
    }
    let conversations = if columns.conversation.is_some() {
        by_conversation(rows)
    } else if columns.message_id.is_some() && columns.reply_to.is_some() {
        by_reply_chain(rows)
    } else {
        vec![(
            None,
            rows.into_iter().filter_map(|row| row.message).collect(),
        )]
    };
    for (name, messages) in conversations {
        if messages.is_empty() {
            continue;
        }
        let mut transcript = Transcript::new(path.clone(), InputKind::Csv);
        transcript.name = name;
        transcript.messages = messages;
        parsed.transcripts.push(transcript);
    }
}

/// A row read, before it is put in its conversation.
struct Row {
    /// `None` for a row without text, kept for its ids.
    message: Option<Message>,
    conversation: Option<String>,
    id: Option<String>,
    reply_to: Option<String>,
}

/// A row id as written, except that a whole number written as a float
/// (`3.0`, as pandas writes an id column with gaps) is the number (`3`).
fn row_id(value: &str) -> String {
    match value.split_once('.') {
        Some((whole, fraction))
            if !whole.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b == b'0') =>
        {
            whole.to_string()
        }
        _ => value.to_string(),
    }
}

/// A conversation's name and messages.
type Grouped = (Option<String>, Vec<Message>);

/// Rows grouped by their conversation id, in order of first appearance.
fn by_conversation(rows: Vec<Row>) -> Vec<Grouped> {
    let mut groups: Vec<Grouped> = Vec::new();
    let mut index: HashMap<Option<String>, usize> = HashMap::new();
    for row in rows {
        let Some(message) = row.message else { continue };
        match index.get(&row.conversation) {
            Some(&i) => groups[i].1.push(message),
            None => {
                index.insert(row.conversation.clone(), groups.len());
                groups.push((row.conversation, vec![message]));
            }
        }
    }
    groups
}

/// Rows threaded by reply links (a Twitter-style export: each row's id and
/// the id it replies to), named after each thread's first row.
fn by_reply_chain(rows: Vec<Row>) -> Vec<Grouped> {
    let mut links = ReplyLinks::new(rows.len());
    for (index, row) in rows.iter().enumerate() {
        for id in row.id.iter().chain(&row.reply_to) {
            links.id(index, id);
        }
    }
    let threads = links.threads(|index| rows[index].message.as_ref()?.timestamp);
    let mut rows: Vec<Option<Row>> = rows.into_iter().map(Some).collect();
    threads
        .into_iter()
        .map(|thread| {
            let mut name = None;
            let messages = thread
                .into_iter()
                .filter_map(|index| {
                    let row = rows[index].take()?;
                    let message = row.message?;
                    if name.is_none() {
                        name = row.id;
                    }
                    Some(message)
                })
                .collect();
            (name, messages)
        })
        .collect()
}

/// The columns of the fields, by index.
struct Columns {
    text: Option<usize>,
    role: Vec<(usize, FieldPath)>,
    timestamp: Option<usize>,
    speaker: Option<usize>,
    conversation: Option<usize>,
    message_id: Option<usize>,
    reply_to: Option<usize>,
}

impl Columns {
    fn find(names: &[String], options: &ReadOptions) -> Columns {
        let index = |path: &FieldPath| {
            let wanted = path.parts.join(".");
            names.iter().position(|n| n.eq_ignore_ascii_case(&wanted))
        };
        let first = |paths: &[FieldPath]| paths.iter().find_map(index);
        let map = &options.csv;
        Columns {
            text: first(&map.text),
            role: map
                .role
                .iter()
                .filter_map(|p| Some((index(p)?, p.clone())))
                .collect(),
            timestamp: first(&map.timestamp),
            speaker: first(&map.speaker),
            conversation: first(&map.conversation),
            message_id: first(&map.message_id),
            reply_to: first(&map.reply_to),
        }
    }
}

/// `,` unless the header row has more `;` or tabs.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (header.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',')
}

fn csv_error(e: &::csv::Error) -> String {
    match e.kind() {
        ::csv::ErrorKind::Utf8 { .. } => "invalid UTF-8 in this record".into(),
        _ => {
            let text = e.to_string();
            format!("malformed CSV: {text}")
        }
    }
}

/// Finds field `index` of the record starting at byte `start` and maps the
/// decoded `value` onto it: one exact segment per run between doubled
/// quotes and line breaks. Falls back to the field's start, inexact, when
/// the source does not spell the value as expected.
fn locate_field(
    text: &str,
    start: usize,
    index: usize,
    delimiter: u8,
    value: &str,
    positions: &mut Positions,
) -> SourceMap {
    let bytes = text.as_bytes();
    let mut i = start.min(bytes.len());
    while matches!(bytes.get(i), Some(b'\r' | b'\n')) {
        i += 1;
    }
    for _ in 0..index {
        i = field_end(bytes, i, delimiter);
        if bytes.get(i) != Some(&delimiter) {
            return fallback(positions, i);
        }
        i += 1;
    }
    let quoted = bytes.get(i) == Some(&b'"');
    let content = if quoted { i + 1 } else { i };
    let mut map = SourceMap::default();
    let mut decoded = String::new();
    let mut run = content;
    let mut j = content;
    let push_run = |map: &mut SourceMap,
                    decoded: &mut String,
                    from: usize,
                    to: usize,
                    positions: &mut Positions| {
        if from < to {
            let (line, column) = positions.at(from);
            map.push(Segment::exact(decoded.len(), line, column));
            decoded.push_str(&text[from..to]);
        }
    };
    loop {
        match bytes.get(j) {
            None => break,
            Some(b'"') if quoted => {
                if bytes.get(j + 1) == Some(&b'"') {
                    push_run(&mut map, &mut decoded, run, j + 1, positions);
                    j += 2;
                    run = j;
                    continue;
                }
                break;
            }
            Some(b'\n') if quoted => {
                push_run(&mut map, &mut decoded, run, j + 1, positions);
                j += 1;
                run = j;
                continue;
            }
            Some(&b) if !quoted && (b == delimiter || b == b'\n' || b == b'\r') => break,
            _ => j += 1,
        }
    }
    push_run(&mut map, &mut decoded, run, j, positions);
    if decoded != value {
        return fallback(positions, i);
    }
    if map.segments().is_empty() {
        return fallback(positions, content);
    }
    map
}

/// The end of the field starting at `i` (on its delimiter or line end).
fn field_end(bytes: &[u8], mut i: usize, delimiter: u8) -> usize {
    if bytes.get(i) == Some(&b'"') {
        i += 1;
        while i < bytes.len() {
            if bytes[i] == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                i += 1;
                break;
            }
            i += 1;
        }
    }
    while i < bytes.len() && bytes[i] != delimiter && bytes[i] != b'\n' && bytes[i] != b'\r' {
        i += 1;
    }
    i
}

fn fallback(positions: &mut Positions, at: usize) -> SourceMap {
    let (line, column) = positions.at(at);
    let mut map = SourceMap::default();
    map.push(Segment::inexact(0, line, column));
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_csv(src: &str, options: &ReadOptions) -> Parsed {
        let mut parsed = Parsed::default();
        read(&Arc::from("t.csv"), src, options, &mut parsed);
        parsed
    }

    #[test]
    fn rows_group_and_text_maps_to_its_column() {
        let src = "ticket_id,role,created_at,text\n7,customer,2024-03-01 10:00,\"My order, please\"\n7,agent,2024-03-01 10:09,\"Hello, it's a \"\"standard\"\" RMA\nsee RMA-1\"\n8,agent,,Hi there\n";
        let parsed = read_csv(src, &ReadOptions::default());
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let t = &parsed.transcripts;
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].name.as_deref(), Some("7"));
        let m = &t[0].messages[1];
        assert_eq!(m.role, Role::Agent);
        assert_eq!(m.text, "Hello, it's a \"standard\" RMA\nsee RMA-1");
        let at = |needle: &str| m.source.locate(&m.text, m.text.find(needle).unwrap());
        assert_eq!(at("Hello"), (3, 27));
        assert_eq!(at("\"standard"), (3, 41));
        assert_eq!(at("standard"), (3, 43));
        assert_eq!(at("RMA\n"), (3, 54));
        assert_eq!(at("RMA-1"), (4, 5));
        assert_eq!(
            t[0].messages[1].timestamp.unwrap() - t[0].messages[0].timestamp.unwrap(),
            540
        );
        let h = &t[1].messages[0];
        assert_eq!(h.source.locate(&h.text, 0), (5, 10));
    }

    #[test]
    fn yes_no_role_columns_semicolons_and_missing_text() {
        let src = "author_id;inbound;text\nacme;False;Hi\n42;True;Help\n";
        let parsed = read_csv(src, &ReadOptions::default());
        let m = &parsed.transcripts[0].messages;
        assert_eq!((m[0].role, m[1].role), (Role::Agent, Role::Customer));
        assert_eq!(m[0].speaker.as_deref(), Some("acme"));
        assert_eq!(m[1].source.locate(&m[1].text, 0), (3, 9));
        let parsed = read_csv("a,b\n1,2\n", &ReadOptions::default());
        assert!(
            parsed.errors[0].message.contains("no text column"),
            "{:?}",
            parsed.errors
        );
        assert!(parsed.errors[0].message.contains("the header has: a, b"));
    }

    #[test]
    fn reply_ids_thread_the_rows_and_dates_order_each_thread() {
        let src = "tweet_id,author_id,inbound,created_at,text,in_response_to_tweet_id\n\
            2,Acme,False,Tue Oct 31 10:05:00 +0000 2017,Hi Jo,1\n\
            1,42,True,Tue Oct 31 10:00:00 +0000 2017,Help,\n\
            9,43,True,Tue Oct 31 11:00:00 +0000 2017,Other,\n\
            4,42,True,Tue Oct 31 10:07:00 +0000 2017,,2\n\
            3,42,True,Tue Oct 31 10:09:00 +0000 2017,Thanks,4.0\n";
        let parsed = read_csv(src, &ReadOptions::default());
        let threads: Vec<(Option<&str>, Vec<&str>)> = parsed
            .transcripts
            .iter()
            .map(|t| {
                let texts = t.messages.iter().map(|m| m.text.as_str()).collect();
                (t.name.as_deref(), texts)
            })
            .collect();
        assert_eq!(
            threads,
            [
                (Some("1"), vec!["Help", "Hi Jo", "Thanks"]),
                (Some("9"), vec!["Other"])
            ]
        );
        let hi = &parsed.transcripts[0].messages[1];
        assert_eq!(hi.source.locate(&hi.text, 0), (2, 45));
    }

    #[test]
    fn whole_numbers_written_as_floats_are_the_same_ids() {
        assert_eq!(row_id("3.0"), "3");
        assert_eq!(row_id("119236.00"), "119236");
        for kept in ["3.5", "3.", ".0", "v1.0", "abc", "1.0.0"] {
            assert_eq!(row_id(kept), kept);
        }
    }

    #[test]
    fn a_conversation_column_wins_over_reply_ids_and_ids_alone_thread_nothing() {
        let src = "ticket_id,id,parent_id,text\nA,1,,one\nB,2,1,two\n";
        assert_eq!(read_csv(src, &ReadOptions::default()).transcripts.len(), 2);
        let src = "id,parent_id,text\n1,,one\n2,1,two\n3,,three\n";
        assert_eq!(read_csv(src, &ReadOptions::default()).transcripts.len(), 2);
        let src = "id,text\n1,one\n2,two\n";
        assert_eq!(read_csv(src, &ReadOptions::default()).transcripts.len(), 1);
    }
}
