//! The script diff prints reads back, through `parse::script::parse`, as the very edits
//! the engine found, also when they went through the temporary file.

use std::io::Write;

use super::*;
use crate::parse::{script, Edit};

struct Collect(Vec<Edit>);

impl RunSink for &mut Collect {
    fn run(&mut self, offset: u64, old: &[u8], new: &[u8]) -> Result<()> {
        self.0.push(Edit {
            offset,
            old: Some(old.to_vec()),
            new: new.to_vec(),
        });
        Ok(())
    }
}

fn file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> Source {
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(bytes))
        .unwrap();
    Source::open(&path, false).unwrap()
}

#[test]
fn the_script_parses_back_to_the_same_edits() {
    let dir = tempfile::tempdir().unwrap();
    let old: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
    let mut new = old.clone();
    for i in (0..new.len()).step_by(37) {
        new[i] ^= 0x5a;
    }
    new.extend_from_slice(&[9, 0, 0, 0]);
    let (a, b) = (file(&dir, "a", &old), file(&dir, "b", &new));
    let job = Job {
        a: &a,
        b: &b,
        range: Region {
            offset: 0,
            len: b.size(),
        },
        hash: true,
    };
    let mut found = Collect(Vec::new());
    walk(&job, &mut found, 8, true).unwrap();
    // A tiny limit, so the edits go through the temporary file in several pieces.
    let (sink, summary, sha256) = walk(&job, ScriptSink::with_limit(300), 8, true).unwrap();
    assert_eq!(summary.runs as usize, found.0.len());
    assert!(found.0.len() > 100);
    let header = Header {
        size: Some(Sides {
            before: a.size(),
            after: b.size(),
        }),
        sha256,
    };
    let mut text = Vec::new();
    sink.print(header, None, &mut text).unwrap();
    let parsed = script::parse(&text[..]).unwrap();
    assert_eq!(parsed.header, header);
    assert_eq!(parsed.edits(), &found.0[..]);
    let last = found.0.last().unwrap();
    assert_eq!(last.end(), b.size(), "the last edit grows A to B");
    use sha2::Digest;
    let digest: [u8; 32] = sha2::Sha256::digest(&new).into();
    assert_eq!(sha256.unwrap().after, digest);
}
