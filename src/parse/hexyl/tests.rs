//! Fixed examples printed by hexyl; malformed lines are in `malformed.rs`, the round trip
//! through the renderers in `round_trip.rs`.

use super::*;

mod malformed;
mod round_trip;

pub(super) fn read(text: &str) -> Result<Vec<Run>, ParseError> {
    parse(text.as_bytes(), &Options::default())
}

/// The error's line and message, for cases that must fail.
pub(super) fn error_with(text: &str, opts: &Options) -> (usize, String) {
    match parse(text.as_bytes(), opts) {
        Err(ParseError::Line { line, message }) => (line, message),
        other => panic!("expected a line error for\n{text}\ngot {other:?}"),
    }
}

pub(super) fn error(text: &str) -> (usize, String) {
    error_with(text, &Options::default())
}

pub(super) fn assert_error(text: &str, line: usize, needle: &str) {
    let (l, message) = error(text);
    assert_eq!(l, line, "{message}\n{text}");
    assert!(
        message.contains(needle),
        "{message:?} lacks {needle:?}\n{text}"
    );
}

pub(super) fn run(offset: u64, bytes: &[u8]) -> Run {
    Run {
        offset,
        bytes: bytes.to_vec(),
        repeat: 1,
    }
}

pub(super) const SPAM: &str = "\
┌────────┬─────────────────────────┬─────────────────────────┬────────┬────────┐
│deadbeef│ 73 70 61 6d 73 70 61 6d ┊ 73 70 61 6d 73 70 61 6d │spamspam┊spamspam│
│deadbeff│ 73 70 61 6d             ┊                         │spam    ┊        │
└────────┴─────────────────────────┴─────────────────────────┴────────┴────────┘
";

#[test]
fn hexyls_own_examples() {
    assert_eq!(
        read(SPAM).unwrap(),
        [run(0xdeadbeef, b"spamspamspamspamspam")]
    );
    let empty = "\
┌────────┬─────────────────────────┬─────────────────────────┬────────┬────────┐
│        │ No content              │                         │        │        │
└────────┴─────────────────────────┴─────────────────────────┴────────┴────────┘
";
    assert_eq!(read(empty).unwrap(), []);
    let squeezed = "\
┌────────┬─────────────────────────┬─────────────────────────┬────────┬────────┐
│00000000│ 00 00 00 00 00 00 00 00 ┊ 00 00 00 00 00 00 00 00 │⋄⋄⋄⋄⋄⋄⋄⋄┊⋄⋄⋄⋄⋄⋄⋄⋄│
│*       │                         ┊                         │        ┊        │
│00000040│ 00                      ┊                         │⋄       ┊        │
└────────┴─────────────────────────┴─────────────────────────┴────────┴────────┘
";
    assert_eq!(
        read(squeezed).unwrap(),
        [
            run(0, &[0; 16]),
            Run {
                offset: 16,
                bytes: vec![0; 16],
                repeat: 3
            },
            run(64, &[0])
        ]
    );
    // Squeezed to the end: a blank line with the end offset closes the run. Past 4 GiB the
    // position overflows its column (hexyl's layout, kept by `mmapctl dump`).
    let to_end = "\
┌────────┬─────────────────────────┬─────────────────────────┬────────┬────────┐
│fffffffff0│ 00 00 00 00 00 00 00 00 ┊ 00 00 00 00 00 00 00 00 │⋄⋄⋄⋄⋄⋄⋄⋄┊⋄⋄⋄⋄⋄⋄⋄⋄│
│*       │                         ┊                         │        ┊        │
│010000000020│                         ┊                         │        ┊        │
└────────┴─────────────────────────┴─────────────────────────┴────────┴────────┘
";
    let runs = read(to_end).unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!((runs[1].offset, runs[1].repeat), (0xff_ffff_fff0 + 16, 2));
    assert_eq!(runs[1].end(), 0x100_0000_0020);
    assert_eq!(runs[1].iter().collect::<Vec<u8>>(), [0; 32]);
}

#[test]
fn lines_left_out_leave_gaps() {
    // A user may keep only the lines to patch: positions come from the offsets.
    let text = "\
│00000000│ 41 41 41 41 41 41 41 41 ┊ 41 41 41 41 41 41 41 41 │AAAAAAAA┊AAAAAAAA│
│00000030│ 43 43 43 43             ┊                         │CCCC    ┊        │
";
    assert_eq!(
        read(text).unwrap(),
        [run(0, &[0x41; 16]), run(0x30, b"CCCC")]
    );
}
