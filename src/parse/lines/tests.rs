use super::*;

fn all(input: &[u8]) -> Result<Vec<(usize, String)>, ParseError> {
    let mut lines = Lines::new(input);
    let mut out = Vec::new();
    while let Some((n, text)) = lines.next_raw()? {
        out.push((n, text.to_string()));
    }
    Ok(out)
}

#[test]
fn numbers_and_line_ends() {
    let lines = all(b"a\r\nb\n\nc").unwrap();
    let expected = [(1, "a"), (2, "b"), (3, ""), (4, "c")].map(|(n, s)| (n, s.to_string()));
    assert_eq!(lines, expected);
    let mut raw = Lines::new(&b"x\ry\n"[..]);
    assert_eq!(raw.next_raw().unwrap(), Some((1, "x\ry")));
    assert_eq!(raw.next_raw().unwrap(), None);
}

#[test]
fn not_utf8_names_the_line() {
    match all(b"ok\nab\xff\n") {
        Err(ParseError::Line { line, message }) => {
            assert_eq!(line, 2);
            assert!(message.contains("not UTF-8 text (byte 3"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn hex_digits() {
    assert_eq!(nibble('F'), Some(15));
    assert_eq!(nibble('g'), None);
}
