//! The README's examples run: every `$ ` line of its ```console blocks, in order, as one
//! bash script in an empty directory, with this build's `mmapctl` first on PATH. A
//! failing line fails the test, named by its README line number. A line that cannot run
//! here (it needs a terminal, minutes, an unprivileged user, a disk that fills up) ends in
//! a visible `# not run: REASON` comment; those are counted and must stay few.
//!
//! To keep it passing when adding an example: put it in a ```console block as `$ command`
//! followed by what it prints; a command that exits non-zero on purpose either shows it
//! (`; echo "exit $?"` and the `exit N` line) or says so in a trailing `# exit N: why`; make the files it needs earlier in the README (or use one
//! the examples already made: disk.img, firmware.bin, big.bin, big.db, index.db, ...).

use std::path::Path;
use std::process::Command;

/// At most this many README lines may be marked `# not run:`.
const MAX_NOT_RUN: usize = 8;

const NOT_RUN: &str = "# not run:";

/// A `$ ` line of a console block: its 1-based line number in README.md and the command.
struct Line {
    number: usize,
    command: String,
}

/// The `$ ` lines of the README's console blocks, in order. A `$ ` line in a block of any
/// other kind is an error: every example runs, or says why not.
fn console_lines(readme: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut fence: Option<String> = None;
    for (i, text) in readme.lines().enumerate() {
        let number = i + 1;
        if let Some(info) = text.trim_start().strip_prefix("```") {
            fence = match fence {
                None => Some(info.trim().to_string()),
                Some(_) => None,
            };
            continue;
        }
        let Some(kind) = &fence else { continue };
        // A shell block of mmapctl commands would be examples that never run.
        assert!(
            !(matches!(kind.as_str(), "sh" | "bash" | "shell")
                && text.trim_start().starts_with("mmapctl ")),
            "README.md:{number}: an mmapctl command in a ```{kind} block; examples go in \
             ```console blocks as `$ mmapctl ...` (they are run by this test)"
        );
        let Some(command) = text.strip_prefix("$ ") else {
            continue;
        };
        assert_eq!(
            kind, "console",
            "README.md:{number}: a `$ ` line in a ```{kind} block; examples go in ```console blocks"
        );
        assert!(
            !command.ends_with('\\'),
            "README.md:{number}: continuation lines are not supported; one command, one line"
        );
        lines.push(Line {
            number,
            command: command.to_string(),
        });
    }
    assert!(fence.is_none(), "README.md: a code block is not closed");
    lines
}

/// The status a line must end with: 0, or N when its trailing comment (after its last
/// `#`) says `exit N` (`mmapctl diff a b > script   # exit 1: they differ`).
fn expected_status(command: &str) -> u8 {
    let Some((_, comment)) = command.rsplit_once('#') else {
        return 0;
    };
    comment
        .rsplit_once("exit ")
        .and_then(|(_, rest)| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// The script: each line as the condition of an `if`, so that what counts is the line's
/// exit status as a shell reports it (`cmd; echo "exit $?"` shows a failure on purpose and
/// succeeds; see [`expected_status`] for a line that must fail), in one shell, so that files, variables and background jobs (`&`, then
/// `kill %1`) carry from line to line. A line whose status is not 0 stops the script and
/// is named. No `pipefail`-less pipe hides a failure: `set -o pipefail`.
fn script(lines: &[&Line]) -> String {
    let mut out = String::from(
        "set -eo pipefail\n\
         trap 'jobs -p | xargs -r kill 2>/dev/null' EXIT\n",
    );
    for line in lines {
        let expected = expected_status(&line.command);
        out.push_str(&format!(
            "if {{ {}\n}}; then status=0; else status=$?; fi\n\
             if [ $status -ne {expected} ]; then echo \"README-FAILED:{}:$status\" >&2; exit 1; fi\n",
            line.command, line.number
        ));
    }
    out
}

#[test]
fn readme_examples_run_top_to_bottom() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let lines = console_lines(&readme);
    let (skipped, run): (Vec<&Line>, Vec<&Line>) =
        lines.iter().partition(|l| l.command.contains(NOT_RUN));
    for line in &skipped {
        let reason = line.command.split(NOT_RUN).nth(1).unwrap_or("").trim();
        assert!(
            !reason.is_empty(),
            "README.md:{}: `# not run:` needs a reason",
            line.number
        );
    }
    assert!(
        skipped.len() <= MAX_NOT_RUN,
        "{} README lines are marked `{NOT_RUN}` (at most {MAX_NOT_RUN}): {}",
        skipped.len(),
        skipped
            .iter()
            .map(|l| format!("README.md:{}", l.number))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(
        run.len() >= 50,
        "only {} README lines run; was the README parsed?",
        run.len()
    );

    let dir = tempfile::Builder::new()
        .prefix("mmapctl-readme")
        .tempdir()
        .unwrap();
    let tmp = dir.path().join(".tmp");
    std::fs::create_dir(&tmp).unwrap();
    let bin = Path::new(assert_cmd::cargo::cargo_bin!("mmapctl"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    // A guard against a hang, not a timed assertion: the examples take seconds.
    let out = Command::new("timeout")
        .args(["--kill-after=10", "900", "bash", "-c"])
        .arg(script(&run))
        .current_dir(dir.path())
        .env("PATH", path)
        .env("TMPDIR", &tmp)
        .env("LC_ALL", "C.UTF-8")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let failed = stderr
            .lines()
            .find_map(|l| l.strip_prefix("README-FAILED:"));
        let message = match failed.and_then(|f| f.split_once(':')) {
            Some((number, status)) => {
                let command = run
                    .iter()
                    .find(|l| l.number.to_string() == number)
                    .map_or("?", |l| l.command.as_str());
                format!("README.md:{number}: `{command}` failed (exit {status})")
            }
            None => format!("the README script ended with {:?}", out.status),
        };
        panic!(
            "{message}\n--- stderr (last 40 lines):\n{}",
            tail(&stderr, 40)
        );
    }
}

fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[test]
fn console_lines_are_found_in_order_and_other_blocks_refuse_them() {
    let md = "text\n```console\n$ a\nout\n$ b # not run: why\n```\n```sh\nc\n```\n";
    let lines = console_lines(md);
    let got: Vec<(usize, &str)> = lines
        .iter()
        .map(|l| (l.number, l.command.as_str()))
        .collect();
    assert_eq!(got, [(3, "a"), (5, "b # not run: why")]);
    assert_eq!(
        expected_status("mmapctl diff a b > s   # exit 1: they differ"),
        1
    );
    assert_eq!(expected_status("mmapctl diff a b; echo \"exit $?\""), 0);
    assert_eq!(
        expected_status("mmapctl diff a b -f cmp   # what `cmp -l a b` prints; exit 1"),
        1
    );
    let refused = std::panic::catch_unwind(|| console_lines("```sh\n$ x\n```\n"));
    assert!(refused.is_err());
    let refused = std::panic::catch_unwind(|| console_lines("```sh\nmmapctl dump f\n```\n"));
    assert!(refused.is_err());
}
