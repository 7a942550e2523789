use super::*;
use crate::parse::{Edit, EditError};
use proptest::prelude::*;

fn script(text: &str) -> Result<Script, ParseError> {
    parse(text.as_bytes())
}

/// The error's line and message, for cases that must fail.
fn error(text: &str) -> (usize, String) {
    match script(text) {
        Err(ParseError::Line { line, message }) => (line, message),
        other => panic!("expected a line error for {text:?}, got {other:?}"),
    }
}

fn checked(offset: u64, old: &[u8], new: &[u8]) -> Edit {
    Edit {
        offset,
        old: Some(old.to_vec()),
        new: new.to_vec(),
    }
}

#[test]
fn design_example() {
    let sha_a = "ab".repeat(32);
    let sha_b = "CD".repeat(32);
    let text = format!(
        "# mmapctl edit script\n# size 1048576 => 1048576\n# sha256 {sha_a} => {sha_b}\n\
         0x1f40 de ad be ef => 90 90 90 90\n0x2000 00 => ff\n"
    );
    let s = script(&text).unwrap();
    assert_eq!(
        s.header.size,
        Some(Sides {
            before: 1 << 20,
            after: 1 << 20
        })
    );
    let sha = s.header.sha256.unwrap();
    assert_eq!(sha.before, [0xab; 32]);
    assert_eq!(sha.after, [0xcd; 32]);
    assert_eq!(
        s.edits(),
        [
            checked(0x1f40, &[0xde, 0xad, 0xbe, 0xef], &[0x90; 4]),
            checked(0x2000, &[0], &[0xff])
        ]
    );
    assert_eq!((s.line(0), s.line(1)), (Some(4), Some(5)));
    assert!(s.all_checked());
    // The printer writes the same text back, digests in lowercase.
    assert_eq!(s.to_string(), text.replace(&sha_b, &sha_b.to_lowercase()));
}

#[test]
fn unspaced_bytes_comments_blanks_and_any_order() {
    let text = "\n  # a comment\n0x20 beef => cafe  # trailing comment\n\n0x10 00 11 => 2233\n";
    let s = script(text).unwrap();
    assert_eq!(
        s.edits(),
        [
            checked(0x10, &[0, 0x11], &[0x22, 0x33]),
            checked(0x20, &[0xbe, 0xef], &[0xca, 0xfe])
        ]
    );
    // Sorted by offset; each edit keeps the line it came from.
    assert_eq!((s.line(0), s.line(1)), (Some(5), Some(3)));
    assert_eq!(s.header, Header::default());
}

#[test]
fn unchecked_lines_are_reported() {
    let s = script("0x30 ff\n0x10 aa => bb\n0x5 01 02\n").unwrap();
    assert!(!s.all_checked());
    assert_eq!(s.unchecked_lines(), [3, 1]);
    assert_eq!(s.edits()[0].old, None);
    assert_eq!(
        s.to_string(),
        "# mmapctl edit script\n0x5 01 02\n0x10 aa => bb\n0x30 ff\n"
    );
}

#[test]
fn empty_script_is_valid() {
    let s = script("# mmapctl edit script\n# size 3 => 3\n").unwrap();
    assert!(s.edits().is_empty());
    assert_eq!(script("").unwrap(), Script::default());
}

#[test]
fn sizes_take_the_number_syntax() {
    let s = script("# size 4KiB => 0x1000\n").unwrap();
    assert_eq!(
        s.header.size.map(|s| (s.before, s.after)),
        Some((4096, 4096))
    );
}

#[test]
fn malformed_lines_name_their_line() {
    let sha = "00".repeat(32);
    let cases: &[(&str, usize, &str)] = &[
        ("0x10 de ad => be\n", 1, "2 old bytes but 1 new"),
        ("\n0x10 de => \n", 2, "no new bytes"),
        ("0x10 => de\n", 1, "no old bytes"),
        ("0x10\n", 1, "no bytes after the offset"),
        ("0x10 de => ad => be\n", 1, "more than one `=>`"),
        ("16 de => ad\n", 1, "needs a 0x prefix"),
        ("0xzz de => ad\n", 1, "offset \"0xzz\""),
        (
            "0x10 de ad be ef => 90 9g 90 90\n",
            1,
            "'g' in \"9g\" is not a hex digit",
        ),
        ("0x10 d ead => 00 11\n", 1, "odd number of hex digits"),
        ("0x10 dea => 0011\n", 1, "odd number of hex digits"),
        ("0x10 de#x => ad\n", 1, "`#` inside an edit"),
        (
            "0xffffffffffffffff 00 11 => 22 33\n",
            1,
            "past the largest 64-bit offset",
        ),
        ("0x1_0000_0000_0000_0000 00 => 11\n", 1, "too large"),
        ("# size 10 =>\n", 1, "expected `# size BEFORE => AFTER`"),
        ("# size ten => 10\n", 1, "size \"ten\""),
        ("# size 1 => 2 => 3\n", 1, "BEFORE => AFTER"),
        ("# sha256 00 => 11\n", 1, "needs 64 hex digits"),
        (
            &format!("# sha256 {sha} => {}\n", "0g".repeat(32)),
            1,
            "not all hex digits",
        ),
        (
            "# size 1 => 1\n# size 2 => 2\n",
            2,
            "a second `# size` line (the first is line 1)",
        ),
        (
            "0x0 00 => 11\n# size 1 => 1\n",
            2,
            "comes after the first edit (line 1)",
        ),
        (
            "0x0 00 => 11\n# mmapctl edit script\n",
            2,
            "comes after the first edit",
        ),
        (
            "# mmapctl edit script v2\n",
            1,
            "unknown edit script version",
        ),
    ];
    for &(text, line, needle) in cases {
        let (l, message) = error(text);
        assert_eq!(l, line, "{text:?}: {message}");
        assert!(
            message.contains(needle),
            "{text:?}: {message:?} lacks {needle:?}"
        );
    }
}

#[test]
fn overlaps_name_both_lines() {
    let (line, message) =
        error("0x10 00 11 22 33 => 44 55 66 77\n# c\n0x20 00 => 11\n0x12 00 => 11\n");
    assert_eq!(line, 4);
    assert!(message.contains("line 1"), "{message}");
    assert!(message.contains("0x12"), "{message}");
    // Whichever comes first in the file is named, the later one carries the error.
    let (line, message) = error("0x12 00 => 11\n0x10 00 11 22 => 44 55 66\n");
    assert_eq!(line, 2);
    assert!(message.contains("line 1"), "{message}");
    let (line, message) = error("0x10 00 => 11\n0x10 00 => 11\n");
    assert_eq!((line, message.contains("line 1")), (2, true));
    // Touching is not overlapping.
    assert_eq!(
        script("0x10 00 => 11\n0x11 00 => 11\n")
            .unwrap()
            .edits()
            .len(),
        2
    );
}

#[test]
fn reverse_swaps_sides() {
    let sha = |b: u8| [b; 32];
    let mut s = Script::new(
        Header {
            size: Some(Sides {
                before: 10,
                after: 12,
            }),
            sha256: Some(Sides {
                before: sha(1),
                after: sha(2),
            }),
        },
        vec![checked(4, b"ab", b"cd"), checked(0, b"x", b"y")],
    )
    .unwrap();
    let r = s.reverse().unwrap();
    assert_eq!(r.header.size.map(|s| (s.before, s.after)), Some((12, 10)));
    assert_eq!(
        r.header.sha256.map(|s| (s.before, s.after)),
        Some((sha(2), sha(1)))
    );
    assert_eq!(
        r.edits(),
        [checked(0, b"y", b"x"), checked(4, b"cd", b"ab")]
    );
    assert_eq!(r.reverse().unwrap(), s);

    let parsed = script("0x1 aa => bb\n0x8 cc\n").unwrap();
    let err = parsed.reverse().unwrap_err();
    assert_eq!(
        err,
        EditError::Unchecked {
            offset: 8,
            line: Some(2)
        }
    );
    assert!(err.to_string().contains("(line 2)"), "{err}");
    s.header = Header::default();
    assert_eq!(
        s.to_string(),
        "# mmapctl edit script\n0x0 78 => 79\n0x4 61 62 => 63 64\n"
    );
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    // Disjoint by construction: each edit starts after the previous one's end plus a gap.
    prop::collection::vec(
        (
            0u64..1 << 40,
            prop::collection::vec(any::<u8>(), 1..12),
            prop::collection::vec(any::<u8>(), 12),
            any::<bool>(),
        ),
        0..20,
    )
    .prop_map(|items| {
        let mut at = 0u64;
        items
            .into_iter()
            .map(|(gap, new, old, checked)| {
                let offset = at + gap;
                at = offset + new.len() as u64;
                Edit {
                    offset,
                    old: checked.then(|| old[..new.len()].to_vec()),
                    new,
                }
            })
            .collect()
    })
}

fn header() -> impl Strategy<Value = Header> {
    let sides = |s: Option<(u64, u64)>| s.map(|(before, after)| Sides { before, after });
    (
        prop::option::of((any::<u64>(), any::<u64>())),
        prop::option::of((any::<[u8; 32]>(), any::<[u8; 32]>())),
    )
        .prop_map(move |(size, sha)| Header {
            size: sides(size),
            sha256: sha.map(|(before, after)| Sides { before, after }),
        })
}

proptest! {
    /// Print, then parse: the same header and edits, whatever order they were given in.
    #[test]
    fn print_then_parse_round_trips(mut list in edits(), header in header(), seed in any::<u64>()) {
        let n = list.len().max(1);
        list.rotate_left(usize::try_from(seed % n as u64).unwrap());
        let s = Script::new(header, list).unwrap();
        let text = s.to_string();
        let back = parse(text.as_bytes()).unwrap();
        prop_assert_eq!(&back, &s);
        prop_assert_eq!(back.to_string(), text);
        if s.all_checked() {
            prop_assert_eq!(back.reverse().unwrap().reverse().unwrap(), s);
        }
    }
}
