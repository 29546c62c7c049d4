//! Email: a single message (`.eml`). The same pieces read every message of
//! an mbox (see [`crate::input::mbox`]).
//!
//! The text that is checked is the new text of the reply: the preferred
//! text/plain part (or the text of the HTML part when there is none),
//! decoded from any transfer encoding and charset, without quoted history
//! or signature ([`reply`]). Findings point at the file line of the decoded
//! text ([`body`]). The sender decides the role ([`role`]); the `Date:`
//! header gives the time, and the conversation is on the email channel.
//!
//! When an agent's reply quotes the customer's mail, the quoted text comes
//! first as a customer message: context that is never checked itself, but
//! lets the conversation rules see what the agent answered (a complaint
//! left without a word of empathy).

pub mod body;
pub mod charset;
pub mod html;
pub mod mapped;
pub mod message;
pub mod reply;
pub mod role;

use std::sync::Arc;

use super::{Parsed, ReadOptions};
use crate::transcript::{Channel, InputKind, Message, Role, Transcript};
use message::{Mail, parse_mail};
use role::{agents_configured, configured_role};

/// Reads one `.eml` file.
pub fn read_eml(path: &Arc<str>, bytes: &[u8], options: &ReadOptions) -> Parsed {
    let mut parsed = Parsed::default();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mail = match parse_mail(path, bytes, 1, &mut parsed.errors) {
        Ok(mail) => mail,
        Err(error) => {
            parsed.errors.push(error);
            return parsed;
        }
    };
    let role = if agents_configured(options) {
        configured_role(options, &mail.sender)
    } else if mail.is_reply() {
        Role::Agent
    } else {
        Role::Customer
    };
    let mut transcript = email_transcript(path, InputKind::Email, mail.subject.clone());
    if mail.reply.text.trim().is_empty() {
        return parsed;
    }
    if role == Role::Agent && !mail.quoted.text.trim().is_empty() {
        transcript.messages.push(Message {
            role: Role::Customer,
            speaker: None,
            timestamp: None,
            source: mail.quoted.source_map(),
            text: mail.quoted.text.clone(),
        });
    }
    transcript.messages.push(to_message(mail, role));
    parsed.transcripts.push(transcript);
    parsed
}

/// An empty email conversation.
pub fn email_transcript(path: &Arc<str>, kind: InputKind, subject: Option<String>) -> Transcript {
    let mut transcript = Transcript::new(path.clone(), kind);
    transcript.channel = Channel::Email;
    transcript.name = subject.filter(|s| !s.is_empty());
    transcript
}

/// The transcript message of a mail.
pub fn to_message(mail: Mail, role: Role) -> Message {
    Message {
        role,
        speaker: mail.sender.speaker(),
        timestamp: mail.timestamp,
        source: mail.reply.source_map(),
        text: mail.reply.text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &[u8], options: &ReadOptions) -> Parsed {
        read_eml(&Arc::from("t.eml"), text, options)
    }

    const REPLY: &[u8] = b"From: Maria <maria@acme.example>\nTo: anna@mail.example\nSubject: Re: Order\nDate: Tue, 5 Mar 2024 09:30:00 +0000\n\nHello Anna,\nit ships today.\n";

    #[test]
    fn a_reply_is_the_agent_s_and_on_the_email_channel() {
        let parsed = read(REPLY, &ReadOptions::default());
        assert!(parsed.errors.is_empty());
        let t = &parsed.transcripts[0];
        assert_eq!((t.kind, t.channel), (InputKind::Email, Channel::Email));
        assert_eq!(t.name.as_deref(), Some("Re: Order"));
        let m = &t.messages[0];
        assert_eq!(m.role, Role::Agent);
        assert_eq!(m.speaker.as_deref(), Some("Maria"));
        assert_eq!(m.timestamp, Some(1_709_631_000));
        assert_eq!(
            m.source.locate(&m.text, m.text.find("ships").unwrap()),
            (7, 4)
        );
    }

    #[test]
    fn configured_domains_decide_over_the_heuristic() {
        let options = ReadOptions {
            agent_domains: vec!["other.example".into()],
            ..Default::default()
        };
        let parsed = read(REPLY, &options);
        assert_eq!(parsed.transcripts[0].messages[0].role, Role::Customer);
    }

    #[test]
    fn a_first_message_is_the_customer_s() {
        let parsed = read(
            b"From: anna@mail.example\nSubject: Order\n\nWhere is my order?\n",
            &ReadOptions::default(),
        );
        assert_eq!(parsed.transcripts[0].messages[0].role, Role::Customer);
        assert_eq!(
            parsed.transcripts[0].messages[0].speaker.as_deref(),
            Some("anna@mail.example")
        );
    }

    #[test]
    fn garbage_and_truncated_mail_never_panics() {
        let samples: Vec<Vec<u8>> = vec![
            REPLY.to_vec(),
            b"Content-Type: multipart/alternative; boundary=\"b\"\nFrom: a@b\n\n--b\nContent-Type: text/plain; charset=koi8-r\nContent-Transfer-Encoding: quoted-printable\n\n=F0=D2=C9=\n--b\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\nPGI+aGk8L2I+\n--b--\n".to_vec(),
            b"From: a@b\nContent-Type: text/html; charset=utf-8\n\n<blockquote><div>&#x110000;&bogus;<".to_vec(),
            b"From: a@b\nContent-Type: message/rfc822\n\nFrom: c@d\n\nnested\n".to_vec(),
        ];
        for sample in &samples {
            for bytes in crate::input::mangled(sample, 300, 8, b"\n=>") {
                let _ = read(&bytes, &ReadOptions::default());
            }
        }
        let _ = read(b"", &ReadOptions::default());
        let _ = read(b"\xff\xfe\x00garbage", &ReadOptions::default());
    }
}
