//! Checking many files in parallel, with output in a deterministic order.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

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

/// Checks every file below `paths`.
pub fn check_paths(engine: &Engine, paths: &[PathBuf], options: &BatchOptions) -> Outcome {
    let (jobs, errors) = collect(paths, options.hidden, options.no_ignore);
    let mut outcome = check_jobs(engine, &jobs, options);
    outcome.errors.splice(0..0, errors);
    outcome
}

/// Checks files in parallel; results come back in the jobs' order.
pub fn check_jobs(engine: &Engine, jobs: &[FileJob], options: &BatchOptions) -> Outcome {
    let done = AtomicUsize::new(0);
    let results: Vec<Outcome> = jobs
        .par_iter()
        .map(|job| {
            let result = check_file(engine, job, options);
            if let Some(progress) = &options.progress {
                progress.report(done.fetch_add(1, Ordering::Relaxed) + 1, jobs.len());
            }
            result
        })
        .collect();
    let mut outcome = Outcome::default();
    for result in results {
        outcome.merge(result);
    }
    outcome
}

fn check_file(engine: &Engine, job: &FileJob, options: &BatchOptions) -> Outcome {
    let mut outcome = Outcome::default();
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
        files: vec![path.to_string()],
        findings,
        errors: parsed.errors,
    }
}
