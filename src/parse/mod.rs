//! The reverse of `render/`: edit scripts and dumps read back into bytes and edits, strictly.
//!
//! Every reader here refuses the whole input at the first line that does not follow its
//! format, and says which line (1-based) and what is wrong. Nothing is "best effort": a dump
//! with one hex typo in the middle of a line yields an error, never the bytes before the typo
//! (`xxd -r` writes those and drops the rest, exit 0). Positions always come from the offsets
//! the text itself prints, never from counting lines, except in plain hex, which has none.
//!
//! - [`script`]: the edit script of DESIGN.md (`0xOFFSET OLD => NEW`), parsed and printed.
//! - [`hexyl`]: hexyl's layout, as hexyl 0.17 and `mmapctl dump` print it.
//! - [`xxd`]: xxd's default layout and its `-c`/`-g`/`-u`/`-e` variants.
//! - [`plain`]: `xxd -p` and `mmapctl dump -f plain`, from a base offset the caller gives.
//! - [`c_array`]: `xxd -i` and `mmapctl dump -f c`, as bytes without offsets.
//!
//! All of them read from a `BufRead`, line by line, so a dump is never held in memory as text
//! next to the bytes it stands for.

pub mod c_array;
pub mod edit;
pub mod hexyl;
mod lines;
pub mod plain;
mod runs;
pub mod script;
pub mod xxd;

use std::io;

pub use edit::{Edit, EditError, Header, Script, Sha256, Sides};
pub use runs::Run;

/// Why a script or dump was refused.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// A line that does not follow the format (or the input as a whole does not, e.g. a dump
    /// cut short; then `line` is where it ends).
    #[error("line {line}: {message}")]
    Line {
        /// 1-based line number in the input.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// Reading the input failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl ParseError {
    pub(crate) fn at(line: usize, message: impl Into<String>) -> Self {
        ParseError::Line {
            line,
            message: message.into(),
        }
    }

    /// The line the error names, if it is about a line.
    pub fn line(&self) -> Option<usize> {
        match self {
            ParseError::Line { line, .. } => Some(*line),
            ParseError::Io(_) => None,
        }
    }
}

/// Order of the bytes inside one group of a dump. Neither hexyl nor xxd marks it in the text,
/// so the caller declares it (hexyl `--endianness little`, `xxd -e`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ByteOrder {
    /// Bytes in file order (hexyl's default; xxd without `-e`).
    #[default]
    Big,
    /// Each group printed last byte first.
    Little,
}
