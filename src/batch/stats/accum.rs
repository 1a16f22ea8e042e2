//! What `vetter stats` adds up while it reads: one [`Accum`] per worker, merged at the end, so
//! no annotation is held longer than it takes to count it.

use crate::domain::annotation::{Annotation, FieldAnn, FieldState, Status};

/// What `vetter stats` takes from an annotation file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub id: String,
    /// As upgraded: never `Flagged` (format 1's flagged is in progress and flagged).
    pub status: Status,
    pub flagged: bool,
    pub active_seconds: u64,
    pub fields: Vec<CountedField>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedField {
    pub key: String,
    pub state: FieldState,
    pub suggested: bool,
    /// The fields of each record, for a field holding records.
    pub records: Vec<Vec<CountedField>>,
}

impl Counted {
    /// Of an annotation read by `io::parse_annotation` (so upgraded).
    pub fn of(ann: &Annotation) -> Counted {
        Counted {
            id: ann.article.id.clone(),
            status: match ann.status {
                Status::Flagged => Status::InProgress,
                s => s,
            },
            flagged: ann.flag.is_some() || ann.status == Status::Flagged,
            active_seconds: ann.active_seconds,
            fields: ann.fields.iter().map(CountedField::of).collect(),
        }
    }
}

impl CountedField {
    fn of(f: &FieldAnn) -> CountedField {
        CountedField {
            key: f.key.clone(),
            state: f.state,
            suggested: f.suggestion.is_some(),
            records: f
                .records()
                .iter()
                .map(|r| r.fields.iter().map(CountedField::of).collect())
                .collect(),
        }
    }
}
use crate::io::cachefile::FastMap;
use std::collections::hash_map::Entry;

/// One reviewer's articles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewerAcc {
    pub in_progress: u64,
    pub done: u64,
    pub skipped: u64,
    pub not_relevant: u64,
    pub flagged: u64,
    /// Active seconds of all the reviewer's articles.
    pub active_seconds: u64,
    /// Active seconds of each done article (for the median and p90).
    pub done_seconds: Vec<u64>,
    /// With a corpus: which of its articles (by index) the reviewer annotated.
    pub seen: Option<Bits>,
}

impl ReviewerAcc {
    pub fn articles(&self) -> u64 {
        self.in_progress + self.done + self.skipped + self.not_relevant
    }

    /// Counts one annotation, of corpus article `index`.
    pub fn add(&mut self, ann: &Counted, index: Option<usize>, corpus_len: usize) {
        match ann.status {
            Status::Done => {
                self.done += 1;
                self.done_seconds.push(ann.active_seconds);
            }
            Status::Skipped => self.skipped += 1,
            Status::NotRelevant => self.not_relevant += 1,
            Status::InProgress | Status::Flagged => self.in_progress += 1,
        }
        if ann.flagged {
            self.flagged += 1;
        }
        self.active_seconds = self.active_seconds.saturating_add(ann.active_seconds);
        if let Some(i) = index {
            self.seen
                .get_or_insert_with(|| Bits::new(corpus_len))
                .set(i);
        }
    }

    pub fn merge(&mut self, other: ReviewerAcc) {
        self.in_progress += other.in_progress;
        self.done += other.done;
        self.skipped += other.skipped;
        self.not_relevant += other.not_relevant;
        self.flagged += other.flagged;
        self.active_seconds = self.active_seconds.saturating_add(other.active_seconds);
        self.done_seconds.extend(other.done_seconds);
        self.seen = match (self.seen.take(), other.seen) {
            (Some(mut a), Some(b)) => {
                a.union(&b);
                Some(a)
            }
            (a, b) => a.or(b),
        };
    }
}

/// What reviewers did with one field (or sub-field), over every annotation in which it was
/// reviewed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldAcc {
    /// With a suggestion, by the state the reviewer left.
    pub confirmed: u64,
    pub corrected: u64,
    pub rejected: u64,
    /// Reviewed with no suggestion.
    pub unsuggested: u64,
    /// Of those, the reviewer gave a value (state corrected).
    pub filled: u64,
    /// Where the field first appears in a file (its index, and its index in a record for a
    /// sub-field): the order of the report.
    pub order: (usize, usize),
}

impl FieldAcc {
    fn add(&mut self, f: &CountedField) {
        match (f.suggested, f.state) {
            (_, FieldState::Unreviewed) => {}
            (true, FieldState::Confirmed) => self.confirmed += 1,
            (true, FieldState::Corrected) => self.corrected += 1,
            (true, FieldState::Rejected) => self.rejected += 1,
            (false, state) => {
                self.unsuggested += 1;
                if state == FieldState::Corrected {
                    self.filled += 1;
                }
            }
        }
    }

    pub fn suggested(&self) -> u64 {
        self.confirmed + self.corrected + self.rejected
    }

    pub fn reviewed(&self) -> u64 {
        self.suggested() + self.unsuggested
    }

    fn merge(&mut self, o: &FieldAcc) {
        self.confirmed += o.confirmed;
        self.corrected += o.corrected;
        self.rejected += o.rejected;
        self.unsuggested += o.unsuggested;
        self.filled += o.filled;
        self.order = self.order.min(o.order);
    }
}

/// Everything counted by one worker.
#[derive(Debug, Default)]
pub struct Accum {
    /// By reviewer (the folder's name).
    pub reviewers: FastMap<String, ReviewerAcc>,
    /// By field key; a sub-field as `group.sub`.
    pub fields: FastMap<String, FieldAcc>,
    /// Annotation files counted.
    pub read: u64,
    /// Files that could not be read or parsed, and why (`file:line:col: message`).
    pub unreadable: Vec<String>,
    /// Files of articles outside the corpus (with a corpus), not counted.
    pub not_in_corpus: u64,
    /// Files that parse but are not counted, and why: a name the store would not give the
    /// article, or another file of the same article that the store prefers.
    pub ignored: Vec<String>,
}

impl Accum {
    /// Counts one annotation of `reviewer`, of corpus article `index` (with a corpus).
    pub fn add(&mut self, reviewer: &str, ann: &Counted, index: Option<usize>, corpus: usize) {
        self.read += 1;
        match self.reviewers.get_mut(reviewer) {
            Some(r) => r.add(ann, index, corpus),
            None => {
                let mut r = ReviewerAcc::default();
                r.add(ann, index, corpus);
                self.reviewers.insert(reviewer.to_string(), r);
            }
        }
        for (i, f) in ann.fields.iter().enumerate() {
            self.field(&f.key, (i, 0)).add(f);
            let mut key = String::new();
            for rec in &f.records {
                for (j, sub) in rec.iter().enumerate() {
                    key.clear();
                    key.push_str(&f.key);
                    key.push('.');
                    key.push_str(&sub.key);
                    self.field(&key, (i, j + 1)).add(sub);
                }
            }
        }
    }

    /// The counts of a field, created at `order` if new (and moved earlier if `order` is).
    fn field(&mut self, key: &str, order: (usize, usize)) -> &mut FieldAcc {
        if !self.fields.contains_key(key) {
            let acc = FieldAcc {
                order,
                ..FieldAcc::default()
            };
            self.fields.insert(key.to_string(), acc);
        }
        let acc = self.fields.get_mut(key).expect("inserted above");
        acc.order = acc.order.min(order);
        acc
    }

    pub fn merge(mut self, other: Accum) -> Accum {
        for (name, r) in other.reviewers {
            match self.reviewers.get_mut(&name) {
                Some(mine) => mine.merge(r),
                None => {
                    self.reviewers.insert(name, r);
                }
            }
        }
        for (key, f) in other.fields {
            match self.fields.entry(key) {
                Entry::Occupied(mut e) => e.get_mut().merge(&f),
                Entry::Vacant(e) => {
                    e.insert(f);
                }
            }
        }
        self.read += other.read;
        self.unreadable.extend(other.unreadable);
        self.not_in_corpus += other.not_in_corpus;
        self.ignored.extend(other.ignored);
        self
    }
}

/// A set of corpus article indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bits(Vec<u64>);

impl Bits {
    pub fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }
    pub fn set(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }
    pub fn union(&mut self, o: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            *a |= b;
        }
    }
    pub fn count(&self) -> u64 {
        self.0.iter().map(|w| u64::from(w.count_ones())).sum()
    }
}
