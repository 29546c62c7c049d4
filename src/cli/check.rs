//! `couth check`: the main job.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, ValueEnum};

use super::run_args::{Prepared, RunArgs, parse_format, prepare};
use super::{ColorChoice, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, progress};
use crate::batch::{self, Outcome, Report};
use crate::error::InputError;
use crate::input::{self, Format};
use crate::report::lines::{LineWriter, Tally};
use crate::report::{self, Context, OutputFormat, Style};
use crate::rules::{RuleSet, Severity};

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

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,

    /// Print how often each rule fired instead of the findings (a table; a
    /// JSON array with --format json, JSON lines with --format jsonl).
    #[arg(long)]
    pub statistics: bool,

    /// Never show the progress bar (it is shown on a terminal's stderr for
    /// long batches, and never when the CI environment variable is set).
    #[arg(long)]
    pub no_progress: bool,

    /// Exit with 1 when a finding is at or above this severity [default: warning].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    #[command(flatten)]
    pub run: RunArgs,

    /// When to colour the human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Each finding with its source line underlined, then a summary.
    Human,
    /// `path:line:col: severity[rule] message`, one per line.
    Concise,
    /// One JSON document with every finding and input error.
    Json,
    /// One JSON object per line: findings, then input errors.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML: a test case per file, a failure per finding.
    Junit,
}

impl From<FormatArg> for OutputFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Human => OutputFormat::Human,
            FormatArg::Concise => OutputFormat::Concise,
            FormatArg::Json => OutputFormat::Json,
            FormatArg::Jsonl => OutputFormat::Jsonl,
            FormatArg::Sarif => OutputFormat::Sarif,
            FormatArg::Github => OutputFormat::Github,
            FormatArg::Junit => OutputFormat::Junit,
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
    fn parse(name: &str) -> Option<FailOn> {
        <FailOn as ValueEnum>::from_str(name, true).ok()
    }

    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

pub fn run(args: CheckArgs) -> u8 {
    if args.paths.is_empty() && !args.stdin {
        eprintln!("error: nothing to check: give files or folders, or --stdin for a draft");
        eprintln!("  example: couth check transcripts/   or   echo 'Hello!' | couth check --stdin");
        return EXIT_ERROR;
    }
    let output = OutputFormat::from(args.format);
    if args.statistics && !output.has_statistics() {
        eprintln!("error: --statistics is written as a table, JSON or JSON lines, not as {output}");
        eprintln!("  use --format human, concise, json or jsonl with it");
        return EXIT_ERROR;
    }
    let Some(Prepared {
        engine,
        config,
        mut options,
    }) = prepare(&args.run)
    else {
        return EXIT_ERROR;
    };
    let fail_on = args
        .fail_on
        .or_else(|| config.fail_on.as_deref().and_then(FailOn::parse))
        .unwrap_or(FailOn::Warning);
    let streams = output.streams() && !args.statistics;
    // Findings written to the terminal as they come show the progress
    // themselves; a bar would be drawn over them.
    let bar_wanted =
        progress::wanted(args.no_progress) && !(streams && std::io::stdout().is_terminal());
    let bar = bar_wanted.then(progress::Bar::stderr);
    options.progress = bar
        .clone()
        .map(|bar| batch::Progress::new(move |done, total| bar.update(done, total)));
    let style = Style {
        color: color(&args),
    };
    let code = if streams {
        // Each finding is written as soon as the batch hands it on.
        let mut writer = LineWriter::new(output, style, BufWriter::new(std::io::stdout()));
        check_all(
            &args,
            &engine,
            &options,
            bar.as_deref(),
            &mut EchoErrors {
                report: &mut writer,
                bar: bar.as_deref(),
            },
        );
        let (tally, written) = writer.finish();
        finish(written, &tally, fail_on)
    } else {
        let mut outcome = Outcome::default();
        check_all(&args, &engine, &options, bar.as_deref(), &mut outcome);
        for error in &outcome.errors {
            eprintln!("error: {error}");
        }
        let written = write_whole(&args, &outcome, engine.rules(), style);
        finish(written, &Tally::of(&outcome), fail_on)
    };
    // The process ends next: freeing every compiled automaton and regex
    // would only delay the exit.
    std::mem::forget(engine);
    code
}

/// Checks the paths, then standard input, into `report`.
fn check_all(
    args: &CheckArgs,
    engine: &crate::Engine,
    options: &batch::BatchOptions,
    bar: Option<&progress::Bar>,
    report: &mut dyn Report,
) {
    batch::check_paths_into(engine, &args.paths, options, report);
    if let Some(bar) = bar {
        bar.finish();
    }
    if args.stdin {
        let stdin = std::io::stdin().lock();
        match input::read_limited(stdin, &args.stdin_name, input::MAX_FILE_BYTES) {
            Ok(bytes) => {
                let path: Arc<str> = Arc::from(args.stdin_name.as_str());
                let format = args.stdin_format.unwrap_or(Format::Chat);
                batch::check_bytes(engine, &path, &bytes, format, &options.read).replay(report);
            }
            Err(error) => report.error(error),
        }
    }
}

/// Prints each input error on stderr as it comes (clearing the progress
/// bar's line first; it is drawn again on the next file), and passes it on.
struct EchoErrors<'a> {
    report: &'a mut dyn Report,
    bar: Option<&'a progress::Bar>,
}

impl Report for EchoErrors<'_> {
    fn file(&mut self, path: &str) {
        self.report.file(path);
    }

    fn finding(&mut self, finding: crate::Finding) {
        self.report.finding(finding);
    }

    fn error(&mut self, error: InputError) {
        if let Some(bar) = self.bar {
            bar.finish();
        }
        eprintln!("error: {error}");
        self.report.error(error);
    }
}

fn color(args: &CheckArgs) -> bool {
    match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// Writes a whole outcome: the document formats and `--statistics`.
fn write_whole(
    args: &CheckArgs,
    outcome: &Outcome,
    rules: &RuleSet,
    style: Style,
) -> std::io::Result<()> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    let ctx = Context {
        style,
        rules: &rules.rules,
    };
    let format = OutputFormat::from(args.format);
    if args.statistics {
        report::write_statistics(format, outcome, &ctx, &mut out)
    } else {
        report::write(format, outcome, &ctx, &mut out)
    }
    .and_then(|()| out.flush())
}

/// The exit code, once the report is written.
fn finish(written: std::io::Result<()>, tally: &Tally, fail_on: FailOn) -> u8 {
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the report: {e}");
        return EXIT_ERROR;
    }
    if tally.errors > 0 {
        return EXIT_ERROR;
    }
    let failing = fail_on.threshold().is_some_and(|t| tally.at_least(t) > 0);
    if failing { EXIT_FINDINGS } else { EXIT_OK }
}
