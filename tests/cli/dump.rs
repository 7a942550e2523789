//! `mmapctl dump`: every format, regions, and the hexyl library as oracle.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::platform::{lone_uid, skip_if_emulated, threadless_nproc, AS_LIMIT};
use crate::support::{assert_error, listing, noise, ok, TestEnv};

fn stdout_of(cmd: &mut Command) -> Vec<u8> {
    ok(cmd).stdout
}

/// hexyl's own Printer over `bytes`, with hexyl's defaults and colour off.
fn hexyl_printer(bytes: &[u8], display_offset: u64, configure: impl FnOnce(PB) -> PB) -> String {
    let mut out = Vec::new();
    {
        let builder = hexyl::PrinterBuilder::new(&mut out).show_color(false);
        let mut printer = configure(builder).build();
        printer.display_offset(display_offset);
        printer.print_all(bytes).unwrap();
    }
    String::from_utf8(out).unwrap()
}

type PB<'a> = hexyl::PrinterBuilder<'a, Vec<u8>>;

/// Command-line options and the same options applied to hexyl's PrinterBuilder.
type Case = (Vec<&'static str>, Box<dyn Fn(PB) -> PB>);

#[test]
fn hexyl_layout_known_bytes() {
    let env = TestEnv::new();
    let file = env.file("spam", b"spamspamspamspamspam");
    let out = stdout_of(env.cmd().args(["dump", "--color", "never"]).arg(&file));
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "\
┌────────┬─────────────────────────┬─────────────────────────┬────────┬────────┐
│00000000│ 73 70 61 6d 73 70 61 6d ┊ 73 70 61 6d 73 70 61 6d │spamspam┊spamspam│
│00000010│ 73 70 61 6d             ┊                         │spam    ┊        │
└────────┴─────────────────────────┴─────────────────────────┴────────┴────────┘
"
    );
}

#[test]
fn hexyl_positions_are_absolute_file_offsets() {
    let env = TestEnv::new();
    let bytes = noise(1000, 1);
    let file = env.file("noise", &bytes);
    let out = stdout_of(
        env.cmd()
            .args(["dump", "--color=never", "-s", "0x123", "-n", "77"])
            .arg(&file),
    );
    let expected = hexyl_printer(&bytes[0x123..0x123 + 77], 0x123, |b| b);
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    assert!(expected.contains("│00000123│"));
}

#[test]
fn hexyl_options_match_the_library() {
    let env = TestEnv::new();
    let mut bytes = noise(700, 2);
    bytes.extend(std::iter::repeat_n(0u8, 200));
    bytes.extend(b"tail\t\n\r end");
    let file = env.file("mixed", &bytes);
    let cases: Vec<Case> = vec![
        (vec![], Box::new(|b| b)),
        (vec!["-v"], Box::new(|b| b.enable_squeezing(false))),
        (
            vec!["--border", "ascii", "--panels", "3"],
            Box::new(|b| b.with_border_style(hexyl::BorderStyle::Ascii).num_panels(3)),
        ),
        (
            vec!["--border", "none", "--no-characters", "-P"],
            Box::new(|b| {
                b.with_border_style(hexyl::BorderStyle::None)
                    .show_char_panel(false)
                    .show_position_panel(false)
            }),
        ),
        (
            vec!["-g", "4", "--endianness", "little"],
            Box::new(|b| b.group_size(4).endianness(hexyl::Endianness::Little)),
        ),
        (
            vec!["-b", "binary", "--panels", "1"],
            Box::new(|b| b.with_base(hexyl::Base::Binary).num_panels(1)),
        ),
        (
            // Octal at 80 columns: hexyl fits one panel.
            vec!["-b", "o", "--character-table", "codepage-437"],
            Box::new(|b| {
                b.with_base(hexyl::Base::Octal)
                    .num_panels(1)
                    .character_table(hexyl::CharacterTable::CP437)
            }),
        ),
        (
            vec!["--character-table", "braille", "-g", "2"],
            Box::new(|b| {
                b.character_table(hexyl::CharacterTable::Braille)
                    .group_size(2)
            }),
        ),
        (
            vec!["--character-table", "ascii", "-b", "decimal"],
            Box::new(|b| {
                b.character_table(hexyl::CharacterTable::Ascii)
                    .with_base(hexyl::Base::Decimal)
                    .num_panels(1)
            }),
        ),
    ];
    for (args, configure) in cases {
        let out = stdout_of(
            env.cmd()
                .args(["dump", "--color", "never", "-s", "9"])
                .args(&args)
                .arg(&file),
        );
        let expected = hexyl_printer(&bytes[9..], 9, configure);
        assert_eq!(String::from_utf8(out).unwrap(), expected, "args {args:?}");
    }
}

#[test]
fn hexyl_colour_follows_flag_and_no_color() {
    let env = TestEnv::new();
    let bytes = noise(100, 3);
    let file = env.file("c", &bytes);
    let coloured = stdout_of(env.cmd().args(["dump", "--color", "always"]).arg(&file));
    let mut expected = Vec::new();
    {
        let mut printer = hexyl::PrinterBuilder::new(&mut expected).build();
        printer.print_all(&bytes[..]).unwrap();
    }
    assert_eq!(coloured, expected);
    assert!(coloured.contains(&0x1b));
    // Not a terminal: auto means no colour.
    let auto = stdout_of(env.cmd().arg("dump").arg(&file));
    assert!(!auto.contains(&0x1b));
    let no_color = stdout_of(
        env.cmd()
            .env("NO_COLOR", "1")
            .args(["dump", "--color", "always"])
            .arg(&file),
    );
    assert!(!no_color.contains(&0x1b));
    let forced = stdout_of(
        env.cmd()
            .env("NO_COLOR", "1")
            .args(["dump", "--color", "force"])
            .arg(&file),
    );
    assert_eq!(forced, expected);
}

#[test]
fn default_panels_follow_hexyl_for_narrow_layouts() {
    // No terminal: 80 columns, where binary fits one panel.
    let env = TestEnv::new();
    let bytes = noise(40, 4);
    let file = env.file("b", &bytes);
    let out = stdout_of(
        env.cmd()
            .args(["dump", "--color=never", "-b", "2"])
            .arg(&file),
    );
    let expected = hexyl_printer(&bytes, 0, |b| {
        b.with_base(hexyl::Base::Binary).num_panels(1)
    });
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    let wide = stdout_of(
        env.cmd()
            .args(["dump", "--color=never", "--terminal-width", "200"])
            .arg(&file),
    );
    let expected = hexyl_printer(&bytes, 0, |b| b.num_panels(5));
    assert_eq!(String::from_utf8(wide).unwrap(), expected);
}

#[test]
fn plain_matches_xxd_p() {
    let env = TestEnv::new();
    let bytes = noise(10_007, 5);
    let file = env.file("p", &bytes);
    for (offset, length) in [("0", "10007"), ("17", "1000"), ("-61", "100"), ("0", "0")] {
        let ours = stdout_of(
            env.cmd()
                .args(["dump", "-f", "plain", "-s", offset, "-n", length])
                .arg(&file),
        );
        let xxd = stdout_of(
            Command::new("xxd")
                .args(["-p", "-s", offset, "-l", length])
                .arg(&file),
        );
        assert_eq!(ours, xxd, "-s {offset} -n {length}");
    }
}

#[test]
fn c_matches_xxd_i() {
    let env = TestEnv::new();
    let bytes = noise(1_001, 6);
    env.file("9lives.bin", &bytes);
    env.file("empty.bin", b"");
    for name in ["9lives.bin", "empty.bin"] {
        let ours = stdout_of(env.cmd().args(["dump", "--format", "c", name]));
        let xxd = stdout_of(
            Command::new("xxd")
                .arg("-i")
                .arg(name)
                .current_dir(env.path("")),
        );
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(xxd).unwrap()
        );
    }
}

#[test]
fn raw_extracts_the_region() {
    let env = TestEnv::new();
    let bytes = noise(50_000, 7);
    let file = env.file("r", &bytes);
    let out = stdout_of(
        env.cmd()
            .args(["dump", "-f", "raw", "-s", "4095", "-n", "8194"])
            .arg(&file),
    );
    assert_eq!(out, &bytes[4095..4095 + 8194]);
    // A length past the end is clamped for reading commands.
    let out = stdout_of(
        env.cmd()
            .args(["dump", "-f", "raw", "-s", "-10", "-n", "1M"])
            .arg(&file),
    );
    assert_eq!(out, &bytes[bytes.len() - 10..]);
}

#[test]
fn protections_read_the_same_bytes() {
    let env = TestEnv::new();
    let bytes = noise(5000, 8);
    let file = env.file("prot", &bytes);
    for prot in ["ro", "copy", "exec"] {
        let out = stdout_of(
            env.cmd()
                .args(["dump", "-f", "raw", "-s", "100", "--prot", prot])
                .arg(&file),
        );
        assert_eq!(out, &bytes[100..], "--prot {prot}");
    }
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
}

#[test]
fn offset_at_end_and_empty_file() {
    let env = TestEnv::new();
    let file = env.file("ten", b"0123456789");
    let empty = env.file("empty", b"");
    let no_content = hexyl_printer(b"", 0, |b| b);
    assert!(no_content.contains("No content"));
    for target in [&empty, &file] {
        let offset = if target == &file { "10" } else { "0" };
        let out = stdout_of(
            env.cmd()
                .args(["dump", "--color=never", "-s", offset])
                .arg(target),
        );
        assert_eq!(String::from_utf8(out).unwrap(), no_content);
        for format in ["plain", "raw"] {
            let out = stdout_of(
                env.cmd()
                    .args(["dump", "-f", format, "-s", offset])
                    .arg(target),
            );
            assert!(out.is_empty(), "{format}");
        }
    }
}

#[test]
fn offsets_past_four_gib_in_a_sparse_file() {
    let env = TestEnv::new();
    let at = (5u64 << 30) + 3;
    let file = env.sparse("sparse", 6 << 30, at, b"deep bytes");
    let out = stdout_of(
        env.cmd()
            .args(["dump", "-f", "raw", "-s", &at.to_string(), "-n", "10"])
            .arg(&file),
    );
    assert_eq!(out, b"deep bytes");
    let out = stdout_of(
        env.cmd()
            .args(["dump", "--color=never", "-s", "5GiB", "-n", "16"])
            .arg(&file),
    );
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("│0140000000│ 00 00 00 64 65 65 70 20"),
        "{text}"
    );
    // hexyl overflows its 8-digit column there and breaks the box; the column widens
    // instead, in every line and both borders (README, "dump").
    let widened = |args: &[&str]| {
        let out = stdout_of(
            env.cmd()
                .args(["dump", "--color=never"])
                .args(args)
                .arg(&file),
        );
        let text = String::from_utf8(out).unwrap();
        let widths: Vec<usize> = text.lines().map(|l| l.chars().count()).collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{text}");
        text
    };
    let text = widened(&["-s", "0x140000010", "-n", "40"]);
    assert!(text.starts_with(&format!("┌{}┬", "─".repeat(10))), "{text}");
    assert!(text.contains("│*         │"), "{text}");
    assert!(text.contains("│0140000030│ 00 00 00 00"), "{text}");
    let text = widened(&["-s", "0x140000010", "-n", "40", "--border", "ascii"]);
    assert!(text.starts_with(&format!("+{}+", "-".repeat(10))), "{text}");
    // Below 4 GiB the column is hexyl's, even with -o pushing the last position to it.
    let text = widened(&["-s", "0", "-n", "17", "-o", "0xffffffe0"]);
    assert!(text.contains("│fffffff0│ 00 "), "{text}");
    let text = widened(&["-s", "0", "-n", "17", "-o", "0xfffffff0"]);
    assert!(text.contains("│0100000000│ 00 "), "{text}");
}

#[test]
fn negative_offset_as_typed() {
    let env = TestEnv::new();
    let file = env.file("neg", b"abcdefghij");
    let out = stdout_of(env.cmd().args(["dump", "-f", "raw", "-s", "-3"]).arg(&file));
    assert_eq!(out, b"hij");
    let out = stdout_of(
        env.cmd()
            .args(["dump", "-f", "raw", "--offset=-4", "-n", "2"])
            .arg(&file),
    );
    assert_eq!(out, b"gh");
}

#[test]
fn broken_pipe_exits_quietly() {
    let env = TestEnv::new();
    let file = env.file("big", &noise(4 << 20, 9));
    for format in ["hexyl", "plain", "raw", "c"] {
        let mut child = env
            .cmd()
            .args(["dump", "--color=never", "-f", format])
            .arg(&file)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 100];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{format}");
        assert!(output.stderr.is_empty(), "{format}: {:?}", output.stderr);
    }
}

#[test]
fn block_devices_map_like_files() {
    // A loop device over a test file: block devices report size 0 in their metadata, so
    // this proves the size comes from the device itself.
    let env = TestEnv::new();
    let bytes = noise(1 << 20, 11);
    let image = env.file("disk.img", &bytes);
    let attach = Command::new("losetup")
        .args(["--find", "--show", "--read-only"])
        .arg(&image)
        .output()
        .unwrap();
    assert!(attach.status.success(), "losetup: {:?}", attach);
    let device = String::from_utf8(attach.stdout).unwrap().trim().to_string();
    let out = env
        .cmd()
        .args(["dump", "-f", "raw", "-s", "-4097", "-n", "4096", &device])
        .output()
        .unwrap();
    let detach = Command::new("losetup")
        .args(["-d", &device])
        .status()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, &bytes[bytes.len() - 4097..bytes.len() - 1]);
    assert!(detach.success());
}

/// Runs `mmapctl ARGS` as a uid of its own with RLIMIT_NPROC at what the process itself
/// (and an emulator's thread) uses up, so that every thread it tries to start is refused
/// (root ignores the limit, hence the other user). The test directory and its files are
/// opened up for that user. Shared with the diff, lock and residency tests, which check
/// that those commands start no thread at all.
pub(crate) fn without_threads(env: &TestEnv, args: &[&std::ffi::OsStr]) -> std::process::Output {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(env.path(""), std::fs::Permissions::from_mode(0o755)).unwrap();
    for entry in std::fs::read_dir(env.path("")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let uid = lone_uid();
    Command::new("setpriv")
        .args([
            &format!("--reuid={uid}"),
            &format!("--regid={uid}"),
            "--clear-groups",
        ])
        .args(["prlimit", &format!("--nproc={}", threadless_nproc()), "--"])
        .arg(crate::support::write::bin())
        .args(args)
        .current_dir(env.path(""))
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE")
        .env("COLUMNS", "80")
        .output()
        .expect("run setpriv")
}

#[test]
fn refused_threads_give_the_same_dump() {
    // Large enough for the renderer's second thread (over 4096 lines in a chunk), and over
    // several 1 MiB chunks so that the single-thread fallback carries on past the first.
    let env = TestEnv::new();
    let mut bytes = noise(1 << 20, 21);
    bytes.extend(std::iter::repeat_n(0u8, 300 << 10));
    bytes.extend(noise((1 << 20) + 777, 22));
    let file = env.file("threads", &bytes);
    for args in [&["dump"][..], &["dump", "--panels", "1"], &["dump", "-v"]] {
        let expected = stdout_of(env.cmd().args(args).arg(&file));
        let mut argv: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        argv.push(file.as_os_str());
        let output = without_threads(&env, &argv);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        assert!(output.stdout == expected, "{args:?}: output differs");
    }
}

/// `mmapctl ARGS` under an address-space limit (RLIMIT_AS) of `limit` bytes.
pub(crate) fn with_address_space(env: &TestEnv, limit: u64, args: &[&str]) -> Output {
    Command::new("prlimit")
        .arg(format!("--as={limit}"))
        .arg("--")
        .arg(crate::support::write::bin())
        .args(args)
        .current_dir(env.path(""))
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE")
        .env("COLUMNS", "80")
        .output()
        .expect("run prlimit")
}

/// The least address space (to 64 KiB) in which mmapctl copies a one-page file to stdout,
/// allocating nothing of its own: what the process needs just to run. Tests add a margin to
/// it that holds what the command must allocate before it reaches the buffer or mapping a
/// test wants refused, and not that. Found by bisection, each run deterministic: the limit
/// counts mapped sizes, which do not depend on where ASLR puts them.
pub(crate) fn baseline_address_space(env: &TestEnv) -> u64 {
    env.file("baseline", &[7; 4096]);
    let runs = |limit: u64| {
        with_address_space(env, limit, &["dump", "-f", "raw", "baseline"])
            .status
            .success()
    };
    let (mut low, mut high) = (1u64 << 20, 1u64 << 30);
    assert!(runs(high), "mmapctl does not run in 1 GiB of address space");
    while high - low > 64 << 10 {
        let mid = low + (high - low) / 2;
        if runs(mid) {
            high = mid;
        } else {
            low = mid;
        }
    }
    high
}

#[test]
fn short_of_memory_is_one_line_not_an_abort() {
    if skip_if_emulated(AS_LIMIT) {
        return;
    }
    let env = TestEnv::new();
    env.file("small", &noise(300 << 10, 23));
    env.sparse("big", 20 << 20, 0, b"");
    let base = baseline_address_space(&env);
    let mib = 1u64 << 20;
    // 4096 panels: two 9 MiB line buffers; the C array: 6 MiB of text; plain: 3 MiB of
    // buffers; the raw copy of `big`: a 16 MiB window. The margins cover what comes before
    // (a 256 KiB stdout buffer, the layout tables) with room to spare.
    let cases: [(u64, &[&str], &str); 4] = [
        (
            4 * mib,
            &["dump", "--panels", "4096", "small"],
            "not enough memory for a",
        ),
        (
            4 * mib,
            &["dump", "-f", "c", "small"],
            "not enough memory for a",
        ),
        (
            2 * mib,
            &["dump", "-f", "plain", "small"],
            "not enough memory for a",
        ),
        (
            4 * mib,
            &["dump", "-f", "raw", "big"],
            "cannot map big (bytes 0x0..0x1000000, --prot ro): Cannot allocate memory",
        ),
    ];
    for (margin, args, needle) in cases {
        let output = with_address_space(&env, base + margin, args);
        assert_error(&output, 1, needle);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        if needle.starts_with("not enough") {
            assert!(
                stderr.starts_with("mmapctl: error: cannot dump small (bytes 0x0..0x4b000): "),
                "{args:?}: {stderr}"
            );
        }
    }
    // And with room for it all, the same command works.
    let output = with_address_space(
        &env,
        base + 64 * mib,
        &["dump", "--panels", "4096", "small"],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs `cmd` with `bytes` written to its standard input (a pipe) from a thread.
fn with_stdin(cmd: &mut Command, bytes: &[u8]) -> Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().unwrap();
    let bytes = bytes.to_vec();
    // A dump that stops early (an error, -n) closes the pipe: the writer's EPIPE is expected.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&bytes);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().unwrap();
    out
}

/// Standard input (`-`, or no FILE) gives every format exactly what the mapped file gives,
/// with -s and -n, hexyl's positions counting from the skipped offset.
#[test]
fn stdin_streams_every_format_like_the_file() {
    let env = TestEnv::new();
    let bytes = noise(70_000, 21);
    env.file("in", &bytes);
    for region in [
        &[][..],
        &["-s", "100", "-n", "777"],
        &["-s", "0x1000"],
        &["-n", "0"],
    ] {
        for format in ["hexyl", "plain", "raw", "c"] {
            let args = |cmd: &mut Command| {
                cmd.args(["dump", "--color", "always", "-f", format])
                    .args(region);
            };
            let mut from_file = env.cmd();
            args(&mut from_file);
            // Relative (the command runs in the test directory): the C array is named `in`.
            let mut expected = ok(from_file.arg("in")).stdout;
            if format == "c" {
                // The array is named after the input, as xxd -i names it.
                expected = String::from_utf8(expected)
                    .unwrap()
                    .replace("unsigned char in[]", "unsigned char stdin[]")
                    .replace("int in_len", "int stdin_len")
                    .into_bytes();
            }
            for operand in [Some("-"), None] {
                let mut cmd = env.cmd();
                args(&mut cmd);
                cmd.args(operand);
                let out = with_stdin(&mut cmd, &bytes);
                assert!(out.status.success(), "{region:?} {format}: {out:?}");
                assert_eq!(out.stdout, expected, "{region:?} {format} {operand:?}");
            }
        }
    }
}

/// A stream can skip forward only: a negative offset is a usage error that prints nothing; an
/// offset past its end leaves nothing to dump, as in hexyl (`cat f | hexyl -s 1000`).
#[test]
fn stdin_offsets_forward_only() {
    let env = TestEnv::new();
    let out = with_stdin(env.cmd().args(["dump", "-", "-s", "-4"]), b"abcdef");
    assert_error(
        &out,
        2,
        "standard input: --offset -0x4 counts back from the end",
    );
    let out = with_stdin(env.cmd().args(["dump", "-s", "7", "-f", "raw"]), b"abcdef");
    assert!(out.status.success() && out.stdout.is_empty(), "{out:?}");
    let out = with_stdin(
        env.cmd().args(["dump", "-s", "7", "--color", "never"]),
        b"abcdef",
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(out.stdout, hexyl_printer(b"", 0, |b| b).as_bytes());
    // At the end exactly: nothing left, as for a file (hexyl's "No content" box).
    let out = with_stdin(env.cmd().args(["dump", "-s", "6", "-f", "raw"]), b"abcdef");
    assert!(out.status.success() && out.stdout.is_empty(), "{out:?}");
}

/// Character devices, procfs and sysfs files are streamed, not refused.
#[test]
fn devices_and_pseudo_files_are_streamed() {
    let env = TestEnv::new();
    let out = stdout_of(
        env.cmd()
            .args(["dump", "/dev/zero", "-n", "40", "-f", "plain"]),
    );
    assert_eq!(
        out,
        format!("{}\n{}\n", "00".repeat(30), "00".repeat(10)).as_bytes()
    );
    let out = stdout_of(
        env.cmd()
            .args(["dump", "/dev/urandom", "-n", "3MiB", "-f", "raw"]),
    );
    assert_eq!(out.len(), 3 << 20);
    let out = stdout_of(env.cmd().args(["dump", "/dev/null", "-f", "raw"]));
    assert!(out.is_empty());
    let out = stdout_of(
        env.cmd()
            .args(["dump", "/proc/self/status", "-n", "5", "-f", "raw"]),
    );
    assert_eq!(out, b"Name:");
    let sysfs = "/sys/kernel/mm/transparent_hugepage/enabled";
    if std::path::Path::new(sysfs).exists() {
        let out = stdout_of(env.cmd().args(["dump", sysfs, "-f", "raw"]));
        assert_eq!(out, std::fs::read(sysfs).unwrap());
    }
    // procfs that fails at its first read: one error line naming it.
    let out = env.cmd().args(["dump", "/proc/self/mem"]).output().unwrap();
    assert_error(&out, 1, "cannot read /proc/self/mem");
}

/// A FIFO is read as its writer writes (hexyl and cat wait for a writer too).
#[test]
fn fifos_are_streamed() {
    use std::io::Write;
    let env = TestEnv::new();
    let fifo = env.path("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let bytes = noise(200_000, 5);
    let writer = {
        let (fifo, bytes) = (fifo.clone(), bytes.clone());
        std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
            let _ = f.write_all(&bytes);
        })
    };
    let out = crate::support::output_within(
        env.cmd()
            .args(["dump", "-f", "raw", "-s", "1000"])
            .arg(&fifo),
        std::time::Duration::from_secs(60),
    );
    writer.join().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(out.stdout, &bytes[1000..]);
}

/// hexyl's `block` unit in -s, -n and -o, sized by --block-size (default 512), on a file and
/// on a stream, each the bytes hexyl's Printer shows for the same region; a bad block size is
/// a usage error that names the option.
#[test]
fn block_size_sets_the_block_unit() {
    let env = TestEnv::new();
    let bytes = noise(5000, 21);
    let file = env.file("blocks", &bytes);
    // Arguments, and the region and first position they mean.
    let cases: &[(&[&str], usize, usize, u64)] = &[
        (&["-s", "2block", "-n", "1block"], 1024, 512, 1024),
        (&["-s", "1BLOCK", "-n", "2blocks"], 512, 1024, 512),
        (
            &["--block-size=16", "-s", "1block", "-n", "2blocks"],
            16,
            32,
            16,
        ),
        (
            &["--block-size", "0x10", "--skip=-2block"],
            5000 - 32,
            32,
            5000 - 32,
        ),
        (
            &["--block-size=4kB", "-s", "1block", "-c", "1block"],
            4000,
            1000,
            4000,
        ),
        (
            &["--block-size=1KiB", "-s", "+1block", "-l", "3"],
            1024,
            3,
            1024,
        ),
        (&["-n", "16", "-o", "1block"], 0, 16, 512),
        (
            &[
                "--block-size",
                "7",
                "-s",
                "3",
                "-n",
                "1block",
                "-o",
                "2blocks",
            ],
            3,
            7,
            17,
        ),
    ];
    for &(args, start, len, shown) in cases {
        let expected = hexyl_printer(&bytes[start..start + len], shown, |b| b);
        let out = stdout_of(
            env.cmd()
                .args(["dump", "--color=never"])
                .args(args)
                .arg(&file),
        );
        assert_eq!(String::from_utf8(out).unwrap(), expected, "{args:?}");
        if !args.iter().any(|a| a.contains("=-")) {
            let out = with_stdin(env.cmd().args(["dump", "--color=never"]).args(args), &bytes);
            assert_eq!(
                String::from_utf8(ok_output(out)).unwrap(),
                expected,
                "stdin {args:?}"
            );
        }
    }
    let raw = stdout_of(
        env.cmd()
            .args([
                "dump",
                "-f",
                "raw",
                "--block-size",
                "100",
                "-s",
                "3blocks",
                "-n",
                "1block",
            ])
            .arg(&file),
    );
    assert_eq!(raw, &bytes[300..400]);
    for (arg, needle) in [
        ("--block-size=0", "a block is at least 1 byte"),
        ("--block-size=-16", "is negative"),
        ("--block-size=2block", "a block's size is given in bytes"),
        ("--block-size=lots", "for '--block-size <SIZE>'"),
        ("-s0x2block", "for '--offset <OFFSET>'"),
        ("-nblock", "for '--length <LEN>'"),
        ("-n-1block", "is negative"),
        (
            "-s99999999999999999block",
            "invalid --offset: 99999999999999999 blocks of 512 bytes",
        ),
    ] {
        let out = env.cmd().args(["dump", arg]).arg(&file).output().unwrap();
        assert_error(&out, 2, needle);
    }
}

/// The stdout of a successful run.
fn ok_output(out: Output) -> Vec<u8> {
    assert!(out.status.success(), "{out:?}");
    out.stdout
}

/// hexyl 0.17's own names: --skip, -l/-c/--bytes, -o/--display-offset, -p/--plain, -C, -e,
/// each giving what hexyl's Printer gives with the same settings.
#[test]
fn hexyl_names_and_aliases() {
    let env = TestEnv::new();
    let mut bytes = noise(500, 9);
    bytes.extend(std::iter::repeat_n(0u8, 100));
    let file = env.file("mixed", &bytes);
    // Arguments, the first position shown, and the Printer's settings.
    type Shown = (Vec<&'static str>, u64, Box<dyn Fn(PB) -> PB>);
    let cases: Vec<Shown> = vec![
        (vec!["--skip", "9"], 9, Box::new(|b| b)),
        (vec!["--skip=9", "-l", "100"], 9, Box::new(|b| b)),
        (vec!["-s", "9", "-c", "100"], 9, Box::new(|b| b)),
        (vec!["-s", "9", "--bytes", "100"], 9, Box::new(|b| b)),
        // Positions: the offset plus --display-offset, as hexyl's skip + display offset.
        (
            vec!["-s", "9", "-o", "0xc0ffee"],
            9 + 0xc0ffee,
            Box::new(|b| b),
        ),
        (
            vec!["--skip", "9", "--display-offset", "4KiB"],
            9 + 4096,
            Box::new(|b| b),
        ),
        (
            vec!["-s", "9", "-p"],
            9,
            Box::new(|b| {
                b.show_char_panel(false)
                    .show_position_panel(false)
                    .with_border_style(hexyl::BorderStyle::None)
            }),
        ),
        (
            vec!["-s", "9", "--plain", "-g", "2"],
            9,
            Box::new(|b| {
                b.show_char_panel(false)
                    .show_position_panel(false)
                    .with_border_style(hexyl::BorderStyle::None)
                    .group_size(2)
            }),
        ),
        // An explicit --border wins over --plain's.
        (
            vec!["-s", "9", "-p", "--border", "ascii"],
            9,
            Box::new(|b| {
                b.show_char_panel(false)
                    .show_position_panel(false)
                    .with_border_style(hexyl::BorderStyle::Ascii)
            }),
        ),
        (vec!["-s", "9", "--no-characters", "-C"], 9, Box::new(|b| b)),
        (
            vec!["-s", "9", "-C", "--no-characters"],
            9,
            Box::new(|b| b.show_char_panel(false)),
        ),
        (
            vec!["-s", "9", "-e", "-g", "4"],
            9,
            Box::new(|b| b.group_size(4).endianness(hexyl::Endianness::Little)),
        ),
    ];
    for (args, shown, configure) in cases {
        let out = stdout_of(
            env.cmd()
                .args(["dump", "--color", "never"])
                .args(&args)
                .arg(&file),
        );
        let len = if args
            .iter()
            .any(|a| a.starts_with("-l") || *a == "-c" || *a == "--bytes")
        {
            100
        } else {
            bytes.len() - 9
        };
        let expected = hexyl_printer(&bytes[9..9 + len], shown, configure);
        assert_eq!(String::from_utf8(out).unwrap(), expected, "args {args:?}");
    }
    // --plain turns colour off, unless asked for.
    let plain = stdout_of(
        env.cmd()
            .args(["dump", "-p", "--color", "never"])
            .arg(&file),
    );
    let out = stdout_of(
        env.cmd()
            .args(["dump", "-p", "--color", "force"])
            .arg(&file),
    );
    assert_ne!(out, plain);
    assert!(out.starts_with(b" \x1b["), "{:?}", &out[..10]);
    // Like hexyl, the length's names are one option: given twice is a usage error.
    let out = env
        .cmd()
        .args(["dump", "--length=3", "--bytes=4"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

/// `-i/--include` is hexyl's C include style: declared after the file's name (`stdin` for
/// `-`), bare for standard input with no FILE.
#[test]
fn include_is_hexyls_c_style() {
    let env = TestEnv::new();
    let bytes = noise(30, 4);
    let file = env.file("my-data.bin", &bytes);
    let printer = |mode: hexyl::IncludeMode, input: &[u8]| {
        let mut out = Vec::new();
        hexyl::PrinterBuilder::new(&mut out)
            .include_mode(mode)
            .build()
            .print_all(input)
            .unwrap();
        out
    };
    let out = stdout_of(env.cmd().args(["dump", "-i", "-s", "2"]).arg(&file));
    let expected = printer(hexyl::IncludeMode::File("my-data.bin".into()), &bytes[2..]);
    assert_eq!(out, expected);
    assert!(out.starts_with(b"unsigned char my_data_bin[] = {\n"));
    let out = with_stdin(env.cmd().args(["dump", "--include", "-"]), &bytes);
    assert_eq!(
        out.stdout,
        printer(hexyl::IncludeMode::File("stdin".into()), &bytes)
    );
    let out = with_stdin(env.cmd().args(["dump", "-i"]), &bytes);
    assert_eq!(out.stdout, printer(hexyl::IncludeMode::Stdin, &bytes));
    // hexyl refuses -i with an endianness; so does dump, and with another --format.
    for extra in [&["-e"][..], &["--endianness", "little"], &["-f", "plain"]] {
        let out = env
            .cmd()
            .args(["dump", "-i"])
            .args(extra)
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
    }
}

/// `--print-color-table` prints hexyl's table in hexyl's colours, with no FILE needed.
#[test]
fn print_color_table_like_hexyl() {
    let env = TestEnv::new();
    let out = stdout_of(env.cmd().args(["dump", "--print-color-table"]));
    let mut expected = String::from("hexyl color reference:\n\n");
    for (color, line) in [
        (&*hexyl::COLOR_NULL, "⋄ NULL bytes (0x00)"),
        (
            &*hexyl::COLOR_ASCII_PRINTABLE,
            "a ASCII printable characters (0x20 - 0x7E)",
        ),
        (
            &*hexyl::COLOR_ASCII_WHITESPACE,
            "_ ASCII whitespace (0x09 - 0x0D, 0x20)",
        ),
        (
            &*hexyl::COLOR_ASCII_OTHER,
            "• ASCII control characters (except NULL and whitespace)",
        ),
        (&*hexyl::COLOR_NONASCII, "× Non-ASCII bytes (0x80 - 0xFF)"),
    ] {
        expected.push_str(color);
        expected.push_str(line);
        expected.push('\n');
        expected.push_str(hexyl::COLOR_RESET);
    }
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    assert!(expected.contains("\x1b["), "the table is in colour");
}

/// The hexyl layout through the binary against hexyl's own Printer, in-process, byte for
/// byte: random lengths (with squeezable runs), panels, group sizes, bases, endianness,
/// borders, -p, squeezing, -s/-o positions and character tables, coloured (`--color always`,
/// both schemes) and not, on a file and on standard input. Seeds are fixed: a failure names
/// its case and reproduces.
#[test]
fn hexyl_layout_matches_the_printer_over_random_options() {
    let env = TestEnv::new();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    for case in 0..40 {
        // Noise with runs of one byte, so that squeezing has lines to swallow.
        let len = usize::try_from(next(3000)).unwrap();
        let mut bytes = noise(len, case + 1);
        for _ in 0..next(4) {
            let start = usize::try_from(next(len.max(1) as u64)).unwrap();
            let end = (start + usize::try_from(next(200)).unwrap()).min(len);
            let byte = [0, 0x41, 0xff][usize::try_from(next(3)).unwrap()];
            bytes[start..end].fill(byte);
        }
        let file = env.file(&format!("case{case}"), &bytes);
        let skip = usize::try_from(next(4)).unwrap() * usize::try_from(next(40)).unwrap();
        let skip = skip.min(len);
        let display = next(3) * next(0x1_0000);
        let panels = 1 + next(4);
        let group = [1u8, 2, 4, 8][usize::try_from(next(4)).unwrap()];
        let base_arg = ["x", "b", "o", "d"][usize::try_from(next(4)).unwrap()];
        let base = match base_arg {
            "x" => hexyl::Base::Hexadecimal,
            "b" => hexyl::Base::Binary,
            "o" => hexyl::Base::Octal,
            _ => hexyl::Base::Decimal,
        };
        let little = next(3) == 0;
        let (border_arg, border) = [
            ("unicode", hexyl::BorderStyle::Unicode),
            ("ascii", hexyl::BorderStyle::Ascii),
            ("none", hexyl::BorderStyle::None),
        ][usize::try_from(next(3)).unwrap()];
        let plain = next(5) == 0;
        let squeeze = next(3) != 0;
        let color = next(3) != 0;
        let gradient = color && next(3) == 0;
        let (table_arg, table) = [
            ("default", hexyl::CharacterTable::Default),
            ("ascii", hexyl::CharacterTable::Ascii),
            ("codepage-437", hexyl::CharacterTable::CP437),
        ][usize::try_from(next(3)).unwrap()];
        let mut args: Vec<String> = vec![
            "dump".into(),
            format!("--color={}", if color { "always" } else { "never" }),
            format!("--panels={panels}"),
            format!("-g{group}"),
            format!("--base={base_arg}"),
            format!("--character-table={table_arg}"),
            format!("-s{skip}"),
            format!("-o{display}"),
        ];
        if little {
            args.push("--endianness=little".into());
        }
        if gradient {
            args.push("--color-scheme=gradient".into());
        }
        if !squeeze {
            args.push("-v".into());
        }
        if plain {
            args.push("-p".into());
        } else {
            args.push(format!("--border={border_arg}"));
        }
        let mut expected = Vec::new();
        {
            let mut printer = hexyl::PrinterBuilder::new(&mut expected)
                .show_color(color)
                .num_panels(panels)
                .group_size(group)
                .with_base(base)
                .endianness(if little {
                    hexyl::Endianness::Little
                } else {
                    hexyl::Endianness::Big
                })
                .character_table(table)
                .color_scheme(if gradient {
                    hexyl::ColorScheme::Gradient
                } else {
                    hexyl::ColorScheme::Default
                })
                .enable_squeezing(squeeze)
                .show_char_panel(!plain)
                .show_position_panel(!plain)
                .with_border_style(if plain {
                    hexyl::BorderStyle::None
                } else {
                    border
                })
                .build();
            printer.display_offset(skip as u64 + display);
            printer.print_all(&bytes[skip..]).unwrap();
        }
        let out = stdout_of(env.cmd().args(&args).arg(&file));
        assert!(
            out == expected,
            "case {case}: {args:?} on {len} bytes (file)"
        );
        let out = ok_output(with_stdin(env.cmd().args(&args), &bytes));
        assert!(
            out == expected,
            "case {case}: {args:?} on {len} bytes (stdin)"
        );
    }
}

/// `--output FILE`: the raw bytes of the region, from a file or a stream, into a new or an
/// existing file (which keeps its permissions; through a symlink, its target is replaced).
#[test]
fn output_writes_the_raw_bytes() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let bytes = noise(40_000, 5);
    let file = env.file("in.bin", &bytes);
    ok(env.cmd().args([
        "dump", "in.bin", "-s", "100", "-n", "1KiB", "--output", "part.bin",
    ]));
    assert_eq!(
        std::fs::read(env.path("part.bin")).unwrap(),
        &bytes[100..1124]
    );
    // The hexyl options are irrelevant to the bytes; -f raw is what --output is.
    let out = ok(env.cmd().args([
        "dump", "in.bin", "-f", "raw", "--color", "always", "--output", "all.bin",
    ]));
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    assert_eq!(std::fs::read(env.path("all.bin")).unwrap(), bytes);
    let out = with_stdin(
        env.cmd().args(["dump", "-s", "7", "--output", "piped.bin"]),
        &bytes,
    );
    assert!(out.status.success() && out.stdout.is_empty(), "{out:?}");
    assert_eq!(std::fs::read(env.path("piped.bin")).unwrap(), &bytes[7..]);
    // Replacing: the new bytes, the old permissions.
    std::fs::set_permissions(env.path("part.bin"), std::fs::Permissions::from_mode(0o640)).unwrap();
    ok(env
        .cmd()
        .args(["dump", "in.bin", "-n", "5", "--output", "part.bin"]));
    assert_eq!(std::fs::read(env.path("part.bin")).unwrap(), &bytes[..5]);
    let mode = std::fs::metadata(env.path("part.bin"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);
    std::os::unix::fs::symlink("part.bin", env.path("link")).unwrap();
    ok(env
        .cmd()
        .args(["dump", "in.bin", "-n", "3", "--output", "link"]));
    assert!(std::fs::symlink_metadata(env.path("link"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read(env.path("part.bin")).unwrap(), &bytes[..3]);
    // A device is written in place, never replaced.
    ok(env.cmd().args(["dump", "in.bin", "--output", "/dev/null"]));
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(
        &std::fs::metadata("/dev/null").unwrap().file_type()
    ));
    assert_eq!(
        listing(&env.path("")),
        ["all.bin", "in.bin", "link", "part.bin", "piped.bin"]
    );
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
}

/// `--output` refuses the input itself (by name, through a link, as redirected stdin), a
/// directory and a text format, writing nothing; a failed write (the file-size limit) and
/// an unwritable directory (as an unprivileged user) leave no file, not even a temporary one.
#[test]
fn output_refuses_the_input_and_never_leaves_half_a_file() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let bytes = noise(1 << 20, 6);
    env.file("in.bin", &bytes);
    std::os::unix::fs::symlink("in.bin", env.path("alias")).unwrap();
    for args in [
        ["dump", "in.bin", "--output", "in.bin"],
        ["dump", "alias", "--output", "in.bin"],
        ["dump", "in.bin", "--output", "alias"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert_error(&out, 2, "is the file being dumped; nothing written");
    }
    let stdin = std::fs::File::open(env.path("in.bin")).unwrap();
    let out = env
        .cmd()
        .args(["dump", "--output", "in.bin"])
        .stdin(stdin)
        .output()
        .unwrap();
    assert_error(&out, 2, "--output in.bin is the file being dumped");
    let out = env
        .cmd()
        .args(["dump", "in.bin", "--output", "."])
        .output()
        .unwrap();
    assert_error(&out, 1, "cannot create .: it is a directory");
    let out = env
        .cmd()
        .args(["dump", "in.bin", "-f", "plain", "--output", "x"])
        .output()
        .unwrap();
    assert_error(&out, 2, "--output writes the bytes themselves");
    let out = env
        .cmd()
        .args(["dump", "in.bin", "-f", "xxd", "--output", "x"])
        .output()
        .unwrap();
    assert_error(&out, 2, "not --format xxd");
    assert!(!env.path("x").exists());
    assert_eq!(std::fs::read(env.path("in.bin")).unwrap(), bytes);
    // Past the file-size limit: the write fails, the old bytes of an existing FILE stay.
    env.file("old.bin", b"old");
    for name in ["new.bin", "old.bin"] {
        let out = Command::new("prlimit")
            .args(["--fsize=4096", "--"])
            .arg(crate::support::write::bin())
            .args(["dump", "in.bin", "--output", name])
            .current_dir(env.path(""))
            .output()
            .unwrap();
        assert_error(&out, 1, &format!("cannot write to {name}: File too large"));
    }
    assert_eq!(std::fs::read(env.path("old.bin")).unwrap(), b"old");
    assert_eq!(listing(&env.path("")), ["alias", "in.bin", "old.bin"]);
    // An unwritable directory, as nobody (root could write anyway).
    std::fs::create_dir(env.path("ro")).unwrap();
    for (path, mode) in [("", 0o755), ("ro", 0o755), ("in.bin", 0o644)] {
        std::fs::set_permissions(env.path(path), std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(crate::support::write::bin())
        .args(["dump", "in.bin", "--output", "ro/x.bin"])
        .current_dir(env.path(""))
        .output()
        .unwrap();
    assert_error(&out, 1, "cannot create ro/x.bin: Permission denied");
    assert!(listing(&env.path("ro")).is_empty());
}

/// hexyl's `--completion SHELL`: prints mmapctl's completion script, the very file the
/// repository ships, with no FILE and whatever standard input is.
#[test]
fn completion_prints_the_shipped_script() {
    let env = TestEnv::new();
    for (shell, file) in [
        ("bash", "mmapctl.bash"),
        ("zsh", "_mmapctl"),
        ("fish", "mmapctl.fish"),
        ("elvish", "mmapctl.elv"),
        ("powershell", "_mmapctl.ps1"),
    ] {
        let out = ok(env.cmd().args(["dump", "--completion", shell]));
        let shipped = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("completions")
                .join(file),
        )
        .unwrap();
        assert_eq!(out.stdout, shipped, "dump --completion {shell}");
    }
    let out = env
        .cmd()
        .args(["dump", "--completion", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
