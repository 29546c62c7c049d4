//! Checking many files in parallel, with output in a deterministic order.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::engine::Engine;
use crate::error::InputError;
use crate::finding::Finding;
use crate::input::walk::{FileJob, collect, describe_io};
use crate::input::{self, Format, ReadOptions, Sink};

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

/// Checks every file below `paths`.
pub fn check_paths(engine: &Engine, paths: &[PathBuf], options: &BatchOptions) -> Outcome {
    let (jobs, errors) = collect(paths, options.hidden, options.no_ignore);
    let mut outcome = check_jobs(engine, &jobs, options);
    outcome.errors.splice(0..0, errors);
    outcome
}

/// Checks files in parallel; results come back in the jobs' order.
pub fn check_jobs(engine: &Engine, jobs: &[FileJob], options: &BatchOptions) -> Outcome {
    let results: Vec<Outcome> = jobs
        .par_iter()
        .map(|job| check_file(engine, job, options))
        .collect();
    let mut outcome = Outcome::default();
    for result in results {
        outcome.merge(result);
    }
    outcome
}

fn check_file(engine: &Engine, job: &FileJob, options: &BatchOptions) -> Outcome {
    let mut outcome = Outcome::default();
    if options.format.or(job.format) == Some(Format::Jsonl) {
        return check_jsonl_file(engine, job, &options.read);
    }
    let bytes = match std::fs::read(&job.path) {
        Ok(bytes) => bytes,
        Err(e) => {
            outcome
                .errors
                .push(InputError::new(job.display.clone(), describe_io(&e)));
            return outcome;
        }
    };
    let path: Arc<str> = Arc::from(job.display.as_str());
    let format = options
        .format
        .or(job.format)
        .unwrap_or_else(|| Format::sniff(&bytes));
    let result = check_bytes(engine, &path, &bytes, format, &options.read);
    outcome.merge(result);
    outcome
}

/// Streams a JSON Lines file: each conversation is checked as soon as it
/// is read, so memory does not grow with the file.
fn check_jsonl_file(engine: &Engine, job: &FileJob, options: &ReadOptions) -> Outcome {
    let path: Arc<str> = Arc::from(job.display.as_str());
    let open =
        || std::fs::File::open(&job.path).map(|f| std::io::BufReader::with_capacity(1 << 18, f));
    let mut checker = Checker {
        engine,
        outcome: Outcome {
            files_checked: 1,
            ..Outcome::default()
        },
    };
    input::read_jsonl(&path, open, options, &mut checker);
    let mut outcome = checker.outcome;
    outcome
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    outcome
}

/// A sink that checks each conversation as a reader hands it on.
struct Checker<'a> {
    engine: &'a Engine,
    outcome: Outcome,
}

impl Sink for Checker<'_> {
    fn transcript(&mut self, transcript: crate::transcript::Transcript) {
        self.outcome.findings.extend(self.engine.check(&transcript));
    }

    fn error(&mut self, error: InputError) {
        self.outcome.errors.push(error);
    }

    fn restart(&mut self) {
        self.outcome.findings.clear();
        self.outcome.errors.clear();
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
    let parsed = input::read(path, bytes, format, options);
    let mut findings = Vec::new();
    for transcript in &parsed.transcripts {
        findings.extend(engine.check(transcript));
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Outcome {
        files_checked: 1,
        findings,
        errors: parsed.errors,
    }
}
