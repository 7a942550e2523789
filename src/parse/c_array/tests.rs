use super::*;
use proptest::prelude::*;

const DATA: &[u8] = b"Hello, world! dead beef 0123456789abcdef\n\x00\x01\xff";

/// `xxd -i d.bin`
const XXD_I: &str = "\
unsigned char d_bin[] = {
  0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x2c, 0x20, 0x77, 0x6f, 0x72, 0x6c, 0x64,
  0x21, 0x20, 0x64, 0x65, 0x61, 0x64, 0x20, 0x62, 0x65, 0x65, 0x66, 0x20,
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62,
  0x63, 0x64, 0x65, 0x66, 0x0a, 0x00, 0x01, 0xff
};
unsigned int d_bin_len = 44;
";

/// `xxd -i -C -n My.Name -l 14 d.bin`
const XXD_I_CAPITALS: &str = "\
unsigned char MY_NAME[] = {
  0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x2c, 0x20, 0x77, 0x6f, 0x72, 0x6c, 0x64,
  0x21, 0x20
};
unsigned int MY_NAME_LEN = 14;
";

/// `xxd -i -u -l 14 < d.bin`: the body alone.
const XXD_I_BODY_UPPER: &str =
    "  0X48, 0X65, 0X6C, 0X6C, 0X6F, 0X2C, 0X20, 0X77, 0X6F, 0X72, 0X6C, 0X64,
  0X21, 0X20
";

fn read(text: &str) -> Result<Vec<u8>, ParseError> {
    parse(text.as_bytes())
}

fn assert_error(text: &str, line: usize, needle: &str) {
    match read(text) {
        Err(ParseError::Line { line: l, message }) => {
            assert_eq!(l, line, "{message}\n{text}");
            assert!(message.contains(needle), "{message:?} lacks {needle:?}");
        }
        other => panic!("expected an error for\n{text}\ngot {other:?}"),
    }
}

#[test]
fn what_xxd_and_hexyl_print() {
    assert_eq!(read(XXD_I).unwrap(), DATA);
    assert_eq!(read(XXD_I_CAPITALS).unwrap(), &DATA[..14]);
    assert_eq!(read(XXD_I_BODY_UPPER).unwrap(), &DATA[..14]);
    // hexyl --include of an empty file has a blank line inside the braces.
    assert_eq!(
        read("unsigned char e[] = {\n\n};\nunsigned int e_len = 0;\n").unwrap(),
        b""
    );
    // C's trailing comma, a declared size, qualifiers, and no length line.
    let c = "static const unsigned char x[3] = {\n  0x01, 0x02,\n  0x03,\n};\n";
    assert_eq!(read(c).unwrap(), [1, 2, 3]);
    assert_eq!(read("  0x01\n  , 0x02\n").unwrap(), [1, 2]);
}

#[test]
fn every_malformed_line_is_refused() {
    let cases: &[(&str, usize, &str)] = &[
        ("  0x48, 0x6, 0x6c\n", 1, "\"0x6\" has 1 hex digits"),
        ("  0x48, 0x655, 0x6c\n", 1, "\"0x655\" has 3 hex digits"),
        ("  0x48, 0xg5\n", 1, "not hex digits"),
        ("  0x48, 65\n", 1, "\"65\" is not a byte written 0xNN"),
        ("  0x48 0x65\n", 1, "no comma between \"0x65\""),
        ("  0x48\n  0x65\n", 2, "(on line 1)"),
        ("  0x48,, 0x65\n", 1, "a comma without a byte"),
        ("  , 0x65\n", 1, "a comma without a byte"),
        ("  0x48\n};\n", 2, "`};` without"),
        ("unsigned char x[] = {\n  0x48\n", 2, "never closed"),
        (
            "unsigned char x[2] = {\n  0x48\n};\n",
            1,
            "declared with 2 bytes but has 1",
        ),
        (
            "unsigned char x[] = {\n  0x48\n};\nunsigned int x_len = 2;\n",
            4,
            "says 2 bytes",
        ),
        (
            "unsigned char x[] = {\n};\nunsigned int y_len = 0;\n",
            3,
            "not the array's",
        ),
        (
            "unsigned char x[] = {\n};\nint x_len = 0;\n",
            3,
            "is not `unsigned int x_len = N;`",
        ),
        (
            "unsigned char x[] = {\n};\nunsigned int x_len = 0;\n0x01\n",
            4,
            "after the length line 3",
        ),
        (
            "unsigned char x[] =\n",
            1,
            "neither `unsigned char NAME[] = {`",
        ),
        ("char x[] = {\n", 1, "neither"),
        ("x48, 0x65\n", 1, "neither"),
        ("  0x48,\t0x65\n", 1, "a tab"),
    ];
    for &(text, line, needle) in cases {
        assert_error(text, line, needle);
    }
}

proptest! {
    #[test]
    fn reads_back_what_dump_f_c_prints(data in prop::collection::vec(any::<u8>(), 0..300)) {
        let mut text = Vec::new();
        crate::render::c::render(&data[..], "name", &mut text).unwrap();
        prop_assert_eq!(parse(&text[..]).unwrap(), data);
    }
}
