//! What every command that checks inputs shares (`check`, `report`): which
//! rules run with which settings, and how files are found and read.

use clap::Args;

use super::{
    ConfigArgs, PackArgs, build_engine, duration, load_config, load_rules_with_config, split_list,
};
use crate::batch::BatchOptions;
use crate::config::Config;
use crate::engine::{Engine, Settings, Thresholds};
use crate::input::{Format, ReadOptions};

#[derive(Debug, Args, Clone, Default)]
pub struct RunArgs {
    /// Read every file in this format instead of detecting it
    /// (chat, email, mbox, json, jsonl, csv, library, yaml).
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub input_format: Option<Format>,

    #[command(flatten)]
    pub fields: Box<super::fields::FieldArgs>,

    /// Run only these rules or categories (comma-separated).
    #[arg(long, value_name = "RULE|CATEGORY")]
    pub select: Vec<String>,

    /// Do not run these rules or categories (comma-separated).
    #[arg(long, value_name = "RULE|CATEGORY")]
    pub ignore: Vec<String>,

    /// The language of every message: `auto` (the default) detects it per
    /// conversation and message.
    #[arg(long, value_name = "auto|CODE")]
    pub lang: Option<String>,

    #[command(flatten)]
    pub packs: PackArgs,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// A chat reply slower than this is `slow-response` [default: 5m].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub chat_slow_after: Option<i64>,

    /// A chat reply slower than this must apologise for the wait [default: 2m].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub chat_wait_after: Option<i64>,

    /// An email reply slower than this is `slow-response` [default: 24h].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub email_slow_after: Option<i64>,

    /// An email reply slower than this must apologise for the wait [default: 24h].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub email_wait_after: Option<i64>,

    /// Mail from this domain (or its subdomains) is an agent's; repeatable.
    /// Without it and --agent-address, the first sender of a thread is the
    /// customer and a single .eml that is a reply is the agent's.
    #[arg(long, value_name = "DOMAIN")]
    pub agent_domain: Vec<String>,

    /// Mail from this address is an agent's; repeatable.
    #[arg(long, value_name = "ADDR")]
    pub agent_address: Vec<String>,

    /// Also walk hidden files and folders.
    #[arg(long)]
    pub hidden: bool,

    /// Do not respect .gitignore and .ignore files.
    #[arg(long)]
    pub no_ignore: bool,
}

pub(crate) fn parse_format(text: &str) -> Result<Format, String> {
    text.parse()
}

/// An engine and reading options built from the flags and the config file.
pub(crate) struct Prepared {
    pub engine: Engine,
    pub config: Config,
    pub options: BatchOptions,
}

/// Loads the config and the packs, merges flags over the config, and
/// compiles the engine. Problems are printed; `None` means exit code 2.
pub(crate) fn prepare(args: &RunArgs) -> Option<Prepared> {
    if let Some(threads) = args.threads {
        if threads == 0 {
            eprintln!("error: --threads must be at least 1");
            return None;
        }
        // Only fails when the pool was built already; the default is fine then.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    }
    let config = load_config(&args.config)?;
    let set = load_rules_with_config(&args.packs, &config)?;
    let language = args
        .lang
        .clone()
        .or(config.lang.clone())
        .filter(|l| l != "auto");
    let mut ignore = config.ignore.clone();
    ignore.extend(split_list(&args.ignore));
    let select = if args.select.is_empty() {
        config.select.clone().unwrap_or_default()
    } else {
        split_list(&args.select)
    };
    let defaults = Thresholds::default();
    let settings = Settings {
        language,
        thresholds: Thresholds {
            chat_slow: args
                .chat_slow_after
                .or(config.chat_slow_after)
                .unwrap_or(defaults.chat_slow),
            chat_wait: args
                .chat_wait_after
                .or(config.chat_wait_after)
                .unwrap_or(defaults.chat_wait),
            email_slow: args
                .email_slow_after
                .or(config.email_slow_after)
                .unwrap_or(defaults.email_slow),
            email_wait: args
                .email_wait_after
                .or(config.email_wait_after)
                .unwrap_or(defaults.email_wait),
        },
        select,
        ignore,
        severity: config.severity.iter().cloned().collect(),
        path_ignores: config.per_path_ignores.clone(),
        path_base: config.base_dir(),
        labels: config.labels(),
    };
    let engine = build_engine(set, settings)?;
    let mut read = ReadOptions {
        labels: engine.labels().clone(),
        agent_domains: config
            .agent_domains
            .iter()
            .cloned()
            .chain(split_list(&args.agent_domain))
            .collect(),
        agent_addresses: config
            .agent_addresses
            .iter()
            .cloned()
            .chain(split_list(&args.agent_address))
            .collect(),
        ..ReadOptions::default()
    };
    if let Err(message) = args.fields.apply(&mut read) {
        eprintln!("error: {message}");
        return None;
    }
    let options = BatchOptions {
        format: args.input_format,
        read,
        hidden: args.hidden,
        no_ignore: args.no_ignore,
        progress: None,
    };
    Some(Prepared {
        engine,
        config,
        options,
    })
}
