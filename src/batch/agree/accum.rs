//! Counts gathered over the articles (per worker, merged at the end).

use super::alpha::{Coincidences, Val};
use super::units::ArticleUnits;
use std::collections::BTreeMap;

/// How many articles with the most disagreements are kept.
pub const TOP: usize = 10;

/// One row's units.
#[derive(Debug, Clone, Default)]
pub struct RowAcc {
    /// Articles with at least one pairable unit in this row.
    pub articles: u64,
    pub coincidences: Coincidences,
}

impl RowAcc {
    fn merge(&mut self, other: RowAcc) {
        self.articles += other.articles;
        self.coincidences.merge(other.coincidences);
    }
}

/// Two reviewers' units (only those both coded).
#[derive(Debug, Clone, Default)]
pub struct PairAcc {
    /// Articles both marked done.
    pub articles: u64,
    pub rows: Vec<RowAcc>,
}

/// An article where the reviewers disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub id: String,
    /// The rows with a unit whose values are not all equal, in row order.
    pub rows: Vec<usize>,
    /// The members who marked it done.
    pub members: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Accum {
    pub rows: Vec<RowAcc>,
    /// By (member, member), the lower first.
    pub pairs: BTreeMap<(usize, usize), PairAcc>,
    /// The articles with the most disagreements: by count (most first), then id.
    pub top: Vec<Disagreement>,
    /// Articles with a review (of the corpus, with one).
    pub articles: u64,
    /// Of those, marked done by two reviewers or more (compared), and by exactly one.
    pub compared: u64,
    pub single: u64,
    /// Articles left out because they are not in the corpus.
    pub not_in_corpus: u64,
    /// Compared annotations made with another schema (by name).
    pub other_schema: u64,
    /// Values that do not fit their field's type (left out).
    pub unfit: u64,
    /// Files that could not be read (`file:line:col: message`).
    pub unreadable: Vec<String>,
    /// Annotations compared as they are although they do not migrate to the schema.
    pub notes: Vec<String>,
}

impl Accum {
    pub fn new(rows: usize) -> Accum {
        Accum {
            rows: vec![RowAcc::default(); rows],
            ..Accum::default()
        }
    }

    /// Counts one compared article: `members` are its coders (the members who marked it done),
    /// in the order of the units' values.
    pub fn add(&mut self, id: &str, members: &[usize], units: ArticleUnits) {
        self.compared += 1;
        self.unfit += units.unfit;
        let n_rows = self.rows.len();
        let mut disagree = Vec::new();
        for (i, (row, acc)) in units.rows.iter().zip(&mut self.rows).enumerate() {
            let mut pairable = false;
            let mut differs = false;
            for unit in row {
                let vals: Vec<&Val> = unit.iter().flatten().collect();
                pairable |= vals.len() >= 2;
                differs |= vals.len() >= 2 && vals.iter().any(|v| *v != vals[0]);
                acc.coincidences.add_unit(&vals);
            }
            acc.articles += u64::from(pairable);
            if differs {
                disagree.push(i);
            }
        }
        for (a, &ma) in members.iter().enumerate() {
            for (b, &mb) in members.iter().enumerate().skip(a + 1) {
                let key = (ma.min(mb), ma.max(mb));
                let pair = self.pairs.entry(key).or_insert_with(|| PairAcc {
                    articles: 0,
                    rows: vec![RowAcc::default(); n_rows],
                });
                pair.articles += 1;
                for (row, acc) in units.rows.iter().zip(&mut pair.rows) {
                    let mut pairable = false;
                    for unit in row {
                        if let (Some(Some(x)), Some(Some(y))) = (unit.get(a), unit.get(b)) {
                            acc.coincidences.add_unit(&[x, y]);
                            pairable = true;
                        }
                    }
                    acc.articles += u64::from(pairable);
                }
            }
        }
        if !disagree.is_empty() {
            self.offer(Disagreement {
                id: id.to_string(),
                rows: disagree,
                members: members.to_vec(),
            });
        }
    }

    fn offer(&mut self, d: Disagreement) {
        let key = |d: &Disagreement| (std::cmp::Reverse(d.rows.len()), d.id.clone());
        let at = self.top.partition_point(|x| key(x) <= key(&d));
        if at < TOP {
            self.top.insert(at, d);
            self.top.truncate(TOP);
        }
    }

    pub fn merge(mut self, other: Accum) -> Accum {
        if self.rows.is_empty() {
            self.rows = vec![RowAcc::default(); other.rows.len()];
        }
        for (a, b) in self.rows.iter_mut().zip(other.rows) {
            a.merge(b);
        }
        for (k, p) in other.pairs {
            match self.pairs.get_mut(&k) {
                Some(mine) => {
                    mine.articles += p.articles;
                    for (a, b) in mine.rows.iter_mut().zip(p.rows) {
                        a.merge(b);
                    }
                }
                None => {
                    self.pairs.insert(k, p);
                }
            }
        }
        for d in other.top {
            self.offer(d);
        }
        self.articles += other.articles;
        self.compared += other.compared;
        self.single += other.single;
        self.not_in_corpus += other.not_in_corpus;
        self.other_schema += other.other_schema;
        self.unfit += other.unfit;
        self.unreadable.extend(other.unreadable);
        self.notes.extend(other.notes);
        self
    }
}
