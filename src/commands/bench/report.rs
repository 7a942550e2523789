//! Printing what a bench found for people: the table (stdout), a pure function of the
//! [`Outcome`], so tests can assert it exactly. The JSON document is `json.rs`.

use std::io::{self, Write};

use super::outcome::{latency, ops_per_s, ratio, Baseline, Figures, ModeResult, Outcome, Params};
use super::target::TargetKind;
use crate::units::human_bytes;

/// The table: one column per mode, one row per figure, under a line of parameters.
///
/// # Errors
/// Writing to `out`.
pub fn table(outcome: &Outcome, out: &mut impl Write) -> io::Result<()> {
    let p = &outcome.params;
    writeln!(out, "{}", heading(p))?;
    let figures: Vec<Figures> = outcome
        .results
        .iter()
        .map(|r| Figures::of(&r.samples, r.bytes))
        .collect();
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut row = |label: &str, cell: &dyn Fn(&ModeResult, &Figures) -> String| {
        let cells = outcome
            .results
            .iter()
            .zip(&figures)
            .map(|(r, f)| cell(r, f))
            .collect();
        rows.push((label.to_string(), cells));
    };
    row("", &|r, _| r.kind.name().to_string());
    row("bytes", &|r, _| human_bytes(r.bytes));
    row("time median", &|_, f| duration(f.seconds.median));
    row("time min", &|_, f| duration(f.seconds.min));
    row("time max", &|_, f| duration(f.seconds.max));
    row("GiB/s median", &|_, f| format!("{:.2}", f.gib_per_s.median));
    row("GiB/s min", &|_, f| format!("{:.2}", f.gib_per_s.min));
    row("GiB/s max", &|_, f| format!("{:.2}", f.gib_per_s.max));
    if outcome.results.iter().any(|r| r.ops.is_some()) {
        row("ops/s", &|r, f| {
            r.ops.map_or("-".into(), |ops| count(ops_per_s(ops, f)))
        });
        row("mean latency", &|r, f| {
            r.ops
                .map_or("-".into(), |ops| duration(latency(ops, f, p.threads)))
        });
    }
    row("map", &|_, f| duration(f.map.median));
    if p.populate {
        row("populate", &|_, f| {
            f.populate.map_or("-".into(), |s| duration(s.median))
        });
    }
    row("GiB/s incl. map", &|_, f| {
        format!("{:.2}", f.total_gib_per_s)
    });
    row("minor faults/GiB", &|_, f| {
        format!("{:.0}", f.minor_per_gib)
    });
    row("major faults/GiB", &|_, f| {
        format!("{:.0}", f.major_per_gib)
    });
    if p.kind != TargetKind::Anonymous {
        row("resident at start", &|_, f| {
            f.resident
                .map_or("-".into(), |s| format!("{:.0} %", s.min * 100.0))
        });
    }
    if p.baseline {
        row("pread/pwrite GiB/s", &|r, _| match &r.baseline {
            Baseline::Ran(samples) => {
                format!("{:.2}", Figures::of(samples, r.bytes).gib_per_s.median)
            }
            _ => "skipped".into(),
        });
        row("mmap/syscalls", &|r, f| match &r.baseline {
            Baseline::Ran(samples) => {
                let b = Figures::of(samples, r.bytes);
                format!("{:.2}x", ratio(f.gib_per_s.median, b.gib_per_s.median))
            }
            _ => "-".into(),
        });
    }
    for (label, cells) in rows {
        let mut line = format!("{label:<18}");
        for cell in cells {
            line.push_str(&format!(" {cell:>12}"));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn heading(p: &Params) -> String {
    let what = match (&p.path, p.kind) {
        (Some(path), TargetKind::Temporary) => format!("temporary file {}", path.display()),
        (Some(path), _) => path.display().to_string(),
        (None, _) => "anonymous memory".to_string(),
    };
    // Anonymous memory has no offset to speak of: only its size.
    let extent = match p.kind {
        TargetKind::Anonymous => human_bytes(p.region.len),
        _ => format!(
            "{} at offset {}",
            human_bytes(p.region.len),
            p.region.offset
        ),
    };
    let mut parts = vec![
        extent,
        format!("{} mapping", p.mapping),
        format!("{} run{}", p.runs, if p.runs == 1 { "" } else { "s" }),
        format!(
            "{} thread{}",
            p.threads,
            if p.threads == 1 { "" } else { "s" }
        ),
    ];
    if p.modes.iter().any(|k| k.random()) {
        parts.push(format!("block {}", human_bytes(p.block)));
    }
    if p.populate {
        parts.push("populate".into());
    }
    if let Some(advise) = &p.advise {
        parts.push(format!("advise {advise}"));
    }
    if p.kind != TargetKind::Anonymous {
        parts.push(if p.cold { "cold" } else { "warm" }.into());
    }
    if p.fake {
        parts.push("FAKE FIGURES".into());
    }
    format!("mmapctl bench: {what}: {}", parts.join(", "))
}

/// Seconds for people: `1.234 s`, `24.10 ms`, `812.50 µs`, `93.1 ns`.
pub fn duration(seconds: f64) -> String {
    if seconds >= 1.0 {
        format!("{seconds:.3} s")
    } else if seconds >= 1e-3 {
        format!("{:.2} ms", seconds * 1e3)
    } else if seconds >= 1e-6 {
        format!("{:.2} µs", seconds * 1e6)
    } else {
        format!("{:.1} ns", seconds * 1e9)
    }
}

/// A rate for people: `950`, `12.3 k`, `1.23 M`.
fn count(n: f64) -> String {
    if n >= 1e9 {
        format!("{:.2} G", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.2} M", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.1} k", n / 1e3)
    } else {
        format!("{n:.0}")
    }
}
