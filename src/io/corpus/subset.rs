//! A corpus narrowed to some of its articles (a reviewer's shard): the articles kept keep their
//! order, and are numbered again from 0, so everything downstream (the queue, opening, the
//! background scan) sees a corpus of only those articles.

use super::{Corpus, Source};
use rayon::prelude::*;

impl Corpus {
    /// Keeps only the articles whose id `keep` accepts (asked in parallel); returns how many
    /// remain. The warnings of opening stay as they were.
    pub fn retain_ids(&mut self, keep: impl Fn(&str) -> bool + Sync) -> usize {
        let kept: Vec<bool> = self.ids.par_iter().map(|id| keep(id)).collect();
        retain_by(&mut self.ids, &kept);
        match &mut self.source {
            Source::Dir(files) => retain_by(files, &kept),
            Source::Jsonl(lines) => retain_by(lines, &kept),
        }
        // Titles are there for a JSONL corpus until the queue takes them.
        if self.titles.len() == kept.len() {
            retain_by(&mut self.titles, &kept);
        }
        // Each kept article's new number: how many were kept before it.
        let mut renumbered = Vec::with_capacity(kept.len());
        let mut next = 0;
        for &k in &kept {
            renumbered.push(next);
            next += usize::from(k);
        }
        self.index
            .retain(|_, i| kept.get(*i).copied().unwrap_or(false));
        for i in self.index.values_mut() {
            *i = renumbered[*i];
        }
        self.ids.len()
    }
}

fn retain_by<T>(items: &mut Vec<T>, kept: &[bool]) {
    let mut flags = kept.iter().copied();
    items.retain(|_| flags.next().unwrap_or(false));
}
