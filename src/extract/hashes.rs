//! A set of 32-bit word hashes for one article: open addressing in a power-of-two table, with no
//! hashing of its own (the keys are hashes already). Built per article, so it must be cheap.

pub(crate) struct HashSet32 {
    slots: Vec<u32>,
    mask: usize,
    /// Whether 0 (the empty slot's mark) is in the set.
    zero: bool,
}

impl HashSet32 {
    /// A set with room for `n` keys at most half full.
    pub fn with_capacity(n: usize) -> Self {
        let size = (n * 2).next_power_of_two().max(16);
        HashSet32 {
            slots: vec![0; size],
            mask: size - 1,
            zero: false,
        }
    }

    pub fn insert(&mut self, h: u32) {
        if h == 0 {
            self.zero = true;
            return;
        }
        let mut i = spread(h) & self.mask;
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = h;
                    return;
                }
                x if x == h => return,
                _ => i = (i + 1) & self.mask,
            }
        }
    }

    pub fn contains(&self, h: u32) -> bool {
        if h == 0 {
            return self.zero;
        }
        let mut i = spread(h) & self.mask;
        loop {
            match self.slots[i] {
                0 => return false,
                x if x == h => return true,
                _ => i = (i + 1) & self.mask,
            }
        }
    }
}

/// The high bits of a hash brought down (FNV's low bits alone cluster).
#[inline]
fn spread(h: u32) -> usize {
    (h ^ (h >> 15)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn same_as_a_hash_set(keys in prop::collection::vec(any::<u32>(), 0..200),
                              probes in prop::collection::vec(any::<u32>(), 0..50)) {
            let mut set = HashSet32::with_capacity(keys.len());
            for &k in &keys {
                set.insert(k);
            }
            let std: std::collections::HashSet<u32> = keys.iter().copied().collect();
            for k in keys.iter().chain(&probes).chain(&[0, 1, u32::MAX]) {
                prop_assert_eq!(set.contains(*k), std.contains(k));
            }
        }
    }
}
