//! mmapctl: map a file, or a region of one, and print, change, pin or measure it.
//!
//! This is a library only so that the integration tests can reach the command line
//! definition (`cli::Cli::command()`); it is not a stable API.
#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]

pub mod cli;
pub mod commands;
pub mod exit;
pub mod mapping;
pub mod render;
pub mod units;

use cli::{Cli, Command};

/// Runs the parsed command line.
///
/// # Errors
/// Whatever the command reports; `exit::report` turns it into a message and exit code.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Dump(args) => commands::dump::run(args),
        Command::Patch(args) => commands::patch::run(args),
        Command::Fill(args) => commands::fill::run(args),
        Command::Lock(args) => commands::lock::run(args),
        Command::Residency(args) => commands::residency::run(args),
        Command::Bench(args) => commands::bench::run(args),
    }
}
