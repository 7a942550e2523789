use super::*;

fn edit(offset: u64, old: Option<&[u8]>, new: &[u8]) -> Edit {
    Edit {
        offset,
        old: old.map(<[u8]>::to_vec),
        new: new.to_vec(),
    }
}

#[test]
fn new_sorts_and_keeps_everything() {
    let s = Script::new(
        Header::default(),
        vec![edit(9, None, b"z"), edit(2, Some(b"ab"), b"cd")],
    )
    .unwrap();
    assert_eq!(
        s.edits(),
        [edit(2, Some(b"ab"), b"cd"), edit(9, None, b"z")]
    );
    assert_eq!(s.line(0), None);
    assert!(!s.all_checked());
    // Built in memory, so there are no lines to report.
    assert!(s.unchecked_lines().is_empty());
    let (header, edits) = s.into_parts();
    assert_eq!((header, edits.len()), (Header::default(), 2));
}

#[test]
fn new_refuses_what_a_script_may_not_say() {
    let h = Header::default();
    assert_eq!(
        Script::new(h, vec![edit(0, Some(b"a"), b"b"), edit(5, None, b"")]),
        Err(EditError::Empty {
            index: 1,
            offset: 5
        })
    );
    assert_eq!(
        Script::new(h, vec![edit(3, Some(b"ab"), b"c")]),
        Err(EditError::Length {
            index: 0,
            offset: 3,
            old: 2,
            new: 1
        })
    );
    assert_eq!(
        Script::new(h, vec![edit(u64::MAX, None, b"c")]),
        Err(EditError::Overflow {
            index: 0,
            offset: u64::MAX
        })
    );
    // The last byte of the address space can be written: the end, 2^64, is never stored.
    assert!(Script::new(h, vec![edit(u64::MAX - 1, None, b"c")]).is_ok());
    assert_eq!(
        Script::new(
            h,
            vec![
                edit(20, None, b"abcd"),
                edit(0, None, b"x"),
                edit(22, None, b"q")
            ]
        ),
        Err(EditError::Overlap {
            first: 0,
            second: 2,
            offset: 22
        })
    );
}

#[test]
fn errors_say_what_is_wrong() {
    let e = EditError::Length {
        index: 0,
        offset: 16,
        old: 2,
        new: 1,
    };
    assert!(
        e.to_string().contains("at 0x10 has 2 old bytes but 1 new"),
        "{e}"
    );
    let e = EditError::Unchecked {
        offset: 16,
        line: None,
    };
    assert_eq!(
        e.to_string(),
        "the edit at 0x10 has no old bytes (unchecked), so it cannot be reversed"
    );
}

#[test]
fn equality_ignores_where_a_script_came_from() {
    let a = Script::new(Header::default(), vec![edit(1, Some(b"a"), b"b")]).unwrap();
    let b = crate::parse::script::parse(&b"\n\n0x1 61 => 62\n"[..]).unwrap();
    assert_eq!(b.line(0), Some(3));
    assert_eq!(a, b);
}
