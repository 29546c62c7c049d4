//! `couth test`: run the examples of the built-in packs or of your own.

use std::path::PathBuf;

use clap::Args;

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, build_engine, print_source_errors};
use crate::engine::Settings;
use crate::rules::RuleSet;
use crate::rules::examples::{self, Scope};

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Pack files or folders to test (merged over the embedded packs as
    /// `--rules` would). Without any, the embedded packs are tested.
    #[arg(value_name = "PACK")]
    pub packs: Vec<PathBuf>,
}

pub fn run(args: TestArgs) -> u8 {
    let mut set = match RuleSet::embedded() {
        Ok(set) => set,
        Err(errors) => {
            print_source_errors(&errors);
            return EXIT_ERROR;
        }
    };
    let first_new = set.sources.len();
    for path in &args.packs {
        let result = if path.is_dir() {
            set.add_dir(path)
        } else {
            set.add_file(path)
        };
        if let Err(errors) = result {
            print_source_errors(&errors);
            return EXIT_ERROR;
        }
    }
    let scope = Scope {
        sources: (first_new..set.sources.len()).collect(),
        require_complete: true,
        minimum: 1,
    };
    let Some(engine) = build_engine(set, Settings::default()) else {
        return EXIT_ERROR;
    };
    let report = examples::run(&engine, &scope);
    for failure in &report.failures {
        println!("{failure}");
    }
    println!(
        "{} examples, {} failed",
        report.examples,
        report.failures.len()
    );
    if report.failures.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}
