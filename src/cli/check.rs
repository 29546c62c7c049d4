//! `couth check`: the main job.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, ValueEnum};

use super::{
    ColorChoice, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, PackArgs, build_engine, duration, load_rules,
    split_list,
};
use crate::batch::{self, BatchOptions, Outcome};
use crate::engine::{Settings, Thresholds};
use crate::input::{Format, ReadOptions};
use crate::report::{self, OutputFormat, Style};
use crate::rules::Severity;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and folders to check (folders are walked, respecting .gitignore).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Read one draft from standard input (an agent message, or a transcript
    /// with --stdin-format).
    #[arg(long)]
    pub stdin: bool,

    /// The path shown in findings for standard input.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_name: String,

    /// Read standard input in this format instead of as a draft or chat log
    /// (chat, json, jsonl, csv, library, yaml).
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub stdin_format: Option<Format>,

    /// Read every file in this format instead of detecting it
    /// (chat, json, jsonl, csv, library, yaml).
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub input_format: Option<Format>,

    #[command(flatten)]
    pub fields: Box<super::fields::FieldArgs>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,

    /// Run only these rules or categories (comma-separated).
    #[arg(long, value_name = "RULE|CATEGORY")]
    pub select: Vec<String>,

    /// Do not run these rules or categories (comma-separated).
    #[arg(long, value_name = "RULE|CATEGORY")]
    pub ignore: Vec<String>,

    /// The language of every message: `auto` detects it per conversation and
    /// message.
    #[arg(long, value_name = "auto|CODE", default_value = "auto")]
    pub lang: String,

    #[command(flatten)]
    pub packs: PackArgs,

    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,

    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// A chat reply slower than this is `slow-response`.
    #[arg(long, value_name = "DURATION", value_parser = duration, default_value = "5m")]
    pub chat_slow_after: i64,

    /// A chat reply slower than this must apologise for the wait.
    #[arg(long, value_name = "DURATION", value_parser = duration, default_value = "2m")]
    pub chat_wait_after: i64,

    /// An email reply slower than this is `slow-response`.
    #[arg(long, value_name = "DURATION", value_parser = duration, default_value = "24h")]
    pub email_slow_after: i64,

    /// An email reply slower than this must apologise for the wait.
    #[arg(long, value_name = "DURATION", value_parser = duration, default_value = "24h")]
    pub email_wait_after: i64,

    /// Also walk hidden files and folders.
    #[arg(long)]
    pub hidden: bool,

    /// Do not respect .gitignore and .ignore files.
    #[arg(long)]
    pub no_ignore: bool,

    /// When to colour the human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Concise,
    Json,
}

impl From<FormatArg> for OutputFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Human => OutputFormat::Human,
            FormatArg::Concise => OutputFormat::Concise,
            FormatArg::Json => OutputFormat::Json,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

fn parse_format(text: &str) -> Result<Format, String> {
    text.parse()
}

pub fn run(args: CheckArgs) -> u8 {
    if args.paths.is_empty() && !args.stdin {
        eprintln!("error: nothing to check: give files or folders, or --stdin for a draft");
        eprintln!("  example: couth check transcripts/   or   echo 'Hello!' | couth check --stdin");
        return EXIT_ERROR;
    }
    if let Some(threads) = args.threads {
        if threads == 0 {
            eprintln!("error: --threads must be at least 1");
            return EXIT_ERROR;
        }
        // Only fails when the pool was built already; the default is fine then.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    }
    let Some(set) = load_rules(&args.packs) else {
        return EXIT_ERROR;
    };
    let settings = Settings {
        language: (args.lang != "auto").then(|| args.lang.clone()),
        thresholds: Thresholds {
            chat_slow: args.chat_slow_after,
            chat_wait: args.chat_wait_after,
            email_slow: args.email_slow_after,
            email_wait: args.email_wait_after,
        },
        select: split_list(&args.select),
        ignore: split_list(&args.ignore),
        severity: Default::default(),
    };
    let Some(engine) = build_engine(set, settings) else {
        return EXIT_ERROR;
    };
    let mut read = ReadOptions {
        labels: engine.labels().clone(),
        ..ReadOptions::default()
    };
    if let Err(message) = args.fields.apply(&mut read) {
        eprintln!("error: {message}");
        return EXIT_ERROR;
    }
    let options = BatchOptions {
        format: args.input_format,
        read,
        hidden: args.hidden,
        no_ignore: args.no_ignore,
    };
    let mut outcome = batch::check_paths(&engine, &args.paths, &options);
    if args.stdin {
        let mut bytes = Vec::new();
        match std::io::stdin().read_to_end(&mut bytes) {
            Ok(_) => {
                let path: Arc<str> = Arc::from(args.stdin_name.as_str());
                let format = args.stdin_format.unwrap_or(Format::Chat);
                let result = batch::check_bytes(&engine, &path, &bytes, format, &options.read);
                outcome.files_checked += result.files_checked;
                outcome.findings.extend(result.findings);
                outcome.errors.extend(result.errors);
            }
            Err(e) => outcome.errors.push(crate::error::InputError::new(
                args.stdin_name.clone(),
                format!("cannot read standard input: {e}"),
            )),
        }
    }
    emit(&args, &outcome)
}

fn emit(args: &CheckArgs, outcome: &Outcome) -> u8 {
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    for error in &outcome.errors {
        eprintln!("error: {error}");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = report::write(args.format.into(), outcome, Style { color }, &mut out)
        .and_then(|()| out.flush());
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the report: {e}");
        return EXIT_ERROR;
    }
    exit_code(outcome, args.fail_on)
}

fn exit_code(outcome: &Outcome, fail_on: FailOn) -> u8 {
    if !outcome.errors.is_empty() {
        return EXIT_ERROR;
    }
    let failing = fail_on
        .threshold()
        .is_some_and(|t| outcome.findings.iter().any(|f| f.severity >= t));
    if failing { EXIT_FINDINGS } else { EXIT_OK }
}
