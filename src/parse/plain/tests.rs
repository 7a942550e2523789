use super::*;
use proptest::prelude::*;

const DATA: &[u8] = b"Hello, world! dead beef 0123456789abcdef\n\x00\x01\xff";

/// `xxd -p`
const XXD_P: &str = "\
48656c6c6f2c20776f726c64212064656164206265656620303132333435
363738396162636465660a0001ff
";

/// `xxd -p -u -c 8`
const XXD_P_UPPER_8: &str = "\
48656C6C6F2C2077
6F726C6421206465
6164206265656620
3031323334353637
3839616263646566
0A0001FF
";

fn read(text: &str, base: u64) -> Result<Vec<Run>, ParseError> {
    parse(text.as_bytes(), base)
}

fn assert_error(text: &str, line: usize, needle: &str) {
    match read(text, 0) {
        Err(ParseError::Line { line: l, message }) => {
            assert_eq!(l, line, "{message}\n{text}");
            assert!(message.contains(needle), "{message:?} lacks {needle:?}");
        }
        other => panic!("expected an error for {text:?}, got {other:?}"),
    }
}

fn one(offset: u64, bytes: &[u8]) -> Vec<Run> {
    vec![Run {
        offset,
        bytes: bytes.to_vec(),
        repeat: 1,
    }]
}

#[test]
fn xxd_p_in_any_width_and_case() {
    assert_eq!(read(XXD_P, 0x1000).unwrap(), one(0x1000, DATA));
    assert_eq!(read(XXD_P_UPPER_8, 0).unwrap(), one(0, DATA));
    assert_eq!(read(&XXD_P.replace('\n', "\r\n"), 0).unwrap(), one(0, DATA));
    assert_eq!(read("", 5).unwrap(), []);
    assert_eq!(read("\n\n", 5).unwrap(), []);
    assert_eq!(read(&format!("\n{XXD_P}\n\n"), 0).unwrap(), one(0, DATA));
}

#[test]
fn every_malformed_line_is_refused() {
    let lines: Vec<&str> = XXD_P_UPPER_8.lines().collect();
    // A typo in the middle: `xxd -r -p` skips the character and shifts every later byte.
    assert_error(
        &XXD_P_UPPER_8.replacen("6F726C", "6F7x6C", 1),
        2,
        "column 4: 'x'",
    );
    assert_error(
        &XXD_P_UPPER_8.replacen("6F726C", "6F72 6C", 1),
        2,
        "a space",
    );
    assert_error(
        &XXD_P_UPPER_8.replacen("6F726C", "6F726", 1),
        2,
        "15 hex digits",
    );
    assert_error(
        &XXD_P_UPPER_8.replacen("6F726C", "6F72", 1),
        3,
        "after the shorter line 2",
    );
    assert_error(
        &XXD_P_UPPER_8.replacen("6F726C", "6F726C6C", 1),
        2,
        "more than the 16 of line 1",
    );
    assert_error(
        &format!("{}\n\n{}", lines[0], lines[1]),
        2,
        "a blank line inside",
    );
    assert_error(&XXD_P_UPPER_8.replacen('\n', "\t\n", 1), 1, "a tab");
    match read("0011\n", u64::MAX - 1) {
        Err(e) => assert!(e.to_string().contains("past the largest"), "{e}"),
        Ok(r) => panic!("{r:?}"),
    }
    assert_eq!(read("00\n", u64::MAX - 1).unwrap(), one(u64::MAX - 1, &[0]));
}

proptest! {
    #[test]
    fn reads_back_what_dump_f_plain_prints(
        data in prop::collection::vec(any::<u8>(), 0..400),
        base in any::<u64>(),
    ) {
        let base = base.min(u64::MAX - data.len() as u64);
        let mut text = Vec::new();
        crate::render::plain::render(&data[..], 30, false, &mut text).unwrap();
        let runs = parse(&text[..], base).unwrap();
        if data.is_empty() {
            prop_assert!(runs.is_empty());
        } else {
            prop_assert_eq!(runs, one(base, &data));
        }
    }
}
