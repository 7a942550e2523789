#!/bin/sh
# /init of the power-cut guest that ci/powercut.sh boots (busybox sh, Debian's kernel).
# Disks: vda the ext4 image holding /f (the workload's disk), vdb the dm-log-writes log,
# vdc the replay target (a copy of vda as it was at boot), vdd a scratch copy each check
# mounts. Every line the host reads starts with POWERCUT-.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /mnt /mnt2 /tmp
. /powercut.env
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk \
  crc32c_generic crc16 mbcache jbd2 ext4 dm-mod dm-flakey dm-log-writes; do
  insmod /lib/modules/$m.ko || echo "POWERCUT-ERROR insmod $m failed"
done
i=0
while [ ! -b /dev/vdd ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
echo "POWERCUT-BOOT kernel=$(uname -r) disks=$(ls /dev/vd* | tr '\n' ' ')"
fail() { echo "POWERCUT-ERROR $*"; poweroff -f; }

# The bytes of edit $1 (offset:len:oldhex:newhex, first 8 bytes) in file $2: N new, O old, ? other.
edit_states() {
  out=""
  for e in $EDITS; do
    off=${e%%:*}; rest=${e#*:}; old=${rest#*:}; old=${old%%:*}; new=${rest##*:}
    n=$((${#new} / 2))
    got=$(dd if="$1" bs=1 skip=$((off)) count=$n 2>/dev/null | hexdump -ve '1/1 "%02x"')
    if [ "$got" = "$new" ]; then out="${out}N"; elif [ "$got" = "$old" ]; then out="${out}O"; else out="${out}?"; fi
  done
  echo "$out"
}

# Classifies /mnt2/f (already mounted): old, new, mixed, bad-size or missing.
classify() {
  if [ ! -f /mnt2/f ]; then echo "state=missing"; return; fi
  size=$(stat -c %s /mnt2/f)
  sum=$(sha256sum /mnt2/f | cut -d' ' -f1)
  if [ "$sum" = "$OLD_SHA" ]; then state=old
  elif [ "$sum" = "$NEW_SHA" ]; then state=new
  elif [ "$size" != "$SIZE" ]; then state=bad-size
  else state=mixed
  fi
  echo "state=$state size=$size edits=$(edit_states /mnt2/f)"
}

# ---- 1. record: one journaled `mmapctl patch --script` on a dm-log-writes device
SZ=$(blockdev --getsz /dev/vda)
dmsetup create lw --noudevsync --table "0 $SZ log-writes /dev/vda /dev/vdb" || fail "dmsetup create lw"
dmsetup mknodes
mount -t ext4 /dev/mapper/lw /mnt || fail "mount lw"
LW_MAJOR=$(stat -L -c %t /dev/mapper/lw); LW_MAJOR=$((0x$LW_MAJOR))
LW_MINOR=$(stat -L -c %T /dev/mapper/lw); LW_MINOR=$((0x$LW_MINOR))
sync
dmsetup message lw 0 mark base
mmapctl patch /mnt/f --script /edits.txt >/tmp/patch.out 2>&1
echo "POWERCUT-PATCH rc=$? $(tr '\n' ' ' </tmp/patch.out)"
dmsetup message lw 0 mark done
umount /mnt
dmsetup remove lw || fail "dmsetup remove lw"
# The log was written under the block device's page cache: drop whatever it holds.
blockdev --flushbufs /dev/vdb
replay_log list /dev/vdb >/tmp/entries || fail "replay_log list"
echo "POWERCUT-LOG entries=$(wc -l </tmp/entries) flushes=$(grep -c flush /tmp/entries)"

# ---- 2. replay: the disk just after each chosen entry, mounted (ext4 replays its journal),
# `mmapctl patch --recover`, classified
replay_log points /dev/vdb base done "$EVERY" >/tmp/points || fail "replay_log points"
echo "POWERCUT-POINTS n=$(wc -l </tmp/points)"
next=0
exec 3</tmp/points
while read -r entry kind <&3; do
  replay_log apply /dev/vdb /dev/vdc $next $((entry + 1)) || fail "replay_log apply $next $((entry + 1))"
  next=$((entry + 1))
  # fsync: ext4 reads file data past the block device's page cache, so the copy must be on
  # the disk before the mount.
  dd if=/dev/vdc of=/dev/vdd bs=1M conv=fsync 2>/dev/null || fail "copy vdc to vdd"
  # The copy is mounted through a dm device with the number the recorded disk had (253:0),
  # as a fixed disk keeps its number across a reboot: the undo journal records the file's
  # device number and refuses to roll back a file whose number differs.
  dmsetup create chk --noudevsync -j "$LW_MAJOR" -m "$LW_MINOR" --table "0 $SZ linear /dev/vdd 0" || fail "dmsetup create chk"
  dmsetup mknodes
  if ! mount -t ext4 /dev/mapper/chk /mnt2 2>/dev/null; then
    echo "POWERCUT-POINT entry=$entry kind=$kind state=unmountable"
    dmsetup remove chk
    continue
  fi
  journal=none
  [ -e /mnt2/.f.mmapctl-journal ] && journal=hot
  mmapctl patch /mnt2/f --recover >/tmp/recover.out 2>&1
  rc=$?
  case "$(cat /tmp/recover.out)" in
    *"rolled back"*) did=rolled-back ;;
    *"never completely"*) did=discarded-torn ;;
    *"emptied"*) did=discarded-empty ;;
    *"no interrupted change"*) did=nothing ;;
    *) did=other ;;
  esac
  left=no
  [ -e /mnt2/.f.mmapctl-journal ] && left=yes
  echo "POWERCUT-POINT entry=$entry kind=$kind journal=$journal recover_rc=$rc recover=$did journal_left=$left $(classify)"
  [ "$did" = other ] && echo "POWERCUT-NOTE recover said: $(tr '\n' ' ' </tmp/recover.out)"
  umount /mnt2
  dmsetup remove chk || fail "dmsetup remove chk"
done
exec 3<&-
echo "POWERCUT-END"

# ---- 3. contrast: a dm-flakey cut of a --no-journal change, part of whose pages reached
# the disk before the cut (a single-page patch synced on its own stands in for the
# kernel's write-back picking some dirty pages first)
UP="0 $SZ flakey /dev/vda 0 180 0"
DROP="0 $SZ flakey /dev/vda 0 0 180 1 drop_writes"
dmsetup create fl --noudevsync --table "$UP" || fail "dmsetup create fl"
dmsetup mknodes
mount -t ext4 /dev/mapper/fl /mnt || fail "mount fl"
mmapctl patch /mnt/f --script /edits.txt --reverse --no-journal --flush none >/dev/null 2>&1
rc1=$?
first=${EDITS%% *}; off=${first%%:*}; rest=${first#*:}; old=${rest#*:}; old=${old%%:*}
mmapctl patch /mnt/f -s "$off" --hex "$old" >/dev/null 2>&1
rc2=$?
dmsetup suspend --nolockfs fl; dmsetup load fl --table "$DROP"; dmsetup resume fl
umount /mnt
dmsetup suspend fl; dmsetup load fl --table "$UP"; dmsetup resume fl
mount -t ext4 /dev/mapper/fl /mnt2 || fail "remount fl"
echo "POWERCUT-CONTRAST no-journal reverse rc=$rc1 one-page rc=$rc2 after cut: $(classify)"
umount /mnt2
dmsetup remove fl
echo "POWERCUT-DONE"
poweroff -f
