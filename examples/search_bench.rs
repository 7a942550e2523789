//! Throughput of the search engine on 256 MiB of random bytes in memory, fed in
//! `mapping::WINDOW` windows the way `find` will feed mapped windows. Run by hand:
//!
//! ```text
//! cargo run --release --example search_bench [RUNS]
//! ```
//!
//! Prints the median, min and max over RUNS (default 7) per pattern, with plain
//! `memmem::find_iter` over the whole buffer as the ceiling for literals.
// A benchmark run by hand prints its table; a closed stdout may panic here, unlike in the
// tool itself, which is what clippy.toml's ban protects.
#![allow(clippy::disallowed_macros)]

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use memchr::memmem;
use mmapctl::search::{Matcher, Mode, Options, Pattern};
use mmapctl::WINDOW;
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

const SIZE: usize = 256 << 20;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let mut data = vec![0u8; SIZE];
    Xoshiro256PlusPlus::seed_from_u64(11).fill_bytes(&mut data);
    // A few real hits, one of them straddling a window boundary.
    for (i, at) in [
        1000,
        usize::try_from(WINDOW).unwrap() - 3,
        SIZE / 2,
        SIZE - 20,
    ]
    .iter()
    .enumerate()
    {
        let bytes = [0xde, 0xad, i as u8, 0xef, 0x4d, 0x5a, 0x90, 0x00];
        data[*at..*at + 8].copy_from_slice(&bytes);
    }

    let cases: Vec<(&str, Pattern)> = vec![
        ("literal 4 B", Pattern::hex("de ad 01 ef").unwrap()),
        (
            "literal 8 B",
            Pattern::hex("de ad 02 ef 4d 5a 90 00").unwrap(),
        ),
        (
            "literal 16 B",
            Pattern::hex("00112233445566778899aabbccddeeff").unwrap(),
        ),
        ("hex de ad ?? ef", Pattern::hex("de ad ?? ef").unwrap()),
        (
            "hex de ?? ?? ef 4d",
            Pattern::hex("de ?? ?? ef 4d").unwrap(),
        ),
        ("hex 4? 5a 9? 00", Pattern::hex("4? 5a 9? 00").unwrap()),
        (
            "hex 4? ?a 9? 0? (no exact)",
            Pattern::hex("4? ?a 9? 0?").unwrap(),
        ),
        ("text -i 'hello'", Pattern::text("hello", true).unwrap()),
        (
            "regex \\xde\\xad.\\xef",
            Pattern::regex(r"(?s)\xde\xad.\xef").unwrap(),
        ),
        (
            "regex [\\xde\\xdf]\\xad..\\x4d",
            Pattern::regex(r"(?s)[\xde\xdf]\xad..\x4d").unwrap(),
        ),
        (
            "regex [a-z]\\xad\\xbe",
            Pattern::regex(r"[a-z]\xad\xbe").unwrap(),
        ),
        (
            "regex (?s).\\xad\\xbe\\xef",
            Pattern::regex(r"(?s).\xad\xbe\xef").unwrap(),
        ),
    ];
    println!(
        "{} MiB random, windows of {} MiB, median of {runs} runs",
        SIZE >> 20,
        WINDOW >> 20
    );
    println!(
        "{:<28} {:>7} {:>9} {:>9} {:>9}",
        "pattern", "hits", "GB/s", "min s", "max s"
    );
    for (name, pattern) in &cases {
        let matcher = Matcher::new(std::slice::from_ref(pattern), Options::default()).unwrap();
        let mut hits = 0;
        let times = time(runs, || hits = search(&matcher, &data));
        report(name, hits, &times);
        if *name == "hex de ad ?? ef" {
            let overlapping = Options {
                mode: Mode::Overlapping,
                ..Options::default()
            };
            let m = Matcher::new(std::slice::from_ref(pattern), overlapping).unwrap();
            let times = time(runs, || hits = search(&m, &data));
            report("  the same, overlapping", hits, &times);
        }
    }
    for needle in [
        &b"\xde\xad\x01\xef"[..],
        b"\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xff",
    ] {
        let finder = memmem::Finder::new(needle);
        let mut hits = 0;
        let times = time(runs, || hits = finder.find_iter(&data).count() as u64);
        report(&format!("memmem ceiling {} B", needle.len()), hits, &times);
    }
}

fn search(matcher: &Matcher, data: &[u8]) -> u64 {
    let mut hits = 0;
    let mut count = |_, _: &[u8]| {
        hits += 1;
        ControlFlow::Continue(())
    };
    let mut stream = matcher.stream(0);
    for (i, window) in data.chunks(usize::try_from(WINDOW).unwrap()).enumerate() {
        stream.feed(i as u64 * WINDOW, window, &mut count).unwrap();
    }
    stream.finish(&mut count).unwrap();
    hits
}

fn time(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    f(); // warm-up: page the buffer and the code in
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times
}

fn report(name: &str, hits: u64, times: &[Duration]) {
    let median = times[times.len() / 2].as_secs_f64();
    println!(
        "{name:<28} {hits:>7} {:>9.2} {:>9.4} {:>9.4}",
        SIZE as f64 / median / 1e9,
        times[0].as_secs_f64(),
        times[times.len() - 1].as_secs_f64()
    );
}
