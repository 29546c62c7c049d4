//! `couth completions SHELL`: a completion script generated from the clap
//! definitions, so it always matches the binary that prints it.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, write_stdout};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs) -> u8 {
    write_stdout(&script(args.shell))
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "couth", &mut script);
    script
}
