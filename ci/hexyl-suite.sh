#!/usr/bin/env bash
# Runs hexyl 0.17's own integration suite (tests/integration_tests.rs, shipped in its crate)
# against `mmapctl dump`: a temporary cargo project whose `hexyl` binary execs
# `mmapctl dump "$@"`. hexyl's source comes from cargo's registry cache (mmapctl depends on
# the hexyl crate); none of it is copied into this repository.
#
# Usage: ci/hexyl-suite.sh [path/to/mmapctl]   (default: target/debug/mmapctl, built first)
# Prints "hexyl suite: P passed, F failed" and exits 0 only if every test in hexyl's file ran and
# passed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ $# -ge 1 ]; then
    mmapctl=$(realpath "$1")
else
    cargo build --quiet --locked
    mmapctl=$root/target/debug/mmapctl
fi
manifest=$(cargo metadata --format-version 1 --locked |
    python3 -c 'import json,sys; print(next(p["manifest_path"] for p in json.load(sys.stdin)["packages"] if p["name"] == "hexyl"))')
hexyl_src=$(dirname "$manifest")
work=$(mktemp -d "${TMPDIR:-/tmp}/hexyl-suite.XXXXXX")
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/src" "$work/tests" "$work/shim/src"
cp "$hexyl_src/tests/integration_tests.rs" "$work/tests/"
cp -r "$hexyl_src/tests/examples" "$work/tests/examples"
cat > "$work/Cargo.toml" <<'TOML'
[package]
name = "hexyl-suite"
version = "0.0.0"
edition = "2021"
publish = false

[[bin]]
name = "hexyl"
path = "src/main.rs"

[dev-dependencies]
assert_cmd = "2.1"
# Only predicates::str::contains: its default features would need crates (float-cmp,
# regex, ...) that mmapctl's lock file lacks, and the suite runs offline.
predicates = { version = "3.0", default-features = false }
owo-colors = "4"
pretty_assertions = { path = "shim" }

[workspace]
TOML
# The wrapper: hexyl's command line, handed to `mmapctl dump` unchanged.
cat > "$work/src/main.rs" <<'RS'
use std::os::unix::process::CommandExt;
fn main() {
    let mmapctl = std::env::var_os("MMAPCTL_BIN").expect("MMAPCTL_BIN");
    let err = std::process::Command::new(mmapctl)
        .arg("dump")
        .args(std::env::args_os().skip(1))
        .exec();
    panic!("cannot exec mmapctl: {err}");
}
RS
# pretty_assertions only prettifies a failing assert_eq: the standard one, offline.
cat > "$work/shim/Cargo.toml" <<'TOML'
[package]
name = "pretty_assertions"
version = "1.4.0"
edition = "2021"
TOML
echo 'pub use std::assert_eq;' > "$work/shim/src/lib.rs"

# Reuse the versions mmapctl's lock file already has (so nothing new is downloaded).
cp "$root/Cargo.lock" "$work/Cargo.lock"
log=$work/log
set +e
(cd "$work" && MMAPCTL_BIN=$mmapctl CARGO_TARGET_DIR=${HEXYL_SUITE_TARGET:-$root/target/hexyl-suite} \
    cargo test --offline --test integration_tests -- --test-threads=2) >"$log" 2>&1
status=$?
set -e
passed=$(grep -o '[0-9][0-9]* passed' "$log" | tail -1 | cut -d' ' -f1 || true)
failed=$(grep -o '[0-9][0-9]* failed' "$log" | tail -1 | cut -d' ' -f1 || true)
grep -E '^test .* FAILED$' "$log" || true
if [ -z "$passed" ]; then
    tail -30 "$log"
    echo "hexyl suite: did not run"
    exit 1
fi
echo "hexyl suite: ${passed} passed, ${failed:-0} failed"
# Every test in hexyl's file must have run: a suite that ran fewer (or none) is no pass.
expected=$(grep -c '#\[test\]' "$work/tests/integration_tests.rs")
if [ "$status" -eq 0 ] && [ "$passed" -ne "$expected" ]; then
    echo "hexyl suite: ${passed} of its ${expected} tests ran"
    exit 1
fi
exit $status
