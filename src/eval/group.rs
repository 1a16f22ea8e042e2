//! Scoring a group field (`participants`): pairing records, then the records, names and
//! sub-field rows.

use super::counts::{gold_supported, score, Counts, Row};
use super::gold::GoldRecord;
use super::matching::{pair_records, PersonName, RecordView};
use super::slot::{gold_slot, pred_slot, Notes, Slot};
use super::support::ArticleText;
use crate::domain::prediction::Prediction;
use crate::domain::schema::{FieldDef, FieldType};
use crate::domain::value::Value;
use serde_json::Value as J;

pub(crate) struct GroupCtx<'a> {
    pub(crate) def: &'a FieldDef,
    pub(crate) subs: &'a [FieldDef],
    pub(crate) id: &'a str,
    pub(crate) name_in_text: Option<&'a Vec<Option<bool>>>,
    pub(crate) text: Option<&'a ArticleText>,
}

/// One record's sub-field slots, in schema order.
pub(crate) type Rec = Vec<Slot>;

/// A group's records: `None` when the group has no value (absent), else its records (null and
/// anything that is not a list give none).
fn records(ctx: &GroupCtx, j: Option<&J>, gold: bool, notes: &mut Notes) -> Option<Vec<Rec>> {
    let key = &ctx.def.key;
    let side = if gold { "gold" } else { "predicted" };
    let items = match j? {
        J::Null => return Some(Vec::new()),
        J::Array(items) => items,
        _ => {
            notes.add(format!("{side} {key}: expected a list of records"), ctx.id);
            return Some(Vec::new());
        }
    };
    let mut out = Vec::new();
    for item in items {
        let Some(obj) = item.as_object() else {
            notes.add(
                format!("{side} {key}: a record is not an object; skipped"),
                ctx.id,
            );
            continue;
        };
        let rec = ctx
            .subs
            .iter()
            .map(|s| {
                let path = format!("{key}.{}", s.key);
                if gold {
                    gold_slot(s, &path, obj.get(&s.key), ctx.id, notes)
                } else {
                    pred_slot(s, &path, obj.get(&s.key), ctx.id, notes)
                }
            })
            .collect();
        out.push(rec);
    }
    Some(out)
}

pub(crate) fn view(subs: &[FieldDef], rec: &Rec, name_at: Option<usize>) -> RecordView {
    let mut v = RecordView::default();
    for (i, (s, slot)) in subs.iter().zip(rec).enumerate() {
        match (Some(i) == name_at, s.key.as_str(), slot) {
            (true, _, Slot::Val(Value::Text(t))) => v.name = PersonName::parse(t),
            (true, _, _) => {}
            (false, "role", _) => v.role = slot.canon(),
            (false, "age", _) => v.age = slot.canon(),
            _ => v.others.push(slot.canon()),
        }
    }
    v
}

/// Scores a group field of one article into its rows: `rows[0]` the records, then one row per
/// sub-field (see the module documentation of [`crate::eval`]).
pub(crate) fn score_group(
    ctx: &GroupCtx,
    g: &GoldRecord,
    p: &Prediction,
    rows: &mut [Row],
    n: &mut Notes,
) {
    let key = &ctx.def.key;
    let name_at = ctx
        .subs
        .iter()
        .position(|s| s.key == "name" && s.kind == FieldType::Text);
    // Gold without the group did not annotate it: nothing to score.
    let Some(golds) = records(ctx, g.fields.get(key), true, n) else {
        return;
    };
    let preds = records(ctx, p.fields.get(key), false, n).unwrap_or_default();
    let pviews: Vec<RecordView> = preds.iter().map(|r| view(ctx.subs, r, name_at)).collect();
    let pred_named = pviews.iter().filter(|v| v.name.is_some()).count();
    let gviews: Vec<RecordView> = golds.iter().map(|r| view(ctx.subs, r, name_at)).collect();
    let pairs = pair_records(&gviews, &pviews);
    // A gold record is in the supported view unless it names someone the text does not name.
    let supported: Vec<bool> = match ctx.text {
        None => vec![false; golds.len()],
        Some(t) => gviews
            .iter()
            .enumerate()
            .map(|(i, v)| match &v.name {
                None => true,
                Some(name) => ctx
                    .name_in_text
                    .and_then(|f| f.get(i).copied().flatten())
                    .unwrap_or_else(|| t.has_name(name)),
            })
            .collect(),
    };
    let with_text = ctx.text.is_some();

    // Records.
    let unmatched_pred = preds.len() - pairs.len();
    let count_records = |c: &mut Counts, gold_in: &dyn Fn(usize) -> bool| {
        let n_gold = (0..golds.len()).filter(|&i| gold_in(i)).count();
        let tp = pairs.iter().filter(|q| gold_in(q.gold)).count();
        c.n_gold += n_gold;
        c.n_pred += tp + unmatched_pred;
        c.tp += tp;
        c.fp += unmatched_pred;
        c.fn_ += n_gold - tp;
        c.acc_n += 1;
        c.acc_correct += usize::from(n_gold == tp && unmatched_pred == 0);
    };
    count_records(&mut rows[0].all, &|_| true);
    if with_text {
        count_records(&mut rows[0].sup, &|i| supported[i]);
    }

    // Names, over records.
    if let Some(at) = name_at {
        let gold_named = |i: usize| gviews[i].name.is_some();
        let name_pairs: Vec<usize> = pairs.iter().filter(|q| q.by_name).map(|q| q.gold).collect();
        let count_names = |c: &mut Counts, gold_in: &dyn Fn(usize) -> bool| {
            let n_gold = (0..golds.len())
                .filter(|&i| gold_named(i) && gold_in(i))
                .count();
            let tp = name_pairs.iter().filter(|&&i| gold_in(i)).count();
            let fp = pred_named - name_pairs.len();
            c.n_gold += n_gold;
            c.n_pred += tp + fp;
            c.tp += tp;
            c.fp += fp;
            c.fn_ += n_gold - tp;
            for q in pairs.iter().filter(|q| gold_in(q.gold)) {
                let gs = &golds[q.gold][at];
                if matches!(gs, Slot::Absent) {
                    continue;
                }
                c.acc_n += 1;
                // Right when paired by name, or when neither side names anyone (null, or a
                // rank alone such as "Officer").
                let nameless = gviews[q.gold].name.is_none() && pviews[q.pred].name.is_none();
                let right = q.by_name || nameless;
                c.acc_correct += usize::from(right);
            }
        };
        count_names(&mut rows[1 + at].all, &|_| true);
        if with_text {
            count_names(&mut rows[1 + at].sup, &|i| supported[i]);
        }
    }

    // The other sub-fields, over matched pairs.
    for (si, s) in ctx.subs.iter().enumerate() {
        if Some(si) == name_at {
            continue;
        }
        for q in &pairs {
            let (gs, ps) = (&golds[q.gold][si], &preds[q.pred][si]);
            score(&s.kind, gs, ps, &mut rows[1 + si].all);
            let sup = ctx.text.is_some_and(|t| gold_supported(t, &s.kind, gs));
            if supported[q.gold] && sup {
                score(&s.kind, gs, ps, &mut rows[1 + si].sup);
            }
        }
    }
}
