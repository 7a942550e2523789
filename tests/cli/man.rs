//! The man pages: how they are rendered (clap_mangen for the title, name, description,
//! options and subcommands; the rest from `mmapctl::help`, the words `--help` shows too),
//! and checks of the checked-in pages with Debian's `mandoc -Tlint` and with `man -l` at
//! 80 columns. `generated.rs` keeps man/ equal to what [`page`] renders.

use std::path::Path;
use std::process::Command;

use mmapctl::help;

/// What roff's writer puts before every piece clap_mangen renders: kept once, at the top.
const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// Text for a roff line: backslashes, dashes (`\-` is the ASCII minus an option needs to be
/// copied from a terminal), quotes and the characters groff would turn into typographic
/// ones, and a leading `.` or `'` that would make the line a request.
fn esc(text: &str) -> String {
    let mut out = String::new();
    if text.starts_with('.') || text.starts_with('\'') {
        out.push_str("\\&");
    }
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '\'' => out.push_str("\\(aq"),
            '`' => out.push_str("\\(ga"),
            '^' => out.push_str("\\(ha"),
            '~' => out.push_str("\\(ti"),
            _ => out.push(c),
        }
    }
    out
}

fn bold(text: &str) -> String {
    format!("\\fB{}\\fR", esc(text))
}

fn italic(text: &str) -> String {
    format!("\\fI{}\\fR", esc(text))
}

/// The SYNOPSIS, with each option's value name (clap_mangen's leaves them out): one
/// bracketed item per option, whose parts are joined by unbreakable spaces so that a line is
/// only ever broken between items.
fn synopsis(cmd: &clap::Command, name: &str) -> String {
    let mut items = vec![bold(name)];
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        if arg.is_positional() {
            continue;
        }
        let mut flag = match (arg.get_short(), arg.get_long()) {
            (Some(s), Some(l)) => format!("{}|{}", bold(&format!("-{s}")), bold(&format!("--{l}"))),
            (Some(s), None) => bold(&format!("-{s}")),
            (None, Some(l)) => bold(&format!("--{l}")),
            (None, None) => continue,
        };
        let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
        if takes_value {
            let value = arg
                .get_value_names()
                .map(|v| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
            flag.push_str(&format!("\\ {}", italic(&value)));
        }
        items.push(if arg.is_required_set() {
            flag
        } else {
            format!("[{flag}]")
        });
    }
    for arg in cmd.get_positionals().filter(|a| !a.is_hide_set()) {
        let value = arg
            .get_value_names()
            .map(|v| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
        let many = arg.get_num_args().is_some_and(|n| n.max_values() > 1);
        let mut item = italic(&value);
        if many {
            item.push_str("...");
        }
        items.push(if arg.is_required_set() {
            item
        } else {
            format!("[{item}]")
        });
    }
    if cmd.has_subcommands() {
        items.push(format!("{} [{}]", italic("COMMAND"), italic("ARGS")));
    }
    format!(".SH SYNOPSIS\n{}\n", items.join(" "))
}

/// The man page of `mmapctl` (`sub` None) or of one subcommand: its file name and bytes.
pub fn page(cmd: &clap::Command, sub: Option<&str>) -> (String, Vec<u8>) {
    let version = env!("CARGO_PKG_VERSION");
    let name = match sub {
        None => "mmapctl".to_string(),
        Some(sub) => format!("mmapctl {sub}"),
    };
    let man = clap_mangen::Man::new(cmd.clone());
    let mut parts: Vec<Vec<u8>> = Vec::new();
    let mut part = |f: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        parts.push(out);
    };
    // clap_mangen leaves an empty date out of .TH, which moves the version into the date's
    // place: the title line is written here instead, with an empty date (mandoc -Tlint's
    // "missing date", let through below: the pages are outputs of the command line, not of
    // a day) and the version where the footer shows it. `.nh` and `.ad l`: no hyphens
    // in option names and error messages, and ragged lines rather than stretched spaces.
    part(&|w| {
        let title = man.get_filename();
        let title = title.trim_end_matches(".1");
        let th = format!(
            "{PREAMBLE}.TH {title} 1 \"\" \"mmapctl {version}\" \"mmapctl manual\"\n.nh\n.ad l\n"
        );
        w.extend_from_slice(th.as_bytes());
        Ok(())
    });
    part(&|w| man.render_name_section(w));
    part(&|w| {
        w.extend_from_slice(PREAMBLE.as_bytes());
        w.extend_from_slice(synopsis(cmd, &name).as_bytes());
        Ok(())
    });
    part(&|w| man.render_description_section(w));
    part(&|w| {
        let mut options = Vec::new();
        man.render_options_section(&mut options)?;
        // clap_mangen puts `.br`, a blank line and `.br` before an option's possible
        // values; mandoc -Tlint rightly calls two of the three redundant. One `.sp` is the
        // same vertical space.
        let options = String::from_utf8(options)
            .unwrap()
            .replace("\n.br\n\n.br\n", "\n.sp\n");
        w.extend_from_slice(options.as_bytes());
        Ok(())
    });
    if cmd.has_subcommands() {
        part(&|w| man.render_subcommands_section(w));
    }
    let mut roff = String::new();
    if sub.is_none() {
        roff.push_str(".SH NUMBERS\nOffsets, lengths and sizes take these forms:\n");
        for (forms, meaning) in help::NUMBERS {
            roff.push_str(&format!(".TP\n{}\n{}\n", bold(forms), esc(meaning)));
        }
    }
    roff.push_str(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in help::exit_status(sub) {
        roff.push_str(&format!(".TP\n{}\n{}\n", bold(code), esc(meaning)));
    }
    if sub.is_none() {
        roff.push_str(&format!(".PP\n{}\n", esc(&help::STATUS_NOTE.join(" "))));
    }
    let env = help::environment(sub);
    if !env.is_empty() {
        roff.push_str(".SH ENVIRONMENT\n");
        for var in env {
            roff.push_str(&format!(".TP\n{}\n{}\n", bold(var.name), esc(var.effect)));
        }
    }
    roff.push_str(".SH EXAMPLES\n");
    for (i, example) in help::examples(sub).iter().enumerate() {
        let mut what = example.what.to_string();
        what[..1].make_ascii_uppercase();
        if i > 0 {
            roff.push_str(".PP\n");
        }
        // Verbatim (.EX/.EE: no filling, no hyphenation), indented: one command, one line.
        roff.push_str(&format!(
            "{}:\n.RS 2\n.EX\n{}\n.EE\n.RE\n",
            esc(&what),
            esc(example.command)
        ));
    }
    roff.push_str(".SH \"SEE ALSO\"\n");
    let mut refs: Vec<String> = Vec::new();
    match sub {
        None => {
            for s in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
                refs.push(format!("mmapctl-{}(1)", s.get_name()));
            }
        }
        Some(_) => refs.push("mmapctl(1)".to_string()),
    }
    refs.extend(help::see_also(sub).iter().map(|s| s.to_string()));
    let refs: Vec<String> = refs
        .iter()
        .map(|r| {
            let (page, section) = r.split_once('(').expect("name(section)");
            format!("{}({}", bold(page), section)
        })
        .collect();
    roff.push_str(&refs.join(",\n"));
    roff.push('\n');
    parts.push(roff.into_bytes());

    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let body = if i == 0 {
            &p[..]
        } else {
            p.strip_prefix(PREAMBLE.as_bytes()).unwrap_or(p)
        };
        out.extend_from_slice(body);
    }
    (man.get_filename(), out)
}

fn man_files() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "1"))
        .collect();
    files.sort();
    assert!(files.len() >= 9, "man/ has {} pages", files.len());
    files
}

/// Debian's mandoc, every message at warning level and above. The one let through is
/// "missing date": the pages carry the version, not a date (see [`page`]).
#[test]
fn man_pages_pass_mandoc_lint() {
    for file in man_files() {
        let out = Command::new("mandoc")
            .args(["-Tlint", "-Wwarning"])
            .arg(&file)
            .output()
            .expect("mandoc runs (.ci/run installs it)");
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        let problems: Vec<&str> = text
            .lines()
            .filter(|l| !l.contains("missing date"))
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            file.display(),
            problems.join("\n")
        );
    }
}

/// `man -l` at 80 columns: no line wider, and each example's command on one line of its own.
#[test]
fn man_pages_fit_80_columns_with_one_line_per_example() {
    let cmd = <mmapctl::cli::Cli as clap::CommandFactory>::command();
    for file in man_files() {
        let out = Command::new("man")
            .arg("-l")
            .arg(&file)
            .env("MANWIDTH", "80")
            .env("MAN_KEEP_FORMATTING", "")
            .env("LC_ALL", "C.UTF-8")
            .env_remove("PAGER")
            .env_remove("MANPAGER")
            .output()
            .expect("man runs (.ci/run installs man-db)");
        assert!(
            out.status.success(),
            "man -l {}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        // Overstrike bold/underline, had man formatted for a terminal.
        assert!(
            !text.contains('\u{8}'),
            "{}: formatting left in",
            file.display()
        );
        for line in text.lines() {
            assert!(
                line.chars().count() <= 80,
                "{}: {} columns: {line:?}",
                file.display(),
                line.chars().count()
            );
        }
        let stem = file.file_stem().unwrap().to_str().unwrap();
        let sub = stem.strip_prefix("mmapctl-");
        if let Some(name) = sub {
            assert!(
                cmd.find_subcommand(name).is_some(),
                "{stem}: no such command"
            );
        }
        let examples = help::examples(sub);
        assert!(!examples.is_empty(), "{stem}: no examples");
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for e in examples {
            assert!(
                lines.contains(&e.command),
                "{stem}: the example `{}` is not one line of the page:\n{text}",
                e.command
            );
        }
        for section in [
            "EXAMPLES",
            "EXIT STATUS",
            "SEE ALSO",
            "SYNOPSIS",
            "DESCRIPTION",
        ] {
            assert!(
                text.lines().any(|l| l == section),
                "{stem}: no {section} section"
            );
        }
        let version = format!("mmapctl {}", env!("CARGO_PKG_VERSION"));
        assert!(
            text.lines().last().is_some_and(|l| l.contains(&version)),
            "{stem}: no version in the footer"
        );
    }
}
