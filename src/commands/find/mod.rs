//! `mmapctl find`: the offsets of bytes matching hex (with wildcards), text or byte-regex
//! patterns in files, searched window by window (memory stays bounded whatever the file
//! size), with grep's exit status: 0 a hit, 1 none, 2 an error; 4 stays "the mapped file
//! shrank".

mod context;
mod plan;
mod print;

use std::cell::Cell;
use std::io::{self, IsTerminal, Write};
use std::ops::ControlFlow;

use anyhow::{Context as _, Result};

use crate::cli::FindArgs;
use crate::exit::{self, Status};
use crate::mapping::{Bounds, Protection, Source};
use crate::walk::{skipped_note, Walk};
use plan::{Output, Plan};
use print::{unwritable, Named, PatternDoc, Printer, SummaryDoc, Unwritable};

/// The exit code of an error, as grep's: usage or runtime alike.
const ERROR: u8 = 2;
/// The exit code when nothing matched.
const NO_HIT: u8 = 1;

/// Totals over the files.
#[derive(Default)]
struct Totals {
    files: u64,
    files_with_hits: u64,
    errors: u64,
}

/// Runs `mmapctl find`.
///
/// # Errors
/// A bad pattern (exit 2, before any file is opened); a file that shrank while mapped
/// (exit 4, at once); an unwritable stdout (exit 2). Files that cannot be searched are
/// reported one by one and end the run with [`Status`] 2; no hit at all is [`Status`] 1.
pub fn run(args: &FindArgs) -> Result<()> {
    let plan = Plan::new(args, io::stdout().is_terminal())?;
    let out = io::BufWriter::with_capacity(64 << 10, io::stdout().lock());
    let mut printer = Printer::new(out, &plan);
    let mut totals = Totals::default();
    let mut walk = Walk::new(&args.files, plan.recursive, "search");
    for path in walk.by_ref() {
        let before = printer.hits();
        let searched = path.and_then(|path| search_file(&plan, &path, &mut printer));
        // A file whose search failed after some hits has had them printed: they count.
        totals.files_with_hits += u64::from(printer.hits() > before);
        if printer.hits() > 0 && plan.output == Output::Quiet {
            // grep -q: a hit is the answer, whatever failed before it.
            return Ok(());
        }
        match searched {
            Ok(()) => totals.files += 1,
            Err(err) if exit::is_fault(&err) || exit::is_broken_pipe(&err) => {
                // As the SIGBUS guard does: the run ends here, exit 4 (or 0 for a reader gone).
                return Err(err);
            }
            Err(err) if err.downcast_ref::<Unwritable>().is_some() => {
                return Err(exit::recode(err, ERROR));
            }
            Err(err) => {
                // Whatever stdout holds so far comes first, so the error follows its hits.
                printer.out.flush().map_err(write_error)?;
                exit::print(&err);
                totals.errors += 1;
            }
        }
    }
    if let Some(note) = skipped_note(walk.skipped()) {
        say!("{note}");
    }
    printer.out.flush().map_err(write_error)?;
    if plan.output == Output::Json {
        crate::output::print_json(&SummaryDoc {
            kind: "summary",
            files: totals.files,
            files_with_hits: totals.files_with_hits,
            hits: printer.hits(),
            errors: totals.errors,
            patterns: plan.patterns.iter().map(PatternDoc::new).collect(),
        })
        .map_err(|e| exit::recode(e, ERROR))?;
    }
    if totals.errors > 0 {
        return Err(Status(ERROR).into());
    }
    if printer.hits() == 0 {
        return Err(Status(NO_HIT).into());
    }
    Ok(())
}

fn write_error(err: io::Error) -> anyhow::Error {
    exit::recode(unwritable(err), ERROR)
}

/// Searches one file's region, window by window, handing each hit to `printer`.
fn search_file<W: Write>(
    plan: &Plan,
    path: &std::path::Path,
    printer: &mut Printer<W>,
) -> Result<()> {
    let source = Source::open(path, false)?;
    let region = source.resolve(plan.offset, plan.length, Bounds::Clamp)?;
    let file = Named::new(&source);
    let mut stream = plan.matcher.stream(region.offset);
    // The callback cannot return an error: it keeps the first and stops the search.
    let failed: Cell<Option<anyhow::Error>> = Cell::new(None);
    let mut on_hit = |hit, bytes: &[u8]| match printer.hit(&file, hit, bytes) {
        Ok(()) => ControlFlow::Continue(()),
        Err(e) => {
            failed.set(Some(e));
            ControlFlow::Break(())
        }
    };
    let searching = |window: crate::mapping::Region| {
        format!("cannot search {} ({window})", source.path().display())
    };
    for window in source.windows(region, Protection::ReadOnly) {
        // No populate call (MADV_POPULATE_READ), unlike dump: faulting the pages in as the
        // search reads them (the kernel maps a whole cached folio per fault) cost 10 % less
        // CPU over a cached 1 GiB file than populating each window first, whose page-by-page
        // walk took a third more system time. A file that shrinks underneath is the SIGBUS
        // guard's: the same one line and exit 4.
        let window = window?;
        file.window.set(window.region());
        let fed = stream.feed(window.region().offset, window.bytes(), &mut on_hit);
        if let Some(err) = failed.take() {
            return Err(err);
        }
        fed.with_context(|| searching(window.region()))?;
        if stream.is_done() {
            break;
        }
    }
    let before_finish = stream.hits();
    let mut last = 0;
    let finished = stream.finish(|hit, bytes| {
        last += 1;
        on_hit(hit, bytes)
    });
    if let Some(err) = failed.take() {
        return Err(err);
    }
    finished.with_context(|| searching(region))?;
    printer
        .file_done(&file, before_finish + last)
        .map_err(unwritable)
}
