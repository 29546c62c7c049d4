//! Engine benchmarks: start-up (parsing the embedded packs, compiling one
//! language), one agent message and one whole conversation per language.
//!
//! `cargo bench --bench engine`; the whole-process figures (throughput
//! against ripgrep, threads, a draft on stdin, memory) come from
//! `bench/run.sh`.

use std::hint::black_box;
use std::sync::Arc;

use couth::corpus::{self, Sins, rng::Rng};
use couth::input::chat;
use couth::rules::{CompiledPack, RuleSet};
use couth::{Engine, InputKind, Message, Role, Transcript};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// A generated chat conversation in `language`, read as a transcript.
fn conversation(engine: &Engine, language: &str, seed: u64) -> Transcript {
    let bank = corpus::bank::bank(language).expect("a phrase bank");
    let set = engine.rules().clone();
    let sins = Sins::new(Some(&set));
    let mut rng = Rng::for_item(seed, 1, 0);
    let c = corpus::conversation(&mut rng, bank, &sins, false, "bench".into());
    let mut text = String::new();
    for turn in &c.turns {
        let label = match turn.who {
            corpus::Who::Agent => format!("{} ({})", bank.agent_label, c.agent),
            corpus::Who::Customer => bank.customer_label.to_string(),
        };
        text.push_str(&format!("[10:00] {label}: {}\n", turn.text));
    }
    chat::parse(&Arc::from("bench.txt"), &text, engine.labels())
}

fn bytes(t: &Transcript) -> u64 {
    t.messages.iter().map(|m| m.text.len() as u64).sum()
}

fn start_up(c: &mut Criterion) {
    let mut group = c.benchmark_group("start-up");
    group.sample_size(20);
    group.bench_function("embedded rule set, entries unread", |b| {
        b.iter(|| black_box(RuleSet::embedded().unwrap()))
    });
    group.bench_function("engine without compiling", |b| {
        b.iter(|| black_box(Engine::embedded().unwrap()))
    });
    let draft = {
        let mut t = Transcript::new("draft", InputKind::Draft);
        t.messages.push(Message::new(
            Role::Agent,
            "Hello Anna, thank you for waiting. I have checked your order and the parcel left our warehouse yesterday. Is there anything else I can help with?",
            1,
            1,
        ));
        t
    };
    group.bench_function("engine and one English draft", |b| {
        b.iter(|| {
            let engine = Engine::embedded().unwrap();
            black_box(engine.check(&draft))
        })
    });
    let set = RuleSet::embedded().unwrap();
    for pack in &set.packs {
        group.bench_function(format!("compile {} lazily", pack.language), |b| {
            b.iter(|| black_box(CompiledPack::compile(&set, pack, false).unwrap()))
        });
    }
    group.finish();
}

fn matching(c: &mut Criterion) {
    let engine = Engine::embedded().unwrap();
    engine.compile_all().unwrap();
    let languages: Vec<String> = engine
        .rules()
        .packs
        .iter()
        .map(|p| p.language.clone())
        .filter(|l| corpus::bank::bank(l).is_some())
        .collect();
    let mut group = c.benchmark_group("message");
    for language in &languages {
        let whole = conversation(&engine, language, 7);
        let agent = whole
            .messages
            .iter()
            .find(|m| m.role == Role::Agent)
            .expect("an agent message")
            .clone();
        let mut one = Transcript::new("message", InputKind::Chat);
        one.messages.push(agent);
        group.throughput(Throughput::Bytes(bytes(&one)));
        group.bench_function(language.as_str(), |b| {
            b.iter(|| black_box(engine.check(&one)))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("conversation");
    for language in &languages {
        let whole = conversation(&engine, language, 11);
        group.throughput(Throughput::Bytes(bytes(&whole)));
        group.bench_function(language.as_str(), |b| {
            b.iter(|| black_box(engine.check(&whole)))
        });
    }
    group.finish();
}

criterion_group!(benches, start_up, matching);
criterion_main!(benches);
