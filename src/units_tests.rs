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
    assert_eq!(parse_hex("abc"), Err(ValueError::OddHex(3)));
    assert_eq!(parse_hex("a bc"), Err(ValueError::BadHex(' ')));
    assert_eq!(parse_hex("zz"), Err(ValueError::BadHex('z')));
    assert_eq!(parse_hex("0x0x00"), Err(ValueError::BadHex('x')));
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
