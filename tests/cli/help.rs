//! `--help` through the binary: examples, the number syntax and the exit codes in the long
//! help of `mmapctl` and of each subcommand; `-h` stays short.

use mmapctl::help;

use crate::support::{ok, TestEnv};

const COMMANDS: [&str; 8] = [
    "dump",
    "patch",
    "fill",
    "lock",
    "residency",
    "bench",
    "find",
    "diff",
];

fn stdout(args: &[&str]) -> String {
    let env = TestEnv::new();
    let out = ok(env.cmd().args(args));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn long_help_has_examples_numbers_and_exit_codes() {
    let text = stdout(&["--help"]);
    for needle in [
        "Examples:",
        "Numbers (offsets, lengths, sizes):",
        "0x1000",
        "KiB",
        "-s -512",
        "Exit status:",
    ] {
        assert!(
            text.contains(needle),
            "mmapctl --help lacks {needle:?}:\n{text}"
        );
    }
    for code in ["  0  ", "  1  ", "  2  ", "  3  ", "  4  "] {
        assert!(
            text.contains(code),
            "mmapctl --help lacks exit code {code:?}"
        );
    }
    assert!(
        text.contains("grep's codes") && text.contains("cmp's"),
        "find/diff conventions"
    );
    for e in help::examples(None) {
        assert!(
            text.contains(e.command),
            "mmapctl --help lacks `{}`",
            e.command
        );
    }
}

#[test]
fn short_help_stays_short_and_points_to_the_long_one() {
    let short = stdout(&["-h"]);
    let long = stdout(&["--help"]);
    assert!(
        !short.contains("Examples:") && !short.contains("Exit status:"),
        "{short}"
    );
    assert!(short.contains("mmapctl --help"), "{short}");
    assert!(short.lines().count() * 2 < long.lines().count());
    for command in COMMANDS {
        let short = stdout(&[command, "-h"]);
        assert!(
            !short.contains("Examples:"),
            "mmapctl {command} -h:\n{short}"
        );
    }
}

#[test]
fn every_subcommand_long_help_has_its_own_examples_and_exit_codes() {
    for command in COMMANDS {
        let text = stdout(&[command, "--help"]);
        assert!(
            text.contains("Examples:") && text.contains("Exit status:"),
            "mmapctl {command} --help:\n{text}"
        );
        let examples = help::examples(Some(command));
        assert!(examples.len() >= 3, "{command}");
        for e in examples {
            assert!(
                text.contains(e.command),
                "mmapctl {command} --help lacks `{}`",
                e.command
            );
            assert!(
                e.command.contains(&format!("mmapctl {command}")),
                "{command}: `{}` is another command's example",
                e.command
            );
        }
    }
}
