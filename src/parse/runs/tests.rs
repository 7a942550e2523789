use super::*;

fn bytes(asm: &mut Assembler, line: usize, offset: u64, b: &[u8]) -> Result<(), String> {
    asm.push(line, Kind::Bytes(offset), b)
}

#[test]
fn contiguous_lines_merge_and_gaps_split() {
    let mut asm = Assembler::new(2);
    bytes(&mut asm, 1, 10, b"ab").unwrap();
    bytes(&mut asm, 2, 12, b"cd").unwrap();
    bytes(&mut asm, 3, 16, b"e").unwrap();
    let runs = asm.finish().map_err(|e| e.1).unwrap();
    let expected = [(10, &b"abcd"[..]), (16, &b"e"[..])].map(|(offset, b)| Run {
        offset,
        bytes: b.to_vec(),
        repeat: 1,
    });
    assert_eq!(runs, expected);
}

#[test]
fn star_expands_and_end_offsets_overflow_cleanly() {
    let mut asm = Assembler::new(4);
    bytes(&mut asm, 1, u64::MAX - 15, b"xxxx").unwrap();
    asm.push(2, Kind::Star, b"").unwrap();
    bytes(&mut asm, 3, u64::MAX - 3, b"yyy").unwrap();
    let runs = asm.finish().map_err(|e| e.1).unwrap();
    assert_eq!(runs[1].repeat, 2);
    assert_eq!(runs[2].end(), u64::MAX);
    let mut asm = Assembler::new(4);
    bytes(&mut asm, 1, u64::MAX - 3, b"xxx").unwrap();
    let mut full = Assembler::new(4);
    let err = bytes(&mut full, 1, u64::MAX - 3, b"xxxx").unwrap_err();
    assert!(err.contains("past the largest 64-bit offset"), "{err}");
}

#[test]
fn run_helpers() {
    let r = Run {
        offset: 8,
        bytes: b"ab".to_vec(),
        repeat: 3,
    };
    assert_eq!((r.len(), r.end(), r.is_empty()), (6, 14, false));
    assert_eq!(r.iter().collect::<Vec<u8>>(), b"ababab");
}
