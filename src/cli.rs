//! Every clap definition of the command line, and nothing else: completions and man pages
//! are generated from here.

use std::path::PathBuf;

use clap::{ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::mapping::{Advice, Flush, Protection};
use crate::search::PatternKind;
use crate::units::{Blocks, ByteCount, HexBytes, HumanDuration, Offset};

/// Map a file, or a region of one, and print, change, pin or measure it.
///
/// mmapctl memory-maps a file, or a region of one (any offset, any length, past 4 GiB), with
/// a chosen protection, and prints it (dump), searches it (find), compares it (diff),
/// changes it in place (patch, fill), pins it in RAM (lock), reports or changes what of it
/// is in the page cache (residency), or measures how fast mapping is (bench).
///
/// Every command takes a region: -s/--offset (default 0; negative counts back from the
/// end) and -n/--length (default: to the end). Files are regular files or block devices,
/// mapped 16 MiB at a time, so memory stays bounded whatever their size; dump also reads
/// standard input, pipes and devices as a stream. Data and --json objects go to stdout;
/// status, notes and errors go to stderr, errors as one line `mmapctl: error: ...` naming
/// the file, the region and the cause. A writer (patch, fill) checks every argument before
/// the first byte changes, so a refused call changes nothing, and never truncates a file.
#[derive(Debug, Parser)]
#[command(name = "mmapctl", version, about, max_term_width = 100)]
#[command(
    after_help = crate::help::AFTER_HELP,
    after_long_help = crate::help::after_long_help(None)
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a region of a file: hexyl's layout, xxd's, plain hex (xxd -p), raw bytes or a C array.
    Dump(DumpArgs),
    /// Write bytes in place at an offset: hex, text or a file's bytes, optionally checked first.
    ///
    /// --script, --find, --from-dump and any patch of more than one page are all or nothing:
    /// an undo journal (.FILE.mmapctl-journal beside the file) holds the old bytes until the
    /// change is flushed, and the next patch or fill of the file rolls an interrupted one
    /// back.
    Patch(Box<PatchArgs>),
    /// Fill a region with one byte, a repeated pattern or seeded random bytes.
    Fill(FillArgs),
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
    /// Measure memory-mapped read/write throughput on a file or anonymous memory, beside
    /// pread/pwrite.
    ///
    /// Each run maps the region, applies --advise and --populate (timed as map and
    /// populate), then touches it (timed: GiB/s is over the touch time); the page faults of
    /// the whole run are counted. Before every run the file's page-cache residency is
    /// checked (mincore): it is warmed when not fully resident, or evicted with --cold, and
    /// the share resident at the start is reported. Unlike the other commands, bench maps
    /// the whole region it measures as one mapping (not 16 MiB windows), so its memory use
    /// grows with the region.
    Bench(BenchArgs),
    /// Find bytes: hex with wildcards, text or a byte regex; print the offset of every hit.
    ///
    /// One line per hit, FILE:0xOFFSET (a third field, the pattern's index from 0, when
    /// several patterns are given), at absolute file offsets. Hits are found across the
    /// 16 MiB windows the file is mapped in, non-overlapping from left to right like
    /// `grep -o` (--overlapping: every start). Exit status as grep's: 0 a hit, 1 none, 2 an
    /// error (a file that cannot be searched is reported and the others are still
    /// searched); 4 a file that shrank, or could not be read, while mapped.
    Find(FindArgs),
    /// Compare two files (or the same region of each) and print the differences as an edit
    /// script that `patch --script` applies; cmp's exit codes.
    ///
    /// Both files are read in bounded windows, each once: the SHA-256 of each whole file is
    /// taken while comparing. Exit status: 0 identical, 1 different, 2 an error (usage or
    /// runtime), 4 a file shrank while mapped.
    ///
    /// Different sizes: when B is longer, A reads as if zero-extended to B's size (the old
    /// bytes of an edit past A's end are 00), and the script always ends with an edit whose
    /// end is B's size, so that applying it grows A to B. When B is shorter, the script
    /// covers only B's size and a note says so: patch cannot shrink a file (mmapctl never
    /// truncates).
    Diff(DiffArgs),
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

/// dump's region: [`RegionArgs`] under hexyl's names too (--skip for -s, --bytes and a
/// hidden -l for -n; hexyl's -c is [`DumpArgs`]'s `count_or_cols`, since xxd's -c means columns), whose numbers may also count hexyl's blocks (`2block`, --block-size).
#[derive(Debug, Args)]
pub struct DumpRegionArgs {
    /// Start of the region in bytes; negative counts back from the end of the file (-s -512).
    /// Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024,
    /// KB MB GB TB powers of 1000; 2block is 2 blocks of --block-size bytes.
    #[arg(short = 's', long, value_name = "OFFSET", default_value = "0",
          allow_hyphen_values = true, visible_alias = "skip", value_parser = Blocks::offset)]
    pub offset: Blocks,

    /// Length of the region in bytes (same forms as --offset) [default: to the end of the file]
    #[arg(short = 'n', long, value_name = "LEN", allow_hyphen_values = true,
          visible_alias = "bytes", short_alias = 'l',
          value_parser = Blocks::count)]
    pub length: Option<Blocks>,

    /// Size of the `block` unit in -s, -n and -o, as hexyl's --block-size (1024, 4kB, 0x200).
    #[arg(long, value_name = "SIZE", default_value = "512",
          value_parser = crate::units::parse_block_size)]
    pub block_size: u64,
}

/// `mmapctl dump`.
#[derive(Debug, Args)]
#[command(after_long_help = crate::help::after_long_help(Some("dump")))]
pub struct DumpArgs {
    /// The file (or block device) to dump, mapped. `-`, or no FILE when standard input is
    /// not a terminal, reads standard input; pipes, FIFOs, character devices and procfs or
    /// sysfs files are read as a stream (-s skips forward, never back from the end).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub region: DumpRegionArgs,

    /// Output format.
    #[arg(short = 'f', long, value_enum, default_value_t, value_name = "FORMAT")]
    pub format: DumpFormat,

    /// Depends on the format, as each tool's -c does: with -f xxd or -f plain, bytes per line
    /// (xxd's -c, the same as --cols); with the other formats, bytes to dump (hexyl's -c, the
    /// same as -n/--bytes).
    #[arg(short = 'c', value_name = "N", allow_hyphen_values = true, value_parser = Blocks::count)]
    pub count_or_cols: Option<Blocks>,

    /// Bytes per line of -f xxd (1 to 256; 0: 16) and -f plain (0: all on one line), as xxd's
    /// -c [default: 16 for xxd, 30 for plain]
    #[arg(long, value_name = "N")]
    pub cols: Option<ByteCount>,

    /// Upper-case hex digits in -f xxd and -f plain (xxd's -u).
    #[arg(short = 'u', long)]
    pub upper: bool,

    /// Output in C include file style, as hexyl -i prints it (the array is named after the
    /// file's name without its directories; no declaration for standard input).
    #[arg(short = 'i', long, conflicts_with_all = ["format", "endianness", "little_endian"])]
    pub include: bool,

    /// Write the region's bytes themselves (as --format raw) into FILE, created or replaced
    /// only once every byte is in (never half-written); no short form: -o is hexyl's and
    /// xxd's --display-offset. FILE may not be the input itself.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["include", "print_color_table"])]
    pub output: Option<PathBuf>,

    /// Print a table of how hexyl's colours mark each kind of byte, and exit.
    #[arg(long)]
    pub print_color_table: bool,

    /// Print mmapctl's completion script for SHELL, and exit (as hexyl --completion; the
    /// same scripts are in the repository's completions/).
    #[arg(long, value_name = "SHELL")]
    pub completion: Option<clap_complete::Shell>,

    /// How to map the file.
    #[arg(long, value_enum, default_value_t, value_name = "PROT")]
    pub prot: ReadProt,

    #[command(flatten)]
    pub hexyl: HexylArgs,
}

/// Formats of `dump`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    /// hexyl's layout: position, hex and character panels (text, about 7x the bytes shown:
    /// to extract the bytes themselves use -f raw or --output).
    #[default]
    Hexyl,
    /// Contiguous lowercase hex, 30 bytes per line, like `xxd -p` (what `patch --hex` takes).
    Plain,
    /// xxd's default layout: offset, hex in groups, characters (--cols, -g, -u, -e, -o, and
    /// --color like vim's `xxd -R`).
    Xxd,
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

impl ColorWhen {
    /// Whether to colour, as hexyl and vim's xxd decide it: NO_COLOR turns `auto` and
    /// `always` off, `force` wins.
    pub fn enabled(self, stdout_is_tty: bool) -> bool {
        let no_color = std::env::var_os("NO_COLOR").is_some();
        match self {
            ColorWhen::Never => false,
            ColorWhen::Always => !no_color,
            ColorWhen::Force => true,
            ColorWhen::Auto => !no_color && stdout_is_tty,
        }
    }
}

/// hexyl's options, under hexyl's own names, for `--format hexyl`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Layout (--format hexyl)")]
pub struct HexylArgs {
    /// When to use colours.
    #[arg(
        long,
        value_enum,
        default_value_t,
        value_name = "WHEN",
        default_value_if("plain", "true", Some("never"))
    )]
    pub color: ColorWhen,

    /// Only the hex panels: --no-characters, --no-position, --border=none, --color=never.
    #[arg(short = 'p', long)]
    pub plain: bool,

    /// Add N to the positions shown (same forms as --length).
    #[arg(short = 'o', long, value_name = "N", default_value = "0", value_parser = Blocks::count)]
    pub display_offset: Blocks,

    /// Show every line; otherwise runs of identical lines become one `*` line.
    #[arg(short = 'v', long)]
    pub no_squeezing: bool,

    /// Border style.
    #[arg(
        long,
        value_enum,
        default_value = "unicode",
        value_name = "STYLE",
        default_value_if("plain", "true", Some("none"))
    )]
    pub border: hexyl::BorderStyle,

    /// Number of 8-byte hex panels per line, or `auto` to fill the terminal width
    /// [default: 2, fewer when the terminal (80 columns if none) is too narrow]
    #[arg(long, value_name = "N", value_parser = parse_panels)]
    pub panels: Option<Panels>,

    /// Bytes per group: 1, 2, 4 or 8 [default: 1]. With -f xxd, xxd's -g: any number, 0 or
    /// more than --cols for one group per line [default: 2, 4 with -e; a power of 2 with -e].
    #[arg(short = 'g', long, visible_alias = "groupsize", value_name = "N")]
    pub group_size: Option<u64>,

    /// Byte order within a group.
    #[arg(long, value_enum, default_value = "big", value_name = "FORMAT")]
    pub endianness: hexyl::Endianness,

    /// Little-endian groups: --endianness=little (hexyl's and xxd's -e).
    #[arg(short = 'e', overrides_with = "endianness")]
    pub little_endian: bool,

    /// How bytes are shown in the character panel.
    #[arg(long, value_enum, default_value = "default", value_name = "FORMAT")]
    pub character_table: hexyl::CharacterTable,

    /// Colours of the character panel.
    #[arg(long, value_enum, default_value = "default", value_name = "FORMAT")]
    pub color_scheme: hexyl::ColorScheme,

    /// Base of the byte columns: binary, octal, decimal, hexadecimal (or b, o, d, x, 2, 8, 10,
    /// 16).
    #[arg(short = 'b', long, value_name = "B", default_value = "hexadecimal",
          value_parser = parse_base)]
    pub base: BaseArg,

    /// Hide the character panel.
    #[arg(long)]
    pub no_characters: bool,

    /// Show the character panel (the default; undoes an earlier --no-characters).
    #[arg(short = 'C', long, overrides_with = "no_characters")]
    pub characters: bool,

    /// Hide the position panel.
    #[arg(short = 'P', long)]
    pub no_position: bool,

    /// Width to fit the panels to, instead of the terminal's.
    #[arg(long, value_name = "N", conflicts_with = "panels",
          value_parser = clap::value_parser!(u64).range(1..=MAX_WIDTH))]
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

/// The most panels (and columns, for --terminal-width) a line may have: wider than any
/// terminal, and small enough that a line's buffers stay small. hexyl itself takes any u64
/// and aborts trying to allocate a line of 10^11 panels.
pub const MAX_WIDTH: u64 = u16::MAX as u64;

fn parse_panels(s: &str) -> Result<Panels, String> {
    if s == "auto" {
        return Ok(Panels::Auto);
    }
    match s.parse::<u64>() {
        Ok(n) if (1..=MAX_WIDTH).contains(&n) => Ok(Panels::Count(n)),
        _ => Err(format!(
            "{s:?} is not `auto` or a number of panels from 1 to {MAX_WIDTH}"
        )),
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

/// `mmapctl patch`.
#[derive(Debug, Args)]
#[command(after_long_help = crate::help::after_long_help(Some("patch")))]
#[command(group = clap::ArgGroup::new("bytes").required(true).args([
    "hex", "text", "from", "hex_from", "script", "find", "find_text", "find_regex", "from_dump",
    "recover",
]))]
#[command(group = clap::ArgGroup::new("how_many").args(["count", "all", "nth"]))]
pub struct PatchArgs {
    /// The file (or block device) to change.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where the patch starts; negative counts back from the end of the file (-s -4).
    /// Same number forms as dump's --offset; need not be page-aligned. With --from-dump of
    /// plain hex: the offset of its first byte.
    #[arg(
        short = 's',
        long,
        value_name = "OFFSET",
        allow_hyphen_values = true,
        required_unless_present_any = ["script", "find", "find_text", "find_regex", "from_dump", "recover"],
        conflicts_with_all = ["script", "find", "find_text", "find_regex", "recover"]
    )]
    pub offset: Option<Offset>,

    /// The bytes to write, in hex: `de ad be ef`, `de:ad:be:ef`, `0xdeadbeef` (what
    /// `dump --format plain` prints), or `0xde, 0xad,` (what `dump --format c` prints).
    #[arg(long, value_name = "HEX")]
    pub hex: Option<HexBytes>,

    /// The bytes to write, as UTF-8 text (no terminating NUL is added).
    #[arg(long, value_name = "STR", value_parser = parse_text)]
    pub text: Option<String>,

    /// Write the bytes of this file or pipe; `-` reads standard input (undo a --backup with
    /// it).
    #[arg(long, value_name = "PATH")]
    pub from: Option<PathBuf>,

    /// Like --hex, with the hex read from a file (`-`: standard input): for more than the
    /// argument limit allows. Takes what --hex takes, and the whole C array `dump -f c` prints.
    #[arg(long, value_name = "PATH")]
    pub hex_from: Option<PathBuf>,

    /// Apply an edit script (what `mmapctl diff` prints; `-`: standard input): every edit's
    /// old bytes, and the header's size and SHA-256, are checked before the first byte
    /// changes; any mismatch is exit 3 with nothing written. A script already applied is
    /// reported and exits 0.
    #[arg(long, value_name = "PATH")]
    pub script: Option<PathBuf>,

    /// With --script: apply the inverse (the new bytes are expected, the old ones written).
    #[arg(long, requires = "script")]
    pub reverse: bool,

    /// With --script: accept edit lines without old bytes (`0xOFFSET NEW`), which check
    /// nothing before writing.
    #[arg(long, requires = "script")]
    pub unchecked: bool,

    /// With --script or --from-dump: a change that is already applied is exit 3, not 0.
    #[arg(long)]
    pub strict: bool,

    /// With --script: do not compare the file's SHA-256 with the header's (the edits' old
    /// bytes are still checked).
    #[arg(long, requires = "script")]
    pub no_hash_check: bool,

    /// Find and replace: a hex pattern, with `??` for any byte and `?` or `.` for any nibble
    /// (`e8 ?? ?? 4? ..`). Exactly one hit is required unless --count, --all or --nth.
    #[arg(long, value_name = "HEX", requires = "replace")]
    pub find: Option<String>,

    /// Find and replace: the UTF-8 bytes of STR.
    #[arg(long, value_name = "STR", requires = "replace")]
    pub find_text: Option<String>,

    /// Find and replace: a byte regex (Unicode off; \xff is the byte 0xff).
    #[arg(long, value_name = "RE", requires = "replace")]
    pub find_regex: Option<String>,

    /// With --find-text: ASCII letters match either case.
    #[arg(long)]
    pub ignore_case: bool,

    /// The bytes that replace each hit, in hex, as long as the hit; `??` keeps the byte
    /// that is there.
    #[arg(long, value_name = "HEX")]
    pub replace: Option<String>,

    /// Find and replace: exactly N hits are required (all are replaced).
    #[arg(long, value_name = "N", value_parser = parse_count_arg)]
    pub count: Option<u64>,

    /// Find and replace: replace every hit, however many (at least one).
    #[arg(long)]
    pub all: bool,

    /// Find and replace: replace only the Kth hit (1-based).
    #[arg(long, value_name = "K", value_parser = parse_nth)]
    pub nth: Option<u64>,

    /// Write what a dump shows, at the offsets it prints: hexyl's layout (any border,
    /// panels, group size; squeezed `*` lines expanded), xxd's, or plain hex (`xxd -p`,
    /// `dump -f plain`, from -s). Every malformed line is an error naming it; only the bytes
    /// that differ from the file are written.
    #[arg(long, value_name = "DUMP")]
    pub from_dump: Option<PathBuf>,

    /// The layout of --from-dump.
    #[arg(
        long,
        value_enum,
        default_value_t,
        value_name = "LAYOUT",
        requires = "from_dump"
    )]
    pub dump_format: DumpLayout,

    /// Byte order inside the dump's groups (hexyl --endianness, xxd -e).
    #[arg(
        long,
        value_enum,
        default_value_t,
        value_name = "ORDER",
        requires = "from_dump"
    )]
    pub dump_endianness: hexyl::Endianness,

    /// Roll back an interrupted change of FILE from its undo journal, and do nothing else.
    #[arg(long)]
    pub recover: bool,

    /// Write an undo journal first, also for a patch within one page.
    #[arg(long, conflicts_with = "no_journal")]
    pub journal: bool,

    /// Write no undo journal (a multi-page change may then be half applied by a kill or a
    /// power cut).
    #[arg(long)]
    pub no_journal: bool,

    /// Write only if the bytes at OFFSET are these (as many bytes as HEX holds, which may
    /// differ from the patch's length); otherwise write nothing and exit 3.
    #[arg(long, value_name = "HEX")]
    pub expect: Option<HexBytes>,

    /// Apply the patch to a private copy-on-write mapping and print the bytes before and
    /// after; the file is not changed. With --script, --find or --from-dump: print the edits
    /// (as an edit script, with the bytes found) and change nothing.
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub write: WriteArgs,

    /// Save the bytes about to be replaced to PATH first (durably), so `--from PATH` undoes
    /// the patch; with --script, --find or --from-dump, save an edit script that undoes the
    /// change (`patch --script PATH`).
    #[arg(long, value_name = "PATH")]
    pub backup: Option<PathBuf>,

    /// Let --backup replace an existing PATH.
    #[arg(long, requires = "backup")]
    pub force: bool,
}

/// Layouts `patch --from-dump` reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DumpLayout {
    /// Decided by the first line: a box or a `│` is hexyl's, `OFFSET:` is xxd's, only hex
    /// digits is plain.
    #[default]
    Auto,
    /// hexyl's layout (also `mmapctl dump`'s default).
    Hexyl,
    /// xxd's default layout.
    Xxd,
    /// Plain hex (`xxd -p`, `dump -f plain`), from -s.
    Plain,
}

fn parse_count_arg(s: &str) -> Result<u64, String> {
    crate::units::parse_count(s).map_err(|e| e.to_string())
}

fn parse_nth(s: &str) -> Result<u64, String> {
    match crate::units::parse_count(s) {
        Ok(0) => Err("hits count from 1".to_string()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

fn parse_text(s: &str) -> Result<String, String> {
    if s.is_empty() {
        return Err("empty text; a patch needs at least one byte".to_string());
    }
    Ok(s.to_string())
}

/// What `patch` and `fill` share: growing or creating the file, durability, the summary.
#[derive(Debug, Args)]
pub struct WriteArgs {
    /// Extend the file (sparse) when the region runs past its end (fill: give -n to say
    /// where the new end is).
    #[arg(long)]
    pub grow: bool,

    /// Create FILE when it does not exist (implies --grow); an existing file is never
    /// truncated.
    #[arg(long)]
    pub create: bool,

    /// When the bytes must reach stable storage: `sync` returns once they have.
    ///
    /// A flush that fails is exit 1, with the new bytes already in the file (the page cache):
    /// it reads back as changed, but is not known to be on storage.
    #[arg(long, value_enum, default_value_t, value_name = "WHEN")]
    pub flush: Flush,

    /// Print the summary as one JSON object on stdout instead of a line on stderr.
    #[arg(long)]
    pub json: bool,
}

impl WriteArgs {
    /// Whether the region may run past the end (`--create` implies `--grow`).
    pub fn grows(&self) -> bool {
        self.grow || self.create
    }
}

/// `mmapctl fill`.
#[derive(Debug, Args)]
#[command(after_long_help = crate::help::after_long_help(Some("fill")))]
#[command(group = clap::ArgGroup::new("source").args(["byte", "pattern", "random"]))]
pub struct FillArgs {
    /// The file (or block device) to change.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    #[command(flatten)]
    pub region: RegionArgs,

    /// Fill with this byte value (0-255, e.g. 0xff) [default: 0x00]
    #[arg(long, value_name = "B", value_parser = parse_byte)]
    pub byte: Option<u8>,

    /// Fill with these hex bytes, repeated from the start of the region.
    #[arg(long, value_name = "HEX")]
    pub pattern: Option<HexBytes>,

    /// Fill with pseudo-random bytes (xoshiro256++; not for secrets). The seed is printed
    /// unless --seed gives it.
    #[arg(long)]
    pub random: bool,

    /// Seed for --random: the same seed gives the same bytes.
    #[arg(long, value_name = "N", requires = "random", value_parser = parse_seed)]
    pub seed: Option<u64>,

    #[command(flatten)]
    pub write: WriteArgs,
}

/// bench's `--size`: 0 is refused here, as a usage error that names the option, not later
/// as an empty region of a temporary file the user never named.
fn parse_bench_size(s: &str) -> Result<ByteCount, String> {
    let size: ByteCount = s
        .parse()
        .map_err(|e: crate::units::UnitError| e.to_string())?;
    if size.0 == 0 {
        return Err("0 bytes leaves nothing to measure (give at least 1 byte, e.g. 1MiB)".into());
    }
    Ok(size)
}

fn parse_byte(s: &str) -> Result<u8, String> {
    let value = crate::units::parse_count(s).map_err(|e| e.to_string())?;
    u8::try_from(value).map_err(|_| format!("{s:?} is not a byte value (0 to 255, 0x00 to 0xff)"))
}

fn parse_seed(s: &str) -> Result<u64, String> {
    crate::units::parse_count(s).map_err(|e| e.to_string())
}

/// `mmapctl lock`.
#[derive(Debug, Args)]
#[command(after_long_help = crate::help::after_long_help(Some("lock")))]
pub struct LockArgs {
    /// The files (or block devices) to lock.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub region: RegionArgs,

    /// Hold for this long (500ms, 30s, 5m, 2h, 1.5s; a bare number is seconds, as for
    /// sleep and timeout: --for 10 is 10s) instead of until a signal; a signal still ends
    /// it early.
    #[arg(long = "for", value_name = "DURATION")]
    pub hold_for: Option<HumanDuration>,

    /// Print JSON objects on stdout: one when everything is locked, one when released;
    /// stderr then has only warnings and errors (unless -v).
    #[arg(long)]
    pub json: bool,

    /// With --json, still print the human lines (what is locked, how long it is held) on
    /// stderr.
    #[arg(short, long)]
    pub verbose: bool,
}

/// `mmapctl residency`.
#[derive(Debug, Args)]
#[command(after_long_help = crate::help::after_long_help(Some("residency")))]
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

    /// List the resident byte ranges of each file, in vmtouch's -p syntax (START-END in
    /// bytes, END exclusive; page-aligned, the last cut at the file's end): a line per
    /// file under its row, or `resident_ranges` in --json.
    #[arg(long)]
    pub ranges: bool,

    /// With --ranges: list the ranges that are not resident instead (`missing_ranges` in
    /// --json).
    #[arg(long, requires = "ranges")]
    pub missing: bool,

    /// Print one JSON object on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// `mmapctl bench`.
#[derive(Debug, Args)]
#[command(after_long_help = crate::help::after_long_help(Some("bench")))]
pub struct BenchArgs {
    /// The file to measure [default: a temporary file of --size in $TMPDIR (/tmp when TMPDIR is
    /// unset or empty), unnamed as soon as it is open, so that nothing is left behind however
    /// bench ends]
    #[arg(value_name = "FILE", conflicts_with_all = ["anon", "size"])]
    pub file: Option<PathBuf>,

    /// Measure anonymous memory instead of a file (mmap-go's ANON).
    #[arg(long, conflicts_with_all = ["offset", "length", "cold", "baseline", "copy", "destructive"])]
    pub anon: bool,

    /// Size of the temporary file or of the anonymous mapping (at least 1 byte).
    #[arg(long, value_name = "SIZE", default_value = "256MiB", value_parser = parse_bench_size)]
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

/// `mmapctl find`.
#[derive(Debug, Args)]
#[command(after_long_help = crate::help::after_long_help(Some("find")))]
pub struct FindArgs {
    /// The files (or block devices) to search; directories with -r.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub patterns: PatternArgs,

    /// ASCII letters of --text and --regex patterns match either case.
    #[arg(short = 'i', long)]
    pub ignore_case: bool,

    #[command(flatten)]
    pub region: RegionArgs,

    /// Print offsets in decimal instead of 0x hex.
    #[arg(long)]
    pub decimal: bool,

    /// Print FILE:COUNT, the number of hits, for each file.
    #[arg(short = 'c', long, conflicts_with_all = ["files_with_matches", "quiet", "context", "json"])]
    pub count: bool,

    /// Stop searching a file after N hits.
    #[arg(short = 'm', long, value_name = "N")]
    pub max_count: Option<u64>,

    /// Print the name of each file with a hit (searching it stops at its first hit).
    #[arg(short = 'l', long, conflicts_with_all = ["quiet", "context", "json"])]
    pub files_with_matches: bool,

    /// Print nothing; exit 0 at the first hit (even after an error), else 1 (or 2).
    #[arg(short = 'q', long, conflicts_with_all = ["context", "json"])]
    pub quiet: bool,

    /// Show N bytes before and after each hit in hexyl's layout (the hit highlighted when
    /// colour is on).
    #[arg(short = 'C', long, value_name = "N", conflicts_with = "json")]
    pub context: Option<ByteCount>,

    /// When to colour the context (--context).
    #[arg(long, value_enum, default_value_t, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Print one JSON object per hit on stdout, then a summary object.
    #[arg(long)]
    pub json: bool,

    /// Walk directories: every regular file below them, in name order. Symbolic links
    /// met on the way are not followed and, with other non-regular files (FIFOs, sockets,
    /// devices), are skipped with a note on stderr.
    #[arg(short = 'r', long)]
    pub recursive: bool,

    /// Report every offset where a pattern matches, also inside an earlier hit.
    #[arg(long)]
    pub overlapping: bool,

    /// The longest regex match looked for (at most 1GiB); a regex whose match could be
    /// longer is an error. Bounds the memory a regex search uses. Hex and text patterns have
    /// their own length.
    #[arg(long, value_name = "LEN", default_value = "4MiB")]
    pub max_match_len: ByteCount,
}

/// One pattern as typed, with the option that gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternArg {
    /// `--hex`, `--text` or `--regex`/`-e`.
    pub kind: PatternKind,
    /// The text after the option.
    pub source: String,
}

/// find's patterns, in the order they were given across `--hex`, `--text` and
/// `--regex`/`-e` (each may be repeated): the order is what a hit's pattern index counts,
/// and what clap's derive, one `Vec` per option, would lose.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PatternArgs {
    /// Every pattern, in command-line order.
    pub patterns: Vec<PatternArg>,
}

const PATTERN_OPTIONS: [(&str, PatternKind); 3] = [
    ("hex", PatternKind::Hex),
    ("text", PatternKind::Text),
    ("regex", PatternKind::Regex),
];

impl FromArgMatches for PatternArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut found: Vec<(usize, PatternArg)> = Vec::new();
        for (id, kind) in PATTERN_OPTIONS {
            let values = matches.get_many::<String>(id).into_iter().flatten();
            let indices = matches.indices_of(id).into_iter().flatten();
            for (index, source) in indices.zip(values) {
                let source = source.clone();
                found.push((index, PatternArg { kind, source }));
            }
        }
        found.sort_by_key(|(index, _)| *index);
        Ok(PatternArgs {
            patterns: found.into_iter().map(|(_, p)| p).collect(),
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for PatternArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        use clap::{Arg, ArgAction, ArgGroup};
        let option = |id: &'static str, value: &'static str, help: &'static str| {
            Arg::new(id)
                .long(id)
                .value_name(value)
                .action(ArgAction::Append)
                .allow_hyphen_values(true)
                .help(help)
        };
        cmd.arg(option(
            "hex",
            "HEX",
            "Hex bytes to find: `de ad ?? ef`, `dead??ef`, `de:ad:4?:?f`; `??` is any byte, \
             `4?` or `?f` a free nibble (`.` works as `?`)",
        ))
        .arg(option(
            "text",
            "STR",
            "Text to find: the bytes of the UTF-8 string (ASCII case ignored with -i)",
        ))
        .arg(
            option(
                "regex",
                "RE",
                "A byte regex (the regex crate's syntax, Unicode off: `\\xff` is the byte \
                 0xff, `.` any byte but \\n; `(?u)` turns Unicode on); -e is grep's name",
            )
            .short('e'),
        )
        .group(
            ArgGroup::new("patterns")
                .args(["hex", "text", "regex"])
                .required(true)
                .multiple(true),
        )
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// `mmapctl diff`.
#[derive(Debug, Args)]
#[command(after_long_help = crate::help::after_long_help(Some("diff")))]
pub struct DiffArgs {
    /// The old file (what the script is applied to).
    #[arg(value_name = "A")]
    pub old: PathBuf,

    /// The new file (what applying the script makes of A).
    #[arg(value_name = "B")]
    pub new: PathBuf,

    /// Start of the region compared in both files; negative counts back from the end of B.
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

    /// Length of the region compared (same forms as --offset) [default: to the end of B]
    #[arg(short = 'n', long, value_name = "LEN", allow_hyphen_values = true)]
    pub length: Option<ByteCount>,

    /// Join two changes separated by fewer than N equal bytes into one run (the equal
    /// bytes become part of both sides); 0 or 1 join only touching changes; at most 65536.
    #[arg(long, value_name = "N", default_value = "8")]
    pub merge: ByteCount,

    /// Output format.
    #[arg(short = 'f', long, value_enum, default_value_t, value_name = "FORMAT")]
    pub format: DiffFormat,

    /// Print a summary (runs, bytes changed, first and last difference) instead of the
    /// differences.
    #[arg(long, conflicts_with_all = ["json", "quiet", "format"])]
    pub stat: bool,

    /// Print nothing: the exit code says whether the files differ (stops at the first
    /// difference).
    #[arg(short = 'q', long, conflicts_with_all = ["json", "format"])]
    pub quiet: bool,

    /// Print one JSON object per run, then a summary object.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// Leave out the `# sha256` line (JSON: null), and the hashing of both files that is
    /// most of the time a diff takes (SHA-256 runs at about 1 GB/s a core); the script then
    /// checks only the old bytes of each edit.
    #[arg(long)]
    pub no_hash: bool,
}

/// Formats of `diff`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// The edit script: `0xOFFSET OLD => NEW` lines under a header (what `patch --script` reads).
    #[default]
    Script,
    /// Exactly `cmp -l`: one line per differing byte, 1-based decimal offset, octal bytes.
    Cmp,
}

/// mmapctl's completion script for `shell`, as `completions/` holds it (and as `dump
/// --completion` prints it).
pub fn completion(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    use clap::CommandFactory;
    clap_complete::generate(shell, &mut Cli::command(), "mmapctl", out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn find_patterns_keep_their_command_line_order() {
        let cli = Cli::try_parse_from([
            "mmapctl", "find", "f", "--text", "a", "-e", "b+", "--hex", "cc", "--text", "-d",
        ])
        .unwrap();
        let Command::Find(args) = cli.command else {
            panic!("not find");
        };
        let got: Vec<(PatternKind, &str)> = args
            .patterns
            .patterns
            .iter()
            .map(|p| (p.kind, p.source.as_str()))
            .collect();
        use PatternKind::*;
        assert_eq!(got, [(Text, "a"), (Regex, "b+"), (Hex, "cc"), (Text, "-d")]);
    }

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
