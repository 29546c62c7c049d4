//! The command line: clap definitions and one handler per subcommand.

mod check;
pub mod completions;
mod explain;
mod generate;
pub mod man;
pub mod progress;
mod report;
mod rules;
mod run_args;
mod test;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Config;
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
    Check(Box<check::CheckArgs>),
    /// Score conversations on a QA scorecard, grouped by agent, rule,
    /// category, language or file.
    Report(Box<report::ReportArgs>),
    /// List the rule catalog with phrase and example counts per language.
    Rules(rules::RulesArgs),
    /// Explain a rule: why it matters, where it comes from, examples.
    Explain(explain::ExplainArgs),
    /// Run the examples of the built-in packs and of your own packs.
    Test(test::TestArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff), of couth or of one subcommand.
    Man(man::ManArgs),
    /// Write a seeded test corpus (chat, email, JSON Lines) for benchmarks.
    #[command(hide = true)]
    Generate(generate::GenerateArgs),
}

/// Options shared by every command that loads rule packs.
#[derive(Debug, Args, Clone, Default)]
pub struct PackArgs {
    /// A folder of rule packs to add to (or override) the embedded ones.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

/// Where the settings file comes from.
#[derive(Debug, Args, Clone, Default)]
pub struct ConfigArgs {
    /// The config file [default: the first couth.toml walking up from the
    /// working directory].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore every config file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
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
        Command::Check(args) => check::run(*args),
        Command::Report(args) => report::run(*args),
        Command::Rules(args) => rules::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Test(args) => test::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Generate(args) => generate::run(args),
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

/// The config file the arguments name or discovery finds; defaults when
/// there is none. Errors are printed and give `None`.
pub(crate) fn load_config(args: &ConfigArgs) -> Option<Config> {
    if args.no_config {
        return Some(Config::default());
    }
    let path = match &args.config {
        Some(path) => path.clone(),
        None => match std::env::current_dir()
            .ok()
            .and_then(|cwd| Config::discover(&cwd))
        {
            Some(path) => path,
            None => return Some(Config::default()),
        },
    };
    match Config::load(&path) {
        Ok(config) => Some(config),
        Err(errors) => {
            print_source_errors(&errors);
            None
        }
    }
}

/// The rules with the config's pack folders and phrases, then `--rules`.
pub(crate) fn load_rules_with_config(args: &PackArgs, config: &Config) -> Option<RuleSet> {
    let mut all = PackArgs {
        rules: config.rules.clone(),
    };
    all.rules.extend(args.rules.iter().cloned());
    let mut set = load_rules(&all)?;
    if let Err(errors) = config.apply_to(&mut set) {
        print_source_errors(&errors);
        return None;
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

/// Writes generated text to stdout; a closed pipe (`| head`) is not an error.
pub(crate) fn write_stdout(bytes: &[u8]) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write to standard output: {e}");
            EXIT_ERROR
        }
        _ => EXIT_OK,
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
