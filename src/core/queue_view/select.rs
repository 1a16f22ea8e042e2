//! Which items the queue screen shows and in what order: the filters, the sorts, and the
//! median time per done article.

use crate::core::queue::{Item, Queue};
use crate::domain::annotation::Status;
use std::cmp::Reverse;

/// Which statuses the queue shows (`QueueFilterStatus` cycles through them in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    /// New or in progress.
    Unfinished,
    /// No annotation file yet.
    New,
    InProgress,
    Done,
    Skipped,
    NotRelevant,
}

impl StatusFilter {
    pub const CYCLE: [StatusFilter; 7] = [
        StatusFilter::All,
        StatusFilter::Unfinished,
        StatusFilter::New,
        StatusFilter::InProgress,
        StatusFilter::Done,
        StatusFilter::Skipped,
        StatusFilter::NotRelevant,
    ];
    pub fn next(self) -> StatusFilter {
        let i = Self::CYCLE.iter().position(|&s| s == self).unwrap_or(0);
        Self::CYCLE[(i + 1) % Self::CYCLE.len()]
    }
    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Unfinished => "unfinished",
            StatusFilter::New => "new",
            StatusFilter::InProgress => "in progress",
            StatusFilter::Done => "done",
            StatusFilter::Skipped => "skipped",
            StatusFilter::NotRelevant => "not relevant",
        }
    }
    pub fn admits(self, item: &Item) -> bool {
        let status = item.status();
        match self {
            StatusFilter::All => true,
            StatusFilter::Unfinished => !item.is_finished(),
            StatusFilter::New => status.is_none(),
            // A format 1 "flagged" article is in progress (and flagged).
            StatusFilter::InProgress => {
                matches!(status, Some(Status::InProgress | Status::Flagged))
            }
            StatusFilter::Done => status == Some(Status::Done),
            StatusFilter::Skipped => status == Some(Status::Skipped),
            StatusFilter::NotRelevant => status == Some(Status::NotRelevant),
        }
    }
}

/// The order of the queue's rows (`QueueSort` cycles through them in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Corpus,
    /// The lowest suggestion confidence first; articles whose confidence is unknown last.
    LeastConfident,
    /// The most recently changed first; articles never edited last.
    LastEdited,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Corpus => Sort::LeastConfident,
            Sort::LeastConfident => Sort::LastEdited,
            Sort::LastEdited => Sort::Corpus,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Sort::Corpus => "corpus order",
            Sort::LeastConfident => "least confident first",
            Sort::LastEdited => "last edited first",
        }
    }
}

/// What the queue shows: every condition must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub status: StatusFilter,
    pub flagged_only: bool,
    /// Text the id or the title contains (ignoring case); empty for any.
    pub text: String,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }
    /// `needle` is `self.text` in lower case.
    fn admits(&self, item: &Item, needle: &str) -> bool {
        self.status.admits(item)
            && (!self.flagged_only || item.is_flagged())
            && (needle.is_empty()
                || contains_ignoring_case(&item.id, needle)
                || item
                    .title
                    .as_deref()
                    .is_some_and(|t| contains_ignoring_case(t, needle)))
    }
}

/// Whether `hay` contains `needle` (already in lower case), ignoring case.
fn contains_ignoring_case(hay: &str, needle: &str) -> bool {
    if needle.is_ascii() {
        // ASCII bytes of the needle only ever match ASCII bytes of the text.
        let n = needle.as_bytes();
        hay.as_bytes()
            .windows(n.len())
            .any(|w| w.eq_ignore_ascii_case(n))
    } else {
        hay.to_lowercase().contains(needle)
    }
}

/// The rows a filter and a sort select from the items, as item indexes.
pub fn select(queue: &Queue, filter: &Filter, sort: Sort) -> Vec<u32> {
    let items = queue.items();
    let needle = filter.text.to_lowercase();
    let rows: Vec<u32> = (0..items.len())
        .filter(|&i| filter.admits(&items[i], &needle))
        .filter_map(|i| u32::try_from(i).ok())
        .collect();
    match sort {
        Sort::Corpus => rows,
        // Unknown (or NaN) after every known confidence.
        Sort::LeastConfident => sorted_by_key(rows, |i| {
            let c = items[i]
                .summary
                .as_ref()
                .and_then(|s| s.min_confidence)
                .filter(|c| !c.is_nan());
            (c.is_none(), c.map_or(0, ordered_bits))
        }),
        // RFC 3339 in UTC, as vetter writes it, sorts as text; never edited last.
        Sort::LastEdited => sorted_by_key(rows, |i| {
            let u = items[i].summary.as_ref().map_or("", |s| s.updated.as_str());
            (u.is_empty(), Reverse(prefix(u)))
        }),
    }
}

/// Rows sorted by a key, ties in corpus order. The keys are read once, in corpus order, and
/// sorted beside the rows: reading the items in sorted order would cost a cache miss a
/// comparison (100 ms for 100,000 articles against a few).
fn sorted_by_key<K: Ord>(rows: Vec<u32>, key: impl Fn(usize) -> K) -> Vec<u32> {
    let mut keyed: Vec<(K, u32)> = rows.into_iter().map(|r| (key(r as usize), r)).collect();
    // The row breaks ties: corpus order, whatever the sort's stability.
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, r)| r).collect()
}

/// An f32's bits as an integer in `f32::total_cmp`'s order.
fn ordered_bits(c: f32) -> i32 {
    let b = c.to_bits() as i32;
    b ^ (((b >> 31) as u32) >> 1) as i32
}

/// A timestamp's first 32 bytes (longer than RFC 3339 with nanoseconds and an offset needs),
/// zero-padded: compared inline, without following the string.
fn prefix(s: &str) -> [u8; 32] {
    let mut out = [0; 32];
    let n = s.len().min(32);
    out[..n].copy_from_slice(&s.as_bytes()[..n]);
    out
}

/// The median of the active seconds of the done articles (the mean of the middle two for an
/// even count, rounded down); None when none is done.
pub fn median_done_seconds(queue: &Queue) -> Option<u64> {
    let mut secs: Vec<u64> = queue
        .items()
        .iter()
        .filter_map(|i| i.summary.as_ref())
        .filter(|s| s.status == Status::Done)
        .map(|s| s.active_seconds)
        .collect();
    let n = secs.len();
    if n == 0 {
        return None;
    }
    let (_, &mut hi, _) = secs.select_nth_unstable(n / 2);
    if n % 2 == 1 {
        return Some(hi);
    }
    let lo = secs[..n / 2].iter().copied().max().unwrap_or(hi);
    Some(lo / 2 + hi / 2 + (lo % 2 + hi % 2) / 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_keys_keep_the_order_of_the_numbers() {
        let cs = [-1.5f32, -0.5, -0.0, 0.0, 0.25, 0.5, 1.0, f32::INFINITY];
        for w in cs.windows(2) {
            assert!(ordered_bits(w[0]) <= ordered_bits(w[1]), "{w:?}");
            assert_eq!(
                w[0].total_cmp(&w[1]),
                ordered_bits(w[0]).cmp(&ordered_bits(w[1]))
            );
        }
        assert!(prefix("2026-01-02T00:00:00Z") > prefix("2026-01-01T23:59:59Z"));
        assert!(prefix("2026-01-01T00:00:00Z") > prefix(""));
    }
}
