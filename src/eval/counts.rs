//! The scoring primitives every view shares: the counts behind a report row, how one gold slot
//! scores against one predicted slot, and which gold slots the text-supported view counts.

use super::matching::text_match;
use super::slot::Slot;
use super::support::{supports, ArticleText};
use crate::domain::schema::FieldType;
use crate::domain::value::Value;

/// The counts behind one row of the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Gold units, null excluded: values (per article, record or pair, as the row counts), or
    /// choices for a multi field. Always TP + FN.
    pub n_gold: usize,
    /// Predicted units, counted the same way. Always TP + FP.
    pub n_pred: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    /// Items whose exact match is judged (gold has the field, a value or null).
    pub acc_n: usize,
    /// Of those, the items predicted exactly right.
    pub acc_correct: usize,
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

impl Counts {
    /// TP / (TP + FP); `None` when nothing was predicted.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }
    /// TP / (TP + FN); `None` when gold has no value.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall; `None` when TP, FP and
    /// FN are all 0.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
    /// Exact matches over the items where gold has the field; `None` when there are none.
    pub fn accuracy(&self) -> Option<f64> {
        ratio(self.acc_correct, self.acc_n)
    }
    pub fn add(&mut self, o: &Counts) {
        self.n_gold += o.n_gold;
        self.n_pred += o.n_pred;
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.acc_n += o.acc_n;
        self.acc_correct += o.acc_correct;
    }
}

pub(crate) fn same(kind: &FieldType, g: &Value, p: &Value) -> bool {
    match (kind, g, p) {
        (FieldType::Text, Value::Text(g), Value::Text(p)) => text_match(g, p),
        _ => g == p,
    }
}

/// Scores one gold slot against one predicted slot (a scalar or multi field of an article, or a
/// sub-field of a matched pair of records).
pub(crate) fn score(kind: &FieldType, g: &Slot, p: &Slot, c: &mut Counts) {
    if *g == Slot::Absent {
        // Gold did not annotate the field: nothing to score.
        return;
    }
    c.n_pred += p.units();
    match g {
        Slot::Absent | Slot::Bad => c.fp += p.units(),
        Slot::Null => {
            c.acc_n += 1;
            if p.has_value() {
                c.fp += p.units();
            } else {
                c.acc_correct += 1;
            }
        }
        Slot::Val(gv) => {
            c.n_gold += 1;
            c.acc_n += 1;
            match p {
                Slot::Val(pv) if same(kind, gv, pv) => {
                    c.tp += 1;
                    c.acc_correct += 1;
                }
                Slot::Val(_) | Slot::Set(_) | Slot::Bad => {
                    c.fp += p.units();
                    c.fn_ += 1;
                }
                Slot::Absent | Slot::Null => c.fn_ += 1,
            }
        }
        Slot::Set(gs) => {
            c.n_gold += gs.len();
            c.acc_n += 1;
            match p {
                Slot::Set(ps) => {
                    c.tp += gs.intersection(ps).count();
                    c.fp += ps.difference(gs).count();
                    c.fn_ += gs.difference(ps).count();
                    if gs == ps {
                        c.acc_correct += 1;
                    }
                }
                Slot::Val(_) | Slot::Bad => {
                    c.fp += p.units();
                    c.fn_ += gs.len();
                }
                Slot::Absent | Slot::Null => c.fn_ += gs.len(),
            }
        }
    }
}

/// Whether the supported view counts a gold slot: null always ("not mentioned" needs no words),
/// a value when the text supports it, no gold value never.
pub(crate) fn gold_supported(text: &ArticleText, kind: &FieldType, g: &Slot) -> bool {
    match g {
        Slot::Null | Slot::Set(_) => true,
        Slot::Val(v) => supports(text, kind, v),
        Slot::Absent | Slot::Bad => false,
    }
}

/// One row's counts over all gold values and over the supported ones.
#[derive(Default, Clone, Copy)]
pub(crate) struct Row {
    pub(crate) all: Counts,
    pub(crate) sup: Counts,
}
