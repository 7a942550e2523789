//! Parsing and printing of the values users type: offsets, sizes and byte counts.
//!
//! Every parser here is a `FromStr`, so clap turns a bad value into a usage error (exit 2)
//! carrying the message of [`UnitError`].

use std::fmt;
use std::str::FromStr;

/// Why a number, size or offset given on the command line was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    /// Nothing but whitespace (or a sign) was given.
    #[error("no digits given")]
    Empty,
    /// A character that is not a digit of the number's base.
    #[error("{0:?} is not a number (expected e.g. 4096, 0x1000, 0o10, 0b101, 4KiB, 1_000)")]
    InvalidDigit(String),
    /// A suffix that is not a known unit.
    #[error("unknown unit {0:?} (expected B, K, M, G, T, KiB, MiB, GiB, TiB, KB, MB, GB or TB)")]
    UnknownUnit(String),
    /// The value does not fit in 64 bits.
    #[error("{0:?} is too large (the limit is 2^64 - 1 bytes)")]
    Overflow(String),
    /// A minus sign where only counts make sense.
    #[error("{0:?} is negative; a length or size must be zero or more")]
    Negative(String),
}

/// Parses an unsigned count: decimal, `0x`, `0o`, `0b`, `_` separators, and a unit suffix
/// after decimal numbers (`K M G T`/`KiB`.. are powers of 1024, `KB`.. powers of 1000).
///
/// # Errors
/// Returns a [`UnitError`] for garbage, overflow and a leading minus sign.
pub fn parse_count(input: &str) -> Result<u64, UnitError> {
    let s = input.trim();
    if s.starts_with('-') {
        return Err(UnitError::Negative(input.to_string()));
    }
    let s = s.strip_prefix('+').unwrap_or(s);
    if s.is_empty() {
        return Err(UnitError::Empty);
    }
    let lower = s.to_ascii_lowercase();
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(digits) = lower.strip_prefix(prefix) {
            return parse_digits(digits, radix, input);
        }
    }
    let split = lower
        .find(|c: char| !(c.is_ascii_digit() || c == '_'))
        .unwrap_or(lower.len());
    let (digits, unit) = lower.split_at(split);
    if digits.is_empty() {
        return Err(UnitError::InvalidDigit(input.to_string()));
    }
    let value = parse_digits(digits, 10, input)?;
    let multiplier: u64 = match unit.trim_start() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "t" | "tib" => 1 << 40,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => {
            let original = &s[split..];
            return Err(UnitError::UnknownUnit(original.trim_start().to_string()));
        }
    };
    value
        .checked_mul(multiplier)
        .ok_or_else(|| UnitError::Overflow(input.to_string()))
}

fn parse_digits(digits: &str, radix: u32, input: &str) -> Result<u64, UnitError> {
    // `_` separates groups (1_000, 0xdead_beef) but may not stand alone.
    let cleaned: String = digits.chars().filter(|&c| c != '_').collect();
    if cleaned.is_empty() {
        return Err(UnitError::InvalidDigit(input.to_string()));
    }
    let mut value: u64 = 0;
    for c in cleaned.chars() {
        let d = c
            .to_digit(radix)
            .ok_or_else(|| UnitError::InvalidDigit(input.to_string()))?;
        value = value
            .checked_mul(u64::from(radix))
            .and_then(|v| v.checked_add(u64::from(d)))
            .ok_or_else(|| UnitError::Overflow(input.to_string()))?;
    }
    Ok(value)
}

/// A byte count or size (`-n/--length`, `--size`, `--block`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ByteCount(pub u64);

impl FromStr for ByteCount {
    type Err = UnitError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_count(s).map(ByteCount)
    }
}

/// A position in a file: from its start, or (negative) counting back from its end like
/// `tail -c`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offset {
    /// Bytes from the start of the file.
    FromStart(u64),
    /// Bytes back from the end of the file (`-s -50`).
    FromEnd(u64),
}

impl Default for Offset {
    fn default() -> Self {
        Offset::FromStart(0)
    }
}

impl FromStr for Offset {
    type Err = UnitError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().strip_prefix('-') {
            Some(rest) => {
                if rest.trim_start().starts_with(['-', '+']) {
                    return Err(UnitError::InvalidDigit(s.to_string()));
                }
                parse_count(rest).map(Offset::FromEnd)
            }
            None => parse_count(s).map(Offset::FromStart),
        }
    }
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Offset::FromStart(n) => write!(f, "{n:#x}"),
            Offset::FromEnd(n) => write!(f, "-{n:#x}"),
        }
    }
}

/// A number as dump's `-s`, `-n` and `-o` take it (hexyl's forms): anything [`Offset`] takes,
/// or a count of hexyl's `block`s (`2block`, `-1blocks`, any case), whose size is only known
/// once `--block-size` is read, so it is kept as a count until [`Blocks::bytes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocks {
    /// Counts back from the end (a leading `-`).
    pub back: bool,
    /// Bytes, or blocks when `blocks` is set.
    pub count: u64,
    /// `count` is in blocks.
    pub blocks: bool,
}

impl Blocks {
    /// The offset this is with blocks of `block_size` bytes, `None` when the blocks' bytes do
    /// not fit in 64 bits.
    pub fn bytes(self, block_size: u64) -> Option<Offset> {
        let n = if self.blocks {
            self.count.checked_mul(block_size)?
        } else {
            self.count
        };
        Some(if self.back {
            Offset::FromEnd(n)
        } else {
            Offset::FromStart(n)
        })
    }

    /// Parses an offset (negative: back from the end), in bytes or blocks.
    ///
    /// # Errors
    /// [`Offset`]'s errors, and a block count that is not a plain decimal number.
    pub fn offset(input: &str) -> Result<Blocks, UnitError> {
        let s = input.trim();
        let lower = s.to_ascii_lowercase();
        let number = lower
            .strip_suffix("blocks")
            .or_else(|| lower.strip_suffix("block"));
        let Some(number) = number else {
            return Ok(match input.parse::<Offset>()? {
                Offset::FromStart(count) => Blocks {
                    back: false,
                    count,
                    blocks: false,
                },
                Offset::FromEnd(count) => Blocks {
                    back: true,
                    count,
                    blocks: false,
                },
            });
        };
        let (back, digits) = match number.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, number.strip_prefix('+').unwrap_or(number)),
        };
        if digits.is_empty() {
            return Err(UnitError::Empty);
        }
        // A count of blocks is a plain decimal number, as in hexyl (`0x2block`, `2kblock`
        // are refused).
        if !digits.chars().all(|c| c.is_ascii_digit() || c == '_') {
            return Err(UnitError::InvalidDigit(input.to_string()));
        }
        Ok(Blocks {
            back,
            count: parse_digits(digits, 10, input)?,
            blocks: true,
        })
    }

    /// Parses a count (never negative), in bytes or blocks.
    ///
    /// # Errors
    /// As [`Blocks::offset`], and [`UnitError::Negative`] for a minus sign.
    pub fn count(input: &str) -> Result<Blocks, UnitError> {
        let value = Blocks::offset(input)?;
        if value.back {
            return Err(UnitError::Negative(input.to_string()));
        }
        Ok(value)
    }
}

/// hexyl's `--block-size`: a size of at least one byte in any form [`parse_count`] takes, not
/// itself in blocks.
///
/// # Errors
/// [`parse_count`]'s errors, with a zero size and a size in blocks refused too.
pub fn parse_block_size(input: &str) -> Result<u64, String> {
    let lower = input.trim().to_ascii_lowercase();
    if lower.ends_with("block") || lower.ends_with("blocks") {
        return Err(format!(
            "{input:?} is in blocks; a block's size is given in bytes (512, 4KiB, 0x1000)"
        ));
    }
    match parse_count(input) {
        Ok(0) => Err("a block is at least 1 byte".to_string()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// A distance between two offsets as an index or a size in memory: saturating, so that
/// a distance past this platform's address space becomes an index out of bounds (or a
/// size that cannot be had), never the smaller, wrapped number `as usize` gives on a 32-bit
/// target. Every caller's distance lies within bytes already in memory.
pub fn index(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Formats a byte count for people: `512 B`, `4.0 KiB`, `1.5 GiB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Why a hex byte string or a duration was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// No bytes at all.
    #[error("no bytes given")]
    EmptyHex,
    /// A byte written with one hex digit (or a run with an odd count): the piece of input
    /// between separators, as typed.
    #[error("a byte needs two hex digits: '{0}'")]
    OddHex(String),
    /// A character that is neither a hex digit nor an allowed separator, and the piece of
    /// input between separators it was found in.
    #[error("'{ch}' in '{token}' is not a hex digit (bytes are two digits each, separated by nothing, spaces, ':' or '-')")]
    BadHex {
        /// The character.
        ch: char,
        /// The piece of input between separators it was found in.
        token: String,
    },
    /// A duration that does not parse.
    #[error("{0:?} is not a C array item (a list with commas takes `0x` and two hex digits per byte, as `dump -f c` prints: 0xde, 0xad)")]
    BadCItem(String),
    #[error("{0:?} is not a duration (expected e.g. 500ms, 30s, 5m, 2h)")]
    BadDuration(String),
}

/// Bytes written as hex: `de ad be ef`, `de:ad:be:ef`, `de-ad-be-ef`, `0xdeadbeef`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HexBytes(pub Vec<u8>);

impl FromStr for HexBytes {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_hex(s).map(HexBytes)
    }
}

/// Decodes hex bytes, allowing whitespace, `:` and `-` between bytes and one leading `0x`.
///
/// # Errors
/// Empty input, an odd digit count, or a character that is not a hex digit.
pub fn parse_hex(input: &str) -> Result<Vec<u8>, ValueError> {
    let trimmed = input.trim();
    if trimmed.contains(',') {
        return parse_c_list(trimmed);
    }
    let body = trimmed
        .strip_prefix("0x")
        .or_else(|| trimmed.strip_prefix("0X"))
        .unwrap_or(trimmed);
    let mut out = Vec::with_capacity(body.len() / 2);
    // Each piece between separators is whole bytes, so a lost digit is named where it was
    // lost instead of silently shifting every byte after it.
    for token in body.split(|c: char| c.is_whitespace() || c == ':' || c == '-') {
        if let Some(ch) = token.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(ValueError::BadHex {
                ch,
                token: token.to_string(),
            });
        }
        if token.len() % 2 == 1 {
            return Err(ValueError::OddHex(token.to_string()));
        }
        let nibble = |d: u8| (d as char).to_digit(16).unwrap_or(0) as u8;
        out.extend(
            token
                .as_bytes()
                .chunks_exact(2)
                .map(|pair| nibble(pair[0]) << 4 | nibble(pair[1])),
        );
    }
    if out.is_empty() {
        return Err(ValueError::EmptyHex);
    }
    Ok(out)
}

/// The body of a C array as `dump -f c` prints it: `0xde, 0xad,` (a trailing comma allowed).
fn parse_c_list(input: &str) -> Result<Vec<u8>, ValueError> {
    let mut out = Vec::new();
    let items: Vec<&str> = input.split(',').map(str::trim).collect();
    let last = items.len() - 1;
    for (i, item) in items.into_iter().enumerate() {
        if item.is_empty() && i == last {
            break;
        }
        let digits = item
            .strip_prefix("0x")
            .or_else(|| item.strip_prefix("0X"))
            .ok_or_else(|| ValueError::BadCItem(item.to_string()))?;
        if digits.len() != 2 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(ValueError::BadCItem(item.to_string()));
        }
        out.push(
            u8::from_str_radix(digits, 16).map_err(|_| ValueError::BadCItem(item.to_string()))?,
        );
    }
    if out.is_empty() {
        return Err(ValueError::EmptyHex);
    }
    Ok(out)
}

/// A duration as people type it: `500ms`, `30s`, `5m`, `2h`, `1.5s`; a bare number is
/// seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HumanDuration(pub std::time::Duration);

impl FromStr for HumanDuration {
    type Err = ValueError;
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let bad = || ValueError::BadDuration(input.to_string());
        let s = input.trim();
        let split = s
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(s.len());
        let (number, unit) = s.split_at(split);
        let nanos_per_unit: u64 = match unit.trim() {
            "ms" => 1_000_000,
            "" | "s" => 1_000_000_000,
            "m" | "min" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            "d" => 86_400_000_000_000,
            _ => return Err(bad()),
        };
        // Whole numbers stay exact; only a fraction goes through floating point.
        if let Ok(whole) = number.parse::<u64>() {
            let nanos = u128::from(whole) * u128::from(nanos_per_unit);
            let secs = u64::try_from(nanos / 1_000_000_000).map_err(|_| bad())?;
            return Ok(HumanDuration(std::time::Duration::new(
                secs,
                (nanos % 1_000_000_000) as u32,
            )));
        }
        let value: f64 = number.parse().map_err(|_| bad())?;
        std::time::Duration::try_from_secs_f64(value * nanos_per_unit as f64 / 1e9)
            .map(HumanDuration)
            .map_err(|_| bad())
    }
}

#[cfg(test)]
mod tests;
