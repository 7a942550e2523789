#!/usr/bin/env bash
# The power-cut test of journaled edit transactions (issue 12), run by .ci/run.
#
# The host kernel has no device mapper, so this boots Debian 12's own kernel in a QEMU
# guest (software emulation) with an initramfs built here: busybox, 14 modules, dmsetup,
# the release mmapctl and examples/replay_log.rs (a dm-log-writes replayer: Debian has no
# replay-log). ci/powercut-init.sh is the guest's /init: it records every write and flush
# of ONE `mmapctl patch f --script` (7 edits over pages and across the 16 MiB window
# boundary of a 20 MiB file) with dm-log-writes, then rebuilds the disk as it was just
# after every flush and after every Nth write between flushes, mounts it (ext4 journal
# recovery), runs `mmapctl patch f --recover` and classifies f as old, new, mixed,
# bad-size, missing or unmountable. This script fails on anything but old or new, on a
# recovery that failed or left its journal, and when the guest did not run every check.
# A dm-flakey cut of a --no-journal change is reported for contrast, never failed on.
#
# Environment: POWERCUT_EVERY (check after every Nth write between flushes, default 4),
# POWERCUT_CACHE (where the kernel package is kept, default target/powercut),
# POWERCUT_TIMEOUT (seconds the guest may run, default 900).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
every=${POWERCUT_EVERY:-4}
cache=${POWERCUT_CACHE:-$root/target/powercut}
guest_timeout=${POWERCUT_TIMEOUT:-900}
started=$(date +%s)
say() { printf 'powercut: %s\n' "$*" >&2; }

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx insmod || need+=(busybox-static)
command -v cpio >/dev/null || need+=(cpio)
command -v dmsetup >/dev/null || need+=(dmsetup)
command -v mkfs.ext4 >/dev/null || need+=(e2fsprogs)
command -v dpkg-deb >/dev/null || need+=(dpkg)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Debian 12's kernel: the package linux-image-amd64 points to names the current ABI.
mkdir -p "$cache"
kernel_package() {
  apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-6\.1\.0-[0-9]+-amd64$/ {print $2; exit}'
}
kpkg=$(kernel_package)
if [ -z "$kpkg" ]; then
  apt-get update -qq
  kpkg=$(kernel_package)
fi
[ -n "$kpkg" ] || { say "error: no linux-image-6.1.0-N-amd64 package is known to apt"; exit 1; }
if ! ls "$cache/${kpkg}"_*.deb >/dev/null 2>&1; then
  say "downloading $kpkg"
  (cd "$cache" && apt-get download -qq "$kpkg")
fi
deb=$(ls "$cache/${kpkg}"_*.deb | head -n1)

cargo build --release --locked --quiet --bin mmapctl --example replay_log
mmapctl=$root/target/release/mmapctl
replay=$root/target/release/examples/replay_log

tmp=$(mktemp -d /tmp/mmapctl-powercut.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp/kernel"
vmlinuz=$(ls "$tmp"/kernel/boot/vmlinuz-* | head -n1)
moddir=$(ls -d "$tmp"/kernel/lib/modules/* | head -n1)

# ---- the initramfs
initrd=$tmp/initrd
mkdir -p "$initrd"/{bin,sbin,lib/modules,proc,sys,dev,mnt,mnt2,tmp}
cp /bin/busybox "$initrd/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ -e "$initrd/bin/$applet" ] || ln -s busybox "$initrd/bin/$applet"
done
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk \
  crc32c_generic crc16 mbcache jbd2 ext4 dm-mod dm-flakey dm-log-writes; do
  ko=$(find "$moddir" -name "$m.ko*" | head -n1)
  [ -n "$ko" ] || { say "error: module $m is not in $kpkg"; exit 1; }
  # Debian 12 ships them uncompressed, which busybox's insmod needs.
  case "$ko" in
    *.ko) cp "$ko" "$initrd/lib/modules/$m.ko" ;;
    *) say "error: $ko is compressed; this script expects Debian 12's plain .ko files"; exit 1 ;;
  esac
done
dmsetup_bin=$(command -v dmsetup)
cp "$dmsetup_bin" "$initrd/sbin/dmsetup"
cp "$mmapctl" "$initrd/bin/mmapctl"
cp "$replay" "$initrd/bin/replay_log"
for bin in "$dmsetup_bin" "$mmapctl" "$replay"; do
  for lib in $(ldd "$bin" | awk '/=> \// {print $3} /^\t\// {print $1}'); do
    cp -L --parents "$lib" "$initrd/"
  done
done
cp ci/powercut-init.sh "$initrd/init"
chmod +x "$initrd/init"

# ---- the file, the edit script, and the two versions' hashes
size=$((20 << 20))
mkdir "$tmp/fsroot"
head -c "$size" /dev/zero | tr '\0' 'A' >"$tmp/fsroot/f"
cp "$tmp/fsroot/f" "$tmp/new"
# offset and new bytes; each edit replaces 'A's. Two cross a page boundary, one spans
# two pages, one crosses the 16 MiB window boundary, the last ends the file.
edits=(
  "0x1000 EDIT-01!"
  "0x5ffc EDIT-02!"
  "0x40000 $(head -c 6000 /dev/zero | tr '\0' 'B')"
  "0x100000 EDIT-04!"
  "0xfffffc EDIT-05!"
  "0x1200000 EDIT-06!"
  "0x13ffff8 EDIT-07!"
)
hex() { od -An -v -tx1 | tr -d ' \n'; }
body=""
envedits=""
for e in "${edits[@]}"; do
  off=${e%% *}
  text=${e#* }
  new=$(printf '%s' "$text" | hex)
  old=$(head -c "${#text}" "$tmp/fsroot/f" | hex)
  printf '%s' "$text" | dd of="$tmp/new" bs=1 seek=$((off)) conv=notrunc status=none
  body+="$off $old => $new"$'\n'
  envedits+="$off:${#text}:${old:0:16}:${new:0:16} "
done
old_sha=$(sha256sum "$tmp/fsroot/f" | cut -d' ' -f1)
new_sha=$(sha256sum "$tmp/new" | cut -d' ' -f1)
{
  echo "# mmapctl edit script"
  echo "# size $size => $size"
  echo "# sha256 $old_sha => $new_sha"
  printf '%s' "$body"
} >"$initrd/edits.txt"
# The script applied on the host gives the independently built new version.
cp "$tmp/fsroot/f" "$tmp/check"
"$mmapctl" patch "$tmp/check" --script "$initrd/edits.txt" 2>/dev/null
[ "$(sha256sum "$tmp/check" | cut -d' ' -f1)" = "$new_sha" ] || { say "error: the script does not make the new version on the host"; exit 1; }
rm -f "$tmp/check" "$tmp/new"
cat >"$initrd/powercut.env" <<EOF
OLD_SHA=$old_sha
NEW_SHA=$new_sha
SIZE=$size
EVERY=$every
EDITS="${envedits% }"
EOF
(cd "$initrd" && find . | cpio -o -H newc --quiet | gzip -1 >"$tmp/initrd.gz")

# ---- the disks: vda the file system with f, vdb the log, vdc the replay target (vda as
# it is now), vdd scratch
mkfs.ext4 -q -F -b 4096 -d "$tmp/fsroot" "$tmp/vda.img" 40M >/dev/null
cp --sparse=always "$tmp/vda.img" "$tmp/vdc.img"
truncate -s 32M "$tmp/vdb.img"
truncate -s 40M "$tmp/vdd.img"
rm -rf "$tmp/fsroot" "$initrd"

booted=$(date +%s)
say "prepared in $((booted - started))s; booting $kpkg under QEMU (software emulation)"
drives=()
for d in vda vdb vdc vdd; do drives+=(-drive "file=$tmp/$d.img,if=virtio,format=raw"); done
set +e
timeout "$guest_timeout" qemu-system-x86_64 -accel tcg -cpu max -m 512 -smp 1 -nographic \
  -no-reboot -kernel "$vmlinuz" -initrd "$tmp/initrd.gz" \
  -append "console=ttyS0 quiet panic=-1 rdinit=/init" "${drives[@]}" </dev/null \
  | tr -d '\r' >"$tmp/guest.log"
qemu_rc=${PIPESTATUS[0]}
set -e
elapsed=$(($(date +%s) - started))
guest=$(($(date +%s) - booted))

# ---- the verdict, from what the guest printed (the console may put escape codes before
# a line's first word)
log=$tmp/lines.log
sed -n 's/.*\(POWERCUT-\)/\1/p' "$tmp/guest.log" >"$log"
cat "$log" >&2
problems=()
[ "$qemu_rc" -eq 0 ] || problems+=("qemu exited with $qemu_rc (124: the guest ran past ${guest_timeout}s)")
grep -q '^POWERCUT-BOOT' "$log" || problems+=("the guest did not boot")
if grep -q '^POWERCUT-ERROR' "$log"; then problems+=("the guest reported errors"); fi
grep -q '^POWERCUT-PATCH rc=0 ' "$log" || problems+=("the recorded patch did not succeed")
planned=$(sed -n 's/^POWERCUT-POINTS n=\([0-9]*\)$/\1/p' "$log")
checked=$(grep -c '^POWERCUT-POINT ' "$log" || true)
if [ -z "$planned" ] || [ "$planned" -lt 3 ]; then
  problems+=("the guest planned no replay points")
elif [ "$checked" -ne "$planned" ]; then
  problems+=("$checked of $planned replay points were checked")
fi
grep -q '^POWERCUT-END$' "$log" || problems+=("the replay loop did not finish")
points=$(grep '^POWERCUT-POINT ' "$log" || true)
bad=$(printf '%s\n' "$points" | grep -v -e ' state=old ' -e ' state=new ' | grep . || true)
[ -z "$bad" ] || problems+=("states other than old or new: $(printf '%s' "$bad" | tr '\n' ';')")
failed=$(printf '%s\n' "$points" | grep -e 'recover_rc=[1-9]' -e 'journal_left=yes' || true)
[ -z "$failed" ] || problems+=("a recovery failed or left its journal: $(printf '%s' "$failed" | tr '\n' ';')")
first=$(printf '%s\n' "$points" | head -n1)
last=$(printf '%s\n' "$points" | tail -n1)
case "$first" in *" state=old "*) ;; *) problems+=("the disk at mark base is not the old version") ;; esac
case "$last" in *" state=new "*) ;; *) problems+=("the disk at mark done is not the new version") ;; esac
grep -q '^POWERCUT-DONE$' "$log" || problems+=("the guest did not finish (dm-flakey contrast)")

n_old=$(printf '%s\n' "$points" | grep -c ' state=old ' || true)
n_new=$(printf '%s\n' "$points" | grep -c ' state=new ' || true)
n_flush=$(printf '%s\n' "$points" | grep -c -e ' kind=flush' -e ' kind=fua ' || true)
n_rolled=$(printf '%s\n' "$points" | grep -c ' recover=rolled-back ' || true)
say "$(sed -n 's/^POWERCUT-LOG //p' "$log"); checked $checked points ($n_flush at flushes, the rest between): $n_old old ($n_rolled of them rolled back from a hot journal), $n_new new; guest ${guest}s, ${elapsed}s in all"
say "contrast: $(sed -n 's/^POWERCUT-CONTRAST //p' "$log")"
if [ ${#problems[@]} -gt 0 ]; then
  say "FAILED:"
  for p in "${problems[@]}"; do say "  $p"; done
  say "last lines of the guest's console:"
  tail -n 40 "$tmp/guest.log" >&2
  exit 1
fi
say "passed"
