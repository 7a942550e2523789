//! completions/ and man/ are generated from `Cli::command()` and committed; this test
//! regenerates them in memory and fails when the checked-in files are stale.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;
use mmapctl::cli::Cli;

const REGENERATE: &str = "run `MMAPCTL_BLESS=1 cargo test --test cli generated`";

fn expected_files() -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Elvish,
        Shell::PowerShell,
    ] {
        let mut out = Vec::new();
        mmapctl::cli::completion(shell, &mut out);
        let name = match shell {
            Shell::Bash => "mmapctl.bash",
            Shell::Zsh => "_mmapctl",
            Shell::Fish => "mmapctl.fish",
            Shell::Elvish => "mmapctl.elv",
            _ => "_mmapctl.ps1",
        };
        files.insert(Path::new("completions").join(name), out);
    }
    // As clap_mangen::generate_to does, but in memory: without the help subcommand, whose
    // pages `build()` would otherwise add.
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    // mmapctl.1 and one page per subcommand, rendered by man.rs.
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let (name, page) = crate::man::page(sub, Some(sub.get_name()));
        files.insert(Path::new("man").join(name), page);
    }
    let (name, page) = crate::man::page(&cmd, None);
    files.insert(Path::new("man").join(name), page);
    files
}

#[test]
fn generated_files_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected = expected_files();
    let bless = std::env::var_os("MMAPCTL_BLESS").is_some();
    let mut stale = Vec::new();
    for (rel, bytes) in &expected {
        let path = root.join(rel);
        if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            if bless {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, bytes).unwrap();
            } else {
                stale.push(format!("`{}` is out of date", rel.display()));
            }
        }
    }
    for dir in ["completions", "man"] {
        for entry in std::fs::read_dir(root.join(dir)).into_iter().flatten() {
            let rel = Path::new(dir).join(entry.unwrap().file_name());
            if !expected.contains_key(&rel) {
                if bless {
                    std::fs::remove_file(root.join(&rel)).unwrap();
                } else {
                    stale.push(format!("`{}` is for no current command", rel.display()));
                }
            }
        }
    }
    assert!(stale.is_empty(), "{}; {REGENERATE}", stale.join(", "));
}
