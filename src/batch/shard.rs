//! `vetter shard`: each article's shards as JSONL, so a coordinator can check a plan before
//! anyone starts; and the narrowing of a corpus to one reviewer's shard (`review --shard`).
//! Where an article goes is [`core::shard`](crate::core::shard)'s rule, from its id alone.

use crate::core::shard::{shards_of, Shard};
use crate::io::Corpus;
use serde::Serialize;
use std::io::Write;

/// What `vetter shard` counted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub articles: usize,
    /// Articles in each shard (index 0 is shard 1), the overlap's included.
    pub per_shard: Vec<usize>,
    /// Articles in two shards.
    pub in_two: usize,
}

impl Summary {
    /// "63 articles in 3 shards (shard 1: 25, shard 2: 24, shard 3: 21); 7 in two shards
    /// (11.1%)".
    pub fn line(&self) -> String {
        let shards: Vec<String> = self
            .per_shard
            .iter()
            .enumerate()
            .map(|(i, n)| format!("shard {}: {n}", i + 1))
            .collect();
        let pct = match self.articles {
            0 => 0.0,
            n => self.in_two as f64 * 100.0 / n as f64,
        };
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        format!(
            "{} article{} in {} shard{} ({}); {} in two shards ({pct:.1}%)",
            self.articles,
            plural(self.articles),
            self.per_shard.len(),
            plural(self.per_shard.len()),
            shards.join(", "),
            self.in_two
        )
    }
}

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    shards: &'a [u32],
}

/// Writes one line per article of `corpus`, in corpus order, `{"id": .., "shards": [k(, k2)]}`
/// (1-based), streaming; returns the counts.
pub fn run(
    corpus: &Corpus,
    shards: u32,
    overlap: f64,
    out: &mut dyn Write,
) -> std::io::Result<Summary> {
    let mut summary = Summary {
        articles: corpus.len(),
        per_shard: vec![0; usize::try_from(shards.max(1)).unwrap_or(1)],
        in_two: 0,
    };
    for id in corpus.ids() {
        let (first, second) = shards_of(id, shards, overlap);
        let both = [first, second.unwrap_or(0)];
        let ks = if second.is_some() {
            &both[..]
        } else {
            &both[..1]
        };
        for &k in ks {
            if let Some(n) = summary.per_shard.get_mut(k as usize - 1) {
                *n += 1;
            }
        }
        summary.in_two += usize::from(second.is_some());
        crate::io::json_out::to_writer(&mut *out, &Line { id, shards: ks })?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(summary)
}

#[derive(Debug, thiserror::Error)]
pub enum NarrowError {
    #[error("{shard} of {corpus} holds no article (overlap {overlap}): try fewer shards")]
    Empty {
        shard: Shard,
        corpus: String,
        overlap: f64,
    },
}

/// `review --shard K/N [--overlap P]`: the shard, with the corpus narrowed to its articles;
/// None (the corpus as it is) without `--shard`.
pub fn for_review(
    corpus: &mut Corpus,
    k_of_n: Option<(u32, u32)>,
    overlap: Option<f64>,
) -> Result<Option<Shard>, NarrowError> {
    let Some((k, n)) = k_of_n else {
        return Ok(None);
    };
    let shard = Shard {
        k,
        n,
        overlap: overlap.unwrap_or(0.0),
    };
    narrow(corpus, &shard)?;
    Ok(Some(shard))
}

/// Narrows a corpus to a shard's articles (in corpus order); an empty shard is an error.
/// Returns how many articles the shard holds.
pub fn narrow(corpus: &mut Corpus, shard: &Shard) -> Result<usize, NarrowError> {
    let described = corpus.describe();
    match corpus.retain_ids(|id| shard.contains(id)) {
        0 => Err(NarrowError::Empty {
            shard: *shard,
            corpus: described,
            overlap: shard.overlap,
        }),
        n => Ok(n),
    }
}
