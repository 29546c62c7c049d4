//! A generator of realistic test corpora for benchmarks: seeded and
//! deterministic, any size, chat logs, email and JSON Lines in English,
//! Russian, Swedish and Greek, with a realistic rate of sins.
//!
//! Conversation `i` of a run depends only on the seed and `i`, so a larger
//! corpus starts with the same conversations as a smaller one. The layout:
//!
//! ```text
//! OUT/chat/<lang>/chat-000001.txt     one chat log per file
//! OUT/email/<lang>/mail-000001.eml    one mail (a reply quoting the thread)
//! OUT/jsonl/conversations.jsonl       one conversation per line, up to --jsonl-size
//! OUT/corpus.json                     what was written (counts and bytes)
//! ```

pub mod bank;
mod render;
pub mod rng;

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use rayon::prelude::*;

use crate::rules::{Check, RuleSet};
pub use bank::{BANKS, Bank};
use rng::Rng;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    pub seed: u64,
    /// Conversations written as files (chat logs and mails).
    pub conversations: usize,
    /// Language codes; each conversation picks one.
    pub languages: Vec<String>,
    /// Bytes of JSON Lines to write (0: none).
    pub jsonl_bytes: u64,
    /// The share of file conversations written as mail instead of chat.
    pub email_share: f64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            seed: 1,
            conversations: 1000,
            languages: BANKS.iter().map(|b| b.code.to_string()).collect(),
            jsonl_bytes: 10 << 20,
            email_share: 0.2,
        }
    }
}

/// Counts of one kind of output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub conversations: usize,
    pub messages: usize,
    pub bytes: u64,
}

impl Written {
    fn add(&mut self, other: Written) {
        self.files += other.files;
        self.conversations += other.conversations;
        self.messages += other.messages;
        self.bytes += other.bytes;
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "files": self.files,
            "conversations": self.conversations,
            "messages": self.messages,
            "bytes": self.bytes,
        })
    }
}

/// What [`generate`] wrote.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub chat: Written,
    pub email: Written,
    pub jsonl: Written,
}

impl Summary {
    pub fn json(&self, options: &Options) -> serde_json::Value {
        serde_json::json!({
            "seed": options.seed,
            "languages": options.languages,
            "chat": self.chat.json(),
            "email": self.email.json(),
            "jsonl": self.jsonl.json(),
        })
    }
}

/// Who wrote a generated message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Agent,
    Customer,
}

/// One generated message.
#[derive(Clone, Debug)]
pub struct Turn {
    pub who: Who,
    /// Seconds since the Unix epoch.
    pub at: i64,
    pub text: String,
}

/// One generated conversation.
#[derive(Clone, Debug)]
pub struct Conversation {
    pub id: String,
    pub bank: &'static Bank,
    pub agent: &'static str,
    pub customer: &'static str,
    pub subject: String,
    pub turns: Vec<Turn>,
}

/// Bad wording per language: the bank's own and the packs' fire examples
/// of phrase rules (single sentences, not transcripts).
pub struct Sins {
    by_language: HashMap<&'static str, Vec<String>>,
}

impl Sins {
    pub fn new(set: Option<&RuleSet>) -> Sins {
        let mut by_language = HashMap::new();
        for bank in BANKS {
            let mut sins: Vec<String> = bank.sins.iter().map(|s| s.to_string()).collect();
            if let Some(pack) = set.and_then(|s| s.pack(bank.code)) {
                for rule in set.map_or(&[][..], |s| &s.rules[..]) {
                    if rule.check != Check::Phrases {
                        continue;
                    }
                    let Some(entry) = pack.rules().get(rule.id()) else {
                        continue;
                    };
                    sins.extend(
                        entry
                            .fire
                            .iter()
                            .map(|item| item.text.trim())
                            .filter(|t| is_sentence(t))
                            .map(str::to_string),
                    );
                }
            }
            by_language.insert(bank.code, sins);
        }
        Sins { by_language }
    }

    fn of(&self, bank: &Bank) -> &[String] {
        self.by_language.get(bank.code).map_or(&[], Vec::as_slice)
    }
}

/// A fire example usable inside a generated message: one line, no speaker
/// label, no template placeholder syntax that would confuse a reader.
fn is_sentence(text: &str) -> bool {
    !text.is_empty()
        && !text.contains('\n')
        && !text.starts_with('[')
        && text.split_whitespace().count() <= 40
        && text
            .split_once(':')
            .is_none_or(|(head, _)| head.split_whitespace().count() > 3)
}

/// The banks of `options.languages`; an error names an unknown code.
pub fn banks(languages: &[String]) -> Result<Vec<&'static Bank>, String> {
    languages
        .iter()
        .map(|code| {
            bank::bank(code).ok_or_else(|| {
                let known: Vec<&str> = BANKS.iter().map(|b| b.code).collect();
                format!(
                    "no phrase bank for language `{code}` (known: {})",
                    known.join(", ")
                )
            })
        })
        .collect()
}

const STREAM_FILES: u64 = 1;
const STREAM_JSONL: u64 = 2;

/// Writes a corpus into `out` (created if missing).
pub fn generate(out: &Path, options: &Options, sins: &Sins) -> io::Result<Summary> {
    let banks = banks(&options.languages).map_err(io::Error::other)?;
    if banks.is_empty() {
        return Err(io::Error::other("no languages to generate"));
    }
    fs::create_dir_all(out)?;
    let written: Vec<(bool, Written)> = (0..options.conversations)
        .into_par_iter()
        .map(|i| -> io::Result<(bool, Written)> {
            let mut rng = Rng::for_item(options.seed, STREAM_FILES, i as u64);
            let email = rng.chance(options.email_share);
            let bank = rng.pick(&banks);
            let conversation = conversation(&mut rng, bank, sins, email, format!("{:06}", i + 1));
            let (dir, name, text) = if email {
                let dir = out.join("email").join(bank.code);
                let name = format!("mail-{}.eml", conversation.id);
                (dir, name, render::email(&conversation))
            } else {
                let dir = out.join("chat").join(bank.code);
                let name = format!("chat-{}.txt", conversation.id);
                (dir, name, render::chat(&conversation, &mut rng))
            };
            fs::create_dir_all(&dir)?;
            fs::write(dir.join(name), &text)?;
            Ok((
                email,
                Written {
                    files: 1,
                    conversations: 1,
                    messages: conversation.turns.len(),
                    bytes: text.len() as u64,
                },
            ))
        })
        .collect::<io::Result<_>>()?;
    let mut summary = Summary::default();
    for (email, w) in written {
        if email {
            summary.email.add(w);
        } else {
            summary.chat.add(w);
        }
    }
    if options.jsonl_bytes > 0 {
        summary.jsonl = write_jsonl(out, options, &banks, sins)?;
    }
    let manifest =
        serde_json::to_string_pretty(&summary.json(options)).map_err(io::Error::other)?;
    fs::write(out.join("corpus.json"), manifest + "\n")?;
    Ok(summary)
}

fn write_jsonl(
    out: &Path,
    options: &Options,
    banks: &[&'static Bank],
    sins: &Sins,
) -> io::Result<Written> {
    let dir = out.join("jsonl");
    fs::create_dir_all(&dir)?;
    let mut file =
        BufWriter::with_capacity(1 << 20, fs::File::create(dir.join("conversations.jsonl"))?);
    let mut written = Written {
        files: 1,
        ..Written::default()
    };
    // Generated in parallel batches, written in order.
    const BATCH: usize = 4096;
    let mut next = 0usize;
    while written.bytes < options.jsonl_bytes {
        let lines: Vec<(String, usize)> = (next..next + BATCH)
            .into_par_iter()
            .map(|i| {
                let mut rng = Rng::for_item(options.seed, STREAM_JSONL, i as u64);
                let bank = rng.pick(banks);
                let c = conversation(&mut rng, bank, sins, false, format!("{:07}", i + 1));
                (render::jsonl(&c), c.turns.len())
            })
            .collect();
        next += BATCH;
        for (line, messages) in lines {
            if written.bytes >= options.jsonl_bytes {
                break;
            }
            file.write_all(line.as_bytes())?;
            file.write_all(b"\n")?;
            written.bytes += line.len() as u64 + 1;
            written.conversations += 1;
            written.messages += messages;
        }
    }
    file.flush()?;
    Ok(written)
}

/// Rates of the sins, per conversation or per agent message.
const MISSING_GREETING: f64 = 0.08;
const ROBOTIC_OPENER: f64 = 0.03;
const MISSING_INTRODUCTION: f64 = 0.15;
const MISSING_EMPATHY: f64 = 0.1;
const MISSING_THANKS: f64 = 0.12;
const MISSING_FURTHER_HELP: f64 = 0.18;
const SIN_PER_AGENT_MESSAGE: f64 = 0.06;
const SLOW_REPLY: f64 = 0.02;

/// Generates one conversation.
pub fn conversation(
    rng: &mut Rng,
    bank: &'static Bank,
    sins: &Sins,
    email: bool,
    id: String,
) -> Conversation {
    let count = if email {
        rng.range(2, 6)
    } else {
        rng.range(4, 20)
    };
    // Who speaks: mostly alternating, the customer first; sometimes one side
    // sends two messages in a row. The agent has the last word.
    let mut roles = Vec::with_capacity(count);
    let mut who = if rng.chance(0.8) {
        Who::Customer
    } else {
        Who::Agent
    };
    for _ in 0..count {
        roles.push(who);
        if !rng.chance(0.12) {
            who = match who {
                Who::Agent => Who::Customer,
                Who::Customer => Who::Agent,
            };
        }
    }
    if roles.last() == Some(&Who::Customer) {
        roles.push(Who::Agent);
    }
    let agent = rng.pick(bank.agent_names);
    let customer = rng.pick(bank.customer_names);
    let order = format!("{}", rng.range(10_000, 999_999));
    let fill = |text: &str| text.replace("{name}", agent).replace("{order}", &order);
    // Some day in 2024, during opening hours.
    let mut at =
        1_704_067_200 + rng.below(365) as i64 * 86_400 + rng.range(8 * 3600, 18 * 3600) as i64;
    let mut turns: Vec<Turn> = Vec::with_capacity(roles.len());
    let greet = !rng.chance(MISSING_GREETING);
    let robotic = rng.chance(ROBOTIC_OPENER);
    let introduce = !rng.chance(MISSING_INTRODUCTION);
    let thank = !rng.chance(MISSING_THANKS);
    let offer_help = !rng.chance(MISSING_FURTHER_HELP);
    let agent_turns = roles.iter().filter(|r| **r == Who::Agent).count();
    let mut agent_seen = 0;
    let sins = sins.of(bank);
    for (index, &role) in roles.iter().enumerate() {
        if index > 0 {
            let previous = roles[index - 1];
            at += if email {
                rng.range(3600, 30 * 3600) as i64
            } else if role == Who::Agent && previous == Who::Customer && rng.chance(SLOW_REPLY) {
                rng.range(6 * 60, 20 * 60) as i64
            } else {
                rng.range(10, 50) as i64
            };
        }
        let mut sentences: Vec<String> = Vec::new();
        let limit;
        match role {
            Who::Customer => {
                limit = rng.range(5, 30);
                let first = !turns.iter().any(|t| t.who == Who::Customer);
                if first {
                    if rng.chance(0.5) {
                        sentences.push(fill(rng.pick(bank.greetings)));
                    }
                    sentences.push(fill(rng.pick(bank.problems)));
                } else if index + 2 >= roles.len() && rng.chance(0.6) {
                    sentences.push(fill(rng.pick(bank.customer_thanks)));
                }
                while words(&sentences) < limit
                    && push_new(&mut sentences, fill(rng.pick(bank.details)))
                {}
            }
            Who::Agent => {
                limit = rng.range(8, 60);
                agent_seen += 1;
                let first = agent_seen == 1;
                let last = agent_seen == agent_turns;
                if first {
                    if robotic {
                        sentences.push(fill(rng.pick(bank.robotic_openers)));
                    }
                    if greet {
                        sentences.push(fill(rng.pick(bank.greetings)));
                    }
                    if introduce {
                        sentences.push(fill(rng.pick(bank.introductions)));
                    }
                }
                let after_customer = index > 0 && roles[index - 1] == Who::Customer;
                if after_customer && !rng.chance(MISSING_EMPATHY) {
                    sentences.push(fill(rng.pick(bank.empathy)));
                }
                if first && turns.iter().all(|t| t.who == Who::Agent) {
                    sentences.push(fill(rng.pick(bank.offers)));
                }
                if !sins.is_empty() && rng.chance(SIN_PER_AGENT_MESSAGE) {
                    sentences.push(fill(&sins[rng.below(sins.len())]));
                }
                let closing = if last {
                    let mut end = Vec::new();
                    if thank {
                        end.push(fill(rng.pick(bank.thanks)));
                    }
                    if offer_help {
                        end.push(fill(rng.pick(bank.further_help)));
                    }
                    end.push(fill(rng.pick(bank.closings)));
                    end
                } else {
                    Vec::new()
                };
                let room = limit.saturating_sub(words(&closing));
                while words(&sentences) < room.max(5)
                    && push_new(&mut sentences, fill(rng.pick(bank.answers)))
                {}
                sentences.extend(closing);
            }
        }
        let mut text = sentences.join(" ");
        truncate_words(&mut text, 60);
        turns.push(Turn {
            who: role,
            at,
            text,
        });
    }
    let subject = fill(rng.pick(bank.subjects));
    Conversation {
        id,
        bank,
        agent,
        customer,
        subject,
        turns,
    }
}

/// Adds a sentence the message does not have yet; false when it has it
/// (the message is long enough then: sentences are not repeated).
fn push_new(sentences: &mut Vec<String>, sentence: String) -> bool {
    if sentences.contains(&sentence) {
        false
    } else {
        sentences.push(sentence);
        true
    }
}

fn words(sentences: &[String]) -> usize {
    sentences.iter().map(|s| s.split_whitespace().count()).sum()
}

/// Cuts `text` after `max` words, at a sentence end when there is one.
fn truncate_words(text: &mut String, max: usize) {
    let Some((cut, _)) = text
        .split_whitespace()
        .nth(max)
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
    else {
        return;
    };
    let head = &text[..cut];
    let end = head
        .rfind(['.', '!', '?', ';'])
        .map_or(head.trim_end().len(), |i| i + 1);
    text.truncate(end);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversations_are_deterministic_and_within_bounds() {
        let sins = Sins::new(None);
        for i in 0..200 {
            let bank = BANKS[i % BANKS.len()];
            let a = conversation(
                &mut Rng::for_item(9, 1, i as u64),
                bank,
                &sins,
                false,
                "x".into(),
            );
            let b = conversation(
                &mut Rng::for_item(9, 1, i as u64),
                bank,
                &sins,
                false,
                "x".into(),
            );
            assert_eq!(
                a.turns.iter().map(|t| &t.text).collect::<Vec<_>>(),
                b.turns.iter().map(|t| &t.text).collect::<Vec<_>>()
            );
            assert!((4..=21).contains(&a.turns.len()), "{}", a.turns.len());
            assert_eq!(a.turns.last().unwrap().who, Who::Agent);
            for t in &a.turns {
                let n = t.text.split_whitespace().count();
                assert!((1..=60).contains(&n), "{n}: {}", t.text);
                assert!(!t.text.contains('{'), "{}", t.text);
            }
            assert!(a.turns.windows(2).all(|w| w[0].at < w[1].at));
        }
    }

    #[test]
    fn unknown_languages_are_named() {
        assert!(
            banks(&["en".into(), "xx".into()])
                .unwrap_err()
                .contains("`xx`")
        );
    }

    #[test]
    fn sentences_not_transcripts_become_sins() {
        assert!(is_sentence("Please be advised that your RMA was rejected."));
        assert!(!is_sentence("[10:00] Agent: hi"));
        assert!(!is_sentence("Customer: my parcel\nAgent: ok"));
        assert!(!is_sentence("Agent: Hello"));
    }
}
