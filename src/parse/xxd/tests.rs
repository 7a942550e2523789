//! Fixed examples printed by xxd 2022-01-14 (Debian 12's), an emulation of xxd's layout
//! checked against them, and round trips through that emulation.

use super::*;
use proptest::prelude::*;
use proptest::sample::Index;

mod fixtures;
use fixtures::*;

fn read_as(text: &str, order: ByteOrder) -> Result<Vec<Run>, ParseError> {
    parse(text.as_bytes(), &Options { order })
}

fn read(text: &str) -> Result<Vec<Run>, ParseError> {
    read_as(text, ByteOrder::Big)
}

fn error_as(text: &str, order: ByteOrder) -> (usize, String) {
    match read_as(text, order) {
        Err(ParseError::Line { line, message }) => (line, message),
        other => panic!("expected a line error for\n{text}\ngot {other:?}"),
    }
}

fn assert_error(text: &str, line: usize, needle: &str) {
    let (l, message) = error_as(text, ByteOrder::Big);
    assert_eq!(l, line, "{message}\n{text}");
    assert!(
        message.contains(needle),
        "{message:?} lacks {needle:?}\n{text}"
    );
}

fn run(offset: u64, bytes: &[u8]) -> Run {
    Run {
        offset,
        bytes: bytes.to_vec(),
        repeat: 1,
    }
}

/// xxd's layout (xxd.c: byte `p` at `addrlen + 1 + (grplen * x) / octspergrp`, the text at
/// `addrlen + 3 + (grplen * cols - 1) / octspergrp + p`).
fn xxd(data: &[u8], start: u64, cols: usize, group: usize, upper: bool, little: bool) -> String {
    let g = if group == 0 || group > cols {
        cols
    } else {
        group
    };
    let mut out = String::new();
    for (k, line) in data.chunks(cols).enumerate() {
        let address = format!("{:08x}: ", start + (k * cols) as u64);
        let h = address.chars().count();
        let text = h + 2 + ((2 * g + 1) * cols - 1) / g;
        let mut buf: Vec<char> = address.chars().collect();
        buf.resize(text + line.len(), ' ');
        for (p, &b) in line.iter().enumerate() {
            let x = if little { p ^ (g - 1) } else { p };
            let col = h + (2 * g + 1) * x / g;
            let hex = if upper {
                format!("{b:02X}")
            } else {
                format!("{b:02x}")
            };
            buf[col] = hex.chars().next().unwrap();
            buf[col + 1] = hex.chars().nth(1).unwrap();
            buf[text + p] = if (0x20..0x7f).contains(&b) {
                char::from(b)
            } else {
                '.'
            };
        }
        out.extend(buf);
        out.push('\n');
    }
    out
}

#[test]
fn the_emulation_prints_what_xxd_prints() {
    // The fixture, its bytes and where they start, -c, -g, -u, -e.
    type Case<'a> = (&'a str, &'a [u8], u64, usize, usize, bool, bool);
    let cases: &[Case] = &[
        (DEFAULT, DATA, 0, 16, 2, false, false),
        (COLS10_GROUP4, DATA, 0, 10, 4, false, false),
        (COLS10_GROUP3, DATA, 0, 10, 3, false, false),
        (GROUP0, DATA, 0, 16, 0, false, false),
        (UPPER_GROUP1, DATA, 0, 16, 1, true, false),
        (LITTLE, DATA, 0, 16, 4, false, true),
        (LITTLE_COLS8_GROUP2, DATA, 0, 8, 2, false, true),
        (COLS7, DATA, 0, 7, 2, false, false),
        (COLS32_GROUP8, DATA, 0, 32, 8, false, false),
        (COLS1, &DATA[..3], 0, 1, 2, false, false),
        (SEEK, &DATA[0x11..0x11 + 20], 0x11, 16, 2, false, false),
        (SHORT, &DATA[..5], 0, 16, 2, false, false),
        (LEADING_SPACES, b"  ab", 0, 16, 2, false, false),
    ];
    for &(fixture, data, start, cols, group, upper, little) in cases {
        assert_eq!(xxd(data, start, cols, group, upper, little), fixture);
        let order = if little {
            ByteOrder::Little
        } else {
            ByteOrder::Big
        };
        assert_eq!(
            read_as(fixture, order).unwrap(),
            [run(start, data)],
            "{fixture}"
        );
    }
    // -u leaves the address in lowercase; either case is read.
    assert_eq!(read(PAST_4GIB).unwrap(), [run(0xabcdef12340, &DATA[..20])]);
}

#[test]
fn squeezed_lines_repeat_the_line_before() {
    assert_eq!(
        read(SQUEEZED).unwrap(),
        [
            run(0, &[0; 16]),
            Run {
                offset: 16,
                bytes: vec![0; 16],
                repeat: 5
            },
            run(0x60, b"\0\0\0\0ab")
        ]
    );
    let runs = read(SQUEEZED_TO_END).unwrap();
    assert_eq!(runs.iter().map(Run::len).sum::<u64>(), 64);
    assert!(runs.iter().all(|r| r.bytes.iter().all(|&b| b == 0)));
    assert_error("*\n", 1, "nothing to repeat");
    let lines: Vec<&str> = SQUEEZED.lines().collect();
    assert_error(
        &lines[..2].join("\n"),
        2,
        "where the repeat ends is missing",
    );
}

#[test]
fn a_typo_in_the_middle_fails_the_whole_dump() {
    // `xxd -r` writes 0x10..0x14 of this line, drops the rest and exits 0.
    let typo = DEFAULT.replacen("6565 6620", "6565 6g20", 1);
    assert_error(&typo, 2, "column 27: 'g' is not a hex digit");
    let cases = [
        ("6565 6620", "6565 66 0", "column 28: half a byte"),
        ("6565 6620", "6565  6620", "column 26: half a byte"),
        (
            "6565 6620",
            "6565-6620",
            "column 25: '-' where a space separates",
        ),
        ("00000010:", "0000001g:", "column 8: 'g' in the address"),
        ("00000010: ", "00000010 ", "column 9: ' ' in the address"),
        ("00000010: ", "00000010:", "column 10: no space"),
        ("00000010:", "0000010:", "an address of 7 digits"),
        (
            "00000010:",
            "00000011:",
            "not a whole number of 16-byte lines",
        ),
        ("00000010:", "00000000:", "goes back into line 1"),
        (
            "  ad beef 01234567",
            "  ad beef 01234567x",
            "character column is longer",
        ),
        ("  ad beef 01234567", "", "ends before its character column"),
        (
            " 3637  ad beef 01234567",
            "       ad beef 012345",
            "shorter than a full line",
        ),
        ("  ad beef 01234567", "  ad beef 0123456", "16 bytes"),
    ];
    for (from, to, needle) in cases {
        let text = DEFAULT.replacen(from, to, 1);
        let (line, message) = error_as(&text, ByteOrder::Big);
        let expected = if needle.contains("shorter") { 3 } else { 2 };
        assert_eq!(line, expected, "{message}\n{text}");
        assert!(
            message.contains(needle),
            "{message:?} lacks {needle:?}\n{text}"
        );
    }
}

#[test]
fn other_dumps_are_refused() {
    assert_error(DECIMAL, 2, "offsets not in hex (xxd -d)?");
    assert_error(BINARY, 1, "binary digits (xxd -b)");
    assert_error("┌────┐\n", 1, "in the address is not a hex digit");
    assert_error(
        &DEFAULT.replacen('\n', "\n\n", 1),
        2,
        "a blank line inside the dump",
    );
    assert_error(&DEFAULT.replacen("  ad", "\t ad", 1), 2, "a tab");
    // Blank lines around the dump, colour and an empty input are fine.
    assert_eq!(read(&format!("\n{DEFAULT}\n\n")).unwrap(), [run(0, DATA)]);
    let coloured = DEFAULT.replace("6c", "\x1b[1;32m6c\x1b[0m");
    assert_eq!(read(&coloured).unwrap(), [run(0, DATA)]);
    assert_eq!(read("").unwrap(), []);
}

#[test]
fn trimmed_trailing_spaces_are_not_a_cut() {
    let text = format!("{}\n", COLS7.lines().next().unwrap().trim_end());
    assert_eq!(read(&text).unwrap(), [run(0, &DATA[..7])]);
}

#[test]
fn lines_left_out_leave_gaps() {
    let lines: Vec<&str> = DEFAULT.lines().collect();
    let text = format!("{}\n{}\n", lines[0], lines[2]);
    assert_eq!(
        read(&text).unwrap(),
        [run(0, &DATA[..16]), run(0x20, &DATA[0x20..])]
    );
}

fn layout() -> impl Strategy<Value = (usize, usize, bool, bool)> {
    let cols = prop_oneof![8 => 1..=40usize, 1 => 1..=256usize];
    (cols, 0..=9usize, any::<bool>(), any::<bool>()).prop_map(|(cols, group, upper, little)| {
        let g = if group == 0 || group > cols {
            cols
        } else {
            group
        };
        // xxd -e needs a power of two that divides the line (else it misprints).
        let little = little && g.is_power_of_two() && cols % g == 0;
        (cols, group, upper, little)
    })
}

proptest! {
    #[test]
    fn reads_back_what_xxd_prints(
        (cols, group, upper, little) in layout(),
        data in prop::collection::vec(any::<u8>(), 1..600),
        start in prop_oneof![Just(0u64), 0..1u64 << 40, u64::MAX - (1 << 20)..u64::MAX - 600],
    ) {
        let text = xxd(&data, start, cols, group, upper, little);
        let order = if little { ByteOrder::Little } else { ByteOrder::Big };
        let runs = read_as(&text, order).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(runs, vec![run(start, &data)], "{}", text);
    }

    #[test]
    fn a_typo_in_any_byte_fails_its_line(
        (cols, group, upper, little) in layout(),
        data in prop::collection::vec(any::<u8>(), 1..300),
        pick in any::<Index>(),
        bad in prop::sample::select(vec!['g', 'x', ' ', '-', '.', ':']),
    ) {
        let text = xxd(&data, 0, cols, group, upper, little);
        let mut lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
        let g = if group == 0 || group > cols { cols } else { group };
        let mut digits = Vec::new();
        for (i, line) in data.chunks(cols).enumerate() {
            for p in 0..line.len() {
                let x = if little { p ^ (g - 1) } else { p };
                let col = 10 + (2 * g + 1) * x / g;
                digits.extend([(i, col), (i, col + 1)]);
            }
        }
        let (line, col) = *pick.get(&digits);
        lines[line][col] = bad;
        let broken: String = lines.iter().map(|l| l.iter().collect::<String>() + "\n").collect();
        let order = if little { ByteOrder::Little } else { ByteOrder::Big };
        let (at, message) = error_as(&broken, order);
        prop_assert_eq!(at, line + 1, "{}\n{}", message, broken);
    }
}
