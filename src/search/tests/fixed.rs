//! The memmem engine through the windowed matcher, on hand-picked cases: straddling hits,
//! regions, modes, stops and a window out of place.

use std::ops::ControlFlow;

use super::super::{Matcher, Mode, Options, Pattern, SearchError};
use super::{matcher, offsets};
use crate::mapping::WINDOW;

#[test]
fn straddling_hits_are_found_once_at_every_split() {
    let data = b"xx\xde\xad\xbe\xefxx\xde\x00\xbe\xefxxdeadbeefxxDEADBEEF";
    for p in ["de ad be ef", "de ?? be ef", "?e ad ?? ef"] {
        let m = matcher(&[Pattern::hex(p).unwrap()], Mode::NonOverlapping);
        let want = offsets(&m, data, 0, &[]);
        assert!(!want.is_empty());
        for split in 1..data.len() {
            assert_eq!(offsets(&m, data, 0, &[split]), want, "{p} at {split}");
            assert_eq!(offsets(&m, data, 0, &[split, 1]), want);
        }
    }
    let text = matcher(
        &[Pattern::text("deadbeef", true).unwrap()],
        Mode::Overlapping,
    );
    assert_eq!(offsets(&text, data, 0, &[1]), [(14, 8, 0), (24, 8, 0)]);
}

#[test]
fn offsets_are_absolute_past_4_gib() {
    let base = (5u64 << 32) + 3;
    let m = matcher(&[Pattern::hex("ab").unwrap()], Mode::NonOverlapping);
    let want = [(base, 1, 0), (base + 3, 1, 0)];
    assert_eq!(offsets(&m, b"\xab..\xab", base, &[2]), want);
}

#[test]
fn overlapping_reports_every_start() {
    let p = [Pattern::hex("61 61").unwrap()];
    let non = matcher(&p, Mode::NonOverlapping);
    let all = matcher(&p, Mode::Overlapping);
    assert_eq!(offsets(&non, b"aaaaa", 0, &[1]), [(0, 2, 0), (2, 2, 0)]);
    let every = [(0, 2, 0), (1, 2, 0), (2, 2, 0), (3, 2, 0)];
    assert_eq!(offsets(&all, b"aaaaa", 0, &[1]), every);
}

#[test]
fn first_given_pattern_wins_at_one_offset() {
    let text = |s| Pattern::text(s, false).unwrap();
    let data = b"abcab";
    for (set, want) in [
        ([text("ab"), text("abc")], [(0, 2, 0), (3, 2, 0)]),
        ([text("abc"), text("ab")], [(0, 3, 0), (3, 2, 1)]),
    ] {
        assert_eq!(
            offsets(&matcher(&set, Mode::NonOverlapping), data, 0, &[1]),
            want
        );
    }
}

#[test]
fn max_count_and_break_stop_the_stream() {
    let options = Options {
        max_count: Some(2),
        ..Options::default()
    };
    let m = Matcher::new(&[Pattern::hex("00").unwrap()], options).unwrap();
    let mut stream = m.stream(0);
    let mut seen = Vec::new();
    let mut record = |h: super::super::Hit, _: &[u8]| {
        seen.push(h.offset);
        ControlFlow::Continue(())
    };
    stream.feed(0, &[0, 1, 0, 0, 0], &mut record).unwrap();
    assert!(stream.is_done());
    assert_eq!(stream.hits(), 2);
    // A done stream ignores later windows.
    stream
        .feed(5, &[0], |_, _| panic!("hit after done"))
        .unwrap();
    assert_eq!(seen, [0, 2]);

    let none = Options {
        max_count: Some(0),
        ..options
    };
    let none = Matcher::new(&[Pattern::hex("00").unwrap()], none).unwrap();
    assert!(none.stream(0).is_done());

    let m = matcher(&[Pattern::hex("00").unwrap()], Mode::NonOverlapping);
    let mut stream = m.stream(0);
    let mut n = 0;
    let stop = |_, _: &[u8]| {
        n += 1;
        ControlFlow::Break(())
    };
    stream.feed(0, &[0; 10], stop).unwrap();
    assert!(stream.is_done() && n == 1);
}

#[test]
fn a_window_out_of_place_is_refused() {
    let m = matcher(&[Pattern::hex("00").unwrap()], Mode::NonOverlapping);
    let mut stream = m.stream(10);
    let err = stream.feed(11, &[0], |_, _| ControlFlow::Continue(()));
    let want = SearchError::NotContiguous {
        expected: 10,
        got: 11,
    };
    assert_eq!(err, Err(want));
    let ok = stream.feed(10, &[0], |_, _| ControlFlow::Continue(()));
    assert!(ok.is_ok());
}

#[test]
fn the_carry_is_the_longest_pattern_less_one() {
    let set = [
        Pattern::hex("00 ?? 02").unwrap(),
        Pattern::text("abcdefgh", false).unwrap(),
    ];
    let m = matcher(&set, Mode::NonOverlapping);
    let mut stream = m.stream(0);
    for i in 0..100u64 {
        stream
            .feed(i * 3, &[1, 2, 3], |_, _| ControlFlow::Continue(()))
            .unwrap();
        assert!(stream.carried() <= 7);
    }
}

#[test]
fn empty_region_and_wildcard_only_patterns() {
    let m = matcher(&[Pattern::hex("??").unwrap()], Mode::NonOverlapping);
    assert_eq!(offsets(&m, b"", 7, &[]), []);
    let each = [(7, 1, 0), (8, 1, 0), (9, 1, 0)];
    assert_eq!(offsets(&m, b"abc", 7, &[1]), each);
    let nibbles = matcher(&[Pattern::hex("6? ?2").unwrap()], Mode::Overlapping);
    assert_eq!(
        offsets(&nibbles, b"ab\x02b", 0, &[1]),
        [(0, 2, 0), (1, 2, 0)]
    );
}

#[test]
fn hits_straddling_a_real_window_boundary() {
    let w = usize::try_from(WINDOW).unwrap();
    let mut data = vec![0u8; w + 16];
    data[w - 2..w + 2].copy_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
    data[w + 15] = 0xde;
    for p in ["de ad be ef", "de ?? be ef"] {
        let m = matcher(&[Pattern::hex(p).unwrap()], Mode::NonOverlapping);
        assert_eq!(offsets(&m, &data, 0, &[w]), [(WINDOW - 2, 4, 0)]);
    }
    let last = matcher(&[Pattern::hex("de").unwrap()], Mode::NonOverlapping);
    let hits = offsets(&last, &data, 0, &[w]);
    assert_eq!(hits, [(WINDOW - 2, 1, 0), (WINDOW + 15, 1, 0)]);
}

#[test]
fn pair_candidates_match_a_naive_scan() {
    use super::super::pair::PairFinder;
    use rand_xoshiro::rand_core::{RngCore, SeedableRng};
    let mut data = vec![0u8; 5000];
    rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7).fill_bytes(&mut data);
    for b in data.iter_mut() {
        *b &= 3; // four values, so pairs are common
    }
    for distance in [1, 2, 15, 16, 17, 31, 32, 33, 100, 255] {
        let finder = PairFinder::new(1, 2, distance);
        // Every length, to cross the SIMD minimum and the fallback below it.
        for len in (0..300).chain([4999, 5000]) {
            let hay = &data[..len];
            let naive = (0..hay.len().saturating_sub(distance))
                .find(|&i| hay[i] == 1 && hay[i + distance] == 2);
            assert_eq!(finder.find(hay), naive, "distance {distance}, len {len}");
        }
    }
}

#[test]
fn long_wildcard_patterns_match_brute_force() {
    use super::oracle::brute;
    use rand_xoshiro::rand_core::{RngCore, SeedableRng};
    let mut data = vec![0u8; 20_000];
    rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3).fill_bytes(&mut data);
    for b in data.iter_mut() {
        *b = 0x60 | (*b & 3); // `a b c d` (0x60..0x63), so nibble patterns hit often
    }
    let gap = |n: usize| vec!["??"; n].join(" ");
    for hex in [
        "6? 6? ?1 6? 6? ?2 6? 6? ?3 6?".to_string(), // no exact byte, longer than 8
        format!("61 {} 62", gap(100)),               // a pair 101 apart
        format!("61 {} 62", gap(300)),               // too far for a pair: one byte
        format!("61 {} 62 63", gap(300)),
    ] {
        let set = [Pattern::hex(&hex).unwrap()];
        for mode in [Mode::NonOverlapping, Mode::Overlapping] {
            let want = brute(&set, &data, mode);
            assert!(!want.is_empty(), "{hex}");
            let got = super::hits_of(super::run(&matcher(&set, mode), &data, 0, &[997]), &data, 0);
            assert_eq!(got.unwrap(), want, "{hex}");
        }
    }
}
