//! Calibration of confidences (`vetter eval --calibration`): is a suggestion given confidence c
//! right a share c of the time?
//!
//! Every suggestion of the predictions (a field or a record's sub-field that has a value or
//! null, and a confidence) whose field gold scores is labelled right or wrong by the exactness of
//! the report's accuracy ([`labelled`]): a scalar or multi field per article; a record's
//! sub-field when its record pairs with a gold record (eval's pairing) and the sub-field is right
//! in that pair (a name: paired by name); every sub-field of a predicted record nobody paired is
//! wrong. A field gold leaves out (or a sub-field a paired gold record leaves out) is skipped.
//!
//! Per field (sub-fields as `participants.gender`) and over all suggestions: the number of
//! suggestions, their mean confidence, their accuracy, and the expected calibration error over 10
//! equal-width bins of confidence ([`ece`]): the bins' |accuracy − mean confidence|, weighted by
//! their share of the suggestions.

use super::counts::{score, Counts};
use super::errors::{paired, Paired};
use super::gold::GoldRecord;
use super::slot::{gold_slot, pred_slot, Notes, Slot};
use super::{load, EvalArgs, EvalError};
use crate::domain::prediction::Prediction;
use crate::domain::schema::{FieldDef, FieldType, Schema};
use serde_json::{json, Value as J};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// Equal-width bins of confidence.
pub const BINS: usize = 10;

/// One labelled suggestion.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    pub id: String,
    /// Its path in the prediction: `city`, `participants[2].age`.
    pub path: String,
    /// Its field: `city`, `participants.age`.
    pub field: String,
    pub confidence: f64,
    pub correct: bool,
}

/// Whether a predicted slot is right against gold's by the accuracy's exact match; `None` when
/// the item is not judged (gold has no value for it).
fn judged(kind: &FieldType, g: &Slot, p: &Slot) -> Option<bool> {
    let mut c = Counts::default();
    score(kind, g, p, &mut c);
    (c.acc_n > 0).then_some(c.acc_correct > 0)
}

/// Every labelled suggestion of the predictions, in gold order, then schema order (a group's
/// records in file order). Gold and predicted ids given twice keep their first line.
pub fn labelled(gold: &[GoldRecord], pred: &[Prediction], schema: &Schema) -> Vec<Labelled> {
    let mut by_id: HashMap<&str, &Prediction> = HashMap::new();
    for p in pred {
        by_id.entry(p.id.as_str()).or_insert(p);
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut notes = Notes::default();
    for g in gold {
        if !seen.insert(g.id.as_str()) {
            continue;
        }
        let Some(p) = by_id.get(g.id.as_str()) else {
            continue;
        };
        let mut push = |path: String, field: String, correct: bool| {
            if let Some(&confidence) = p.confidence.get(&path) {
                out.push(Labelled {
                    id: g.id.clone(),
                    path,
                    field,
                    confidence,
                    correct,
                });
            }
        };
        for def in &schema.fields {
            let key = &def.key;
            let (gj, pj) = (g.fields.get(key), p.fields.get(key));
            if pj.is_none() {
                continue;
            }
            if let FieldType::Group(subs) = &def.kind {
                group(def, subs, gj, pj, &g.id, &mut notes, &mut push);
                continue;
            }
            let gs = gold_slot(def, key, gj, &g.id, &mut notes);
            let ps = pred_slot(def, key, pj, &g.id, &mut notes);
            if let Some(correct) = judged(&def.kind, &gs, &ps) {
                push(key.clone(), key.clone(), correct);
            }
        }
    }
    out
}

fn group(
    def: &FieldDef,
    subs: &[FieldDef],
    gj: Option<&J>,
    pj: Option<&J>,
    id: &str,
    notes: &mut Notes,
    push: &mut dyn FnMut(String, String, bool),
) {
    let key = &def.key;
    let Some(Paired {
        pobjs,
        golds,
        preds,
        name_at,
        gviews,
        pviews,
        pairs,
        ..
    }) = paired(key, subs, (gj, pj), id, notes)
    else {
        return;
    };
    for (i, &(pi, po)) in pobjs.iter().enumerate() {
        let pair = pairs.iter().find(|q| q.pred == i);
        for (si, s) in subs.iter().enumerate() {
            if !po.contains_key(&s.key) {
                continue;
            }
            let correct = match pair {
                None => Some(false),
                Some(q) if Some(si) == name_at => {
                    let nameless = gviews[q.gold].name.is_none() && pviews[i].name.is_none();
                    (!matches!(golds[q.gold][si], Slot::Absent)).then_some(q.by_name || nameless)
                }
                Some(q) => judged(&s.kind, &golds[q.gold][si], &preds[i][si]),
            };
            if let Some(correct) = correct {
                let path = format!("{key}[{pi}].{}", s.key);
                push(path, format!("{key}.{}", s.key), correct);
            }
        }
    }
}

/// One bin of confidence: `[lo, hi)` (the last one includes 1).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bin {
    pub lo: f64,
    pub hi: f64,
    pub n: usize,
    /// Mean confidence of its suggestions (0 when empty).
    pub confidence: f64,
    /// Share of its suggestions that are right (0 when empty).
    pub accuracy: f64,
}

/// The [`BINS`] equal-width bins of (confidence, correct) pairs.
pub fn bins(items: &[(f64, bool)]) -> Vec<Bin> {
    let mut sums = [(0usize, 0.0f64, 0usize); BINS];
    for &(c, ok) in items {
        let b = ((c * BINS as f64).floor().max(0.0) as usize).min(BINS - 1);
        sums[b].0 += 1;
        sums[b].1 += c;
        sums[b].2 += usize::from(ok);
    }
    sums.iter()
        .enumerate()
        .map(|(i, &(n, conf, right))| Bin {
            lo: i as f64 / BINS as f64,
            hi: (i + 1) as f64 / BINS as f64,
            n,
            confidence: if n > 0 { conf / n as f64 } else { 0.0 },
            accuracy: if n > 0 { right as f64 / n as f64 } else { 0.0 },
        })
        .collect()
}

/// Expected calibration error of bins: Σ n_b/N · |accuracy_b − confidence_b| (0 for no items).
pub fn ece(bins: &[Bin]) -> f64 {
    let total: usize = bins.iter().map(|b| b.n).sum();
    if total == 0 {
        return 0.0;
    }
    bins.iter()
        .map(|b| b.n as f64 / total as f64 * (b.accuracy - b.confidence).abs())
        .sum()
}

/// A row of the calibration table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// A field (`participants.gender`), or `all`.
    pub field: String,
    pub n: usize,
    pub confidence: f64,
    pub accuracy: f64,
    pub ece: f64,
    pub bins: Vec<Bin>,
}

impl Row {
    fn of(field: &str, items: &[(f64, bool)]) -> Row {
        let n = items.len().max(1) as f64;
        let bins = bins(items);
        Row {
            field: field.to_string(),
            n: items.len(),
            // (+ 0.0: an empty sum is -0.0.)
            confidence: items.iter().map(|i| i.0).sum::<f64>() / n + 0.0,
            accuracy: items.iter().filter(|i| i.1).count() as f64 / n,
            ece: ece(&bins),
            bins,
        }
    }
}

/// One row per field with suggestions, in schema order (a group's sub-fields in theirs), then
/// the row `all`.
pub fn rows(items: &[Labelled], schema: &Schema) -> Vec<Row> {
    let mut order: Vec<String> = Vec::new();
    for def in &schema.fields {
        match &def.kind {
            FieldType::Group(subs) => {
                order.extend(subs.iter().map(|s| format!("{}.{}", def.key, s.key)))
            }
            _ => order.push(def.key.clone()),
        }
    }
    let mut out: Vec<Row> = order
        .iter()
        .filter_map(|f| {
            let v: Vec<(f64, bool)> = items
                .iter()
                .filter(|i| &i.field == f)
                .map(|i| (i.confidence, i.correct))
                .collect();
            (!v.is_empty()).then(|| Row::of(f, &v))
        })
        .collect();
    let all: Vec<(f64, bool)> = items.iter().map(|i| (i.confidence, i.correct)).collect();
    out.push(Row::of("all", &all));
    out
}

/// The calibration table as text.
pub fn to_table(rows: &[Row]) -> String {
    let mut s = String::from(
        "calibration: confidence against accuracy, expected calibration error over 10 bins\n\n",
    );
    s += &format!(
        "{:<22} {:>7} {:>9} {:>9} {:>7}\n",
        "field", "n", "mean conf", "accuracy", "ECE"
    );
    for r in rows {
        let field = crate::domain::text::sanitize_line(&r.field);
        s += &format!(
            "{:<22} {:>7} {:>9.3} {:>9.3} {:>7.3}\n",
            field, r.n, r.confidence, r.accuracy, r.ece
        );
    }
    if rows.iter().all(|r| r.n == 0) {
        s += "\nno suggestion of the predictions has a confidence (or gold scores none of them)\n";
    }
    s += "\nn = suggestions with a confidence whose field gold scores; ECE = sum over bins of \
          n_bin/n * |accuracy - mean conf|\n";
    s
}

/// The calibration rows as JSON: `{"bins": 10, "fields": [{field, n, mean_confidence,
/// accuracy, ece, bins: [{lo, hi, n, mean_confidence, accuracy}]}]}`.
pub fn to_json(rows: &[Row]) -> J {
    let fields: Vec<J> = rows
        .iter()
        .map(|r| {
            let bins: Vec<J> = r
                .bins
                .iter()
                .map(|b| json!({"lo": b.lo, "hi": b.hi, "n": b.n, "mean_confidence": b.confidence, "accuracy": b.accuracy}))
                .collect();
            json!({"field": r.field, "n": r.n, "mean_confidence": r.confidence,
                   "accuracy": r.accuracy, "ece": r.ece, "bins": bins})
        })
        .collect();
    json!({"bins": BINS, "fields": fields})
}

/// `vetter eval --calibration`: writes the calibration table (or JSON with `args.json`), and the
/// reliability diagram to `plot` when given (atomically). Returns the warnings met reading.
pub fn run_calibration(
    args: &EvalArgs,
    plot: Option<&PathBuf>,
    out: &mut dyn std::io::Write,
) -> Result<Vec<String>, EvalError> {
    let l = load(args)?;
    let items = labelled(&l.gold, &l.pred, &args.schema);
    let rows = rows(&items, &args.schema);
    if let Some(path) = plot {
        let svg = super::reliability::svg(&rows, super::reliability::MIN_PANEL);
        crate::io::write_atomic(path, svg.as_bytes()).map_err(|source| EvalError::Io {
            path: path.clone(),
            source,
        })?;
    }
    let text = if args.json {
        crate::io::json_out::to_string_pretty(&to_json(&rows)).unwrap_or_default() + "\n"
    } else {
        to_table(&rows)
    };
    out.write_all(text.as_bytes()).map_err(EvalError::Write)?;
    Ok(l.warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ece_of_a_hand_computed_case() {
        // Bin 0.9: 0.9 and 0.95, one right: |0.5 - 0.925| = 0.425, weight 2/5.
        // Bin 0.3: 0.3 wrong: |0 - 0.3| = 0.3, weight 1/5.
        // Bin 0.6: 0.6 and 0.65, both right: |1 - 0.625| = 0.375, weight 2/5.
        let items = [
            (0.9, true),
            (0.95, false),
            (0.3, false),
            (0.6, true),
            (0.65, true),
        ];
        let b = bins(&items);
        assert_eq!(b.len(), 10);
        assert_eq!((b[9].n, b[3].n, b[6].n), (2, 1, 2));
        assert!((b[9].confidence - 0.925).abs() < 1e-12);
        let want = 0.4 * 0.425 + 0.2 * 0.3 + 0.4 * 0.375;
        assert!((ece(&b) - want).abs() < 1e-12, "{} vs {want}", ece(&b));
        assert_eq!(ece(&bins(&[])), 0.0);
    }

    #[test]
    fn bin_edges() {
        let b = bins(&[(0.0, true), (0.1, true), (0.99, true), (1.0, true)]);
        assert_eq!(b[0].n, 1);
        assert_eq!(b[1].n, 1, "0.1 opens the second bin");
        assert_eq!(b[9].n, 2, "1.0 is in the last bin");
    }

    #[test]
    fn perfectly_calibrated_is_zero() {
        let mut items = Vec::new();
        for i in 0..10 {
            items.push((0.7, i < 7));
        }
        assert!(ece(&bins(&items)) < 1e-12);
    }
}
