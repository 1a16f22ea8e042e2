//! What each reviewer coded in one article, as alpha's units: one unit per scalar field; for a
//! group field one unit per aligned record (and its sub-fields per aligned record).

use super::alpha::{Metric, Val};
use crate::domain::annotation::{Annotation, Entry, FieldAnn, FieldState, Record};
use crate::domain::schema::{FieldDef, FieldType, Schema};
use crate::domain::value::Value;
use crate::eval::matching::{normalize_text, pair_records, PersonName, RecordView};

/// The value a reviewer who has a record of an aligned record gives the record-level unit.
pub const RECORD: &str = "record";
/// ...and the value a reviewer who gave the group but not this record gives it.
pub const NO_RECORD: &str = "no record";

/// One row of the report: a field, or a group's records (`participants`) or sub-field
/// (`participants.age`).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub path: String,
    /// The field's type name ("group" for a group's records).
    pub kind: &'static str,
    pub metric: Metric,
}

/// The rows of a schema, in schema order: a group's records, then its sub-fields.
pub fn rows(schema: &Schema) -> Vec<Row> {
    let mut out = Vec::new();
    for f in &schema.fields {
        out.push(Row {
            path: f.key.clone(),
            kind: f.kind.name(),
            metric: metric(&f.kind),
        });
        if let FieldType::Group(subs) = &f.kind {
            for s in subs {
                out.push(Row {
                    path: format!("{}.{}", f.key, s.key),
                    kind: s.kind.name(),
                    metric: metric(&s.kind),
                });
            }
        }
    }
    out
}

fn metric(kind: &FieldType) -> Metric {
    match kind {
        FieldType::Integer => Metric::Interval,
        FieldType::Multi(_) => Metric::Masi,
        _ => Metric::Nominal,
    }
}

/// A unit: each coder's value, `None` where missing.
pub type Unit = Vec<Option<Val>>;

/// One article's units, by row (see [`rows`]), and the values that did not fit their field.
#[derive(Debug, Default)]
pub struct ArticleUnits {
    pub rows: Vec<Vec<Unit>>,
    pub unfit: u64,
}

/// The units of one article coded by `anns` (one annotation per coder, in coder order).
pub fn article_units(schema: &Schema, anns: &[&Annotation]) -> ArticleUnits {
    let mut out = ArticleUnits::default();
    for f in &schema.fields {
        match &f.kind {
            FieldType::Group(subs) => group_units(f, subs, anns, &mut out),
            _ => {
                let unit = anns
                    .iter()
                    .map(|a| scalar(f, a.field(&f.key), &mut out.unfit))
                    .collect();
                out.rows.push(vec![unit]);
            }
        }
    }
    out
}

/// A reviewer's value of a scalar field: missing when the field is absent, unreviewed, or empty
/// (or holds a value of another type, counted in `unfit`); "not mentioned" when rejected. Text is
/// normalised as `eval` normalises it (a text that normalises to nothing is "not mentioned", as
/// an empty text is in eval); an empty set of choices is "not mentioned" too.
pub fn scalar(def: &FieldDef, fa: Option<&FieldAnn>, unfit: &mut u64) -> Option<Val> {
    let fa = fa?;
    match fa.state {
        FieldState::Unreviewed => return None,
        FieldState::Rejected => return Some(Val::NotMentioned),
        FieldState::Confirmed | FieldState::Corrected => {}
    }
    let v = match &fa.value {
        Entry::Empty => return None,
        Entry::NotMentioned => return Some(Val::NotMentioned),
        Entry::Records(_) => {
            *unfit += 1;
            return None;
        }
        Entry::Value(v) => v,
    };
    if v.fits(&def.kind).is_err() {
        *unfit += 1;
        return None;
    }
    Some(match v {
        Value::Text(s) => match normalize_text(s) {
            t if t.is_empty() => Val::NotMentioned,
            t => Val::Label(t),
        },
        Value::Int(n) => Val::Num(*n),
        Value::Choices(c) if c.is_empty() => Val::NotMentioned,
        Value::Choices(c) => Val::set(c.iter().cloned()),
        Value::Date(s) | Value::Choice(s) => Val::Label(s.clone()),
        Value::Bool(b) => Val::Label(b.to_string()),
    })
}

/// A reviewer's records of a group: missing when the group is absent, unreviewed or empty; none
/// when rejected or "not mentioned".
fn records<'a>(fa: Option<&'a FieldAnn>, unfit: &mut u64) -> Option<&'a [Record]> {
    let fa = fa?;
    match (fa.state, &fa.value) {
        (FieldState::Unreviewed, _) => None,
        (FieldState::Rejected, _) | (_, Entry::NotMentioned) => Some(&[]),
        (_, Entry::Empty) => None,
        (_, Entry::Records(r)) => Some(r),
        (_, Entry::Value(_)) => {
            *unfit += 1;
            None
        }
    }
}

/// The units of a group field: the records' row, then each sub-field's.
///
/// Records are aligned across coders with eval's matcher ([`pair_records`]): each coder's
/// records, in coder order, are paired with the aligned records so far (each represented by its
/// first coder's record); a record left unpaired starts an aligned record of its own. Each
/// aligned record is a unit of the records' row, where each coder who gave the group has the
/// value [`RECORD`] or [`NO_RECORD`]; so a record only some reviewers have is a disagreement.
/// When every coder who gave the group gave no record, the article is one unit where each has
/// "not mentioned". Sub-fields are units of the aligned records, coded by the coders who have
/// the record.
fn group_units(def: &FieldDef, subs: &[FieldDef], anns: &[&Annotation], out: &mut ArticleUnits) {
    let given: Vec<Option<&[Record]>> = anns
        .iter()
        .map(|a| records(a.field(&def.key), &mut out.unfit))
        .collect();
    let mut rows: Vec<Vec<Unit>> = vec![Vec::new(); 1 + subs.len()];
    if given.iter().flatten().count() >= 2 {
        if given.iter().flatten().all(|r| r.is_empty()) {
            rows[0].push(given.iter().map(|g| g.map(|_| Val::NotMentioned)).collect());
        } else {
            let name_at = subs
                .iter()
                .position(|s| s.key == "name" && s.kind == FieldType::Text);
            let views: Vec<Vec<RecordView>> = given
                .iter()
                .map(|g| {
                    g.unwrap_or_default()
                        .iter()
                        .map(|r| view(subs, r, name_at))
                        .collect()
                })
                .collect();
            for cluster in align(&views) {
                let unit = given
                    .iter()
                    .zip(&cluster)
                    .map(|(g, at)| {
                        g.map(|_| Val::Label(if at.is_some() { RECORD } else { NO_RECORD }.into()))
                    })
                    .collect();
                rows[0].push(unit);
                for (si, s) in subs.iter().enumerate() {
                    let unit = given
                        .iter()
                        .zip(&cluster)
                        .map(|(g, at)| {
                            let rec = &(*g)?[(*at)?];
                            scalar(s, sub_field(rec, &s.key), &mut out.unfit)
                        })
                        .collect();
                    rows[1 + si].push(unit);
                }
            }
        }
    }
    out.rows.extend(rows);
}

fn sub_field<'a>(rec: &'a Record, key: &str) -> Option<&'a FieldAnn> {
    rec.fields.iter().find(|f| f.key == key)
}

/// Aligned records: for each, the index of each coder's record in it, if any.
pub fn align(views: &[Vec<RecordView>]) -> Vec<Vec<Option<usize>>> {
    let coders = views.len();
    let mut clusters: Vec<Vec<Option<usize>>> = Vec::new();
    // The view that represents each cluster: its first coder's record.
    let mut reps: Vec<RecordView> = Vec::new();
    for (c, recs) in views.iter().enumerate() {
        let pairs = pair_records(&reps, recs);
        let mut paired = vec![false; recs.len()];
        for p in &pairs {
            clusters[p.gold][c] = Some(p.pred);
            paired[p.pred] = true;
        }
        for (i, r) in recs.iter().enumerate().filter(|(i, _)| !paired[*i]) {
            let mut cluster = vec![None; coders];
            cluster[c] = Some(i);
            clusters.push(cluster);
            reps.push(r.clone());
        }
    }
    clusters
}

/// What the matcher needs of a record, from its reviewed sub-fields, as eval builds it: the name
/// parsed, role and age and the other sub-fields in their compared forms.
fn view(subs: &[FieldDef], rec: &Record, name_at: Option<usize>) -> RecordView {
    let mut v = RecordView::default();
    for (i, s) in subs.iter().enumerate() {
        let value = sub_field(rec, &s.key)
            .filter(|f| matches!(f.state, FieldState::Confirmed | FieldState::Corrected))
            .and_then(|f| match &f.value {
                Entry::Value(v) => Some(v),
                _ => None,
            });
        if Some(i) == name_at {
            if let Some(Value::Text(t)) = value {
                v.name = PersonName::parse(t);
            }
            continue;
        }
        let canon = value.map(|v| match v {
            Value::Text(t) => normalize_text(t),
            Value::Choices(c) => {
                let mut c = c.clone();
                c.sort_unstable();
                c.dedup();
                c.join(",")
            }
            other => other.display(),
        });
        match s.key.as_str() {
            "role" => v.role = canon,
            "age" => v.age = canon,
            _ => v.others.push(canon),
        }
    }
    v
}
