//! Unit tests of bench: mode selection and refusal, figures, and the report's layout.

use clap::Parser;

use super::measure::Sample;
use super::outcome::{Baseline, ModeResult, Outcome, Params, Process};
use super::target::TargetKind;
use super::workload::Kind;
use super::*;
use super::{json, report};
use crate::cli::{Cli, Command};
use crate::mapping::Region;

fn args(line: &[&str]) -> BenchArgs {
    let cli = Cli::try_parse_from([&["mmapctl", "bench"], line].concat()).expect("parses");
    match cli.command {
        Command::Bench(args) => args,
        _ => unreachable!("a bench command line"),
    }
}

#[test]
fn default_modes_depend_on_what_may_be_written() {
    let mut notes = Vec::new();
    assert_eq!(modes(&args(&[]), &mut notes).unwrap().len(), 4);
    assert_eq!(modes(&args(&["--anon"]), &mut notes).unwrap().len(), 4);
    assert!(notes.is_empty());
    let read_only = modes(&args(&["f.bin"]), &mut notes).unwrap();
    assert_eq!(read_only, [Kind::Read, Kind::RandRead]);
    assert_eq!(notes.len(), 1);
    for allowed in ["--copy", "--destructive"] {
        assert_eq!(
            modes(&args(&["f.bin", allowed]), &mut notes).unwrap().len(),
            4
        );
    }
}

#[test]
fn explicit_write_modes_on_a_users_file_are_refused() {
    for mode in ["write", "randwrite", "all"] {
        let err = modes(&args(&["f.bin", "--mode", mode]), &mut Vec::new()).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("f.bin: refusing --mode "), "{message}");
        assert!(
            message.contains(mode) && message.contains("--copy"),
            "{message}"
        );
    }
    assert!(modes(&args(&["f.bin", "--mode", "randread"]), &mut Vec::new()).is_ok());
    assert!(modes(&args(&["--mode", "write"]), &mut Vec::new()).is_ok());
}

fn sample(touch: f64) -> Sample {
    Sample {
        map: 0.5,
        populate: None,
        touch,
        minor_faults: 10,
        major_faults: 1,
        resident: None,
    }
}

fn outcome(results: Vec<ModeResult>, baseline: bool) -> Outcome {
    Outcome {
        params: Params {
            kind: TargetKind::Anonymous,
            path: None,
            file_size: None,
            region: Region {
                offset: 0,
                len: 1 << 30,
            },
            modes: results.iter().map(|r| r.kind).collect(),
            block: 4096,
            threads: 2,
            runs: 4,
            seed: 1,
            populate: false,
            advise: Some("sequential".into()),
            cold: false,
            baseline,
            baseline_request: 1 << 20,
            mapping: "anonymous",
            destructive: false,
            page_size: 4096,
            fake: false,
        },
        results,
        notes: Vec::new(),
        process: Process::default(),
    }
}

#[test]
fn medians_of_an_even_count_and_rates_from_times() {
    let result = ModeResult {
        kind: Kind::Write,
        bytes: 1 << 30,
        ops: None,
        samples: [4.0, 1.0, 2.0, 8.0].map(sample).to_vec(),
        baseline: Baseline::Off,
    };
    let doc = json::tree(&outcome(vec![result], false));
    let r = &doc["results"][0];
    assert_eq!(r["seconds"]["median"], 3.0);
    assert_eq!(r["seconds"]["min"], 1.0);
    assert_eq!(r["seconds"]["max"], 8.0);
    // The fastest run is the maximum rate.
    assert_eq!(r["gib_per_s"]["max"], 1.0);
    assert_eq!(r["gib_per_s"]["min"], 0.125);
    assert_eq!(r["minor_faults"], 10);
    assert_eq!(r["minor_faults_per_gib"], 10.0);
    // Map time counts in the total: median of 1.5, 2.5, 4.5, 8.5.
    assert_eq!(r["total_gib_per_s"], 1.0 / 3.5);
    assert!(r.get("ops_per_s").is_none());
    assert_eq!(doc["target"]["advise"], "sequential");
}

#[test]
fn table_leaves_out_what_does_not_apply() {
    let results = vec![
        ModeResult {
            kind: Kind::Read,
            bytes: 1 << 30,
            ops: None,
            samples: vec![sample(0.5)],
            baseline: Baseline::Ran(vec![sample(1.0)]),
        },
        ModeResult {
            kind: Kind::RandWrite,
            bytes: 1 << 30,
            ops: Some(1 << 18),
            samples: vec![sample(0.25)],
            baseline: Baseline::Skipped("because".into()),
        },
    ];
    let mut out = Vec::new();
    report::table(&outcome(results, true), &mut out).unwrap();
    let table = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0],
        "mmapctl bench: anonymous memory: 1.0 GiB, anonymous mapping, 4 runs, \
         2 threads, block 4.0 KiB, advise sequential"
    );
    assert_eq!(
        lines[1],
        format!("{:18} {:>12} {:>12}", "", "read", "randwrite")
    );
    assert!(
        lines.contains(&"ops/s                         -       1.05 M"),
        "{table}"
    );
    // Two threads: each operation took 2 × 0.25 s / 2^18.
    assert!(
        lines.contains(&"mean latency                  -      1.91 µs"),
        "{table}"
    );
    assert!(
        lines.contains(&"pread/pwrite GiB/s         1.00      skipped"),
        "{table}"
    );
    assert!(
        lines.contains(&"mmap/syscalls             2.00x            -"),
        "{table}"
    );
    assert!(
        !table.contains("resident"),
        "anonymous memory has no page cache"
    );
    assert!(!table.contains("populate"));
}

#[test]
fn durations_for_people() {
    assert_eq!(report::duration(1.5), "1.500 s");
    assert_eq!(report::duration(0.0241), "24.10 ms");
    assert_eq!(report::duration(8.125e-4), "812.50 µs");
    assert_eq!(report::duration(9.31e-8), "93.1 ns");
}

#[test]
fn the_streamed_json_is_the_tree_printed() {
    let results = vec![
        ModeResult {
            kind: Kind::Read,
            bytes: 1 << 30,
            ops: None,
            samples: vec![sample(0.5), sample(0.75), sample(0.25)],
            baseline: Baseline::Ran(vec![sample(1.0), sample(2.0), sample(3.0)]),
        },
        ModeResult {
            kind: Kind::RandWrite,
            bytes: 1 << 30,
            ops: Some(1 << 18),
            samples: vec![sample(0.25)],
            baseline: Baseline::Skipped("because \"quoted\"".into()),
        },
        ModeResult {
            kind: Kind::Write,
            bytes: 1 << 30,
            ops: None,
            samples: Vec::new(),
            baseline: Baseline::Off,
        },
    ];
    let mut full = outcome(results, true);
    full.notes.push("a note with a \\ and a \n".into());
    full.params.path = Some("/tmp/zz \"quoted\"".into());
    for doc in [full, outcome(Vec::new(), false)] {
        let mut out = Vec::new();
        json::write_json(&doc, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            json::tree(&doc).to_string()
        );
    }
}
