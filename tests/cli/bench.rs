//! `mmapctl bench`: every mode and option on small sizes, the JSON contract, the exact
//! output under the hidden fake-figures flag, the refusal to write a user's file, and the
//! temporary file's removal (also when a signal or a limit ends bench).

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::platform::{
    emulator, lone_uid, skip_if_emulated, skip_part, threadless_nproc, AS_LIMIT,
};
use crate::support::write::bin;
use crate::support::{assert_error, noise, succeeded as ok, TestEnv};

/// A TestEnv with an empty directory for $TMPDIR.
fn env_with_tmpdir() -> (TestEnv, PathBuf) {
    let env = TestEnv::new();
    let tmp = env.path("tmpdir");
    std::fs::create_dir(&tmp).unwrap();
    (env, tmp)
}

fn bench(env: &TestEnv, tmp: &Path, args: &[&str]) -> Output {
    bench_with(env, tmp, args, false)
}

/// `bench` with the fake-figures test hook (src/hooks.rs) when `fake`.
fn bench_with(env: &TestEnv, tmp: &Path, args: &[&str], fake: bool) -> Output {
    let mut cmd = env.cmd();
    if fake {
        cmd.env("MMAPCTL_TEST_FAKE_FIGURES", "1");
    }
    cmd.env("TMPDIR", tmp)
        .arg("bench")
        .args(args)
        .output()
        .expect("run mmapctl bench")
}

fn json_of(output: &Output) -> Value {
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    assert_eq!(
        stdout.lines().count(),
        1,
        "one JSON document per line: {stdout}"
    );
    serde_json::from_str(&stdout).expect("valid JSON")
}

fn leftovers(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

fn assert_empty(dir: &Path) {
    let left = leftovers(dir);
    assert!(left.is_empty(), "left behind: {left:?}");
}

fn modes(doc: &Value) -> Vec<&str> {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["mode"].as_str().unwrap())
        .collect()
}

/// The fields DESIGN.md promises, with GiB/s × seconds = bytes for every figure.
fn assert_result_contract(result: &Value, runs: u64) {
    let bytes = result["bytes"].as_u64().expect("bytes");
    assert!(bytes > 0);
    assert_eq!(result["runs"].as_u64(), Some(runs));
    let secs = &result["seconds"];
    let gib = &result["gib_per_s"];
    for (rate, time) in [("median", "median"), ("min", "max"), ("max", "min")] {
        let s = secs[time].as_f64().expect("seconds");
        let g = gib[rate].as_f64().expect("gib_per_s");
        assert!(s > 0.0 && g > 0.0, "{result}");
        let moved = g * s * (1u64 << 30) as f64;
        assert!(
            (moved - bytes as f64).abs() <= bytes as f64 * 1e-9,
            "GiB/s x seconds = {moved}, bytes {bytes}"
        );
    }
    assert!(secs["min"].as_f64() <= secs["median"].as_f64());
    assert!(secs["median"].as_f64() <= secs["max"].as_f64());
    assert!(result["minor_faults"].is_u64(), "{result}");
    assert!(result["major_faults"].is_u64(), "{result}");
    assert!(result["minor_faults_per_gib"].is_f64());
    assert!(result["map_seconds"]["median"].is_f64());
    assert_eq!(result["per_run"].as_array().unwrap().len() as u64, runs);
    let random = result["mode"].as_str().unwrap().starts_with("rand");
    assert_eq!(result["ops_per_s"].is_f64(), random, "{result}");
    assert_eq!(result["mean_latency_seconds"].is_f64(), random, "{result}");
    if random {
        let ops = result["ops"].as_f64().unwrap();
        let rate = result["ops_per_s"].as_f64().unwrap();
        let median = secs["median"].as_f64().unwrap();
        assert!((rate * median - ops).abs() <= ops * 1e-9);
    }
}

#[test]
fn every_mode_on_a_temporary_file_with_the_json_contract() {
    let (env, tmp) = env_with_tmpdir();
    let out = ok(bench(
        &env,
        &tmp,
        &["--size", "1MiB", "--runs", "2", "--mode", "all", "--json"],
    ));
    let doc = json_of(&out);
    let target = &doc["target"];
    assert_eq!(target["kind"], "temporary");
    let path = target["path"].as_str().unwrap();
    assert!(Path::new(path).starts_with(&tmp), "{path} not in $TMPDIR");
    assert_eq!(target["file_size"], 1 << 20);
    assert_eq!(target["length"], 1 << 20);
    assert_eq!(target["runs"], 2);
    assert_eq!(target["threads"], 1);
    assert_eq!(target["block"], 4096);
    assert_eq!(target["mapping"], "shared");
    assert_eq!(target["fake_figures"], false);
    assert_eq!(modes(&doc), ["read", "write", "randread", "randwrite"]);
    for result in doc["results"].as_array().unwrap() {
        assert_result_contract(result, 2);
        assert_eq!(result["bytes"], 1 << 20);
        assert!(result.get("baseline_gib_per_s").is_none());
        // Warmed before every run: the file was resident when each run started.
        assert_eq!(result["resident_share"]["min"].as_f64(), Some(1.0));
    }
    assert!(doc["process"]["minor_faults"].as_u64().unwrap() > 0);
    assert_empty(&tmp);
}

#[test]
fn each_mode_alone() {
    let (env, tmp) = env_with_tmpdir();
    for mode in ["read", "write", "randread", "randwrite"] {
        let out = ok(bench(
            &env,
            &tmp,
            &["--size", "1MiB", "--runs", "1", "--mode", mode, "--json"],
        ));
        let doc = json_of(&out);
        assert_eq!(modes(&doc), [mode]);
        assert_result_contract(&doc["results"][0], 1);
        // The table names the mode too.
        let out = ok(bench(
            &env,
            &tmp,
            &["--size", "1MiB", "--runs", "1", "--mode", mode],
        ));
        let table = String::from_utf8(out.stdout).unwrap();
        assert!(table.lines().nth(1).unwrap().trim() == mode, "{table}");
    }
    assert_empty(&tmp);
}

#[test]
fn refuses_to_write_a_users_file() {
    let (env, tmp) = env_with_tmpdir();
    let bytes = noise(1 << 16, 5);
    let file = env.file("data.bin", &bytes);
    for mode in ["write", "randwrite", "all"] {
        let out = bench(&env, &tmp, &[file.to_str().unwrap(), "--mode", mode]);
        assert_error(&out, 1, "--copy");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(
            stderr.contains("data.bin") && stderr.contains(mode),
            "{stderr}"
        );
    }
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    assert_empty(&tmp);
}

#[test]
fn a_users_file_gets_the_read_modes_by_default() {
    let (env, tmp) = env_with_tmpdir();
    let bytes = noise(1 << 16, 6);
    let file = env.file("data.bin", &bytes);
    let out = ok(bench(
        &env,
        &tmp,
        &[file.to_str().unwrap(), "--runs", "1", "--json"],
    ));
    let doc = json_of(&out);
    assert_eq!(modes(&doc), ["read", "randread"]);
    assert_eq!(doc["target"]["kind"], "file");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("note: write and randwrite skipped"),
        "{stderr}"
    );
    assert_eq!(doc["notes"].as_array().unwrap().len(), 1);
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
}

#[test]
fn copy_writes_privately_and_leaves_the_file_unchanged() {
    let (env, tmp) = env_with_tmpdir();
    let bytes = noise(1 << 20, 7);
    let file = env.file("data.bin", &bytes);
    let out = ok(bench(
        &env,
        &tmp,
        &[
            file.to_str().unwrap(),
            "--copy",
            "--mode",
            "all",
            "--runs",
            "2",
            "--baseline",
            "--json",
        ],
    ));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        bytes,
        "--copy changed the file"
    );
    let doc = json_of(&out);
    assert_eq!(doc["target"]["mapping"], "private");
    for result in doc["results"].as_array().unwrap() {
        assert_result_contract(result, 2);
        if result["mode"].as_str().unwrap().ends_with("write") {
            // pwrite would change the file: the baseline is skipped, and says why.
            assert!(result["baseline_gib_per_s"].is_null(), "{result}");
            assert!(result["baseline"]["skipped"]
                .as_str()
                .unwrap()
                .contains("--copy"));
        } else {
            assert!(
                result["baseline_gib_per_s"].as_f64().unwrap() > 0.0,
                "{result}"
            );
        }
    }
}

#[test]
fn destructive_writes_the_file() {
    let (env, tmp) = env_with_tmpdir();
    let file = env.file("data.bin", &noise(1 << 20, 8));
    ok(bench(
        &env,
        &tmp,
        &[
            file.to_str().unwrap(),
            "--destructive",
            "--mode",
            "write",
            "--runs",
            "1",
            "-s",
            "4096",
            "-n",
            "8192",
        ],
    ));
    let after = std::fs::read(&file).unwrap();
    // Run 0 writes 0x5a over exactly the region.
    assert!(after[4096..12288].iter().all(|&b| b == 0x5a));
    assert_eq!(after[..4096], noise(1 << 20, 8)[..4096]);
    assert_eq!(after[12288..], noise(1 << 20, 8)[12288..]);
}

#[test]
fn anonymous_memory() {
    let (env, tmp) = env_with_tmpdir();
    let out = ok(bench(
        &env,
        &tmp,
        &[
            "--anon", "--size", "1MiB", "--runs", "1", "--mode", "all", "--json",
        ],
    ));
    let doc = json_of(&out);
    assert_eq!(doc["target"]["kind"], "anonymous");
    assert!(doc["target"]["path"].is_null());
    assert_eq!(doc["target"]["mapping"], "anonymous");
    for result in doc["results"].as_array().unwrap() {
        assert_result_contract(result, 1);
        assert!(result["resident_share"].is_null());
    }
    // A fresh anonymous mapping faults in every page it writes.
    let write = &doc["results"][1];
    assert!(write["minor_faults"].as_u64().unwrap() > 0, "{write}");
    assert_empty(&tmp);
    // Anonymous memory has no file: no baseline, no eviction, no region of a file.
    let conflicts: [&[&str]; 6] = [
        &["--baseline"],
        &["--cold"],
        &["--copy"],
        &["--destructive"],
        &["-n", "10"],
        &["some-file"],
    ];
    for extra in conflicts {
        let out = bench(&env, &tmp, &[&["--anon"][..], extra].concat());
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
    }
    // The table's heading gives the size alone: anonymous memory has no offset.
    let out = ok(bench(
        &env,
        &tmp,
        &["--anon", "--size", "1MiB", "--runs", "1", "--mode", "read"],
    ));
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.starts_with("mmapctl bench: anonymous memory: 1.0 MiB, anonymous mapping, 1 run,"),
        "{table}"
    );
    assert!(!table.contains("offset"), "{table}");
}

#[test]
fn a_size_of_zero_is_a_usage_error_naming_the_option() {
    let (env, tmp) = env_with_tmpdir();
    for extra in [&[][..], &["--anon"]] {
        let out = bench(&env, &tmp, &[&["--size", "0"][..], extra].concat());
        assert_error(
            &out,
            2,
            "invalid value '0' for '--size <SIZE>': 0 bytes leaves nothing to measure",
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("temporary"), "{stderr}");
    }
    assert_empty(&tmp);
}

#[test]
fn baseline_runs_pread_and_pwrite_beside_the_mapping() {
    let (env, tmp) = env_with_tmpdir();
    let out = ok(bench(
        &env,
        &tmp,
        &[
            "--size",
            "2MiB",
            "--runs",
            "2",
            "--mode",
            "all",
            "--baseline",
            "--threads",
            "2",
            "--json",
        ],
    ));
    let doc = json_of(&out);
    assert_eq!(doc["target"]["baseline_request"], 1 << 20);
    for result in doc["results"].as_array().unwrap() {
        let base = result["baseline_gib_per_s"].as_f64().unwrap();
        let mmap = result["gib_per_s"]["median"].as_f64().unwrap();
        let ratio = result["mmap_over_baseline"].as_f64().unwrap();
        assert!((ratio - mmap / base).abs() <= ratio * 1e-9, "{result}");
        let api = if result["mode"].as_str().unwrap().ends_with("write") {
            "pwrite"
        } else {
            "pread"
        };
        assert_eq!(result["baseline"]["api"], api);
        assert!(result["per_run"][1]["baseline_seconds"].as_f64().is_some());
    }
    let out = ok(bench(
        &env,
        &tmp,
        &["--size", "1MiB", "--runs", "1", "--baseline"],
    ));
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("pread/pwrite GiB/s") && table.contains("mmap/syscalls"));
    assert_empty(&tmp);
}

#[test]
fn cold_evicts_before_every_run() {
    let (env, tmp) = env_with_tmpdir();
    let file = env.file("data.bin", &noise(1 << 20, 9));
    let out = ok(bench(
        &env,
        &tmp,
        &[
            file.to_str().unwrap(),
            "--cold",
            "--runs",
            "2",
            "--mode",
            "read",
            "--json",
        ],
    ));
    let doc = json_of(&out);
    assert_eq!(doc["target"]["cold"], true);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for run in doc["results"][0]["per_run"].as_array().unwrap() {
        // Evicted, or said why not (a file system that keeps pages, e.g. tmpfs).
        let share = run["resident_share"].as_f64().unwrap();
        assert!(
            share == 0.0 || stderr.contains("did not take"),
            "{share}: {stderr}"
        );
    }
}

#[test]
fn options_are_applied_and_echoed() {
    let (env, tmp) = env_with_tmpdir();
    let file = env.file("data.bin", &noise(3 << 20, 10));
    let out = ok(bench(
        &env,
        &tmp,
        &[
            file.to_str().unwrap(),
            "-s",
            "1MiB",
            "-n",
            "1MiB",
            "--mode",
            "randread",
            "--block",
            "64KiB",
            "--threads",
            "3",
            "--runs",
            "3",
            "--seed",
            "42",
            "--populate",
            "--advise",
            "random",
            "--json",
        ],
    ));
    let doc = json_of(&out);
    let t = &doc["target"];
    assert_eq!(t["offset"], 1 << 20);
    assert_eq!(t["length"], 1 << 20);
    assert_eq!(t["block"], 65536);
    assert_eq!(t["threads"], 3);
    assert_eq!(t["seed"], 42);
    assert_eq!(t["populate"], true);
    assert_eq!(t["advise"], "random");
    let r = &doc["results"][0];
    assert_result_contract(r, 3);
    assert_eq!(r["ops"], 16);
    assert_eq!(r["bytes"], 1 << 20);
    assert!(r["populate_seconds"]["median"].is_f64());
    for advice in ["normal", "sequential", "random", "willneed", "hugepage"] {
        let out = ok(bench(
            &env,
            &tmp,
            &[
                "--size", "1MiB", "--runs", "1", "--mode", "write", "--advise", advice, "--json",
            ],
        ));
        assert_eq!(json_of(&out)["target"]["advise"], advice);
        let out = ok(bench(
            &env,
            &tmp,
            &[
                "--anon",
                "--size",
                "1MiB",
                "--runs",
                "1",
                "--advise",
                advice,
                "--populate",
            ],
        ));
        assert!(String::from_utf8(out.stdout)
            .unwrap()
            .contains(&format!("advise {advice}")));
    }
    assert_empty(&tmp);
}

#[test]
fn bad_arguments_are_refused_and_leave_nothing_behind() {
    let (env, tmp) = env_with_tmpdir();
    let out = bench(
        &env,
        &tmp,
        &["--size", "64KiB", "--mode", "randread", "--block", "1MiB"],
    );
    assert_error(&out, 1, "--block");
    let out = bench(
        &env,
        &tmp,
        &["--size", "64KiB", "--mode", "randwrite", "--block", "0"],
    );
    assert_error(&out, 1, "--block 0");
    // --size 0: a_size_of_zero_is_a_usage_error_naming_the_option.
    // A name the user never gave, and gone by now: say what it was.
    let out = bench(&env, &tmp, &["--size", "64KiB", "-s", "1MiB"]);
    let named = format!("the temporary file {}/mmapctl-bench.", tmp.display());
    assert_error(&out, 1, &named);
    assert_error(&out, 1, "past the end");
    let empty = env.file("empty", b"");
    let out = bench(&env, &tmp, &[empty.to_str().unwrap()]);
    assert_error(&out, 1, "nothing to measure");
    let out = bench(&env, &tmp, &["missing.bin"]);
    assert_error(&out, 1, "missing.bin");
    let out = bench(&env, &tmp, &[empty.to_str().unwrap(), "--size", "1MiB"]);
    assert_eq!(out.status.code(), Some(2));
    for bad in [
        ["--runs", "0"],
        ["--threads", "0"],
        ["--mode", "append"],
        ["--advise", "x"],
    ] {
        let out = bench(&env, &tmp, &bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
    let out = bench(&env, &tmp, &["--copy", "--destructive"]);
    assert_eq!(out.status.code(), Some(2));
    assert_empty(&tmp);
}

#[test]
fn fake_figures_give_an_exact_table() {
    let (env, tmp) = env_with_tmpdir();
    let file = env.file("data.bin", &noise(1 << 20, 11));
    let out = ok(bench_with(
        &env,
        &tmp,
        &[
            file.to_str().unwrap(),
            "--runs",
            "3",
            "--baseline",
            "--populate",
        ],
        true,
    ));
    let expected = format!(
        "\
mmapctl bench: {}: 1.0 MiB at offset 0, shared mapping, 3 runs, 1 thread, block 4.0 KiB, populate, warm, FAKE FIGURES
                           read     randread
bytes                   1.0 MiB      1.0 MiB
time median             1.95 ms      1.95 ms
time min              976.56 µs    976.56 µs
time max                2.93 ms      2.93 ms
GiB/s median               0.50         0.50
GiB/s min                  0.33         0.33
GiB/s max                  1.00         1.00
ops/s                         -      131.1 k
mean latency                  -      7.63 µs
map                     1.00 ms      1.00 ms
populate                2.00 ms      2.00 ms
GiB/s incl. map            0.20         0.20
minor faults/GiB         262144       262144
major faults/GiB              0            0
resident at start         100 %        100 %
pread/pwrite GiB/s         0.25         0.25
mmap/syscalls             2.00x        2.00x
",
        file.display()
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
}

#[test]
fn fake_figures_give_an_exact_json_document() {
    let (env, tmp) = env_with_tmpdir();
    let out = ok(bench_with(
        &env,
        &tmp,
        &[
            "--anon",
            "--size",
            "1MiB",
            "--runs",
            "2",
            "--mode",
            "randwrite",
            "--json",
        ],
        true,
    ));
    let expected = serde_json::json!({
        "target": {
            "kind": "anonymous", "path": null, "file_size": null, "offset": 0,
            "length": 1048576, "modes": ["randwrite"], "block": 4096, "threads": 1,
            "runs": 2, "seed": 1, "populate": false, "advise": null, "cold": false,
            "baseline": false, "baseline_request": 1048576, "mapping": "anonymous",
            "destructive": false, "page_size": 4096, "fake_figures": true
        },
        "results": [{
            "mode": "randwrite", "bytes": 1048576, "runs": 2, "ops": 256,
            "seconds": {"median": 0.00146484375, "min": 0.0009765625, "max": 0.001953125},
            "gib_per_s": {"median": 0.6666666666666666, "min": 0.5, "max": 1.0},
            "ops_per_s": 174762.66666666666, "mean_latency_seconds": 5.7220458984375e-6,
            "map_seconds": {"median": 0.001, "min": 0.001, "max": 0.001},
            "populate_seconds": null, "total_gib_per_s": 0.39619651347068147,
            "minor_faults": 256, "major_faults": 0,
            "minor_faults_per_gib": 262144.0, "major_faults_per_gib": 0.0,
            "resident_share": null,
            "per_run": [
                {"seconds": 0.0009765625, "map_seconds": 0.001, "populate_seconds": null,
                 "minor_faults": 256, "major_faults": 0, "resident_share": null},
                {"seconds": 0.001953125, "map_seconds": 0.001, "populate_seconds": null,
                 "minor_faults": 256, "major_faults": 0, "resident_share": null}
            ]
        }],
        "notes": [],
        "process": {"seconds": 1.0, "minor_faults": 512, "major_faults": 0}
    });
    assert_eq!(json_of(&out), expected);
}

/// Starts a long bench on a temporary file in `tmp` and waits until it has mapped the
/// file, which is after the file was created, opened and (since the fix) unnamed: a signal
/// sent from then on finds the file in the state every later moment has. The signals under
/// test get their default action back in the child, since a parent may hand down SIGINT and
/// SIGQUIT ignored (a shell does for background jobs), and an ignored signal ends nothing.
fn start_long_bench(env: &TestEnv, tmp: &Path, signals: &[libc::c_int]) -> std::process::Child {
    use std::os::unix::process::CommandExt;
    let signals = signals.to_vec();
    let mut cmd = env.cmd();
    cmd.env("TMPDIR", tmp)
        .args([
            "bench", "--size", "16MiB", "--runs", "100000", "--mode", "read",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: signal(2) is async-signal-safe and the closure allocates nothing (the vector
    // was built before the fork).
    unsafe {
        cmd.pre_exec(move || {
            for &signal in &signals {
                libc::signal(signal, libc::SIG_DFL);
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("spawn mmapctl bench");
    let maps = format!("/proc/{}/maps", child.id());
    let dir = tmp.to_str().unwrap().to_string();
    // Only so that a bench that never gets there fails the test instead of hanging it.
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("bench ended before mapping its temporary file: {status:?}");
        }
        let mapped = std::fs::read_to_string(&maps).unwrap_or_default();
        if mapped.lines().any(|line| line.contains(&format!("{dir}/"))) {
            return child;
        }
        assert!(Instant::now() < deadline, "bench never mapped its file");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The signals whose default action ends a process, but for those a handler or mmapctl
/// itself takes (SIGPIPE and SIGXFSZ are ignored so that writes fail with an error it
/// reports; SIGBUS goes to the guard, SIGSEGV to Rust's stack-overflow handler): none of
/// them may leave the temporary file behind, because it has no name once it is open.
fn terminating_signals() -> Vec<libc::c_int> {
    vec![
        libc::SIGHUP,
        libc::SIGINT,
        libc::SIGQUIT,
        libc::SIGABRT,
        libc::SIGKILL,
        libc::SIGUSR1,
        libc::SIGUSR2,
        libc::SIGALRM,
        libc::SIGTERM,
        libc::SIGSTKFLT,
        libc::SIGXCPU,
        libc::SIGVTALRM,
        libc::SIGPROF,
        libc::SIGIO,
        libc::SIGPWR,
        libc::SIGSYS,
        libc::SIGRTMIN(),
        libc::SIGRTMAX(),
    ]
}

#[test]
fn no_signal_leaves_the_temporary_file_behind() {
    use std::os::unix::process::ExitStatusExt;
    let signals = terminating_signals();
    let mut broken = Vec::new();
    for &signal in &signals {
        let (env, tmp) = env_with_tmpdir();
        let mut child = start_long_bench(&env, &tmp, &signals);
        // SAFETY: kill(2) on our own child's pid, which has not been waited for yet.
        let rc = unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        let err = std::io::Error::last_os_error();
        if rc != 0 && err.raw_os_error() == Some(libc::EINVAL) {
            if let Some(emulator) = emulator() {
                // qemu-user 7.2 has no host signal left to carry the guest's SIGRTMAX.
                skip_part(&format!(
                    "signal {signal}: under {emulator}, kill(2) cannot send it (EINVAL)"
                ));
                child.kill().unwrap();
                child.wait().unwrap();
                continue;
            }
        }
        assert_eq!(rc, 0, "kill(bench, {signal}): {err}");
        let status = child.wait().unwrap();
        let left = leftovers(&tmp);
        if !left.is_empty() {
            broken.push(format!("signal {signal} left {left:?}"));
        }
        // Ended by the signal itself (a shell reports 128 + its number): no handler runs.
        if status.signal() != Some(signal) {
            broken.push(format!("signal {signal} ended bench with {status:?}"));
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// `mmapctl bench ARGS` started through `wrapper` (prlimit, setpriv: tools that exec the
/// command they are given), from the test directory with `TMPDIR` set to `tmp`.
fn bench_under(env: &TestEnv, tmp: &Path, wrapper: &[&str], args: &[&str]) -> Output {
    std::process::Command::new(wrapper[0])
        .args(&wrapper[1..])
        .arg(bin())
        .arg("bench")
        .args(args)
        .env("TMPDIR", tmp)
        .env_remove("RUST_BACKTRACE")
        .current_dir(env.path(""))
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", wrapper[0]))
}

/// The documented failure: exit 1 and exactly one `mmapctl: error:` line holding every
/// one of `needles`.
fn assert_one_line_error(output: &Output, needles: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{:?}: {stderr}",
        output.status
    );
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("mmapctl: error: "), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "lacks {needle:?}: {stderr}");
    }
    assert!(output.stdout.is_empty(), "stdout on error");
}

#[test]
fn a_file_size_limit_is_one_error_and_leaves_nothing_behind() {
    let (env, tmp) = env_with_tmpdir();
    let fsize = ["prlimit", "--fsize=4096", "--"];
    let out = bench_under(&env, &tmp, &fsize, &["--size", "1MiB", "--runs", "1"]);
    let place = format!("a temporary file of 1.0 MiB in {}", tmp.display());
    assert_one_line_error(&out, &[&place, "File too large"]);
    assert_empty(&tmp);
    // pwrite past the limit fails even inside an existing file: the --destructive baseline.
    let file = env.file("data.bin", &noise(64 << 10, 12));
    let out = bench_under(
        &env,
        &tmp,
        &fsize,
        &[
            file.to_str().unwrap(),
            "--destructive",
            "--mode",
            "write",
            "--baseline",
            "--runs",
            "1",
        ],
    );
    assert_one_line_error(&out, &["cannot pwrite", "data.bin", "File too large"]);
    assert_empty(&tmp);
}

#[test]
fn an_empty_tmpdir_means_tmp() {
    let env = TestEnv::new();
    let out = ok(env
        .cmd()
        .env("TMPDIR", "")
        .args([
            "bench", "--size", "64KiB", "--runs", "1", "--mode", "read", "--json",
        ])
        .output()
        .unwrap());
    let doc = json_of(&out);
    let path = Path::new(doc["target"]["path"].as_str().unwrap());
    // Not the current directory (the test's), where an empty TMPDIR taken literally leads.
    assert_eq!(path.parent(), Some(Path::new("/tmp")), "{}", path.display());
    assert!(!path.exists(), "{} left behind", path.display());
    assert_empty(&env.path(""));
}

#[test]
fn a_refused_thread_is_one_error_not_a_panic() {
    use std::os::unix::fs::PermissionsExt;
    let (env, tmp) = env_with_tmpdir();
    // The other user must reach the test directory and write the temporary file in TMPDIR.
    std::fs::set_permissions(env.path(""), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o777)).unwrap();
    // Root ignores RLIMIT_NPROC, so as a uid of this test's own; the limit counts every
    // thread of that uid, and the process (with an emulator's thread) uses it up, so no
    // thread can start: deterministic.
    let (uid, nproc) = (lone_uid(), threadless_nproc());
    let (reuid, regid, nproc) = (
        format!("--reuid={uid}"),
        format!("--regid={uid}"),
        format!("--nproc={nproc}"),
    );
    let nobody = [
        "setpriv",
        &reuid,
        &regid,
        "--clear-groups",
        "prlimit",
        &nproc,
        "--",
    ];
    let out = bench_under(
        &env,
        &tmp,
        &nobody,
        &["--anon", "--size", "1MiB", "--threads", "4", "--runs", "1"],
    );
    assert_one_line_error(
        &out,
        &[
            "read through the mapping of anonymous memory",
            "cannot start thread 2 of the 4 that --threads 4 asks for",
        ],
    );
    let out = bench_under(
        &env,
        &tmp,
        &nobody,
        &[
            "--size",
            "1MiB",
            "--threads",
            "2",
            "--runs",
            "1",
            "--mode",
            "write",
        ],
    );
    let file = format!("{}/mmapctl-bench.", tmp.display());
    assert_one_line_error(
        &out,
        &["write through the mapping of", &file, "thread 2 of the 2"],
    );
    assert_empty(&tmp);
    // One thread starts none: the same limit lets it run.
    ok(bench_under(
        &env,
        &tmp,
        &nobody,
        &["--anon", "--size", "1MiB", "--threads", "1", "--runs", "1"],
    ));
}

#[test]
fn refused_memory_is_one_error_not_an_abort() {
    if skip_if_emulated(AS_LIMIT) {
        return;
    }
    let (env, tmp) = env_with_tmpdir();
    // RLIMIT_DATA counts private writable memory (the heap, anonymous and --copy mappings)
    // but not a shared mapping of a file: bench maps 64 GiB of a sparse file, and then the
    // answer of mincore (a byte per page, 16 MiB for the whole region at once) and the
    // --copy mapping are what the limit refuses. A 32-bit process cannot map 64 GiB at all
    // (tests/cli/wide.rs): there 1 GiB, whose --copy mapping is what the limit refuses.
    let size: u64 = if cfg!(target_pointer_width = "64") {
        64 << 30
    } else {
        1 << 30
    };
    let sparse = env.sparse("sparse.bin", size, 0, b"x");
    let data = ["prlimit", "--data=8388608", "--"];
    let out = bench_under(
        &env,
        &tmp,
        &data,
        &[
            sparse.to_str().unwrap(),
            "--copy",
            "--cold",
            "--mode",
            "read",
            "--runs",
            "1",
        ],
    );
    assert_one_line_error(
        &out,
        &[
            "cannot map",
            "sparse.bin",
            "--prot copy",
            "Cannot allocate memory",
        ],
    );
    // The pread buffer of a --block that does not fit.
    let file = env.sparse("64m.bin", 64 << 20, 0, b"x");
    let out = bench_under(
        &env,
        &tmp,
        &data,
        &[
            file.to_str().unwrap(),
            "--mode",
            "randread",
            "--block",
            "32MiB",
            "--baseline",
            "--threads",
            "2",
            "--runs",
            "1",
        ],
    );
    assert_one_line_error(
        &out,
        &[
            "cannot allocate the pread buffer of 32.0 MiB (--block) for thread 1 of 2",
            "Cannot allocate memory",
        ],
    );
    // RLIMIT_AS counts every mapping: the region itself, and anonymous memory, are refused.
    // (1 GiB: a 32-bit mapping cannot be 2 GiB long, whatever the limit.)
    let big = env.sparse("1g.bin", 1 << 30, 0, b"x");
    let address_space = ["prlimit", "--as=268435456", "--"];
    let out = bench_under(
        &env,
        &tmp,
        &address_space,
        &[big.to_str().unwrap(), "--mode", "read", "--runs", "1"],
    );
    assert_one_line_error(&out, &["cannot map", "1g.bin", "Cannot allocate memory"]);
    let out = bench_under(
        &env,
        &tmp,
        &address_space,
        &["--anon", "--size", "1GiB", "--runs", "1"],
    );
    assert_one_line_error(&out, &["anonymous memory", "Cannot allocate memory"]);
    let out = bench_under(
        &env,
        &tmp,
        &address_space,
        &["--size", "1GiB", "--runs", "1"],
    );
    assert_one_line_error(&out, &["cannot map", "Cannot allocate memory"]);
    assert_empty(&tmp);
}

#[test]
fn the_json_of_many_runs_is_written_in_bounded_memory() {
    if skip_if_emulated(AS_LIMIT) {
        return;
    }
    let (env, tmp) = env_with_tmpdir();
    // The whole document as one tree took about 175 MB for 100000 runs of a mode and aborted
    // under this limit; written a run at a time it needs a few MiB.
    let out = ok(bench_under(
        &env,
        &tmp,
        &["prlimit", "--data=67108864", "--"],
        &[
            "--anon", "--size", "4KiB", "--runs", "100000", "--mode", "read", "--json",
        ],
    ));
    let doc = json_of(&out);
    assert_eq!(
        doc["results"][0]["per_run"].as_array().unwrap().len(),
        100_000
    );
    assert_result_contract(&doc["results"][0], 100_000);
}

#[test]
fn help_names_every_option() {
    let env = TestEnv::new();
    let out = ok(env.cmd().args(["bench", "--help"]).output().unwrap());
    let help = String::from_utf8(out.stdout).unwrap();
    // Wrapping may break a phrase across lines.
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for option in [
        "--anon",
        "--size",
        "--offset",
        "--length",
        "--mode",
        "--block",
        "--threads",
        "--runs",
        "--seed",
        "--populate",
        "--advise",
        "--cold",
        "--baseline",
        "--copy",
        "--destructive",
        "--json",
        "one mapping",
    ] {
        assert!(help.contains(option), "help lacks {option}");
    }
    assert!(
        !help.contains("--debug-mode"),
        "no test flag in the product"
    );
}
