//! One mail, parsed by mail-parser, reduced to what couth needs: the sender,
//! the date, the threading headers and the new text of the body with its map.

use mail_parser::{HeaderValue, MessageParser, MimeHeaders};

use super::body::{LineIndex, decode_part};
use super::mapped::MappedText;
use super::reply;
use super::role::{Sender, has_reply_prefix};
use crate::error::InputError;

/// A mail as the readers use it.
#[derive(Clone, Debug)]
pub struct Mail {
    pub sender: Sender,
    /// Seconds since the Unix epoch, from the `Date:` header.
    pub timestamp: Option<i64>,
    pub subject: Option<String>,
    pub message_id: Option<String>,
    /// `In-Reply-To` and `References` ids.
    pub parents: Vec<String>,
    /// The new text of the body (no quoted history, no signature).
    pub reply: MappedText,
    /// Quoted history was found in the body.
    pub had_history: bool,
    /// The quoted text of the mail being answered (context, never checked
    /// as this sender's words).
    pub quoted: MappedText,
    /// The file line where the mail starts.
    pub line: u32,
}

impl Mail {
    /// Whether the mail answers another one: reply headers, a reply prefix
    /// on the subject, or quoted history.
    pub fn is_reply(&self) -> bool {
        !self.parents.is_empty()
            || self.subject.as_deref().is_some_and(has_reply_prefix)
            || self.had_history
    }
}

/// Parses one mail whose first byte is on `first_line` of the file `path`.
/// Problems that still leave a mail (an unknown charset, a broken part) are
/// added to `errors`; a mail that cannot be read at all is an error.
pub fn parse_mail(
    path: &str,
    raw: &[u8],
    first_line: u32,
    errors: &mut Vec<InputError>,
) -> Result<Mail, InputError> {
    let not_mail = || {
        InputError::at_line(
            path,
            first_line,
            "not an email: expected header lines such as `From:`, `Date:`, `Subject:`, \
             then a blank line and the body",
        )
    };
    let message = MessageParser::default().parse(raw).ok_or_else(not_mail)?;
    let has_mail_header = message.from().is_some()
        || message.date().is_some()
        || message.subject().is_some()
        || message.message_id().is_some()
        || message.sender().is_some()
        || message.to().is_some()
        || message.content_type().is_some()
        || !message.mime_version().is_empty();
    if !has_mail_header {
        return Err(not_mail());
    }
    let lines = LineIndex::new(raw, first_line);
    let mut body = MappedText::default();
    for part in message.text_bodies() {
        let Some(decoded) = decode_part(raw, part, &lines) else {
            continue;
        };
        if let Some(charset) = &decoded.unknown_charset {
            errors.push(InputError::at_line(
                path,
                decoded.header_line,
                format!(
                    "unknown charset `{charset}`; the text was read as UTF-8, so some \
                     characters may be wrong"
                ),
            ));
        }
        if decoded.malformed {
            errors.push(InputError::at_line(
                path,
                decoded.header_line,
                "a text part has a broken transfer encoding; its raw text was read",
            ));
        }
        if decoded.text.text.trim().is_empty() {
            continue;
        }
        if !body.text.is_empty() {
            body.push_newline();
            body.push_newline();
        }
        let all = 0..decoded.text.text.len();
        body.push_from(&decoded.text, all);
    }
    let reply = reply::extract(&body);
    let from = message.from().or_else(|| message.sender());
    let sender = from
        .and_then(|a| a.first())
        .map(|addr| Sender {
            name: addr
                .name()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string),
            address: addr.address().map(|a| a.trim().to_string()),
        })
        .unwrap_or_default();
    let mut parents = ids(message.in_reply_to());
    parents.extend(ids(message.references()));
    Ok(Mail {
        sender,
        timestamp: message
            .date()
            .filter(|d| d.is_valid())
            .map(|d| d.to_timestamp()),
        subject: message.subject().map(|s| s.trim().to_string()),
        message_id: message.message_id().map(clean_id),
        parents,
        reply: reply.text,
        had_history: reply.had_history,
        quoted: reply.quoted,
        line: first_line,
    })
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![clean_id(id)],
        HeaderValue::TextList(list) => list.iter().map(|id| clean_id(id)).collect(),
        _ => Vec::new(),
    }
}

fn clean_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_body_and_threading_come_out() {
        let raw = "Return-Path: <maria@acme.example>\n\
From: =?utf-8?q?Mar=C3=ADa?= <maria@acme.example>\n\
Date: Tue, 5 Mar 2024 09:30:00 +0100\n\
Subject: Re: My order\n\
Message-ID: <b2@acme.example>\n\
In-Reply-To: <a1@mail.example>\n\
References: <a0@mail.example> <a1@mail.example>\n\
\n\
Hello Anna,\n\
it ships today.\n\
\n\
On Mon, 4 Mar 2024 at 10:00, Anna <anna@mail.example> wrote:\n\
> Where is it?\n";
        let mut errors = Vec::new();
        let mail = parse_mail("m.eml", raw.as_bytes(), 1, &mut errors).unwrap();
        assert!(errors.is_empty());
        assert_eq!(mail.sender.speaker().as_deref(), Some("María"));
        assert_eq!(
            mail.sender.identity().as_deref(),
            Some("maria@acme.example")
        );
        assert_eq!(mail.timestamp, Some(1_709_627_400));
        assert_eq!(mail.message_id.as_deref(), Some("b2@acme.example"));
        assert_eq!(
            mail.parents,
            ["a1@mail.example", "a0@mail.example", "a1@mail.example"]
        );
        assert_eq!(mail.reply.text, "Hello Anna,\nit ships today.");
        assert!(mail.is_reply());
        let map = mail.reply.source_map();
        let ships = mail.reply.text.find("ships").unwrap();
        assert_eq!(map.locate(&mail.reply.text, ships), (10, 4));
    }

    #[test]
    fn text_that_is_not_mail_is_an_error_naming_the_line() {
        let mut errors = Vec::new();
        let error =
            parse_mail("x.eml", b"just some words\nand more\n", 7, &mut errors).unwrap_err();
        assert_eq!(error.line, Some(7));
        assert!(error.message.contains("not an email"), "{}", error.message);
    }
}
