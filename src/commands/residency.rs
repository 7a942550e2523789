//! `mmapctl residency`: which pages of files are in the page cache, per file and in total,
//! optionally after loading (`--touch`) or dropping (`--evict`) them, with a one-line
//! picture (`--map`).

mod walk;

use std::io::{self, IsTerminal, Write};

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use serde_json::json;

use crate::cli::ResidencyArgs;
use crate::commands::lock::progress;
use crate::mapping::{os, Bounds, Protection, Region, Source, WINDOW};
use crate::units::human_bytes;

/// One file's report.
struct Report {
    path: String,
    size: u64,
    region: Region,
    pages: u64,
    resident: u64,
    /// Resident pages per column of the picture (`--map`).
    columns: Vec<u64>,
    /// The kernel would not say (cachestat refused with EPERM): mincore's answer for such
    /// files is "every page resident".
    hidden: bool,
}

/// Runs `mmapctl residency`.
///
/// # Errors
/// A missing or unmappable file, a directory without `-r`, a bad region, a failed mapping
/// or mincore call, and output errors.
pub fn run(args: &ResidencyArgs) -> Result<()> {
    let files = walk::expand(&args.files, args.recursive)?;
    // Every file and region is checked before any page is loaded or evicted; files are
    // reopened one at a time below, so a large tree never holds more than one open.
    let mut regions = Vec::with_capacity(files.paths.len());
    for path in &files.paths {
        regions.push(resolve(&Source::open(path, false)?, args)?);
    }
    let bytes: u64 = regions.iter().map(|r| r.len).sum();
    let bar = progress(bytes * (1 + u64::from(args.touch)), "residency");
    let width = args.map.then(map_width);
    let mut reports = Vec::with_capacity(regions.len());
    for path in &files.paths {
        let source = Source::open(path, false)?;
        let region = resolve(&source, args)?;
        if args.evict {
            source.advise_cache(region, os::FileAdvice::DontNeed)?;
        }
        if args.touch {
            touch(&source, region, &bar)?;
        }
        reports.push(count(&source, region, width, &bar)?);
    }
    bar.finish_and_clear();
    notes(&reports, files.skipped, args.evict);
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        print_json(&mut out, &reports, args.map)
    } else {
        print_table(&mut out, &reports, args.map)
    }
    .and_then(|()| out.flush())
    .map_err(crate::exit::from_io)
    .context("cannot write to stdout")
}

fn resolve(source: &Source, args: &ResidencyArgs) -> Result<Region> {
    let length = args.region.length.map(|l| l.0);
    source.resolve(args.region.offset, length, Bounds::Clamp)
}

/// Loads `region` into the page cache, one window at a time.
fn touch(source: &Source, region: Region, bar: &ProgressBar) -> Result<()> {
    for window in source.windows(region, Protection::ReadOnly) {
        let window = window?;
        window.touch_pages().map_err(|e| {
            if e.raw_os_error() == Some(14) {
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

/// Counts the resident pages of `region` with mincore, one window at a time. A window the
/// kernel reports no cached page for (cachestat) is not mapped at all, which is what makes
/// a mostly uncached or sparse terabyte quick: mincore looks up every page (~35 ns each,
/// ~10 s per TiB here), cachestat only the cached ones.
fn count(
    source: &Source,
    region: Region,
    width: Option<usize>,
    bar: &ProgressBar,
) -> Result<Report> {
    let page = os::page_size();
    let pages = region.pages();
    let first_page = region.offset / page;
    let ncols = width.map_or(0, |w| usize::try_from(pages).unwrap_or(usize::MAX).min(w));
    let mut columns = vec![0u64; ncols];
    let mut resident = 0u64;
    let mut scratch = Vec::new();
    let mut ask_kernel = true;
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
        if ask_kernel {
            match source.cached_pages(window) {
                Ok(0) => continue,
                Ok(_) => {}
                Err(e) => {
                    // Unavailable (older kernel) or refused: mincore counts every window.
                    ask_kernel = false;
                    hidden = e.kind() == io::ErrorKind::PermissionDenied;
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
        if ncols > 0 && found > 0 {
            let base = window.offset / page - first_page;
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
        columns,
        hidden,
    })
}

/// The column of the picture that page `index` (of `pages`) falls in: column `c` holds
/// pages `ceil(c * pages / ncols) .. ceil((c + 1) * pages / ncols)`.
fn column_of(index: u64, pages: u64, ncols: usize) -> usize {
    (u128::from(index) * ncols as u128 / u128::from(pages)) as usize
}

/// How many pages column `c` of `ncols` holds.
fn column_pages(c: usize, pages: u64, ncols: usize) -> u64 {
    let start = |c: usize| (c as u128 * u128::from(pages)).div_ceil(ncols as u128);
    (start(c + 1) - start(c)) as u64
}

/// The picture: `O` where every page of a column is resident, `o` where some are, a space
/// where none is (vmtouch -v's letters).
fn picture(report: &Report) -> String {
    let ncols = report.columns.len();
    let cells: String = (0..ncols)
        .map(|c| match report.columns[c] {
            0 => ' ',
            n if n == column_pages(c, report.pages, ncols) => 'O',
            _ => 'o',
        })
        .collect();
    format!("[{cells}]")
}

/// Columns available for the picture: the terminal's width (else `COLUMNS`, else 80) less
/// the brackets.
fn map_width() -> usize {
    let width = if io::stdout().is_terminal() {
        terminal_size::terminal_size().map(|(terminal_size::Width(w), _)| usize::from(w))
    } else {
        None
    };
    let width = width
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .unwrap_or(80);
    width.saturating_sub(2).max(1)
}

/// Notes on stderr about what the numbers cannot show.
fn notes(reports: &[Report], skipped: u64, evicted: bool) {
    if skipped > 0 {
        eprintln!(
            "note: skipped {skipped} entries that are not regular files (symbolic links are \
             not followed)"
        );
    }
    for report in reports.iter().filter(|r| r.hidden) {
        eprintln!(
            "note: {}: the kernel hides the page cache of files you neither own nor may write, \
             and mincore then reports every page resident; run as the owner or root",
            report.path
        );
    }
    if evicted {
        let stayed: u64 = reports.iter().map(|r| r.resident).sum();
        if stayed > 0 {
            eprintln!(
                "note: {stayed} pages stayed in the page cache after --evict: the kernel keeps \
                 dirty pages (run `sync` first), pages that processes have mapped or locked, \
                 and large folios reaching outside the region"
            );
        }
    }
}

fn percent(resident: u64, pages: u64) -> f64 {
    if pages == 0 {
        0.0
    } else {
        resident as f64 * 100.0 / pages as f64
    }
}

/// The table: resident/total pages, their bytes, the percentage, then the path (last, so
/// that long paths do not break the columns); a total line when there is not exactly one
/// file.
fn print_table<W: Write>(out: &mut W, reports: &[Report], show_map: bool) -> io::Result<()> {
    let page = os::page_size();
    let mut rows: Vec<(u64, u64, String, Option<String>)> = reports
        .iter()
        .map(|r| (r.resident, r.pages, r.path.clone(), Some(picture(r))))
        .collect();
    if reports.len() != 1 {
        let n = reports.len();
        let resident = reports.iter().map(|r| r.resident).sum();
        let pages = reports.iter().map(|r| r.pages).sum();
        let label = format!("total ({n} file{})", if n == 1 { "" } else { "s" });
        rows.push((resident, pages, label, None));
    }
    let cells: Vec<(String, String)> = rows
        .iter()
        .map(|(res, pages, ..)| {
            let count = format!("{res}/{pages} pages");
            let bytes = format!("{}/{}", human_bytes(res * page), human_bytes(pages * page));
            (count, bytes)
        })
        .collect();
    let w0 = cells.iter().map(|c| c.0.len()).max().unwrap_or(0);
    let w1 = cells.iter().map(|c| c.1.len()).max().unwrap_or(0);
    for ((res, pages, label, map), (count, bytes)) in rows.iter().zip(&cells) {
        let pct = percent(*res, *pages);
        writeln!(out, "{count:>w0$}  {bytes:>w1$}  {pct:>5.1}%  {label}")?;
        if let (true, Some(map)) = (show_map, map) {
            writeln!(out, "{map}")?;
        }
    }
    Ok(())
}

fn print_json<W: Write>(out: &mut W, reports: &[Report], map: bool) -> io::Result<()> {
    let files: Vec<_> = reports
        .iter()
        .map(|r| {
            let mut file = json!({
                "path": r.path,
                "size": r.size,
                "offset": r.region.offset,
                "length": r.region.len,
                "pages": r.pages,
                "resident_pages": r.resident,
            });
            if map {
                file["map"] = json!(picture(r));
            }
            file
        })
        .collect();
    let doc = json!({
        "files": files,
        "total": {
            "files": reports.len(),
            "pages": reports.iter().map(|r| r.pages).sum::<u64>(),
            "resident_pages": reports.iter().map(|r| r.resident).sum::<u64>(),
        },
        "page_size": os::page_size(),
    });
    writeln!(out, "{doc}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_partition_the_pages() {
        for (pages, ncols) in [(1u64, 1usize), (10, 3), (7, 7), (1 << 28, 78), (100, 78)] {
            let total: u64 = (0..ncols).map(|c| column_pages(c, pages, ncols)).sum();
            assert_eq!(total, pages);
            let mut counts = vec![0u64; ncols];
            for i in (0..pages).step_by((pages / 1000).max(1) as usize) {
                counts[column_of(i, pages, ncols)] += 1;
            }
            if pages <= 1000 {
                for (c, &count) in counts.iter().enumerate() {
                    assert_eq!(count, column_pages(c, pages, ncols), "{pages} {ncols} {c}");
                }
            }
        }
    }
}
