//! `couth man [COMMAND]`: a roff man page generated from the clap
//! definitions (`couth man | man -l -`, or save it as `couth.1`).

use clap::{Args, CommandFactory};

use super::{Cli, EXIT_ERROR, write_stdout};

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A subcommand's own page (`couth-check.1`) instead of the main one.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

pub fn run(args: ManArgs) -> u8 {
    match page(args.command.as_deref()) {
        Ok(page) => write_stdout(&page),
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}

/// The page of `couth`, or of one of its subcommands.
pub fn page(command: Option<&str>) -> Result<Vec<u8>, String> {
    let mut cli = Cli::command();
    cli.build();
    let cmd = match command {
        None => cli,
        Some(name) => cli.find_subcommand(name).cloned().ok_or_else(|| {
            let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
            format!("no subcommand `{name}` (subcommands: {})", names.join(", "))
        })?,
    };
    let man = clap_mangen::Man::new(cmd)
        .source(format!("couth {}", env!("CARGO_PKG_VERSION")))
        .manual("couth manual");
    let mut page = Vec::new();
    man.render(&mut page)
        .map_err(|e| format!("cannot render the man page: {e}"))?;
    Ok(page)
}
