//! Writing a generated conversation as a chat log, a JSON line or a mail.

use std::fmt::Write;

use super::rng::Rng;
use super::{Conversation, Who};

/// A chat log: `[10:02] Agent (Maria): …` / `[10:03] Customer: …`; long
/// messages are sometimes broken over a continuation line.
pub fn chat(c: &Conversation, rng: &mut Rng) -> String {
    let mut out = String::new();
    for turn in &c.turns {
        let (hour, minute) = ((turn.at / 3600) % 24, (turn.at / 60) % 60);
        let _ = write!(out, "[{hour:02}:{minute:02}] ");
        match turn.who {
            Who::Agent => {
                let _ = write!(out, "{} ({}): ", c.bank.agent_label, c.agent);
            }
            Who::Customer => {
                let _ = write!(out, "{}: ", c.bank.customer_label);
            }
        }
        let words: Vec<&str> = turn.text.split(' ').collect();
        if words.len() > 30 && rng.chance(0.3) {
            let cut = words.len() / 2;
            out.push_str(&words[..cut].join(" "));
            out.push_str("\n  ");
            out.push_str(&words[cut..].join(" "));
        } else {
            out.push_str(&turn.text);
        }
        out.push('\n');
    }
    out
}

/// One JSON line: `{"id", "messages": [{"role", "speaker", "timestamp", "text"}]}`.
pub fn jsonl(c: &Conversation) -> String {
    let messages: Vec<serde_json::Value> = c
        .turns
        .iter()
        .map(|t| {
            let (role, speaker) = match t.who {
                Who::Agent => ("agent", c.agent),
                Who::Customer => ("customer", c.customer),
            };
            serde_json::json!({
                "role": role,
                "speaker": speaker,
                "timestamp": iso8601(t.at),
                "text": t.text,
            })
        })
        .collect();
    let value = serde_json::json!({ "id": format!("conv-{}", c.id), "messages": messages });
    serde_json::to_string(&value).unwrap_or_default()
}

/// The last message as an RFC 5322 mail (text/plain, UTF-8), the earlier
/// ones quoted below it, newest first, as mail clients do.
pub fn email(c: &Conversation) -> String {
    let last = c.turns.last().expect("a conversation has turns");
    let agent_address = format!("{}@support.example.com", ascii_name(c.agent));
    let customer_address = format!("{}@example.net", ascii_name(c.customer));
    let agent = (c.agent, agent_address.as_str());
    let customer = (c.customer, customer_address.as_str());
    let (from, to) = match last.who {
        Who::Agent => (agent, customer),
        Who::Customer => (customer, agent),
    };
    let mut out = String::new();
    let _ = writeln!(out, "From: {}", mailbox(from.0, from.1));
    let _ = writeln!(out, "To: {}", mailbox(to.0, to.1));
    let _ = writeln!(out, "Date: {}", rfc5322_date(last.at));
    let subject = if c.turns.len() > 1 {
        format!("Re: {}", c.subject)
    } else {
        c.subject.clone()
    };
    let _ = writeln!(out, "Subject: {}", encode_header(&subject));
    let _ = writeln!(
        out,
        "Message-ID: <{}.{}@couth.example>",
        c.id,
        c.turns.len()
    );
    let _ = writeln!(out, "MIME-Version: 1.0");
    let _ = writeln!(out, "Content-Type: text/plain; charset=utf-8");
    let _ = writeln!(out, "Content-Transfer-Encoding: 8bit");
    out.push('\n');
    out.push_str(&wrap(&last.text, 72));
    out.push_str("\n\n");
    if last.who == Who::Agent {
        let _ = writeln!(out, "{}\n{}\n{}", c.bank.regards[0], c.agent, c.bank.team);
    } else {
        let _ = writeln!(out, "{}", c.customer);
    }
    for (depth, turn) in (1..).zip(c.turns.iter().rev().skip(1)) {
        let name = match turn.who {
            Who::Agent => c.agent,
            Who::Customer => c.customer,
        };
        let prefix = ">".repeat(depth - 1);
        let space = if depth > 1 { " " } else { "" };
        let attribution = c
            .bank
            .wrote
            .replace("{date}", &rfc5322_date(turn.at))
            .replace("{name}", name);
        let _ = writeln!(out, "\n{prefix}{space}{attribution}");
        let quote = ">".repeat(depth);
        for line in wrap(&turn.text, 72).lines() {
            let _ = writeln!(out, "{quote} {line}");
        }
    }
    out
}

fn mailbox(name: &str, address: &str) -> String {
    format!("{} <{address}>", encode_header(name))
}

/// An RFC 2047 encoded word when the text is not plain ASCII.
fn encode_header(text: &str) -> String {
    if text.is_ascii() {
        text.to_string()
    } else {
        format!("=?utf-8?B?{}?=", base64(text.as_bytes()))
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A mailbox name from a person's name: ASCII letters, Cyrillic and Greek
/// transliterated roughly, dots between words.
fn ascii_name(name: &str) -> String {
    let mut out = String::new();
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push('.');
        }
        for c in word.to_lowercase().chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else {
                out.push_str(transliterate(c));
            }
        }
    }
    out
}

fn transliterate(c: char) -> &'static str {
    const TABLE: &[(char, &str)] = &[
        ('а', "a"),
        ('б', "b"),
        ('в', "v"),
        ('г', "g"),
        ('д', "d"),
        ('е', "e"),
        ('ё', "e"),
        ('ж', "zh"),
        ('з', "z"),
        ('и', "i"),
        ('й', "i"),
        ('к', "k"),
        ('л', "l"),
        ('м', "m"),
        ('н', "n"),
        ('о', "o"),
        ('п', "p"),
        ('р', "r"),
        ('с', "s"),
        ('т', "t"),
        ('у', "u"),
        ('ф', "f"),
        ('х', "kh"),
        ('ц', "ts"),
        ('ч', "ch"),
        ('ш', "sh"),
        ('щ', "sch"),
        ('ы', "y"),
        ('э', "e"),
        ('ю', "yu"),
        ('я', "ya"),
        ('α', "a"),
        ('ά', "a"),
        ('β', "v"),
        ('γ', "g"),
        ('δ', "d"),
        ('ε', "e"),
        ('έ', "e"),
        ('ζ', "z"),
        ('η', "i"),
        ('ή', "i"),
        ('θ', "th"),
        ('ι', "i"),
        ('ί', "i"),
        ('κ', "k"),
        ('λ', "l"),
        ('μ', "m"),
        ('ν', "n"),
        ('ξ', "x"),
        ('ο', "o"),
        ('ό', "o"),
        ('π', "p"),
        ('ρ', "r"),
        ('σ', "s"),
        ('ς', "s"),
        ('τ', "t"),
        ('υ', "y"),
        ('ύ', "y"),
        ('φ', "f"),
        ('χ', "ch"),
        ('ψ', "ps"),
        ('ω', "o"),
        ('ώ', "o"),
        ('å', "a"),
        ('ä', "a"),
        ('ö', "o"),
    ];
    TABLE.iter().find(|(k, _)| *k == c).map_or("", |(_, v)| v)
}

/// Breaks text into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    out
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn iso8601(at: i64) -> String {
    let (y, m, d) = civil(at.div_euclid(86_400));
    let s = at.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

fn rfc5322_date(at: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = at.div_euclid(86_400);
    let (y, m, d) = civil(days);
    let s = at.rem_euclid(86_400);
    format!(
        "{}, {d:02} {} {y} {:02}:{:02}:{:02} +0000",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[m as usize - 1],
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_right() {
        assert_eq!(iso8601(1_709_287_320), "2024-03-01T10:02:00Z");
        assert_eq!(
            rfc5322_date(1_709_287_320),
            "Fri, 01 Mar 2024 10:02:00 +0000"
        );
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn headers_and_names_are_ascii() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(encode_header("Заказ"), "=?utf-8?B?0JfQsNC60LDQtw==?=");
        assert_eq!(ascii_name("Иван Петров"), "ivan.petrov");
        assert_eq!(ascii_name("Μαρία"), "maria");
    }

    #[test]
    fn wrapping_keeps_every_word() {
        let text = "one two three four five six seven";
        let wrapped = wrap(text, 10);
        assert!(wrapped.lines().all(|l| l.chars().count() <= 10));
        assert_eq!(
            wrapped.split_whitespace().collect::<Vec<_>>().join(" "),
            text
        );
    }
}
