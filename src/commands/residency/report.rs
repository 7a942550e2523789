//! What `residency` prints: the table (with `--map`'s picture), the JSON document, and
//! notes on stderr about what the numbers cannot show.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::cli::MAX_WIDTH;
use crate::mapping::{os, Region};
use crate::units::human_bytes;

/// One file's report.
pub(super) struct Report {
    /// The path as given or found.
    pub(super) path: String,
    /// The file's size.
    pub(super) size: u64,
    /// The region examined.
    pub(super) region: Region,
    /// Pages the region touches.
    pub(super) pages: u64,
    /// How many of them are resident.
    pub(super) resident: u64,
    /// The picture (`--map`; empty without it), drawn as soon as the file is counted so
    /// that a report keeps one byte per column rather than a count.
    pub(super) map: String,
    /// The kernel would not say (cachestat refused with EPERM): mincore's answer for such
    /// files is "every page resident".
    pub(super) hidden: bool,
    /// `--ranges`: whether they are the resident ranges (else the missing ones), and the
    /// byte ranges, START..END.
    pub(super) ranges: Option<(bool, Vec<(u64, u64)>)>,
}

/// Ranges in vmtouch's `-p` syntax: `START-END` in bytes, END exclusive.
fn range_texts(ranges: &[(u64, u64)]) -> Vec<String> {
    ranges.iter().map(|(a, b)| format!("{a}-{b}")).collect()
}

/// The column of the picture that page `index` (of `pages`) falls in: column `c` holds
/// pages `ceil(c * pages / ncols) .. ceil((c + 1) * pages / ncols)`.
pub(super) fn column_of(index: u64, pages: u64, ncols: usize) -> usize {
    // Below ncols, since index < pages.
    usize::try_from(u128::from(index) * ncols as u128 / u128::from(pages)).unwrap_or(ncols - 1)
}

/// How many pages column `c` of `ncols` holds.
fn column_pages(c: usize, pages: u64, ncols: usize) -> u64 {
    let start = |c: usize| (c as u128 * u128::from(pages)).div_ceil(ncols as u128);
    // At most pages.
    u64::try_from(start(c + 1) - start(c)).unwrap_or(pages)
}

/// The picture: `O` where every page of a column is resident, `o` where some are, a space
/// where none is (vmtouch -v's letters).
/// `columns` holds the resident pages per column, of `pages` in all.
pub(super) fn picture(columns: &[u64], pages: u64) -> String {
    let ncols = columns.len();
    let cells: String = (0..ncols)
        .map(|c| match columns[c] {
            0 => ' ',
            n if n == column_pages(c, pages, ncols) => 'O',
            _ => 'o',
        })
        .collect();
    format!("[{cells}]")
}

/// Columns available for the picture: the terminal's width (else `COLUMNS`, else 80) less
/// the brackets, and never more than a terminal can report (65535): `COLUMNS` is anyone's
/// to set, and `COLUMNS=1000000000000` on a 15 TiB file once asked for 32 GiB and aborted.
pub(super) fn map_width() -> usize {
    let width = if io::stdout().is_terminal() {
        terminal_size::terminal_size().map(|(terminal_size::Width(w), _)| u64::from(w))
    } else {
        None
    };
    let width = width
        .or_else(|| columns_from_env(&std::env::var("COLUMNS").ok()?))
        .unwrap_or(80)
        .min(MAX_WIDTH);
    usize::try_from(width)
        .unwrap_or(usize::MAX)
        .saturating_sub(2)
        .max(1)
}

/// A width in `COLUMNS`: a number too large for a u64 is still a (very) wide terminal, not
/// a malformed value that would fall back to 80.
fn columns_from_env(value: &str) -> Option<u64> {
    match value.trim().parse::<u64>() {
        Ok(n) => Some(n),
        Err(e) if *e.kind() == std::num::IntErrorKind::PosOverflow => Some(u64::MAX),
        Err(_) => None,
    }
}

/// Notes on stderr about what the numbers cannot show.
pub(super) fn notes(reports: &[Report], skipped: u64, evicted: bool) {
    if let Some(note) = crate::walk::skipped_note(skipped) {
        say!("{note}");
    }
    for report in reports.iter().filter(|r| r.hidden) {
        say!(
            "note: {}: the kernel hides the page cache of files you neither own nor may write, \
             and mincore then reports every page resident; run as the owner or root",
            report.path
        );
    }
    if evicted {
        let stayed = total(reports, |r| r.resident);
        if stayed > 0 {
            say!(
                "note: {stayed} pages stayed in the page cache after --evict: the kernel keeps \
                 dirty pages (run `sync` first), pages that processes have mapped or locked, \
                 and large folios reaching outside the region"
            );
        }
    }
}

/// The sum of `field` over the reports, saturating (see `residency::run`).
fn total(reports: &[Report], field: impl Fn(&Report) -> u64) -> u64 {
    reports
        .iter()
        .fold(0u64, |sum, r| sum.saturating_add(field(r)))
}

/// The resident share in percent, as text: one decimal, or as many more as it takes (and
/// one besides, for two significant digits) not to read as 0 while a page is there or as
/// 100 while one is missing: one page of 256 MiB is `0.0015`, not a rounded `0.0` nor a
/// clamped `0.1`. Exactly `0.0` and `100.0` only when no page, or every page, is resident.
fn percent(resident: u64, pages: u64) -> String {
    if pages == 0 || resident == 0 {
        return "0.0".to_string();
    }
    if resident >= pages {
        return "100.0".to_string();
    }
    let pct = resident as f64 * 100.0 / pages as f64;
    let shown = |digits: usize| format!("{pct:.digits$}");
    let inside = |text: &str| text.parse::<f64>().is_ok_and(|v| v > 0.0 && v < 100.0);
    // Within 0.1 of either end: two significant digits of the distance to that end.
    // (From the page counts, so that 999 of 1000 is 0.1 from 100 exactly.)
    let distance = resident.min(pages - resident) as f64 * 100.0 / pages as f64;
    let mut digits = if distance >= 0.1 {
        1
    } else {
        (-distance.log10()).ceil() as usize + 1
    };
    // Rounding at the last digit could still reach an end; f64's 17 significant digits
    // show any share of at most 2^64 pages well before 40.
    while !inside(&shown(digits)) && digits < 40 {
        digits += 1;
    }
    shown(digits)
}

/// The table: resident/total pages, their bytes, the percentage, then the path (last, so
/// that long paths do not break the columns); a total line when there is not exactly one
/// file.
pub(super) fn print_table<W: Write>(
    out: &mut W,
    reports: &[Report],
    show_map: bool,
) -> io::Result<()> {
    let page = os::page_size();
    let mut rows: Vec<(u64, u64, String, Option<String>)> = reports
        .iter()
        .map(|r| (r.resident, r.pages, r.path.clone(), Some(r.map.clone())))
        .collect();
    if reports.len() != 1 {
        let n = reports.len();
        let resident = total(reports, |r| r.resident);
        let pages = total(reports, |r| r.pages);
        let label = format!("total ({n} file{})", if n == 1 { "" } else { "s" });
        rows.push((resident, pages, label, None));
    }
    let cells: Vec<(String, String)> = rows
        .iter()
        .map(|(res, pages, ..)| {
            let count = format!("{res}/{pages} pages");
            let bytes = format!(
                "{}/{}",
                human_bytes(res.saturating_mul(page)),
                human_bytes(pages.saturating_mul(page))
            );
            (count, bytes)
        })
        .collect();
    let pcts: Vec<String> = rows
        .iter()
        .map(|(res, pages, ..)| percent(*res, *pages))
        .collect();
    let w0 = cells.iter().map(|c| c.0.len()).max().unwrap_or(0);
    let w1 = cells.iter().map(|c| c.1.len()).max().unwrap_or(0);
    let w2 = pcts.iter().map(String::len).max().unwrap_or(0).max(5);
    for (i, ((_, _, label, map), (count, bytes))) in rows.iter().zip(&cells).enumerate() {
        let pct = &pcts[i];
        writeln!(out, "{count:>w0$}  {bytes:>w1$}  {pct:>w2$}%  {label}")?;
        if let (true, Some(map)) = (show_map, map) {
            writeln!(out, "{map}")?;
        }
        if let Some((resident, ranges)) = reports.get(i).and_then(|r| r.ranges.as_ref()) {
            let what = if *resident { "resident" } else { "missing" };
            let list = if ranges.is_empty() {
                "none".to_string()
            } else {
                range_texts(ranges).join(" ")
            };
            writeln!(out, "{what}: {list}")?;
        }
    }
    Ok(())
}

/// `residency --json`'s document (DESIGN.md's fields, plus `map` with `--map`, the file
/// count and the page size). Keys are in alphabetical order, the order the document has
/// always been printed in (serde_json's own maps sort them).
#[derive(Serialize)]
struct Document<'a> {
    /// Files that could not be reported on (each named on stderr).
    errors: u64,
    files: Vec<FileJson<'a>>,
    page_size: u64,
    total: TotalJson,
}

/// One file of the document.
#[derive(Serialize)]
struct FileJson<'a> {
    length: u64,
    /// The picture, with `--map` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    map: Option<&'a str>,
    /// The ranges not resident, with `--ranges --missing` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    missing_ranges: Option<Vec<String>>,
    offset: u64,
    pages: u64,
    path: &'a str,
    resident_pages: u64,
    /// The resident ranges, with `--ranges` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    resident_ranges: Option<Vec<String>>,
    size: u64,
}

/// The document's totals.
#[derive(Serialize)]
struct TotalJson {
    files: usize,
    pages: u64,
    resident_pages: u64,
}

pub(super) fn print_json<W: Write>(
    out: &mut W,
    reports: &[Report],
    map: bool,
    errors: u64,
) -> io::Result<()> {
    let ranges = |r: &Report, resident: bool| {
        r.ranges
            .as_ref()
            .filter(|(is_resident, _)| *is_resident == resident)
            .map(|(_, list)| range_texts(list))
    };
    let doc = Document {
        errors,
        files: reports
            .iter()
            .map(|r| FileJson {
                length: r.region.len,
                map: map.then_some(r.map.as_str()),
                missing_ranges: ranges(r, false),
                offset: r.region.offset,
                pages: r.pages,
                path: &r.path,
                resident_pages: r.resident,
                resident_ranges: ranges(r, true),
                size: r.size,
            })
            .collect(),
        page_size: os::page_size(),
        total: TotalJson {
            files: reports.len(),
            pages: total(reports, |r| r.pages),
            resident_pages: total(reports, |r| r.resident),
        },
    };
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_never_hides_a_page() {
        assert_eq!(percent(0, 0), "0.0");
        assert_eq!(percent(0, 10), "0.0");
        assert_eq!(percent(1, 1_000_000), "0.00010");
        assert_eq!(percent(1, 65_536), "0.0015");
        assert_eq!(percent(999_999, 1_000_000), "99.99990");
        assert_eq!(percent(65_535, 65_536), "99.9985");
        assert_eq!(percent(1, u64::MAX), "0.0000000000000000054");
        assert_eq!(percent(10, 10), "100.0");
        assert_eq!(percent(1, 4), "25.0");
        assert_eq!(percent(1, 16_384), "0.0061");
        assert_eq!(percent(2, 3), "66.7");
        assert_eq!(percent(1, 1_000), "0.1");
        assert_eq!(percent(999, 1_000), "99.9");
    }

    #[test]
    fn columns_from_env_reads_any_width() {
        assert_eq!(columns_from_env(" 120 "), Some(120));
        assert_eq!(columns_from_env("99999999999999999999999"), Some(u64::MAX));
        assert_eq!(columns_from_env("-5"), None);
        assert_eq!(columns_from_env("wide"), None);
    }

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
