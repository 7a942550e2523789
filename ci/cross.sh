#!/usr/bin/env bash
# ci/cross.sh TARGET [all|unit]: build mmapctl for TARGET with Debian 12's Rust and run its
# tests there, installing what it needs from Debian's packages; run as root.
#
#   i686-unknown-linux-gnu     natively (the x86_64 kernel runs 32-bit binaries); `all`
#                              (the default) runs every test, unit and CLI, against the
#                              i686 mmapctl
#   s390x-unknown-linux-gnu    big-endian, under qemu-user: the unit tests (`unit`); `all`
#                              also runs the CLI tests through binfmt_misc, those that
#                              qemu-user cannot run saying why they skip (README, Platforms)
#   aarch64-unknown-linux-gnu  under qemu-user, as s390x
#
# The compiler is Debian's rustc-web/cargo-web (/usr/bin/rustc, /usr/bin/cargo), not rustup's:
# the target's std comes from Debian (libstd-rust-web-dev:ARCH) and must be of the very same
# rustc version. Where Debian has no std of that version for the target (s390x: only 1.85
# beside a 1.96 compiler), the std is compiled from Debian's own source of it (rust-web-src)
# with cargo's -Zbuild-std. A package that cannot be installed ends the script with an
# error; it never reports a test it did not run.
set -euo pipefail
cd "$(dirname "$0")/.."

die() {
  printf 'ci/cross.sh: error: %s\n' "$*" >&2
  exit 1
}

target=${1:-}
what=${2:-all}
case $target in
  i686-unknown-linux-gnu) arch=i386 gnu=i686-linux-gnu qemu= ;;
  s390x-unknown-linux-gnu) arch=s390x gnu=s390x-linux-gnu qemu=qemu-s390x ;;
  aarch64-unknown-linux-gnu) arch=arm64 gnu=aarch64-linux-gnu qemu=qemu-aarch64 ;;
  *) die "usage: ci/cross.sh i686-unknown-linux-gnu|s390x-unknown-linux-gnu|aarch64-unknown-linux-gnu [all|unit]" ;;
esac
case $what in
  all | unit) ;;
  *) die "second argument: all (unit and CLI tests) or unit, not '$what'" ;;
esac
[ "$(id -u)" = 0 ] || die "run as root (apt-get, and the CLI tests need it)"

# --- packages -------------------------------------------------------------------------
apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null ||
    die "cannot install: $*"
}
# Debian's candidate version of package $1 ("" when there is none).
candidate() {
  apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p' | grep -v '(none)' || true
}
dpkg --print-foreign-architectures | grep -qx "$arch" || [ "$arch" = "$(dpkg --print-architecture)" ] ||
  dpkg --add-architecture "$arch"
apt-get update -qq || die "apt-get update failed"
version=$(candidate rustc-web)
[ -n "$version" ] || die "Debian offers no rustc-web here"
apt_install "rustc-web=$version" "cargo-web=$version" "gcc-$gnu"
build_std=()
if [ "$(candidate "libstd-rust-web-dev:$arch")" = "$version" ]; then
  apt_install "libstd-rust-web-dev:$arch=$version"
else
  echo "ci/cross.sh: Debian has no libstd-rust-web-dev:$arch $version; building std from rust-web-src $version"
  apt_install "rust-web-src=$version"
  build_std=(-Zbuild-std)
fi
[ -z "$qemu" ] || command -v "$qemu" >/dev/null || apt_install qemu-user
# The binaries run with the target's own loader and libc from Debian's multiarch packages:
# natively on i686, under qemu-user elsewhere. One package gives both, so they always match.
# (The cross toolchain's copy under /usr/$gnu is only for linking: run with `qemu -L
# /usr/$gnu`, its older ld.so met the multiarch libc.so.6 that libstd-rust-web-dev pulls in,
# through /etc/ld.so.cache, and every aarch64 test hung in pthread_create.)
apt_install "libc6:$arch" "libgcc-s1:$arch"
[ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] || die "cargo-web did not install /usr/bin/cargo"

# The CLI tests start the mmapctl under test as a child process (and through setpriv,
# timeout, bash...): under qemu-user the kernel must hand that foreign binary to qemu, which
# is binfmt_misc's job. Register Debian's qemu-user-binfmt entry for the target by hand
# (no systemd here to do it); if the kernel refuses, stop rather than pass without them.
binfmt_setup() {
  local dir=/proc/sys/fs/binfmt_misc name=$qemu
  [ -e "$dir/register" ] || mount -t binfmt_misc binfmt_misc "$dir" ||
    die "cannot mount binfmt_misc: the CLI tests cannot start the $target mmapctl"
  if [ ! -e "$dir/$name" ]; then
    [ -r "/usr/lib/binfmt.d/$name.conf" ] || apt_install qemu-user-binfmt
    [ -r "/usr/lib/binfmt.d/$name.conf" ] || die "qemu-user-binfmt has no $name.conf"
    cat "/usr/lib/binfmt.d/$name.conf" >"$dir/register" || die "binfmt_misc refused $name"
  fi
  grep -qx enabled "$dir/$name" || die "binfmt_misc's $name entry is not enabled"
}
if [ -n "$qemu" ] && [ "$what" = all ]; then
  binfmt_setup
fi

# --- build and run --------------------------------------------------------------------
# rustup's proxies come first on PATH; Debian's compiler is named explicitly. Its own target
# dir: the host build (rustup's compiler) must not be invalidated by another rustc.
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
export CARGO_TARGET_DIR="$PWD/target/cross"
upper=$(printf '%s' "$target" | tr 'a-z-' 'A-Z_')
export "CARGO_TARGET_${upper}_LINKER=$gnu-gcc"
if [ -n "$qemu" ]; then
  export "CARGO_TARGET_${upper}_RUNNER=$qemu"
fi
if [ -n "$qemu" ]; then
  # The property tests (proptest) run their full case counts natively (x86_64 and i686);
  # under qemu each case costs ten times more, and 32 cases each still check this target.
  export PROPTEST_CASES="${PROPTEST_CASES:-32}"
  # Debian 12's qemu-user links GLib 2.74, whose slice allocator keeps locks of its own that
  # fork() does not take: a test process forking while another of its threads had code
  # translated left the child blocked in g_slice_alloc (tcg_tb_insert, seen in gdb) before
  # it could exec, and the test waiting for it forever. GLib's malloc mode uses glibc's
  # malloc, which fork() hands over unlocked.
  export G_SLICE=always-malloc
  if [ "$what" = all ]; then
    # Translated unoptimised code made single CLI tests take over ten minutes (a 512 GiB
    # sparse file's residency): the emulated CLI run is optimised. Debug assertions and
    # overflow checks are their own settings and stay on.
    export CARGO_PROFILE_DEV_OPT_LEVEL=1
  fi
fi
if [ ${#build_std[@]} -gt 0 ]; then
  # -Zbuild-std is unstable: RUSTC_BOOTSTRAP lets this stable compiler take it.
  export RUSTC_BOOTSTRAP=1
fi
tests=()
[ "$what" = unit ] && tests=(--lib --bins)
# The CLI tests list here each one that cannot run on this platform, and why
# (tests/cli/support/platform.rs): only under an emulator may there be any.
# (CARGO_TARGET_TMPDIR: with --target, cargo puts it under the target's directory.)
skipped="$CARGO_TARGET_DIR/$target/tmp/skipped-tests"
rm -f "$skipped"
echo "ci/cross.sh: $target ($what tests) with $(/usr/bin/rustc --version)"
status=0
# A hang under emulation ends the run as a failure instead of holding CI to its own limit.
timeout --kill-after=1m 60m \
  /usr/bin/cargo test --locked "${build_std[@]}" --target "$target" "${tests[@]}" || status=$?
[ "$status" != 124 ] || echo "ci/cross.sh: $target: cargo test ran for an hour and was stopped" >&2
if [ -s "$skipped" ]; then
  echo "ci/cross.sh: $target: what could not run here, each for a reason its test checked:"
  sort -u "$skipped"
  [ -n "$qemu" ] || die "$target runs natively: no test may skip"
fi
[ "$status" = 0 ] || die "$target ($what tests) failed (cargo test exit $status)"
echo "ci/cross.sh: $target ($what tests) passed in $((SECONDS / 60)) min $((SECONDS % 60)) s"
