//! `--format c`: a C array and its length, as `xxd -i FILE` prints them.

use std::io::{self, Read, Write};

use super::{read_full, CHUNK, HEX_PAIRS};

const BYTES_PER_LINE: usize = 12;

/// The variable name `xxd -i` derives from a path: every byte that is not an ASCII letter or
/// digit becomes `_` (so a two-byte UTF-8 character becomes `__`, as in xxd's C locale), and
/// a leading digit gets a `__` prefix.
pub fn variable_name(path: &std::path::Path) -> String {
    let mut name: String = path
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .map(|&b| {
            if b.is_ascii_alphanumeric() {
                char::from(b)
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "__");
    }
    name
}

/// Writes `input` as a C array named `name`, as `xxd -i` would.
///
/// # Errors
/// The input's or the writer's I/O error.
pub fn render<R: Read, W: Write>(mut input: R, name: &str, out: &mut W) -> io::Result<()> {
    let lines_per_chunk = CHUNK / BYTES_PER_LINE;
    let mut buf = super::zeroed(lines_per_chunk * BYTES_PER_LINE)?;
    // "  " + 12 × "0xNN" + 11 × ", " + ",\n"
    let mut text = Vec::new();
    super::reserve(&mut text, lines_per_chunk * 76)?;
    writeln!(out, "unsigned char {name}[] = {{")?;
    let mut total: u64 = 0;
    loop {
        let n = read_full(&mut input, &mut buf)?;
        if n == 0 {
            break;
        }
        text.clear();
        for line in buf[..n].chunks(BYTES_PER_LINE) {
            // Every line but the very last ends with a comma; we learn which was last only
            // when the input ends, so the separator is written before each line instead.
            if total > 0 {
                text.extend_from_slice(b",\n");
            }
            text.extend_from_slice(b"  ");
            for (i, &b) in line.iter().enumerate() {
                if i > 0 {
                    text.extend_from_slice(b", ");
                }
                text.extend_from_slice(b"0x");
                text.extend_from_slice(&HEX_PAIRS[usize::from(b)]);
            }
            total += line.len() as u64;
        }
        out.write_all(&text)?;
        if n < buf.len() {
            break;
        }
    }
    if total > 0 {
        out.write_all(b"\n")?;
    }
    writeln!(out, "}};\nunsigned int {name}_len = {total};")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c_array(bytes: &[u8], name: &str) -> String {
        let mut out = Vec::new();
        render(bytes, name, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn names_like_xxd() {
        let name = |s: &str| variable_name(std::path::Path::new(s));
        assert_eq!(name("1abc-d.bin"), "__1abc_d_bin");
        assert_eq!(name("/tmp/a.bin"), "_tmp_a_bin");
        assert_eq!(name("é.bin"), "___bin");
    }

    #[test]
    fn layout() {
        assert_eq!(
            c_array(b"", "e"),
            "unsigned char e[] = {\n};\nunsigned int e_len = 0;\n"
        );
        let thirteen: Vec<u8> = (0..13).collect();
        assert_eq!(
            c_array(&thirteen, "x"),
            "unsigned char x[] = {\n  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, \
             0x09, 0x0a, 0x0b,\n  0x0c\n};\nunsigned int x_len = 13;\n"
        );
    }
}
