//! Bad input across every command, as one table: files that cannot be mapped, regions at,
//! past and far past the end, overflowing and malformed numbers, malformed hex, conflicting
//! options, permissions, a read-only mount and a full disk.
//!
//! Every row is held to the same contract (see `run::check`): the documented exit code (2
//! for usage errors, 1 for runtime errors (2 for find, whose codes are grep's), 3 for
//! `--expect`, 4 for a mapped file that could not be read), exactly one `mmapctl: error:` line that names the file and the cause
//! (plus at most one `hint:` line; clap's usage lines after a usage error), nothing on
//! stdout, no panic, no hang (a 20 s limit fails the row), and every file in the directory
//! the same afterwards: the same names, sizes, modification times and bytes (hashed; the
//! sparse 5 GiB `big` by size and mtime only). Exit 0 rows are inputs the contract calls
//! valid (an empty file, an offset at the end, a reader on a read-only mount).
//!
//! The files: `ten` ("0123456789"), `noise` (256 KiB of noise), `empty`, `big` (5 GiB,
//! sparse), `secret` (root's, 0600), `open` (0666), `dir/`, `ten.link` (a hard link to
//! `ten`), `ten.sym` and `open.sym` (symlinks to them), `dangling` (a symlink to nothing),
//! `fifo`, `fifo.link` (a symlink to it), `sock` (a listening socket); `missing` does not
//! exist. On the tmpfs
//! setups (see `run::At`): `ten`, `empty`, and `hole` (1 MiB, sparse).
//!
//! Related cases proved elsewhere: the hex forms patch accepts (patch.rs), `--expect` and
//! `--backup` in detail (patch.rs), the memory-lock limit (lock.rs), files shrinking while
//! mapped (errors.rs, fill.rs), and bench's refusals that need no file (bench.rs).

mod run;

use run::{run_table, At, At::*, Case, Hostile, Hostile::*};

/// One row: where, command line, exit code, the file the message names, part of the cause.
const fn row(
    at: At,
    cmd: &'static str,
    code: i32,
    file: &'static str,
    cause: &'static str,
) -> Case {
    hostile(at, No, cmd, code, file, cause)
}

/// A row run with a hostile limit, signal state or standard stream (see `run::Hostile`).
const fn hostile(
    at: At,
    hostile: Hostile,
    cmd: &'static str,
    code: i32,
    file: &'static str,
    cause: &'static str,
) -> Case {
    Case {
        at,
        hostile,
        cmd,
        code,
        file,
        cause,
    }
}

#[rustfmt::skip]
const CASES: &[Case] = &[
    // Files that are not there or cannot be mapped, for every command. Never waited on.
    row(Here, "dump missing",                        1, "missing", "No such file or directory"),
    row(Here, "dump dir",                            1, "dir", "is a directory"),
    row(Here, "dump sock",                           1, "sock", "is a socket"),
    row(Here, "dump 'new\nline'",                    1, "new\\nline", "No such file or directory"),
    row(Here, "patch 'esc\u{1b}[31m' -s 0 --hex 00", 1, "esc\\u{1b}[31m", "No such file or directory"),
    row(Here, "patch missing -s 0 --hex 00",         1, "missing", "No such file or directory"),
    row(Here, "patch dir -s 0 --hex 00",             1, "dir", "is a directory"),
    row(Here, "patch fifo -s 0 --hex 00",            1, "fifo", "is a FIFO"),
    row(Here, "patch sock -s 0 --hex 00",            1, "sock", "is a socket"),
    row(Here, "patch /dev/null -s 0 --hex 00",       1, "/dev/null", "is a character device"),
    row(Here, "patch /proc/self/status -s 0 --hex 00", 1, "/proc/self/status", "is a procfs pseudo-file"),
    row(Here, "fill missing",                        1, "missing", "No such file or directory"),
    row(Here, "fill missing -n 4",                   1, "missing", "No such file or directory"),
    row(Here, "fill dir",                            1, "dir", "is a directory"),
    row(Here, "fill fifo",                           1, "fifo", "is a FIFO"),
    row(Here, "fill fifo -n 4 --create",             1, "fifo", "is a FIFO"),
    row(Here, "fill sock",                           1, "sock", "is a socket"),
    row(Here, "fill /dev/null",                      1, "/dev/null", "is a character device"),
    row(Here, "fill /proc/self/status",              1, "/proc/self/status", "is a procfs pseudo-file"),
    row(Here, "lock missing --for 0s",               1, "missing", "No such file or directory"),
    row(Here, "lock ten missing --for 0s",           1, "missing", "No such file or directory"),
    row(Here, "lock dir --for 0s",                   1, "dir", "is a directory"),
    row(Here, "lock fifo --for 0s",                  1, "fifo", "is a FIFO"),
    row(Here, "lock sock --for 0s",                  1, "sock", "is a socket"),
    row(Here, "lock /dev/null --for 0s",             1, "/dev/null", "is a character device"),
    row(Here, "lock /proc/self/status --for 0s",     1, "/proc/self/status", "is a procfs pseudo-file"),
    row(Here, "residency missing",                   1, "missing", "No such file or directory"),
    // `residency ten missing` reports ten and exits 1, as fincore does: residency.rs's
    // files_that_cannot_be_opened_are_reported_and_the_others_still_are.
    row(Here, "residency dir",                       1, "dir", "is a directory; use -r/--recursive"),
    row(Here, "residency fifo",                      1, "fifo", "is a FIFO"),
    row(Here, "residency -r fifo",                   1, "fifo", "is a FIFO"),
    row(Here, "residency sock",                      1, "sock", "is a socket"),
    row(Here, "residency /dev/null",                 1, "/dev/null", "is a character device"),
    row(Here, "residency /proc/self/status",         1, "/proc/self/status", "is a procfs pseudo-file"),
    row(Here, "residency /sys/kernel/mm/transparent_hugepage/enabled", 1, "enabled", "is a sysfs pseudo-file"),
    row(Here, "bench missing --runs 1",              1, "missing", "No such file or directory"),
    row(Here, "bench dir --runs 1",                  1, "dir", "is a directory"),
    row(Here, "bench fifo --runs 1",                 1, "fifo", "is a FIFO"),
    row(Here, "bench sock --runs 1",                 1, "sock", "is a socket"),
    row(Here, "bench /dev/null --runs 1",            1, "/dev/null", "is a character device"),
    row(Here, "bench /proc/self/status --runs 1",    1, "/proc/self/status", "is a procfs pseudo-file"),

    // An empty file: valid for readers, an error for a writer's non-empty region.
    row(Here, "dump empty",                          0, "", "No content"),
    row(Here, "lock empty --for 0s",                 0, "empty", "locked 0 B (0 pages)"),
    row(Here, "residency empty --json",              0, "empty", "\"pages\":0"),
    row(Here, "bench empty --runs 1",                1, "empty", "the region is empty"),
    row(Here, "patch empty -s 0 --hex 00",           1, "empty", "bytes 0x0..0x1 runs past the end of the file (size 0x0)"),
    row(Here, "fill empty",                          0, "empty", "filled 0 bytes"),
    row(Here, "fill empty -n 1",                     1, "empty", "bytes 0x0..0x1 runs past the end"),

    // Offsets at, past and far past the end (`ten` holds 10 bytes; `big` 5 GiB, sparse).
    row(Here, "dump ten -s 10",                      0, "", "No content"),
    row(Here, "dump ten -s 4 -n 1T -f plain",        0, "", "343536373839"),
    // dump reads past the end as hexyl does: nothing there, "No content" (nothing is written).
    row(Here, "dump ten -s 11",                      0, "", "No content"),
    row(Here, "dump ten -s 1T",                      0, "", "No content"),
    row(Here, "dump ten -s 11 -n 4 -f raw",          0, "", ""),
    row(Here, "dump ten -s 1T -n 0xffffffffffffffff", 1, "ten", "offset 0x10000000000 + length 0xffffffffffffffff overflows"),
    row(Here, "dump ten -s -11",                     1, "ten", "offset -0xb reaches before the start of the file (size 0xa)"),
    row(Here, "dump big -s 5GiB -n 1",               0, "", "No content"),
    row(Here, "dump big -s 6GiB",                    0, "", "No content"),
    row(Here, "lock ten -s 10 --for 0s",             0, "ten", "locked 0 B (0 pages)"),
    row(Here, "lock ten -s 11 --for 0s",             1, "ten", "offset 0xb is past the end"),
    row(Here, "lock ten -s 11 -n 4 --for 0s",        1, "ten", "offset 0xb (bytes 0xb..0xf) is past the end"),
    row(Here, "lock big -s 1T --for 0s",             1, "big", "offset 0x10000000000 is past the end"),
    row(Here, "residency ten -s 10",                 0, "ten", "0 B"),
    row(Here, "residency ten -s 11",                 1, "ten", "offset 0xb is past the end"),
    row(Here, "residency ten -s 1T",                 1, "ten", "offset 0x10000000000 is past the end"),
    row(Here, "residency ten -s 1T -n 1",            1, "ten", "offset 0x10000000000 (bytes 0x10000000000..0x10000000001) is past"),
    row(Here, "bench ten -s 10 --runs 1",            1, "ten", "the region is empty (bytes 0xa..0xa)"),
    row(Here, "bench ten -s 11 --runs 1",            1, "ten", "offset 0xb is past the end"),
    row(Here, "bench ten -s 1T --runs 1",            1, "ten", "offset 0x10000000000 is past the end"),
    row(Here, "bench ten -s 11 -n 1 --runs 1",       1, "ten", "offset 0xb (bytes 0xb..0xc) is past the end"),
    row(Here, "patch ten -s 10 --hex 00",            1, "ten", "bytes 0xa..0xb runs past the end of the file (size 0xa)"),
    row(Here, "patch ten -s 9 --hex 0000",           1, "ten", "bytes 0x9..0xb runs past the end"),
    row(Here, "patch ten -s 11 --hex 00",            1, "ten", "bytes 0xb..0xc runs past the end"),
    row(Here, "patch ten -s 1T --hex 00",            1, "ten", "bytes 0x10000000000..0x10000000001 runs past the end"),
    row(Here, "patch big -s 5GiB --hex 00",          1, "big", "bytes 0x140000000..0x140000001 runs past the end"),
    row(Here, "fill ten -s 10",                      0, "ten", "filled 0 bytes at 0xa"),
    row(Here, "fill ten -s 10 -n 1",                 1, "ten", "bytes 0xa..0xb runs past the end"),
    row(Here, "fill ten -s 8 -n 3",                  1, "ten", "bytes 0x8..0xb runs past the end"),
    row(Here, "fill ten -s 1T -n 1",                 1, "ten", "bytes 0x10000000000..0x10000000001 runs past"),
    row(Here, "fill big -s 4GiB -n 2GiB",            1, "big", "bytes 0x100000000..0x180000000 runs past the end"),
    row(Here, "fill ten -s 11 -n 0",                 1, "ten", "bytes 0xb..0xb runs past the end"),
    row(Here, "fill ten -s 11",                      1, "ten", "offset 0xb is past the end of the file (size 0xa); --grow with -n/--length"),
    row(Here, "fill ten -s 11 --grow",               1, "ten", "give -n/--length"),

    // Negative offsets reaching before the start; lengths that overflow 64 bits.
    row(Here, "dump ten -s -11",                     1, "ten", "offset -0xb reaches before the start of the file (size 0xa)"),
    row(Here, "dump ten -s -0xb -n 4",               1, "ten", "offset -0xb reaches before the start"),
    row(Here, "patch ten -s -11 --hex 00",           1, "ten", "before the start of the file"),
    row(Here, "fill ten -s -11",                     1, "ten", "before the start of the file"),
    row(Here, "lock ten -s -11 --for 0s",            1, "ten", "before the start of the file"),
    row(Here, "residency ten -s -11",                1, "ten", "before the start of the file"),
    row(Here, "bench ten -s -11 --runs 1",           1, "ten", "before the start of the file"),
    row(Here, "dump ten -s 1 -n 0xffffffffffffffff", 1, "ten", "offset 0x1 + length 0xffffffffffffffff overflows"),
    row(Here, "lock ten -s 1 -n 0xffffffffffffffff --for 0s", 1, "ten", "overflows a 64-bit position"),
    row(Here, "residency ten -s 1 -n 0xffffffffffffffff", 1, "ten", "overflows a 64-bit position"),
    row(Here, "bench ten -s 1 -n 0xffffffffffffffff", 1, "ten", "overflows a 64-bit position"),
    row(Here, "fill ten -s 1 -n 0xffffffffffffffff", 1, "ten", "overflows a 64-bit position"),
    row(Here, "fill ten -s 1 -n 0xffffffffffffffff --grow", 1, "ten", "overflows a 64-bit position"),
    row(Here, "patch ten -s 0xffffffffffffffff --hex 0000", 1, "ten", "overflows a 64-bit position"),
    row(Here, "patch ten -s 0xffffffffffffffff --hex 0000 --grow", 1, "ten", "overflows a 64-bit position"),

    // Malformed numbers: usage errors, whatever the command.
    row(Here, "dump ten -n -1",                      2, "", "'-1' for '--length <LEN>': \"-1\" is negative"),
    row(Here, "fill ten -n -1",                      2, "", "is negative"),
    row(Here, "lock ten -n -5 --for 0s",             2, "", "is negative"),
    row(Here, "residency ten -n=-0",                 2, "", "is negative"),
    row(Here, "bench ten -n -1",                     2, "", "is negative"),
    row(Here, "dump ten -s 12XB",                    2, "", "unknown unit \"XB\""),
    row(Here, "dump ten -n 1.5K",                    2, "", "unknown unit \".5K\""),
    row(Here, "dump ten -s 0xzz",                    2, "", "\"0xzz\" is not a number"),
    row(Here, "patch ten -s 0b102 --hex 00",         2, "", "\"0b102\" is not a number"),
    row(Here, "fill ten -s _",                       2, "", "is not a number"),
    row(Here, "dump ten -s 99999999999999999999",    2, "", "is too large"),
    row(Here, "lock ten -n 17179869184G --for 0s",   2, "", "is too large"),
    row(Here, "residency ten -s --5",                2, "", "is not a number"),
    row(Here, "dump ten -n=",                        2, "", "no digits given"),
    row(Here, "fill ten --byte 256",                 2, "", "not a byte value"),
    row(Here, "fill ten --byte x",                   2, "", "is not a number"),
    row(Here, "fill ten --byte -1",                  2, "", "unexpected argument '-1'"),
    row(Here, "fill ten --random --seed x",          2, "", "is not a number"),
    row(Here, "lock ten --for soon",                 2, "", "is not a duration"),
    row(Here, "lock ten --for -1s",                  2, "", "unexpected argument '-1'"),
    row(Here, "bench ten --block x",                 2, "", "is not a number"),
    row(Here, "bench ten --runs 0",                  2, "", "--runs"),
    row(Here, "bench ten --threads 1025",            2, "", "--threads"),
    row(Here, "dump ten --panels 0",                 2, "", "is not `auto` or a number of panels from 1 to 65535"),
    row(Here, "dump ten --panels 99999999999",       2, "", "from 1 to 65535"),
    row(Here, "dump ten --terminal-width 18446744073709551615", 2, "", "--terminal-width"),
    row(Here, "dump ten --terminal-width 0",         2, "", "--terminal-width"),
    row(Here, "dump ten -g 3",                       2, "", "--group-size"),
    row(Here, "dump ten -b 7",                       2, "", "is not a base"),

    // Malformed hex: odd digit counts, non-hex characters, empty values.
    // Each names the piece of input that is wrong and what is wrong with it (issue 13).
    row(Here, "patch ten -s 0 --hex abc",            2, "", "a byte needs two hex digits: 'abc'"),
    row(Here, "patch ten -s 0 --hex '1 2 3'",        2, "", "a byte needs two hex digits: '1'"),
    row(Here, "patch ten -s 0 --hex zz",             2, "", "'z' in 'zz' is not a hex digit"),
    row(Here, "patch ten -s 0 --hex 'de ad b'",      2, "", "a byte needs two hex digits: 'b'"),
    row(Here, "patch ten -s 0 --hex 'd e'",          2, "", "a byte needs two hex digits: 'd'"),
    row(Here, "patch ten -s 0 --hex de:a",           2, "", "a byte needs two hex digits: 'a'"),
    row(Here, "patch ten -s 0 --hex 00 --expect '1 2'", 2, "", "--expect <HEX>': a byte needs two hex digits: '1'"),
    row(Here, "patch ten -s 0 --hex ''",             2, "", "no bytes given"),
    row(Here, "patch ten -s 0 --hex 0x",             2, "", "no bytes given"),
    row(Here, "patch ten -s 0 --hex 00 --expect 0",  2, "", "--expect"),
    row(Here, "patch ten -s 0 --text ''",            2, "", "empty text"),
    row(Here, "fill ten --pattern abc",              2, "", "a byte needs two hex digits: 'abc'"),
    row(Here, "fill ten --pattern '1 2 3'",          2, "", "--pattern <HEX>': a byte needs two hex digits: '1'"),
    row(Here, "fill ten --pattern 0xzz",             2, "", "'z' in 'zz' is not a hex digit"),
    row(Here, "find ten --hex '1 2 3'",              2, "", "--hex: a byte needs two hex digits: '1'"),

    // Conflicting and missing options.
    row(Here, "patch ten -s 0 --hex 00 --text a",    2, "", "cannot be used with"),
    row(Here, "patch ten -s 0 --hex 00 --from ten",  2, "", "cannot be used with"),
    row(Here, "patch ten -s 0 --text a --from -",    2, "", "cannot be used with"),
    row(Here, "patch ten -s 0",                      2, "", "required"),
    row(Here, "patch ten --hex 00",                  2, "", "--offset"),
    row(Here, "patch ten -s 0 --hex 00 --force",     2, "", "--backup"),
    row(Here, "patch ten -s 0 -s 1 --hex 00",        2, "", "cannot be used multiple times"),
    row(Here, "fill ten --byte 1 --random",          2, "", "cannot be used with"),
    row(Here, "fill ten --byte 1 --pattern 02",      2, "", "cannot be used with"),
    row(Here, "fill ten --pattern 02 --random",      2, "", "cannot be used with"),
    row(Here, "fill ten --seed 1",                   2, "", "--random"),
    row(Here, "residency ten --touch --evict",       2, "", "cannot be used with"),
    row(Here, "residency",                           2, "", "FILE"),
    row(Here, "lock",                                2, "", "FILE"),
    row(Here, "lock ten --for",                      2, "", "--for"),
    row(Here, "bench ten --anon",                    2, "", "cannot be used with"),
    row(Here, "bench --anon -s 1",                   2, "", "cannot be used with"),
    row(Here, "bench ten --size 1MiB",               2, "", "cannot be used with"),
    row(Here, "bench ten --copy --destructive",      2, "", "cannot be used with"),
    row(Here, "bench ten --mode append",             2, "", "append"),
    row(Here, "dump ten --panels 2 --terminal-width 100", 2, "", "cannot be used with"),
    row(Here, "dump ten --format pdf",               2, "", "pdf"),
    row(Here, "dump ten --prot rw",                  2, "", "'rw'"),
    row(Here, "frobnicate ten",                      2, "", "unrecognized subcommand"),

    // Checks against the file or the other paths, before anything is written.
    row(Here, "patch ten -s 0 --hex 00 --expect ff", 3, "ten", "differ from --expect"),
    row(Here, "patch ten -s 0 --from missing",       1, "missing", "cannot read the patch from missing"),
    row(Here, "patch ten -s 0 --from empty",         1, "empty", "the patch is empty"),
    row(Here, "patch ten -s 0 --from dir",           1, "dir", "is a directory"),
    row(Here, "patch ten -s 0 --from /dev/zero",     1, "/dev/zero", "is a character device"),
    row(Here, "patch ten -s 0 --from sock",          1, "sock", "is a socket"),
    row(Here, "patch ten -s 0 --hex 00 --backup open", 1, "open", "already exists"),
    row(Here, "patch ten -s 0 --hex 00 --backup dir/missing/b", 1, "dir/missing/b", "No such file or directory"),
    row(Here, "patch ten -s 0 --hex 00 --backup ten.link --force", 1, "ten.link", "is the file being patched"),
    row(Here, "patch ten -s 0 --hex 00 --backup fifo --force", 1, "fifo", "is a FIFO"),
    row(Here, "patch ten -s 0 --hex 00 --backup sock --force", 1, "sock", "is a socket"),
    row(Here, "patch ten -s 0 --hex 00 --backup /dev/null --force", 1, "/dev/null", "is a character device"),
    row(Here, "patch ten -s 0 --hex 00 --backup dir --force", 1, "dir", "is a directory"),
    row(Here, "bench ten --mode write --runs 1",     1, "ten", "refusing --mode write"),
    row(Here, "bench ten --mode randread --block 1MiB", 1, "ten", "--block 1048576 is larger than the region of ten (bytes 0x0..0xa, 10 B)"),
    row(Here, "bench ten --runs 1",                  1, "ten", "--block 4096 is larger than the region"),

    // Permissions: as an unprivileged user.
    row(Nobody, "dump secret",                       1, "secret", "cannot open secret for reading: Permission denied"),
    row(Nobody, "lock secret --for 0s",              1, "secret", "Permission denied"),
    row(Nobody, "residency secret",                  1, "secret", "Permission denied"),
    row(Nobody, "bench secret --runs 1",             1, "secret", "Permission denied"),
    row(Nobody, "patch ten -s 0 --hex 00",           1, "ten", "cannot open ten for writing: Permission denied"),
    row(Nobody, "fill ten",                          1, "ten", "cannot open ten for writing: Permission denied"),
    row(Nobody, "bench ten --destructive --mode write --runs 1", 1, "ten", "cannot open ten for writing"),
    row(Nobody, "patch dir/new -s 0 --hex 00 --create", 1, "dir/new", "Permission denied"),
    row(Nobody, "fill dir/new -n 1 --create",        1, "dir/new", "Permission denied"),
    row(Nobody, "patch open -s 0 --hex 00 --backup dir/b", 1, "dir/b", "cannot write the backup dir/b: Permission denied"),

    // A read-only mount: writers refuse, with the file system's word for it; readers work.
    row(ReadOnly, "patch ten -s 0 --hex 00",         1, "ten", "Read-only file system"),
    row(ReadOnly, "fill ten",                        1, "ten", "Read-only file system"),
    row(ReadOnly, "fill empty",                      1, "empty", "Read-only file system"),
    row(ReadOnly, "patch new -s 0 --hex 00 --create", 1, "new", "Read-only file system"),
    row(ReadOnly, "fill new -n 1 --create",          1, "new", "Read-only file system"),
    row(ReadOnly, "patch ten -s 0 --hex 00 --backup b", 1, "ten", "Read-only file system"),
    row(ReadOnly, "bench ten --destructive --mode write --runs 1", 1, "ten", "Read-only file system"),
    row(ReadOnly, "patch ten -s 0 --hex 00 --dry-run", 1, "ten", "cannot open ten for writing: Read-only file system"),
    row(ReadOnly, "patch new -s 0 --hex 00 --create --dry-run", 1, "new", "cannot create new: Read-only file system"),
    row(Nobody, "patch ten -s 0 --hex 00 --dry-run",  1, "ten", "cannot open ten for writing: Permission denied"),
    row(Nobody, "patch open -s 0 --hex 00 --backup dir/b --dry-run", 1, "dir/b", "cannot write the backup dir/b: Permission denied"),
    row(ReadOnly, "dump ten -f plain",               0, "", "30313233343536373839"),
    row(ReadOnly, "lock ten --for 0s",               0, "ten", "locked 10 B (1 pages)"),
    row(ReadOnly, "residency ten --evict --json",    0, "ten", "\"pages\":1"),
    row(ReadOnly, "bench ten --runs 1 --block 2 --json", 0, "", "\"mode\":\"randread\""),

    // A full disk: pages the file system cannot provide are an error, not a crash. Reading
    // a tmpfs hole needs a page too: readers exit 4 as for any mapped file that cannot be
    // read.
    row(Full, "patch hole -s 512K --hex 01",         1, "hole", "cannot write hole (bytes 0x80000..0x80001): the file system cannot provide the blocks: No space left"),
    row(Full, "fill hole -s 4K -n 8K --byte 1",      1, "hole", "the file system cannot provide the blocks: No space left"),
    row(Full, "patch ten -s 100K --hex 01 --grow",   1, "ten", "cannot write ten (bytes 0x19000..0x19001): the file system cannot provide the blocks: No space left"),
    row(Full, "fill ten -n 2MiB --grow",             1, "ten", "No space left on device"),
    row(Full, "patch new -s 4K --hex 01 --create",   1, "new", "No space left on device"),
    row(Full, "fill new -n 4MiB --create --byte 1",  1, "new", "No space left on device"),
    row(Full, "patch ten -s 0 --hex 01 --backup bk", 1, "bk", "cannot write the backup bk: No space left"),
    row(AlmostFull, "fill ten -n 64K --grow --byte 1", 1, "ten", "the file system cannot provide the blocks: No space left"),
    row(AlmostFull, "fill new -n 64K --create",      1, "new", "the file system cannot provide the blocks: No space left"),
    row(Full, "dump hole -f raw",                    4, "hole", "its storage failed"),
    row(Full, "lock hole --for 0s",                  4, "hole", "its storage failed"),
    row(Full, "residency hole --touch",              4, "hole", "its storage failed"),
    row(Full, "bench hole --runs 1",                 4, "hole", "its storage failed"),

    // Hostile environments (issue 9), as root and as an unprivileged user: inherited limits
    // and signal state, unwritable standard streams, pseudo files, symlinks, descriptor
    // paths. See `run::Hostile`.
    hostile(Here, FileSize, "fill new -n 1M --create",        1, "new", "file-size limit of this process (4096 bytes, ulimit -f): File too large"),
    hostile(Here, FileSize, "patch ten -s 8K --hex 41 --grow", 1, "ten", "File too large"),
    hostile(Here, FileSize, "patch ten -s 8K --hex 41 --grow --dry-run", 1, "ten", "File too large"),
    hostile(Here, FileSize, "fill ten -n 1M --grow",          1, "ten", "File too large"),
    hostile(Here, FileSize, "dump big -s 5GiB -n 1",          0, "", "No content"),
    hostile(Nobody, FileSize, "patch open -s 8K --hex 41 --grow", 1, "open", "File too large"),
    hostile(Nobody, FileSize, "fill open -n 1M --grow",       1, "open", "File too large"),
    hostile(Here, AddressSpace, "lock big -n 1GiB --for 0s",  1, "big", "Cannot allocate memory"),
    // big is 5 GiB: a 32-bit process refuses it before asking the kernel.
    hostile(Here, AddressSpace, "bench big --runs 1",         1, "big", crate::support::NO_ROOM),
    hostile(Here, AddressSpace, "patch ten -s 0 --from big",  1, "big", "cannot read the patch from big: out of memory"),
    hostile(Here, AddressSpace, "residency big",              0, "big", "/1310720 pages"),
    hostile(Here, AddressSpace, "dump big -s 4GiB -n 16 -f plain", 0, "", "00000000000000000000000000000000"),
    hostile(Nobody, AddressSpace, "lock big -n 1GiB --for 0s", 1, "big", "Cannot allocate memory"),
    hostile(Nobody, AddressSpace, "patch open -s 0 --from big", 1, "big", "out of memory"),
    hostile(Here, Threads, "dump noise",                      0, "", "│0003fff0│"),
    hostile(Nobody, Threads, "dump noise",                    0, "", "│0003fff0│"),
    hostile(Nobody, Threads, "dump noise -f plain -n 30",     0, "", "\n"),
    hostile(Here, StderrFull, "dump missing",                 1, "", ""),
    hostile(Here, StderrFull, "dump ten -s nope",             2, "", ""),
    hostile(Here, StderrFull, "patch ten -s 0 --hex 00 --expect ff", 3, "", ""),
    hostile(Here, StderrFull, "patch ten -s 0 --hex 00 --dry-run", 0, "", ""),
    hostile(Here, StderrFull, "lock ten --for 0s",            0, "", ""),
    hostile(Here, StderrFull, "residency ten",                0, "", ""),
    hostile(Nobody, StderrFull, "patch ten -s 0 --hex 00",    1, "", ""),
    hostile(Nobody, StderrFull, "lock ten --for 0s",          0, "", ""),
    hostile(Here, StderrClosed, "dump missing",               1, "", ""),
    hostile(Here, StderrClosed, "fill ten -s 11",             1, "", ""),
    hostile(Here, StderrClosed, "lock ten --for 0s",          0, "", ""),
    hostile(Nobody, StderrClosed, "residency ten secret",     1, "", ""),
    hostile(Nobody, StderrClosed, "lock ten --for 0s",        0, "", ""),
    hostile(Here, StdoutFull, "dump ten -f plain",            1, "", "cannot write to stdout: No space left on device"),
    hostile(Here, StdoutFull, "residency ten --json",         1, "", "No space left on device"),
    hostile(Here, StdoutFull, "lock ten --json --for 0s",     1, "", "No space left on device"),
    hostile(Here, StdoutFull, "patch ten -s 0 --hex 00 --dry-run", 1, "", "No space left on device"),
    hostile(Nobody, StdoutFull, "dump ten -f raw",            1, "", "No space left on device"),
    hostile(Nobody, StdoutFull, "lock ten --json --for 0s",   1, "", "No space left on device"),
    // dump streams what it cannot map (tests/cli/dump.rs); /proc/self/mem fails at its first read.
    row(Here, "dump /proc/self/mem",                          1, "/proc/self/mem", "Input/output error"),
    row(Here, "fill /proc/self/clear_refs",                   1, "/proc/self/clear_refs", "is a procfs pseudo-file"),
    row(Here, "patch /proc/self/clear_refs -s 0 --hex 00 --grow", 1, "/proc/self/clear_refs", "is a procfs pseudo-file"),
    row(Here, "lock /sys/kernel/mm/transparent_hugepage/enabled --for 0s", 1, "enabled", "is a sysfs pseudo-file"),
    row(Nobody, "dump /proc/self/mem",                        1, "/proc/self/mem", "cannot read"),
    row(Nobody, "fill /proc/self/clear_refs",                 1, "/proc/self/clear_refs", "is a procfs pseudo-file"),
    row(Nobody, "residency /sys/kernel/mm/transparent_hugepage/enabled", 1, "enabled", "is a sysfs pseudo-file"),
    row(Here, "patch ten -s 2 --hex 41 --backup /proc/self/fd/3 --force", 1, "/proc/self/fd/3", "is the file being patched"),
    row(Here, "patch ten -s 2 --hex 41 --backup /dev/fd/3 --force", 1, "/dev/fd/3", "is the file being patched"),
    row(Nobody, "patch open -s 2 --hex 41 --backup /proc/self/fd/3 --force", 1, "/proc/self/fd/3", "is the file being patched"),
    row(Here, "patch ten -s 0 --hex 00 --backup ten.sym --force", 1, "ten.sym", "is the file being patched"),
    row(Nobody, "patch open -s 0 --hex 00 --backup open.sym --force", 1, "open.sym", "is the file being patched"),
    row(Here, "patch new -s 0 --hex 00 --create --backup new", 1, "new", "is the file being patched"),
    row(Here, "patch dangling -s 0 --hex 00",                 1, "dangling", "No such file or directory"),
    row(Here, "dump dangling",                                1, "dangling", "No such file or directory"),
    row(Nobody, "fill dangling -n 1 --create",                1, "dangling", "Permission denied"),
    row(Here, "patch ten -s 0xfffffffffffffc00 --hex 41 --grow --dry-run", 1, "ten", "would grow the file past the largest file size"),
    hostile(Full, SigbusBlocked, "dump hole -f raw",          4, "hole", "its storage failed"),
    hostile(Full, SigbusBlocked, "lock hole --for 0s",        4, "hole", "its storage failed"),
    hostile(Full, SigbusIgnored, "dump hole -f raw",          4, "hole", "its storage failed"),
    hostile(Full, SigbusIgnored, "residency hole --touch",    4, "hole", "its storage failed"),
    row(Full, "dump hole",                                    4, "hole", "its storage failed"),
    row(Full, "dump hole -f plain",                           4, "hole", "its storage failed"),
    row(Full, "dump hole -f c",                               4, "hole", "its storage failed"),
    // find: grep's exit status, so a runtime error is 2 as a usage error is (and exit 1
    // means no hit, without a word: such rows belong in find.rs, not in this table).
    row(Here, "find missing --hex 00",               2, "missing", "cannot open missing: No such file or directory"),
    row(Here, "find dir --hex 00",                   2, "dir", "is a directory; use -r/--recursive to search the files below it"),
    row(Here, "find fifo --hex 00",                  2, "fifo", "is a FIFO"),
    row(Here, "find -r fifo.link --hex 00",          2, "fifo.link", "is a FIFO"),
    row(Here, "find sock --hex 00",                  2, "sock", "is a socket"),
    row(Here, "find /dev/null --hex 00",             2, "/dev/null", "is a character device"),
    row(Here, "find /proc/self/status --text Name",  2, "/proc/self/status", "is a procfs pseudo-file"),
    row(Here, "find 'new\nline' --hex 00",           2, "new\\nline", "No such file or directory"),
    row(Here, "find ten -s 11 --hex 00",             2, "ten", "offset 0xb is past the end of the file (size 0xa)"),
    row(Here, "find ten -s -11 --hex 00",            2, "ten", "before the start of the file"),
    row(Here, "find ten -s 1 -n 0xffffffffffffffff --hex 00", 2, "ten", "overflows a 64-bit position"),
    row(Here, "find ten -n -1 --hex 00",             2, "", "is negative"),
    row(Here, "find ten --hex d",                    2, "", "--hex: a byte needs two hex digits: 'd'"),
    row(Here, "find ten --hex 'd??e'",               2, "", "`??` must be a whole byte: 'd??e'"),
    row(Here, "find ten --hex 'de zz'",              2, "", "'z' in 'zz' is not a hex digit"),
    row(Here, "find ten --hex ''",                   2, "", "the hex pattern is empty"),
    row(Here, "find ten --text ''",                  2, "", "the text pattern is empty"),
    row(Here, "find ten --regex '('",                2, "", "--regex: invalid regex '(': unclosed group"),
    row(Here, "find ten -e 'a*'",                    2, "", "can match zero bytes"),
    row(Here, "find ten --hex 00 --max-match-len 0", 2, "", "--max-match-len 0: must be from 1 byte to 1GiB"),
    row(Here, "find ten --hex 00 --max-match-len 2GiB", 2, "", "must be from 1 byte to 1GiB"),
    row(Here, "find ten",                            2, "", "required"),
    row(Here, "find --hex 00",                       2, "", "FILE"),
    row(Here, "find ten --hex 00 -c -l",             2, "", "cannot be used with"),
    row(Here, "find ten --hex 00 -q --json",         2, "", "cannot be used with"),
    row(Here, "find ten --hex 00 -C 4 --json",       2, "", "cannot be used with"),
    row(Here, "find ten --hex 00 -m x",              2, "", "invalid value"),
    row(Here, "find ten --text 0 --color sometimes", 2, "", "sometimes"),
    row(Here, "find ten --text 345",                 0, "ten", "ten:0x3"),
    row(Here, "find ten empty --text 9 -c",          0, "empty", "ten:1\nempty:0"),
    row(Here, "find big -s -16 --text tail -c",      0, "big", "big:1"),
    row(Here, "find big -s 4GiB -n 64MiB --regex '\\x00+'", 2, "big", "could be longer than the limit of 4194304 bytes"),
    row(Nobody, "find secret --hex 00",              2, "secret", "cannot open secret for reading: Permission denied"),
    row(Nobody, "find ten --text 9 -l",              0, "", "ten"),
    row(ReadOnly, "find ten --text 0 --json",        0, "", "\"bytes\":\"30\""),
    row(Full, "find hole --hex 01",                  4, "hole", "its storage failed"),
    row(FullAsNobody, "find hole --hex 01 -c",       4, "hole", "its storage failed"),
    hostile(Full, SigbusIgnored, "find hole --hex 01", 4, "hole", "its storage failed"),
    hostile(Here, AddressSpace, "find big -s 4GiB --hex 00 -m 2", 0, "big", "big:0x100000000\nbig:0x100000001"),
    hostile(Here, StdoutFull, "find ten --text 0",   2, "", "cannot write to stdout: No space left on device"),
    hostile(Nobody, StdoutFull, "find ten --text 0 --json", 2, "", "No space left on device"),
    hostile(Here, StderrFull, "find missing --hex 00", 2, "", ""),
    hostile(Here, StderrClosed, "find ten --hex d",  2, "", ""),
    hostile(FullAsNobody, SigbusBlocked, "dump hole -f raw",  4, "hole", "its storage failed"),
    hostile(FullAsNobody, SigbusIgnored, "dump hole -f hexyl", 4, "hole", "its storage failed"),
    row(FullAsNobody, "dump hole -f raw",                     4, "hole", "its storage failed"),
];

#[test]
fn bad_input_as_root() {
    run_table(CASES, Here);
}

#[test]
fn bad_input_as_an_unprivileged_user() {
    run_table(CASES, Nobody);
}

#[test]
fn bad_input_on_a_read_only_mount() {
    run_table(CASES, ReadOnly);
}

#[test]
fn bad_input_on_a_full_disk() {
    run_table(CASES, Full);
}

#[test]
fn bad_input_on_a_full_disk_as_an_unprivileged_user() {
    run_table(CASES, FullAsNobody);
}

#[test]
fn bad_input_on_an_almost_full_disk() {
    run_table(CASES, AlmostFull);
}
