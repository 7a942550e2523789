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

#[cfg(test)]
#[path = "units_tests.rs"]
mod tests;
