//! The interchange format: one article's predicted fields a JSONL line (see README).

use super::annotation::{new_record, Annotation, Entry, FieldAnn, Record, Span, Suggestion};
use super::schema::{FieldDef, FieldType, Schema};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Prediction {
    pub id: String,
    #[serde(default)]
    pub fields: serde_json::Map<String, serde_json::Value>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub evidence: BTreeMap<String, Vec<SpanJson>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub confidence: BTreeMap<String, f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where the line was read (`file:line`), to place the problems met applying it.
    #[serde(skip)]
    pub origin: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanJson {
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub quote: Option<String>,
}

/// Anything that suggests field values for an article: the built-in extractor, or a test double.
pub trait Suggest: Send + Sync {
    fn suggest(&self, article: &super::article::Article) -> Prediction;
}

/// The source named when a predictions line names none.
pub const UNNAMED_SOURCE: &str = "predictions";

/// Fills an annotation's unreviewed fields with a prediction's suggestions. Returns the problems
/// met (unknown fields, values that do not fit their field, evidence spans past the end of the
/// text), each prefixed with the prediction's `origin` when it has one; those parts are ignored.
pub fn apply(pred: &Prediction, schema: &Schema, text: &str, ann: &mut Annotation) -> Vec<String> {
    let mut problems = apply_parts(pred, schema, text, ann);
    if let Some(at) = &pred.origin {
        for p in &mut problems {
            *p = format!("{at}: {p}");
        }
    }
    problems
}

fn apply_parts(
    pred: &Prediction,
    schema: &Schema,
    text: &str,
    ann: &mut Annotation,
) -> Vec<String> {
    let mut problems = Vec::new();
    let source = pred.source.clone().unwrap_or_else(|| UNNAMED_SOURCE.into());
    for (key, json) in &pred.fields {
        let Some(def) = schema.field(key) else {
            problems.push(format!("unknown field {key:?}"));
            continue;
        };
        let Some(fa) = ann.field_mut(key) else {
            continue;
        };
        if fa.state.is_reviewed() {
            continue;
        }
        let ctx = Ctx {
            pred,
            source: &source,
            text,
        };
        match &def.kind {
            FieldType::Group(subs) => apply_group(&ctx, def, subs, json, fa, &mut problems),
            _ => match suggested_entry(def, json) {
                Ok(entry) => ctx.suggest(fa, key, entry, &mut problems),
                Err(e) => problems.push(format!("field {key:?}: {e}")),
            },
        }
    }
    for path in pred.evidence.keys().chain(pred.confidence.keys()) {
        let top = path.split(['[', '.']).next().unwrap_or("");
        if schema.field(top).is_none() && !pred.fields.contains_key(top) {
            problems.push(format!("evidence or confidence for unknown field {path:?}"));
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

struct Ctx<'a> {
    pred: &'a Prediction,
    source: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn suggest(&self, fa: &mut FieldAnn, path: &str, entry: Entry, problems: &mut Vec<String>) {
        fa.suggestion = Some(Suggestion {
            value: entry.clone(),
            confidence: self
                .pred
                .confidence
                .get(path)
                .filter(|&&c| super::prediction_check::is_confidence(c))
                .map(|c| *c as f32),
            source: self.source.to_string(),
        });
        fa.value = entry;
        fa.evidence = self.spans(path, problems);
    }

    /// The spans of `path` that lie inside the text; each other one is a problem.
    fn spans(&self, path: &str, problems: &mut Vec<String>) -> Vec<Span> {
        let Some(list) = self.pred.evidence.get(path) else {
            return Vec::new();
        };
        let len = self.text.chars().count();
        list.iter()
            .filter(|s| {
                let inside = s.start < s.end && s.end <= len;
                if !inside {
                    problems.push(format!(
                        "evidence for {path:?}: span {}..{} is not inside the article ({len} characters); span dropped",
                        s.start, s.end
                    ));
                }
                inside
            })
            .map(|s| Span {
                start: s.start,
                end: s.end,
                quote: s.quote.clone().unwrap_or_else(|| {
                    super::text::slice_chars(self.text, s.start, s.end).to_string()
                }),
                stale: false,
            })
            .collect()
    }
}

fn suggested_entry(def: &FieldDef, json: &serde_json::Value) -> Result<Entry, String> {
    if json.is_null() {
        return Ok(Entry::NotMentioned);
    }
    def.value_from_json(json)
        .map(Entry::Value)
        .map_err(|e| e.to_string())
}

fn apply_group(
    ctx: &Ctx,
    def: &FieldDef,
    subs: &[FieldDef],
    json: &serde_json::Value,
    fa: &mut FieldAnn,
    problems: &mut Vec<String>,
) {
    let key = &def.key;
    let items = match json {
        serde_json::Value::Null => {
            ctx.suggest(fa, key, Entry::NotMentioned, problems);
            return;
        }
        serde_json::Value::Array(items) => items,
        _ => {
            problems.push(format!("field {key:?}: expected a list of records"));
            return;
        }
    };
    let mut records: Vec<Record> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(obj) = item.as_object() else {
            problems.push(format!("field {key:?}[{i}]: expected an object"));
            continue;
        };
        let mut rec = new_record(subs);
        for (sk, sv) in obj {
            let Some(sdef) = subs.iter().find(|s| &s.key == sk) else {
                if !sk.starts_with('_') {
                    problems.push(format!("unknown field {key}[{i}].{sk}"));
                }
                continue;
            };
            let path = format!("{key}[{}].{sk}", records.len());
            match suggested_entry(sdef, sv) {
                Ok(entry) => {
                    if let Some(sf) = rec.fields.iter_mut().find(|f| &f.key == sk) {
                        ctx.suggest(sf, &path, entry, problems);
                    }
                }
                Err(e) => problems.push(format!("field {key}[{i}].{sk}: {e}")),
            }
        }
        records.push(rec);
    }
    ctx.suggest(fa, key, Entry::Records(records), problems);
    // The group's own suggestion keeps just the suggested values of its records; their evidence
    // and confidence live with each sub-field.
    if let Some(s) = fa.suggestion.as_mut() {
        if let Entry::Records(recs) = &mut s.value {
            for f in recs.iter_mut().flat_map(|r| r.fields.iter_mut()) {
                f.suggestion = None;
                f.evidence.clear();
            }
        }
    }
}

/// An annotation as an interchange line (for exports and evaluation): reviewed and suggested
/// values alike, "not mentioned" as null, empty fields left out.
pub fn from_annotation(ann: &Annotation, source: &str) -> Prediction {
    let mut p = Prediction {
        id: ann.article.id.clone(),
        source: Some(source.to_string()),
        ..Default::default()
    };
    for f in &ann.fields {
        if let Some(j) = entry_json(&f.value, &f.key, &mut p) {
            p.fields.insert(f.key.clone(), j);
        }
        add_evidence(&mut p, &f.key, &f.evidence);
    }
    p
}

fn entry_json(e: &Entry, path: &str, p: &mut Prediction) -> Option<serde_json::Value> {
    match e {
        Entry::Empty => None,
        Entry::NotMentioned => Some(serde_json::Value::Null),
        Entry::Value(v) => Some(v.to_json()),
        Entry::Records(recs) => {
            let mut arr = Vec::new();
            for (i, r) in recs.iter().enumerate() {
                let mut obj = serde_json::Map::new();
                for f in &r.fields {
                    let sub = format!("{path}[{i}].{}", f.key);
                    if let Some(j) = entry_json(&f.value, &sub, p) {
                        obj.insert(f.key.clone(), j);
                    }
                    add_evidence(p, &sub, &f.evidence);
                }
                arr.push(serde_json::Value::Object(obj));
            }
            Some(serde_json::Value::Array(arr))
        }
    }
}

fn add_evidence(p: &mut Prediction, path: &str, spans: &[Span]) {
    if spans.is_empty() {
        return;
    }
    p.evidence.insert(
        path.to_string(),
        spans
            .iter()
            .map(|s| SpanJson {
                start: s.start,
                end: s.end,
                quote: Some(s.quote.clone()),
            })
            .collect(),
    );
}
