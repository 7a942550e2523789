//! Durations: no panic on any string, never a negative or NaN duration.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mmapctl::units::HumanDuration;

fuzz_target!(|text: &str| {
    if let Ok(HumanDuration(d)) = text.parse::<HumanDuration>() {
        assert!(d.as_secs_f64() >= 0.0);
    }
});
