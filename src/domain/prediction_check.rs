//! Checking a predictions line part by part: a bad value, confidence or evidence span is dropped
//! alone, with a problem naming its field path, and the rest of the line is kept.

use super::prediction::{Prediction, SpanJson};
use super::schema::{FieldDef, FieldType, Schema};
use super::value::exact_integer;
use serde::Deserialize;
use serde_json::{Map, Value as J};
use std::collections::BTreeMap;

/// A predictions line as read, before its parts are checked: only `id` must be a string.
#[derive(Debug, Deserialize)]
pub struct RawPrediction {
    pub id: String,
    #[serde(default)]
    pub fields: J,
    #[serde(default)]
    pub evidence: J,
    #[serde(default)]
    pub confidence: J,
    #[serde(default)]
    pub source: J,
}

/// Checks a line against the schema; returns the prediction with what passed, and one problem
/// per part dropped (`field "participants[0].age": ...; value dropped`).
///
/// - a value of a schema field must fit it ([`FieldDef::value_from_json`]: the type, strictly,
///   and an integer's `min`/`max`); `null` ("not mentioned") always fits. In a group's records
///   each sub-field is checked alone; an item that is not an object is dropped.
///   Keys the schema does not have are kept (applying ignores them; the reader warns).
/// - a confidence must be a number from 0 to 1; when it is not, it is dropped and the value kept.
/// - an evidence span must be an object whose `start` and `end` are whole numbers (JSON numbers,
///   as for integers) with `start < end`, and whose `quote`, if any, is a string. That the span
///   lies inside the article is checked when it is applied ([`super::prediction::apply`]).
/// - `fields`, `evidence` and `confidence` must be objects, `source` a string (else ignored).
pub fn check_prediction(raw: RawPrediction, schema: &Schema) -> (Prediction, Vec<String>) {
    let mut problems = Vec::new();
    let mut pred = Prediction {
        id: raw.id,
        ..Default::default()
    };
    match raw.fields {
        J::Null => {}
        J::Object(fields) => pred.fields = check_fields(fields, schema, &mut problems),
        other => problems.push(not_an_object("fields", &other)),
    }
    match raw.confidence {
        J::Null => {}
        J::Object(c) => pred.confidence = check_confidence(c, &mut problems),
        other => problems.push(not_an_object("confidence", &other)),
    }
    match raw.evidence {
        J::Null => {}
        J::Object(e) => pred.evidence = check_evidence(e, &mut problems),
        other => problems.push(not_an_object("evidence", &other)),
    }
    match raw.source {
        J::Null => {}
        J::String(s) => pred.source = Some(s),
        other => problems.push(format!(
            "\"source\" must be a string, got {}; ignored",
            kind_of(&other)
        )),
    }
    (pred, problems)
}

fn not_an_object(key: &str, j: &J) -> String {
    format!("{key:?} must be an object, got {}; ignored", kind_of(j))
}

fn kind_of(j: &J) -> &'static str {
    match j {
        J::Null => "null",
        J::Bool(_) => "a boolean",
        J::Number(_) => "a number",
        J::String(_) => "a string",
        J::Array(_) => "a list",
        J::Object(_) => "an object",
    }
}

fn check_fields(
    fields: Map<String, J>,
    schema: &Schema,
    problems: &mut Vec<String>,
) -> Map<String, J> {
    let mut out = Map::new();
    for (key, value) in fields {
        let Some(def) = schema.field(&key) else {
            out.insert(key, value);
            continue;
        };
        let kept = match &def.kind {
            FieldType::Group(subs) => check_group(&key, subs, value, problems),
            _ => check_value(def, &key, value, problems),
        };
        if let Some(v) = kept {
            out.insert(key, v);
        }
    }
    out
}

/// The value if it fits the field (or is null), else `None` and a problem.
fn check_value(def: &FieldDef, path: &str, value: J, problems: &mut Vec<String>) -> Option<J> {
    if value.is_null() {
        return Some(value);
    }
    match def.value_from_json(&value) {
        Ok(_) => Some(value),
        Err(e) => {
            problems.push(format!("field {path:?}: {e}; value dropped"));
            None
        }
    }
}

fn check_group(key: &str, subs: &[FieldDef], value: J, problems: &mut Vec<String>) -> Option<J> {
    let items = match value {
        J::Null => return Some(J::Null),
        J::Array(items) => items,
        other => {
            problems.push(format!(
                "field {key:?}: expected a list of records, got {}; value dropped",
                kind_of(&other)
            ));
            return None;
        }
    };
    let mut records = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let J::Object(obj) = item else {
            problems.push(format!(
                "field \"{key}[{i}]\": expected a record (an object), got {}; record dropped",
                kind_of(&item)
            ));
            continue;
        };
        let mut rec = Map::new();
        for (sk, sv) in obj {
            match subs.iter().find(|s| s.key == sk) {
                Some(sdef) => {
                    let path = format!("{key}[{i}].{sk}");
                    if let Some(v) = check_value(sdef, &path, sv, problems) {
                        rec.insert(sk, v);
                    }
                }
                None => {
                    rec.insert(sk, sv);
                }
            }
        }
        records.push(J::Object(rec));
    }
    Some(J::Array(records))
}

/// Whether a confidence is usable: a finite number from 0 to 1 (not NaN, which RON can write).
pub fn is_confidence(c: f64) -> bool {
    (0.0..=1.0).contains(&c)
}

fn check_confidence(c: Map<String, J>, problems: &mut Vec<String>) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for (path, v) in c {
        match v.as_f64().filter(|&x| is_confidence(x)) {
            Some(x) => {
                out.insert(path, x);
            }
            None => problems.push(format!(
                "confidence for {path:?}: expected a number from 0 to 1, got {v}; confidence dropped, value kept"
            )),
        }
    }
    out
}

fn check_evidence(
    e: Map<String, J>,
    problems: &mut Vec<String>,
) -> BTreeMap<String, Vec<SpanJson>> {
    let mut out = BTreeMap::new();
    for (path, list) in e {
        let J::Array(items) = list else {
            problems.push(format!(
                "evidence for {path:?}: expected a list of spans, got {}; ignored",
                kind_of(&list)
            ));
            continue;
        };
        let mut spans = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match span(item) {
                Ok(s) => spans.push(s),
                Err(why) => problems.push(format!(
                    "evidence for {path:?}, span {i}: {why}; span dropped"
                )),
            }
        }
        out.insert(path, spans);
    }
    out
}

fn span(item: &J) -> Result<SpanJson, String> {
    let J::Object(obj) = item else {
        return Err(format!("expected an object, got {}", kind_of(item)));
    };
    let offset = |key: &str| -> Result<usize, String> {
        match obj.get(key) {
            None | Some(J::Null) => Err(format!("no {key:?}")),
            Some(J::Number(n)) => exact_integer(n)
                .and_then(|i| usize::try_from(i).ok())
                .ok_or_else(|| {
                    format!("{key:?} {n} is not a character offset (a whole number from 0)")
                }),
            Some(other) => Err(format!("{key:?} must be a number, got {}", kind_of(other))),
        }
    };
    let (start, end) = (offset("start")?, offset("end")?);
    if start >= end {
        return Err(format!("{start}..{end} is empty or reversed"));
    }
    let quote = match obj.get("quote") {
        None | Some(J::Null) => None,
        Some(J::String(q)) => Some(q.clone()),
        Some(other) => {
            return Err(format!(
                "\"quote\" must be a string, got {}",
                kind_of(other)
            ))
        }
    };
    Ok(SpanJson { start, end, quote })
}
