//! find's command line turned into a validated plan: compiled-ready patterns, the search
//! options, and what to print. Every refusal here is a usage error (exit 2), one line,
//! before any file is opened.

use anyhow::Result;

use crate::cli::{FindArgs, PatternArg};
use crate::exit::Failure;
use crate::search::{Matcher, Mode, Options, Pattern, PatternKind};
use crate::units::Offset;

/// The longest `--max-match-len`: what a regex search may carry between windows is twice
/// this, so it stays a bound on memory rather than a way around it.
pub const MAX_MATCH_LEN_LIMIT: u64 = 1 << 30;

/// What find prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// `FILE:OFFSET[:PATTERN]` per hit.
    Lines,
    /// `FILE:COUNT` per file (`-c`).
    Count,
    /// `FILE` per file with a hit (`-l`).
    Files,
    /// Nothing (`-q`).
    Quiet,
    /// A JSON object per hit and a summary (`--json`).
    Json,
    /// The hit line, then its context in hexyl's layout (`-C N`).
    Context {
        /// Bytes shown before and after each hit.
        bytes: u64,
        /// Colour (and so the highlight) on.
        color: bool,
    },
}

/// A validated `find`.
pub struct Plan {
    /// The compiled pattern set.
    pub matcher: Matcher,
    /// The patterns, in command-line order (a hit's index counts them).
    pub patterns: Vec<Pattern>,
    /// Where each file's region starts, and how long it is.
    pub offset: Offset,
    /// The region's length, or `None` to the end.
    pub length: Option<u64>,
    /// Walk directories.
    pub recursive: bool,
    /// Offsets in decimal.
    pub decimal: bool,
    /// What to print.
    pub output: Output,
}

fn usage(message: String) -> anyhow::Error {
    Failure {
        code: 2,
        message,
        hint: None,
    }
    .into()
}

impl Plan {
    /// Checks and compiles `args`; `stdout_is_tty` decides `--color auto`.
    ///
    /// # Errors
    /// A malformed or empty pattern, an unusable regex, a `--max-match-len` out of range:
    /// each a [`Failure`] with exit code 2.
    pub fn new(args: &FindArgs, stdout_is_tty: bool) -> Result<Plan> {
        let patterns = args
            .patterns
            .patterns
            .iter()
            .map(|arg| parse(arg, args.ignore_case))
            .collect::<Result<Vec<_>>>()?;
        let max_match_len = args.max_match_len.0;
        if !(1..=MAX_MATCH_LEN_LIMIT).contains(&max_match_len) {
            return Err(usage(format!(
                "--max-match-len {max_match_len}: must be from 1 byte to 1GiB"
            )));
        }
        let output = if args.quiet {
            Output::Quiet
        } else if args.files_with_matches {
            Output::Files
        } else if args.count {
            Output::Count
        } else if args.json {
            Output::Json
        } else if let Some(bytes) = args.context {
            Output::Context {
                bytes: bytes.0,
                color: args.color.enabled(stdout_is_tty),
            }
        } else {
            Output::Lines
        };
        // -l and -q need one hit per file (and -q one in all): stop the search there.
        let max_count = match output {
            Output::Files | Output::Quiet => Some(args.max_count.map_or(1, |m| m.min(1))),
            _ => args.max_count,
        };
        let options = Options {
            mode: match args.overlapping {
                true => Mode::Overlapping,
                false => Mode::NonOverlapping,
            },
            max_count,
            max_match_len: usize::try_from(max_match_len).unwrap_or(usize::MAX),
        };
        let matcher = Matcher::new(&patterns, options).map_err(|e| usage(format!("{e}")))?;
        Ok(Plan {
            matcher,
            patterns,
            offset: args.region.offset,
            length: args.region.length.map(|l| l.0),
            recursive: args.recursive,
            decimal: args.decimal,
            output,
        })
    }
}

/// One pattern, its error prefixed with the option that gave it.
fn parse(arg: &PatternArg, ignore_case: bool) -> Result<Pattern> {
    let (option, parsed) = match arg.kind {
        PatternKind::Hex => ("--hex", Pattern::hex(&arg.source)),
        PatternKind::Text => ("--text", Pattern::text(&arg.source, ignore_case)),
        PatternKind::Regex => ("--regex", Pattern::regex_with(&arg.source, ignore_case)),
    };
    parsed.map_err(|e| usage(format!("{option}: {e}")))
}
