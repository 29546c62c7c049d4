//! `couth generate`: a seeded test corpus for benchmarks (hidden from help).

use std::path::PathBuf;

use clap::Args;

use super::{EXIT_ERROR, EXIT_OK, split_list};
use crate::corpus::{self, Options, Sins};
use crate::rules::RuleSet;

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The folder to write (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// The random seed: the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Conversations written one per file (chat logs and mails).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub conversations: usize,

    /// Languages to write (comma-separated).
    #[arg(long, value_name = "CODES", default_value = "en,ru,sv,el")]
    pub languages: Vec<String>,

    /// Size of the JSON Lines file (`100MB`, `1GiB`, `0` for none).
    #[arg(long, value_name = "SIZE", default_value = "10MB", value_parser = parse_size)]
    pub jsonl_size: u64,

    /// The share of file conversations written as mail (0 to 1).
    #[arg(long, value_name = "SHARE", default_value_t = 0.2)]
    pub email_share: f64,
}

pub fn run(args: GenerateArgs) -> u8 {
    let options = Options {
        seed: args.seed,
        conversations: args.conversations,
        languages: split_list(&args.languages),
        jsonl_bytes: args.jsonl_size,
        email_share: args.email_share.clamp(0.0, 1.0),
    };
    if let Err(e) = corpus::banks(&options.languages) {
        eprintln!("error: {e}");
        return EXIT_ERROR;
    }
    let set = RuleSet::embedded().ok();
    let sins = Sins::new(set.as_ref());
    match corpus::generate(&args.out, &options, &sins) {
        Ok(summary) => {
            let json = summary.json(&options);
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!(
                "error: cannot write the corpus to {}: {e}",
                args.out.display()
            );
            EXIT_ERROR
        }
    }
}

/// A byte size: a number with an optional unit (k, KB, KiB, M, MB, MiB, G,
/// GB, GiB; decimal units are powers of 1000, binary ones of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size like 100MB or 1GiB"))?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "kib" => 1024.0,
        "m" | "mb" => 1e6,
        "mib" => 1024.0 * 1024.0,
        "g" | "gb" => 1e9,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return Err(format!("`{text}` is not a size like 100MB or 1GiB")),
    };
    Ok((value * factor) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("100MB"), Ok(100_000_000));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("512k"), Ok(512_000));
        assert_eq!(parse_size("0"), Ok(0));
        assert!(parse_size("lots").is_err());
    }
}
