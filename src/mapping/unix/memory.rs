//! madvise on a mapping: access hints and pre-faulting, through memmap2 (the Unix side of
//! `Mapping::advise`, `populate_read` and `populate_write`).

use std::io;

use crate::mapping::{Advice, Inner};

/// Gives the kernel an access hint for the whole mapping (madvise).
///
/// # Errors
/// madvise's error (EINVAL where a hint is unsupported, e.g. huge pages on a file).
pub(in crate::mapping) fn advise(map: &Inner, advice: Advice) -> io::Result<()> {
    use memmap2::Advice as A;
    let advice = match advice {
        Advice::Normal => A::Normal,
        Advice::Sequential => A::Sequential,
        Advice::Random => A::Random,
        Advice::Willneed => A::WillNeed,
        #[cfg(target_os = "linux")]
        Advice::Hugepage => A::HugePage,
        #[cfg(not(target_os = "linux"))]
        Advice::Hugepage => return Err(io::Error::from(io::ErrorKind::Unsupported)),
    };
    match map {
        Inner::Empty => Ok(()),
        Inner::Ro(m) => m.advise(advice),
        Inner::Rw(m) => m.advise(advice),
    }
}

/// Asks the kernel to read the mapped pages in now, in one call instead of one fault per
/// page (MADV_POPULATE_READ, Linux 5.14+). Older kernels and other systems ignore it.
///
/// # Errors
/// EFAULT when the file shrank underneath the mapping.
pub(in crate::mapping) fn populate_read(map: &Inner) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let advice = memmap2::Advice::PopulateRead;
        let result = match map {
            Inner::Empty => Ok(()),
            Inner::Ro(m) => m.advise(advice),
            Inner::Rw(m) => m.advise(advice),
        };
        match result {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => Ok(()),
            other => other,
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = map;
        Ok(())
    }
}

/// Pre-faults a writable mapping in one call (MADV_POPULATE_WRITE, Linux 5.14+), unlike
/// MAP_POPULATE, which maps shared pages read-only and leaves a write fault per page. A
/// no-op for read-only mappings and where unsupported.
///
/// # Errors
/// EFAULT/ENOMEM when the file shrank or memory ran out.
pub(in crate::mapping) fn populate_write(map: &Inner) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    if let Inner::Rw(m) = map {
        return match m.advise(memmap2::Advice::PopulateWrite) {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => Ok(()),
            other => other,
        };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = map;
    Ok(())
}
