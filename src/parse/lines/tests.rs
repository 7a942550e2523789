use super::*;

fn all_clean(input: &[u8]) -> Result<Vec<(usize, String)>, ParseError> {
    let mut lines = Lines::new(input);
    let mut out = Vec::new();
    while let Some((n, text)) = lines.next_clean()? {
        out.push((n, text.to_string()));
    }
    Ok(out)
}

fn line_error(input: &[u8]) -> (usize, String) {
    match all_clean(input) {
        Err(ParseError::Line { line, message }) => (line, message),
        other => panic!("{other:?}"),
    }
}

#[test]
fn numbers_and_line_ends() {
    let lines = all_clean(b"a\r\nb\n\nc").unwrap();
    let expected = [(1, "a"), (2, "b"), (3, ""), (4, "c")].map(|(n, s)| (n, s.to_string()));
    assert_eq!(lines, expected);
    let mut raw = Lines::new(&b"x\ry\n"[..]);
    assert_eq!(raw.next_raw().unwrap(), Some((1, "x\ry")));
    assert_eq!(raw.next_raw().unwrap(), None);
    assert_eq!(raw.number(), 1);
}

#[test]
fn colour_goes_other_controls_are_refused() {
    let lines = all_clean(b"\x1b[38;2;1;2;3ma\x1b[0mb\x1b[m\n").unwrap();
    assert_eq!(lines, [(1, "ab".to_string())]);
    assert!(line_error(b"ok\n\x1b[2Jx\n").1.contains("not a colour"));
    assert!(line_error(b"\x1bx\n").1.contains("does not start a colour"));
    assert!(line_error(b"\x1b[1;3").1.contains("not a colour"));
    assert_eq!(line_error(b"a\nb\tc\n").0, 2);
    assert!(line_error(b"a\x00\n").1.contains("U+0000"));
    assert!(line_error(b"x\ry\n").1.contains("U+000D"));
    let (line, message) = line_error(b"ok\nab\xff\n");
    assert_eq!(line, 2);
    assert!(message.contains("not UTF-8 text (byte 3"), "{message}");
}

#[test]
fn hex_helpers() {
    assert_eq!(nibble('F'), Some(15));
    assert_eq!(nibble('g'), None);
    let digits: Vec<char> = "ffffffffffffffff".chars().collect();
    assert_eq!(hex_u64(&digits), Some(u64::MAX));
    assert_eq!(hex_u64(&[]), None);
    assert_eq!(hex_u64(&['1'; 17]), None);
}
