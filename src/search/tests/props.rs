//! Property tests: for random data, patterns, window splits (down to one byte, splits
//! inside matches), both modes and region offsets, the windowed matcher reports exactly
//! what a naive search over the whole region does. The seed is fixed, so every run tests
//! the same cases; PROPTEST_CASES asks for more.

use proptest::prelude::*;
use proptest::test_runner::RngSeed;

use super::super::{Hit, Matcher, Mode, Options, Pattern};
use super::{hits_of, oracle, run};

/// A small alphabet, so that patterns match often; any byte now and then.
const ALPHABET: &[u8] = b"abAB\n\x00\xff";

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(300);
    ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(0x6d6d_6170_6374_6c00),
        // Nothing written into the source tree; a failure prints its minimal case.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![6 => prop::sample::select(ALPHABET), 1 => any::<u8>()]
}

fn data() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(byte(), 0..160)
}

fn hex_pattern() -> impl Strategy<Value = Pattern> {
    let token = prop_oneof![
        4 => byte().prop_map(|b| format!("{b:02x}")),
        1 => Just("??".to_string()),
        1 => byte().prop_map(|b| format!("{:x}?", b >> 4)),
        1 => byte().prop_map(|b| format!(".{:x}", b & 15)),
    ];
    prop::collection::vec(token, 1..6).prop_map(|t| Pattern::hex(&t.join(" ")).unwrap())
}

fn text_pattern() -> impl Strategy<Value = Pattern> {
    ("[abAB\n]{1,4}", any::<bool>()).prop_map(|(s, fold)| Pattern::text(&s, fold).unwrap())
}

fn regex_pattern() -> impl Strategy<Value = Pattern> {
    let leaf = prop::sample::select(vec![
        "a",
        "b",
        "A",
        r"\x00",
        r"\xff",
        "[ab]",
        "[^a]",
        ".",
        "(?s:.)",
        r"\n",
        "(?i)a",
        r"[\x00-\x7f]",
    ])
    .prop_map(str::to_string);
    let regex = leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("(?:{a}|{b})")),
            (
                inner.clone(),
                prop::sample::select(vec!["*", "+", "?", "{1,3}", "{2}", "*?", "+?"])
            )
                .prop_map(|(a, rep)| format!("(?:{a}){rep}")),
            (
                prop::sample::select(vec!["^", "$", r"\b", r"\B", "(?m:^)", "(?m:$)"]),
                inner,
                any::<bool>()
            )
                .prop_map(|(look, a, before)| match before {
                    true => format!("{look}{a}"),
                    false => format!("{a}{look}"),
                }),
        ]
    });
    // Regexes that can match zero bytes are refused by the parser; skip those.
    regex.prop_filter_map("matches empty", |s| Pattern::regex(&s).ok())
}

fn fixed_set() -> impl Strategy<Value = Vec<Pattern>> {
    prop::collection::vec(prop_oneof![hex_pattern(), text_pattern()], 1..4)
}

fn any_set() -> impl Strategy<Value = Vec<Pattern>> {
    prop::collection::vec(
        prop_oneof![1 => hex_pattern(), 1 => text_pattern(), 3 => regex_pattern()],
        1..4,
    )
}

/// Window sizes, cycled: all one byte, small and mixed, or a few large ones.
fn sizes() -> impl Strategy<Value = Vec<usize>> {
    prop_oneof![
        Just(vec![1]),
        prop::collection::vec(1usize..12, 1..8),
        prop::collection::vec(1usize..200, 1..3),
    ]
}

fn mode() -> impl Strategy<Value = Mode> {
    prop_oneof![Just(Mode::NonOverlapping), Just(Mode::Overlapping)]
}

/// Where the region starts in the data, and the absolute offset of that start.
fn region() -> impl Strategy<Value = (usize, u64)> {
    (0usize..40, prop_oneof![Just(0u64), Just(1u64 << 33)])
}

fn shift(hits: Vec<Hit>, base: u64) -> Vec<Hit> {
    hits.into_iter()
        .map(|h| Hit {
            offset: h.offset + base,
            ..h
        })
        .collect()
}

fn options(mode: Mode) -> Options {
    Options {
        mode,
        ..Options::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fixed_sets_match_brute_force(
        set in fixed_set(), data in data(), (skip, base) in region(), sizes in sizes(),
        mode in mode(),
    ) {
        let hay = &data[skip.min(data.len())..];
        let want = shift(oracle::brute(&set, hay, mode), base);
        // The two oracles agree with each other.
        prop_assert_eq!(&shift(oracle::regex(&set, hay, mode), base), &want);
        let memmem = Matcher::new(&set, options(mode)).unwrap();
        prop_assert_eq!(&hits_of(run(&memmem, hay, base, &sizes), hay, base).unwrap(), &want);
        // The same set on the regex engine.
        let dfa = Matcher::new_regex(&set, options(mode)).unwrap();
        prop_assert_eq!(&hits_of(run(&dfa, hay, base, &sizes), hay, base).unwrap(), &want);
    }

    #[test]
    fn regex_sets_match_the_regex_crate(
        set in any_set(), data in data(), (skip, base) in region(), sizes in sizes(),
        mode in mode(),
    ) {
        let hay = &data[skip.min(data.len())..];
        let want = shift(oracle::regex(&set, hay, mode), base);
        let m = Matcher::new(&set, options(mode)).unwrap();
        prop_assert_eq!(&hits_of(run(&m, hay, base, &sizes), hay, base).unwrap(), &want);
    }

    #[test]
    fn match_length_limit_does_not_depend_on_windows(
        set in any_set(), data in data(), sizes in sizes(), mode in mode(),
        limit in 1usize..12,
    ) {
        let options = Options { mode, max_match_len: limit, ..Options::default() };
        let m = Matcher::new(&set, options).unwrap();
        let whole = run(&m, &data, 0, &[]);
        let windowed = run(&m, &data, 0, &sizes);
        prop_assert_eq!(&windowed, &whole);
        if whole.1.is_none() {
            let want = oracle::regex(&set, &data, mode);
            prop_assert_eq!(hits_of(whole, &data, 0).unwrap(), want);
        }
    }

    #[test]
    fn max_count_keeps_the_first_hits(
        set in any_set(), data in data(), sizes in sizes(), mode in mode(), max in 0u64..4,
    ) {
        let options = Options { mode, max_count: Some(max), ..Options::default() };
        let m = Matcher::new(&set, options).unwrap();
        let mut want = oracle::regex(&set, &data, mode);
        want.truncate(usize::try_from(max).unwrap());
        prop_assert_eq!(hits_of(run(&m, &data, 0, &sizes), &data, 0).unwrap(), want);
    }
}
