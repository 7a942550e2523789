//! `patch --script`, `--find/--replace` and `--from-dump`: the ways in that build an edit
//! list. Each builds a plan (the edits, what the file must hold before, how large it ends),
//! which is checked against the whole file before the first byte changes, then applied
//! through the undo journal (`edit::journal`).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::ops::ControlFlow;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};

use crate::cli::{DumpLayout, PatchArgs};
use crate::edit::{self, journal, Span};
use crate::exit::{append_note, Failure, MISMATCH};
use crate::mapping::{Flush, Protection, Region, Source};
use crate::output::{
    contiguous_hex, plural_bytes, print_json_done, spaced_hex, status, value_name,
};
use crate::parse::{self, ByteOrder, Edit, Header, Script, Sides};
use crate::search::{self, Matcher, Pattern};
use crate::units::Offset;
use crate::write;

/// What an edit-list change is, validated but not yet checked against the file.
struct Plan {
    /// Sorted, non-overlapping, in place.
    script: Script,
    /// The file may grow to hold edits past its end (`--grow`, or a script header whose
    /// size grows).
    may_grow: bool,
    /// Where the edits came from, for messages ("the script", "the dump", "the hits").
    what: &'static str,
}

/// The change as checked against the file.
enum Verdict {
    /// The file holds NEW already at every edit (and the header's after-state).
    AlreadyApplied,
    /// The edits, with the bytes found at each (old), and the size the file ends at.
    Apply {
        spans: Vec<Span>,
        old: Vec<Span>,
        size_after: u64,
    },
}

/// Runs `patch` with `--script`, `--find*` or `--from-dump`.
///
/// # Errors
/// A malformed script or dump (naming its line), a mismatch of old bytes, hash, size or hit
/// count (exit 3, nothing written), and any failure to apply (rolled back from the journal).
pub(super) fn run(args: &PatchArgs) -> Result<()> {
    let path = &args.file;
    if args.write.create {
        bail!("--create makes a file for --hex, --text or --from; --script, --find and --from-dump change an existing file");
    }
    // The journal is taken first (waiting for another journaled change, rolling back an
    // interrupted one), so that nothing changes the file between the checks and the writes.
    let mut journal = None;
    if args.dry_run {
        journal::warn_if_hot(path);
    } else if std::fs::metadata(path).is_ok() {
        if args.no_journal {
            journal::recover(path)?;
        } else {
            journal = Some(journal::Journal::lock(path)?.0);
        }
    }
    let source = write::open(path, !args.dry_run, false)?
        .ok_or_else(|| anyhow!("cannot open {}", path.display()))?;
    let plan = if let Some(script) = &args.script {
        script_plan(args, script)?
    } else if let Some(dump) = &args.from_dump {
        dump_plan(args, &source, dump)?
    } else {
        find_plan(args, &source)?
    };
    let verdict = check(&source, &plan)?;
    let Verdict::Apply {
        spans,
        old,
        size_after,
    } = verdict
    else {
        return already_applied(args, &plan);
    };
    if args.dry_run {
        write::check_writable(path, true)?;
        return dry_run(args, &source, &spans, &old, size_after);
    }
    if let Some(backup) = &args.backup {
        save_undo(backup, args.force, &source, &spans, &old, size_after)?;
    }
    let journaled = journal.is_some();
    let grew = apply(source, &spans, &old, size_after, args.write.flush, journal)?;
    report(args, &plan, &spans, grew, journaled)
}

/// Reads the script (a file, or `-` for standard input) and takes its edits as the flags say.
fn script_plan(args: &PatchArgs, from: &Path) -> Result<Plan> {
    let name = shown(from);
    let reader = open_text(from, "script")?;
    let script =
        parse::script::parse(reader).map_err(|e| anyhow!("{name}: {e}; nothing written"))?;
    if script.edits().is_empty() && script.header == Header::default() {
        // Most likely the wrong file or an empty pipe, not a change that holds already.
        bail!("{name}: the script is empty (no header, no edits); nothing written");
    }
    if !args.unchecked {
        if let Some(line) = script.unchecked_lines().first() {
            bail!(
                "{name}: line {line}: the edit has no old bytes (`0xOFFSET OLD => NEW`), so \
                 nothing checks it is the right place; add them, or pass --unchecked; nothing written"
            );
        }
    }
    let script = if args.reverse {
        script
            .reverse()
            .map_err(|e| anyhow!("{name}: {e}; nothing written"))?
    } else {
        script
    };
    let mut script = script;
    if args.no_hash_check {
        script.header.sha256 = None;
    }
    let may_grow = args.write.grows() || script.header.size.is_some_and(|s| s.after > s.before);
    Ok(Plan {
        script,
        may_grow,
        what: "the script",
    })
}

/// `-` is standard input; anything else a file.
fn open_text(from: &Path, what: &str) -> Result<Box<dyn BufRead>> {
    if from.as_os_str() == "-" {
        return Ok(Box::new(BufReader::with_capacity(1 << 16, io::stdin())));
    }
    let file =
        File::open(from).with_context(|| format!("cannot open the {what} {}", from.display()))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        bail!("cannot read the {what} {}: is a directory", from.display());
    }
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

fn shown(from: &Path) -> String {
    if from.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        from.display().to_string()
    }
}

/// Checks the plan against the file: its size and hash (header), every edit's old bytes
/// (or, all of them, its new ones: already applied), and how large it may grow.
fn check(source: &Source, plan: &Plan) -> Result<Verdict> {
    let path = source.path();
    let size = source.size();
    let header = plan.script.header;
    let edits = plan.script.edits();
    let edits_end = edits.last().map_or(0, Edit::end);
    let mut size_after = size.max(edits_end);
    if let Some(sides) = header.size {
        if size != sides.before && size != sides.after {
            return Err(mismatch(format!(
                "{}: {} is for a file of {} bytes (to become {}), but it has {size}; nothing written",
                path.display(),
                plan.what,
                sides.before,
                sides.after
            )));
        }
        if size == sides.before {
            edit::refuse_shrink(path, size, sides.after)?;
            size_after = size_after.max(sides.after);
        }
    }
    let hash_state = match header.sha256 {
        Some(sides) => Some(hash_side(source, sides, plan.what)?),
        None => None,
    };
    let ranges: Vec<(u64, u64)> = edits
        .iter()
        .map(|e| (e.offset, e.new.len() as u64))
        .collect();
    let found = edit::read_ranges(source, &ranges)?;
    let all_new = edits.iter().zip(&found).all(|(e, f)| &e.new == f);
    let size_is_after = header.size.is_none_or(|s| size == s.after);
    // A script whose hashes are equal on both sides (no change at all) is applied as it is.
    let hash_allows = hash_state != Some(Side::Before)
        || header
            .sha256
            .is_some_and(|sides| sides.before == sides.after);
    if all_new && size_is_after && hash_allows && edits_end <= size {
        return Ok(Verdict::AlreadyApplied);
    }
    if hash_state == Some(Side::After) {
        // The whole file hashes as the after-state, yet the edits differ: a second change?
        return Err(mismatch(format!(
            "{}: its SHA-256 is the one {} expects after the change, but its bytes differ from \
             the new ones; nothing written",
            path.display(),
            plan.what
        )));
    }
    if header.size.is_some_and(|s| size != s.before) {
        return Err(mismatch(format!(
            "{}: has {size} bytes, the size {} expects after the change, but its bytes differ \
             from the new ones; nothing written",
            path.display(),
            plan.what
        )));
    }
    for (index, (e, f)) in edits.iter().zip(&found).enumerate() {
        if let Some(old) = &e.old {
            if old != f {
                let line = plan
                    .script
                    .line(index)
                    .map(|l| format!(" (line {l})"))
                    .unwrap_or_default();
                let first = old.iter().zip(f).position(|(a, b)| a != b).unwrap_or(0);
                let half = if e.new == *f {
                    " (it holds the new bytes: half applied by an earlier tool?)"
                } else {
                    ""
                };
                return Err(mismatch(format!(
                    "{}: the {} at {:#x}{line} differs from what {} expects (first at {:#x}): \
                     expected {}, found {}{half}; nothing written",
                    path.display(),
                    plural_bytes(old.len() as u64),
                    e.offset,
                    plan.what,
                    e.offset + first as u64,
                    spaced_hex(old),
                    spaced_hex(f)
                )));
            }
        }
    }
    if edits_end > size {
        if !plan.may_grow {
            bail!(
                "{}: {} writes up to {edits_end:#x}, past the end of the file ({size} bytes); \
                 --grow allows it; nothing written",
                path.display(),
                plan.what
            );
        }
        // The limits a growth meets (file-size limit, the file system's largest file).
        write::resolve(
            path,
            Some(source),
            Offset::FromStart(size),
            Some(size_after - size),
            true,
        )?;
    }
    let mut spans = Vec::with_capacity(edits.len());
    let mut old = Vec::with_capacity(edits.len());
    for (e, f) in edits.iter().zip(found) {
        spans.push(Span {
            offset: e.offset,
            bytes: e.new.clone(),
        });
        old.push(Span {
            offset: e.offset,
            bytes: f,
        });
    }
    // A grown size with no edit at its end (a script whose tail is zeros).
    if size_after > size && size_after > edits_end {
        write::resolve(
            path,
            Some(source),
            Offset::FromStart(size),
            Some(size_after - size),
            true,
        )?;
    }
    Ok(Verdict::Apply {
        spans,
        old,
        size_after,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Before,
    After,
}

fn hash_side(source: &Source, sides: Sides<parse::Sha256>, what: &str) -> Result<Side> {
    let digest = edit::sha256(source)?;
    if digest == sides.before {
        return Ok(Side::Before);
    }
    if digest == sides.after {
        return Ok(Side::After);
    }
    Err(Failure {
        code: MISMATCH,
        message: format!(
            "{}: its SHA-256 is {}, but {what} is for a file whose SHA-256 is {} (to become {}): \
             another file or another version; nothing written",
            source.path().display(),
            contiguous_hex(&digest),
            contiguous_hex(&sides.before),
            contiguous_hex(&sides.after)
        ),
        hint: Some("--no-hash-check checks only the edits' own bytes".to_string()),
    }
    .into())
}

fn mismatch(message: String) -> anyhow::Error {
    Failure {
        code: MISMATCH,
        message,
        hint: None,
    }
    .into()
}

/// The file already holds the change: exit 0 (a re-run of a script is harmless), or 3
/// with `--strict`.
fn already_applied(args: &PatchArgs, plan: &Plan) -> Result<()> {
    let n = plan.script.edits().len();
    let line = match n {
        0 => format!(
            "{}: already holds every byte of {}; nothing written",
            args.file.display(),
            plan.what
        ),
        _ => format!(
            "{}: {} is already applied ({} its new bytes); nothing written",
            args.file.display(),
            plan.what,
            if n == 1 {
                "its one edit holds".to_string()
            } else {
                format!("each of its {n} edits holds")
            }
        ),
    };
    if args.strict {
        return Err(mismatch(format!("{line} (--strict)")));
    }
    if args.write.json {
        return print_json_done(
            &Report::new(args, plan.script.edits(), false, false, true),
            &line,
        );
    }
    status(&line);
    Ok(())
}

/// Writes the change: journal (unless `--no-journal`), grow, edits, flush, commit. A
/// failure after the journal is written rolls the file back from it at once.
fn apply(
    mut source: Source,
    spans: &[Span],
    old: &[Span],
    size_after: u64,
    flush: Flush,
    mut journal: Option<journal::Journal>,
) -> Result<bool> {
    let path = source.path().to_path_buf();
    if let Some(journal) = &mut journal {
        journal.write(&source, old, size_after, flush)?;
    }
    let grew = size_after > source.size();
    let steps = |source: &mut Source| -> Result<()> {
        source.grow(size_after)?;
        edit::write_spans(source, spans, flush, grew, true)?;
        crate::hooks::fail(crate::hooks::Point::FileSync)
            .with_context(|| format!("cannot flush {} to storage", path.display()))?;
        Ok(())
    };
    let outcome = steps(&mut source);
    drop(source);
    match (outcome, journal) {
        (Ok(()), Some(journal)) => {
            journal.commit()?;
            Ok(grew)
        }
        (Ok(()), None) => Ok(grew),
        (Err(err), Some(journal)) => {
            let at = journal.path().display().to_string();
            // Unlocks it: the rollback below takes it as any later mmapctl would.
            drop(journal);
            match journal::undo_failed(&path) {
                Ok(_) => Err(append_note(
                    &err,
                    "the change was rolled back from its undo journal; the file is as it was",
                )),
                Err(again) => Err(append_note(
                    &err,
                    &format!(
                        "rolling it back failed too ({again:#}); the undo journal {at} is kept: \
                         `mmapctl patch {} --recover` rolls it back",
                        path.display()
                    ),
                )),
            }
        }
        (Err(err), None) => Err(append_note(
            &err,
            "without a journal (--no-journal) some edits may be written and others not",
        )),
    }
}

/// `--backup` of a multi-edit change: the edit script that undoes it, written durably
/// before the first byte changes.
fn save_undo(
    path: &Path,
    force: bool,
    source: &Source,
    spans: &[Span],
    old: &[Span],
    size_after: u64,
) -> Result<()> {
    let edits = spans
        .iter()
        .zip(old)
        .map(|(new, old)| Edit {
            offset: new.offset,
            old: Some(new.bytes.clone()),
            new: old.bytes.clone(),
        })
        .collect();
    let header = Header {
        size: Some(Sides {
            before: size_after,
            after: size_after,
        }),
        sha256: None,
    };
    let undo =
        Script::new(header, edits).map_err(|e| anyhow!("invariant: the undo script: {e}"))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let shown = path.display();
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            Failure::with_hint(
                format!("--backup {shown} already exists; nothing written"),
                "pass --force to replace it",
            )
            .into()
        } else {
            anyhow!(e).context(format!("cannot create the backup {shown}; nothing written"))
        }
    })?;
    let written = write!(
        file,
        "# undoes a patch of {}\n{undo}",
        source.path().display()
    )
    .and_then(|()| file.sync_all());
    if let Err(e) = written {
        let _ = std::fs::remove_file(path);
        return Err(anyhow!(e).context(format!("cannot write the backup {shown}; nothing written")));
    }
    write::sync_parent(path)
}

/// `--dry-run`: the edits as an edit script on stdout (with the bytes found as the old
/// ones, so it can be applied as it is), a summary on stderr.
fn dry_run(
    args: &PatchArgs,
    source: &Source,
    spans: &[Span],
    old: &[Span],
    size_after: u64,
) -> Result<()> {
    let edits: Vec<Edit> = spans
        .iter()
        .zip(old)
        .map(|(new, old)| Edit {
            offset: new.offset,
            old: Some(old.bytes.clone()),
            new: new.bytes.clone(),
        })
        .collect();
    let bytes: u64 = spans.iter().map(|s| s.bytes.len() as u64).sum();
    let line = format!(
        "would apply {} ({}) to {}{}; nothing written (--dry-run)",
        counted(spans.len(), "edit"),
        plural_bytes(bytes),
        args.file.display(),
        if size_after > source.size() {
            format!(", growing it to {size_after} bytes")
        } else {
            String::new()
        }
    );
    if args.write.json {
        return print_json_done(
            &Report::new(args, &edits, false, false, false).dry(&edits),
            &line,
        );
    }
    let header = Header {
        size: Some(Sides {
            before: source.size(),
            after: size_after,
        }),
        sha256: None,
    };
    let script = Script::new(header, edits).map_err(|e| anyhow!("invariant: {e}"))?;
    let mut out = io::stdout().lock();
    let written = write!(out, "{script}").and_then(|()| out.flush());
    if let Err(e) = written {
        if e.kind() != io::ErrorKind::BrokenPipe {
            return Err(anyhow!(e).context("cannot write the edits to standard output"));
        }
    }
    status(&line);
    Ok(())
}

/// `patch --json` of an edit-list change.
#[derive(serde::Serialize)]
struct Report {
    already_applied: bool,
    backup: Option<String>,
    bytes: u64,
    dry_run: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    edit_list: Option<Vec<JsonEdit>>,
    edits: usize,
    file: String,
    flushed: String,
    grew: bool,
    journaled: bool,
}

#[derive(serde::Serialize)]
struct JsonEdit {
    offset: u64,
    old: String,
    new: String,
}

impl Report {
    fn new(args: &PatchArgs, edits: &[Edit], grew: bool, journaled: bool, already: bool) -> Report {
        let wrote = !already && !args.dry_run;
        Report {
            already_applied: already,
            backup: args
                .backup
                .as_ref()
                .filter(|_| wrote)
                .map(|p| p.display().to_string()),
            bytes: edits.iter().map(|e| e.new.len() as u64).sum(),
            dry_run: args.dry_run,
            edit_list: None,
            edits: edits.len(),
            file: args.file.display().to_string(),
            flushed: if wrote {
                value_name(&args.write.flush)
            } else {
                "none".to_string()
            },
            grew,
            journaled,
        }
    }

    fn dry(self, edits: &[Edit]) -> Report {
        Report {
            edit_list: Some(
                edits
                    .iter()
                    .map(|e| JsonEdit {
                        offset: e.offset,
                        old: e.old.as_deref().map(contiguous_hex).unwrap_or_default(),
                        new: contiguous_hex(&e.new),
                    })
                    .collect(),
            ),
            ..self
        }
    }
}

fn report(
    args: &PatchArgs,
    plan: &Plan,
    spans: &[Span],
    grew: bool,
    journaled: bool,
) -> Result<()> {
    let bytes: u64 = spans.iter().map(|s| s.bytes.len() as u64).sum();
    let mut notes = Vec::new();
    if grew {
        notes.push("grew the file".to_string());
    }
    if let Some(backup) = &args.backup {
        notes.push(format!("undo script saved to {}", backup.display()));
    }
    notes.push(if journaled { "journaled" } else { "no journal" }.to_string());
    notes.push(write::flush_note(args.write.flush).to_string());
    let line = format!(
        "applied {} ({}) from {} to {} ({})",
        counted(spans.len(), "edit"),
        plural_bytes(bytes),
        plan.what,
        args.file.display(),
        notes.join(", ")
    );
    if args.write.json {
        return print_json_done(
            &Report::new(args, plan.script.edits(), grew, journaled, false),
            &line,
        );
    }
    status(&line);
    Ok(())
}

/// `--find* --replace`: every hit found in the file (read-only windows) becomes an edit.
fn find_plan(args: &PatchArgs, source: &Source) -> Result<Plan> {
    let path = source.path();
    let pattern = if let Some(hex) = &args.find {
        Pattern::hex(hex).map_err(|e| usage(format!("--find {hex:?}: {e}")))?
    } else if let Some(text) = &args.find_text {
        Pattern::text(text, args.ignore_case)
            .map_err(|e| usage(format!("--find-text {text:?}: {e}")))?
    } else if let Some(re) = &args.find_regex {
        Pattern::regex(re).map_err(|e| usage(format!("--find-regex {re:?}: {e}")))?
    } else {
        bail!("give the pattern with --find, --find-text or --find-regex");
    };
    let replace_text = args.replace.as_deref().unwrap_or_default();
    let replace =
        replacement(replace_text).map_err(|e| usage(format!("--replace {replace_text:?}: {e}")))?;
    let matcher = Matcher::new(std::slice::from_ref(&pattern), search::Options::default())
        .map_err(|e| usage(format!("the pattern: {e}")))?;
    let mut hits: Vec<(u64, Vec<u8>)> = Vec::new();
    let mut stream = matcher.stream(0);
    let all = Region {
        offset: 0,
        len: source.size(),
    };
    let mut keep = |hit: search::Hit, bytes: &[u8]| {
        hits.push((hit.offset, bytes.to_vec()));
        ControlFlow::Continue(())
    };
    for window in source.windows(all, Protection::ReadOnly) {
        let map = window?;
        stream
            .feed(map.region().offset, map.bytes(), &mut keep)
            .map_err(|e| anyhow!("{}: {e}; nothing written", path.display()))?;
    }
    stream
        .finish(&mut keep)
        .map_err(|e| anyhow!("{}: {e}; nothing written", path.display()))?;
    let count = hits.len() as u64;
    let listed = || offsets(hits.iter().map(|(o, _)| *o), hits.len());
    let refuse = |wanted: String| {
        mismatch(format!(
            "{}: the pattern has {} ({}), {wanted}; nothing written",
            path.display(),
            counted(hits.len(), "hit"),
            listed()
        ))
    };
    let chosen: Vec<(u64, Vec<u8>)> = if args.all {
        if count == 0 {
            return Err(refuse("--all needs at least one".to_string()));
        }
        hits
    } else if let Some(k) = args.nth {
        if count < k {
            return Err(refuse(format!("--nth {k} needs at least {k}")));
        }
        vec![hits.swap_remove(k as usize - 1)]
    } else {
        let wanted = args.count.unwrap_or(1);
        if count != wanted {
            let how = if args.count.is_some() {
                format!("--count {wanted} expects exactly {wanted}")
            } else {
                "exactly one is expected (--count N, --all or --nth K choose others)".to_string()
            };
            return Err(refuse(how));
        }
        hits
    };
    let mut edits = Vec::with_capacity(chosen.len());
    for (offset, found) in chosen {
        if found.len() != replace.len() {
            return Err(usage(format!(
                "{}: the hit at {offset:#x} is {} long but --replace gives {}; a replacement is \
                 written in place, so it needs the hit's length",
                path.display(),
                plural_bytes(found.len() as u64),
                plural_bytes(replace.len() as u64)
            )));
        }
        let new = replace
            .iter()
            .zip(&found)
            .map(|(r, f)| r.unwrap_or(*f))
            .collect();
        edits.push(Edit {
            offset,
            old: Some(found),
            new,
        });
    }
    status(&format!(
        "{}: replacing {} of the pattern: at {}",
        path.display(),
        counted(edits.len(), "hit"),
        offsets(edits.iter().map(|e| e.offset), edits.len())
    ));
    // Hits never overlap (the search is non-overlapping), so this cannot fail.
    let script = Script::new(Header::default(), edits).map_err(|e| anyhow!("invariant: {e}"))?;
    Ok(Plan {
        script,
        may_grow: false,
        what: "the replacement",
    })
}

/// A usage error (exit 2): what clap would say had it known.
fn usage(message: String) -> anyhow::Error {
    Failure {
        code: 2,
        message,
        hint: None,
    }
    .into()
}

/// `--replace` bytes: hex digit pairs, or `??` to keep the byte found; separated as
/// `--hex` allows (spaces, `:`, `-`) or not.
fn replacement(text: &str) -> Result<Vec<Option<u8>>, String> {
    let mut out = Vec::new();
    let mut pending: Option<char> = None;
    for c in text.trim().chars() {
        if c.is_whitespace() || c == ':' || c == '-' {
            if pending.is_some() {
                return Err("a byte needs two hex digits (or `??`)".to_string());
            }
            continue;
        }
        match pending.take() {
            None => pending = Some(c),
            Some('?') if c == '?' => out.push(None),
            Some(hi) => {
                let (Some(h), Some(l)) = (hi.to_digit(16), c.to_digit(16)) else {
                    return Err(format!("{hi}{c:?} is neither two hex digits nor `??`"));
                };
                out.push(Some((h << 4 | l) as u8));
            }
        }
    }
    if pending.is_some() {
        return Err("a byte needs two hex digits (or `??`)".to_string());
    }
    if out.is_empty() {
        return Err("no bytes".to_string());
    }
    Ok(out)
}

/// `--from-dump`: the dump's runs compared with the file; the bytes that differ are the
/// edits (their old bytes the file's), so a dump of the file itself is no change at all.
fn dump_plan(args: &PatchArgs, source: &Source, from: &Path) -> Result<Plan> {
    let name = shown(from);
    let mut reader = open_text(from, "dump")?;
    let layout = match args.dump_format {
        DumpLayout::Auto => {
            detect(&mut reader).with_context(|| format!("cannot read the dump {name}"))?
        }
        other => other,
    };
    let order = match args.dump_endianness {
        ::hexyl::Endianness::Little => ByteOrder::Little,
        ::hexyl::Endianness::Big => ByteOrder::Big,
    };
    let base = match args.offset {
        None => 0,
        Some(Offset::FromStart(n)) => n,
        Some(offset @ Offset::FromEnd(_)) => crate::mapping::start(offset, source.size())
            .map_err(|e| anyhow!("{}: {e}", source.path().display()))?,
    };
    if args.offset.is_some() && layout != DumpLayout::Plain {
        return Err(usage(format!(
            "-s gives plain hex its offset; a {} dump prints its own offsets",
            match layout {
                DumpLayout::Xxd => "xxd",
                _ => "hexyl",
            }
        )));
    }
    let runs = match layout {
        DumpLayout::Xxd => parse::xxd::parse(reader, &parse::xxd::Options { order }),
        DumpLayout::Plain => parse::plain::parse(reader, base),
        _ => parse::hexyl::parse(
            reader,
            &parse::hexyl::Options {
                order,
                ..Default::default()
            },
        ),
    }
    .map_err(|e| anyhow!("{name}: {e}; nothing written"))?;
    let size = source.size();
    let mut edits = Vec::new();
    for run in runs {
        let line = run.bytes.len() as u64;
        let total = line
            .checked_mul(run.repeat)
            .and_then(|n| n.checked_add(run.offset))
            .ok_or_else(|| anyhow!("{name}: the dump runs past the largest 64-bit offset"))?
            - run.offset;
        // Compared in chunks of whole lines (~1 MiB), so a squeezed run of a gigabyte of
        // zeros costs a chunk of memory, not a gigabyte.
        let lines_per_chunk = ((1u64 << 20) / line.max(1)).max(1);
        let mut done = 0;
        while done < total {
            let take = (lines_per_chunk * line).min(total - done);
            let at = run.offset + done;
            let mut want = Vec::with_capacity(take as usize);
            while (want.len() as u64) < take {
                want.extend_from_slice(&run.bytes);
            }
            want.truncate(take as usize);
            let found = if at >= size {
                vec![0; take as usize]
            } else {
                edit::read_ranges(source, &[(at, take)])?
                    .pop()
                    .unwrap_or_default()
            };
            differences(at, &found, &want, &mut edits);
            done += take;
        }
    }
    let script = Script::new(Header::default(), edits)
        .map_err(|e| anyhow!("{name}: {e}; nothing written"))?;
    Ok(Plan {
        script,
        may_grow: args.write.grows(),
        what: "the dump",
    })
}

/// Runs of bytes where `found` and `want` differ (joined across gaps under 8 bytes), as
/// edits at `at`.
fn differences(at: u64, found: &[u8], want: &[u8], edits: &mut Vec<Edit>) {
    const GAP: usize = 8;
    let mut i = 0;
    while i < want.len() {
        if found[i] == want[i] {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        let mut j = end;
        while j < want.len() && j - end < GAP {
            if found[j] != want[j] {
                end = j + 1;
            }
            j += 1;
        }
        edits.push(Edit {
            offset: at + start as u64,
            old: Some(found[start..end].to_vec()),
            new: want[start..end].to_vec(),
        });
        i = end;
    }
}

/// Which layout a dump is in, from its first non-blank line (left unread).
fn detect(reader: &mut Box<dyn BufRead>) -> io::Result<DumpLayout> {
    let available = reader.fill_buf()?;
    let text = String::from_utf8_lossy(available);
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if first.starts_with(['┌', '│', '+', '|']) {
        return Ok(DumpLayout::Hexyl);
    }
    let (head, _) = first.split_once(char::is_whitespace).unwrap_or((first, ""));
    if head.ends_with(':')
        && head[..head.len() - 1]
            .chars()
            .all(|c| c.is_ascii_hexdigit())
    {
        return Ok(DumpLayout::Xxd);
    }
    if !first.is_empty() && first.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(DumpLayout::Plain);
    }
    Ok(DumpLayout::Hexyl)
}

/// `1 edit`, `3 edits`.
fn counted(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The first offsets of a list, for a message: `0x10, 0x20 and 3 more`, or `none`.
fn offsets(list: impl Iterator<Item = u64>, count: usize) -> String {
    const SHOWN: usize = 8;
    if count == 0 {
        return "none".to_string();
    }
    let shown: Vec<String> = list.take(SHOWN).map(|o| format!("{o:#x}")).collect();
    let more = if count > SHOWN {
        format!(" and {} more", count - SHOWN)
    } else {
        String::new()
    };
    format!("{}{more}", shown.join(", "))
}
