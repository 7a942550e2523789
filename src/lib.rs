//! mmapctl: map a file, or a region of one, and print, change, pin or measure it.
//!
//! This is a library only so that the integration tests can reach the command line
//! definition (`cli::Cli::command()`); it is not a stable API.
#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]

/// Prints a line on stderr like `eprintln!`, but never panics: a stderr that cannot be
/// written (`2>/dev/full`, a pipe whose reader is gone) drops the line, and the command goes
/// on to its documented exit code. `eprintln!` itself is refused by clippy.toml.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::exit::stderr_line(&format!($($arg)*))
    };
}

pub mod cli;
mod commands;
mod edit;
pub mod exit;
pub mod help;
mod hooks;
mod mapping;
/// Region resolution, for the fuzz targets (fuzz/), and the window size, for the search
/// benchmark (examples/): the rest of the mapping module is private.
pub use mapping::{resolve, Bounds, WINDOW};
mod output;
pub mod parse;
mod render;
pub mod search;
pub mod units;
mod walk;
mod write;

use cli::{Cli, Command};

/// Runs the parsed command line.
///
/// # Errors
/// Whatever the command reports; `exit::report` turns it into a message and exit code.
pub fn run(cli: &Cli) -> anyhow::Result<()> {
    mapping::os::harden_process();
    match &cli.command {
        Command::Dump(args) => commands::dump::run(args),
        Command::Patch(args) => commands::patch::run(args),
        Command::Fill(args) => commands::fill::run(args),
        Command::Lock(args) => commands::lock::run(args),
        Command::Residency(args) => commands::residency::run(args),
        Command::Bench(args) => commands::bench::run(args),
        Command::Find(args) => commands::find::run(args),
        Command::Diff(args) => commands::diff::run(args),
    }
}
