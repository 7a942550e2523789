//! Identity tests: the fast path against hexyl's own `Printer` and hexyl's expected strings.

use super::*;
use proptest::prelude::*;

/// Hands out `data` in pieces whose sizes cycle through `sizes`, like a windowed mmap reader.
struct Split<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    next: usize,
}

impl Read for Split<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let size = self.sizes[self.next % self.sizes.len()];
        self.next += 1;
        let n = size.max(1).min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn split<'a>(data: &'a [u8], sizes: &[usize]) -> Split<'a> {
    Split {
        data,
        sizes: sizes.to_vec(),
        next: 0,
    }
}

fn fast(opts: &HexylOptions, offset: u64, input: impl Read, chunk: usize) -> String {
    assert!(fast_path_covers(opts), "{opts:?}");
    let mut out = Vec::new();
    render_chunked(opts, (offset, 0), input, &mut out, chunk).unwrap();
    String::from_utf8(out).unwrap()
}

fn oracle(opts: &HexylOptions, offset: u64, input: impl Read) -> String {
    let mut out = Vec::new();
    render_with_printer(opts, offset, input, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Compares line by line, so a mismatch in a megabyte of output stays readable.
fn assert_same(actual: &str, expected: &str) {
    let pairs = actual
        .split_inclusive('\n')
        .zip(expected.split_inclusive('\n'));
    if let Some((i, (a, e))) = pairs.enumerate().find(|(_, (a, e))| a != e) {
        panic!("line {i} differs:\n  fast:   {a:?}\n  hexyl:  {e:?}");
    }
    assert_eq!(actual.len(), expected.len(), "same lines, different length");
}

fn check(expected: &str, input: &[u8], panels: u64, offset: u64) {
    let opts = HexylOptions {
        panels,
        ..HexylOptions::default()
    };
    assert_eq!(oracle(&opts, offset, input), expected);
    assert_eq!(fast(&opts, offset, input, CHUNK), expected);
    let mut out = Vec::new();
    render(&opts, offset, input, &mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), expected);
}

#[test]
fn hexyl_empty_file() {
    let expected = "\
┌────────┬─────────────────────────┬─────────────────────────┬────────┬────────┐
│        │ No content              │                         │        │        │
└────────┴─────────────────────────┴─────────────────────────┴────────┴────────┘
";
    check(expected, b"", 2, 0);
}

#[test]
fn hexyl_short_input() {
    let expected = "\
┌────────┬─────────────────────────┬─────────────────────────┬────────┬────────┐
│00000000│ 73 70 61 6d             ┊                         │spam    ┊        │
└────────┴─────────────────────────┴─────────────────────────┴────────┴────────┘
";
    check(expected, b"spam", 2, 0);
}

#[test]
fn hexyl_display_offset() {
    let expected = "\
┌────────┬─────────────────────────┬─────────────────────────┬────────┬────────┐
│deadbeef│ 73 70 61 6d 73 70 61 6d ┊ 73 70 61 6d 73 70 61 6d │spamspam┊spamspam│
│deadbeff│ 73 70 61 6d             ┊                         │spam    ┊        │
└────────┴─────────────────────────┴─────────────────────────┴────────┴────────┘
";
    check(expected, b"spamspamspamspamspam", 2, 0xdeadbeef);
}

#[test]
fn hexyl_multiple_panels() {
    let expected = "\
┌────────┬─────────────────────────┬─────────────────────────┬─────────────────────────┬─────────────────────────┬────────┬────────┬────────┬────────┐
│00000000│ 73 75 70 65 72 63 61 6c ┊ 69 66 72 61 67 69 6c 69 ┊ 73 74 69 63 65 78 70 69 ┊ 61 6c 69 64 6f 63 69 6f │supercal┊ifragili┊sticexpi┊alidocio│
│00000020│ 75 73 73 75 70 65 72 63 ┊ 61 6c 69 66 72 61 67 69 ┊ 6c 69 73 74 69 63 65 78 ┊ 70 69 61 6c 69 64 6f 63 │ussuperc┊alifragi┊listicex┊pialidoc│
│00000040│ 69 6f 75 73 73 75 70 65 ┊ 72 63 61 6c 69 66 72 61 ┊ 67 69 6c 69 73 74 69 63 ┊ 65 78 70 69 61 6c 69 64 │ioussupe┊rcalifra┊gilistic┊expialid│
│00000060│ 6f 63 69 6f 75 73       ┊                         ┊                         ┊                         │ocious  ┊        ┊        ┊        │
└────────┴─────────────────────────┴─────────────────────────┴─────────────────────────┴─────────────────────────┴────────┴────────┴────────┴────────┘
";
    let word = b"supercalifragilisticexpialidocious";
    check(expected, &word.repeat(3), 4, 0);
}

#[test]
fn hexyl_squeeze() {
    let expected = "\
┌────────┬─────────────────────────┬─────────────────────────┬────────┬────────┐
│00000000│ 00 00 00 00 00 00 00 00 ┊ 00 00 00 00 00 00 00 00 │⋄⋄⋄⋄⋄⋄⋄⋄┊⋄⋄⋄⋄⋄⋄⋄⋄│
│*       │                         ┊                         │        ┊        │
│00000020│ 00                      ┊                         │⋄       ┊        │
└────────┴─────────────────────────┴─────────────────────────┴────────┴────────┘
";
    check(expected, &[0; 33], 2, 0);
    check(
        &expected.replace("00 ", "30 ").replace('⋄', "0"),
        &[b'0'; 33],
        2,
        0,
    );
}

#[test]
fn hexyl_squeeze_multiple_panels() {
    let expected = "\
┌────────┬─────────────────────────┬─────────────────────────┬─────────────────────────┬────────┬────────┬────────┐
│00000000│ 30 30 30 30 30 30 30 30 ┊ 30 30 30 30 30 30 30 30 ┊ 30 30 30 30 30 30 30 30 │00000000┊00000000┊00000000│
│*       │                         ┊                         ┊                         │        ┊        ┊        │
│00000030│ 30                      ┊                         ┊                         │0       ┊        ┊        │
└────────┴─────────────────────────┴─────────────────────────┴─────────────────────────┴────────┴────────┴────────┘
";
    check(expected, &[b'0'; 49], 3, 0);
}

#[test]
fn hexyl_display_offset_in_last_line() {
    let expected = "\
┌────────┬─────────────────────────┬─────────────────────────┬────────┬────────┐
│00000000│ 41 41 41 41 41 41 41 41 ┊ 41 41 41 41 41 41 41 41 │AAAAAAAA┊AAAAAAAA│
│00000010│ 43 43 43 43             ┊                         │CCCC    ┊        │
└────────┴─────────────────────────┴─────────────────────────┴────────┴────────┘
";
    check(expected, b"AAAAAAAAAAAAAAAACCCC", 2, 0);
}

#[test]
fn squeezed_tail_ends_with_blank_line() {
    let expected = "\
┌────────┬─────────────────────────┬─────────────────────────┬────────┬────────┐
│fffffffff0│ 00 00 00 00 00 00 00 00 ┊ 00 00 00 00 00 00 00 00 │⋄⋄⋄⋄⋄⋄⋄⋄┊⋄⋄⋄⋄⋄⋄⋄⋄│
│*       │                         ┊                         │        ┊        │
│010000000020│                         ┊                         │        ┊        │
└────────┴─────────────────────────┴─────────────────────────┴────────┴────────┘
";
    check(expected, &[0; 48], 2, 0xff_ffff_fff0);
}

#[test]
fn uncovered_options_fall_back() {
    for opts in [
        HexylOptions {
            group_size: 3,
            ..HexylOptions::default()
        },
        HexylOptions {
            panels: MAX_FAST_PANELS + 1,
            ..HexylOptions::default()
        },
    ] {
        assert!(!fast_path_covers(&opts));
        let mut out = Vec::new();
        render(&opts, 0, &b"0123456789abcdefghij"[..], &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            oracle(&opts, 0, &b"0123456789abcdefghij"[..])
        );
    }
}

#[test]
fn io_errors_propagate_and_interrupts_retry() {
    struct Broken;
    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let err = render(&HexylOptions::default(), 0, &[1u8; 100][..], &mut Broken).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);

    struct Hiccup<'a>(&'a [u8], bool);
    impl Read for Hiccup<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.1 = !self.1;
            if self.1 {
                return Err(io::ErrorKind::Interrupted.into());
            }
            self.0.read(buf)
        }
    }
    let data: Vec<u8> = (0..=255).collect();
    let opts = HexylOptions::default();
    assert_eq!(
        fast(&opts, 0, Hiccup(&data, false), CHUNK),
        oracle(&opts, 0, &data[..])
    );
}

#[test]
fn positions_in_one_word_match_format() {
    for v in [
        0,
        9,
        0xa,
        0xf,
        0x10,
        0x9999_9999,
        0xaaaa_aaaa,
        0xdead_beef,
        u32::MAX,
    ] {
        assert_eq!(fast::hex8(v), format!("{v:08x}").as_bytes(), "{v:#x}");
    }
    for shift in 0..32 {
        let v = 0x1234_5678_u32.rotate_left(shift) ^ (1 << shift);
        assert_eq!(fast::hex8(v), format!("{v:08x}").as_bytes(), "{v:#x}");
    }
}

#[test]
fn multi_chunk_input_with_runs() {
    // Runs straddle the 1 MiB chunk boundaries, so squeeze state must carry over.
    let mut data: Vec<u8> = (0..CHUNK + 4099).map(|i| (i * 7 / 5 % 251) as u8).collect();
    data[CHUNK - 4096..CHUNK + 4096].fill(0);
    data[2 * CHUNK / 3..2 * CHUNK / 3 + 100].fill(b'x');
    for opts in [
        HexylOptions::default(),
        HexylOptions {
            panels: 3,
            group_size: 4,
            endianness: Endianness::Little,
            base: Base::Octal,
            ..HexylOptions::default()
        },
    ] {
        let expected = oracle(&opts, 5, split(&data, &[8191, 3, 100_000]));
        assert_same(
            &fast(&opts, 5, split(&data, &[65536, 1, 777]), CHUNK),
            &expected,
        );
    }
    let tail: Vec<u8> = [vec![9; 10], vec![0; CHUNK + 4000]].concat();
    let opts = HexylOptions::default();
    assert_same(
        &fast(&opts, 0, &tail[..], CHUNK),
        &oracle(&opts, 0, &tail[..]),
    );
}

fn options() -> impl Strategy<Value = HexylOptions> {
    use prop::sample::select;
    let layout = (
        prop_oneof![4 => 1..=4u64, 1 => 1..=20u64],
        select(vec![1u8, 2, 4, 8]),
        select(vec![
            Base::Binary,
            Base::Octal,
            Base::Decimal,
            Base::Hexadecimal,
        ]),
        select(vec![Endianness::Big, Endianness::Little]),
    );
    let looks = (
        select(vec![
            BorderStyle::Unicode,
            BorderStyle::Ascii,
            BorderStyle::None,
        ]),
        select(vec![
            CharacterTable::Default,
            CharacterTable::Ascii,
            CharacterTable::CP1047,
            CharacterTable::CP437,
            CharacterTable::Braille,
        ]),
        select(vec![ColorScheme::Default, ColorScheme::Gradient]),
    );
    (prop::array::uniform4(any::<bool>()), layout, looks).prop_map(
        |(
            flags,
            (panels, group_size, base, endianness),
            (border, character_table, color_scheme),
        )| {
            let [color, char_panel, position_panel, squeeze] = flags;
            HexylOptions {
                color,
                char_panel,
                position_panel,
                border,
                squeeze,
                panels,
                group_size,
                base,
                endianness,
                character_table,
                color_scheme,
            }
        },
    )
}

/// Random bytes mixed with runs of bytes and of repeated lines, to exercise the squeezer.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let segment = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..48),
        (any::<u8>(), 0..200usize).prop_map(|(b, n)| vec![b; n]),
        (
            prop::sample::select(vec![0u8, b' ', b'0', 0xff]),
            0..120usize
        )
            .prop_map(|(b, n)| vec![b; n]),
        (prop::collection::vec(any::<u8>(), 1..17), 0..10usize).prop_map(|(l, n)| l.repeat(n)),
    ];
    prop::collection::vec(segment, 0..6).prop_map(|s| s.concat())
}

fn offset() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        0..0x1_0000u64,
        (1u64 << 32) - 300..(1u64 << 32) + 300,
        any::<u64>(),
        u64::MAX - 2000..=u64::MAX,
    ]
}

/// 600 cases keep the debug suite to seconds; PROPTEST_CASES asks for a longer run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(600)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn fast_path_matches_printer(
        opts in options(),
        data in input(),
        offset in offset(),
        reads in prop::collection::vec(1..80usize, 1..5),
        chunk_lines in 1..5usize,
    ) {
        // hexyl's debug build panics if a printed position overflows.
        let offset = offset.min(u64::MAX - data.len() as u64);
        let expected = oracle(&opts, offset, &data[..]);
        let chunk = chunk_lines * 8 * usize::try_from(opts.panels).unwrap();
        prop_assert_eq!(&fast(&opts, offset, split(&data, &reads), chunk), &expected);
        prop_assert_eq!(&fast(&opts, offset, &data[..], CHUNK), &expected);
    }
}
