//! `couth report`: scorecards for QA staff, grouped by agent, rule,
//! category, language or file.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{EXIT_ERROR, EXIT_OK, PackArgs, build_engine, duration, load_rules, split_list};
use crate::batch::{self, BatchOptions};
use crate::engine::{Engine, Settings, Thresholds};
use crate::input::{Format, ReadOptions};
use crate::report::scorecard::{self, BatchInfo, ReportFormat};
use crate::scorecard::{Categories, GroupBy, Scorecard, ScorecardConfig};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Files and folders to score (folders are walked, respecting .gitignore).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// What to group the scorecards by.
    #[arg(long, value_enum, default_value_t = ByArg::Agent)]
    pub by: ByArg,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormatArg::Table)]
    pub format: ReportFormatArg,

    /// A conversation passes at this overall score (0–100) or above.
    #[arg(long, value_name = "SCORE")]
    pub pass_threshold: Option<f64>,

    /// How many worst examples to show per group.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub worst: usize,

    /// Read every file in this format instead of detecting it.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub input_format: Option<Format>,

    /// Run only these rules or categories (comma-separated); the categories
    /// of rules that do not run are left out of the scores.
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    Agent,
    Rule,
    Category,
    Language,
    File,
}

impl From<ByArg> for GroupBy {
    fn from(by: ByArg) -> Self {
        match by {
            ByArg::Agent => GroupBy::Agent,
            ByArg::Rule => GroupBy::Rule,
            ByArg::Category => GroupBy::Category,
            ByArg::Language => GroupBy::Language,
            ByArg::File => GroupBy::File,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
    Table,
    Csv,
    Json,
}

impl From<ReportFormatArg> for ReportFormat {
    fn from(f: ReportFormatArg) -> Self {
        match f {
            ReportFormatArg::Table => ReportFormat::Table,
            ReportFormatArg::Csv => ReportFormat::Csv,
            ReportFormatArg::Json => ReportFormat::Json,
        }
    }
}

fn parse_format(text: &str) -> Result<Format, String> {
    text.parse()
}

pub fn run(args: ReportArgs) -> u8 {
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
        ..Settings::default()
    };
    let Some(engine) = build_engine(set, settings) else {
        return EXIT_ERROR;
    };
    let mut config = ScorecardConfig::default();
    if let Some(threshold) = args.pass_threshold {
        config.pass_threshold = threshold;
    }
    if let Err(problems) = validate(&config, &engine) {
        for problem in problems {
            eprintln!("error: {problem}");
        }
        return EXIT_ERROR;
    }
    let options = BatchOptions {
        format: args.input_format,
        read: ReadOptions {
            labels: engine.labels().clone(),
        },
        hidden: args.hidden,
        no_ignore: args.no_ignore,
    };
    let outcome = batch::check_paths_detailed(&engine, &args.paths, &options);
    for error in &outcome.errors {
        eprintln!("error: {error}");
    }
    let categories = Categories::from_rules(engine.enabled_rules());
    let card = Scorecard::build(
        &outcome.conversations,
        &config,
        &categories,
        args.by.into(),
        args.worst,
    );
    let batch = BatchInfo {
        files_checked: outcome.files_checked,
        errors: &outcome.errors,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written =
        scorecard::write(args.format.into(), &card, batch, &mut out).and_then(|()| out.flush());
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the report: {e}");
        return EXIT_ERROR;
    }
    if outcome.errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}

/// Checks the scorecard settings against the loaded catalog.
fn validate(config: &ScorecardConfig, engine: &Engine) -> Result<(), Vec<String>> {
    let rules = &engine.rules().rules;
    let ids: Vec<&str> = rules.iter().map(|r| r.id()).collect();
    let mut categories: Vec<&str> = rules.iter().map(|r| r.category.as_str()).collect();
    categories.sort_unstable();
    categories.dedup();
    config.validate(&ids, &categories)
}
