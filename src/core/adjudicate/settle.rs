//! Whether reviewers agree on a field, the adjudicated annotation an article starts with, and
//! the adjudication record (where each field's value came from), derived from the fields.

use super::Candidate;
use crate::domain::annotation::{
    Adjudication, Annotation, Entry, FieldAnn, FieldState, Settled, Source,
};
use crate::domain::schema::{FieldDef, FieldType, Schema};
use crate::domain::value::Value;
use crate::eval::matching::normalize_text;

/// Whether two values are the same as `eval` counts them: texts once normalised
/// ([`normalize_text`]), multi choices as sets, records record by record in order (each
/// sub-field so), "not mentioned" like any value. An empty (unreviewed) value agrees with
/// nothing.
pub fn same(kind: &FieldType, a: &Entry, b: &Entry) -> bool {
    match (a, b) {
        (Entry::Empty, _) | (_, Entry::Empty) => false,
        (Entry::Value(Value::Text(x)), Entry::Value(Value::Text(y))) => {
            normalize_text(x) == normalize_text(y)
        }
        (Entry::Value(Value::Choices(x)), Entry::Value(Value::Choices(y))) => {
            x.len() == y.len() && x.iter().all(|c| y.contains(c)) && y.iter().all(|c| x.contains(c))
        }
        (Entry::Records(x), Entry::Records(y)) => {
            let FieldType::Group(subs) = kind else {
                return false;
            };
            x.len() == y.len()
                && x.iter().zip(y).all(|(rx, ry)| {
                    subs.iter().all(|d| {
                        let get = |r: &crate::domain::annotation::Record| {
                            r.fields
                                .iter()
                                .find(|f| f.key == d.key)
                                .map_or(Entry::Empty, |f| f.value.clone())
                        };
                        same(&d.kind, &get(rx), &get(ry))
                    })
                })
        }
        (x, y) => x == y,
    }
}

/// Each reviewer's field for a schema field (absent fields as empty ones).
pub fn values<'a>(def: &FieldDef, reviews: &'a [Candidate]) -> Vec<Option<&'a FieldAnn>> {
    reviews.iter().map(|c| c.ann.field(&def.key)).collect()
}

/// Whether every reviewer gave the same value for a field (at least one reviewer, and no
/// empty value).
pub fn agreed(def: &FieldDef, reviews: &[Candidate]) -> bool {
    let vals = values(def, reviews);
    let Some(Some(first)) = vals.first() else {
        return false;
    };
    vals.iter()
        .all(|v| v.is_some_and(|v| same(&def.kind, &first.value, &v.value)))
}

/// The annotation an adjudication starts with: each field every reviewer agrees on holds the
/// first reviewer's value and evidence, confirmed; every other field is left unreviewed and
/// empty. The record names the reviewers it settles.
pub fn prefill(schema: &Schema, ann: &mut Annotation, reviews: &[Candidate]) {
    for def in &schema.fields {
        if !agreed(def, reviews) {
            continue;
        }
        let Some(Some(from)) = values(def, reviews).first().copied() else {
            continue;
        };
        if let Some(fa) = ann.field_mut(&def.key) {
            fa.value = from.value.clone();
            fa.evidence.clone_from(&from.evidence);
            fa.state = match from.value {
                Entry::NotMentioned => FieldState::Rejected,
                _ => FieldState::Confirmed,
            };
        }
    }
    ann.adjudication = Some(derive(schema, ann, reviews, None));
}

/// Sets a field to reviewer `n`'s value with its evidence (a group: their whole list of records
/// as they are); an empty value cannot be taken.
pub fn take(fa: &mut FieldAnn, from: &FieldAnn) -> Result<(), String> {
    if from.value == Entry::Empty {
        return Err("left it unreviewed: nothing to take".into());
    }
    fa.value = from.value.clone();
    fa.evidence.clone_from(&from.evidence);
    fa.state = match from.value {
        Entry::NotMentioned => FieldState::Rejected,
        _ => FieldState::Confirmed,
    };
    Ok(())
}

/// Whether a field holds exactly a reviewer's value and evidence (a group: the same records,
/// their sub-fields' values and evidence; the adjudicator may have confirmed them since).
fn holds(a: &FieldAnn, b: &FieldAnn) -> bool {
    if a.evidence != b.evidence {
        return false;
    }
    match (&a.value, &b.value) {
        (Entry::Records(x), Entry::Records(y)) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|(rx, ry)| {
                    rx.fields.len() == ry.fields.len()
                        && rx.fields.iter().zip(&ry.fields).all(|(fx, fy)| {
                            fx.key == fy.key && fx.value == fy.value && fx.evidence == fy.evidence
                        })
                })
        }
        (x, y) => x == y,
    }
}

/// The adjudication record of an annotation, from its fields: per reviewed top-level field,
/// `Agreed` when every reviewer gave this value, else `Reviewer(name)` when it holds a
/// reviewer's value and evidence (the one recorded before, if it still does, else the first),
/// else `Edited`. Unreviewed fields have no entry.
pub fn derive(
    schema: &Schema,
    ann: &Annotation,
    reviews: &[Candidate],
    before: Option<&Adjudication>,
) -> Adjudication {
    let mut fields = Vec::new();
    for def in &schema.fields {
        let Some(fa) = ann.field(&def.key) else {
            continue;
        };
        if !fa.state.is_reviewed() {
            continue;
        }
        let vals = values(def, reviews);
        let all_same = agreed(def, reviews)
            && vals
                .first()
                .copied()
                .flatten()
                .is_some_and(|v| same(&def.kind, &v.value, &fa.value));
        let was = before
            .and_then(|b| b.fields.iter().find(|s| s.key == def.key))
            .and_then(|s| match &s.from {
                Source::Reviewer(name) => Some(name.as_str()),
                _ => None,
            });
        let holding = |c: &Candidate| c.ann.field(&def.key).is_some_and(|r| holds(fa, r));
        let from = if all_same {
            Source::Agreed
        } else if let Some(c) = reviews
            .iter()
            .find(|c| Some(c.name.as_str()) == was && holding(c))
            .or_else(|| reviews.iter().find(|c| holding(c)))
        {
            Source::Reviewer(c.name.clone())
        } else {
            Source::Edited
        };
        fields.push(Settled {
            key: def.key.clone(),
            from,
        });
    }
    Adjudication {
        settled: reviews.iter().map(|c| c.name.clone()).collect(),
        fields,
    }
}
