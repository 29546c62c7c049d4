//! `couth report`: scorecards for QA staff, grouped by agent, rule,
//! category, language or file.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::run_args::{Prepared, RunArgs, prepare};
use super::{EXIT_ERROR, EXIT_OK};
use crate::batch;
use crate::engine::Engine;
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

    #[command(flatten)]
    pub run: RunArgs,
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

pub fn run(args: ReportArgs) -> u8 {
    let Some(Prepared {
        engine,
        config: settings,
        options,
    }) = prepare(&args.run)
    else {
        return EXIT_ERROR;
    };
    let mut config = match &settings.scorecard {
        None => ScorecardConfig::default(),
        Some(table) => match toml::Value::Table(table.clone()).try_into::<ScorecardConfig>() {
            Ok(config) => config,
            Err(e) => {
                let path = settings
                    .path
                    .as_ref()
                    .map_or("couth.toml".into(), |p| p.display().to_string());
                eprintln!("error: {path}: [scorecard]: {}", e.message().trim());
                return EXIT_ERROR;
            }
        },
    };
    if let Some(threshold) = args.pass_threshold {
        config.pass_threshold = threshold;
    }
    if let Err(problems) = validate(&config, &engine) {
        for problem in problems {
            eprintln!("error: {problem}");
        }
        return EXIT_ERROR;
    }
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
