//! The queue of articles: every article of the corpus, what is known of its annotation, where
//! the reviewer is, and the counts the header and the queue screen show.

use crate::domain::annotation::Status;
use crate::domain::summary::Summary;

/// One article of the corpus as the queue knows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Item {
    pub id: Box<str>,
    /// The article's title, once known (read in the background for a large corpus).
    pub title: Option<Box<str>>,
    /// Its annotation's summary; None while it has no annotation file ("new").
    pub summary: Option<Summary>,
}

impl Item {
    pub fn new(id: &str) -> Item {
        Item {
            id: id.into(),
            ..Item::default()
        }
    }
    pub fn status(&self) -> Option<Status> {
        self.summary.as_ref().map(|s| s.status)
    }
    pub fn is_finished(&self) -> bool {
        self.summary.as_ref().is_some_and(Summary::is_finished)
    }
    pub fn is_flagged(&self) -> bool {
        self.summary.as_ref().is_some_and(|s| s.flagged)
    }
}

/// How many articles stand where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub in_progress: usize,
    pub done: usize,
    pub skipped: usize,
    pub not_relevant: usize,
    pub flagged: usize,
}

impl Counts {
    /// Done, skipped or not relevant.
    pub fn finished(&self) -> usize {
        self.done + self.skipped + self.not_relevant
    }
    fn add(&mut self, item: &Item, sign: isize) {
        let Some(s) = &item.summary else { return };
        let slot = match s.status {
            Status::Done => &mut self.done,
            Status::Skipped => &mut self.skipped,
            Status::NotRelevant => &mut self.not_relevant,
            Status::InProgress | Status::Flagged => &mut self.in_progress,
        };
        *slot = slot.saturating_add_signed(sign);
        if s.flagged {
            self.flagged = self.flagged.saturating_add_signed(sign);
        }
    }
}

/// Progress of the background scan of the annotation files, while it runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScanProgress {
    pub checked: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Queue {
    items: Vec<Item>,
    counts: Counts,
    /// The open article's index in the corpus (the only place it is kept).
    pub position: usize,
    /// Set while the annotation files are still being checked in the background.
    pub scan: Option<ScanProgress>,
    /// Whether the corpus is still being counted in the background: the queue holds only its
    /// first articles until [`extend`](Self::extend) brings the others.
    pub counting: bool,
    /// The reviewer's share of the corpus, when the queue holds only that (`--shard`).
    pub shard: Option<crate::core::shard::Shard>,
    /// Changes whenever an item does (unique across queues), so views of the items know when to
    /// recompute. Every method that changes an item calls `touch`.
    generation: u64,
}

/// The source of `Queue::generation` values.
static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Queue {
    pub fn new(items: Vec<Item>) -> Queue {
        let mut counts = Counts::default();
        items.iter().for_each(|i| counts.add(i, 1));
        let mut q = Queue {
            items,
            counts,
            position: 0,
            scan: None,
            counting: false,
            shard: None,
            generation: 0,
        };
        q.touch();
        q
    }
    fn touch(&mut self) {
        self.generation = GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    /// A number that changes whenever any item changes (a new queue has a new one too).
    pub fn generation(&self) -> u64 {
        self.generation
    }
    /// A queue of articles with these ids and no annotations (tests, fuzzing).
    pub fn of_ids<S: AsRef<str>>(ids: &[S]) -> Queue {
        Queue::new(ids.iter().map(|id| Item::new(id.as_ref())).collect())
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn items(&self) -> &[Item] {
        &self.items
    }
    pub fn item(&self, index: usize) -> Option<&Item> {
        self.items.get(index)
    }
    pub fn counts(&self) -> Counts {
        self.counts
    }
    /// Articles not finished (new, in progress).
    pub fn remaining(&self) -> usize {
        self.len() - self.counts.finished()
    }
    /// Records what an article's annotation now says (None: it has no annotation file).
    pub fn set(&mut self, index: usize, summary: Option<Summary>) {
        let Some(item) = self.items.get_mut(index) else {
            return;
        };
        self.counts.add(item, -1);
        item.summary = summary;
        self.counts.add(item, 1);
        self.touch();
    }
    pub fn set_title(&mut self, index: usize, title: Box<str>) {
        if let Some(item) = self.items.get_mut(index) {
            item.title = Some(title);
            self.touch();
        }
    }
    /// The rest of the corpus, counted: these articles come after the ones the queue holds.
    pub fn extend(&mut self, items: Vec<Item>) {
        items.iter().for_each(|i| self.counts.add(i, 1));
        self.items.extend(items);
        self.counting = false;
        self.touch();
    }
    /// The first unfinished article after `from`, wrapping around; None when all are finished.
    pub fn next_unfinished(&self, from: usize) -> Option<usize> {
        let n = self.len();
        (1..=n)
            .map(|k| (from + k) % n)
            .find(|&i| !self.items[i].is_finished())
    }
    /// Where a review starts: the first article not finished (the first one if all are).
    pub fn first_unfinished(&self) -> usize {
        self.items
            .iter()
            .position(|i| !i.is_finished())
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(status: Status, flagged: bool) -> Option<Summary> {
        Some(Summary {
            status,
            flagged,
            reason: None,
            active_seconds: 0,
            min_confidence: None,
            corrected: 0,
            updated: String::new(),
        })
    }

    #[test]
    fn counts_follow_every_change_and_flags_are_counted_beside_the_status() {
        let mut q = Queue::of_ids(&["a", "b", "c", "d"]);
        q.set(0, summary(Status::Done, true));
        q.set(1, summary(Status::Skipped, false));
        q.set(2, summary(Status::NotRelevant, false));
        let c = q.counts();
        assert_eq!((c.finished(), c.flagged, q.remaining()), (3, 1, 1));
        q.set(0, summary(Status::InProgress, false));
        let c = q.counts();
        assert_eq!(
            (c.done, c.in_progress, c.flagged, q.remaining()),
            (0, 1, 0, 2)
        );
        q.set(0, None);
        assert_eq!(q.counts().in_progress, 0);
    }

    #[test]
    fn skipped_and_not_relevant_articles_are_passed_over_like_done_ones() {
        let mut q = Queue::of_ids(&["a", "b", "c", "d"]);
        q.set(0, summary(Status::Skipped, false));
        q.set(1, summary(Status::NotRelevant, true));
        q.set(2, summary(Status::InProgress, true));
        assert_eq!(q.first_unfinished(), 2);
        assert_eq!(q.next_unfinished(2), Some(3));
        q.set(3, summary(Status::Done, false));
        assert_eq!(q.next_unfinished(2), Some(2));
        q.set(2, summary(Status::Done, true));
        assert_eq!((q.next_unfinished(2), q.first_unfinished()), (None, 0));
    }

    #[test]
    fn extending_appends_counts_and_ends_the_count() {
        let mut q = Queue::of_ids(&["a", "b"]);
        q.counting = true;
        q.set(0, summary(Status::Done, false));
        let g = q.generation();
        let mut c = Item::new("c");
        c.summary = summary(Status::Skipped, true);
        q.extend(vec![c, Item::new("d")]);
        assert!(!q.counting);
        assert_ne!(q.generation(), g);
        let ids: Vec<&str> = q.items().iter().map(|i| &*i.id).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
        let c = q.counts();
        assert_eq!((c.finished(), c.flagged, q.remaining()), (2, 1, 2));
        assert_eq!(q.next_unfinished(1), Some(3));
    }
}
