//! mbox: many mails in one file, grouped into one conversation per thread.
//!
//! The file is read line by line ([`split`]); each mail is parsed as soon as
//! it is complete and only its new text, sender, date and threading headers
//! are kept, so memory grows with the text of the replies, not with the raw
//! mail (attachments, HTML, quoted history). Threads are formed once the
//! whole file is read ([`thread`]), since a reply may come anywhere after
//! the mail it answers. Each thread is one transcript named after its
//! subject; its messages point at the lines of the mbox file.

pub mod split;
pub mod thread;

use std::io::BufRead;
use std::sync::Arc;

use super::email::message::{Mail, parse_mail};
use super::email::role::{agents_configured, configured_role};
use super::email::{email_transcript, to_message};
use super::{Parsed, ReadOptions};
use crate::error::InputError;
use crate::transcript::{InputKind, Role, Transcript};
use split::MboxSplitter;

/// Reads an mbox from `reader`.
pub fn read_mbox(path: &Arc<str>, reader: impl BufRead, options: &ReadOptions) -> Parsed {
    let mut parsed = Parsed::default();
    let mut mails: Vec<Mail> = Vec::new();
    let mut splitter = MboxSplitter::new(reader);
    for raw in splitter.by_ref() {
        let raw = match raw {
            Ok(raw) => raw,
            Err(e) => {
                parsed.errors.push(InputError::new(
                    path.as_ref(),
                    format!("cannot read the mbox: {e}"),
                ));
                break;
            }
        };
        match parse_mail(path, &raw.bytes, raw.first_line, &mut parsed.errors) {
            Ok(mut mail) => {
                mail.reply.shift_columns(&raw.unescaped_lines, 1);
                // The thread holds the quoted mails themselves.
                mail.quoted = Default::default();
                mails.push(mail);
            }
            Err(error) => parsed.errors.push(error),
        }
    }
    if let Some(stray) = splitter.stray() {
        let message = if mails.is_empty() {
            "not an mbox: no line starts with `From ` (the separator before each message)"
        } else {
            "text before the first `From ` line belongs to no message; skipped"
        };
        parsed
            .errors
            .insert(0, InputError::at_line(path.as_ref(), stray.line, message));
    }
    for members in thread::group(&mails) {
        if let Some(transcript) = thread_transcript(path, &mails, &members, options) {
            parsed.transcripts.push(transcript);
        }
    }
    parsed
}

/// The transcript of one thread: the first sender is the customer unless
/// agents are configured.
fn thread_transcript(
    path: &Arc<str>,
    mails: &[Mail],
    members: &[usize],
    options: &ReadOptions,
) -> Option<Transcript> {
    let first = &mails[*members.first()?];
    let customer = first.sender.identity();
    let mut transcript = email_transcript(path, InputKind::Mbox, first.subject.clone());
    for &index in members {
        let mail = &mails[index];
        let role = if agents_configured(options) {
            configured_role(options, &mail.sender)
        } else {
            match (mail.sender.identity(), &customer) {
                (identity, customer) if identity == *customer => Role::Customer,
                (Some(_), _) => Role::Agent,
                (None, _) => Role::Unknown,
            }
        };
        // An agent mail with no text (an attachment only) has nothing to
        // check; a customer's still starts the wait for a reply.
        if role != Role::Customer && mail.reply.text.trim().is_empty() {
            continue;
        }
        transcript.messages.push(to_message(mail.clone(), role));
    }
    (!transcript.messages.is_empty()).then_some(transcript)
}

#[cfg(test)]
mod tests {
    use super::*;

    const THREAD: &str = "From anna@mail.example Mon Mar  4 10:00:00 2024
From: Anna <anna@mail.example>
Subject: Broken kettle
Date: Mon, 4 Mar 2024 10:00:00 +0000
Message-ID: <1@mail.example>

My kettle is broken.

From maria@acme.example Wed Mar  6 10:00:00 2024
From: Maria <maria@acme.example>
Subject: Re: Broken kettle
Date: Wed, 6 Mar 2024 10:00:00 +0000
Message-ID: <2@acme.example>
In-Reply-To: <1@mail.example>

Hello Anna,
>From now on it works.

From other@mail.example Thu Mar  7 10:00:00 2024
From: other@mail.example
Subject: Another question
Date: Thu, 7 Mar 2024 10:00:00 +0000

Hi
";

    #[test]
    fn threads_roles_and_lines() {
        let parsed = read_mbox(
            &Arc::from("t.mbox"),
            THREAD.as_bytes(),
            &ReadOptions::default(),
        );
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.transcripts.len(), 2);
        let t = &parsed.transcripts[0];
        assert_eq!(t.name.as_deref(), Some("Broken kettle"));
        assert_eq!(t.kind, InputKind::Mbox);
        let roles: Vec<Role> = t.messages.iter().map(|m| m.role).collect();
        assert_eq!(roles, [Role::Customer, Role::Agent]);
        let m = &t.messages[1];
        assert_eq!(m.text, "Hello Anna,\nFrom now on it works.");
        assert_eq!(
            m.timestamp.unwrap() - t.messages[0].timestamp.unwrap(),
            2 * 86_400
        );
        assert_eq!(m.source.locate(&m.text, 0), (16, 1));
        // `>From` was unescaped: "now" stands one column further right in the file.
        let now = m.text.find("now").unwrap();
        assert_eq!(m.source.locate(&m.text, now), (17, 7));
    }

    #[test]
    fn a_file_that_is_no_mbox_is_reported() {
        let parsed = read_mbox(
            &Arc::from("x.mbox"),
            &b"hello\nworld\n"[..],
            &ReadOptions::default(),
        );
        assert!(parsed.transcripts.is_empty());
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.errors[0].line, Some(1));
        assert!(parsed.errors[0].message.contains("not an mbox"));
    }

    #[test]
    fn garbage_never_panics() {
        for bytes in crate::input::mangled(THREAD.as_bytes(), 500, 10, b"\n>F") {
            let _ = read_mbox(
                &Arc::from("t.mbox"),
                bytes.as_slice(),
                &ReadOptions::default(),
            );
        }
    }
}
