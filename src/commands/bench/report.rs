//! Printing what a bench found: the table for people (stdout) or one JSON document; pure
//! functions of the [`Outcome`], so tests can assert them exactly.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::outcome::{latency, ops_per_s, ratio, Baseline, Figures, ModeResult, Outcome, Params};
use super::target::TargetKind;
use crate::units::human_bytes;

/// The JSON document: `{"target": {...}, "results": [...], "notes": [...], "process": {...}}`.
/// [`write_json`] prints the same document without building it whole.
#[cfg(test)]
pub fn json(outcome: &Outcome) -> Value {
    let mut doc = document(outcome);
    let results = outcome
        .results
        .iter()
        .map(|r| {
            let mut mode = mode_json(r, &outcome.params);
            let runs = (0..r.samples.len()).map(|i| run_json(r, i)).collect();
            mode.insert("per_run".into(), Value::Array(runs));
            Value::Object(mode)
        })
        .collect();
    doc.insert("results".into(), Value::Array(results));
    Value::Object(doc)
}

/// Writes the JSON document, byte for byte what printing [`json`]'s tree gives (serde_json
/// sorts keys), building one run's object at a time: the whole tree, with `--runs 100000`
/// over four modes, took about 700 MB, an allocation that --runs decided and that aborts
/// the process where memory is limited.
///
/// # Errors
/// Writing to `out`.
pub fn write_json(outcome: &Outcome, out: &mut impl Write) -> io::Result<()> {
    write_object(out, document(outcome), "results", |out| {
        out.write_all(b"[")?;
        for (n, r) in outcome.results.iter().enumerate() {
            if n > 0 {
                out.write_all(b",")?;
            }
            write_object(out, mode_json(r, &outcome.params), "per_run", |out| {
                out.write_all(b"[")?;
                for i in 0..r.samples.len() {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut *out, &run_json(r, i))?;
                }
                out.write_all(b"]")
            })?;
        }
        out.write_all(b"]")
    })
}

/// Writes `fields` plus the field `name`, whose value `value` writes, as one compact JSON
/// object with its keys in the sorted order serde_json's own maps keep.
fn write_object<W: Write>(
    out: &mut W,
    fields: Map<String, Value>,
    name: &str,
    value: impl FnOnce(&mut W) -> io::Result<()>,
) -> io::Result<()> {
    let mut value = Some(value);
    let mut first = true;
    let mut key = |out: &mut W, key: &str| -> io::Result<()> {
        if !std::mem::take(&mut first) {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, key)?;
        out.write_all(b":")
    };
    out.write_all(b"{")?;
    for (k, v) in &fields {
        if k.as_str() > name {
            if let Some(value) = value.take() {
                key(out, name)?;
                value(out)?;
            }
        }
        key(out, k)?;
        serde_json::to_writer(&mut *out, v)?;
    }
    if let Some(value) = value.take() {
        key(out, name)?;
        value(out)?;
    }
    out.write_all(b"}")
}

/// The document's fields but `results`.
fn document(outcome: &Outcome) -> Map<String, Value> {
    let p = &outcome.params;
    let target = json!({
        "kind": p.kind.name(),
        "path": p.path.as_ref().map(|path| path.display().to_string()),
        "file_size": p.file_size,
        "offset": p.region.offset,
        "length": p.region.len,
        "modes": p.modes.iter().map(|k| k.name()).collect::<Vec<_>>(),
        "block": p.block,
        "threads": p.threads,
        "runs": p.runs,
        "seed": p.seed,
        "populate": p.populate,
        "advise": p.advise,
        "cold": p.cold,
        "baseline": p.baseline,
        "baseline_request": p.baseline_request,
        "mapping": p.mapping,
        "destructive": p.destructive,
        "page_size": p.page_size,
        "fake_figures": p.fake,
    });
    let Value::Object(doc) = json!({
        "target": target,
        "notes": outcome.notes,
        "process": {
            "seconds": outcome.process.seconds,
            "minor_faults": outcome.process.minor_faults,
            "major_faults": outcome.process.major_faults,
        },
    }) else {
        unreachable!("json! of an object literal is an object")
    };
    doc
}

/// One mode's fields but `per_run`.
fn mode_json(r: &ModeResult, p: &Params) -> Map<String, Value> {
    let f = Figures::of(&r.samples, r.bytes);
    let Value::Object(mut obj) = json!({
        "mode": r.kind.name(),
        "bytes": r.bytes,
        "runs": r.samples.len(),
        "seconds": f.seconds.json(),
        "gib_per_s": f.gib_per_s.json(),
        "map_seconds": f.map.json(),
        "populate_seconds": f.populate.map(|s| s.json()),
        "total_gib_per_s": f.total_gib_per_s,
        "minor_faults": f.minor,
        "major_faults": f.major,
        "minor_faults_per_gib": f.minor_per_gib,
        "major_faults_per_gib": f.major_per_gib,
        "resident_share": f.resident.map(|s| s.json()),
    }) else {
        unreachable!("json! of an object literal is an object")
    };
    if let Some(ops) = r.ops {
        obj.insert("ops".into(), json!(ops));
        obj.insert("ops_per_s".into(), json!(ops_per_s(ops, &f)));
        obj.insert(
            "mean_latency_seconds".into(),
            json!(latency(ops, &f, p.threads)),
        );
    }
    let baseline = match &r.baseline {
        Baseline::Off => None,
        Baseline::Skipped(why) => {
            obj.insert("baseline_gib_per_s".into(), Value::Null);
            Some(json!({"api": r.api(), "skipped": why}))
        }
        Baseline::Ran(samples) => {
            let b = Figures::of(samples, r.bytes);
            obj.insert("baseline_gib_per_s".into(), json!(b.gib_per_s.median));
            obj.insert(
                "mmap_over_baseline".into(),
                json!(ratio(f.gib_per_s.median, b.gib_per_s.median)),
            );
            Some(json!({
                "api": r.api(),
                "request": r.request(p),
                "seconds": b.seconds.json(),
                "gib_per_s": b.gib_per_s.json(),
                "minor_faults": b.minor,
                "major_faults": b.major,
                "resident_share": b.resident.map(|s| s.json()),
            }))
        }
    };
    if let Some(baseline) = baseline {
        obj.insert("baseline".into(), baseline);
    }
    obj
}

/// Run `i` of a mode (and its baseline run beside it).
fn run_json(r: &ModeResult, i: usize) -> Value {
    let s = &r.samples[i];
    let mut run = json!({
        "seconds": s.touch,
        "map_seconds": s.map,
        "populate_seconds": s.populate,
        "minor_faults": s.minor_faults,
        "major_faults": s.major_faults,
        "resident_share": s.resident,
    });
    if let Baseline::Ran(samples) = &r.baseline {
        if let Some(b) = samples.get(i) {
            let run = run.as_object_mut().expect("an object");
            run.insert("baseline_seconds".into(), json!(b.touch));
            run.insert("baseline_resident_share".into(), json!(b.resident));
        }
    }
    run
}

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
    let mut parts = vec![
        format!(
            "{} at offset {}",
            human_bytes(p.region.len),
            p.region.offset
        ),
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
