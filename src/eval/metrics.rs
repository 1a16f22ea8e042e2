//! Scoring: gold against predictions, field by field (see the module documentation of
//! [`crate::eval`] for what each count means).

use super::counts::{gold_supported, score, Row};
use super::gold::GoldRecord;
use super::group::{score_group, GroupCtx};
use super::report::{ArticleCounts, FieldReport, Report};
use super::slot::{gold_slot, pred_slot, Notes};
use super::support::ArticleText;
use crate::domain::prediction::Prediction;
use crate::domain::schema::{FieldType, Schema};
use serde_json::{Map, Value as J};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Scores predictions against gold. Every gold article is scored (one the predictions leave out
/// as predicting nothing); ids on one side only are listed in [`Report::articles`]. `texts` (article id → text) enables the
/// text-supported view; articles without a text are left out of that view.
pub fn evaluate(
    gold: &[GoldRecord],
    pred: &[Prediction],
    texts: Option<&HashMap<String, String>>,
    schema: &Schema,
) -> Report {
    let mut notes = Notes::default();
    let mut warnings = Vec::new();
    let mut pred_by_id: HashMap<&str, &Prediction> = HashMap::new();
    for p in pred {
        if pred_by_id.contains_key(p.id.as_str()) {
            warnings.push(format!(
                "predictions: id {:?} appears twice; first kept",
                p.id
            ));
        } else {
            pred_by_id.insert(p.id.as_str(), p);
        }
    }
    // A gold article the predictions leave out is scored as predicting nothing: every gold
    // value it has is missed.
    let empty: HashMap<&str, Prediction> = gold
        .iter()
        .filter(|g| !pred_by_id.contains_key(g.id.as_str()))
        .map(|g| {
            let p = Prediction {
                id: g.id.clone(),
                ..Prediction::default()
            };
            (g.id.as_str(), p)
        })
        .collect();
    let mut seen = HashSet::new();
    let mut articles = ArticleCounts::default();
    let mut scored: Vec<(&GoldRecord, &Prediction)> = Vec::new();
    for g in gold {
        if !seen.insert(g.id.as_str()) {
            warnings.push(format!("gold: id {:?} appears twice; first kept", g.id));
            continue;
        }
        match pred_by_id.get(g.id.as_str()) {
            Some(p) => scored.push((g, p)),
            None => {
                articles.gold_only.push(g.id.clone());
                if let Some(p) = empty.get(g.id.as_str()) {
                    scored.push((g, p));
                }
            }
        }
    }
    let mut pred_seen = HashSet::new();
    for p in pred {
        if !seen.contains(p.id.as_str()) && pred_seen.insert(p.id.as_str()) {
            articles.predicted_only.push(p.id.clone());
        }
    }
    articles.gold = seen.len();
    articles.predicted = pred_by_id.len();
    articles.matched = scored.len() - articles.gold_only.len();

    let mut rows: Vec<Row> = vec![Row::default(); row_names(schema).len()];
    for (g, p) in &scored {
        let text = texts
            .and_then(|t| t.get(&g.id))
            .map(|t| ArticleText::new(t));
        if texts.is_some() && text.is_none() {
            articles.without_text.push(g.id.clone());
        }
        note_unknown(schema, g, p, &mut notes);
        let mut at = 0;
        for def in &schema.fields {
            if let FieldType::Group(subs) = &def.kind {
                let n = 1 + subs.len();
                let ctx = GroupCtx {
                    def,
                    subs,
                    id: &g.id,
                    name_in_text: g.name_in_text.get(&def.key),
                    text: text.as_ref(),
                };
                score_group(&ctx, g, p, &mut rows[at..at + n], &mut notes);
                at += n;
                continue;
            }
            let gs = gold_slot(def, &def.key, g.fields.get(&def.key), &g.id, &mut notes);
            let ps = pred_slot(def, &def.key, p.fields.get(&def.key), &g.id, &mut notes);
            score(&def.kind, &gs, &ps, &mut rows[at].all);
            if text
                .as_ref()
                .is_some_and(|t| gold_supported(t, &def.kind, &gs))
            {
                score(&def.kind, &gs, &ps, &mut rows[at].sup);
            }
            at += 1;
        }
    }
    warnings.extend(notes.into_lines());
    let fields = row_names(schema)
        .into_iter()
        .zip(rows)
        .map(|((field, kind), r)| FieldReport {
            field,
            kind,
            all: r.all,
            supported: texts.is_some().then_some(r.sup),
        })
        .collect();
    Report::new(schema, articles, fields, texts.is_some(), warnings)
}

/// The report's rows: each scalar field; each group's records, then its sub-fields.
pub(crate) fn row_names(schema: &Schema) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    for def in &schema.fields {
        out.push((def.key.clone(), def.kind.name()));
        if let FieldType::Group(subs) = &def.kind {
            for s in subs {
                out.push((format!("{}.{}", def.key, s.key), s.kind.name()));
            }
        }
    }
    out
}

fn note_unknown(schema: &Schema, g: &GoldRecord, p: &Prediction, notes: &mut Notes) {
    for (side, fields) in [("gold", &g.fields), ("predicted", &p.fields)] {
        for (key, j) in fields {
            let Some(def) = schema.field(key) else {
                let what = format!("{side} field {key:?} is not in schema {:?}", schema.name);
                notes.add(format!("{what}; not scored"), &g.id);
                continue;
            };
            let (FieldType::Group(subs), J::Array(items)) = (&def.kind, j) else {
                continue;
            };
            let unknown: BTreeSet<&String> = items
                .iter()
                .filter_map(J::as_object)
                .flat_map(Map::keys)
                .filter(|k| *k != "name_in_text" && !subs.iter().any(|s| &s.key == *k))
                .collect();
            for k in unknown {
                notes.add(
                    format!("{side} sub-field {key}.{k} is unknown; not scored"),
                    &g.id,
                );
            }
        }
    }
}
