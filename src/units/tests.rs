use super::*;

#[test]
fn decimal_and_prefixes() {
    assert_eq!(parse_count("0"), Ok(0));
    assert_eq!(parse_count("4096"), Ok(4096));
    assert_eq!(parse_count("1_000_000"), Ok(1_000_000));
    assert_eq!(parse_count("0x1000"), Ok(4096));
    assert_eq!(parse_count("0XdeadBEEF"), Ok(0xdead_beef));
    assert_eq!(parse_count("0xdead_beef"), Ok(0xdead_beef));
    assert_eq!(parse_count("0o17"), Ok(15));
    assert_eq!(parse_count("0b101"), Ok(5));
    assert_eq!(parse_count("+12"), Ok(12));
    assert_eq!(parse_count(" 7 "), Ok(7));
}

#[test]
fn units() {
    assert_eq!(parse_count("1B"), Ok(1));
    assert_eq!(parse_count("4K"), Ok(4096));
    assert_eq!(parse_count("4k"), Ok(4096));
    assert_eq!(parse_count("4KiB"), Ok(4096));
    assert_eq!(parse_count("2M"), Ok(2 << 20));
    assert_eq!(parse_count("2MiB"), Ok(2 << 20));
    assert_eq!(parse_count("3G"), Ok(3 << 30));
    assert_eq!(parse_count("3GiB"), Ok(3 << 30));
    assert_eq!(parse_count("1T"), Ok(1 << 40));
    assert_eq!(parse_count("1TiB"), Ok(1 << 40));
    assert_eq!(parse_count("4KB"), Ok(4_000));
    assert_eq!(parse_count("4kB"), Ok(4_000));
    assert_eq!(parse_count("5MB"), Ok(5_000_000));
    assert_eq!(parse_count("6GB"), Ok(6_000_000_000));
    assert_eq!(parse_count("7TB"), Ok(7_000_000_000_000));
    assert_eq!(parse_count("16 GiB"), Ok(16 << 30));
}

#[test]
fn errors() {
    assert_eq!(parse_count(""), Err(UnitError::Empty));
    assert_eq!(parse_count("+"), Err(UnitError::Empty));
    assert!(matches!(
        parse_count("abc"),
        Err(UnitError::InvalidDigit(_))
    ));
    assert!(matches!(parse_count("0x"), Err(UnitError::InvalidDigit(_))));
    assert!(matches!(
        parse_count("0xfg"),
        Err(UnitError::InvalidDigit(_))
    ));
    assert!(matches!(
        parse_count("0b102"),
        Err(UnitError::InvalidDigit(_))
    ));
    assert!(matches!(
        parse_count("0o8"),
        Err(UnitError::InvalidDigit(_))
    ));
    assert!(matches!(
        parse_count("0x10K"),
        Err(UnitError::InvalidDigit(_))
    ));
    assert!(matches!(parse_count("_"), Err(UnitError::InvalidDigit(_))));
    assert!(matches!(parse_count("4XB"), Err(UnitError::UnknownUnit(u)) if u == "XB"));
    assert!(matches!(
        parse_count("4 KiBs"),
        Err(UnitError::UnknownUnit(_))
    ));
    assert!(matches!(parse_count("-5"), Err(UnitError::Negative(_))));
    assert!(matches!(
        parse_count("18446744073709551616"),
        Err(UnitError::Overflow(_))
    ));
    assert!(matches!(
        parse_count("0x1_0000_0000_0000_0000"),
        Err(UnitError::Overflow(_))
    ));
    assert!(matches!(
        parse_count("16777216T"),
        Err(UnitError::Overflow(_))
    ));
    assert_eq!(parse_count("18446744073709551615"), Ok(u64::MAX));
}

#[test]
fn offsets() {
    assert_eq!("0".parse(), Ok(Offset::FromStart(0)));
    assert_eq!("0x10".parse(), Ok(Offset::FromStart(16)));
    assert_eq!("-50".parse(), Ok(Offset::FromEnd(50)));
    assert_eq!("-4KiB".parse(), Ok(Offset::FromEnd(4096)));
    assert_eq!("8GiB".parse(), Ok(Offset::FromStart(8 << 30)));
    assert!("--5".parse::<Offset>().is_err());
    assert!("-".parse::<Offset>().is_err());
    assert!("-x".parse::<Offset>().is_err());
}

#[test]
fn byte_count_rejects_negative() {
    assert!(matches!(
        "-1".parse::<ByteCount>(),
        Err(UnitError::Negative(_))
    ));
}

#[test]
fn human() {
    assert_eq!(human_bytes(0), "0 B");
    assert_eq!(human_bytes(1023), "1023 B");
    assert_eq!(human_bytes(1024), "1.0 KiB");
    assert_eq!(human_bytes(3 << 29), "1.5 GiB");
}

#[test]
fn hex_bytes() {
    assert_eq!(parse_hex("deadbeef"), Ok(vec![0xde, 0xad, 0xbe, 0xef]));
    assert_eq!(parse_hex("0xDEADbeef"), Ok(vec![0xde, 0xad, 0xbe, 0xef]));
    assert_eq!(parse_hex("de ad\tbe\nef"), Ok(vec![0xde, 0xad, 0xbe, 0xef]));
    assert_eq!(parse_hex("de:ad-be ef"), Ok(vec![0xde, 0xad, 0xbe, 0xef]));
    assert_eq!(parse_hex(" 00 "), Ok(vec![0]));
    assert_eq!(parse_hex(""), Err(ValueError::EmptyHex));
    assert_eq!(parse_hex("0x"), Err(ValueError::EmptyHex));
    assert_eq!(parse_hex(" : "), Err(ValueError::EmptyHex));
    let odd = |t: &str| Err(ValueError::OddHex(t.to_string()));
    let bad = |ch, t: &str| {
        Err(ValueError::BadHex {
            ch,
            token: t.to_string(),
        })
    };
    assert_eq!(parse_hex("abc"), odd("abc"));
    assert_eq!(parse_hex("a bc"), odd("a"));
    assert_eq!(parse_hex("1 2 3"), odd("1"));
    assert_eq!(parse_hex("de:a"), odd("a"));
    assert_eq!(parse_hex("zz"), bad('z', "zz"));
    assert_eq!(parse_hex("0x0x00"), bad('x', "0x00"));
}

#[test]
fn durations() {
    use std::time::Duration;
    let d = |s: &str| s.parse::<HumanDuration>().map(|h| h.0);
    assert_eq!(d("500ms"), Ok(Duration::from_millis(500)));
    assert_eq!(d("30s"), Ok(Duration::from_secs(30)));
    assert_eq!(d("30"), Ok(Duration::from_secs(30)));
    assert_eq!(d("5m"), Ok(Duration::from_secs(300)));
    assert_eq!(d("2h"), Ok(Duration::from_secs(7200)));
    assert_eq!(d("1.5s"), Ok(Duration::from_millis(1500)));
    assert!(d("").is_err());
    assert!(d("5x").is_err());
    assert!(d("-5s").is_err());
    assert!(d("1e400s").is_err());
}

mod properties {
    use super::super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn count_round_trips_in_every_base(n: u64) {
            prop_assert_eq!(parse_count(&n.to_string()), Ok(n));
            prop_assert_eq!(parse_count(&format!("{n:#x}")), Ok(n));
            prop_assert_eq!(parse_count(&format!("{n:#o}")), Ok(n));
            prop_assert_eq!(parse_count(&format!("{n:#b}")), Ok(n));
        }

        #[test]
        fn units_multiply_or_report_overflow(n in 0u64..=u64::MAX, unit in 0usize..9) {
            let (suffix, factor) = [
                ("B", 1u64), ("K", 1 << 10), ("MiB", 1 << 20), ("G", 1 << 30), ("TiB", 1 << 40),
                ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
            ][unit];
            let parsed = parse_count(&format!("{n}{suffix}"));
            match n.checked_mul(factor) {
                Some(v) => prop_assert_eq!(parsed, Ok(v)),
                None => prop_assert!(matches!(parsed, Err(UnitError::Overflow(_)))),
            }
        }

        #[test]
        fn parsers_never_panic(s in ".{0,40}") {
            let _ = parse_count(&s);
            let _ = s.parse::<Offset>();
            let _ = parse_hex(&s);
            let _ = s.parse::<HumanDuration>();
        }

        #[test]
        fn offsets_keep_their_sign(n: u64) {
            prop_assert_eq!(format!("-{n}").parse::<Offset>(), Ok(Offset::FromEnd(n)));
            prop_assert_eq!(n.to_string().parse::<Offset>(), Ok(Offset::FromStart(n)));
        }

        #[test]
        fn hex_round_trips_with_any_separator(
            bytes in proptest::collection::vec(any::<u8>(), 1..64),
            sep in prop_oneof![Just(""), Just(" "), Just(":"), Just("-"), Just("\n")],
        ) {
            let text: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
            prop_assert_eq!(parse_hex(&text.join(sep)), Ok(bytes.clone()));
            let upper = format!("0x{}", text.concat().to_uppercase());
            prop_assert_eq!(parse_hex(&upper), Ok(bytes));
        }

        #[test]
        fn durations_round_trip_in_millis(ms in 0u64..10_000_000) {
            let d = format!("{ms}ms").parse::<HumanDuration>().map(|h| h.0);
            prop_assert_eq!(d, Ok(std::time::Duration::from_millis(ms)));
        }
    }
}
