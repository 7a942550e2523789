//! Pattern syntax: what each form means, and every refusal with its message.

use super::super::pattern::{Body, Elem};
use super::super::{Matcher, Options, Pattern, PatternError, PatternKind};

fn elems(p: &Pattern) -> Vec<(u8, u8)> {
    match &p.body {
        Body::Fixed(elems) => elems.iter().map(|e| (e.value, e.mask)).collect(),
        Body::Regex(_) => panic!("{p} is not fixed"),
    }
}

fn hex(s: &str) -> Vec<(u8, u8)> {
    elems(&Pattern::hex(s).unwrap())
}

fn hex_err(s: &str) -> String {
    Pattern::hex(s).unwrap_err().to_string()
}

#[test]
fn hex_bytes_separators_and_prefixes() {
    let dead = vec![(0xde, 0xff), (0xad, 0xff)];
    for s in [
        "dead",
        "de ad",
        "de:ad",
        "de-ad",
        " de\tad\n",
        "0xdead",
        "0XDEAD",
        "0xde 0xad",
        "0x de ad",
        "DE AD",
    ] {
        assert_eq!(hex(s), dead, "{s:?}");
    }
}

#[test]
fn hex_wildcards() {
    assert_eq!(
        hex("de ?? 4? ?f .. 4. .f"),
        vec![
            (0xde, 0xff),
            (0, 0),
            (0x40, 0xf0),
            (0x0f, 0x0f),
            (0, 0),
            (0x40, 0xf0),
            (0x0f, 0x0f)
        ]
    );
    assert_eq!(hex("de??ef"), vec![(0xde, 0xff), (0, 0), (0xef, 0xff)]);
    assert_eq!(hex("?? de"), vec![(0, 0), (0xde, 0xff)]);
    assert_eq!(hex("de ??"), vec![(0xde, 0xff), (0, 0)]);
    assert_eq!(hex("??"), vec![(0, 0)]);
    let nib = Elem {
        value: 0x40,
        mask: 0xf0,
    };
    assert_eq!(
        nib.values().collect::<Vec<_>>(),
        (0x40..=0x4f).collect::<Vec<u8>>()
    );
}

#[test]
fn hex_errors() {
    assert_eq!(hex_err("d"), "a byte needs two hex digits: 'd'");
    assert_eq!(hex_err("de a ef"), "a byte needs two hex digits: 'a'");
    assert_eq!(hex_err("dea"), "a byte needs two hex digits: 'dea'");
    assert_eq!(hex_err("de 0x"), "a byte needs two hex digits: '0x'");
    for s in ["?", "de ? ef", "a??", "???", "d??e", "de.??f", "4"] {
        let err = Pattern::hex(s).unwrap_err();
        if s == "4" {
            assert!(matches!(err, PatternError::OddHex(_)), "{s:?}: {err}");
        } else {
            assert!(
                matches!(err, PatternError::SplitWildcard(_)),
                "{s:?}: {err}"
            );
            assert!(
                err.to_string().starts_with("`??` must be a whole byte: '"),
                "{err}"
            );
        }
    }
    assert_eq!(
        hex_err("de ag"),
        "'g' in 'ag' is not a hex digit or a wildcard (`??` any byte, `4?` or `?f` a nibble)"
    );
    assert!(matches!(
        Pattern::hex("de,ad"),
        Err(PatternError::BadHexChar { ch: ',', .. })
    ));
    for s in ["", "   ", " : - ", "0x"] {
        let err = Pattern::hex(s).unwrap_err();
        if s == "0x" {
            assert!(matches!(err, PatternError::Empty(_)), "{s:?}: {err}");
        } else {
            assert_eq!(err, PatternError::Empty(PatternKind::Hex), "{s:?}");
            assert_eq!(err.to_string(), "the hex pattern is empty");
        }
    }
}

#[test]
fn text_and_ignore_case() {
    assert_eq!(
        elems(&Pattern::text("Hé", false).unwrap()),
        vec![(b'H', 0xff), (0xc3, 0xff), (0xa9, 0xff)]
    );
    let folded = elems(&Pattern::text("a1Z", true).unwrap());
    assert_eq!(folded, vec![(b'A', 0xdf), (b'1', 0xff), (b'Z', 0xdf)]);
    let a = Elem {
        value: b'A',
        mask: 0xdf,
    };
    assert_eq!(a.values().collect::<Vec<_>>(), vec![b'A', b'a']);
    assert_eq!(
        Pattern::text("", true).unwrap_err().to_string(),
        "the text pattern is empty"
    );
}

#[test]
fn regex_is_bytes_without_unicode() {
    let m = Matcher::new(&[Pattern::regex(r"\xff.").unwrap()], Options::default()).unwrap();
    let hits = m.find_all(b"\xff\xfe \xff\n\xffa", 0).unwrap();
    let at: Vec<_> = hits.iter().map(|h| (h.offset, h.len)).collect();
    assert_eq!(at, [(0, 2), (5, 2)]);
    // (?u) turns Unicode on: `.` is one encoded character.
    let m = Matcher::new(&[Pattern::regex(r"(?u)é.").unwrap()], Options::default()).unwrap();
    let hits = m.find_all("aé€x".as_bytes(), 0).unwrap();
    assert_eq!((hits[0].offset, hits[0].len), (1, 5));
    // A literal regex takes the memmem engine.
    assert_eq!(Pattern::regex(r"\xde\xad").unwrap().fixed_len(), Some(2));
    assert_eq!(Pattern::regex(r"a+").unwrap().fixed_len(), None);
}

#[test]
fn regex_ignore_case_folds_ascii_only_without_unicode() {
    let m = |re: &str| {
        let pattern = Pattern::regex_with(re, true).unwrap();
        let m = Matcher::new(&[pattern], Options::default()).unwrap();
        let hits = m.find_all("MZ mz Mz \u{c9} \u{e9}".as_bytes(), 0).unwrap();
        hits.iter().map(|h| h.offset).collect::<Vec<_>>()
    };
    assert_eq!(m("mz"), [0, 3, 6]);
    // Without Unicode, é's bytes are bytes: É (c3 89) is not é (c3 a9).
    assert_eq!(m("\\xc3\\xa9"), [12]);
    // (?u) folds it.
    assert_eq!(m("(?u)\u{e9}"), [9, 12]);
    // The source is kept as typed (error messages and --json show it).
    assert_eq!(Pattern::regex_with("a+", true).unwrap().source(), "a+");
}

#[test]
fn regex_errors() {
    assert_eq!(
        Pattern::regex("a(b").unwrap_err().to_string(),
        "invalid regex 'a(b': unclosed group (at character 2)"
    );
    let err = Pattern::regex(r"\p{Greek}").unwrap_err().to_string();
    assert!(err.starts_with(r"invalid regex '\p{Greek}': "), "{err}");
    assert!(!err.contains('\n'), "{err}");
    assert_eq!(
        Pattern::regex("a*").unwrap_err(),
        PatternError::MatchesEmpty("a*".into())
    );
    assert!(Pattern::regex(r"\b").is_err());
    assert!(Pattern::regex(r"(?:)").is_err());
    assert_eq!(
        Pattern::regex("").unwrap_err().to_string(),
        "the regex pattern is empty"
    );
}

#[test]
fn no_pattern_is_refused() {
    let err = Matcher::new(&[], Options::default()).unwrap_err();
    assert_eq!(err, PatternError::NoPattern);
}

#[test]
fn display_names_kind_and_source() {
    assert_eq!(Pattern::hex("de ad").unwrap().to_string(), "hex 'de ad'");
    let p = Pattern::text("MZ", false).unwrap();
    assert_eq!(
        (p.kind(), p.source(), p.fixed_len()),
        (PatternKind::Text, "MZ", Some(2))
    );
    let p = Pattern::regex("a+").unwrap();
    assert_eq!(
        (p.kind(), p.source(), p.fixed_len()),
        (PatternKind::Regex, "a+", None)
    );
    assert_eq!(p.to_string(), "regex 'a+'");
}
