//! Region resolution: no panic or overflow for any offset, length and file size, and every
//! region it accepts lies inside what the command may touch.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mmapctl::{resolve, Bounds};
use mmapctl::units::Offset;

fuzz_target!(|input: (bool, u64, Option<u64>, u64, bool)| {
    let (from_end, n, length, size, strict) = input;
    let offset = if from_end {
        Offset::FromEnd(n)
    } else {
        Offset::FromStart(n)
    };
    let bounds = if strict {
        Bounds::Strict
    } else {
        Bounds::Clamp
    };
    if let Ok(region) = resolve(offset, length, size, bounds) {
        let end = region.offset.checked_add(region.len).expect("no overflow");
        assert!(end <= size, "{region:?} past {size}");
        if let Some(len) = length {
            assert!(region.len <= len);
            if strict {
                assert_eq!(region.len, len);
            }
        }
    }
});
