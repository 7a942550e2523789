//! `dump -f xxd` and `dump -f plain` against Debian's `xxd` (2022-01-14), the oracle: random
//! lengths and options compared byte for byte, colour checked against vim 9.1's `xxd -R`
//! scheme, and xxd's edge cases one by one.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::{assert_error, noise, ok, TestEnv};

/// A deterministic generator for the cases (xorshift; a fixed seed, so no flakiness).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn xxd(args: &[String]) -> Vec<u8> {
    let out = Command::new("xxd").args(args).output().expect("run xxd");
    assert!(out.status.success(), "xxd {args:?}: {out:?}");
    out.stdout
}

/// Runs mmapctl with `stdin` piped in, or from the file named in `args`.
fn ours(env: &TestEnv, args: &[String], stdin: Option<&[u8]>) -> Vec<u8> {
    let mut cmd = env.cmd();
    cmd.args(args);
    match stdin {
        None => ok(&mut cmd).stdout,
        Some(bytes) => {
            let mut child = cmd
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn mmapctl");
            let mut pipe = child.stdin.take().unwrap();
            let bytes = bytes.to_vec();
            let writer = std::thread::spawn(move || {
                let _ = pipe.write_all(&bytes);
            });
            let out = child.wait_with_output().unwrap();
            writer.join().unwrap();
            assert!(out.status.success(), "mmapctl {args:?}: {out:?}");
            out.stdout
        }
    }
}

/// Splits coloured output into its text and one colour digit per character of the text
/// (`0` for none), checking that every escape is vim's xxd's `ESC[1;3Xm` or `ESC[0m`.
fn decolor(out: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let (mut text, mut colors) = (Vec::new(), Vec::new());
    let mut current = b'0';
    let mut i = 0;
    while i < out.len() {
        if out[i] == 0x1b {
            if out[i..].starts_with(b"\x1b[0m") {
                assert_ne!(current, b'0', "a reset with no colour set");
                current = b'0';
                i += 4;
            } else {
                assert!(out[i..].starts_with(b"\x1b[1;3"), "escape {:?}", &out[i..]);
                assert_eq!(out[i + 6], b'm');
                assert_eq!(current, b'0', "a colour set over another");
                current = out[i + 5];
                i += 7;
            }
        } else {
            text.push(out[i]);
            colors.push(current);
            i += 1;
        }
    }
    assert_eq!(current, b'0', "a colour left set at the end");
    (text, colors)
}

/// vim 9.1 xxd's colour of a byte: green printable, yellow tab/LF/CR, white NUL, blue 0xff,
/// red the rest.
fn class(b: u8) -> u8 {
    match b {
        0x20..=0x7e => b'2',
        9 | 10 | 13 => b'3',
        0 => b'7',
        0xff => b'4',
        _ => b'1',
    }
}

/// Checks the colours of an xxd layout line by line: each byte's hex pair and character in
/// its class's colour (positions from xxd.c), the address and every space uncoloured.
fn check_colors(text: &[u8], colors: &[u8], bytes: &[u8], cols: usize, group: usize, le: bool) {
    let grplen = 2 * group + 1;
    let mut start = 0;
    for line_bytes in bytes.chunks(cols) {
        let end = start + text[start..].iter().position(|&c| c == b'\n').unwrap();
        let colon = start + text[start..].iter().position(|&c| c == b':').unwrap();
        let mut want = vec![b'0'; end - start];
        for (p, &b) in line_bytes.iter().enumerate() {
            let x = if le { p ^ (group - 1) } else { p };
            let h = colon + 1 + 1 + (grplen * x) / group - start;
            want[h] = class(b);
            want[h + 1] = class(b);
            let c = colon + 1 + 3 + (grplen * cols - 1) / group + p - start;
            want[c] = class(b);
        }
        assert_eq!(
            String::from_utf8_lossy(&colors[start..end]),
            String::from_utf8_lossy(&want),
            "colours of line {:?}",
            String::from_utf8_lossy(&text[start..end])
        );
        assert_eq!(colors[end], b'0');
        start = end + 1;
    }
    assert_eq!(start, text.len());
}

/// Random lengths (0 to 5000 bytes, any remainder of the columns) and random options,
/// mapped and streamed, compared with xxd byte for byte; every fifth case coloured, its
/// text equal to xxd's and its colours vim's scheme.
#[test]
fn xxd_layout_matches_xxd() {
    let env = TestEnv::new();
    let mut bytes = noise(6000, 13);
    // Runs of NUL, 0xff, tabs and text, for every colour class.
    bytes[100..300].fill(0);
    bytes[400..420].fill(0xff);
    bytes[500..519].copy_from_slice(b"text\twith\r\nnewlines");
    let file = env.file("data", &bytes);
    let name = file.to_str().unwrap().to_string();
    let mut rng = Rng(0x5eed_1234_abcd);
    for case in 0..300 {
        let len = rng.below(5001) as usize;
        let skip = rng.below(1000) as usize;
        let mut common: Vec<String> = Vec::new();
        let cols = match rng.below(4) {
            0 => None,
            1 => Some(rng.below(40) as usize),
            _ => Some(rng.below(257) as usize),
        };
        let le = rng.chance(30);
        let group = match (le, rng.below(3)) {
            (_, 0) => None,
            (true, _) => Some(1usize << rng.below(7)),
            (false, _) => Some(rng.below(40) as usize),
        };
        let effective_cols = match cols {
            None | Some(0) => 16,
            Some(c) => c,
        };
        let effective_group = match group.unwrap_or(if le { 4 } else { 2 }) {
            0 => effective_cols,
            g if g > effective_cols => effective_cols,
            g => g,
        };
        if le && !effective_group.is_power_of_two() {
            continue; // a refusal, tested below
        }
        let mut ours_args: Vec<String> = vec!["dump".into(), "-f".into(), "xxd".into()];
        if let Some(c) = cols {
            // xxd's own -c half the time, --cols the other half.
            let flag = if rng.chance(50) { "-c" } else { "--cols" };
            ours_args.extend([flag.to_string(), c.to_string()]);
            common.extend(["-c".to_string(), c.to_string()]);
        }
        if let Some(g) = group {
            let flag = if rng.chance(50) { "-g" } else { "--groupsize" };
            ours_args.extend([flag.to_string(), g.to_string()]);
            common.extend(["-g".to_string(), g.to_string()]);
        }
        if le {
            ours_args.push("-e".into());
            common.push("-e".into());
        }
        if rng.chance(30) {
            ours_args.push("-u".into());
            common.push("-u".into());
        }
        if rng.chance(40) {
            // Past 2^32 a third of the time: xxd's address grows past 8 digits.
            let o = if rng.chance(33) {
                0xffff_f000 + rng.below(0x2000)
            } else {
                rng.below(100_000)
            };
            ours_args.extend(["-o".to_string(), o.to_string()]);
            common.extend(["-o".to_string(), o.to_string()]);
        }
        ours_args.extend(["-s".to_string(), skip.to_string()]);
        ours_args.extend(["-n".to_string(), len.to_string()]);
        let mut xxd_args = common.clone();
        xxd_args.extend(["-s".to_string(), skip.to_string()]);
        xxd_args.extend(["-l".to_string(), len.to_string()]);
        xxd_args.push(name.clone());
        let expected = xxd(&xxd_args);
        let color = case % 5 == 0;
        if color {
            ours_args.extend(["--color".to_string(), "always".to_string()]);
        } else {
            ours_args.extend(["--color".to_string(), "never".to_string()]);
        }
        let stream = rng.chance(25);
        let out = if stream {
            ours_args.push("-".into());
            ours(&env, &ours_args, Some(&bytes))
        } else {
            ours_args.push(name.clone());
            ours(&env, &ours_args, None)
        };
        if color {
            let (text, colors) = decolor(&out);
            assert!(
                text == expected,
                "case {case}: mmapctl {ours_args:?} vs xxd {xxd_args:?}:\n{}\n{}",
                String::from_utf8_lossy(&text),
                String::from_utf8_lossy(&expected)
            );
            let end = (skip + len).min(bytes.len());
            let overlap = le && effective_cols % effective_group != 0;
            if !overlap {
                let region = &bytes[skip.min(end)..end];
                check_colors(&text, &colors, region, effective_cols, effective_group, le);
            }
        } else {
            assert!(
                out == expected,
                "case {case}: mmapctl {ours_args:?} vs xxd {xxd_args:?}:\n{}\n{}",
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&expected)
            );
        }
    }
}

/// `-f plain` with random columns (`-c 0`: one line), `-u` and regions, against `xxd -p`.
#[test]
fn plain_matches_xxd_p_with_columns() {
    let env = TestEnv::new();
    let bytes = noise(5000, 21);
    let file = env.file("data", &bytes);
    let name = file.to_str().unwrap().to_string();
    let mut rng = Rng(0xfeed_beef_0042);
    for case in 0..150 {
        let len = rng.below(5001);
        let skip = rng.below(500);
        let mut common: Vec<String> = Vec::new();
        if !rng.chance(20) {
            let most = if rng.chance(50) { 8 } else { 100 };
            let c = rng.below(most);
            common.extend(["-c".to_string(), c.to_string()]);
        }
        if rng.chance(30) {
            common.push("-u".into());
        }
        let mut xxd_args = vec!["-p".to_string()];
        xxd_args.extend(common.iter().cloned());
        xxd_args.extend(["-s".into(), skip.to_string(), "-l".into(), len.to_string()]);
        xxd_args.push(name.clone());
        let mut ours_args: Vec<String> = vec!["dump".into(), "-f".into(), "plain".into()];
        ours_args.extend(common.iter().cloned());
        ours_args.extend(["-s".into(), skip.to_string(), "-n".into(), len.to_string()]);
        let out = if case % 4 == 0 {
            ours_args.push("-".into());
            ours(&env, &ours_args, Some(&bytes))
        } else {
            ours_args.push(name.clone());
            ours(&env, &ours_args, None)
        };
        let expected = xxd(&xxd_args);
        assert!(
            out == expected,
            "case {case}: mmapctl {ours_args:?} vs xxd {xxd_args:?}"
        );
    }
}

/// xxd's edge cases: empty input, `-c 0` (16), `-g 0` and a group wider than the line (one
/// group), the offset column past 2^32, `-e` with a group that does not divide the columns
/// (xxd's overlapping layout), and --cols/--groupsize/--upper under their long names.
#[test]
fn xxd_edge_cases() {
    let env = TestEnv::new();
    let empty = env.file("empty", b"");
    let out = ok(env.cmd().args(["dump", "-f", "xxd"]).arg(&empty));
    assert!(out.stdout.is_empty());
    let out = ours(&env, &["dump".into(), "-f".into(), "xxd".into()], Some(b""));
    assert!(out.is_empty());
    let bytes = b"AB\tC\0\xff\x80zz and some more text, past one line";
    let file = env.file("f", bytes);
    let name = file.to_str().unwrap();
    for args in [
        &["-c", "0"][..],
        &["-g", "0"],
        &["-c", "8", "-g", "30"],
        &["-c", "256"],
        &["-c", "1", "-e", "-g", "1"],
        &["-e", "-c", "6", "-g", "4"],
        &["-e", "-c", "10", "-g", "8"],
        &["-e"],
        &["-u", "-o", "0xfffffff8"],
        &["-o", "0xfffffffff0"],
        &["-s", "-7"],
        &["-s", "3", "-l", "0"],
    ] {
        let expected = xxd(&args
            .iter()
            .map(|a| a.to_string())
            .chain([name.to_string()])
            .collect::<Vec<_>>());
        let ours: Vec<String> = ["dump", "-f", "xxd"]
            .iter()
            .chain(args)
            .map(|a| if *a == "-l" { "-n" } else { a })
            .map(str::to_string)
            .chain([name.to_string()])
            .collect();
        let out = ok(env.cmd().args(&ours)).stdout;
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&expected),
            "{args:?}"
        );
    }
    let long = ok(env
        .cmd()
        .args([
            "dump",
            "-f",
            "xxd",
            "--cols",
            "8",
            "--groupsize",
            "4",
            "--upper",
        ])
        .args(["--endianness", "little"])
        .arg(&file))
    .stdout;
    assert_eq!(
        long,
        xxd(&["-c", "8", "-g", "4", "-u", "-e", name].map(String::from))
    );
}

/// What xxd refuses, mmapctl refuses as usage errors (exit 2), naming the option; and -c's
/// two meanings stay apart: columns with -f xxd/plain, hexyl's length elsewhere.
#[test]
fn xxd_refusals_and_c() {
    let env = TestEnv::new();
    let file = env.file("f", &noise(100, 3));
    let run = |args: &[&str]| {
        env.cmd()
            .args(["dump"])
            .args(args)
            .arg(&file)
            .output()
            .unwrap()
    };
    assert_error(&run(&["-f", "xxd", "-c", "257"]), 2, "257 columns");
    assert_error(&run(&["-f", "xxd", "-e", "-g", "3"]), 2, "power of 2");
    assert_error(&run(&["-g", "3"]), 2, "--group-size");
    assert_error(&run(&["--cols", "8"]), 2, "--cols");
    assert_error(&run(&["-u"]), 2, "-u/--upper");
    assert_error(&run(&["-n", "4", "-c", "8"]), 2, "-c is -n/--length");
    // -c 8 with -f xxd: 8 bytes per line, the whole file.
    let out = ok(env.cmd().args(["dump", "-f", "xxd", "-c", "8"]).arg(&file)).stdout;
    assert_eq!(String::from_utf8_lossy(&out).lines().count(), 13);
    // -c 8 with the hexyl layout: 8 bytes.
    let out = ok(env
        .cmd()
        .args([
            "dump", "-c", "8", "--color", "never", "--border", "none", "-P",
        ])
        .arg(&file))
    .stdout;
    assert_eq!(String::from_utf8_lossy(&out).lines().count(), 1);
    // --help says both meanings.
    let help = ok(env.cmd().args(["dump", "--help"])).stdout;
    let help = String::from_utf8_lossy(&help);
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help.contains("with -f xxd or -f plain, bytes per line"),
        "{help}"
    );
    assert!(help.contains("bytes to dump (hexyl's -c"), "{help}");
}
