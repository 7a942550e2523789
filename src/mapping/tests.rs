use std::io::{Read, Write};

use super::source::resolve;
use super::*;
use crate::units::Offset;

const GIB: u64 = 1 << 30;

#[test]
fn resolve_defaults_to_whole_file() {
    let r = resolve(Offset::FromStart(0), None, 100, Bounds::Clamp).unwrap();
    assert_eq!(
        r,
        Region {
            offset: 0,
            len: 100
        }
    );
}

#[test]
fn resolve_negative_offset_counts_from_end() {
    let r = resolve(Offset::FromEnd(10), None, 100, Bounds::Clamp).unwrap();
    assert_eq!(
        r,
        Region {
            offset: 90,
            len: 10
        }
    );
    let r = resolve(Offset::FromEnd(100), Some(1), 100, Bounds::Strict).unwrap();
    assert_eq!(r, Region { offset: 0, len: 1 });
    let err = resolve(Offset::FromEnd(101), None, 100, Bounds::Clamp).unwrap_err();
    assert!(err.to_string().contains("before the start"), "{err}");
}

#[test]
fn resolve_clamps_reads_and_refuses_writes_past_end() {
    let r = resolve(Offset::FromStart(90), Some(50), 100, Bounds::Clamp).unwrap();
    assert_eq!(
        r,
        Region {
            offset: 90,
            len: 10
        }
    );
    let err = resolve(Offset::FromStart(90), Some(50), 100, Bounds::Strict).unwrap_err();
    assert!(err.to_string().contains("past the end"), "{err}");
    // Offset at the end: an empty region for readers.
    let r = resolve(Offset::FromStart(100), None, 100, Bounds::Clamp).unwrap();
    assert_eq!(r.len, 0);
    // Errors name the region asked for.
    let err = resolve(Offset::FromStart(101), Some(4), 100, Bounds::Clamp).unwrap_err();
    assert!(
        err.to_string()
            .contains("offset 0x65 (bytes 0x65..0x69) is past the end"),
        "{err}"
    );
    let err = resolve(Offset::FromStart(101), None, 100, Bounds::Strict).unwrap_err();
    assert!(
        err.to_string().contains("offset 0x65 is past the end"),
        "{err}"
    );
    let err = resolve(Offset::FromStart(101), Some(0), 100, Bounds::Strict).unwrap_err();
    assert!(
        err.to_string().contains("bytes 0x65..0x65 runs past"),
        "{err}"
    );
}

#[test]
fn resolve_detects_overflow_and_large_offsets() {
    let err = resolve(
        Offset::FromStart(u64::MAX),
        Some(2),
        u64::MAX,
        Bounds::Clamp,
    )
    .unwrap_err();
    assert!(err.to_string().contains("overflows"), "{err}");
    let r = resolve(
        Offset::FromStart(8 * GIB),
        Some(16),
        16 * GIB,
        Bounds::Strict,
    )
    .unwrap();
    assert_eq!(r.end(), 8 * GIB + 16);
}

fn temp_with(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(bytes).unwrap();
    file
}

#[test]
fn maps_unaligned_region_across_a_page() {
    let bytes: Vec<u8> = (0..3 * 4096u32).map(|i| (i % 251) as u8).collect();
    let file = temp_with(&bytes);
    let source = Source::open(file.path(), false).unwrap();
    let region = Region {
        offset: 4093,
        len: 10,
    };
    for prot in [Protection::ReadOnly, Protection::Copy] {
        let map = source.map(region, prot).unwrap();
        assert_eq!(map.bytes(), &bytes[4093..4103]);
    }
}

#[test]
fn copy_on_write_never_reaches_the_file() {
    let file = temp_with(b"abcdef");
    let source = Source::open(file.path(), false).unwrap();
    let mut map = source
        .map(Region { offset: 1, len: 3 }, Protection::Copy)
        .unwrap();
    map.bytes_mut().unwrap().copy_from_slice(b"XYZ");
    map.flush(Flush::Sync).unwrap();
    assert_eq!(map.bytes(), b"XYZ");
    drop(map);
    assert_eq!(std::fs::read(file.path()).unwrap(), b"abcdef");
}

#[test]
fn read_write_mapping_reaches_the_file() {
    let file = temp_with(b"abcdef");
    let source = Source::open(file.path(), true).unwrap();
    let mut map = source
        .map(Region { offset: 2, len: 2 }, Protection::ReadWrite)
        .unwrap();
    assert!(map.bytes_mut().is_some());
    map.bytes_mut().unwrap().copy_from_slice(b"__");
    map.flush_range(0, 2, Flush::Sync).unwrap();
    drop(map);
    assert_eq!(std::fs::read(file.path()).unwrap(), b"ab__ef");
}

#[test]
fn read_only_mapping_is_not_writable() {
    let file = temp_with(b"abc");
    let source = Source::open(file.path(), false).unwrap();
    let mut map = source
        .map(Region { offset: 0, len: 3 }, Protection::ReadOnly)
        .unwrap();
    assert!(map.bytes_mut().is_none());
}

#[test]
fn anonymous_mapping_is_zeroed_and_writable() {
    let mut map = Mapping::anon(10_000).unwrap();
    assert!(map.bytes().iter().all(|&b| b == 0));
    map.bytes_mut().unwrap()[9_999] = 7;
    assert_eq!(map.bytes()[9_999], 7);
    assert_eq!(Mapping::anon(0).unwrap().bytes().len(), 0);
}

#[cfg(unix)]
#[test]
fn windows_cover_region_exactly_and_align() {
    let file = tempfile::NamedTempFile::new().unwrap();
    file.as_file().set_len(3 * WINDOW + 5).unwrap();
    let source = Source::open(file.path(), false).unwrap();
    let region = Region {
        offset: 7,
        len: 2 * WINDOW + 3,
    };
    let windows: Vec<Region> = source
        .windows(region, Protection::ReadOnly)
        .map(|w| w.unwrap().region())
        .collect();
    assert_eq!(windows.len(), 3);
    assert_eq!(
        windows[0],
        Region {
            offset: 7,
            len: WINDOW - 7
        }
    );
    assert_eq!(windows[1].offset, WINDOW);
    assert_eq!(windows.last().unwrap().end(), region.end());
    assert_eq!(windows.iter().map(|w| w.len).sum::<u64>(), region.len);
}

#[test]
fn window_reader_yields_the_region() {
    let bytes: Vec<u8> = (0..100_000u32).map(|i| (i * 7) as u8).collect();
    let file = temp_with(&bytes);
    let source = Source::open(file.path(), false).unwrap();
    let mut out = Vec::new();
    WindowReader::new(
        &source,
        Region {
            offset: 333,
            len: 90_000,
        },
        Protection::ReadOnly,
    )
    .unwrap()
    .read_to_end(&mut out)
    .unwrap();
    assert_eq!(out, &bytes[333..90_333]);
}

#[test]
fn empty_file_maps_to_nothing() {
    let file = temp_with(b"");
    let source = Source::open(file.path(), false).unwrap();
    let map = source
        .map(Region { offset: 0, len: 0 }, Protection::ReadOnly)
        .unwrap();
    assert!(map.bytes().is_empty());
}

#[cfg(unix)]
#[test]
fn residency_follows_eviction_and_touch() {
    let file = temp_with(&vec![5u8; 64 * 4096]);
    file.as_file().sync_all().unwrap();
    let source = Source::open(file.path(), false).unwrap();
    let region = Region {
        offset: 100,
        len: 64 * 4096 - 100,
    };
    let map = source.map(region, Protection::ReadOnly).unwrap();
    // Evicted after mapping, not before: mapping must not read anything in, but a tool
    // watching the process may (valgrind reads the start of every mapped file, looking for
    // an ELF header, and readahead makes that 4 pages). Nothing has touched the mapping,
    // so nothing of it is mapped in and the eviction drops every page.
    source
        .advise_cache(region, os::FileAdvice::DontNeed)
        .unwrap();
    let mut scratch = Vec::new();
    let (pages, resident) = map.residency(&mut scratch).unwrap();
    assert_eq!(pages, 64);
    assert_eq!(resident, 0);
    map.populate_read().unwrap();
    let sum: u64 = map.bytes().iter().map(|&b| u64::from(b)).sum();
    assert_eq!(sum, 5 * (64 * 4096 - 100));
    assert_eq!(map.residency(&mut scratch).unwrap(), (64, 64));
}

#[cfg(unix)]
#[test]
fn advice_and_faults() {
    let map = Mapping::anon(1 << 20).unwrap();
    for advice in [
        Advice::Normal,
        Advice::Sequential,
        Advice::Random,
        Advice::Willneed,
    ] {
        map.advise(advice).unwrap();
    }
    map.populate_write().unwrap();
    let (minor, _major) = os::page_faults();
    assert!(minor > 0);
    assert!(os::page_size().is_power_of_two());
    let (soft, hard) = os::memlock_limit().unwrap();
    assert!(soft <= hard || hard.is_none());
}

#[test]
fn resolve_grow_allows_regions_past_the_end() {
    let r = resolve(Offset::FromStart(90), Some(50), 100, Bounds::Grow).unwrap();
    assert_eq!(
        r,
        Region {
            offset: 90,
            len: 50
        }
    );
    let r = resolve(Offset::FromStart(200), Some(1), 100, Bounds::Grow).unwrap();
    assert_eq!(
        r,
        Region {
            offset: 200,
            len: 1
        }
    );
    let r = resolve(Offset::FromEnd(10), None, 100, Bounds::Grow).unwrap();
    assert_eq!(
        r,
        Region {
            offset: 90,
            len: 10
        }
    );
    let err = resolve(Offset::FromStart(200), None, 100, Bounds::Grow).unwrap_err();
    assert!(err.to_string().contains("--length"), "{err}");
    assert!(resolve(Offset::FromStart(u64::MAX), Some(1), 0, Bounds::Grow).is_err());
}
