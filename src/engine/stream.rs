//! Checking a stream of conversations in parallel, in order, in flat memory.
//!
//! A reader hands conversations to a [`Sink`] as it reads them. The sink
//! [`check_stream`] gives it collects them into chunks and checks each full
//! chunk on rayon's pool while the reader goes on; results come out in
//! reading order, whatever order the chunks finish in. At most a few chunks
//! per thread are in flight (the reader helps with the work while it waits),
//! so memory does not grow with the input, and one huge file is spread over
//! every core. A file that fits in one chunk (a chat log) is checked on the
//! reader's own thread, without any task or channel.
//!
//! Plugging a reader in: any function that takes `&mut dyn Sink` and calls
//! `sink.transcript(…)` per conversation (`sink.error(…)` per bad record)
//! works as is:
//!
//! ```ignore
//! let errors = check_stream(engine, &mut results, |sink| {
//!     input::read_jsonl(&path, open(), &options.read, layout, sink)
//! });
//! ```

use std::collections::BTreeMap;
use std::sync::mpsc;

use crate::conversation::ConversationResult;
use crate::engine::Engine;
use crate::error::InputError;
use crate::finding::Finding;
use crate::input::{Parsed, Sink};
use crate::transcript::Transcript;

/// A chunk is sent to the pool when it has this many conversations…
const CHUNK_CONVERSATIONS: usize = 64;
/// …or this many bytes of message text.
const CHUNK_BYTES: usize = 128 * 1024;
/// A file this small holds one chunk's work at most, whatever its
/// format (for callers deciding not to start the pool for it).
pub const ONE_CHUNK_BYTES: u64 = CHUNK_BYTES as u64;
/// Chunks in flight (sent and not yet delivered) per pool thread. With
/// two, the reader of a large file often stopped reading until the oldest
/// chunk, running on another thread, was done, and sat idle meanwhile:
/// 8 % of two threads' time on a 40 MB JSON Lines file; with four, 2.5 %.
const IN_FLIGHT_PER_THREAD: usize = 4;

/// Where a streaming check hands its results, one conversation at a time,
/// in reading order.
pub trait Results {
    fn conversation(&mut self, result: ConversationResult);
    /// Told before any conversation when the reader hands conversations on
    /// in the order of their lines, so their findings, each conversation's
    /// in order, come out in the file's order as they are.
    fn in_line_order(&mut self) {}
}

impl Results for Vec<ConversationResult> {
    fn conversation(&mut self, result: ConversationResult) {
        self.push(result);
    }
}

/// Keeps only the findings (what `couth check` prints), so a large file's
/// conversations are not kept.
#[derive(Debug, Default)]
pub struct FindingsOnly(pub Vec<Finding>);

impl Results for FindingsOnly {
    fn conversation(&mut self, result: ConversationResult) {
        self.0.extend(result.findings);
    }
}

/// Runs `read` with a sink that checks every conversation it is handed;
/// the results go to `results` in reading order. The input errors the
/// reader reported are returned.
pub fn check_stream(
    engine: &Engine,
    results: &mut dyn Results,
    read: impl FnOnce(&mut dyn Sink),
) -> Vec<InputError> {
    check_stream_with(engine, results, read, check_chunk)
}

/// Like [`check_stream`] for conversations read already. When they fit in
/// one chunk (a draft, a chat log) they are checked on this thread without
/// starting rayon's pool at all: a draft's check is over before the pool's
/// threads would have started.
pub fn check_parsed(engine: &Engine, results: &mut dyn Results, parsed: Parsed) -> Vec<InputError> {
    let bytes: usize = parsed.transcripts.iter().map(text_bytes).sum();
    if parsed.transcripts.len() < CHUNK_CONVERSATIONS && bytes < CHUNK_BYTES {
        for result in check_chunk(engine, parsed.transcripts) {
            results.conversation(result);
        }
        return parsed.errors;
    }
    check_stream(engine, results, |sink| parsed.replay(sink))
}

fn text_bytes(transcript: &Transcript) -> usize {
    transcript.messages.iter().map(|m| m.text.len()).sum()
}

/// How a chunk of conversations is checked (a seam for tests).
type CheckChunk = fn(&Engine, Vec<Transcript>) -> Vec<ConversationResult>;

fn check_stream_with(
    engine: &Engine,
    results: &mut dyn Results,
    read: impl FnOnce(&mut dyn Sink),
    check: CheckChunk,
) -> Vec<InputError> {
    let (sender, receiver) = mpsc::channel();
    rayon::in_place_scope(|scope| {
        let mut checker = Checker {
            engine,
            check,
            scope,
            results,
            chunk: Vec::new(),
            chunk_bytes: 0,
            sender,
            receiver,
            spawned: 0,
            delivered: 0,
            in_flight: 0,
            limit: IN_FLIGHT_PER_THREAD * rayon::current_num_threads().max(1),
            finished: BTreeMap::new(),
            errors: Vec::new(),
        };
        read(&mut checker);
        checker.finish()
    })
}

/// A chunk's sequence number and results (or the panic that
/// stopped its check: it is raised again on the reading thread, where the
/// batch turns it into an error naming the file).
type Done = (u64, std::thread::Result<Vec<ConversationResult>>);

struct Checker<'a, 'scope> {
    engine: &'scope Engine,
    check: CheckChunk,
    scope: &'a rayon::Scope<'scope>,
    results: &'a mut dyn Results,
    chunk: Vec<Transcript>,
    chunk_bytes: usize,
    sender: mpsc::Sender<Done>,
    receiver: mpsc::Receiver<Done>,
    /// Chunks sent to the pool, and chunks whose results were delivered.
    spawned: u64,
    delivered: u64,
    in_flight: usize,
    limit: usize,
    /// Results of chunks that finished before an earlier one.
    finished: BTreeMap<u64, Vec<ConversationResult>>,
    errors: Vec<InputError>,
}

fn check_chunk(engine: &Engine, chunk: Vec<Transcript>) -> Vec<ConversationResult> {
    chunk
        .iter()
        .map(|t| ConversationResult::new(t, engine.check_detailed(t)))
        .collect()
}

impl Checker<'_, '_> {
    /// Sends the current chunk to the pool, after waiting (and helping)
    /// while too many are undelivered. Chunks that finished but wait for an
    /// older one count too: a thread runs its own newest job first, so with
    /// one thread the oldest chunk could otherwise wait to the end while
    /// every other result piled up.
    fn spawn(&mut self) {
        while self.spawned - self.delivered >= self.limit as u64 {
            self.wait_one();
        }
        let chunk = std::mem::take(&mut self.chunk);
        self.chunk_bytes = 0;
        let (engine, check, sender) = (self.engine, self.check, self.sender.clone());
        let sequence = self.spawned;
        self.scope.spawn(move |_| {
            // A panic must still send, or the reader would wait forever.
            let results =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(engine, chunk)));
            // The receiver lives until the scope ends, unless the reading
            // thread is unwinding: then nobody needs the results.
            let _ = sender.send((sequence, results));
        });
        self.spawned += 1;
        self.in_flight += 1;
        while let Ok(done) = self.receiver.try_recv() {
            self.accept(done);
        }
    }

    /// Waits for one chunk to finish, running pool work meanwhile (so a
    /// pool of one thread makes progress too).
    fn wait_one(&mut self) {
        loop {
            if let Ok(done) = self.receiver.try_recv() {
                self.accept(done);
                return;
            }
            match rayon::yield_now() {
                Some(rayon::Yield::Executed) => {}
                // Nothing to run here: every chunk in flight is running on
                // another thread, and will send.
                _ => {
                    if let Ok(done) = self.receiver.recv() {
                        self.accept(done);
                    }
                    return;
                }
            }
        }
    }

    fn accept(&mut self, (sequence, results): Done) {
        self.in_flight -= 1;
        let results = match results {
            Ok(results) => results,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        self.finished.insert(sequence, results);
        while let Some(results) = self.finished.remove(&self.delivered) {
            for result in results {
                self.results.conversation(result);
            }
            self.delivered += 1;
        }
    }

    fn finish(mut self) -> Vec<InputError> {
        while self.in_flight > 0 {
            self.wait_one();
        }
        // The last chunk (a small file's only one) on this thread.
        for result in (self.check)(self.engine, std::mem::take(&mut self.chunk)) {
            self.results.conversation(result);
        }
        self.errors
    }
}

impl Sink for Checker<'_, '_> {
    fn transcript(&mut self, transcript: Transcript) {
        self.chunk_bytes += text_bytes(&transcript);
        self.chunk.push(transcript);
        if self.chunk.len() >= CHUNK_CONVERSATIONS || self.chunk_bytes >= CHUNK_BYTES {
            self.spawn();
        }
    }

    fn error(&mut self, error: InputError) {
        self.errors.push(error);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::{InputKind, Message, Role};

    fn transcript(i: usize) -> Transcript {
        let mut t = Transcript::new(format!("t{i}"), InputKind::Jsonl);
        t.name = Some(format!("c{i}"));
        let text = if i.is_multiple_of(3) {
            "Please be advised that your RMA was rejected."
        } else {
            "Hello, I'm Sam. Thanks for waiting, is there anything else I can help with?"
        };
        t.messages
            .push(Message::new(Role::Agent, text, i as u32 + 1, 1));
        t
    }

    #[test]
    fn results_come_in_reading_order_across_many_chunks() {
        let engine = Engine::embedded().unwrap();
        let n = CHUNK_CONVERSATIONS * 5 + 17;
        let mut results: Vec<ConversationResult> = Vec::new();
        let errors = check_stream(&engine, &mut results, |sink| {
            for i in 0..n {
                sink.transcript(transcript(i));
            }
            sink.error(InputError::new("t", "a bad line"));
        });
        assert_eq!(errors.len(), 1);
        assert_eq!(results.len(), n);
        for (i, r) in results.iter().enumerate() {
            assert_eq!(
                r.conversation.name.as_deref(),
                Some(format!("c{i}").as_str())
            );
            let expected = engine.check(&transcript(i));
            assert_eq!(r.findings.len(), expected.len());
        }
    }

    #[test]
    fn a_panic_in_a_chunk_reaches_the_reader_instead_of_hanging_it() {
        fn panics_on_the_third(engine: &Engine, chunk: Vec<Transcript>) -> Vec<ConversationResult> {
            if chunk[0].name.as_deref() == Some(&format!("c{}", CHUNK_CONVERSATIONS * 2)) {
                panic!("a bug in a rule");
            }
            check_chunk(engine, chunk)
        }
        let engine = Engine::embedded().unwrap();
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let caught = pool.install(|| {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let mut results: Vec<ConversationResult> = Vec::new();
                    check_stream_with(
                        &engine,
                        &mut results,
                        |sink| {
                            for i in 0..CHUNK_CONVERSATIONS * 6 {
                                sink.transcript(transcript(i));
                            }
                        },
                        panics_on_the_third,
                    )
                }))
            });
            let panic = caught.expect_err("the panic is raised again");
            assert_eq!(panic.downcast_ref::<&str>(), Some(&"a bug in a rule"));
        }
    }

    #[test]
    fn one_thread_does_not_deadlock() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let engine = Engine::embedded().unwrap();
        let mut results: Vec<ConversationResult> = Vec::new();
        pool.install(|| {
            check_stream(&engine, &mut results, |sink| {
                for i in 0..CHUNK_CONVERSATIONS * 4 {
                    sink.transcript(transcript(i));
                }
            })
        });
        assert_eq!(results.len(), CHUNK_CONVERSATIONS * 4);
    }

    #[test]
    fn one_thread_delivers_while_reading_so_memory_stays_flat() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};

        struct Count(Arc<AtomicUsize>);
        impl Results for Count {
            fn conversation(&mut self, _: ConversationResult) {
                self.0.fetch_add(1, Ordering::Relaxed);
            }
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let engine = Engine::embedded().unwrap();
        let delivered = Arc::new(AtomicUsize::new(0));
        let mut results = Count(delivered.clone());
        pool.install(|| {
            check_stream(&engine, &mut results, |sink| {
                for i in 0..CHUNK_CONVERSATIONS * 20 {
                    sink.transcript(transcript(i));
                    let held = i + 1 - delivered.load(Ordering::Relaxed);
                    let most = CHUNK_CONVERSATIONS * (IN_FLIGHT_PER_THREAD + 1);
                    assert!(held <= most, "{held} conversations held after {i}");
                }
            })
        });
        assert_eq!(delivered.load(Ordering::Relaxed), CHUNK_CONVERSATIONS * 20);
    }
}
