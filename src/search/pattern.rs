//! What a user asks `find` to look for: hex with wildcards, text, or a byte regex, parsed
//! into one [`Pattern`] each, with errors worded for the person who typed them.

use std::fmt;

use regex_syntax::hir::{ClassBytes, ClassBytesRange, Hir, HirKind};

/// Why a pattern was refused. Every message names the offending piece of input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// Nothing to search for: `--hex ''`, `--text ''`, `--regex ''`.
    #[error("the {0} pattern is empty")]
    Empty(PatternKind),
    /// A matcher was asked for with no pattern at all.
    #[error("no pattern given (use a hex, text or regex pattern)")]
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
    /// The regex crate refused the regex; `reason` is its own explanation.
    #[error("invalid regex '{pattern}': {reason}")]
    Regex {
        /// The regex as given.
        pattern: String,
        /// The parser's reason, on one line, with the column it refers to.
        reason: String,
    },
    /// A regex that matches zero bytes somewhere (`a*`, `\b`) would hit at every offset.
    #[error("the regex '{0}' can match zero bytes, which would hit at every offset (use `+` instead of `*`?)")]
    MatchesEmpty(String),
    /// The regex engine could not be built (too large, for example `\w{1000}` with Unicode).
    #[error("the regex set cannot be compiled: {0}")]
    TooComplex(String),
}

/// Which syntax a pattern was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternKind {
    /// `--hex`: bytes with `??` and nibble wildcards.
    Hex,
    /// `--text`: the UTF-8 bytes of a string, optionally ignoring ASCII case.
    Text,
    /// `--regex`: a byte regex.
    Regex,
}

impl fmt::Display for PatternKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PatternKind::Hex => "hex",
            PatternKind::Text => "text",
            PatternKind::Regex => "regex",
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
    /// Anything else: the lazy DFA engine's input.
    Regex(Hir),
}

/// One pattern, parsed and validated. Build it with [`Pattern::hex`], [`Pattern::text`] or
/// [`Pattern::regex`]; hand one or more to [`super::Matcher::new`].
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

    /// A byte regex in the `regex` crate's syntax, with Unicode off: `\xff` is the byte 0xff
    /// and `.` any byte but `\n`; `(?u)` turns Unicode on for a group (then `.` is one UTF-8
    /// encoded character). `^`/`$` are the ends of the searched region; `(?m)` makes them
    /// match at `\n` too.
    ///
    /// # Errors
    /// [`PatternError::Regex`] with the parser's reason, [`PatternError::Empty`], or
    /// [`PatternError::MatchesEmpty`] for a regex that can match zero bytes.
    pub fn regex(regex: &str) -> Result<Pattern, PatternError> {
        Pattern::regex_with(regex, false)
    }

    /// [`Pattern::regex`], with `ignore_case` as the regex's own `(?i)` flag: ASCII
    /// letters match either case (and, under `(?u)`, Unicode's simple case folding).
    ///
    /// # Errors
    /// As [`Pattern::regex`].
    pub fn regex_with(regex: &str, ignore_case: bool) -> Result<Pattern, PatternError> {
        if regex.is_empty() {
            return Err(PatternError::Empty(PatternKind::Regex));
        }
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .case_insensitive(ignore_case)
            .build()
            .parse(regex)
            .map_err(|e| PatternError::Regex {
                pattern: regex.to_string(),
                reason: one_line(&e),
            })?;
        if hir.properties().minimum_len() == Some(0) {
            return Err(PatternError::MatchesEmpty(regex.to_string()));
        }
        // A regex that is only a literal (`\xde\xad`, `abc`) takes the memmem path.
        if let HirKind::Literal(lit) = hir.kind() {
            let elems = lit.0.iter().map(|&b| Elem::exact(b)).collect();
            return Ok(Pattern::fixed(PatternKind::Regex, regex, elems));
        }
        Ok(Pattern {
            kind: PatternKind::Regex,
            source: regex.to_string(),
            body: Body::Regex(hir),
        })
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

    /// The length of every match, when it is fixed (hex, text, literal regexes).
    pub fn fixed_len(&self) -> Option<usize> {
        match &self.body {
            Body::Fixed(elems) => Some(elems.len()),
            Body::Regex(_) => None,
        }
    }

    /// The pattern as a regex syntax tree, so that a set mixing regexes with hex or text
    /// runs as one leftmost-first automaton.
    pub(crate) fn to_hir(&self) -> Hir {
        match &self.body {
            Body::Regex(hir) => hir.clone(),
            Body::Fixed(elems) => Hir::concat(elems.iter().map(|&e| elem_hir(e)).collect()),
        }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} '{}'", self.kind, self.source)
    }
}

fn elem_hir(e: Elem) -> Hir {
    if e.is_exact() {
        return Hir::literal([e.value]);
    }
    let mut ranges: Vec<ClassBytesRange> = Vec::new();
    for b in e.values() {
        match ranges.last_mut() {
            Some(r) if r.end() + 1 == b => *r = ClassBytesRange::new(r.start(), b),
            _ => ranges.push(ClassBytesRange::new(b, b)),
        }
    }
    Hir::class(regex_syntax::hir::Class::Bytes(ClassBytes::new(ranges)))
}

/// regex-syntax prints a multi-line diagram; a CLI error is one line, so keep its reason
/// and where it points.
fn one_line(err: &regex_syntax::Error) -> String {
    let (kind, span) = match err {
        regex_syntax::Error::Parse(e) => (e.kind().to_string(), *e.span()),
        regex_syntax::Error::Translate(e) => (e.kind().to_string(), *e.span()),
        other => return other.to_string().replace('\n', " "),
    };
    format!("{kind} (at character {})", span.start.column)
}
