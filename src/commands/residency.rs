//! `mmapctl residency`: which pages of files are in the page cache, per file and in total,
//! optionally after loading (`--touch`) or dropping (`--evict`) them, with a one-line
//! picture (`--map`).

mod report;

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use indicatif::ProgressBar;

use crate::cli::ResidencyArgs;
use crate::exit::Status;
use crate::mapping::{os, Advice, Bounds, Protection, Region, Source, WINDOW};
use crate::output::progress;
use crate::units::Offset;
use report::{column_of, map_width, notes, picture, print_json, print_table, Report};

/// What a residency report does, settled from the command line before any file is read.
struct Plan<'a> {
    files: &'a [PathBuf],
    recursive: bool,
    offset: Offset,
    length: Option<u64>,
    touch: bool,
    evict: bool,
    /// Columns of the `--map` picture (`None` without `--map`).
    width: Option<usize>,
    /// `--ranges`: list the resident byte ranges (`Some(true)`), or with `--missing` the
    /// ranges not resident (`Some(false)`).
    ranges: Option<bool>,
    json: bool,
}

impl<'a> Plan<'a> {
    fn from_args(args: &'a ResidencyArgs) -> Self {
        Plan {
            files: &args.files,
            recursive: args.recursive,
            offset: args.region.offset,
            length: args.region.length.map(|l| l.0),
            touch: args.touch,
            evict: args.evict,
            width: args.map.then(map_width),
            ranges: args.ranges.then_some(!args.missing),
            json: args.json,
        }
    }
}

/// Runs `mmapctl residency`.
///
/// # Errors
/// A missing or unmappable file, a directory without `-r`, a bad region, a failed mapping
/// or mincore call, and output errors.
pub fn run(args: &ResidencyArgs) -> Result<()> {
    residency(&Plan::from_args(args))
}

fn residency(plan: &Plan) -> Result<()> {
    // As fincore and vmtouch do, a file that cannot be opened or examined (missing,
    // unreadable, a pseudo-file, a directory without -r) is reported on its own line and
    // the others are still reported; the run then ends with the worst exit code met.
    let mut failures = Failures::default();
    let mut walk = crate::walk::Walk::new(plan.files, plan.recursive, "report on");
    // Every file and region is checked before any page is loaded or evicted; files are
    // reopened one at a time below, so a large tree never holds more than one open.
    let mut checked = Vec::new();
    for path in walk.by_ref() {
        let region = path.and_then(|path| {
            let region = resolve(&Source::open(&path, false)?, plan)?;
            Ok((path, region))
        });
        if let Some(found) = failures.keep(region) {
            checked.push(found);
        }
    }
    let skipped = walk.skipped();
    // Saturating, as every total here: tmpfs holds sparse files of 8 EiB, and three of them
    // overflowed the sum (a panic, in a debug build).
    let bytes = checked
        .iter()
        .fold(0u64, |sum, (_, r): &(PathBuf, Region)| {
            sum.saturating_add(r.len)
        });
    // One bar for the slow part: loading with --touch, else counting (slow only where
    // mincore must look at every page).
    let verb = if plan.touch { "loading" } else { "counting" };
    let bar = progress(
        bytes,
        bytes,
        &format!("{verb} [{{bar:30}}] {{bytes}}/{{total_bytes}} ({{bytes_per_sec}})"),
    );
    let count_bar = if plan.touch {
        ProgressBar::hidden()
    } else {
        bar.clone()
    };
    let mut reports = Vec::with_capacity(checked.len());
    for (path, _) in &checked {
        let report = (|| {
            let source = Source::open(path, false)?;
            let region = resolve(&source, plan)?;
            if plan.evict {
                source.advise_cache(region, os::FileAdvice::DontNeed)?;
            }
            if plan.touch {
                touch(&source, region, &bar)?;
            }
            count(&source, region, plan, &count_bar)
        })();
        if let Some(report) = failures.keep(report) {
            reports.push(report);
        }
    }
    bar.finish_and_clear();
    notes(&reports, skipped, plan.evict);
    let mut out = io::BufWriter::new(io::stdout().lock());
    let map = plan.width.is_some();
    if plan.json {
        // Always a document, so that a script's parser never meets an empty stdout.
        print_json(&mut out, &reports, map, failures.count)
    } else if reports.is_empty() && failures.count > 0 {
        // Every file failed: the error lines say it all, a "total (0 files)" line nothing.
        Ok(())
    } else {
        print_table(&mut out, &reports, map)
    }
    .and_then(|()| out.flush())
    .map_err(crate::exit::from_io)
    .context("cannot write to stdout")?;
    match failures.worst {
        0 => Ok(()),
        code => Err(Status(code).into()),
    }
}

/// The files that could not be reported on: each is reported as it is met, on one line
/// (and its hint), and counted; the run ends with the highest exit code among them.
#[derive(Default)]
struct Failures {
    count: u64,
    worst: u8,
}

impl Failures {
    /// The value of `result`, or `None` once its error is reported.
    fn keep<T>(&mut self, result: Result<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.count += 1;
                self.worst = self.worst.max(crate::exit::print(&err));
                None
            }
        }
    }
}

fn resolve(source: &Source, plan: &Plan) -> Result<Region> {
    source.resolve(plan.offset, plan.length, Bounds::Clamp)
}

/// Loads exactly `region` into the page cache, one window at a time. Readahead would load
/// more (`-n 16MiB` loaded 24 MiB, as vmtouch does): a fault reads around and ahead of its
/// page. So the region's first and last [`WINDOW`] are advised MADV_RANDOM (no readahead)
/// and MADV_WILLNEED (their own pages, read in large requests), and only the windows
/// between, whose readahead stays inside the region while it reaches less than a window
/// (read_ahead_kb up to 16 MiB), keep the kernel's readahead: it is several times faster
/// from disk than WILLNEED's reads (64 MiB cold: 0.4 s against 4.4 s here).
fn touch(source: &Source, region: Region, bar: &ProgressBar) -> Result<()> {
    let head_end = region.offset.saturating_add(WINDOW);
    let tail_start = region.end().saturating_sub(WINDOW);
    for window in source.windows(region, Protection::ReadOnly) {
        let window = window?;
        let w = window.region();
        if w.offset < head_end || w.end() > tail_start {
            // Refused hints only bring back the readahead, or page-by-page reads; the pages
            // asked for load either way.
            let _ = window.advise(Advice::Random);
            let _ = window.advise(Advice::Willneed);
        }
        window.touch_pages().map_err(|e| {
            if crate::mapping::is_fault(&e) {
                // EFAULT: the file shrank underneath the window.
                source.fault(window.region()).into()
            } else {
                anyhow::Error::from(e).context(format!(
                    "cannot load {} ({})",
                    source.path().display(),
                    window.region()
                ))
            }
        })?;
        bar.inc(window.region().len);
    }
    Ok(())
}

/// Counts the resident pages of `region`, one window at a time. The kernel is asked first
/// how many of a window's pages are cached (cachestat, which walks only the cached folios):
/// a window with none or all of its pages cached is counted from that answer and never
/// mapped; any other window is mapped and counted page by page with mincore, as fincore
/// and vmtouch count. mincore looks up every page (~35 ns each: ~10 s for a sparse TiB
/// here), so this is what makes a mostly uncached, sparse or fully cached file quick.
/// (The two differ only for a page whose read from disk is in flight at that instant,
/// which cachestat counts and mincore does not yet.)
fn count(source: &Source, region: Region, plan: &Plan, bar: &ProgressBar) -> Result<Report> {
    let width = plan.width;
    let mut ranges = plan
        .ranges
        .map(|resident| Ranges::new(resident, source.size()));
    let page = os::page_size();
    let pages = region.pages();
    let first_page = region.offset / page;
    let ncols = width.map_or(0, |w| usize::try_from(pages).unwrap_or(usize::MAX).min(w));
    // Bounded by map_width, and still no abort where memory is short (RLIMIT_AS).
    let mut columns = Vec::new();
    columns.try_reserve_exact(ncols).map_err(|_| {
        anyhow::anyhow!(
            "cannot draw the map of {}: not enough memory for {ncols} columns",
            source.path().display()
        )
    })?;
    columns.resize(ncols, 0u64);
    let mut resident = 0u64;
    let mut scratch = Vec::new();
    let mut ask_kernel = true;
    let mut uniform = true;
    let mut hidden = false;
    let mut pos = region.offset;
    while pos < region.end() {
        let stop = ((pos / WINDOW + 1) * WINDOW).min(region.end());
        let window = Region {
            offset: pos,
            len: stop - pos,
        };
        pos = stop;
        bar.inc(window.len);
        let base = window.offset / page - first_page;
        // After a window with some pages cached, the next is likely mixed too and the
        // question would only add to mincore's work: ask again after a uniform window.
        if ask_kernel && uniform {
            match source.cached_pages(window) {
                Ok(0) => {
                    if let Some(r) = &mut ranges {
                        r.add(window.offset / page, window.pages(), false);
                    }
                    continue;
                }
                Ok(n) if n == window.pages() => {
                    resident += n;
                    if let Some(r) = &mut ranges {
                        r.add(window.offset / page, n, true);
                    }
                    if ncols > 0 {
                        for i in 0..n {
                            columns[column_of(base + i, pages, ncols)] += 1;
                        }
                    }
                    continue;
                }
                Ok(_) => {}
                Err(e) => {
                    // Unavailable (older kernel, qemu-user) or refused: mincore counts
                    // every window, and is lied to where cachestat would have refused.
                    ask_kernel = false;
                    hidden = e.kind() == io::ErrorKind::PermissionDenied || source.cache_hidden();
                }
            }
        }
        let map = source.map(window, Protection::ReadOnly)?;
        let (_, found) = map.residency(&mut scratch).with_context(|| {
            format!(
                "cannot query residency of {} ({window})",
                source.path().display()
            )
        })?;
        resident += found;
        uniform = found == 0 || found == window.pages();
        if let Some(r) = &mut ranges {
            for (i, b) in scratch.iter().enumerate() {
                r.add(window.offset / page + i as u64, 1, b & 1 == 1);
            }
        }
        if ncols > 0 && found > 0 {
            for (i, _) in scratch.iter().enumerate().filter(|(_, &b)| b & 1 == 1) {
                columns[column_of(base + i as u64, pages, ncols)] += 1;
            }
        }
    }
    Ok(Report {
        path: source.path().to_string_lossy().into_owned(),
        size: source.size(),
        region,
        pages,
        resident,
        map: if width.is_some() {
            picture(&columns, pages)
        } else {
            String::new()
        },
        hidden,
        ranges: ranges.map(|r| (r.resident, r.finish())),
    })
}

/// The byte ranges of the pages in one state (resident, or not), built page run by page
/// run: page-aligned, end exclusive, the last page's end cut to the file's size.
struct Ranges {
    resident: bool,
    size: u64,
    list: Vec<(u64, u64)>,
}

impl Ranges {
    fn new(resident: bool, size: u64) -> Self {
        Ranges {
            resident,
            size,
            list: Vec::new(),
        }
    }

    /// Records that `count` pages from page `first` are `resident` or not.
    fn add(&mut self, first: u64, count: u64, resident: bool) {
        if resident != self.resident || count == 0 {
            return;
        }
        let page = os::page_size();
        let start = first.saturating_mul(page);
        let end = first.saturating_add(count).saturating_mul(page);
        match self.list.last_mut() {
            Some(last) if last.1 == start => last.1 = end,
            _ => self.list.push((start, end)),
        }
    }

    fn finish(mut self) -> Vec<(u64, u64)> {
        for range in &mut self.list {
            range.1 = range.1.min(self.size);
        }
        self.list
    }
}
