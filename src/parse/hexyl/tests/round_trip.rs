//! Whatever the renderers print, the reader gives back: the same bytes at the same offsets.

use super::*;
use crate::render::hexyl::{render, render_with_printer, Base, HexylOptions};
use ::hexyl::{BorderStyle, CharacterTable, ColorScheme, Endianness};
use proptest::prelude::*;
use proptest::sample::{select, Index};

fn options(base: Vec<Base>) -> impl Strategy<Value = HexylOptions> {
    let layout = (
        prop_oneof![4 => 1..=4u64, 1 => 1..=12u64],
        select(vec![1u8, 2, 4, 8]),
        select(base),
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
    (prop::array::uniform3(any::<bool>()), layout, looks).prop_map(
        |(
            [color, char_panel, squeeze],
            (panels, group_size, base, endianness),
            (border, character_table, color_scheme),
        )| HexylOptions {
            color,
            char_panel,
            position_panel: true,
            border,
            squeeze,
            panels,
            group_size,
            base,
            endianness,
            character_table,
            color_scheme,
        },
    )
}

/// Random bytes mixed with runs of one byte, which hexyl squeezes.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let segment = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..48),
        (any::<u8>(), 0..200usize).prop_map(|(b, n)| vec![b; n]),
        (select(vec![0u8, b' ', b'0', b'|', 0xb3]), 0..120usize).prop_map(|(b, n)| vec![b; n]),
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

fn dump(opts: &HexylOptions, offset: u64, data: &[u8], printer: bool) -> String {
    let mut out = Vec::new();
    if printer {
        render_with_printer(opts, offset, data, &mut out).unwrap();
    } else {
        render(opts, offset, data, &mut out).unwrap();
    }
    String::from_utf8(out).unwrap()
}

fn declared(opts: &HexylOptions) -> Options {
    Options {
        order: match opts.endianness {
            Endianness::Big => ByteOrder::Big,
            Endianness::Little => ByteOrder::Little,
        },
        ..Options::default()
    }
}

/// The first offset and all bytes of runs that must follow each other without a gap.
fn flatten(runs: &[Run]) -> Option<(u64, Vec<u8>)> {
    let mut bytes = Vec::new();
    for pair in runs.windows(2) {
        if pair[0].end() != pair[1].offset {
            return None;
        }
    }
    runs.iter().for_each(|r| bytes.extend(r.iter()));
    Some((runs.first()?.offset, bytes))
}

/// The 0-based char columns of the byte slots holding digits on a data line.
fn slots(line: &[char], opts: &HexylOptions) -> Vec<usize> {
    let digits = line[1..]
        .iter()
        .take_while(|c| c.is_ascii_hexdigit())
        .count();
    if digits == 0 {
        return Vec::new();
    }
    let g = usize::from(opts.group_size);
    let width = 1 + (2 * g + 1) * (8 / g);
    let mut out = Vec::new();
    for panel in 0..usize::try_from(opts.panels).unwrap() {
        let start = digits + 2 + panel * (width + 1);
        for byte in 0..8 {
            let col = start + 1 + (byte / g) * (2 * g + 1) + (byte % g) * 2;
            if line.get(col).is_some_and(char::is_ascii_hexdigit) {
                out.push(col);
            }
        }
    }
    out
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(400)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn reads_back_what_hexyl_prints(
        opts in options(vec![Base::Hexadecimal]),
        data in input(),
        offset in offset(),
        printer in any::<bool>(),
    ) {
        let offset = offset.min(u64::MAX - data.len() as u64);
        let text = dump(&opts, offset, &data, printer);
        let runs = match parse(text.as_bytes(), &declared(&opts)) {
            Err(e) if e.to_string().contains("reads two ways")
                || e.to_string().contains("reads as hexadecimal and as") => {
                // Only a dump of one line may be ambiguous, and the layout settles it.
                prop_assert!(data.len() <= 8 * usize::try_from(opts.panels).unwrap(), "{}", e);
                let hints = Options {
                    panels: Some(usize::try_from(opts.panels).unwrap()),
                    group_size: Some(usize::from(opts.group_size)),
                    ..declared(&opts)
                };
                parse(text.as_bytes(), &hints)
            }
            other => other,
        };
        let runs = runs.map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        if data.is_empty() {
            prop_assert!(runs.is_empty());
        } else {
            prop_assert_eq!(flatten(&runs), Some((offset, data)), "{}", text);
        }
    }

    /// The case `xxd -r` gets wrong: one bad character in any byte of any line.
    #[test]
    fn a_typo_in_any_byte_fails_its_line(
        opts in options(vec![Base::Hexadecimal]),
        data in input().prop_filter("bytes", |d| !d.is_empty()),
        offset in offset(),
        pick in any::<Index>(),
        second in any::<bool>(),
        bad in select(vec!['g', 'x', ' ', 'G', '-', '.']),
    ) {
        let opts = HexylOptions { color: false, ..opts };
        let offset = offset.min(u64::MAX - data.len() as u64);
        let text = dump(&opts, offset, &data, false);
        let mut lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
        let all: Vec<(usize, usize)> = lines
            .iter()
            .enumerate()
            .flat_map(|(i, l)| slots(l, &opts).into_iter().map(move |c| (i, c)))
            .collect();
        let (line, col) = *pick.get(&all);
        lines[line][col + usize::from(second)] = bad;
        let broken: String = lines.iter().map(|l| l.iter().collect::<String>() + "\n").collect();
        let (at, message) = error_with(&broken, &declared(&opts));
        prop_assert_eq!(at, line + 1, "{}\n{}", message, broken);
    }

    #[test]
    fn other_bases_are_refused(
        opts in options(vec![Base::Binary, Base::Octal, Base::Decimal]),
        data in input().prop_filter("bytes", |d| !d.is_empty()),
        offset in offset(),
    ) {
        let offset = offset.min(u64::MAX - data.len() as u64);
        let text = dump(&opts, offset, &data, true);
        let (line, message) = error_with(&text, &declared(&opts));
        prop_assert_eq!(line, 1, "{}\n{}", message, text);
        // A borderless dump of less than one line may also read as hexadecimal; it is then
        // refused as ambiguous.
        let whole_line = data.len() >= 8 * usize::try_from(opts.panels).unwrap();
        let named = message.contains("only hexadecimal");
        let ambiguous = message.contains("reads as hexadecimal and as");
        prop_assert!(named || ambiguous && !whole_line, "{}\n{}", message, text);
        if !matches!(opts.border, BorderStyle::None) {
            prop_assert!(named, "{}\n{}", message, text);
        }
    }

    #[test]
    fn no_position_panel_is_refused(
        opts in options(vec![Base::Hexadecimal]),
        data in input().prop_filter("bytes", |d| !d.is_empty()),
    ) {
        let opts = HexylOptions { position_panel: false, ..opts };
        let text = dump(&opts, 0, &data, true);
        let (_, message) = error_with(&text, &declared(&opts));
        prop_assert!(message.contains("no position panel"), "{}\n{}", message, text);
    }
}

#[test]
fn borderless_lines_keep_their_width_so_their_layout_shows() {
    // Four zero bytes in groups of four: the digits of one zero byte in binary, but hexyl's
    // padding makes the line as wide as this layout, and too narrow for binary.
    let hex = HexylOptions {
        border: BorderStyle::None,
        char_panel: false,
        group_size: 4,
        ..HexylOptions::default()
    };
    assert_eq!(
        read(&dump(&hex, 0, &[0; 4], true)).unwrap(),
        [run(0, &[0; 4])]
    );
    // One zero byte in binary is as wide as seven panels of hex groups of four, though.
    let binary = HexylOptions {
        base: Base::Binary,
        group_size: 2,
        ..hex
    };
    let text = dump(&binary, 0, &[0], true);
    let (line, message) = error(&text);
    assert_eq!(line, 1);
    assert!(
        message.contains("reads as hexadecimal and as 8 digits per byte"),
        "{message}"
    );
    // Saying the layout says it is hex.
    let hint = Options {
        panels: Some(7),
        ..Options::default()
    };
    assert_eq!(parse(text.as_bytes(), &hint).unwrap(), [run(0, &[0; 4])]);
    // With a whole line the base shows.
    let (_, message) = error(&dump(&binary, 0, &[0; 17], true));
    assert!(message.contains("base binary"), "{message}");
    // A character panel that happens to look like a third panel of hex.
    let opts = HexylOptions {
        border: BorderStyle::None,
        group_size: 8,
        character_table: CharacterTable::Ascii,
        ..HexylOptions::default()
    };
    let data = b" abcdef         ";
    assert_eq!(read(&dump(&opts, 0, data, true)).unwrap(), [run(0, data)]);
}
