//! Checking many files in parallel, with output in a deterministic order.

use std::fmt;
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
    let bytes = match std::fs::read(&job.path) {
        Ok(bytes) => bytes,
        Err(e) => {
            return FileOutcome {
                errors: vec![InputError::new(job.display.clone(), describe_io(&e))],
                ..FileOutcome::default()
            };
        }
    };
    let path: Arc<str> = Arc::from(job.display.as_str());
    let format = options
        .format
        .or(job.format)
        .unwrap_or_else(|| Format::sniff(&bytes));
    read_and_check(engine, &path, &bytes, format, &options.read)
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

/// Reads and checks one input through the streaming checker: a file of
/// many conversations is checked in parallel chunks while it is read.
/// (Readers that read incrementally from a file plug in the same way; see
/// [`crate::engine::stream`].)
fn read_and_check<R: Results + Default>(
    engine: &Engine,
    path: &Arc<str>,
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
) -> FileOutcome<R> {
    let mut results = R::default();
    let errors = check_stream(engine, &mut results, |sink| {
        input::read_into(path, bytes, format, options, sink)
    });
    FileOutcome {
        path: Some(path.to_string()),
        results,
        errors,
    }
}
