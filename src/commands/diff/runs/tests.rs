//! Unit tests of run building: merging, touching stretches, long runs cut.

use super::*;

/// A run as the sink saw it: offset, old, new.
type Seen = (u64, Vec<u8>, Vec<u8>);

#[derive(Default)]
struct Collect(Vec<Seen>);

impl RunSink for &mut Collect {
    fn run(&mut self, offset: u64, old: &[u8], new: &[u8]) -> Result<()> {
        self.0.push((offset, old.to_vec(), new.to_vec()));
        Ok(())
    }
}

/// Feeds `old` and `new` (same length) as the engine would: equal and differing stretches.
fn feed(old: &[u8], new: &[u8], merge: u64) -> (Vec<Seen>, Summary) {
    let mut got = Collect::default();
    let mut runs = Runs::new(&mut got, merge);
    let mut i = 0;
    while i < old.len() {
        let same = old[i] == new[i];
        let mut j = i;
        while j < old.len() && (old[j] == new[j]) == same {
            j += 1;
        }
        if same {
            runs.equal(i as u64, &new[i..j]);
        } else {
            runs.differ(i as u64, &old[i..j], &new[i..j]).unwrap();
        }
        i = j;
    }
    let (_, summary) = runs.finish().unwrap();
    (got.0, summary)
}

#[test]
fn gaps_shorter_than_merge_are_joined() {
    let old = [0u8; 20];
    let mut new = [0u8; 20];
    new[1] = 1;
    new[4] = 2; // gap of 2
    new[10] = 3; // gap of 5
    let (runs, summary) = feed(&old, &new, 3);
    assert_eq!(
        runs,
        [(1, vec![0; 4], vec![1, 0, 0, 2]), (10, vec![0], vec![3]),]
    );
    assert_eq!(
        summary,
        Summary {
            runs: 2,
            changed: 3,
            first: Some(1),
            last: Some(10)
        }
    );
    assert_eq!(feed(&old, &new, 6).0.len(), 1);
    assert_eq!(feed(&old, &new, 2).0.len(), 3);
}

#[test]
fn touching_stretches_are_one_run_even_with_merge_0() {
    let mut got = Collect::default();
    let mut runs = Runs::new(&mut got, 0);
    runs.differ(5, &[1, 2], &[3, 4]).unwrap();
    runs.differ(7, &[5], &[6]).unwrap();
    runs.equal(8, &[0]);
    runs.differ(9, &[5], &[6]).unwrap();
    runs.finish().unwrap();
    assert_eq!(
        got.0,
        [(5, vec![1, 2, 5], vec![3, 4, 6]), (9, vec![5], vec![6])]
    );
}

#[test]
fn long_runs_are_cut_into_max_run_edits() {
    let old = vec![0u8; 2 * MAX_RUN + 10];
    let new = vec![1u8; 2 * MAX_RUN + 10];
    let (runs, summary) = feed(&old, &new, 8);
    let shape: Vec<(u64, usize)> = runs.iter().map(|(o, _, n)| (*o, n.len())).collect();
    assert_eq!(
        shape,
        [
            (0, MAX_RUN),
            (MAX_RUN as u64, MAX_RUN),
            (2 * MAX_RUN as u64, 10)
        ]
    );
    assert_eq!(summary.runs, 3);
    assert_eq!(summary.changed, old.len() as u64);
}

#[test]
fn an_unchanged_edit_joins_but_is_not_counted() {
    let mut got = Collect::default();
    let mut runs = Runs::new(&mut got, 8);
    runs.differ(0, &[0], &[1]).unwrap();
    runs.equal(1, &[0, 0]);
    runs.add_unchanged(3, &[0]).unwrap();
    let (_, summary) = runs.finish().unwrap();
    assert_eq!(got.0, [(0, vec![0; 4], vec![1, 0, 0, 0])]);
    assert_eq!(summary.changed, 1);
    assert_eq!(summary.last, Some(0));
}
