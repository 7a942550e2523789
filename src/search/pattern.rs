//! What a user asks `find` to look for: hex with wildcards or text, parsed into one
//! [`Pattern`] each, with errors worded for the person who typed them.

use std::fmt;

/// Why a pattern was refused. Every message names the offending piece of input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// Nothing to search for: `--hex ''`, `--text ''`.
    #[error("the {0} pattern is empty")]
    Empty(PatternKind),
    /// A matcher was asked for with no pattern at all.
    #[error("no pattern given (use a hex or text pattern)")]
    NoPattern,
    /// A hex byte with one digit: `d`, `dea`.
    #[error("a byte needs two hex digits: '{0}'")]
    OddHex(String),
    /// A wildcard that does not fill whole bytes, or `??` spanning two bytes: `?`, `a??`,
    /// `d??e` (write `d? ?e` for two nibble wildcards).
    #[error("`??` must be a whole byte: '{0}' (`?` alone is half a byte; write e.g. `4? ?f` for nibbles)")]
    SplitWildcard(String),
    /// A character that is neither a hex digit, a wildcard nor a separator.
    #[error("'{ch}' in '{token}' is not a hex digit or a wildcard (`??` any byte, `4?` or `?f` a nibble)")]
    BadHexChar {
        /// The character.
        ch: char,
        /// The whitespace-separated piece of input it was found in.
        token: String,
    },
}

/// Which syntax a pattern was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternKind {
    /// `--hex`: bytes with `??` and nibble wildcards.
    Hex,
    /// `--text`: the UTF-8 bytes of a string, optionally ignoring ASCII case.
    Text,
}

impl fmt::Display for PatternKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PatternKind::Hex => "hex",
            PatternKind::Text => "text",
        })
    }
}

/// One byte position of a fixed-length pattern: a byte `b` matches when
/// `b & mask == value`. `??` is mask 0, `4?` is `0x40/0xf0`, ASCII ignore-case `a` is
/// `0x41/0xdf` (which only `A` and `a` satisfy).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Elem {
    pub value: u8,
    pub mask: u8,
}

impl Elem {
    pub fn exact(byte: u8) -> Elem {
        Elem {
            value: byte,
            mask: 0xff,
        }
    }

    pub fn is_exact(self) -> bool {
        self.mask == 0xff
    }

    pub fn accepts(self, byte: u8) -> bool {
        byte & self.mask == self.value
    }

    /// Every byte this position accepts, in increasing order.
    pub fn values(self) -> impl Iterator<Item = u8> {
        (0..=255u8).filter(move |&b| self.accepts(b))
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Body {
    /// Known length, one [`Elem`] per byte: the memmem engine's input.
    Fixed(Vec<Elem>),
}

/// One pattern, parsed and validated. Build it with [`Pattern::hex`] or [`Pattern::text`];
/// hand one or more to [`super::Matcher::new`].
#[derive(Clone, Debug)]
pub struct Pattern {
    kind: PatternKind,
    source: String,
    pub(crate) body: Body,
}

impl Pattern {
    /// Parses hex bytes with wildcards: `de ad ?? ef`, `dead??ef`, `de:ad:4?:?f`, `0xdead`.
    /// `??` (or `..`) is any byte; `4?` / `?f` (or `4.` / `.f`) leave one nibble free.
    /// Whitespace, `:` and `-` separate bytes (never the two digits of one byte), and each
    /// group may carry a `0x` prefix, as `patch --hex` accepts.
    ///
    /// # Errors
    /// [`PatternError::Empty`], [`PatternError::OddHex`], [`PatternError::SplitWildcard`]
    /// or [`PatternError::BadHexChar`].
    pub fn hex(input: &str) -> Result<Pattern, PatternError> {
        let elems = super::hex::parse(input)?;
        Ok(Pattern::fixed(PatternKind::Hex, input, elems))
    }

    /// The UTF-8 bytes of `text`. With `ignore_case`, ASCII letters match either case; other
    /// bytes (including every byte of a non-ASCII character) match only themselves.
    ///
    /// # Errors
    /// [`PatternError::Empty`] for an empty string.
    pub fn text(text: &str, ignore_case: bool) -> Result<Pattern, PatternError> {
        if text.is_empty() {
            return Err(PatternError::Empty(PatternKind::Text));
        }
        let elems = text
            .bytes()
            .map(|b| match ignore_case && b.is_ascii_alphabetic() {
                true => Elem {
                    value: b.to_ascii_uppercase(),
                    mask: 0xdf,
                },
                false => Elem::exact(b),
            })
            .collect();
        Ok(Pattern::fixed(PatternKind::Text, text, elems))
    }

    fn fixed(kind: PatternKind, source: &str, elems: Vec<Elem>) -> Pattern {
        Pattern {
            kind,
            source: source.to_string(),
            body: Body::Fixed(elems),
        }
    }

    /// The syntax the pattern was written in.
    pub fn kind(&self) -> PatternKind {
        self.kind
    }

    /// The pattern as the user typed it.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The length of every match, when it is fixed (hex, text).
    pub fn fixed_len(&self) -> Option<usize> {
        match &self.body {
            Body::Fixed(elems) => Some(elems.len()),
        }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} '{}'", self.kind, self.source)
    }
}
