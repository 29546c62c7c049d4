//! The email readers end to end: fixtures under `fixtures/email/` read
//! through the library (decoding, roles, threads, line maps) and checked by
//! the binary (findings at the right line and column, none in quoted
//! history or signatures).

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use couth::input::{self, Format, Parsed, ReadOptions};
use couth::{Message, Role};

fn fixture(name: &str) -> String {
    format!("{}/fixtures/email/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn read_with(name: &str, options: &ReadOptions) -> Parsed {
    let path = fixture(name);
    let bytes = std::fs::read(&path).unwrap();
    let format = Format::from_path(Path::new(&path)).unwrap();
    input::read(&Arc::from(path.as_str()), &bytes, format, options)
}

fn read(name: &str) -> Parsed {
    read_with(name, &ReadOptions::default())
}

/// The agent's reply of a single-mail fixture (after the quoted customer
/// mail, when it quotes one).
fn agent_reply(name: &str) -> Message {
    let parsed = read(name);
    assert!(parsed.errors.is_empty(), "{name}: {:?}", parsed.errors);
    assert_eq!(parsed.transcripts.len(), 1, "{name}");
    let reply = parsed.transcripts[0].messages.last().unwrap().clone();
    assert_eq!(reply.role, Role::Agent, "{name}");
    reply
}

/// The file line and column of the first `needle` in a message.
fn position(message: &Message, needle: &str) -> (u32, u32) {
    let offset = message
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {:?}", message.text));
    message.source.locate(&message.text, offset)
}

/// `(rule, line, column)` of every finding `couth check` reports in a fixture.
fn findings(name: &str, extra: &[&str]) -> Vec<(String, u32, u32)> {
    let output = Command::new(env!("CARGO_BIN_EXE_couth"))
        .args(["check", "--format", "concise"])
        .args(extra)
        .arg(fixture(name))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix(&fixture(name))?.strip_prefix(':')?;
            let mut fields = rest.splitn(3, ':');
            let line_no = fields.next()?.parse().ok()?;
            let column = fields.next()?.parse().ok()?;
            let rule = rest.split_once('[')?.1.split_once(']')?.0.to_string();
            Some((rule, line_no, column))
        })
        .collect()
}

#[test]
fn the_koi8r_email_decodes_without_quote_or_signature() {
    let parsed = read("koi8r-reply.eml");
    let transcript = &parsed.transcripts[0];
    assert_eq!(transcript.name.as_deref(), Some("Ответ: Не работает котёл"));
    assert_eq!(transcript.channel, couth::Channel::Email);
    // The quoted customer mail is context: a customer message before the reply.
    let [quoted, m] = &transcript.messages[..] else {
        panic!("{:?}", transcript.messages)
    };
    assert_eq!(quoted.role, Role::Customer);
    assert!(
        quoted
            .text
            .starts_with("Котёл не работает уже неделю, дома холодно!\nВаш оператор")
    );
    assert_eq!(position(quoted, "Котёл"), (22, 3));
    assert_eq!(m.role, Role::Agent);
    assert_eq!(m.speaker.as_deref(), Some("Ольга, служба поддержки"));
    // Wed, 6 Mar 2024 11:20:00 +0300
    assert_eq!(m.timestamp, Some(1_709_713_200));
    assert!(
        m.text
            .starts_with("Иван, доводим до Вашего сведения, что Ваш тикет")
    );
    assert!(m.text.ends_with("С уважением,\nОльга"), "{:?}", m.text);
    assert!(!m.text.contains("Котёл не работает"));
    assert!(!m.text.contains("+7 495"));
    assert_eq!(position(m, "тикет"), (12, 43));
    assert_eq!(position(m, "Согласно"), (13, 1));
}

#[test]
fn quoted_printable_words_map_to_the_line_and_escape_where_they_start() {
    let m = agent_reply("cp1251-outlook.eml");
    assert!(m.text.starts_with("Добрый день, Мария!"));
    assert!(!m.text.contains("Исходное сообщение"));
    assert_eq!(position(&m, "Как я уже писал"), (14, 2));
    assert_eq!(position(&m, "возврат"), (14, 43));
    // "средств" starts at the end of line 14, before a soft line break.
    assert_eq!(position(&m, "средств"), (14, 65));
    assert_eq!(position(&m, "бэк-офис"), (18, 15));

    let m = agent_reply("swedish-reply.eml");
    assert_eq!(m.speaker.as_deref(), Some("Lars Ström"));
    assert_eq!(position(&m, "Ni "), (13, 57));
    assert_eq!(position(&m, "vi ej"), (14, 32));
    assert_eq!(position(&m, "Ditt ticket"), (15, 1));

    // iso-8859-7 with CRLF line ends.
    let m = agent_reply("greek-reply.eml");
    assert_eq!(position(&m, "Κατόπιν"), (13, 1));
    assert_eq!(position(&m, "δεύτερο"), (15, 45));
    assert_eq!(position(&m, "δεν είναι δυνατή"), (20, 39));
    assert!(!m.text.contains("Όπως σας είπα"));
}

#[test]
fn html_only_mail_loses_tags_entities_and_blockquotes() {
    let m = agent_reply("html-only.eml");
    assert_eq!(
        m.text,
        "Dear customer,\nPlease be advised that your RMA request has been received & logged.\n\
         Obviously we cannot refund a product that was used."
    );
    // A base64 body maps to its first line.
    assert_eq!(position(&m, "RMA"), (14, 1));
}

#[test]
fn findings_in_a_reply_chain_are_on_the_reply_lines_only() {
    let found = findings("reply-chain.eml", &[]);
    assert!(found.contains(&("jargon".into(), 19, 38)), "{found:?}");
    assert!(found.contains(&("jargon".into(), 19, 66)), "{found:?}");
    assert!(found.contains(&("jargon".into(), 28, 18)), "{found:?}");
    // Quoted lines (`>`), the signature after "Jamie" and the
    // -----Original Message----- block are full of sins; none is reported.
    let context = [17, 21, 22, 26];
    for (rule, line, _) in &found {
        assert!(
            !context.contains(line) && *line <= 31,
            "{rule} reported in quoted history or signature, line {line}"
        );
    }
}

#[test]
fn findings_in_other_languages_point_into_the_encoded_body() {
    let found = findings("koi8r-reply.eml", &[]);
    assert!(found.contains(&("rulebook".into(), 13, 1)), "{found:?}");
    // The customer's complaint (quoted) got no empathy in the reply.
    assert!(
        found.contains(&("missing-empathy".into(), 12, 1)),
        "{found:?}"
    );
    assert!(found.iter().all(|(_, line, _)| *line <= 17), "{found:?}");
    let found = findings("greek-reply.eml", &[]);
    assert!(
        found.contains(&("bureaucratese".into(), 13, 1)),
        "{found:?}"
    );
    assert!(found.iter().all(|(_, line, _)| *line <= 24), "{found:?}");
}

#[test]
fn an_mbox_thread_orders_roles_and_lines() {
    let parsed = read("thread.mbox");
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.transcripts.len(), 1);
    let t = &parsed.transcripts[0];
    assert_eq!(t.name.as_deref(), Some("Broken lamp"));
    let roles: Vec<Role> = t.messages.iter().map(|m| m.role).collect();
    use Role::{Agent, Customer};
    assert_eq!(roles, [Customer, Agent, Customer, Agent, Customer]);
    assert_eq!(t.messages[1].speaker.as_deref(), Some("Sarah"));
    assert_eq!(position(&t.messages[1], "RMA"), (26, 76));
    // The line was stored as `>From Friday on, …` in the mbox.
    assert_eq!(position(&t.messages[3], "ETA"), (60, 22));
    let found = findings("thread.mbox", &[]);
    assert!(
        found.contains(&("slow-response".into(), 24, 1)),
        "{found:?}"
    );
    assert!(
        found.contains(&("wait-without-apology".into(), 24, 1)),
        "{found:?}"
    );
    // The second agent reply came within a day.
    assert!(
        !found
            .iter()
            .any(|(r, l, _)| r == "slow-response" && *l > 24)
    );
}

#[test]
fn agent_domains_decide_roles() {
    let outbound = read("outbound.eml");
    assert_eq!(outbound.transcripts[0].messages[0].role, Role::Customer);
    let options = ReadOptions {
        agent_domains: vec!["shop.example".into()],
        ..Default::default()
    };
    let outbound = read_with("outbound.eml", &options);
    assert_eq!(outbound.transcripts[0].messages[0].role, Role::Agent);
    let found = findings("outbound.eml", &["--agent-domain", "shop.example"]);
    assert!(found.contains(&("jargon".into(), 8, 43)), "{found:?}");
    assert!(findings("outbound.eml", &[]).is_empty());
    // In a thread, a configured address makes Tom the agent.
    let options = ReadOptions {
        agent_addresses: vec!["tom@mail.example".into()],
        ..Default::default()
    };
    let thread = read_with("thread.mbox", &options);
    assert_eq!(thread.transcripts[0].messages[0].role, Role::Agent);
    assert_eq!(thread.transcripts[0].messages[1].role, Role::Customer);
}

#[test]
fn bad_input_is_an_error_naming_the_file_and_line() {
    let parsed = read("not-mail.eml");
    assert!(parsed.transcripts.is_empty());
    let error = &parsed.errors[0];
    assert!(error.path.ends_with("not-mail.eml"));
    assert_eq!(error.line, Some(1));
    let parsed = read("unknown-charset.eml");
    assert_eq!(parsed.transcripts.len(), 1);
    assert_eq!(parsed.errors.len(), 1);
    assert!(parsed.errors[0].message.contains("x-klingon"));
}

#[test]
fn content_sniffing_tells_mail_from_chat() {
    for (name, format) in [
        ("koi8r-reply.eml", Format::Email),
        ("cp1251-outlook.eml", Format::Email),
        ("thread.mbox", Format::Mbox),
        ("not-mail.eml", Format::Chat),
    ] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        assert_eq!(Format::sniff(&bytes), format, "{name}");
    }
    assert_eq!(
        Format::sniff(b"From now on I will answer faster.\n"),
        Format::Chat
    );
    assert_eq!(
        Format::sniff(b"Date: Monday\n[10:00] Agent: Hi\n"),
        Format::Chat
    );
}
