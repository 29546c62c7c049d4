//! Checking many files in parallel, with output in a deterministic order.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::conversation::ConversationResult;
use crate::engine::Engine;
use crate::engine::stream::{FindingsOnly, Results, check_stream};
use crate::error::InputError;
use crate::finding::Finding;
use crate::input::walk::{FileJob, collect, describe_io};
use crate::input::{self, Format, ReadOptions};

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

/// What one file held: its conversations' results (all of them, or only
/// the findings), and its input errors.
#[derive(Debug, Default)]
struct FileOutcome<R> {
    /// The file's path when it could be read.
    path: Option<String>,
    results: R,
    errors: Vec<InputError>,
}

impl FileOutcome<FindingsOnly> {
    /// The file's findings, ordered by position across its conversations.
    fn flatten(self) -> Outcome {
        let mut findings = self.results.0;
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Outcome {
            files_checked: usize::from(self.path.is_some()),
            files: self.path.into_iter().collect(),
            findings,
            errors: self.errors,
        }
    }
}

/// Checks every file below `paths`.
pub fn check_paths(engine: &Engine, paths: &[PathBuf], options: &BatchOptions) -> Outcome {
    let (jobs, errors) = collect(paths, options.hidden, options.no_ignore);
    let mut outcome = check_jobs(engine, &jobs, options);
    outcome.errors.splice(0..0, errors);
    outcome
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
    for file in check_files::<Vec<ConversationResult>>(engine, &jobs, options) {
        outcome.files_checked += usize::from(file.path.is_some());
        outcome.conversations.extend(file.results);
        errors.extend(file.errors);
    }
    outcome.errors = errors;
    outcome
}

/// Checks files in parallel; results come back in the jobs' order.
pub fn check_jobs(engine: &Engine, jobs: &[FileJob], options: &BatchOptions) -> Outcome {
    let mut outcome = Outcome::default();
    for file in check_files::<FindingsOnly>(engine, jobs, options) {
        outcome.merge(file.flatten());
    }
    outcome
}

fn check_files<R: Results + Default + Send>(
    engine: &Engine,
    jobs: &[FileJob],
    options: &BatchOptions,
) -> Vec<FileOutcome<R>> {
    let done = AtomicUsize::new(0);
    jobs.par_iter()
        .map(|job| {
            let result = check_file(engine, job, options);
            if let Some(progress) = &options.progress {
                progress.report(done.fetch_add(1, Ordering::Relaxed) + 1, jobs.len());
            }
            result
        })
        .collect()
}

fn check_file<R: Results + Default>(
    engine: &Engine,
    job: &FileJob,
    options: &BatchOptions,
) -> FileOutcome<R> {
    guarded(&job.display, || check_file_unguarded(engine, job, options))
}

fn check_file_unguarded<R: Results + Default>(
    engine: &Engine,
    job: &FileJob,
    options: &BatchOptions,
) -> FileOutcome<R> {
    let io_error = |e: std::io::Error| FileOutcome {
        errors: vec![InputError::new(job.display.clone(), describe_io(&e))],
        ..FileOutcome::default()
    };
    let mut reader = match File::open(&job.path) {
        Ok(file) => BufReader::with_capacity(64 * 1024, file),
        Err(e) => return io_error(e),
    };
    let path: Arc<str> = Arc::from(job.display.as_str());
    let format = match options.format.or(job.format) {
        Some(format) => format,
        None => match reader.fill_buf() {
            Ok(head) => Format::sniff(head),
            Err(e) => return io_error(e),
        },
    };
    if matches!(format, Format::Jsonl | Format::Mbox) {
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
                ..FileOutcome::default()
            };
        }
    }
    if format == Format::Jsonl {
        // Streamed: each conversation is checked as soon as it is read.
        drop(reader);
        return check_jsonl_file(engine, job, &path, &options.read);
    }
    if format == Format::Mbox {
        // Streamed: an mbox is read mail by mail, never whole; its threads
        // are known once every mail is read.
        let parsed = input::mbox::read_mbox(&path, reader, &options.read);
        return check_parsed(engine, &path, parsed);
    }
    // Read whole, refused past the size limit or when binary.
    drop(reader);
    let bytes = match input::read_file(&job.path, &job.display) {
        Ok(bytes) => bytes,
        Err(error) => {
            return FileOutcome {
                errors: vec![error],
                ..FileOutcome::default()
            };
        }
    };
    read_and_check(engine, &path, &bytes, format, &options.read)
}

/// Streams a JSON Lines file: conversations are checked in parallel chunks
/// while the file is read, so memory does not grow with the file and one
/// huge file keeps every core busy.
fn check_jsonl_file<R: Results + Default>(
    engine: &Engine,
    job: &FileJob,
    path: &Arc<str>,
    options: &ReadOptions,
) -> FileOutcome<R> {
    let open = || File::open(&job.path).map(|f| BufReader::with_capacity(1 << 18, f));
    let mut results = R::default();
    let errors = check_stream(engine, &mut results, |sink| {
        input::read_jsonl(path, open, options, sink)
    });
    FileOutcome {
        path: Some(path.to_string()),
        results,
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
    read_and_check::<FindingsOnly>(engine, path, bytes, format, options).flatten()
}

/// Like [`check_bytes`], keeping each conversation's findings with it.
pub fn check_bytes_detailed(
    engine: &Engine,
    path: &Arc<str>,
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
) -> DetailedOutcome {
    let file = read_and_check::<Vec<ConversationResult>>(engine, path, bytes, format, options);
    DetailedOutcome {
        files_checked: usize::from(file.path.is_some()),
        conversations: file.results,
        errors: file.errors,
    }
}

fn read_and_check<R: Results + Default>(
    engine: &Engine,
    path: &Arc<str>,
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
) -> FileOutcome<R> {
    guarded(path, || {
        check_parsed(engine, path, input::read(path, bytes, format, options))
    })
}

/// Runs `check` for the file `path`; a panic inside (a bug in a reader or
/// the engine) becomes an error naming the file instead of ending the whole
/// batch, so one bad file cannot hide the findings of the others. The
/// panic's own message is still printed on stderr by the panic hook.
fn guarded<R: Default>(path: &str, check: impl FnOnce() -> FileOutcome<R>) -> FileOutcome<R> {
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
fn check_parsed<R: Results + Default>(
    engine: &Engine,
    path: &Arc<str>,
    parsed: input::Parsed,
) -> FileOutcome<R> {
    let mut results = R::default();
    let errors = check_stream(engine, &mut results, |sink| parsed.replay(sink));
    FileOutcome {
        path: Some(path.to_string()),
        results,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_checking_a_file_becomes_an_error_naming_it() {
        let outcome: FileOutcome<FindingsOnly> =
            guarded("weird.txt", || panic!("index out of bounds"));
        assert_eq!(outcome.path, None);
        assert_eq!(outcome.errors.len(), 1);
        let error = outcome.errors[0].to_string();
        assert!(error.starts_with("weird.txt: internal error"), "{error}");
        assert!(error.contains("index out of bounds"), "{error}");
        let ok: FileOutcome<FindingsOnly> = guarded("fine.txt", || FileOutcome {
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
