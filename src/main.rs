//! The `mmapctl` binary: parse the command line, run it, report the error.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match mmapctl::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return mmapctl::exit::usage(&err),
    };
    // `ExitCode` rather than `process::exit`, so that Drop runs (munmap, BufWriter flush).
    match mmapctl::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => mmapctl::exit::report(&err),
    }
}
