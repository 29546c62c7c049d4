//! Checking many files in parallel, with output in a deterministic order.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;

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
    let io_error = |e: std::io::Error| InputError::new(job.display.clone(), describe_io(&e));
    let mut reader = match File::open(&job.path) {
        Ok(file) => BufReader::with_capacity(64 * 1024, file),
        Err(e) => {
            outcome.errors.push(io_error(e));
            return outcome;
        }
    };
    let path: Arc<str> = Arc::from(job.display.as_str());
    let format = match options.format.or(job.format) {
        Some(format) => format,
        None => match reader.fill_buf() {
            Ok(head) => Format::sniff(head),
            Err(e) => {
                outcome.errors.push(io_error(e));
                return outcome;
            }
        },
    };
    if format == Format::Mbox {
        // Streamed: an mbox is read mail by mail, never whole.
        let parsed = input::mbox::read_mbox(&path, reader, &options.read);
        outcome.merge(check_parsed(engine, parsed));
        return outcome;
    }
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        outcome.errors.push(io_error(e));
        return outcome;
    }
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
    check_parsed(engine, input::read(path, bytes, format, options))
}

/// Checks the transcripts a reader made of one input.
fn check_parsed(engine: &Engine, parsed: input::Parsed) -> Outcome {
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
