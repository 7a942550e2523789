//! `mmapctl dump`: print a region of a file in one of four formats.
//!
//! A regular file or block device is mapped, window by window. Standard input and what
//! cannot be mapped (pipes, FIFOs, character devices, procfs and sysfs files) are streamed
//! through the same renderers, which read in bounded chunks, so memory stays bounded too.

use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::{BaseArg, DumpArgs, DumpFormat, HexylArgs, Panels};
use crate::exit;
use crate::mapping::{Bounds, Protection, Region, Source, WindowReader};
use crate::render::{self, hexyl::Base, hexyl::HexylOptions, xxd::XxdOptions};
use crate::units::{Blocks, ByteCount, Offset};

mod output;

/// What a dump does, settled from the command line before any file is opened.
struct Plan<'a> {
    /// The file, or `None` for standard input.
    file: Option<&'a Path>,
    offset: Offset,
    length: Option<u64>,
    prot: Protection,
    format: Format,
    /// Added to the positions the hexyl layout shows (`-o/--display-offset`).
    display_offset: u64,
    /// `--output FILE`: the raw bytes go there instead of stdout.
    output: Option<&'a Path>,
}

/// The output format: the bytes themselves, or rendered.
enum Format {
    Raw,
    Rendered(Render),
}

/// A rendered format, with the hexyl layout's options decided (colour, panels).
enum Render {
    Hexyl(HexylOptions),
    /// hexyl's `-i`: a C array through hexyl's own Printer, declared under the name hexyl
    /// gives it (the file's name, `stdin` for `-`), or bare when no FILE was given.
    Include(HexylOptions, Option<String>),
    /// Plain hex: bytes per line (0: one line), upper-case digits.
    Plain(usize, bool),
    Xxd(XxdOptions),
    C,
}

impl<'a> Plan<'a> {
    fn from_args(args: &'a DumpArgs) -> Result<Self> {
        let file = match args.file.as_deref() {
            _ if args.print_color_table => None,
            Some(path) if path.as_os_str() == "-" => None,
            Some(path) => Some(path),
            None if io::stdin().is_terminal() => {
                return Err(exit::Failure {
                    code: 2,
                    message: "no FILE given, and standard input is a terminal".into(),
                    hint: Some(
                        "name a file, pipe bytes in (`cat f | mmapctl dump`), or give `-` to \
                         read the terminal"
                            .into(),
                    ),
                }
                .into())
            }
            None => None,
        };
        let hexyl = || hexyl_options(&args.hexyl, io::stdout().is_terminal());
        let block = args.region.block_size;
        let in_bytes = |value: Blocks, option: &str| {
            value.bytes(block).ok_or_else(|| exit::Failure {
                code: 2,
                message: format!(
                    "invalid {option}: {} blocks of {block} bytes (--block-size) is past 2^64 - 1 \
                     bytes",
                    value.count
                ),
                hint: None,
            })
        };
        let count = |value: Blocks, option: &str| -> Result<u64> {
            match in_bytes(value, option)? {
                Offset::FromStart(n) | Offset::FromEnd(n) => Ok(n),
            }
        };
        if args.output.is_some()
            && matches!(
                args.format,
                DumpFormat::Plain | DumpFormat::C | DumpFormat::Xxd
            )
        {
            return Err(exit::Failure {
                code: 2,
                message: format!(
                    "--output writes the bytes themselves (as --format raw), not --format {}",
                    match args.format {
                        DumpFormat::Plain => "plain",
                        DumpFormat::Xxd => "xxd",
                        _ => "c",
                    }
                ),
                hint: Some("redirect stdout for text: `mmapctl dump f -f plain > f.hex`".into()),
            }
            .into());
        }
        let xxd_like = matches!(args.format, DumpFormat::Xxd | DumpFormat::Plain);
        // -c is xxd's columns in xxd's layouts, and hexyl's length elsewhere (as -n).
        let region_length = args
            .region
            .length
            .map(|l| count(l, "--length"))
            .transpose()?;
        let (length, cols) = match args.count_or_cols {
            Some(n) if xxd_like => (
                region_length,
                args.cols.or(Some(ByteCount(count(n, "-c")?))),
            ),
            Some(_) if region_length.is_some() => {
                return Err(usage(
                    "-c is -n/--length/--bytes with this format, given twice",
                    "give one of them; with -f xxd or -f plain, -c is bytes per line",
                ))
            }
            Some(n) => (Some(count(n, "-c")?), args.cols),
            None => (region_length, args.cols),
        };
        if cols.is_some() && !xxd_like {
            return Err(usage(
                "--cols is bytes per line of -f xxd and -f plain only",
                "add -f xxd or -f plain; the hexyl layout's width is --panels",
            ));
        }
        if args.upper && !xxd_like {
            return Err(usage(
                "-u/--upper applies to -f xxd and -f plain only",
                "add -f xxd or -f plain",
            ));
        }
        Ok(Plan {
            file,
            output: args.output.as_deref(),
            offset: in_bytes(args.region.offset, "--offset")?,
            length,
            prot: Protection::from(args.prot),
            display_offset: count(args.hexyl.display_offset, "--display-offset")?,
            format: match args.format {
                _ if args.output.is_some() => Format::Raw,
                _ if args.include => Format::Rendered(Render::Include(
                    hexyl()?,
                    args.file.as_deref().map(|path| {
                        if path.as_os_str() == "-" {
                            "stdin".to_string()
                        } else {
                            path.file_name()
                                .and_then(|n| n.to_str())
                                .unwrap_or("file")
                                .to_string()
                        }
                    }),
                )),
                DumpFormat::Hexyl => Format::Rendered(Render::Hexyl(hexyl()?)),
                DumpFormat::Plain => Format::Rendered(Render::Plain(
                    // xxd -p takes any number of columns; past usize is one line anyway.
                    cols.map_or(render::plain::BYTES_PER_LINE, |c| {
                        usize::try_from(c.0).unwrap_or(usize::MAX)
                    }),
                    args.upper,
                )),
                DumpFormat::Xxd => Format::Rendered(Render::Xxd(
                    XxdOptions::new(
                        cols.map_or(0, |c| c.0),
                        args.hexyl.group_size,
                        args.hexyl.little_endian
                            || matches!(args.hexyl.endianness, ::hexyl::Endianness::Little),
                        args.upper,
                        args.hexyl.color.enabled(io::stdout().is_terminal()),
                    )
                    .map_err(|e| usage(&e, "xxd's limits: -c 1 to 256, -g a power of 2 with -e"))?,
                )),
                DumpFormat::Raw => Format::Raw,
                DumpFormat::C => Format::Rendered(Render::C),
            },
        })
    }
}

/// Runs `mmapctl dump`.
///
/// # Errors
/// Bad file or region, mapping failures, and output errors (a broken pipe is reported as
/// such and exits 0 in `exit::report`).
pub fn run(args: &DumpArgs) -> Result<()> {
    if args.print_color_table {
        return print_color_table();
    }
    if let Some(shell) = args.completion {
        let mut out = io::stdout().lock();
        crate::cli::completion(shell, &mut out);
        return out.flush().map_err(Into::into);
    }
    dump(&Plan::from_args(args)?)
}

/// hexyl's `--print-color-table`, byte for byte, in hexyl's own colours.
fn print_color_table() -> Result<()> {
    use ::hexyl::{
        COLOR_ASCII_OTHER, COLOR_ASCII_PRINTABLE, COLOR_ASCII_WHITESPACE, COLOR_NONASCII,
        COLOR_NULL, COLOR_RESET,
    };
    let rows = [
        (&COLOR_NULL, "⋄ NULL bytes (0x00)"),
        (
            &COLOR_ASCII_PRINTABLE,
            "a ASCII printable characters (0x20 - 0x7E)",
        ),
        (
            &COLOR_ASCII_WHITESPACE,
            "_ ASCII whitespace (0x09 - 0x0D, 0x20)",
        ),
        (
            &COLOR_ASCII_OTHER,
            "• ASCII control characters (except NULL and whitespace)",
        ),
        (&COLOR_NONASCII, "× Non-ASCII bytes (0x80 - 0xFF)"),
    ];
    let mut text = String::from("hexyl color reference:\n\n");
    for (color, line) in rows {
        text.push_str(color);
        text.push_str(line);
        text.push('\n');
        text.push_str(COLOR_RESET);
    }
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(write_error)
}

fn dump(plan: &Plan) -> Result<()> {
    match plan.file {
        None => {
            // A long stream through a 64 KiB pipe is 16 reads and writer wake-ups a chunk.
            if plan.length.is_none_or(|len| len >= 1 << 20) {
                crate::mapping::os::widen_stdin_pipe(render::CHUNK);
            }
            let stdin = io::stdin();
            stream(
                plan,
                "standard input",
                "stdin",
                stdin_identity(),
                stdin.lock(),
            )
        }
        Some(path) if crate::mapping::must_stream(path) => {
            // Opening a FIFO waits for a writer, as `hexyl fifo` and `cat fifo` do.
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot open {} for reading", path.display()))?;
            let name = path.display().to_string();
            let identity = file.metadata().ok();
            stream(plan, &name, &render::c::variable_name(path), identity, file)
        }
        Some(path) => mapped(plan, path),
    }
}

/// Standard input's file, to refuse `--output` naming it (`dump --output f < f`).
fn stdin_identity() -> Option<std::fs::Metadata> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
        std::fs::File::from(fd).metadata().ok()
    }
    #[cfg(not(unix))]
    None
}

/// Dumps a stream: skips `--offset` bytes by reading them, then renders up to `--length`.
/// `identity` is the input's file, if it has one (see [`raw_out`]).
fn stream<R: Read>(
    plan: &Plan,
    name: &str,
    c_name: &str,
    identity: Option<std::fs::Metadata>,
    mut reader: R,
) -> Result<()> {
    let skip = match plan.offset {
        Offset::FromStart(n) => n,
        Offset::FromEnd(_) => {
            return Err(exit::Failure {
                code: 2,
                message: format!(
                    "{name}: --offset {} counts back from the end, and a stream has no end to \
                     count from",
                    plan.offset
                ),
                hint: Some("pipe it through `tail -c N` first, or dump a regular file".into()),
            }
            .into())
        }
    };
    // Skipping past the end leaves nothing to dump (hexyl's "No content" box), as for a file.
    io::copy(&mut (&mut reader).take(skip), &mut io::sink())
        .with_context(|| format!("cannot read {name}"))?;
    let mut input = reader.take(plan.length.unwrap_or(u64::MAX));
    match &plan.format {
        Format::Raw => raw_out(plan, identity.as_ref(), |out, out_name| {
            copy_stream(name, &mut input, out, out_name)
        }),
        Format::Rendered(format) => {
            let shown = shown_offset(skip, plan.display_offset)?;
            // Without a length a stream's end is unknown: hexyl's column, as hexyl has it.
            rendered(format, (shown, plan.length), c_name, input, name)
        }
    }
}

/// The first position shown: the input's offset plus `-o/--display-offset`.
fn shown_offset(offset: u64, display_offset: u64) -> Result<u64> {
    offset.checked_add(display_offset).ok_or_else(|| {
        anyhow::anyhow!(
            "--display-offset {display_offset:#x} past offset {offset:#x} overflows 64 bits"
        )
    })
}

/// Copies a stream to `out` (named `out_name` in errors) through one bounded buffer.
fn copy_stream<R: Read>(
    name: &str,
    input: &mut R,
    out: &mut dyn Write,
    out_name: &str,
) -> Result<()> {
    let mut buf = vec![0u8; render::CHUNK];
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot read {name}")),
        };
        out.write_all(&buf[..n])
            .map_err(|e| write_error_to(e, out_name))?;
    }
    out.flush().map_err(|e| write_error_to(e, out_name))
}

/// Renders `input` to stdout; `label` names the input (and region) in errors. `at` is the
/// first position shown and the input's length when known (which sizes the position column).
fn rendered<R: Read>(
    format: &Render,
    (display_offset, length): (u64, Option<u64>),
    c_name: &str,
    input: R,
    label: &str,
) -> Result<()> {
    let stdout = io::stdout();
    let failed = std::rc::Rc::new(std::cell::Cell::new(false));
    let mut out = Gate {
        inner: io::BufWriter::with_capacity(256 << 10, stdout.lock()),
        failed: failed.clone(),
    };
    let mut input = Latch::new(input, failed);
    let result = match format {
        Render::Plain(cols, upper) => render::plain::render(&mut input, *cols, *upper, &mut out),
        Render::Xxd(opts) => render::xxd::render(opts, display_offset, &mut input, &mut out),
        Render::C => render::c::render(&mut input, c_name, &mut out),
        Render::Hexyl(opts) => {
            render::hexyl::render_sized(opts, display_offset, length, &mut input, &mut out)
        }
        Render::Include(opts, name) => {
            render::hexyl::render_include(opts, name.as_deref(), &mut input, &mut out)
        }
    };
    // An input error comes first: hexyl's Printer turns a failed read into the end of
    // input, so the latched error is the real cause of anything that followed.
    if let Some(err) = input.error.take() {
        // What the renderer wrote after the failed read (hexyl's closing box, "No
        // content", the end of a C array) would pass for a complete dump: drop it.
        drop(out.inner.into_parts());
        let err = exit::from_io(err);
        if err.downcast_ref::<exit::Failure>().is_some() {
            // Already names the file and region (the shrink/fault line).
            return Err(err);
        }
        return Err(err.context(format!("cannot read {label}")));
    }
    result.and_then(|()| out.flush()).map_err(|e| {
        if render::is_no_memory(&e) {
            anyhow::Error::from(e).context(format!("cannot dump {label}"))
        } else {
            write_error(e)
        }
    })
}

fn mapped(plan: &Plan, path: &Path) -> Result<()> {
    let source = Source::open(path, false)?;
    crate::edit::journal::warn_if_hot(path);
    let region = region(&source, plan.offset, plan.length)?;
    let prot = plan.prot;
    match &plan.format {
        Format::Raw => {
            let identity = source.file().metadata().ok();
            raw_out(plan, identity.as_ref(), |out, out_name| {
                raw(&source, region, prot, out, out_name)
            })
        }
        Format::Rendered(format) => {
            let input = WindowReader::new(&source, region, prot)?;
            let name = render::c::variable_name(source.path());
            let label = format!("{} ({region})", source.path().display());
            let shown = shown_offset(region.offset, plan.display_offset)?;
            rendered(format, (shown, Some(region.len)), &name, input, &label)
        }
    }
}

/// The region dump reads, as hexyl 0.17 does: a length past the end is cut at the end, and an
/// offset past the end is an empty region there (hexyl's "No content" box; nothing is written,
/// so matching hexyl costs no safety), where the other reading commands refuse it. A negative
/// offset reaching before the start is an error, as in hexyl.
fn region(source: &Source, offset: Offset, length: Option<u64>) -> Result<Region> {
    let size = source.size();
    let start = crate::mapping::start(offset, size).map_err(|cause| exit::Failure {
        code: 1,
        message: format!("{}: {cause}", source.path().display()),
        // hexyl's own words, which its users (and its test suite) look for.
        hint: Some(format!(
            "Failed to jump to the desired input position: the furthest back is -s -{size}"
        )),
    })?;
    if start > size {
        // Still refuse a region whose end overflows, as for any other offset.
        length
            .map(|len| Region::checked(start, len))
            .transpose()
            .with_context(|| source.path().display().to_string())?;
        return Ok(Region {
            offset: start,
            len: 0,
        });
    }
    source.resolve(Offset::FromStart(start), length, Bounds::Clamp)
}

/// Copies the region's bytes to `out` (named `out_name` in errors) straight from the
/// mapping, window by window.
fn raw(
    source: &Source,
    region: Region,
    prot: Protection,
    out: &mut dyn Write,
    out_name: &str,
) -> Result<()> {
    if region.len >= 1 << 20 && out_name == "stdout" {
        crate::mapping::os::widen_stdout_pipe(1 << 20);
    }
    for window in source.windows(region, prot) {
        let window = window?;
        // write(2) reports pages lost to a shrinking file as EFAULT rather than SIGBUS.
        out.write_all(window.bytes()).map_err(|e| {
            if crate::mapping::is_fault(&e) {
                source.fault(window.region()).into()
            } else {
                write_error_to(e, out_name)
            }
        })?;
    }
    out.flush().map_err(|e| write_error_to(e, out_name))
}

/// Runs `write` on where the raw bytes go: stdout, or `--output FILE` (named in errors),
/// which gets its name only once `write` has succeeded. `input` is the input's file.
fn raw_out(
    plan: &Plan,
    input: Option<&std::fs::Metadata>,
    write: impl FnOnce(&mut dyn Write, &str) -> Result<()>,
) -> Result<()> {
    let Some(path) = plan.output else {
        return write(&mut io::stdout().lock(), "stdout");
    };
    let mut file = output::OutputFile::create(path, input)?;
    write(file.writer(), &path.display().to_string())?;
    file.commit()
}

fn write_error(err: io::Error) -> anyhow::Error {
    write_error_to(err, "stdout")
}

fn write_error_to(err: io::Error, name: &str) -> anyhow::Error {
    exit::from_io(err).context(format!("cannot write to {name}"))
}

/// Passes reads through, but turns the first error into the end of input and keeps it, so
/// that a consumer which swallows read errors (hexyl's Printer retries forever) stops; and
/// raises `failed`, which closes the [`Gate`] on the output.
struct Latch<R> {
    inner: R,
    error: Option<io::Error>,
    failed: std::rc::Rc<std::cell::Cell<bool>>,
}

impl<R> Latch<R> {
    fn new(inner: R, failed: std::rc::Rc<std::cell::Cell<bool>>) -> Self {
        Latch {
            inner,
            error: None,
            failed,
        }
    }
}

/// The dump's output, closed once the input has failed: what a renderer writes after a
/// failed read (hexyl's closing box saying "No content", the end of a C array) would pass
/// for a complete dump of the region, so it never reaches stdout.
struct Gate<W> {
    inner: W,
    failed: std::rc::Rc<std::cell::Cell<bool>>,
}

impl<W: Write> Write for Gate<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.failed.get() {
            return Ok(buf.len());
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed.get() {
            return Ok(());
        }
        self.inner.flush()
    }
}

impl<R: Read> Read for Latch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.error.is_some() {
            return Ok(0);
        }
        match self.inner.read(buf) {
            Err(e) if e.kind() != io::ErrorKind::Interrupted => {
                self.error = Some(e);
                self.failed.set(true);
                Ok(0)
            }
            other => other,
        }
    }
}

/// Turns hexyl's options into the renderer's, deciding colour and panel count as the
/// `hexyl` command (0.17) does.
fn hexyl_options(args: &HexylArgs, stdout_is_tty: bool) -> Result<HexylOptions> {
    let color = args.color.enabled(stdout_is_tty);
    let base = match args.base {
        BaseArg::Binary => Base::Binary,
        BaseArg::Octal => Base::Octal,
        BaseArg::Decimal => Base::Decimal,
        BaseArg::Hexadecimal => Base::Hexadecimal,
    };
    let group_size = match args.group_size.unwrap_or(1) {
        g @ (1 | 2 | 4 | 8) => g as u8,
        g => {
            return Err(usage(
                &format!("invalid value '{g}' for '--group-size <N>': the hexyl layout groups 1, 2, 4 or 8 bytes"),
                "-f xxd takes any group size",
            ))
        }
    };
    let char_panel = !args.no_characters && !args.plain;
    let position_panel = !args.no_position && !args.plain;
    let base_digits = match base {
        Base::Binary => 8,
        Base::Octal | Base::Decimal => 3,
        Base::Hexadecimal => 2,
    };
    let fit = |width: u64| {
        max_panels(
            width,
            base_digits,
            u64::from(group_size),
            char_panel,
            position_panel,
        )
    };
    let terminal =
        || terminal_size::terminal_size().map_or(80, |(terminal_size::Width(w), _)| u64::from(w));
    let panels = match (args.panels, args.terminal_width) {
        (Some(Panels::Count(n)), _) => n,
        (Some(Panels::Auto), _) => fit(terminal()),
        (None, Some(width)) => fit(width),
        (None, None) => fit(terminal()).min(2),
    };
    Ok(HexylOptions {
        color,
        char_panel,
        position_panel,
        border: args.border,
        squeeze: !args.no_squeezing,
        panels,
        group_size,
        base,
        // hexyl's own ValueEnum types, parsed by clap under hexyl's names.
        endianness: if args.little_endian {
            ::hexyl::Endianness::Little
        } else {
            args.endianness
        },
        character_table: args.character_table,
        color_scheme: args.color_scheme,
    })
}

/// A usage error (exit 2) with a hint.
fn usage(message: &str, hint: &str) -> anyhow::Error {
    exit::Failure {
        code: 2,
        message: message.into(),
        hint: Some(hint.into()),
    }
    .into()
}

/// How many panels fit in `width` columns: hexyl 0.17's `max_panels_fn`, at least one.
fn max_panels(width: u64, base_digits: u64, group_size: u64, chars: bool, position: bool) -> u64 {
    let offset = if position { 10 } else { 1 };
    let hex = (8 / group_size) * (base_digits * group_size + 1) + 2;
    let column = if chars { hex + 8 } else { hex };
    (width.saturating_sub(offset) / column).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_fit_like_hexyl() {
        // 80 columns: hexyl shows 2 hex panels, 1 in binary, 3 without characters.
        assert_eq!(max_panels(80, 2, 1, true, true), 2);
        assert_eq!(max_panels(80, 8, 1, true, true), 1);
        assert_eq!(max_panels(80, 2, 1, false, true), 2);
        assert_eq!(max_panels(200, 2, 1, true, true), 5);
        assert_eq!(max_panels(5, 2, 1, true, true), 1);
    }
}
