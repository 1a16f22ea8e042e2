//! The lines of each format: JSONL (the interchange format and who it is from), spans (text and
//! labelled offsets), and CSV rows (RFC 4180, cells a spreadsheet will not run as formulas).

use super::select::Chosen;
use crate::domain::annotation::{Entry, FieldAnn};
use crate::domain::prediction::{from_annotation, SpanJson};
use crate::domain::schema::{FieldDef, Schema};
use crate::domain::value::Value;
use serde_json::{json, Map, Value as J};
use std::collections::BTreeMap;

/// One JSON line (without its newline), escaped as every JSON vetter writes.
fn json_line<T: serde::Serialize>(v: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    match crate::io::json_out::to_writer(&mut out, v) {
        Ok(()) => out,
        // Maps with string keys and plain values always serialise; kept total all the same.
        Err(e) => format!("{{\"error\":{:?}}}", e.to_string()).into_bytes(),
    }
}

/// A JSONL line (see [`jsonl`]).
#[derive(serde::Serialize)]
struct Line<'a> {
    id: &'a str,
    reviewers: &'a [String],
    basis: &'a str,
    text_hash: &'a str,
    status: &'a str,
    fields: &'a Map<String, J>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    evidence: &'a BTreeMap<String, Vec<SpanJson>>,
}

/// `{"id", "reviewers", "basis", "text_hash", "status", "fields", "evidence"}`: `fields` and
/// `evidence` exactly as in the interchange format (reviewed values; null = not mentioned).
pub fn jsonl(c: &Chosen) -> Vec<u8> {
    let p = from_annotation(&c.ann, "vetter export");
    json_line(&Line {
        id: &p.id,
        reviewers: &c.reviewers,
        basis: c.basis.label(),
        text_hash: &c.ann.article.text_hash,
        status: c.ann.status.label(),
        fields: &p.fields,
        evidence: &p.evidence,
    })
}

/// A span of evidence as the spans format gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub value: String,
}

fn collect(
    f: &FieldAnn,
    label: &str,
    text: &[char],
    out: &mut Vec<LabelledSpan>,
    bad: &mut Vec<String>,
) {
    let value = f.value.display();
    for s in &f.evidence {
        let inside = s.start < s.end && s.end <= text.len();
        if s.stale || !inside || text[s.start..s.end].iter().copied().ne(s.quote.chars()) {
            bad.push(format!(
                "evidence of {label} at {}..{} does not quote the text; span left out",
                s.start, s.end
            ));
            continue;
        }
        out.push(LabelledSpan {
            start: s.start,
            end: s.end,
            label: label.to_string(),
            value: value.clone(),
        });
    }
    for r in f.records() {
        for sf in &r.fields {
            collect(sf, &format!("{label}.{}", sf.key), text, out, bad);
        }
    }
}

/// The evidence of `c` as labelled spans (code point offsets, by start), and the spans left
/// out because they no longer quote the text.
pub fn spans_of(c: &Chosen, text: &str) -> (Vec<LabelledSpan>, Vec<String>) {
    let chars: Vec<char> = text.chars().collect();
    let (mut out, mut bad) = (Vec::new(), Vec::new());
    for f in &c.ann.fields {
        collect(f, &f.key, &chars, &mut out, &mut bad);
    }
    out.sort_by_key(|a| (a.start, a.end));
    (out, bad)
}

/// `{"id", "text", "spans": [{"start", "end", "label", "value"}]}`; with `bytes`, offsets in
/// UTF-8 bytes instead of code points.
pub fn spans_line(id: &str, text: &str, spans: &[LabelledSpan], bytes: bool) -> Vec<u8> {
    let byte_at: Vec<usize> = if bytes {
        text.char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect()
    } else {
        Vec::new()
    };
    let off = |p: usize| if bytes { byte_at[p] } else { p };
    let list: Vec<J> = spans
        .iter()
        .map(|s| {
            json!({"start": off(s.start), "end": off(s.end), "label": s.label, "value": s.value})
        })
        .collect();
    let mut m = Map::new();
    m.insert("id".into(), J::String(id.into()));
    m.insert("text".into(), J::String(text.into()));
    m.insert("spans".into(), J::Array(list));
    json_line(&J::Object(m))
}

/// A cell's text: nothing for no value, `not mentioned`, a multi value's choices joined by `;`.
fn cell_text(e: &Entry) -> String {
    match e {
        Entry::Value(Value::Choices(c)) => c.join(";"),
        Entry::Empty => String::new(),
        other => other.display(),
    }
}

/// A CSV cell: a leading `=`, `+`, `-`, `@`, tab or carriage return (what spreadsheets run as
/// a formula) gets a `'` before it; then quoted when it holds a comma, a quote or a line break
/// (RFC 4180, quotes doubled).
pub fn csv_cell(s: &str, out: &mut Vec<u8>) {
    let guard = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = s.contains([',', '"', '\r', '\n']);
    if quote {
        out.push(b'"');
    }
    if guard {
        out.push(b'\'');
    }
    for b in s.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    if quote {
        out.push(b'"');
    }
}

/// One CSV record with its CRLF.
pub fn csv_row<S: AsRef<str>>(cells: &[S], out: &mut Vec<u8>) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        csv_cell(c.as_ref(), out);
    }
    out.extend_from_slice(b"\r\n");
}

/// What a CSV table holds: one row per article (every non-group field), or one per record of a
/// group field.
#[derive(Debug, Clone, Copy)]
pub enum Table<'a> {
    Articles(&'a Schema),
    Records(&'a FieldDef, &'a [FieldDef]),
}

impl Table<'_> {
    pub fn header(&self) -> Vec<String> {
        match self {
            Table::Articles(s) => ["id", "reviewers", "basis", "text_hash"]
                .into_iter()
                .map(String::from)
                .chain(
                    s.fields
                        .iter()
                        .filter(|f| !f.kind.is_group())
                        .map(|f| f.key.clone()),
                )
                .collect(),
            Table::Records(_, subs) => ["id", "record"]
                .into_iter()
                .map(String::from)
                .chain(subs.iter().map(|f| f.key.clone()))
                .collect(),
        }
    }

    /// The rows of one article.
    pub fn rows(&self, c: &Chosen, out: &mut Vec<u8>) {
        let a = &c.ann;
        let of = |fields: &[FieldAnn], key: &str| {
            fields
                .iter()
                .find(|f| f.key == key)
                .map_or_else(String::new, |f| cell_text(&f.value))
        };
        match self {
            Table::Articles(s) => {
                let mut cells = vec![
                    a.article.id.clone(),
                    c.reviewers.join(";"),
                    c.basis.label().to_string(),
                    a.article.text_hash.clone(),
                ];
                cells.extend(
                    s.fields
                        .iter()
                        .filter(|f| !f.kind.is_group())
                        .map(|f| of(&a.fields, &f.key)),
                );
                csv_row(&cells, out);
            }
            Table::Records(def, subs) => {
                let Some(f) = a.field(&def.key) else { return };
                for (i, r) in f.records().iter().enumerate() {
                    let mut cells = vec![a.article.id.clone(), (i + 1).to_string()];
                    cells.extend(subs.iter().map(|s| of(&r.fields, &s.key)));
                    csv_row(&cells, out);
                }
            }
        }
    }
}
