//! Every clap definition of the command line, and nothing else: completions and man pages
//! are generated from here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::mapping::Protection;
use crate::units::{ByteCount, HumanDuration, Offset};

/// Map a file, or a region of one, and print, change, pin or measure it.
#[derive(Debug, Parser)]
#[command(name = "mmapctl", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a region of a file: hexyl's layout, plain hex (xxd -p), raw bytes or a C array.
    Dump(DumpArgs),
    /// Pin regions of files in RAM (mlock) until a signal or --for ends the hold.
    ///
    /// Each file's region is mapped read-only and locked, which reads it in from disk if
    /// needed; then mmapctl prints what it locked and holds until SIGINT (Ctrl-C), SIGTERM or
    /// SIGHUP, or until --for has passed, then unlocks, unmaps and exits 0. A lock needs its
    /// pages mapped for as long as it is held, so each region is one whole mapping (address
    /// space as large as the region), not the bounded windows other commands use.
    ///
    /// Locked memory counts against RLIMIT_MEMLOCK (`ulimit -l`, in KiB) unless the process
    /// has CAP_IPC_LOCK. When the limit refuses, mmapctl says what was asked, the limit, and
    /// how to raise it, and leaves nothing locked.
    Lock(LockArgs),
    /// Report which pages of files are in the page cache; load or evict them.
    ///
    /// Per file and in total: resident pages of the region, the bytes they hold, and the
    /// percentage, as fincore and vmtouch count them (mincore). Large files are examined in
    /// bounded windows, and the kernel is asked for each window's cached-page count first
    /// (cachestat, Linux 6.5+): a window with none or all of its pages cached, e.g. most of
    /// a huge sparse file, needs no page-by-page look.
    Residency(ResidencyArgs),
}

/// A region of a file: `-s/--offset` and `-n/--length`, shared by every command.
#[derive(Debug, Args)]
pub struct RegionArgs {
    /// Start of the region in bytes; negative counts back from the end of the file (-s -512).
    /// Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024,
    /// KB MB GB TB powers of 1000.
    #[arg(
        short = 's',
        long,
        value_name = "OFFSET",
        default_value = "0",
        allow_hyphen_values = true
    )]
    pub offset: Offset,

    /// Length of the region in bytes (same forms as --offset) [default: to the end of the file]
    #[arg(short = 'n', long, value_name = "LEN", allow_hyphen_values = true)]
    pub length: Option<ByteCount>,
}

/// `mmapctl dump`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    mmapctl dump /bin/ls -n 256\n  \
    mmapctl dump disk.img -s 0x1be -n 64 --format plain\n  \
    mmapctl dump firmware.bin -s -16 --format c\n  \
    mmapctl dump big.bin -s 1GiB -n 4KiB --format raw > page.bin")]
pub struct DumpArgs {
    /// The file (or block device) to dump.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    #[command(flatten)]
    pub region: RegionArgs,

    /// Output format.
    #[arg(short = 'f', long, value_enum, default_value_t, value_name = "FORMAT")]
    pub format: DumpFormat,

    /// How to map the file.
    #[arg(long, value_enum, default_value_t, value_name = "PROT")]
    pub prot: ReadProt,

    #[command(flatten)]
    pub hexyl: HexylArgs,
}

/// Formats of `dump`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    /// hexyl's layout: position, hex and character panels.
    #[default]
    Hexyl,
    /// Contiguous lowercase hex, 30 bytes per line, like `xxd -p` (what `patch --hex` takes).
    Plain,
    /// The bytes themselves (extracting a region, like `dd skip= count=`).
    Raw,
    /// A C array, like `xxd -i`.
    C,
}

/// The protections a reading command may choose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ReadProt {
    /// Read-only shared mapping.
    #[default]
    Ro,
    /// Private copy-on-write mapping.
    Copy,
    /// Read+execute mapping (fails on a noexec mount).
    Exec,
}

impl From<ReadProt> for Protection {
    fn from(prot: ReadProt) -> Self {
        match prot {
            ReadProt::Ro => Protection::ReadOnly,
            ReadProt::Copy => Protection::Copy,
            ReadProt::Exec => Protection::Exec,
        }
    }
}

/// When to colour output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour when stdout is a terminal and NO_COLOR is unset.
    #[default]
    Auto,
    /// Colour unless NO_COLOR is set.
    Always,
    /// Never colour.
    Never,
    /// Colour even when NO_COLOR is set.
    Force,
}

/// hexyl's options, under hexyl's own names, for `--format hexyl`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Layout (--format hexyl)")]
pub struct HexylArgs {
    /// When to use colours.
    #[arg(long, value_enum, default_value_t, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Show every line; otherwise runs of identical lines become one `*` line.
    #[arg(short = 'v', long)]
    pub no_squeezing: bool,

    /// Border style.
    #[arg(long, value_enum, default_value_t = BorderArg::Unicode, value_name = "STYLE")]
    pub border: BorderArg,

    /// Number of 8-byte hex panels per line, or `auto` to fill the terminal width
    /// [default: 2, fewer when the terminal (80 columns if none) is too narrow]
    #[arg(long, value_name = "N", value_parser = parse_panels)]
    pub panels: Option<Panels>,

    /// Bytes per group (1, 2, 4 or 8).
    #[arg(short = 'g', long, alias = "groupsize", value_name = "N", default_value = "1",
          value_parser = ["1", "2", "4", "8"])]
    pub group_size: String,

    /// Byte order within a group.
    #[arg(long, value_enum, default_value_t = EndiannessArg::Big, value_name = "FORMAT")]
    pub endianness: EndiannessArg,

    /// How bytes are shown in the character panel.
    #[arg(long, value_enum, default_value_t = CharTableArg::Default, value_name = "FORMAT")]
    pub character_table: CharTableArg,

    /// Colours of the character panel.
    #[arg(long, value_enum, default_value_t = ColorSchemeArg::Default, value_name = "FORMAT")]
    pub color_scheme: ColorSchemeArg,

    /// Base of the byte columns: binary, octal, decimal, hexadecimal (or b, o, d, x, 2, 8, 10,
    /// 16).
    #[arg(short = 'b', long, value_name = "B", default_value = "hexadecimal",
          value_parser = parse_base)]
    pub base: BaseArg,

    /// Hide the character panel.
    #[arg(long)]
    pub no_characters: bool,

    /// Hide the position panel.
    #[arg(short = 'P', long)]
    pub no_position: bool,

    /// Width to fit the panels to, instead of the terminal's.
    #[arg(long, value_name = "N", conflicts_with = "panels",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub terminal_width: Option<u64>,
}

/// `--panels`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panels {
    /// As many as fit the terminal.
    Auto,
    /// Exactly this many.
    Count(u64),
}

fn parse_panels(s: &str) -> Result<Panels, String> {
    if s == "auto" {
        return Ok(Panels::Auto);
    }
    match s.parse::<u64>() {
        Ok(n) if n > 0 => Ok(Panels::Count(n)),
        _ => Err(format!("{s:?} is not `auto` or a positive number")),
    }
}

/// `--base`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseArg {
    /// Base 2.
    Binary,
    /// Base 8.
    Octal,
    /// Base 10.
    Decimal,
    /// Base 16.
    Hexadecimal,
}

fn parse_base(s: &str) -> Result<BaseArg, String> {
    Ok(match s {
        "b" | "bin" | "binary" | "2" => BaseArg::Binary,
        "o" | "oct" | "octal" | "8" => BaseArg::Octal,
        "d" | "dec" | "decimal" | "10" => BaseArg::Decimal,
        "x" | "hex" | "hexadecimal" | "16" => BaseArg::Hexadecimal,
        _ => {
            return Err(format!(
                "{s:?} is not a base (binary, octal, decimal, hexadecimal)"
            ))
        }
    })
}

/// `--border`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BorderArg {
    /// Unicode box-drawing characters.
    Unicode,
    /// ASCII characters.
    Ascii,
    /// No border.
    None,
}

/// `--endianness`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EndiannessArg {
    /// Least significant byte first within a group.
    Little,
    /// Bytes in file order.
    Big,
}

/// `--character-table`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CharTableArg {
    /// Printable ASCII as-is, ⋄ for NUL, _ for whitespace, • other ASCII, × non-ASCII.
    Default,
    /// Printable ASCII as-is, '.' for everything else.
    Ascii,
    /// EBCDIC code page 1047.
    #[value(name = "codepage-1047")]
    Codepage1047,
    /// Code page 437.
    #[value(name = "codepage-437")]
    Codepage437,
    /// Braille patterns for non-printable bytes.
    Braille,
}

/// `--color-scheme`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorSchemeArg {
    /// hexyl's default colours by byte category.
    Default,
    /// Gradients by byte value.
    Gradient,
}

/// `mmapctl lock`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    mmapctl lock big.db                      # hold until Ctrl-C\n  \
    mmapctl lock big.db index.db --for 5m\n  \
    mmapctl lock big.db -s 1GiB -n 256MiB --json &   # a script waits for the \"locked\" line")]
pub struct LockArgs {
    /// The files (or block devices) to lock.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub region: RegionArgs,

    /// Hold for this long (500ms, 30s, 5m, 2h) instead of until a signal; a signal still
    /// ends it early.
    #[arg(long = "for", value_name = "DURATION")]
    pub hold_for: Option<HumanDuration>,

    /// Print JSON objects on stdout: one when everything is locked, one when released.
    #[arg(long)]
    pub json: bool,
}

/// `mmapctl residency`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    mmapctl residency big.db                 # resident pages, bytes and percent\n  \
    mmapctl residency -r /var/lib/db --map   # every file below, with a picture of each\n  \
    mmapctl residency big.db --evict         # drop it from the page cache\n  \
    mmapctl residency big.db -n 1GiB --touch --json")]
pub struct ResidencyArgs {
    /// The files (or block devices) to report on; directories with -r.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Walk directories: every regular file below them, in name order. Symbolic links
    /// met on the way are not followed and, with other non-regular files (FIFOs, sockets,
    /// devices), are skipped with a note on stderr.
    #[arg(short = 'r', long)]
    pub recursive: bool,

    #[command(flatten)]
    pub region: RegionArgs,

    /// Load the region into the page cache, then report.
    #[arg(long, conflicts_with = "evict")]
    pub touch: bool,

    /// Drop the region from the page cache, then report. Dirty pages (not yet written back:
    /// `sync` first), pages that processes have mapped or locked, and pages sharing a large
    /// folio with pages outside the region stay.
    #[arg(long)]
    pub evict: bool,

    /// Draw a line per file showing which parts are resident (O all, o some, space none),
    /// as wide as the terminal.
    #[arg(long)]
    pub map: bool,

    /// Print one JSON object on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
