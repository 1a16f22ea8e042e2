//! Shares of a corpus for a team (`vetter review --shard K/N [--overlap P]`, `vetter shard`).
//!
//! Which shard an article belongs to depends on its id alone, so an article keeps its shard
//! when others are added to the corpus or the corpus is reordered. With `d` the SHA-256 of the
//! id's UTF-8 bytes and `h1`, `h2`, `h3` its first three 8-byte words (big-endian):
//!
//! - the article's shard is `h1 mod N` (shards are numbered from 1 for people: that plus 1);
//! - it is also in a second shard when `h2 / 2^64 < P` (so a fraction P of the articles, all
//!   chosen by id); that shard is one of the other `N - 1`, chosen by `h3 mod (N - 1)`.
//!
//! Every article is in exactly one shard, or exactly two when it is in the overlap (and N > 1).

use sha2::{Digest, Sha256};
use std::fmt;

/// A reviewer's share: shard `k` of `n` (1-based), with the overlap fraction the team uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shard {
    pub k: u32,
    pub n: u32,
    pub overlap: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    #[error("{given:?}: expected K/N, e.g. 2/3 (reviewer K of N)")]
    Form { given: String },
    #[error("{given:?}: {what} must be a whole number from 1")]
    Number { given: String, what: &'static str },
    #[error("{given:?}: K must be from 1 to N ({n})")]
    Range { given: String, n: u32 },
    #[error("{given:?}: the overlap must be a number from 0 to 1 (a fraction of the articles)")]
    Overlap { given: String },
}

/// Parses "K/N" (1 <= K <= N), spaces around the numbers allowed.
pub fn parse_k_of_n(s: &str) -> Result<(u32, u32), ShardError> {
    let given = || s.to_string();
    let (k, n) = s
        .split_once('/')
        .ok_or_else(|| ShardError::Form { given: given() })?;
    let number = |t: &str, what| match t.trim().parse::<u32>() {
        Ok(v) if v >= 1 => Ok(v),
        _ => Err(ShardError::Number {
            given: given(),
            what,
        }),
    };
    let (k, n) = (number(k, "K")?, number(n, "N")?);
    if k > n {
        return Err(ShardError::Range { given: given(), n });
    }
    Ok((k, n))
}

/// Parses an overlap fraction: a number in [0, 1].
pub fn parse_overlap(s: &str) -> Result<f64, ShardError> {
    match s.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(ShardError::Overlap {
            given: s.to_string(),
        }),
    }
}

/// The three 8-byte words of the id's SHA-256 that place it.
fn words(id: &str) -> [u64; 3] {
    let d = Sha256::digest(id.as_bytes());
    let word = |i: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&d[i * 8..i * 8 + 8]);
        u64::from_be_bytes(b)
    };
    [word(0), word(1), word(2)]
}

/// Whether a word, as a fraction of 2^64, falls below `p`.
fn below(word: u64, p: f64) -> bool {
    // The top 53 bits, exactly representable: a fraction in [0, 1).
    let fraction = (word >> 11) as f64 / (1u64 << 53) as f64;
    fraction < p
}

/// The shards (1-based) of an article among `n` (at least 1) with overlap `overlap`: its shard,
/// and its second shard when it is in the overlap.
pub fn shards_of(id: &str, n: u32, overlap: f64) -> (u32, Option<u32>) {
    let n = u64::from(n.max(1));
    let [h1, h2, h3] = words(id);
    let first = h1 % n;
    let second = (n > 1 && below(h2, overlap)).then(|| {
        let other = h3 % (n - 1);
        if other >= first {
            other + 1
        } else {
            other
        }
    });
    // Both are below n, which came from a u32.
    let one_based = |s: u64| u32::try_from(s + 1).unwrap_or(u32::MAX);
    (one_based(first), second.map(one_based))
}

impl Shard {
    /// Shard "K/N" with overlap `overlap` (in [0, 1]).
    pub fn parse(k_of_n: &str, overlap: f64) -> Result<Shard, ShardError> {
        let (k, n) = parse_k_of_n(k_of_n)?;
        if !(0.0..=1.0).contains(&overlap) {
            return Err(ShardError::Overlap {
                given: overlap.to_string(),
            });
        }
        Ok(Shard { k, n, overlap })
    }

    /// Whether the article with this id is in this shard (as its first or its second).
    pub fn contains(&self, id: &str) -> bool {
        let (first, second) = shards_of(id, self.n, self.overlap);
        first == self.k || second == Some(self.k)
    }
}

/// "shard 2/3".
impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "shard {}/{}", self.k, self.n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_of_n_is_parsed_and_every_bad_form_is_named() {
        assert_eq!(parse_k_of_n("2/3"), Ok((2, 3)));
        assert_eq!(parse_k_of_n(" 1 / 1 "), Ok((1, 1)));
        let err = |s: &str| parse_k_of_n(s).unwrap_err().to_string();
        assert!(err("2").contains("expected K/N"), "{}", err("2"));
        assert!(err("0/3").contains("K must be a whole number from 1"));
        assert!(err("a/3").contains("K must be"));
        assert!(err("1/0").contains("N must be"));
        assert!(err("1/-2").contains("N must be"));
        assert!(err("4/3").contains("K must be from 1 to N (3)"));
        assert!(err("1/2/3").contains("N must be"));
        assert!(err("99999999999/3").contains("K must be"));
    }

    #[test]
    fn the_overlap_is_a_fraction_from_0_to_1() {
        assert_eq!(parse_overlap("0"), Ok(0.0));
        assert_eq!(parse_overlap("0.1"), Ok(0.1));
        assert_eq!(parse_overlap("1"), Ok(1.0));
        for bad in ["-0.1", "1.5", "NaN", "ten", "", "inf"] {
            assert!(parse_overlap(bad).is_err(), "{bad}");
        }
        assert!(Shard::parse("1/2", 2.0).is_err());
    }

    #[test]
    fn placement_follows_the_documented_hash() {
        // SHA-256("a") = ca978112ca1bbdca fac231b39a23dc4d a786eff8147c4e72 ...
        let [h1, h2, h3] = words("a");
        assert_eq!(
            (h1, h2, h3),
            (
                0xca97_8112_ca1b_bdca,
                0xfac2_31b3_9a23_dc4d,
                0xa786_eff8_147c_4e72
            )
        );
        assert_eq!(shards_of("a", 3, 0.0), ((h1 % 3 + 1) as u32, None));
        // h2 / 2^64 is about 0.98: in the overlap only when P is above that.
        assert_eq!(shards_of("a", 3, 0.97).1, None);
        let (first, second) = shards_of("a", 3, 0.99);
        let other = h3 % 2;
        let want = if other >= h1 % 3 { other + 1 } else { other };
        assert_eq!(second, Some(want as u32 + 1));
        assert_ne!(Some(first), second);
    }

    #[test]
    fn one_shard_holds_everything_and_has_no_overlap() {
        for id in ["a", "b", "c"] {
            assert_eq!(shards_of(id, 1, 1.0), (1, None));
        }
    }

    #[test]
    fn with_overlap_1_every_article_is_in_two_different_shards() {
        for i in 0..500 {
            let id = format!("art-{i}");
            let (first, second) = shards_of(&id, 4, 1.0);
            let second = second.expect("in the overlap");
            assert!((1..=4).contains(&first) && (1..=4).contains(&second));
            assert_ne!(first, second, "{id}");
        }
    }

    #[test]
    fn the_label_names_the_shard() {
        let s = Shard::parse("2/3", 0.1).unwrap();
        assert_eq!(s.to_string(), "shard 2/3");
    }
}
