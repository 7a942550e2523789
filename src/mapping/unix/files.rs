//! What a writer needs to know about a file before it changes a byte: which file system it
//! is on (pseudo file systems are refused), whether a region has holes, reserving the blocks
//! a write will need, and how large the file may become.

use std::fs::File;
use std::io;
use std::os::unix::io::AsRawFd;

use super::lfs;

/// Pseudo file systems, by statfs magic: their files report sizes that are not their
/// content (0 for most of procfs, 4096 for sysfs), reads have side effects or fail, and
/// none can be mapped as bytes.
const PSEUDO: &[(u32, &str)] = &[
    (0x0000_9fa0, "procfs"),
    (0x6265_6572, "sysfs"),
    (0x6462_6720, "debugfs"),
    (0x7472_6163, "tracefs"),
    (0x7363_6673, "securityfs"),
    (0x0027_e0eb, "cgroupfs"),
    (0x6367_7270, "cgroup2fs"),
    (0xcafe_4a11, "bpffs"),
    (0x6265_6570, "configfs"),
    (0xde5e_81e4, "efivarfs"),
    (0xf97c_ff8c, "selinuxfs"),
    (0x6573_5543, "fusectl"),
    (0x6e73_6673, "nsfs"),
];

/// The pseudo file system `file` lives on (procfs, sysfs...), or `None` for a real one.
/// A failed fstatfs counts as real: the open and the mapping still check what they can.
#[cfg(target_os = "linux")]
pub fn pseudo_fs(file: &File) -> Option<&'static str> {
    // SAFETY: statfs is plain data (integers only), valid all-zero; fstatfs writes only
    // into it, and the descriptor is borrowed from a live File.
    let mut stat: lfs::statfs = unsafe { std::mem::zeroed() };
    if unsafe { lfs::fstatfs(file.as_raw_fd(), &mut stat) } != 0 {
        return None;
    }
    pseudo_name(&stat)
}

#[cfg(target_os = "linux")]
fn pseudo_name(stat: &lfs::statfs) -> Option<&'static str> {
    // f_type is a c_long on most targets and a c_uint on s390x; every magic fits 32 bits.
    #[allow(clippy::unnecessary_cast)]
    let magic = stat.f_type as u32;
    PSEUDO
        .iter()
        .find(|(m, _)| *m == magic)
        .map(|(_, name)| *name)
}

/// The pseudo file system `path` is on, asked before opening it (statfs): opening a
/// pseudo-file can itself be refused (`/proc/self/clear_refs` is root's after a uid change)
/// or have effects, and the refusal should name what the file is.
#[cfg(target_os = "linux")]
pub fn pseudo_fs_of_path(path: &std::path::Path) -> Option<&'static str> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: as in `pseudo_fs`; `c_path` is a live NUL-terminated string.
    let mut stat: lfs::statfs = unsafe { std::mem::zeroed() };
    if unsafe { lfs::statfs(c_path.as_ptr(), &mut stat) } != 0 {
        return None;
    }
    pseudo_name(&stat)
}

/// Other Unix systems have no procfs/sysfs magic numbers to check.
#[cfg(not(target_os = "linux"))]
pub fn pseudo_fs(_file: &File) -> Option<&'static str> {
    let _ = PSEUDO;
    None
}

/// Other Unix systems have no procfs/sysfs magic numbers to check.
#[cfg(not(target_os = "linux"))]
pub fn pseudo_fs_of_path(_path: &std::path::Path) -> Option<&'static str> {
    None
}

fn to_off(v: u64) -> io::Result<lfs::off_t> {
    lfs::off_t::try_from(v).map_err(|_| io::Error::from_raw_os_error(libc::EFBIG))
}

/// Whether `offset..offset + len` of `file` has a hole (or runs past its end, which is one):
/// pages that a write must first get from the file system, and which a full file system
/// refuses in the middle of the write.
pub fn has_hole(file: &File, offset: u64, len: u64) -> bool {
    if len == 0 {
        return false;
    }
    let Ok(at) = to_off(offset) else {
        return true;
    };
    // SAFETY: lseek takes only integers; the descriptor is borrowed from a live File. The
    // file offset it moves is used by nothing here (every access is positional).
    let hole = unsafe { lfs::lseek(file.as_raw_fd(), at, libc::SEEK_HOLE) };
    // ENXIO: the offset is at or past the end, all hole. Any other failure (a file system
    // without SEEK_HOLE) is answered as "maybe": reserving is then only tried.
    hole < 0 || (hole as u64) < offset.saturating_add(len)
}

/// Reserves the blocks of `offset..offset + len` without changing the file's size
/// (fallocate FALLOC_FL_KEEP_SIZE), so that the write that follows cannot run out of space
/// half way: a full file system is refused here, before a byte has changed. Returns
/// `Ok(false)` where the file system cannot reserve (the write then finds out as it goes).
///
/// # Errors
/// ENOSPC, EDQUOT, EFBIG, EIO: the reservation was refused.
#[cfg(target_os = "linux")]
pub fn reserve(file: &File, offset: u64, len: u64) -> io::Result<bool> {
    if len == 0 {
        return Ok(true);
    }
    let (at, n) = (to_off(offset)?, to_off(len)?);
    loop {
        // SAFETY: fallocate takes only integers; the descriptor is borrowed from a live
        // File. KEEP_SIZE allocates (unwritten, reading as zeros) and never changes bytes
        // or the size.
        let rc = unsafe { lfs::fallocate(file.as_raw_fd(), libc::FALLOC_FL_KEEP_SIZE, at, n) };
        if rc == 0 {
            return Ok(true);
        }
        let err = io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EOPNOTSUPP | libc::ENOSYS | libc::ENODEV) => return Ok(false),
            _ => return Err(err),
        }
    }
}

/// Without fallocate, nothing is reserved.
///
/// # Errors
/// Never.
#[cfg(not(target_os = "linux"))]
pub fn reserve(_file: &File, _offset: u64, _len: u64) -> io::Result<bool> {
    Ok(false)
}

/// The largest size a file may be given by this process: the soft RLIMIT_FSIZE (a write
/// past it fails with EFBIG) and off_t's range.
pub fn file_size_limit() -> u64 {
    let mut limit = lfs::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    let most = i64::MAX as u64;
    // SAFETY: `limit` is a live, initialised rlimit that getrlimit only writes.
    if unsafe { lfs::getrlimit(libc::RLIMIT_FSIZE, &mut limit) } != 0
        || limit.rlim_cur == lfs::RLIM_INFINITY
    {
        return most;
    }
    // rlim_t is u64 on Linux (rlim64_t, also on i686) and i64 on FreeBSD (where a negative
    // value is infinity): the conversion is needed off Linux.
    #[allow(clippy::useless_conversion)]
    u64::try_from(limit.rlim_cur).map_or(most, |v| v.min(most))
}

/// Whether the file system holding `file` lets it reach `size` bytes: lseek refuses a
/// position past the file system's largest file (EINVAL; ext4's is 16 TiB), which is what a
/// write there would be refused with (EFBIG). Nothing is written; the file offset moved is
/// used by nothing here.
pub fn may_reach(file: &File, size: u64) -> bool {
    let Ok(at) = to_off(size) else {
        return false;
    };
    // SAFETY: lseek takes only integers; the descriptor is borrowed from a live File.
    let rc = unsafe { lfs::lseek(file.as_raw_fd(), at, libc::SEEK_SET) };
    rc >= 0 || io::Error::last_os_error().raw_os_error() != Some(libc::EINVAL)
}

/// Whether this process may write `path` (or, for a missing file, create it in its
/// directory): faccessat with the effective ids, which also answers EROFS for a read-only
/// mount. What a dry run asks so that it refuses what the real call would.
///
/// # Errors
/// EACCES, EROFS, ENOENT...: the refusal the real call would meet.
pub fn may_write(path: &std::path::Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    // SAFETY: faccessat reads the live NUL-terminated path and takes integers otherwise.
    let rc = unsafe {
        libc::faccessat(
            libc::AT_FDCWD,
            c_path.as_ptr(),
            libc::W_OK,
            libc::AT_EACCESS,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}
