//! Checking many files in parallel, with output in a deterministic order.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

use rayon::prelude::*;

use crate::conversation::ConversationResult;
use crate::engine::Engine;
use crate::engine::stream::{self, FindingsOnly, Results, check_stream};
use crate::error::InputError;
use crate::finding::Finding;
use crate::input::walk::{FileJob, collect, describe_io, walk};
use crate::input::{self, Format, ReadOptions};

mod queue;

use queue::{JobQueue, TakeAhead};

/// What to check and how to read it.
#[derive(Clone, Debug, Default)]
pub struct BatchOptions {
    /// Read every file in this format instead of detecting it.
    pub format: Option<Format>,
    pub read: ReadOptions,
    /// Walk hidden files and folders too.
    pub hidden: bool,
    /// Do not respect `.gitignore` and `.ignore` files.
    pub no_ignore: bool,
    /// Told after each file of [`check_jobs`]; the library draws nothing.
    pub progress: Option<Progress>,
}

/// A callback told `(files done, files in the batch)` after each file, from
/// whichever worker thread finished it. The CLI draws a progress bar with it.
#[derive(Clone)]
pub struct Progress(Arc<dyn Fn(usize, usize) + Send + Sync>);

impl Progress {
    pub fn new(callback: impl Fn(usize, usize) + Send + Sync + 'static) -> Progress {
        Progress(Arc::new(callback))
    }

    pub fn report(&self, done: usize, total: usize) {
        (self.0)(done, total)
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Progress(..)")
    }
}

/// The result of a batch.
#[derive(Debug, Default)]
pub struct Outcome {
    pub files_checked: usize,
    /// The path of every file checked (as shown in findings), in order,
    /// whether or not it had findings.
    pub files: Vec<String>,
    pub findings: Vec<Finding>,
    pub errors: Vec<InputError>,
}

impl Outcome {
    /// Hands the files, findings and errors to `report`, in order.
    pub fn replay(self, report: &mut dyn Report) {
        for file in &self.files {
            report.file(file);
        }
        for finding in self.findings {
            report.finding(finding);
        }
        for error in self.errors {
            report.error(error);
        }
    }

    /// Appends another outcome's files, findings and errors.
    pub fn merge(&mut self, other: Outcome) {
        self.files_checked += other.files_checked;
        self.files.extend(other.files);
        self.findings.extend(other.findings);
        self.errors.extend(other.errors);
    }
}

/// The result of a batch, conversation by conversation.
#[derive(Debug, Default)]
pub struct DetailedOutcome {
    pub files_checked: usize,
    /// In the files' order, then each file's order.
    pub conversations: Vec<ConversationResult>,
    pub errors: Vec<InputError>,
}

/// Where a batch's results go, as they become final, in the batch's order:
/// files in the order they were walked; for each file, that it was read,
/// its findings ordered by position, then its input errors. Errors of the
/// walk itself come first. [`Outcome`] collects everything; the CLI writes
/// line formats as they come, so a huge file's findings are never all held.
pub trait Report: Send {
    /// A file was read (whether or not it has findings).
    fn file(&mut self, path: &str);
    fn finding(&mut self, finding: Finding);
    fn error(&mut self, error: InputError);
}

impl Report for Outcome {
    fn file(&mut self, path: &str) {
        self.files_checked += 1;
        self.files.push(path.to_string());
    }

    fn finding(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    fn error(&mut self, error: InputError) {
        self.errors.push(error);
    }
}

/// How the check of one file ended (its conversations' results went to a
/// [`Results`]).
#[derive(Debug, Default)]
struct FileOutcome {
    /// The file's path when it could be read.
    path: Option<String>,
    errors: Vec<InputError>,
}

/// Checks every file below `paths`.
pub fn check_paths(engine: &Engine, paths: &[PathBuf], options: &BatchOptions) -> Outcome {
    let mut outcome = Outcome::default();
    check_paths_into(engine, paths, options, &mut outcome);
    outcome
}

/// Checks every file below `paths`, handing the results to `report` in
/// order as they become final. With more than one thread, files are
/// checked while the walk goes on.
pub fn check_paths_into(
    engine: &Engine,
    paths: &[PathBuf],
    options: &BatchOptions,
    report: &mut dyn Report,
) {
    // (Asking for the thread count starts rayon's pool: not for a draft.)
    let walks = paths.iter().any(|path| path.is_dir());
    let threads = if walks {
        rayon::current_num_threads()
    } else {
        1
    };
    if threads < 2 {
        let (jobs, errors) = collect(paths, options.hidden, options.no_ignore);
        for error in errors {
            report.error(error);
        }
        check_jobs_into(engine, &jobs, options, report);
        return;
    }
    let workers = Workers::new(
        engine,
        options,
        JobQueue::open(take_ahead(options, threads)),
        report,
    );
    rayon::in_place_scope(|scope| {
        // One of the threads walks, then checks; the others check what the
        // walk has found so far. (A walk beside `threads` checking threads
        // took a core from them: one often slept, waiting for the next file
        // or for a regex the preempted thread was compiling.)
        scope.spawn(|scope| {
            // The walk holds the writer: the files finished meanwhile wait,
            // and the walk's errors come first, as when it is done first.
            let mut writer = lock(&workers.emitter.writer);
            for _ in 1..threads {
                scope.spawn(|_| workers.work());
            }
            let mut errors = Vec::new();
            {
                // Closed however the walk ends, so that no thread waits for
                // a file that will never come.
                let _closed = workers.jobs.closed_when_dropped();
                walk(
                    paths,
                    options.hidden,
                    options.no_ignore,
                    |job| workers.jobs.push(job),
                    |error| errors.push(error),
                );
            }
            for error in errors {
                writer.report.error(error);
            }
            drop(writer);
            workers.emitter.flush();
            workers.work();
        });
    });
    workers.finish();
}

/// Checks every file below `paths`, keeping each conversation's findings
/// with the conversation.
pub fn check_paths_detailed(
    engine: &Engine,
    paths: &[PathBuf],
    options: &BatchOptions,
) -> DetailedOutcome {
    let (jobs, mut errors) = collect(paths, options.hidden, options.no_ignore);
    let mut outcome = DetailedOutcome::default();
    let done = AtomicUsize::new(0);
    let files: Vec<(FileOutcome, Vec<ConversationResult>)> = jobs
        .par_iter()
        .map(|job| {
            let mut results = Vec::new();
            let file = check_file(engine, job, options, &mut results);
            report_progress(options, &done, jobs.len());
            (file, results)
        })
        .collect();
    for (file, results) in files {
        outcome.files_checked += usize::from(file.path.is_some());
        outcome.conversations.extend(results);
        errors.extend(file.errors);
    }
    outcome.errors = errors;
    outcome
}

/// Checks files in parallel; results come back in the jobs' order.
pub fn check_jobs(engine: &Engine, jobs: &[FileJob], options: &BatchOptions) -> Outcome {
    let mut outcome = Outcome::default();
    check_jobs_into(engine, jobs, options, &mut outcome);
    outcome
}

/// Checks files in parallel, handing the results to `report` in the jobs'
/// order as soon as they are final. Each thread takes the next file in
/// order, so only the files in progress are held back; a file whose
/// conversations come in line order (chat logs, JSON Lines) writes its
/// findings straight through while it is the oldest file in progress.
pub fn check_jobs_into(
    engine: &Engine,
    jobs: &[FileJob],
    options: &BatchOptions,
    report: &mut dyn Report,
) {
    if jobs.is_empty() {
        return;
    }
    if let [job] = jobs
        && is_small(job)
    {
        // One small file (a draft, a chat log) is checked here: its check
        // is over before rayon's pool would have started its threads.
        let emitter = Emitter::new(report);
        let mut results = Ordered::new(0, &job.display, &emitter);
        let file = check_file(engine, job, options, &mut results);
        results.finish(file);
        report_progress(options, &AtomicUsize::new(0), 1);
        return;
    }
    let threads = rayon::current_num_threads().clamp(1, jobs.len());
    let workers = Workers::new(
        engine,
        options,
        JobQueue::complete(jobs, take_ahead(options, threads)),
        report,
    );
    rayon::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|_| workers.work());
        }
    });
    workers.finish();
}

/// What the threads of a batch share: the files, in order, and where
/// their results go.
struct Workers<'a, 'r> {
    engine: &'a Engine,
    options: &'a BatchOptions,
    jobs: JobQueue,
    emitter: Emitter<'r>,
    /// How many files are done.
    done: AtomicUsize,
}

impl<'a, 'r> Workers<'a, 'r> {
    fn new(
        engine: &'a Engine,
        options: &'a BatchOptions,
        jobs: JobQueue,
        report: &'r mut dyn Report,
    ) -> Self {
        Workers {
            engine,
            options,
            jobs,
            emitter: Emitter::new(report),
            done: AtomicUsize::new(0),
        }
    }

    /// Checks the next file until there is none.
    fn work(&self) {
        while let Some((index, job)) = self.jobs.take() {
            let mut results = Ordered::new(index, &job.display, &self.emitter);
            let file = check_file(self.engine, &job, self.options, &mut results);
            results.finish(file);
            report_progress(self.options, &self.done, self.jobs.len());
        }
    }

    fn finish(self) {
        debug_assert!(
            lock(&self.emitter.waiting).is_empty(),
            "every file is reported"
        );
    }
}

/// Large files go first when more than one thread checks them (see
/// [`queue`]), at most four per thread ahead of their turn at a time (as
/// many chunks of a streamed file are in flight per thread).
fn take_ahead(options: &BatchOptions, threads: usize) -> TakeAhead {
    if threads < 2 {
        return TakeAhead::Never;
    }
    TakeAhead::Large {
        format: options.format,
        limit: 4 * threads,
    }
}

/// A file small enough to be checked in one chunk on one thread.
fn is_small(job: &FileJob) -> bool {
    std::fs::metadata(&job.path).is_ok_and(|m| m.len() <= stream::ONE_CHUNK_BYTES)
}

fn report_progress(options: &BatchOptions, done: &AtomicUsize, total: usize) {
    if let Some(progress) = &options.progress {
        progress.report(done.fetch_add(1, Ordering::Relaxed) + 1, total);
    }
}

/// Puts the files' results in order. A finished file waits in `waiting`
/// (a short lock); whichever thread holds `writer` reports the files whose
/// turn has come. A thread that finds the writer taken leaves its file to
/// the thread holding it and goes on checking: writing a file's findings
/// can take longer than checking it.
struct Emitter<'r> {
    writer: Mutex<Writer<'r>>,
    waiting: Mutex<BTreeMap<usize, FileDone>>,
}

/// The report, and the index of the file whose turn it is.
struct Writer<'r> {
    report: &'r mut dyn Report,
    next: usize,
}

/// What a finished file still has to report.
struct FileDone {
    /// The path, unless reported already.
    path: Option<String>,
    findings: Vec<Finding>,
    errors: Vec<InputError>,
}

impl<'r> Emitter<'r> {
    fn new(report: &'r mut dyn Report) -> Self {
        Emitter {
            writer: Mutex::new(Writer { report, next: 0 }),
            waiting: Mutex::new(BTreeMap::new()),
        }
    }

    /// Hands on a finished file; reports it, and the files after it that
    /// are waiting, when its turn has come and no other thread is writing.
    fn finish(&self, index: usize, file: FileDone) {
        lock(&self.waiting).insert(index, file);
        self.flush();
    }

    /// Reports the waiting files whose turn has come, unless another
    /// thread is writing: that thread reports them then.
    fn flush(&self) {
        while let Some(mut writer) = self.try_writer() {
            while let Some(file) = lock(&self.waiting).remove(&writer.next) {
                writer.write(file);
            }
            let next = writer.next;
            drop(writer);
            // A file whose turn has come may have been handed on while this
            // thread was writing, by a thread that found the writer taken.
            if !lock(&self.waiting).contains_key(&next) {
                return;
            }
        }
    }

    /// The writer, unless another thread holds it.
    fn try_writer(&self) -> Option<MutexGuard<'_, Writer<'r>>> {
        match self.writer.try_lock() {
            Ok(writer) => Some(writer),
            // A panic while reporting cannot leave the writer half-updated
            // in a way that matters more than losing the rest of the report.
            Err(TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        }
    }
}

impl Writer<'_> {
    fn write(&mut self, file: FileDone) {
        if let Some(path) = &file.path {
            self.report.file(path);
        }
        for finding in file.findings {
            self.report.finding(finding);
        }
        for error in file.errors {
            self.report.error(error);
        }
        self.next += 1;
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One file's results on their way to the [`Emitter`].
struct Ordered<'a, 'r> {
    index: usize,
    path: &'a str,
    emitter: &'a Emitter<'r>,
    /// The reader hands conversations on in the order of their lines.
    in_line_order: bool,
    /// The file was reported as read (its findings are being written).
    announced: bool,
    findings: Vec<Finding>,
}

impl<'a, 'r> Ordered<'a, 'r> {
    fn new(index: usize, path: &'a str, emitter: &'a Emitter<'r>) -> Self {
        Ordered {
            index,
            path,
            emitter,
            in_line_order: false,
            announced: false,
            findings: Vec::new(),
        }
    }

    fn finish(mut self, file: FileOutcome) {
        if file.path.is_none() && !self.announced {
            // Not read, or stopped by an internal error: what it found so
            // far is not the file's report.
            self.findings.clear();
        }
        if !self.in_line_order {
            self.findings
                .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        }
        let done = FileDone {
            path: file.path.filter(|_| !self.announced),
            findings: self.findings,
            errors: file.errors,
        };
        self.emitter.finish(self.index, done);
    }
}

impl Results for Ordered<'_, '_> {
    fn in_line_order(&mut self) {
        self.in_line_order = true;
    }

    fn conversation(&mut self, result: ConversationResult) {
        if self.in_line_order
            && !result.findings.is_empty()
            && let Some(mut writer) = self.emitter.try_writer()
            && writer.next == self.index
        {
            // The oldest file in progress writes straight through (when
            // another thread is writing, its findings wait for the next
            // conversation or the file's end).
            if !self.announced {
                writer.report.file(self.path);
                self.announced = true;
            }
            for finding in self.findings.drain(..).chain(result.findings) {
                writer.report.finding(finding);
            }
            return;
        }
        self.findings.extend(result.findings);
    }
}

/// Checks one file, its conversations' results going to `results`.
fn check_file(
    engine: &Engine,
    job: &FileJob,
    options: &BatchOptions,
    results: &mut dyn Results,
) -> FileOutcome {
    guarded(&job.display, || {
        check_file_unguarded(engine, job, options, results)
    })
}

fn check_file_unguarded(
    engine: &Engine,
    job: &FileJob,
    options: &BatchOptions,
    results: &mut dyn Results,
) -> FileOutcome {
    let io_error = |e: std::io::Error| FileOutcome {
        errors: vec![InputError::new(job.display.clone(), describe_io(&e))],
        ..FileOutcome::default()
    };
    let path: Arc<str> = Arc::from(job.display.as_str());
    let named = options.format.or(job.format);
    if let Some(format) = named
        && !is_streamed(format)
    {
        return read_whole_and_check(engine, job, &path, format, options, results);
    }
    let mut reader = match File::open(&job.path) {
        Ok(file) => BufReader::with_capacity(64 * 1024, file),
        Err(e) => return io_error(e),
    };
    let format = match named {
        Some(format) => format,
        None => match reader.fill_buf() {
            Ok(head) => Format::sniff(head),
            Err(e) => return io_error(e),
        },
    };
    if !is_streamed(format) {
        drop(reader);
        return read_whole_and_check(engine, job, &path, format, options, results);
    }
    // Streamed formats are not read whole: an empty (or blank) file is
    // told by its first buffer, when that holds the whole file.
    let size = reader.get_ref().metadata().map(|m| m.len()).ok();
    let head = match reader.fill_buf() {
        Ok(head) => head,
        Err(e) => return io_error(e),
    };
    let whole = size.is_some_and(|size| size <= head.len() as u64);
    if whole && input::is_blank(head) {
        return FileOutcome {
            path: Some(path.to_string()),
            errors: vec![input::blank_error(&path)],
        };
    }
    if format == Format::Jsonl {
        drop(reader);
        return check_jsonl_file(engine, job, &path, &options.read, results);
    }
    // Streamed: an mbox is read mail by mail, never whole; its threads
    // are known once every mail is read.
    let parsed = input::mbox::read_mbox(&path, reader, &options.read);
    check_parsed(engine, &path, parsed, results)
}

/// The formats read piece by piece rather than whole.
fn is_streamed(format: Format) -> bool {
    matches!(format, Format::Jsonl | Format::Mbox)
}

/// Reads a file whole (refused past the size limit or when binary), then
/// checks it.
fn read_whole_and_check(
    engine: &Engine,
    job: &FileJob,
    path: &Arc<str>,
    format: Format,
    options: &BatchOptions,
    results: &mut dyn Results,
) -> FileOutcome {
    let bytes = match input::read_file(&job.path, &job.display) {
        Ok(bytes) => bytes,
        Err(error) => {
            return FileOutcome {
                errors: vec![error],
                ..FileOutcome::default()
            };
        }
    };
    let parsed = input::read(path, &bytes, format, &options.read);
    if format == Format::Chat && parsed.transcripts.len() <= 1 {
        // One conversation: its findings are in line order already.
        results.in_line_order();
    }
    check_parsed(engine, path, parsed, results)
}

/// Streams a JSON Lines file: conversations are checked in parallel chunks
/// while the file is read, so memory does not grow with the file and one
/// huge file keeps every core busy. A file of message lines is read once
/// more, first, for the order of its conversations (see
/// [`input::json::lines`]).
fn check_jsonl_file(
    engine: &Engine,
    job: &FileJob,
    path: &Arc<str>,
    options: &ReadOptions,
    results: &mut dyn Results,
) -> FileOutcome {
    let open = || File::open(&job.path).map(|f| BufReader::with_capacity(1 << 18, f));
    let layout = match input::jsonl_layout(path, open(), options) {
        Ok(layout) => layout,
        Err(error) => {
            return FileOutcome {
                errors: vec![error],
                ..FileOutcome::default()
            };
        }
    };
    if layout.in_line_order() {
        results.in_line_order();
    }
    let errors = check_stream(engine, results, |sink| {
        input::read_jsonl(path, open(), options, layout, sink)
    });
    FileOutcome {
        path: Some(path.to_string()),
        errors,
    }
}

/// Reads and checks one input held in memory (a file's bytes, stdin).
pub fn check_bytes(
    engine: &Engine,
    path: &Arc<str>,
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
) -> Outcome {
    let mut results = FindingsOnly::default();
    let file = read_and_check(engine, path, bytes, format, options, &mut results);
    let mut findings = results.0;
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Outcome {
        files_checked: usize::from(file.path.is_some()),
        files: file.path.into_iter().collect(),
        findings,
        errors: file.errors,
    }
}

/// Like [`check_bytes`], keeping each conversation's findings with it.
pub fn check_bytes_detailed(
    engine: &Engine,
    path: &Arc<str>,
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
) -> DetailedOutcome {
    let mut conversations = Vec::new();
    let file = read_and_check(engine, path, bytes, format, options, &mut conversations);
    DetailedOutcome {
        files_checked: usize::from(file.path.is_some()),
        conversations,
        errors: file.errors,
    }
}

fn read_and_check(
    engine: &Engine,
    path: &Arc<str>,
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
    results: &mut dyn Results,
) -> FileOutcome {
    guarded(path, || {
        let parsed = input::read(path, bytes, format, options);
        check_parsed(engine, path, parsed, results)
    })
}

/// Runs `check` for the file `path`; a panic inside (a bug in a reader or
/// the engine) becomes an error naming the file instead of ending the whole
/// batch, so one bad file cannot hide the findings of the others. The
/// panic's own message is still printed on stderr by the panic hook.
fn guarded(path: &str, check: impl FnOnce() -> FileOutcome) -> FileOutcome {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(check)) {
        Ok(outcome) => outcome,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".into());
            FileOutcome {
                errors: vec![InputError::new(
                    path,
                    format!(
                        "internal error while checking this file ({what}); it was skipped. \
                         This is a bug in couth: please report it with the file"
                    ),
                )],
                ..FileOutcome::default()
            }
        }
    }
}

/// Checks the transcripts a reader made of one input: a file of many
/// conversations (a JSON export, a mailbox) in parallel chunks.
fn check_parsed(
    engine: &Engine,
    path: &Arc<str>,
    parsed: input::Parsed,
    results: &mut dyn Results,
) -> FileOutcome {
    let errors = stream::check_parsed(engine, results, parsed);
    FileOutcome {
        path: Some(path.to_string()),
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Records the files reported, taking a while over each.
    #[derive(Default)]
    struct SlowReport(Vec<String>);

    impl Report for SlowReport {
        fn file(&mut self, path: &str) {
            let start = std::time::Instant::now();
            while start.elapsed() < std::time::Duration::from_micros(5) {
                std::hint::spin_loop();
            }
            self.0.push(path.to_string());
        }
        fn finding(&mut self, _: Finding) {}
        fn error(&mut self, _: InputError) {}
    }

    #[test]
    fn files_finished_in_any_order_on_many_threads_are_reported_in_order() {
        // Many short batches: each one's end is where a file handed on
        // while another thread writes could be left unreported.
        const FILES: usize = 200;
        for _ in 0..50 {
            let mut report = SlowReport::default();
            let emitter = Emitter::new(&mut report);
            let taken = AtomicUsize::new(0);
            std::thread::scope(|scope| {
                for _ in 0..4 {
                    scope.spawn(|| {
                        loop {
                            // Files taken in pairs and finished second first.
                            let first = taken.fetch_add(2, Ordering::Relaxed);
                            if first >= FILES {
                                break;
                            }
                            for index in [first + 1, first] {
                                let done = FileDone {
                                    path: Some(format!("f{index}")),
                                    findings: Vec::new(),
                                    errors: Vec::new(),
                                };
                                emitter.finish(index, done);
                            }
                        }
                    });
                }
            });
            assert!(
                lock(&emitter.waiting).is_empty(),
                "a file was never reported"
            );
            drop(emitter);
            let expected: Vec<String> = (0..FILES).map(|i| format!("f{i}")).collect();
            assert_eq!(report.0, expected);
        }
    }

    #[test]
    fn a_panic_while_checking_a_file_becomes_an_error_naming_it() {
        let outcome = guarded("weird.txt", || panic!("index out of bounds"));
        assert_eq!(outcome.path, None);
        assert_eq!(outcome.errors.len(), 1);
        let error = outcome.errors[0].to_string();
        assert!(error.starts_with("weird.txt: internal error"), "{error}");
        assert!(error.contains("index out of bounds"), "{error}");
        let ok = guarded("fine.txt", || FileOutcome {
            path: Some("fine.txt".into()),
            ..FileOutcome::default()
        });
        assert_eq!(ok.path.as_deref(), Some("fine.txt"));
    }

    #[test]
    fn empty_streamed_files_are_errors_too() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["empty.jsonl", "empty.mbox", "blank.jsonl"] {
            let text = if name.starts_with("blank") {
                " \n\n"
            } else {
                ""
            };
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let engine = Engine::embedded().unwrap();
        let outcome = check_paths(
            &engine,
            &[dir.path().to_path_buf()],
            &BatchOptions::default(),
        );
        let messages: Vec<String> = outcome.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        for message in messages {
            assert!(
                message.ends_with(": empty file: there is no text to check"),
                "{message}"
            );
        }
    }

    /// Everything a batch reports, in the order reported.
    #[derive(Default)]
    struct Log(Vec<String>);

    impl Report for Log {
        fn file(&mut self, path: &str) {
            self.0.push(format!("file {path}"));
        }
        fn finding(&mut self, f: Finding) {
            self.0
                .push(format!("{}:{}:{} {}", f.path, f.line, f.column, f.rule));
        }
        fn error(&mut self, error: InputError) {
            self.0.push(format!("error {error}"));
        }
    }

    /// What `check_paths_into` reports, run on a pool of `threads`.
    fn check_on(threads: usize, paths: &[PathBuf]) -> Vec<String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let engine = Engine::embedded().unwrap();
        let mut log = Log::default();
        pool.install(|| check_paths_into(&engine, paths, &BatchOptions::default(), &mut log));
        log.0
    }

    #[test]
    fn files_checked_while_the_walk_goes_on_report_as_if_walked_first() {
        // Folders (walked while two threads check what the walk has found)
        // around a missing path, one with broken files: the walk's error
        // first, then every file's findings and errors in walk order.
        // (A long walk first, so that files are done before it ends.)
        let many = tempfile::tempdir().unwrap();
        for i in 0..2000 {
            let text = format!("Agent: Please be advised, ticket {i} is closed.\n");
            std::fs::write(many.path().join(format!("{i:04}.txt")), text).unwrap();
        }
        // A large CSV export in the middle: taken ahead of its turn with
        // two threads, reported in it.
        let mut csv = String::from("conversation_id,author_type,text\n");
        for i in 0.. {
            if csv.len() as u64 > queue::LARGE_FILE_BYTES {
                break;
            }
            csv += &format!("{i},customer,Where is my parcel {i}?\n");
            csv += &format!("{i},agent,Please be advised it ships on Monday.\n");
        }
        std::fs::write(many.path().join("1000-export.csv"), csv).unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let paths = [
            many.path().to_path_buf(),
            root.join("broken"),
            root.join("no-such-folder"),
            root.join("demo"),
        ];
        let walked_first = check_on(1, &paths);
        let streamed = check_on(2, &paths);
        assert_eq!(streamed, walked_first);
        assert!(streamed[0].starts_with("error ") && streamed[0].contains("no-such-folder"));
        let count = |prefix: &str| streamed.iter().filter(|l| l.starts_with(prefix)).count();
        assert!(
            count("file ") > 2000 && count("error ") > 2,
            "{streamed:#?}"
        );
        let export = streamed
            .iter()
            .position(|l| l.ends_with("1000-export.csv"))
            .unwrap();
        assert!(streamed[export - 1].contains("0999.txt"));
        assert!(streamed[export + 1].contains("1000-export.csv:3:"));
    }

    #[test]
    fn a_file_that_vanished_after_the_walk_is_an_error_and_the_rest_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        let keep = dir.path().join("keep.txt");
        let gone = dir.path().join("gone.txt");
        std::fs::write(&keep, "Agent: Please be advised that the ETA is Monday.").unwrap();
        std::fs::write(&gone, "Agent: Hello").unwrap();
        let (jobs, errors) = collect(&[dir.path().to_path_buf()], false, false);
        assert!(errors.is_empty());
        assert_eq!(jobs.len(), 2);
        std::fs::remove_file(&gone).unwrap();
        let engine = Engine::embedded().unwrap();
        let outcome = check_jobs(&engine, &jobs, &BatchOptions::default());
        assert_eq!(outcome.errors.len(), 1);
        assert_eq!(outcome.errors[0].path, gone.display().to_string());
        assert_eq!(outcome.errors[0].message, "no such file or directory");
        assert_eq!(outcome.files, vec![keep.display().to_string()]);
        assert!(outcome.findings.iter().any(|f| &*f.rule == "jargon"));
    }
}
