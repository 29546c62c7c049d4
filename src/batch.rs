//! Checking many files in parallel, with output in a deterministic order.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::conversation::ConversationResult;
use crate::engine::Engine;
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
}

/// The result of a batch.
#[derive(Debug, Default)]
pub struct Outcome {
    pub files_checked: usize,
    pub findings: Vec<Finding>,
    pub errors: Vec<InputError>,
}

impl Outcome {
    fn merge(&mut self, other: Outcome) {
        self.files_checked += other.files_checked;
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

/// What one file held.
#[derive(Debug, Default)]
struct FileOutcome {
    conversations: Vec<ConversationResult>,
    errors: Vec<InputError>,
    read: bool,
}

impl FileOutcome {
    /// The file's findings, ordered by position across its conversations.
    fn flatten(self) -> Outcome {
        let mut findings: Vec<Finding> = self
            .conversations
            .into_iter()
            .flat_map(|c| c.findings)
            .collect();
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Outcome {
            files_checked: usize::from(self.read),
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
    for file in check_files(engine, &jobs, options) {
        outcome.files_checked += usize::from(file.read);
        outcome.conversations.extend(file.conversations);
        errors.extend(file.errors);
    }
    outcome.errors = errors;
    outcome
}

/// Checks files in parallel; results come back in the jobs' order.
pub fn check_jobs(engine: &Engine, jobs: &[FileJob], options: &BatchOptions) -> Outcome {
    let mut outcome = Outcome::default();
    for file in check_files(engine, jobs, options) {
        outcome.merge(file.flatten());
    }
    outcome
}

fn check_files(engine: &Engine, jobs: &[FileJob], options: &BatchOptions) -> Vec<FileOutcome> {
    jobs.par_iter()
        .map(|job| check_file(engine, job, options))
        .collect()
}

fn check_file(engine: &Engine, job: &FileJob, options: &BatchOptions) -> FileOutcome {
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
    read_and_check(engine, path, bytes, format, options).flatten()
}

/// Like [`check_bytes`], keeping each conversation's findings with it.
pub fn check_bytes_detailed(
    engine: &Engine,
    path: &Arc<str>,
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
) -> DetailedOutcome {
    let file = read_and_check(engine, path, bytes, format, options);
    DetailedOutcome {
        files_checked: usize::from(file.read),
        conversations: file.conversations,
        errors: file.errors,
    }
}

fn read_and_check(
    engine: &Engine,
    path: &Arc<str>,
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
) -> FileOutcome {
    let parsed = input::read(path, bytes, format, options);
    let conversations = parsed
        .transcripts
        .iter()
        .map(|transcript| ConversationResult::new(transcript, engine.check_detailed(transcript)))
        .collect();
    FileOutcome {
        conversations,
        errors: parsed.errors,
        read: true,
    }
}
