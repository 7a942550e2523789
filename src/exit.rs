//! Turning an error into the one-line message on stderr and the documented exit code.

use std::fmt;
use std::io;
use std::process::ExitCode;

/// Exit code: a runtime failure.
pub const FAILURE: u8 = 1;
/// Exit code: `--expect` did not match the bytes found; nothing was written.
pub const MISMATCH: u8 = 3;
/// Exit code: the mapped file shrank or could not be read while mapped (SIGBUS or EFAULT).
pub const FAULT: u8 = 4;

/// An error that carries its own exit code and, where one helps, a hint line.
#[derive(Debug)]
pub struct Failure {
    /// The process exit code this failure maps to.
    pub code: u8,
    /// The one-line description (the `mmapctl: error:` prefix is added when printed).
    pub message: String,
    /// A second line telling the user what to do about it.
    pub hint: Option<String>,
}

impl Failure {
    /// A failure with exit code 1 and a hint line.
    pub fn with_hint(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Failure {
            code: FAILURE,
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// Turns an I/O error into an application error, unwrapping a [`Failure`] that was carried
/// through an `io::Error` (a `Read` adapter cannot return anything else) so that its message
/// and exit code survive.
pub fn from_io(err: io::Error) -> anyhow::Error {
    if !err.get_ref().is_some_and(|inner| inner.is::<Failure>()) {
        return err.into();
    }
    match err.into_inner().map(|inner| inner.downcast::<Failure>()) {
        Some(Ok(failure)) => (*failure).into(),
        Some(Err(other)) => anyhow::anyhow!(other),
        None => anyhow::anyhow!("unknown I/O error"),
    }
}

/// Adds `note` after `err`'s message (`cause; note`), keeping its exit code and hint: for
/// what a failure left behind, which reads best after the cause (`context` would put it
/// first).
pub fn append_note(err: &anyhow::Error, note: &str) -> anyhow::Error {
    let (code, hint) = code_and_hint(err);
    Failure {
        code,
        message: format!("{err:#}; {note}"),
        hint,
    }
    .into()
}

/// The exit code and hint a failure carries (the innermost [`Failure`] in its chain).
fn code_and_hint(err: &anyhow::Error) -> (u8, Option<String>) {
    let mut found = (FAILURE, None);
    for cause in err.chain() {
        if let Some(failure) = cause.downcast_ref::<Failure>() {
            found = (failure.code, failure.hint.clone());
        }
    }
    found
}

/// An exit code with nothing (more) to say: `find`'s 1 (no hit), and its 2 once the errors
/// it met were reported file by file. [`report`] prints nothing for it.
#[derive(Debug)]
pub struct Status(pub u8);

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exit status {}", self.0)
    }
}

impl std::error::Error for Status {}

/// Prints `err` once, as `mmapctl: error: context: cause`, and returns its exit code.
///
/// A broken pipe (`mmapctl dump big | head`) is how a reader says it has seen enough: like
/// hexyl, ripgrep and xsv, that exits 0 without a word. A [`Status`] is its code, silently.
pub fn report(err: &anyhow::Error) -> ExitCode {
    if let Some(Status(code)) = err.downcast_ref::<Status>() {
        return ExitCode::from(*code);
    }
    if is_broken_pipe(err) {
        return ExitCode::SUCCESS;
    }
    ExitCode::from(print(err))
}

/// Whether `err` is, or was caused by, a broken pipe: the reader of stdout has gone.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|io_err| io_err.kind() == io::ErrorKind::BrokenPipe)
}

/// `err` with exit code `code`, keeping its message and hint: for find, whose runtime
/// errors are grep's 2. A fault keeps its [`FAULT`] code, and a broken pipe stays what it
/// is (exit 0).
pub fn recode(err: anyhow::Error, code: u8) -> anyhow::Error {
    let (old, hint) = code_and_hint(&err);
    if old == FAULT || is_broken_pipe(&err) {
        return err;
    }
    Failure {
        code,
        message: format!("{err:#}"),
        hint,
    }
    .into()
}

/// Whether `err` carries the [`FAULT`] exit code (a mapped file that shrank or failed).
pub fn is_fault(err: &anyhow::Error) -> bool {
    code_and_hint(err).0 == FAULT
}

/// Prints `err` as [`report`] does (its line, and its hint line) and returns the exit code
/// it carries, for a command that reports an error and goes on (find, file by file).
pub fn print(err: &anyhow::Error) -> u8 {
    let (code, hint) = code_and_hint(err);
    let mut text = format!("mmapctl: error: {}\n", one_line(&format!("{err:#}")));
    if let Some(hint) = hint {
        text.push_str(&format!("hint: {}\n", one_line(&hint)));
    }
    write_stderr(&text);
    code
}

/// Writes `line` and a newline to stderr in one write, dropping it when stderr cannot be
/// written: a diagnostic nobody can read must not turn into a panic (exit 101) or change the
/// exit code.
pub fn stderr_line(line: &str) {
    write_stderr(&format!("{line}\n"));
}

fn write_stderr(text: &str) {
    use std::io::Write;
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Escapes control characters (`\n`, `\u{1b}`), which can only come from a file name:
/// the error stays one line, and a name cannot drive the terminal.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Prints a command-line parsing error (exit 2) with the same `mmapctl: error:` prefix as
/// every other error, so scripts grep one pattern; help and version go to stdout as usual.
pub fn usage(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        // Printing help cannot usefully fail; a closed stdout is the reader's choice.
        let _ = err.print();
        return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    }
    let rendered = err.render().to_string();
    write_stderr(&format!("mmapctl: {rendered}"));
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(one_line("a\nb\tc\u{1b}[31m"), "a\\nb\\tc\\u{1b}[31m");
        assert_eq!(one_line("plain ünïcode"), "plain ünïcode");
    }
}
