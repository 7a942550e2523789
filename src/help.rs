//! The long help's words: examples, the number syntax, exit status, environment and related
//! tools, kept once for two readers. `--help` shows them (clap's `after_long_help`, built by
//! [`after_long_help`]; `-h` stays short), and the man pages render the same items as their
//! EXAMPLES, EXIT STATUS, ENVIRONMENT and SEE ALSO sections (tests/cli/generated.rs, which
//! also checks every page with `mandoc -Tlint` and `man -l` at 80 columns).
//!
//! Every example command is one line of at most [`EXAMPLE_WIDTH`] characters, so that
//! neither a terminal of 80 columns nor the man page's indented verbatim block wraps it
//! (a unit test below holds them to it).

/// The widest an example command (or its description) may be: a man page indents its
/// EXAMPLES commands by 9 columns, and 9 + 71 stays inside 80.
pub const EXAMPLE_WIDTH: usize = 71;

/// One example: what it does, then the command, as typed at a shell.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// What the command does, a short phrase.
    pub what: &'static str,
    /// The command line, verbatim.
    pub command: &'static str,
}

const fn ex(what: &'static str, command: &'static str) -> Example {
    Example { what, command }
}

/// The examples of `mmapctl` itself (`None`) or of one subcommand, by name.
pub fn examples(command: Option<&str>) -> &'static [Example] {
    match command {
        None => {
            const E: &[Example] = &[
                ex(
                    "the first 256 bytes of a file in hexyl's layout",
                    "mmapctl dump /bin/ls -n 256",
                ),
                ex(
                    "64 bytes at 0x1be as xxd -p prints them",
                    "mmapctl dump disk.img -s 0x1be -n 64 -f plain",
                ),
                ex(
                    "write 4 bytes at 0x1000, only if the old ones are as expected",
                    "mmapctl patch app.bin -s 0x1000 --hex deadbeef --expect 00000000",
                ),
                ex(
                    "find a byte pattern, ?? is any byte",
                    "mmapctl find app.bin --hex 'de ad ?? ef'",
                ),
                ex(
                    "make a.bin into b.bin through an edit script",
                    "mmapctl diff a.bin b.bin > fix; mmapctl patch a.bin --script fix",
                ),
                ex(
                    "how much of a file is in the page cache, and where",
                    "mmapctl residency big.db --map",
                ),
                ex(
                    "pin a file in RAM for five minutes",
                    "mmapctl lock big.db --for 5m",
                ),
                ex("how fast mapped reads and writes are here", "mmapctl bench"),
            ];
            E
        }
        Some("dump") => {
            const E: &[Example] = &[
                ex(
                    "the first 256 bytes in hexyl's layout",
                    "mmapctl dump /bin/ls -n 256",
                ),
                ex(
                    "64 bytes as xxd -p prints them",
                    "mmapctl dump disk.img -s 0x1be -n 64 -f plain",
                ),
                ex(
                    "xxd's layout: 8 columns, little-endian groups of 4",
                    "mmapctl dump /bin/ls -f xxd -c 8 -g 4 -e -n 64",
                ),
                ex(
                    "the last 16 bytes as a C array (xxd -i)",
                    "mmapctl dump firmware.bin -s -16 -f c",
                ),
                ex(
                    "extract bytes into a file, like dd (not the hexyl box)",
                    "mmapctl dump big.bin -s 1GiB -n 4KiB -f raw > page.bin",
                ),
                ex(
                    "the same bytes into a file, without a shell redirection",
                    "mmapctl dump big.bin -s 1GiB -n 4KiB --output page.bin",
                ),
                ex(
                    "hexyl's own names: skip, count, display offset",
                    "mmapctl dump /bin/ls --skip 0x40 -c 32 -o 0x1000",
                ),
                ex(
                    "standard input, or any stream (FIFO, device)",
                    "head -c 64 /dev/urandom | mmapctl dump",
                ),
            ];
            E
        }
        Some("patch") => {
            const E: &[Example] = &[
                ex(
                    "write 4 bytes at 0x1000",
                    "mmapctl patch app.bin -s 0x1000 --hex 'de ad be ef'",
                ),
                ex(
                    "only if the old bytes are these; keep them to undo",
                    "mmapctl patch app.bin -s 0x10 --hex 9090 --expect e812 --backup old.bin",
                ),
                ex(
                    "undo the patch above",
                    "mmapctl patch app.bin -s 0x10 --from old.bin",
                ),
                ex(
                    "show the change before and after, write nothing",
                    "mmapctl patch disk.img -s 0x1fe --hex 55aa --dry-run",
                ),
                ex(
                    "the bytes from standard input, at 4 bytes from the end",
                    "printf 'v2.0' | mmapctl patch app.bin -s -4 --from -",
                ),
                ex(
                    "apply an edit script that diff printed",
                    "mmapctl patch app.bin --script change.txt",
                ),
                ex(
                    "undo it",
                    "mmapctl patch app.bin --script change.txt --reverse",
                ),
                ex(
                    "replace exactly 3 hits of a pattern",
                    "mmapctl patch app.bin --find 'e8 ?? ?? ??' --replace 90909090 --count 3",
                ),
                ex(
                    "write back a dump edited by hand",
                    "mmapctl patch app.bin --from-dump head.txt",
                ),
                ex(
                    "roll back a change that was interrupted",
                    "mmapctl patch app.bin --recover",
                ),
            ];
            E
        }
        Some("fill") => {
            const E: &[Example] = &[
                ex("zero one page", "mmapctl fill disk.img -s 1MiB -n 4KiB"),
                ex(
                    "512 bytes of 0xff",
                    "mmapctl fill disk.img -n 512 --byte 0xff",
                ),
                ex(
                    "make a 1 GiB file of a repeated pattern",
                    "mmapctl fill test.bin -n 1GiB --pattern 'de ad be ef' --create",
                ),
                ex(
                    "reproducible random bytes, no flush",
                    "mmapctl fill test.bin -n 1GiB --random --seed 42 --flush none",
                ),
            ];
            E
        }
        Some("lock") => {
            const E: &[Example] = &[
                ex("hold a file in RAM until Ctrl-C", "mmapctl lock big.db"),
                ex(
                    "two files, for five minutes",
                    "mmapctl lock big.db index.db --for 5m",
                ),
                ex(
                    "a region, in the background; a script waits for the JSON line",
                    "mmapctl lock big.db -s 16MiB -n 32MiB --json &",
                ),
            ];
            E
        }
        Some("residency") => {
            const E: &[Example] = &[
                ex(
                    "resident pages, bytes and percentage",
                    "mmapctl residency big.db",
                ),
                ex(
                    "every file below a directory, with a picture of each",
                    "mmapctl residency -r /var/lib/db --map",
                ),
                ex(
                    "drop a file from the page cache",
                    "mmapctl residency big.db --evict",
                ),
                ex(
                    "load a region, report in JSON",
                    "mmapctl residency big.db -n 16MiB --touch --json",
                ),
            ];
            E
        }
        Some("bench") => {
            const E: &[Example] = &[
                ex("a 256 MiB temporary file, all four modes", "mmapctl bench"),
                ex(
                    "mapped reads of 1 GiB beside pread",
                    "mmapctl bench --mode read --size 1GiB --populate --baseline",
                ),
                ex(
                    "a file's read modes, evicted before each run",
                    "mmapctl bench big.bin --cold",
                ),
                ex(
                    "write modes on a private copy of a file",
                    "mmapctl bench big.bin --mode all --copy",
                ),
                ex(
                    "anonymous memory with huge pages",
                    "mmapctl bench --anon --size 1GiB --mode write --advise hugepage",
                ),
                ex(
                    "random 64 KiB reads on 2 threads, as JSON",
                    "mmapctl bench big.bin --mode randread --block 64KiB --threads 2 --json",
                ),
            ];
            E
        }
        Some("find") => {
            const E: &[Example] = &[
                ex(
                    "a hex pattern: ?? any byte, 4? or ?f one nibble",
                    "mmapctl find app.bin --hex 'de ad ?? ef'",
                ),
                ex(
                    "count a text, ignoring case",
                    "mmapctl find app.bin --text 'GNU C' -i -c",
                ),
                ex(
                    "a test in a script",
                    "mmapctl find disk.img --hex 55aa -s 0x1fe -n 2 -q && echo boot",
                ),
                ex(
                    "files below a directory with either pattern",
                    "mmapctl find -r firmware/ -e '\\x7fELF' --text MZ -l",
                ),
                ex(
                    "a byte regex, with 16 bytes of context",
                    "mmapctl find app.bin --regex 'v[0-9]+\\.[0-9]+' -C 16",
                ),
            ];
            E
        }
        Some("diff") => {
            const E: &[Example] = &[
                ex(
                    "the edit script that turns old.bin into new.bin",
                    "mmapctl diff old.bin new.bin > fix.txt",
                ),
                ex(
                    "runs, bytes changed, first and last difference",
                    "mmapctl diff old.bin new.bin --stat",
                ),
                ex(
                    "the exit status only",
                    "mmapctl diff old.bin new.bin -q && echo same",
                ),
                ex(
                    "one region of both",
                    "mmapctl diff disk.img copy.img -s 1MiB -n 4KiB --merge 0",
                ),
                ex(
                    "what cmp -l old.bin new.bin prints",
                    "mmapctl diff old.bin new.bin -f cmp",
                ),
            ];
            E
        }
        Some(_) => &[],
    }
}

/// The number syntax every offset, length and size takes, as lines of the long help.
pub const NUMBERS: &[(&str, &str)] = &[
    (
        "4096 0x1000 0o10 0b101 1_000",
        "decimal, hex, octal, binary; _ separates digits",
    ),
    (
        "4K 4KiB, M MiB, G GiB, T TiB",
        "powers of 1024 (4K = 4KiB = 4096)",
    ),
    ("4KB, MB, GB, TB", "powers of 1000 (4KB = 4000); B is bytes"),
    ("-s -512", "a negative offset counts back from the end"),
];

/// An exit code and what it means.
pub type Status = (&'static str, &'static str);

/// The lines most commands share.
const OK: Status = (
    "0",
    "success, also when the reader of stdout goes away (| head)",
);
const ERROR: Status = (
    "1",
    "an error: one line on stderr naming the file, the region and the cause",
);
const USAGE: Status = (
    "2",
    "a usage error: a bad option or value; nothing was done",
);
const SHRANK: Status = (
    "4",
    "the file shrank, or could not be read, while it was mapped (SIGBUS)",
);
/// find and diff may read several files.
const A_FILE_SHRANK: Status = (
    "4",
    "a file shrank, or could not be read, while it was mapped (SIGBUS)",
);

/// Exit codes of dump, fill, lock, residency and bench (patch adds 3; find and diff have
/// grep's and cmp's).
const STATUS_COMMON: &[Status] = &[OK, ERROR, USAGE, SHRANK];

const STATUS_PATCH: &[Status] = &[
    (
        "0",
        "success (or already applied), also when the reader of stdout goes away",
    ),
    ERROR,
    USAGE,
    (
        "3",
        "--expect, a script's old bytes, hash or size, or a hit count did not match",
    ),
    SHRANK,
];

const STATUS_FIND: &[Status] = &[
    (
        "0",
        "at least one hit (grep's codes), also when the reader of stdout goes away",
    ),
    ("1", "no hit"),
    (
        "2",
        "an error, usage or runtime (the other files are still searched)",
    ),
    A_FILE_SHRANK,
];

const STATUS_DIFF: &[Status] = &[
    ("0", "identical (cmp's convention)"),
    ("1", "different"),
    ("2", "an error, usage or runtime"),
    A_FILE_SHRANK,
];

const STATUS_TOOL: &[Status] = &[
    OK,
    ERROR,
    USAGE,
    (
        "3",
        "patch: --expect, or a script's old bytes, hash, size or hit count, differs",
    ),
    SHRANK,
];

/// What the exit codes mean for `mmapctl` (`None`) or a subcommand.
pub fn exit_status(command: Option<&str>) -> &'static [Status] {
    match command {
        None => STATUS_TOOL,
        Some("patch") => STATUS_PATCH,
        Some("find") => STATUS_FIND,
        Some("diff") => STATUS_DIFF,
        Some(_) => STATUS_COMMON,
    }
}

/// Lines after the top-level table: the commands whose codes differ.
pub const STATUS_NOTE: &[&str] = &[
    "find has grep's codes: 0 a hit, 1 no hit, 2 an error (usage or runtime);",
    "diff has cmp's: 0 identical, 1 different, 2 an error; 4 as above for both.",
];

/// An environment variable, the commands that read it, and what it does.
#[derive(Debug, Clone, Copy)]
pub struct EnvVar {
    /// The variable's name.
    pub name: &'static str,
    /// The subcommands that read it (empty: every one).
    pub commands: &'static [&'static str],
    /// What it does.
    pub effect: &'static str,
}

/// Every variable the release binary reads (`grep -rn 'env::var' src`; the test hooks in
/// src/hooks.rs exist in debug builds only and are left out).
pub const ENVIRONMENT: &[EnvVar] = &[
    EnvVar {
        name: "NO_COLOR",
        commands: &["dump", "patch", "find"],
        effect: "Set (to anything): no colour with --color auto or always (dump, find -C, \
            patch --dry-run); --color force colours anyway.",
    },
    EnvVar {
        name: "COLUMNS",
        commands: &[],
        effect: "The width when stdout is not a terminal: of the help text, and of \
            residency --map's picture (at most 65535; 80 when unset).",
    },
    EnvVar {
        name: "TMPDIR",
        commands: &["bench", "diff"],
        effect: "Where bench makes its temporary file (/tmp when unset or empty) and where \
            diff keeps the edits of a large script until its header is known.",
    },
];

/// The variables a subcommand (or, with `None`, any command) reads.
pub fn environment(command: Option<&str>) -> Vec<EnvVar> {
    ENVIRONMENT
        .iter()
        .filter(|v| match command {
            None => true,
            Some(name) => v.commands.is_empty() || v.commands.contains(&name),
        })
        .copied()
        .collect()
}

/// Related manual pages, as `name(section)`.
pub fn see_also(command: Option<&str>) -> &'static [&'static str] {
    match command {
        None => &[
            "hexyl(1)",
            "xxd(1)",
            "dd(1)",
            "cmp(1)",
            "vmtouch(8)",
            "fincore(1)",
            "fio(1)",
            "mmap(2)",
        ],
        Some("dump") => &["hexyl(1)", "xxd(1)", "dd(1)", "mmap(2)"],
        Some("patch") => &["xxd(1)", "dd(1)", "hexyl(1)", "msync(2)"],
        Some("fill") => &["dd(1)", "fallocate(1)", "msync(2)"],
        Some("lock") => &["vmtouch(8)", "mlock(2)"],
        Some("residency") => &["fincore(1)", "vmtouch(8)", "mincore(2)"],
        Some("bench") => &["fio(1)", "madvise(2)"],
        Some("find") => &["grep(1)", "xxd(1)", "hexyl(1)"],
        Some("diff") => &["cmp(1)", "xxd(1)"],
        Some(_) => &[],
    }
}

/// `mmapctl --help`'s and `mmapctl COMMAND --help`'s text after the options: examples,
/// then (for `mmapctl` itself) the numbers, then the exit status.
pub fn after_long_help(command: Option<&str>) -> String {
    let mut out = String::from("Examples:\n");
    for e in examples(command) {
        out.push_str(&format!("  # {}\n  {}\n", e.what, e.command));
    }
    if command.is_none() {
        out.push_str("\nNumbers (offsets, lengths, sizes):\n");
        for (forms, meaning) in NUMBERS {
            out.push_str(&format!("  {forms:<30} {meaning}\n"));
        }
    }
    out.push_str("\nExit status:\n");
    for (code, meaning) in exit_status(command) {
        out.push_str(&format!("  {code}  {meaning}\n"));
    }
    if command.is_none() {
        for line in STATUS_NOTE {
            out.push_str(&format!("  {line}\n"));
        }
        out.push_str("\nEach command's --help has its own examples; man mmapctl-COMMAND has more.");
    } else {
        out.pop();
    }
    out
}

/// The short help's last line: where the long parts are.
pub const AFTER_HELP: &str = "Examples, numbers and exit status: mmapctl --help";

#[cfg(test)]
mod tests {
    use super::*;

    const COMMANDS: [Option<&str>; 9] = [
        None,
        Some("dump"),
        Some("patch"),
        Some("fill"),
        Some("lock"),
        Some("residency"),
        Some("bench"),
        Some("find"),
        Some("diff"),
    ];

    #[test]
    fn every_command_has_examples_that_fit_one_line() {
        for command in COMMANDS {
            let examples = examples(command);
            assert!(examples.len() >= 3, "{command:?} has too few examples");
            for e in examples {
                for text in [e.what, e.command] {
                    assert!(
                        text.chars().count() <= EXAMPLE_WIDTH && !text.contains('\n'),
                        "{command:?}: {text:?} is longer than {EXAMPLE_WIDTH} columns"
                    );
                }
                assert!(e.command.contains("mmapctl "), "{:?}", e.command);
            }
            // clap wraps a longer line without an indent, so none may need it at 80.
            for line in after_long_help(command).lines() {
                assert!(line.chars().count() <= 80, "{command:?}: {line:?}");
            }
        }
    }
}
