//! Every clap definition of the command line, and nothing else: completions and man pages
//! are generated from here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::mapping::{Advice, Protection};
use crate::units::{ByteCount, Offset};

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
    /// Measure memory-mapped read/write throughput on a file or anonymous memory, beside
    /// pread/pwrite.
    Bench(BenchArgs),
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

/// `mmapctl bench`.
#[derive(Debug, Args)]
#[command(after_help = "\
Each run maps the region, applies --advise and --populate (timed as map and populate), then
touches it (timed: GiB/s is over the touch time); the page faults of the whole run are counted.
Before every run the file's page-cache residency is checked (mincore): it is warmed when not
fully resident, or evicted with --cold, and the share resident at the start is reported.
Unlike the other commands, bench maps the whole region it measures as one mapping (not 16 MiB
windows), so its memory use grows with the region.

Examples:
  mmapctl bench
  mmapctl bench --mode read --size 1GiB --populate --baseline
  mmapctl bench data.bin --mode randread --block 64KiB --threads 2 --json
  mmapctl bench data.bin --mode all --copy --cold
  mmapctl bench --anon --size 512MiB --mode write --advise hugepage")]
pub struct BenchArgs {
    /// The file to measure [default: a temporary file of --size in $TMPDIR, removed afterwards,
    /// also on Ctrl-C]
    #[arg(value_name = "FILE", conflicts_with_all = ["anon", "size"])]
    pub file: Option<PathBuf>,

    /// Measure anonymous memory instead of a file (mmap-go's ANON).
    #[arg(long, conflicts_with_all = ["offset", "length", "cold", "baseline", "copy", "destructive"])]
    pub anon: bool,

    /// Size of the temporary file or of the anonymous mapping.
    #[arg(long, value_name = "SIZE", default_value = "256MiB")]
    pub size: ByteCount,

    #[command(flatten)]
    pub region: RegionArgs,

    /// What to measure [default: all; on a FILE without --copy or --destructive, read and
    /// randread]
    #[arg(long, value_enum, value_name = "MODE")]
    pub mode: Option<BenchMode>,

    /// Size of one random read or write; random offsets are multiples of it.
    #[arg(long, value_name = "SIZE", default_value = "4KiB")]
    pub block: ByteCount,

    /// Threads sharing the work: read and write split the region, randread and randwrite the
    /// operations (randwrite gives each thread its own stripe of the region).
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: u32,

    /// Runs per mode; the median, minimum and maximum are reported.
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub runs: u32,

    /// Seed of the random offsets (randread, randwrite); run N uses SEED + N.
    #[arg(long, value_name = "SEED", default_value_t = 1)]
    pub seed: u64,

    /// Pre-fault the mapping (MADV_POPULATE_READ, or _WRITE for write modes) in the map
    /// phase, timed separately from the touch.
    #[arg(long)]
    pub populate: bool,

    /// madvise hint given to the mapping in the map phase.
    #[arg(long, value_enum, value_name = "HINT")]
    pub advise: Option<Advice>,

    /// Evict the file from the page cache before every run (posix_fadvise DONTNEED) instead
    /// of warming it.
    #[arg(long)]
    pub cold: bool,

    /// Also do the same work with pread/pwrite (1 MiB requests for read and write, --block for
    /// the random modes) and print the ratio mmap/syscalls.
    #[arg(long)]
    pub baseline: bool,

    /// Map the file privately (copy-on-write): write modes never reach the file.
    #[arg(long, conflicts_with = "destructive")]
    pub copy: bool,

    /// Let write modes overwrite the region of FILE (its bytes are lost).
    #[arg(long)]
    pub destructive: bool,

    /// Print one JSON document with every figure and the parameters instead of the table.
    #[arg(long)]
    pub json: bool,

    /// Tests only: replace measured times, faults and residency with fixed fake figures.
    #[arg(long, hide = true)]
    pub debug_mode: bool,
}

/// Modes of `bench`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BenchMode {
    /// Read every byte in order (a sum of 8-byte words).
    Read,
    /// Write every byte in order.
    Write,
    /// Read --block sized blocks at random aligned offsets, as many as fill the region.
    Randread,
    /// Write --block sized blocks at random aligned offsets, as many as fill the region.
    Randwrite,
    /// All four, in that order.
    All,
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
