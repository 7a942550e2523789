//! What the regex stream's steps see: the bytes carried from earlier windows followed by
//! the current window, addressed by absolute offset without copying the window.

use crate::units::index;

/// The bytes a step can see: the carry and the current window, contiguous.
pub(crate) struct Hay<'a> {
    pub carry: &'a [u8],
    pub carry_base: u64,
    pub window: &'a [u8],
    /// True in `finish`: the region ends at the end of these bytes.
    pub last: bool,
}

impl Hay<'_> {
    pub fn mid(&self) -> u64 {
        self.carry_base + self.carry.len() as u64
    }

    pub fn end(&self) -> u64 {
        self.mid() + self.window.len() as u64
    }

    pub fn byte(&self, at: u64) -> u8 {
        match at.checked_sub(self.mid()) {
            Some(i) => self.window[index(i)],
            None => self.carry[index(at - self.carry_base)],
        }
    }

    /// The piece (carry or window) holding `at`, with its absolute offset.
    pub fn segment(&self, at: u64) -> Option<(&[u8], u64)> {
        if at < self.mid() {
            Some((self.carry, self.carry_base))
        } else if at < self.end() {
            Some((self.window, self.mid()))
        } else {
            None
        }
    }

    /// The bytes `from..to`, borrowed when they lie in one piece, else copied to
    /// `scratch` (a hit straddling the carry and the window).
    pub fn bytes<'s>(&'s self, from: u64, to: u64, scratch: &'s mut Vec<u8>) -> &'s [u8] {
        let mid = self.mid();
        if from >= mid {
            &self.window[index(from - mid)..index(to - mid)]
        } else if to <= mid {
            let base = self.carry_base;
            &self.carry[index(from - base)..index(to - base)]
        } else {
            scratch.clear();
            scratch.extend_from_slice(&self.carry[index(from - self.carry_base)..]);
            scratch.extend_from_slice(&self.window[..index(to - mid)]);
            scratch
        }
    }
}
