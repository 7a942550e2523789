//! Hex byte strings: no panic, and what is accepted re-encodes and decodes to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mmapctl::units::parse_hex;

fuzz_target!(|text: &str| {
    if let Ok(bytes) = parse_hex(text) {
        assert!(!bytes.is_empty());
        let digits = text.chars().filter(|c| c.is_ascii_hexdigit()).count();
        assert!(digits == 2 * bytes.len() || digits == 2 * bytes.len() + 1);
        let encoded: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(parse_hex(&encoded), Ok(bytes));
    }
});
