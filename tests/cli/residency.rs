//! `mmapctl residency`: counts against util-linux fincore and against known states
//! (written, fsynced, evicted = 0 %; touched = 100 %; part evicted), the picture, walking
//! directories, and the JSON document.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::platform::{emulator, skip_if_emulated, skip_part, AS_LIMIT, NO_POPULATE};
use crate::support::write::resident_pages;
use crate::support::{assert_error, noise, TestEnv};

/// A file of `len` bytes written and fsynced, so that nothing dirty keeps it cached.
fn synced_file(env: &TestEnv, name: &str, len: usize, seed: u64) -> std::path::PathBuf {
    let path = env.file(name, &noise(len, seed));
    std::fs::File::open(&path).unwrap().sync_all().unwrap();
    path
}

/// `mmapctl residency --json ARGS...`, parsed.
fn residency_json(env: &TestEnv, args: &[&str], files: &[&Path]) -> Value {
    let output = env
        .cmd()
        .args(["residency", "--json"])
        .args(args)
        .args(files)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "one JSON document: {stdout}");
    serde_json::from_str(&stdout).unwrap()
}

/// Loads exactly `pages` of `file` into the page cache, each page on its own: reads under
/// POSIX_FADV_RANDOM, which turns read-ahead (and with it large folios) off. An eviction of
/// part of such a file is exact; the kernel only evicts whole folios, and a large folio
/// that reaches outside the region stays.
fn load_pages(file: &Path, pages: impl IntoIterator<Item = u64>) {
    use std::os::unix::fs::FileExt;
    use std::os::unix::io::AsRawFd;
    let f = std::fs::File::open(file).unwrap();
    // SAFETY: posix_fadvise only reads its integer arguments.
    let rc = unsafe { libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_RANDOM) };
    assert_eq!(rc, 0);
    let mut byte = [0u8; 1];
    for page in pages {
        f.read_at(&mut byte, page * 4096).unwrap();
    }
}

#[test]
fn counts_match_fincore_and_known_states() {
    let env = TestEnv::new();
    // 257 pages, the last one partial.
    let file = synced_file(&env, "data", (1 << 20) + 100, 1);
    let whole = |args: &[&str]| {
        let doc = residency_json(&env, args, &[&file]);
        assert_eq!(doc["page_size"], 4096, "these tests count 4 KiB pages");
        let f = &doc["files"][0];
        assert_eq!(f["pages"], 257, "{doc}");
        assert_eq!(f["size"], (1 << 20) + 100);
        assert_eq!(doc["total"]["pages"], 257);
        assert_eq!(doc["total"]["resident_pages"], f["resident_pages"]);
        let resident = f["resident_pages"].as_u64().unwrap();
        assert_eq!(
            resident,
            resident_pages(&file),
            "mmapctl and fincore disagree"
        );
        resident
    };
    // Written, fsynced, evicted: 0 %; touched: 100 %.
    assert_eq!(whole(&["--evict"]), 0);
    assert_eq!(whole(&[]), 0);
    assert_eq!(whole(&["--touch"]), 257);
    assert_eq!(whole(&[]), 257);
    assert_eq!(whole(&["--evict"]), 0);
    load_pages(&file, [0, 1, 100, 256]);
    assert_eq!(whole(&[]), 4);

    // Pages 64..128 evicted: the region 256 KiB..512 KiB (with -s/-n, only its pages count).
    load_pages(&file, 0..257);
    let doc = residency_json(&env, &["--evict", "-s", "256K", "-n", "256K"], &[&file]);
    assert_eq!(doc["files"][0]["pages"], 64);
    assert_eq!(doc["files"][0]["resident_pages"], 0);
    assert_eq!(whole(&[]), 193);
    // 300 KiB..600 KiB touches pages 75..150, of which 75..128 are evicted.
    let doc = residency_json(&env, &["-s", "300K", "-n", "300K"], &[&file]);
    assert_eq!(doc["files"][0]["offset"], 300 << 10);
    assert_eq!(doc["files"][0]["length"], 300 << 10);
    assert_eq!(doc["files"][0]["pages"], 75);
    assert_eq!(doc["files"][0]["resident_pages"], 75 - 53);
}

#[test]
fn table_and_map_show_the_holes() {
    let env = TestEnv::new();
    let small = synced_file(&env, "small", 4 * 4096, 2);
    let big = synced_file(&env, "big", 1 << 20, 3);
    residency_json(&env, &["--evict"], &[&small, &big]);
    load_pages(&small, [0, 3]);
    load_pages(&big, (0..128).chain(192..256));
    let output = env
        .cmd()
        .args(["residency", "--map"])
        .args([&small, &big])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert_eq!(
        lines[0],
        format!(
            "    2/4 pages   8.0 KiB/16.0 KiB   50.0%  {}",
            small.display()
        )
    );
    // One column per page when the file has fewer pages than the terminal has columns.
    assert_eq!(lines[1], "[O  O]");
    assert_eq!(
        lines[2],
        format!(
            "192/256 pages  768.0 KiB/1.0 MiB   75.0%  {}",
            big.display()
        )
    );
    // 256 pages over 78 columns (COLUMNS=80 less the brackets): column 39 starts at page
    // 128, where the hole starts; the hole's last page shares column 58 with resident ones.
    let expected = format!("[{}{}o{}]", "O".repeat(39), " ".repeat(19), "O".repeat(19));
    assert_eq!(lines[3], expected);
    assert_eq!(
        lines[4],
        "194/260 pages  776.0 KiB/1.0 MiB   74.6%  total (2 files)"
    );

    let doc = residency_json(&env, &["--map"], &[&small]);
    assert_eq!(doc["files"][0]["map"], "[O  O]");
    // Wholly cached (counted from cachestat's answer, without mincore) and wholly evicted.
    let doc = residency_json(&env, &["--map", "--touch"], &[&small]);
    assert_eq!(doc["files"][0]["map"], "[OOOO]");
    let doc = residency_json(&env, &["--map", "--evict"], &[&small]);
    assert_eq!(doc["files"][0]["map"], "[    ]");
}

#[test]
fn directories_need_recursive_and_are_walked_in_order() {
    let env = TestEnv::new();
    let dir = env.path("tree");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("b"), noise(5000, 4)).unwrap();
    std::fs::write(dir.join("a"), b"").unwrap();
    std::fs::write(dir.join("sub/c"), noise(10, 5)).unwrap();
    std::os::unix::fs::symlink(dir.join("b"), dir.join("link")).unwrap();
    let fifo = dir.join("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());

    let output = env.cmd().arg("residency").arg(&dir).output().unwrap();
    assert_error(&output, 1, "is a directory; use -r/--recursive");

    for flag in ["-r", "--recursive"] {
        let output = env
            .cmd()
            .args(["residency", "--json", flag])
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
        let paths: Vec<&str> = doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap())
            .collect();
        let expected: Vec<String> = ["a", "b", "sub/c"]
            .iter()
            .map(|n| dir.join(n).display().to_string())
            .collect();
        assert_eq!(paths, expected);
        // The empty file: 0 pages, valid.
        assert_eq!(doc["files"][0]["size"], 0);
        assert_eq!(doc["files"][0]["pages"], 0);
        assert_eq!(doc["files"][1]["pages"], 2);
        assert_eq!(doc["total"]["pages"], 3);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("note: skipped 2 entries that are not regular files"),
            "{stderr}"
        );
    }
}

#[test]
fn json_document_carries_the_documented_fields() {
    let env = TestEnv::new();
    let file = synced_file(&env, "f", 10_000, 6);
    let empty = env.file("empty", b"");
    let doc = residency_json(&env, &["--touch", "-s", "-5000"], &[&file]);
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files[0]["size"], 10_000);
    assert_eq!(files[0]["offset"], 5_000);
    assert_eq!(files[0]["length"], 5_000);
    assert_eq!(files[0]["pages"], 2);
    assert_eq!(files[0]["resident_pages"], 2);
    let doc = residency_json(&env, &["-n", "1M"], &[&file, &empty]);
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    for key in [
        "path",
        "size",
        "offset",
        "length",
        "pages",
        "resident_pages",
    ] {
        assert!(
            files.iter().all(|f| f.get(key).is_some()),
            "missing {key}: {doc}"
        );
    }
    assert_eq!(files[0]["length"], 10_000);
    assert_eq!(files[0]["pages"], 3);
    assert!(files[0]["resident_pages"].as_u64().unwrap() >= 2);
    assert_eq!(files[1]["size"], 0);
    assert_eq!(files[1]["length"], 0);
    assert_eq!(files[1]["pages"], 0);
    assert_eq!(files[1]["resident_pages"], 0);
    assert_eq!(doc["total"]["files"], 2);
    assert_eq!(doc["total"]["pages"], 3);
    assert_eq!(doc["total"]["resident_pages"], files[0]["resident_pages"]);
}

#[test]
fn large_sparse_files_and_offsets_past_4_gib() {
    let env = TestEnv::new();
    let file = env.sparse("sparse", 16 << 30, 8 << 30, b"x");
    std::fs::File::open(&file).unwrap().sync_all().unwrap();
    let doc = residency_json(&env, &["--evict"], &[&file]);
    assert_eq!(doc["files"][0]["pages"], 4 << 20);
    assert_eq!(doc["files"][0]["resident_pages"], 0);
    assert_eq!(resident_pages(&file), 0);
    let doc = residency_json(&env, &["--touch", "-s", "8GiB", "-n", "10K"], &[&file]);
    assert_eq!(doc["files"][0]["pages"], 3);
    assert_eq!(doc["files"][0]["resident_pages"], 3);
    let doc = residency_json(&env, &[], &[&file]);
    let resident = doc["files"][0]["resident_pages"].as_u64().unwrap();
    assert!(resident >= 3);
    assert_eq!(resident, resident_pages(&file));
}

#[test]
fn hidden_page_cache_is_reported_as_fincore_does_with_a_note() {
    use std::os::unix::fs::PermissionsExt;
    // As uid 65534, a file owned by root and not writable: the kernel reports every page
    // resident to mincore (so fincore says 100 % of an evicted file); mmapctl agrees with
    // fincore and says why the number cannot be trusted. Told by cachestat's EPERM, and
    // where cachestat is missing (`MMAPCTL_TEST_FAIL=cachestat`: ENOSYS, as before Linux
    // 6.5 and under qemu-user) by the kernel's rule for mincore.
    let env = TestEnv::new();
    let file = synced_file(&env, "rootfile", 64 << 10, 7);
    std::fs::set_permissions(env.path(""), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(
        residency_json(&env, &["--evict"], &[&file])["total"]["resident_pages"],
        0
    );
    let nobody = |program: &Path, args: &[&str], fail: &str| {
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(program)
            .args(args)
            .arg(&file)
            .env("MMAPCTL_TEST_FAIL", fail)
            .output()
            .unwrap()
    };
    let fincore = nobody(
        Path::new("fincore"),
        &["--raw", "--noheadings", "--output", "PAGES"],
        "",
    );
    let fincore: u64 = String::from_utf8(fincore.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    for fail in ["", "cachestat"] {
        let output = nobody(
            assert_cmd::cargo::cargo_bin!("mmapctl"),
            &["residency", "--json"],
            fail,
        );
        assert_eq!(output.status.code(), Some(0), "{fail}");
        let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(doc["total"]["resident_pages"], fincore, "{fail}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if fincore == 16 {
            assert!(
                stderr.contains("the kernel hides the page cache"),
                "{fail}: {stderr}"
            );
        } else {
            // A kernel that does not hide it: the true count, and no note.
            assert_eq!(fincore, 0);
            assert!(stderr.is_empty(), "{fail}: {stderr}");
        }
    }
    // The owner, and root, are told the truth: no note, whatever answers.
    for fail in ["", "cachestat"] {
        let output = env
            .cmd()
            .args(["residency", "--json"])
            .arg(&file)
            .env("MMAPCTL_TEST_FAIL", fail)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{fail}");
        let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(doc["total"]["resident_pages"], 0, "{fail}");
        assert!(output.stderr.is_empty(), "{fail}");
    }
}

/// `mmapctl residency ARGS` with `COLUMNS` set to `columns`, under a 512 MiB address-space
/// limit (none under an emulator, see [`map_width_from_columns_is_capped`]): far more than
/// residency needs, far less than a map as wide as a huge `COLUMNS`.
fn residency_with_columns(env: &TestEnv, columns: &str, args: &[&str]) -> std::process::Output {
    let mut cmd = if emulator().is_some() {
        Command::new(crate::support::write::bin())
    } else {
        let mut cmd = Command::new("prlimit");
        cmd.arg(format!("--as={}", 512u64 << 20))
            .arg("--")
            .arg(crate::support::write::bin());
        cmd
    };
    cmd.arg("residency")
        .args(args)
        .current_dir(env.path(""))
        .env("COLUMNS", columns)
        .output()
        .unwrap()
}

#[test]
fn map_width_from_columns_is_capped() {
    // 128 Mi pages: a column per page would be 1 GiB of counters, and used to be allocated
    // (and abort) when COLUMNS allowed it. Sparse, so the file takes no disk.
    let mut gib = 512;
    if emulator().is_some() {
        // qemu-user 7.2 keeps state for every guest page mapped (800 MB of it for a 128 GiB
        // file, measured), which the address-space limit counts: under it qemu spun for
        // over ten minutes. What is left to check there is the cap itself, on fewer pages.
        skip_part(&format!(
            "the 512 MiB address-space limit and the 512 GiB file (the map's width is \
             checked on 16 GiB, without a limit): {AS_LIMIT}"
        ));
        gib = 16;
    }
    let pages = (gib << 30) / 4096;
    let env = TestEnv::new();
    env.sparse("sp", gib << 30, 0, b"");
    for columns in ["1000000000000", "99999999999999999999999999", "65535"] {
        let output = residency_with_columns(&env, columns, &["sp", "--map", "--evict"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{columns}: {stderr}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 2, "{columns}: {stdout:.200}");
        assert!(
            lines[0].starts_with(&format!("0/{pages} pages")),
            "{}",
            lines[0]
        );
        // As wide as the widest terminal (65535 columns), brackets included.
        assert_eq!(lines[1], format!("[{}]", " ".repeat(65533)), "{columns}");
    }
    let output = residency_with_columns(&env, "1000000000000", &["sp", "--map", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["files"][0]["map"].as_str().unwrap().len(), 65535);
}

#[test]
fn unwritable_stdout_is_one_line_and_a_gone_reader_exit_0() {
    let env = TestEnv::new();
    let file = synced_file(&env, "data", 64 << 10, 8);
    for args in [&["residency"][..], &["residency", "--json", "--map"]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = env
            .cmd()
            .args(args)
            .arg(&file)
            .stdout(full)
            .output()
            .unwrap();
        assert_error(
            &output,
            1,
            "cannot write to stdout: No space left on device",
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");

        // The reading end closed before mmapctl starts: the write always meets EPIPE.
        let writer = crate::support::closed_pipe();
        let output = env
            .cmd()
            .args(args)
            .arg(&file)
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn starts_no_thread() {
    // Under RLIMIT_NPROC=1 every thread creation fails: residency must not need one.
    let env = TestEnv::new();
    synced_file(&env, "data", 256 << 10, 9);
    let args: Vec<&std::ffi::OsStr> = ["residency", "--touch", "--map", "data"]
        .iter()
        .map(|a| a.as_ref())
        .collect();
    let output = crate::dump::without_threads(&env, &args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("64/64 pages"), "{stdout}");
}

#[test]
fn short_of_address_space_is_one_line_naming_the_region() {
    if skip_if_emulated(AS_LIMIT) {
        return;
    }
    // --touch maps 16 MiB windows; 4 MiB over what the process needs to run holds none.
    let env = TestEnv::new();
    env.sparse("big", 20 << 20, 0, b"");
    let base = crate::dump::baseline_address_space(&env);
    let output = crate::dump::with_address_space(
        &env,
        base + (4 << 20),
        &["residency", "--touch", "--map", "big"],
    );
    assert_error(
        &output,
        1,
        "cannot map big (bytes 0x0..0x1000000, --prot ro): Cannot allocate memory",
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr).lines().count(), 1);
}

#[test]
fn touch_loads_exactly_the_region_asked() {
    if skip_if_emulated(NO_POPULATE) {
        return;
    }
    // Without care, each fault reads ahead past the region (`-n 16MiB` once made 24 MiB
    // resident, as vmtouch does). A sparse file: its holes are cached as zero pages.
    let env = TestEnv::new();
    let file = env.path("sparse");
    std::fs::File::create(&file)
        .unwrap()
        .set_len(128 << 20)
        .unwrap();
    for (args, pages) in [
        (&["-s", "1MiB", "-n", "16MiB"][..], 4096),
        (&["-s", "5000", "-n", "10000"], 3),
        (&["-s", "20MiB", "-n", "4096"], 1),
        (&["-s", "120MiB"], 2048),
        // Windows between the first and the last keep the kernel's readahead.
        (&["-s", "7MiB", "-n", "90MiB"], 23040),
    ] {
        // The clean zero pages of a hole are the first that reclaim takes when the machine
        // is short of memory (seen once in a full run beside four builds): a count short of
        // the region is retried, never one past it. A --touch that loads too little fails
        // every attempt.
        let mut counted = Vec::new();
        for _ in 0..5 {
            residency_json(&env, &["--evict"], &[&file]);
            assert_eq!(resident_pages(&file), 0, "{args:?}: evicted first");
            let doc = residency_json(&env, &[args, &["--touch"]].concat(), &[&file]);
            let resident = doc["files"][0]["resident_pages"].as_u64().unwrap();
            // Nothing outside the region: memory pressure may take pages back, never add.
            let cached = resident_pages(&file);
            assert!(
                resident <= pages && cached <= pages,
                "{args:?}: {resident} (fincore: {cached}) pages resident, {pages} asked for"
            );
            counted.push(resident);
            if resident == pages {
                break;
            }
        }
        assert_eq!(counted.last(), Some(&pages), "{args:?}: counts {counted:?}");
    }
    residency_json(&env, &["--evict"], &[&file]);
}

/// Resident and total pages of `range` (vmtouch's `-p` syntax) of `file`, as vmtouch counts.
fn vmtouch_pages(file: &Path, range: &str) -> (u64, u64) {
    let output = Command::new("vmtouch")
        .args(["-p", range])
        .arg(file)
        .output()
        .expect("vmtouch is installed");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    // "  Resident Pages: 2/2  8K/8K  100%"
    let line = stdout
        .lines()
        .find(|l| l.contains("Resident Pages:"))
        .unwrap_or_else(|| panic!("{stdout}"));
    let counts = line.split_whitespace().nth(2).unwrap();
    let (a, b) = counts.split_once('/').unwrap();
    (a.parse().unwrap(), b.parse().unwrap())
}

#[test]
fn ranges_list_resident_and_missing_bytes_in_vmtouch_syntax() {
    let env = TestEnv::new();
    // 257 pages, the last one partial.
    let file = synced_file(&env, "data", (1 << 20) + 100, 11);
    residency_json(&env, &["--evict"], &[&file]);
    load_pages(&file, [0, 1, 100, 256]);
    let resident = ["0-8192", "409600-413696", "1048576-1048676"];
    let missing = ["8192-409600", "413696-1048576"];

    let doc = residency_json(&env, &["--ranges"], &[&file]);
    assert_eq!(
        doc["files"][0]["resident_ranges"],
        serde_json::json!(resident)
    );
    assert!(doc["files"][0].get("missing_ranges").is_none());
    let doc = residency_json(&env, &["--ranges", "--missing"], &[&file]);
    assert_eq!(
        doc["files"][0]["missing_ranges"],
        serde_json::json!(missing)
    );
    assert!(doc["files"][0].get("resident_ranges").is_none());
    // vmtouch reads them back as meant: every page of a resident range resident, none of
    // a missing one.
    for range in resident {
        let (res, pages) = vmtouch_pages(&file, range);
        assert_eq!(res, pages, "{range}");
    }
    for range in missing {
        assert_eq!(vmtouch_pages(&file, range).0, 0, "{range}");
    }

    // The table: a line under the file's row; `none` when there is no such range.
    let output = env
        .cmd()
        .args(["residency", "--ranges"])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[1], format!("resident: {}", resident.join(" ")));
    residency_json(&env, &["--evict"], &[&file]);
    let output = env
        .cmd()
        .args(["residency", "--ranges", "-s", "1000", "-n", "5000"])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().nth(1), Some("resident: none"), "{stdout}");
    let output = env
        .cmd()
        .args([
            "residency",
            "--ranges",
            "--missing",
            "-s",
            "1000",
            "-n",
            "5000",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    // The region's pages, 0 and 1.
    assert_eq!(stdout.lines().nth(1), Some("missing: 0-8192"), "{stdout}");

    // --missing without --ranges is a usage error.
    let output = env
        .cmd()
        .args(["residency", "--missing"])
        .arg(&file)
        .output()
        .unwrap();
    assert_error(&output, 2, "--ranges");
}

#[test]
fn percentages_show_a_single_page_of_a_large_file() {
    // One page of 65536 (256 MiB, sparse) is 0.0015 %: neither rounded to 0.0 nor clamped
    // to 0.1; 100.0 only when every page is resident.
    let env = TestEnv::new();
    let file = env.path("sparse");
    std::fs::File::create(&file)
        .unwrap()
        .set_len(256 << 20)
        .unwrap();
    residency_json(&env, &["--evict"], &[&file]);
    // The page at 1 MiB, read without readahead (not --touch, whose faults read ahead where
    // madvise is ignored, as under qemu-user: this test is about percentages, not --touch).
    load_pages(&file, [256]);
    let table = |args: &[&str]| {
        let output = env
            .cmd()
            .arg("residency")
            .args(args)
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).unwrap()
    };
    assert_eq!(
        table(&[]),
        format!(
            "1/65536 pages  4.0 KiB/256.0 MiB  0.0015%  {}\n",
            file.display()
        )
    );
    assert_eq!(
        table(&["--touch", "-n", "8K"]),
        format!("2/2 pages  8.0 KiB/8.0 KiB  100.0%  {}\n", file.display())
    );
    residency_json(&env, &["--evict"], &[&file]);
}

#[test]
fn files_that_cannot_be_opened_are_reported_and_the_others_still_are() {
    use std::os::unix::fs::PermissionsExt;
    // As fincore and vmtouch do: one line each on stderr, the other files reported, exit 1.
    let env = TestEnv::new();
    std::fs::set_permissions(env.path(""), std::fs::Permissions::from_mode(0o755)).unwrap();
    let open = synced_file(&env, "open", 4 * 4096, 12);
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
    let secret = synced_file(&env, "secret", 4096, 13);
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let missing = env.path("missing");
    for json in [false, true] {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin!("mmapctl"))
            .arg("residency");
        if json {
            cmd.arg("--json");
        }
        let output = cmd.args([&secret, &open, &missing]).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("mmapctl: error: "))
            .collect();
        assert_eq!(errors.len(), 2, "{stderr}");
        assert!(
            errors[0].contains(&format!(
                "cannot open {} for reading: Permission denied",
                secret.display()
            )),
            "{stderr}"
        );
        assert!(
            errors[1].contains(&format!(
                "cannot open {}: No such file or directory",
                missing.display()
            )),
            "{stderr}"
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        if json {
            let doc: Value = serde_json::from_str(&stdout).expect("valid JSON");
            assert_eq!(doc["errors"], 2);
            assert_eq!(doc["total"]["files"], 1);
            assert_eq!(doc["files"][0]["path"], open.to_str().unwrap());
        } else {
            assert_eq!(stdout.lines().count(), 1, "{stdout}");
            assert!(
                stdout.ends_with(&format!("  {}\n", open.display())),
                "{stdout}"
            );
        }
    }
}
