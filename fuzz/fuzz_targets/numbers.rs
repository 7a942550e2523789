//! Offsets and sizes: no panic on any string, and every accepted value prints back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mmapctl::units::{parse_count, ByteCount, Offset};

fuzz_target!(|text: &str| {
    if let Ok(n) = parse_count(text) {
        assert_eq!(parse_count(&n.to_string()), Ok(n));
        assert_eq!(text.parse::<ByteCount>(), Ok(ByteCount(n)));
    }
    match text.parse::<Offset>() {
        Ok(Offset::FromStart(n)) => assert_eq!(parse_count(text), Ok(n)),
        Ok(Offset::FromEnd(n)) => {
            assert_eq!(format!("-{n}").parse::<Offset>(), Ok(Offset::FromEnd(n)))
        }
        Err(_) => {}
    }
});
