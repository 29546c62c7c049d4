//! The command line: clap definitions and one handler per subcommand.

mod check;
mod explain;
mod fields;
mod rules;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::engine::{Engine, EngineError, Settings, parse_duration};
use crate::rules::RuleSet;

/// couth — a linter for customer-service conversations.
///
/// It reads chat transcripts, email threads, helpdesk exports, canned
/// responses and single drafts, runs multilingual rule packs over them, and
/// reports each problem at its line and column.
#[derive(Debug, Parser)]
#[command(name = "couth", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check transcripts, exports, canned responses or a draft on stdin.
    Check(check::CheckArgs),
    /// List the rule catalog with phrase and example counts per language.
    Rules(rules::RulesArgs),
    /// Explain a rule: why it matters, where it comes from, examples.
    Explain(explain::ExplainArgs),
    /// Run the examples of the built-in packs and of your own packs.
    Test(test::TestArgs),
}

/// Options shared by every command that loads rule packs.
#[derive(Debug, Args, Clone, Default)]
pub struct PackArgs {
    /// A folder of rule packs to add to (or override) the embedded ones.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

/// Exit codes.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// When `--color` is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Parses the arguments and runs the command; the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Test(args) => test::run(args),
    };
    ExitCode::from(code)
}

/// Loads the embedded packs and `--rules` folders; prints errors and gives
/// `None` when a pack is broken.
pub(crate) fn load_rules(args: &PackArgs) -> Option<RuleSet> {
    let mut set = match RuleSet::embedded() {
        Ok(set) => set,
        Err(errors) => {
            print_source_errors(&errors);
            return None;
        }
    };
    for dir in &args.rules {
        let result = if dir.is_file() {
            set.add_file(dir)
        } else {
            set.add_dir(dir)
        };
        if let Err(errors) = result {
            print_source_errors(&errors);
            return None;
        }
    }
    Some(set)
}

pub(crate) fn build_engine(set: RuleSet, settings: Settings) -> Option<Engine> {
    match Engine::new(set, settings) {
        Ok(engine) => Some(engine),
        Err(EngineError::Packs(errors)) => {
            print_source_errors(&errors);
            None
        }
        Err(EngineError::Settings(message)) => {
            eprintln!("error: {message}");
            None
        }
    }
}

pub(crate) fn print_source_errors(errors: &[crate::error::SourceError]) {
    for error in errors {
        if error.source_text.is_empty() {
            eprintln!("error: {}: {}", error.path, error.message);
        } else {
            eprint!("{}", error.render());
        }
    }
}

/// A duration argument (`90s`, `5m`, `2h`, `1d`).
pub(crate) fn duration(text: &str) -> Result<i64, String> {
    parse_duration(text)
}

/// Comma-separated values, possibly given several times.
pub(crate) fn split_list(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}
