//! `mmapctl diff`: compare two files (or the same region of each) in bounded windows and
//! print the differences as an edit script (what `patch --script` applies), as `--stat`,
//! JSON lines or `cmp -l`'s lines; cmp's exit codes (0 identical, 1 different, 2 error, 4 a
//! file shrank while mapped).

mod compare;
mod print;
mod runs;

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::{DiffArgs, DiffFormat};
use crate::exit::{recode, Failure, Status};
use crate::mapping::{Bounds, Region, Source};
use crate::output::write_json;
use crate::parse::script::Hex;
use crate::parse::{Header, Sides};
use crate::units::Offset;
use compare::{compare, Job};
use print::{
    stat_line, to_stdout, CmpLines, JsonSink, NoSink, Quiet, RegionDoc, ScriptSink, SidesDoc,
    SummaryDoc,
};
use runs::{RunSink, Runs, MAX_RUN};

/// Exit code: the files differ (cmp's 1).
const DIFFERENT: u8 = 1;
/// Exit code: any error, usage or runtime (cmp's 2).
const TROUBLE: u8 = 2;

/// What to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Output {
    Script,
    Json,
    Stat,
    Quiet,
    Cmp,
}

/// A validated `diff` call: no clap type past this point.
struct Plan {
    a: PathBuf,
    b: PathBuf,
    offset: Offset,
    length: Option<u64>,
    /// Whether -s/-n name a region (else the whole files).
    region: bool,
    merge: u64,
    output: Output,
    /// Hash both whole files (whole files only, and not for --no-hash).
    hash: bool,
}

impl Plan {
    fn from_args(args: &DiffArgs) -> Result<Plan> {
        if args.merge.0 > MAX_RUN as u64 {
            return Err(Failure {
                code: TROUBLE,
                message: format!(
                    "--merge {} is larger than the longest run ({MAX_RUN} bytes)",
                    args.merge.0
                ),
                hint: None,
            }
            .into());
        }
        let output = if args.quiet {
            Output::Quiet
        } else if args.stat {
            Output::Stat
        } else if args.json {
            Output::Json
        } else if args.format == DiffFormat::Cmp {
            Output::Cmp
        } else {
            Output::Script
        };
        let length = args.length.map(|l| l.0);
        let region = !matches!(args.offset, Offset::FromStart(0)) || length.is_some();
        Ok(Plan {
            a: args.old.clone(),
            b: args.new.clone(),
            offset: args.offset,
            length,
            region,
            merge: args.merge.0,
            output,
            hash: !region && !args.no_hash && matches!(output, Output::Script | Output::Json),
        })
    }
}

/// Runs `mmapctl diff`.
///
/// # Errors
/// [`Status`] 1 when the files differ; any other error carries exit code 2 (4 for a file
/// that shrank while mapped).
pub fn run(args: &DiffArgs) -> Result<()> {
    match Plan::from_args(args).and_then(|plan| execute(&plan)) {
        Ok(false) => Ok(()),
        Ok(true) => Err(Status(DIFFERENT).into()),
        Err(err) => Err(recode(err, TROUBLE)),
    }
}

/// Compares as planned; `Ok(true)` when the files differ.
fn execute(plan: &Plan) -> Result<bool> {
    let a = Source::open(&plan.a, false)?;
    let b = Source::open(&plan.b, false)?;
    crate::edit::journal::warn_if_hot(&plan.a);
    crate::edit::journal::warn_if_hot(&plan.b);
    let range = b.resolve(plan.offset, plan.length, Bounds::Clamp)?;
    // The edit that grows A to B: needed when the compared range reaches B's end past A's.
    let grows = a.size() < b.size() && range.len > 0 && range.end() == b.size();
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let differs = match plan.output {
        Output::Quiet => quiet(&a, &b, range, plan.region || a.size() == b.size())? || grows,
        Output::Cmp => cmp(plan, &a, &b, range, &mut out)?,
        Output::Script | Output::Json | Output::Stat => {
            edits(plan, &a, &b, range, grows, &mut out)?
        }
    };
    out.flush()
        .map_err(crate::exit::from_io)
        .context("cannot write to stdout")?;
    Ok(differs)
}

/// `-q`: whole files of different sizes differ without a byte read; otherwise the
/// comparison stops at the first difference.
fn quiet(a: &Source, b: &Source, range: Region, read: bool) -> Result<bool> {
    if !read {
        return Ok(true);
    }
    let mut q = Quiet::default();
    let job = Job {
        a,
        b,
        range,
        hash: false,
    };
    compare(&job, &mut q)?;
    Ok(q.differs)
}

/// The script, the JSON lines or the `--stat` line.
fn edits(
    plan: &Plan,
    a: &Source,
    b: &Source,
    range: Region,
    grows: bool,
    out: &mut impl Write,
) -> Result<bool> {
    let job = Job {
        a,
        b,
        range,
        hash: plan.hash,
    };
    let sizes = Sides {
        before: a.size(),
        after: b.size(),
    };
    let shrinks = b.size() < a.size();
    let region = plan.region.then_some((range.offset, range.len));
    let differs = match plan.output {
        Output::Script => {
            let (sink, summary, sha256) = walk(&job, ScriptSink::new(), plan.merge, grows)?;
            let header = Header {
                size: Some(sizes),
                sha256,
            };
            sink.print(header, region, out)?;
            differs(&summary, plan, sizes)
        }
        Output::Json => {
            let sink = JsonSink { out: &mut *out };
            let (sink, summary, sha256) = walk(&job, sink, plan.merge, grows)?;
            let doc = SummaryDoc {
                kind: "summary",
                a: &plan.a.to_string_lossy(),
                b: &plan.b.to_string_lossy(),
                size: SidesDoc {
                    a: sizes.before,
                    b: sizes.after,
                },
                sha256: sha256.map(|s| SidesDoc {
                    a: Hex(&s.before).to_string(),
                    b: Hex(&s.after).to_string(),
                }),
                region: region.map(|(offset, length)| RegionDoc { offset, length }),
                identical: !differs(&summary, plan, sizes),
                runs: summary.runs,
                bytes_changed: summary.changed,
                first: summary.first,
                last: summary.last,
                merge: plan.merge,
            };
            write_json(sink.out, &doc).map_err(to_stdout)?;
            !doc.identical
        }
        _ => {
            let (_, summary, _) = walk(&job, NoSink, plan.merge, grows)?;
            writeln!(out, "{}", stat_line(&summary)).map_err(to_stdout)?;
            if sizes.before != sizes.after {
                writeln!(
                    out,
                    "size {} => {}{}",
                    sizes.before,
                    sizes.after,
                    size_note(shrinks)
                )
                .map_err(to_stdout)?;
            }
            differs(&summary, plan, sizes)
        }
    };
    if shrinks {
        say!(
            "mmapctl: note: {} ({} bytes) is shorter than {} ({} bytes): the edits cover its \
             size only, and patch cannot shrink a file (mmapctl never truncates)",
            crate::exit::one_line(&plan.b.display().to_string()),
            sizes.after,
            crate::exit::one_line(&plan.a.display().to_string()),
            sizes.before
        );
    }
    Ok(differs)
}

fn size_note(shrinks: bool) -> &'static str {
    if shrinks {
        " (B is shorter: patch cannot shrink a file, mmapctl never truncates)"
    } else {
        " (B is longer: the script grows A)"
    }
}

/// Different: an edit to print, or whole files of different sizes.
fn differs(summary: &runs::Summary, plan: &Plan, sizes: Sides<u64>) -> bool {
    summary.runs > 0 || (!plan.region && sizes.before != sizes.after)
}

type Walked<S> = (S, runs::Summary, Option<Sides<crate::parse::Sha256>>);

/// Compares into runs for `sink`, adding the growing edit when the range needs it.
fn walk<S: RunSink>(job: &Job<'_>, sink: S, merge: u64, grows: bool) -> Result<Walked<S>> {
    let mut runs = Runs::new(sink, merge);
    let sha256 = compare(job, &mut runs)?;
    let end = job.b.size();
    if grows && runs.end() != Some(end) {
        // B's last byte is past A's end and equal to A's zero there: 00 => 00, written
        // only so that the script's last edit ends at B's size.
        runs.add_unchanged(end - 1, &[0])?;
    }
    let (sink, summary) = runs.finish()?;
    Ok((sink, summary, sha256))
}

/// `-f cmp`: what `cmp -l -i OFFSET -n LEN A B` prints, A not zero-extended: the common
/// part is compared, and a file that ends first is named on stderr, as cmp does.
fn cmp(plan: &Plan, a: &Source, b: &Source, range: Region, out: &mut impl Write) -> Result<bool> {
    let limit = plan
        .length
        .map_or(u64::MAX, |len| range.offset.saturating_add(len));
    let common_end = limit.min(a.size()).min(b.size());
    let compared = Region {
        offset: range.offset,
        len: common_end.saturating_sub(range.offset),
    };
    let mut lines = CmpLines {
        out,
        base: range.offset,
        width: digits(compared.len),
        differs: false,
    };
    let job = Job {
        a,
        b,
        range: compared,
        hash: false,
    };
    compare(&job, &mut lines)?;
    let eof = common_end < limit && a.size() != b.size();
    if eof {
        lines
            .out
            .flush()
            .map_err(crate::exit::from_io)
            .context("cannot write to stdout")?;
        let shorter = if a.size() < b.size() {
            &plan.a
        } else {
            &plan.b
        };
        let shown = crate::exit::one_line(&shorter.display().to_string());
        if compared.len == 0 {
            say!("mmapctl: EOF on {shown} which is empty");
        } else {
            say!("mmapctl: EOF on {shown} after byte {}", compared.len);
        }
    }
    Ok(lines.differs || eof)
}

/// Decimal digits of `n` (1 for 0): GNU cmp's offset column width.
fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

#[cfg(test)]
mod tests;
