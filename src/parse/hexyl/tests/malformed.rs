//! Every way a line or the box around the lines can be wrong, each with its line named.

use super::*;

/// SPAM with its third line (the short one) edited.
fn spam_with(from: &str, to: &str) -> String {
    let mut lines: Vec<String> = SPAM.lines().map(str::to_string).collect();
    assert!(lines[2].contains(from));
    lines[2] = lines[2].replacen(from, to, 1);
    lines.join("\n")
}

#[test]
fn a_typo_anywhere_fails_the_whole_dump() {
    for (from, to, needle) in [
        ("73 70 61", "73 7g 61", "column 16: 'g' is not a hex digit"),
        ("73 70 61", "73 7  61", "column 15: half a byte"),
        ("73 70 61 6d  ", "73 70 61 6d 6", "column 24: half a byte"),
        (
            "6d             ┊",
            "6d            ┊ ",
            "column 35: '┊' where the space after a group",
        ),
        (
            "│spam    ┊",
            "│spam     ",
            "column 71: ' ' where the '┊' after character panel 1",
        ),
        (
            "┊        │",
            "┊        │x",
            "column 81: text after the last panel",
        ),
        (
            "│deadbeff│ ",
            "│deadbeff│x",
            "column 11: 'x' where the space that starts panel 1",
        ),
    ] {
        let (line, message) = error(&spam_with(from, to));
        assert_eq!(line, 3, "{message}");
        assert!(message.contains(needle), "{message:?} lacks {needle:?}");
    }
}

#[test]
fn offsets_must_be_on_the_grid_and_increasing() {
    assert_error(
        &spam_with("deadbeff", "deadbf00"),
        3,
        "not a whole number of 16-byte lines",
    );
    let full = |o: &str| {
        format!("│{o}│ 41 41 41 41 41 41 41 41 ┊ 41 41 41 41 41 41 41 41 │AAAAAAAA┊AAAAAAAA│\n")
    };
    let back = [full("00000000"), full("00000020"), full("00000010")].concat();
    assert_error(&back, 3, "goes back into line 2 (0x20..0x30)");
    assert_error(
        &spam_with("deadbeff", "deadbedf"),
        3,
        "goes back into line 2",
    );
    assert_error(
        &SPAM.replace("deadbeef", "dea-beef"),
        2,
        "'-' in the position panel",
    );
    assert_error(&SPAM.replace("deadbeef", "eadbeef"), 2, "7 digits");
    let short =
        "│00000000│ 73 70 61 6d             ┊                         │spam    ┊        │\n";
    let after = short.replace("00000000", "00000010");
    assert_error(&format!("{short}{after}"), 2, "shorter than a full line");
}

#[test]
fn squeeze_lines_must_be_explained() {
    let line = |o: &str| {
        format!("│{o}│ 00 00 00 00 00 00 00 00 ┊ 00 00 00 00 00 00 00 00 │⋄⋄⋄⋄⋄⋄⋄⋄┊⋄⋄⋄⋄⋄⋄⋄⋄│\n")
    };
    let star = "│*       │                         ┊                         │        ┊        │\n";
    let end = |o: &str| {
        format!("│{o}│                         ┊                         │        ┊        │\n")
    };
    assert_error(
        &format!("{star}{}", line("00000010")),
        1,
        "before any line of bytes",
    );
    assert_error(
        &format!("{}{star}", line("00000000")),
        2,
        "where the repeat ends is missing",
    );
    assert_error(
        &format!("{}{star}{star}{}", line("00000000"), end("00000040")),
        3,
        "a second `*`",
    );
    assert_error(
        &format!("{}{star}{}", line("00000000"), line("00000010")),
        3,
        "stands for no line",
    );
    assert_error(&end("00000000"), 1, "an offset without bytes");
    assert_error(
        &format!(
            "{}{star}{}{}",
            line("00000000"),
            end("00000040"),
            line("00000040")
        ),
        4,
        "ends the squeezed run",
    );
    assert_error(
        &format!("{}{}", line("00000000"), star.replace("*  ", "* 1")),
        2,
        "blank",
    );
}

#[test]
fn the_box_must_be_whole() {
    let lines: Vec<&str> = SPAM.lines().collect();
    assert_error(
        &lines[..3].join("\n"),
        3,
        "without the closing border of line 1",
    );
    assert_error(
        &format!("{SPAM}│deadbeef│\n"),
        5,
        "after the dump's closing border",
    );
    assert_error(
        &format!("{}\n\n{}", lines[..2].join("\n"), lines[2..].join("\n")),
        3,
        "blank line inside",
    );
    assert_error(
        &SPAM.replace("──┴────────┘", "─┴─────────┘"),
        4,
        "does not match the opening one",
    );
    assert_error(
        &format!("{}\n{SPAM}", lines[0]),
        2,
        "a second opening border",
    );
    assert_error(
        &SPAM.replace("┬────────┐", "┬────────"),
        1,
        "does not end with '┐'",
    );
    assert_error(
        &SPAM.replace("┌────────┬", "┌───x────┬"),
        1,
        "'x' in a border line",
    );
    assert_error(
        &[lines[0], lines[3]].join("\n"),
        2,
        "without a single line of bytes",
    );
    // Blank lines around the dump are fine.
    assert_eq!(read(&format!("\n\n{SPAM}\n")).unwrap(), read(SPAM).unwrap());
}

#[test]
fn what_is_not_hexyl_is_refused() {
    assert_error("", 1, "no dump here");
    assert_error("\n \n", 2, "no dump here");
    assert_error(
        "00000000: 4865 6c6c  Hell\n",
        1,
        "hexyl's layout starts with",
    );
    assert_error(&spam_with("│spam", "\t│spam"), 3, "a tab");
    assert_error(&spam_with("│spam", "\x1b[2J│spam"), 3, "not a colour");
    assert_eq!(
        read(&SPAM.replace("73", "\x1b[38;2;1;2;3m73\x1b[39m")).unwrap(),
        read(SPAM).unwrap()
    );
}

#[test]
fn other_bases_and_no_position_panel_are_named() {
    let octal = "\
┌────────┬─────────────────────────────────┬─────────────────────────────────┬────────┬────────┐
│00000000│ 163 160 141 155                 ┊                                 │spam    ┊        │
└────────┴─────────────────────────────────┴─────────────────────────────────┴────────┴────────┘
";
    assert_error(octal, 1, "base octal or decimal");
    let lines: Vec<&str> = octal.lines().collect();
    let full = lines[1].replace(
        "163 160 141 155                ",
        "163 160 141 155 163 160 141 155",
    );
    assert_error(&full, 1, "base octal or decimal");
    let no_position = "\
┌─────────────────────────┬─────────────────────────┬────────┬────────┐
│ 73 70 61 6d             ┊                         │spam    ┊        │
└─────────────────────────┴─────────────────────────┴────────┴────────┘
";
    assert_error(no_position, 1, "no position panel");
    let no_border: Vec<&str> = no_position.lines().collect();
    assert_error(
        &no_border[1].replace(['│', '┊'], " "),
        1,
        "no position panel",
    );
}

#[test]
fn a_dump_cut_short_without_a_border_is_refused() {
    let text = concat!(
        " 00000000  41 41 41 41 41 41 41 41   41 41 41 41 41 41 41 41  \n",
        " 00000010  43 43 43 43",
    );
    assert_error(text, 2, "column 23: the line ends 40 columns early");
    // Nor are trailing spaces an editor removed: without them the layout is lost.
    let full = text.lines().next().unwrap();
    assert_eq!(read(full).unwrap(), [run(0, &[0x41; 16])]);
    assert_error(full.trim_end(), 1, "trailing spaces removed?");
}
