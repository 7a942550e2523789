//! The lazy DFA engine through the windowed matcher, on hand-picked cases: straddling
//! hits, anchors, the prefilter at window ends, the match-length limit and its errors.

use std::ops::ControlFlow;

use super::super::{Matcher, Mode, Options, Pattern, SearchError};
use super::{hits_of, matcher, offsets, run};
use crate::mapping::WINDOW;

fn regex(s: &str) -> Pattern {
    Pattern::regex(s).unwrap()
}

fn limited(re: &str, limit: usize) -> Matcher {
    let options = Options {
        max_match_len: limit,
        ..Options::default()
    };
    Matcher::new(&[regex(re)], options).unwrap()
}

#[test]
fn straddling_hits_are_found_once_at_every_split() {
    let data = b"xx\xde\xad\xbe\xefxx\xde\x00\xbe\xefxxdeadbeefxxDEADBEEF";
    let m = matcher(&[regex(r"\xde[\x00\xad]\xbe\xef")], Mode::NonOverlapping);
    for split in 1..data.len() {
        assert_eq!(offsets(&m, data, 0, &[split]), [(2, 4, 0), (8, 4, 0)]);
    }
    let r = matcher(&[regex(r"\xab+")], Mode::NonOverlapping);
    let base = (5u64 << 32) + 3;
    let want = [(base, 1, 0), (base + 3, 2, 0)];
    assert_eq!(offsets(&r, b"\xab..\xab\xab", base, &[1]), want);
}

#[test]
fn a_prefilter_candidate_cut_by_the_window_end_is_not_skipped() {
    // The literals {a, A, bA\n}: in the window "bBbbbBbA" the whole candidate `A` at 8
    // must not hide the cut one `bA` at 7 that the next window completes.
    let set = [regex("(?i)a"), Pattern::text("bA\n", false).unwrap()];
    let m = matcher(&set, Mode::NonOverlapping);
    assert_eq!(
        offsets(&m, b"abBbbbBbA\n", 0, &[1, 8]),
        [(0, 1, 0), (7, 3, 1)]
    );
}

#[test]
fn overlapping_reports_every_start() {
    let all = matcher(&[regex("aa")], Mode::Overlapping);
    let every = [(0, 2, 0), (1, 2, 0), (2, 2, 0), (3, 2, 0)];
    assert_eq!(offsets(&all, b"aaaaa", 0, &[1]), every);
    let greedy = matcher(&[regex("a+")], Mode::Overlapping);
    let want = [(0, 3, 0), (1, 2, 0), (2, 1, 0)];
    assert_eq!(offsets(&greedy, b"aaa", 0, &[2]), want);
}

#[test]
fn first_given_pattern_wins_as_on_the_memmem_engine() {
    let text = |s| Pattern::text(s, false).unwrap();
    for (set, want) in [
        ([text("ab"), text("abc")], [(0, 2, 0), (3, 2, 0)]),
        ([text("abc"), text("ab")], [(0, 3, 0), (3, 2, 1)]),
    ] {
        let dfa = Matcher::new_regex(&set, Options::default()).unwrap();
        assert_eq!(offsets(&dfa, b"abcab", 0, &[1]), want);
    }
}

#[test]
fn anchors_see_the_region_not_the_windows() {
    let m = matcher(&[regex("^ab|ab$")], Mode::NonOverlapping);
    let data = b"abxxabxxab";
    for split in 1..data.len() {
        assert_eq!(offsets(&m, data, 100, &[split]), [(100, 2, 0), (108, 2, 0)]);
    }
    let lines = matcher(&[regex(r"(?m)^b\b")], Mode::NonOverlapping);
    assert_eq!(
        offsets(&lines, b"b\nbc\nb", 0, &[1]),
        [(0, 1, 0), (5, 1, 0)]
    );
}

#[test]
fn max_count_stops_the_stream() {
    let options = Options {
        max_count: Some(2),
        ..Options::default()
    };
    let m = Matcher::new(&[regex(r"\x00")], options).unwrap();
    let mut stream = m.stream(0);
    let mut seen = Vec::new();
    let record = |h: super::super::Hit, _: &[u8]| {
        seen.push(h.offset);
        ControlFlow::Continue(())
    };
    stream.feed(0, &[0, 1, 0, 0, 0], record).unwrap();
    assert!(stream.is_done());
    assert_eq!(seen, [0, 2]);
}

#[test]
fn a_match_past_the_limit_is_an_error() {
    let long = [b"a".as_slice(), &[b'x'; 100], b"b"].concat();
    for (re, data) in [("a[^z]*b", &long[..]), ("a+", &[b'a'; 100][..])] {
        let m = limited(re, 10);
        for sizes in [vec![], vec![1], vec![7, 3]] {
            let (_, err) = run(&m, data, 0, &sizes);
            let too_long = matches!(err, Some(SearchError::MatchTooLong { limit: 10, .. }));
            assert!(too_long, "{re}: {err:?}");
        }
        assert!(hits_of(run(&limited(re, 200), data, 0, &[3]), data, 0).is_ok());
    }
    // Exactly the limit is fine.
    assert_eq!(
        offsets(&limited("a[^z]*b", 102), &long, 0, &[5]),
        [(0, 102, 0)]
    );
    // The limit is on what the automaton must read: the match here is one byte, but
    // deciding that takes reading every y.
    let undecided = [b"x".as_slice(), &[b'y'; 50]].concat();
    let (_, err) = run(&limited("x(?:y*z)?", 10), &undecided, 0, &[4]);
    let msg = err.unwrap().to_string();
    let want = "a regex match near offset 0x1 could be longer than the limit of 10 bytes";
    assert!(msg.starts_with(want), "{msg}");
}

#[test]
fn the_carry_stays_bounded() {
    // Unlimited repetition, never completing: the automaton stays alive over 100 KiB.
    let m = limited("a[^z]*b", 1000);
    let mut stream = m.stream(0);
    let mut window = vec![b'x'; 997];
    window[0] = b'a';
    for i in 0..100u64 {
        let offset = i * 997;
        stream
            .feed(offset, &window, |_, _| ControlFlow::Continue(()))
            .unwrap();
        let carried = stream.carried();
        assert!(carried <= 2 * (2 * 1000 + 2) + 997, "{carried}");
    }
}

#[test]
fn unicode_word_boundary_needs_ascii() {
    let m = matcher(&[regex(r"(?u)\bab")], Mode::NonOverlapping);
    assert_eq!(offsets(&m, b"ab ab", 0, &[1]), [(0, 2, 0), (3, 2, 0)]);
    let (_, err) = run(&m, b"ab \xe2\x98\x83", 0, &[2]);
    let refused = matches!(err, Some(SearchError::UnicodeWordBoundary { .. }));
    assert!(refused, "{err:?}");
    let ascii = matcher(&[regex(r"\bab")], Mode::NonOverlapping);
    assert_eq!(offsets(&ascii, b"\xe2ab", 0, &[1]), [(1, 2, 0)]);
}

#[test]
fn hits_straddling_a_real_window_boundary() {
    let w = usize::try_from(WINDOW).unwrap();
    let mut data = vec![0u8; w + 16];
    data[w - 2..w + 2].copy_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
    let m = matcher(&[regex(r"\xde\xad[^\x00]+")], Mode::NonOverlapping);
    assert_eq!(offsets(&m, &data, 0, &[w]), [(WINDOW - 2, 4, 0)]);
}
