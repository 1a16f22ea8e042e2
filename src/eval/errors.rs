//! The listing of wrong values (`vetter eval --errors`): every item the exact-match accuracy
//! counts as wrong, with the gold value, the prediction and the prediction's evidence.
//!
//! Items are judged as the report's accuracy judges them (see [`crate::eval`]): a scalar or multi
//! field per article, and for a group field each matched pair's sub-fields, each gold record left
//! unpaired and each predicted record left unpaired. A field gold leaves out is not listed.
//!
//! Field paths: `key` for a field of the article; `group[gG,pP].sub` for a sub-field of the pair
//! of gold record G and predicted record P (indices into the files' lists, from 0; the evidence
//! is the prediction's `group[P].sub`); `group[gG]` for a gold record nobody predicted and
//! `group[pP]` for a predicted record that pairs with no gold record.

use super::counts::same;
use super::gold::GoldRecord;
use super::group::{view, Rec};
use super::matching::{pair_records, Pair, RecordView};
use super::slot::{gold_slot, pred_slot, Notes, Slot};
use super::{load, EvalArgs, EvalError};
use crate::domain::prediction::{Prediction, SpanJson};
use crate::domain::schema::{FieldDef, FieldType, Schema};
use crate::domain::text::sanitize_line;
use serde_json::{json, Map, Value as J};
use std::collections::{HashMap, HashSet};

/// How a value is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Gold has a value; the prediction has none (absent or null).
    Missed,
    /// Gold says "not mentioned" (null), or has no such record; the prediction has a value.
    Extra,
    /// Both have a value, and they differ.
    Wrong,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Missed => "missed",
            Kind::Extra => "extra",
            Kind::Wrong => "wrong",
        }
    }
}

/// One wrong value.
#[derive(Debug, Clone, PartialEq)]
pub struct WrongValue {
    pub id: String,
    /// The field path (see the module documentation).
    pub field: String,
    pub kind: Kind,
    /// Gold's value as the file gives it; `None` when gold has none (an unpaired predicted record).
    pub gold: Option<J>,
    /// The predicted value as the file gives it; `None` when absent.
    pub pred: Option<J>,
    /// The prediction's evidence for the value: its spans, with the quoted text.
    pub evidence: Vec<Quote>,
}

/// An evidence span and its text: the span's `quote`, else the article text at the span (when
/// texts are known and the span lies inside), else none.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    pub text: Option<String>,
}

impl WrongValue {
    /// One line, tab-separated: id, field, kind, gold, prediction, evidence. Values are compact
    /// JSON (`-` when there is none), the evidence its quotes as JSON strings separated by spaces
    /// (`start..end` for a span without text, `-` without evidence); every column is sanitized.
    pub fn to_line(&self) -> String {
        let val = |v: &Option<J>| v.as_ref().map_or_else(|| "-".to_string(), J::to_string);
        let ev = if self.evidence.is_empty() {
            "-".to_string()
        } else {
            let q: Vec<String> = self
                .evidence
                .iter()
                .map(|q| match &q.text {
                    Some(t) => J::String(t.clone()).to_string(),
                    None => format!("{}..{}", q.start, q.end),
                })
                .collect();
            q.join(" ")
        };
        let cols = [
            self.id.clone(),
            self.field.clone(),
            self.kind.name().to_string(),
            val(&self.gold),
            val(&self.pred),
            ev,
        ];
        let cols: Vec<String> = cols.iter().map(|c| sanitize_line(c).into_owned()).collect();
        cols.join("\t")
    }

    /// The JSON object of one `--errors --json` line: `id`, `field`, `kind`, `gold` and `pred`
    /// (each left out when there is no value), `evidence` (a list of `{start, end, quote}`).
    pub fn to_json(&self) -> J {
        let mut o = Map::new();
        o.insert("id".into(), json!(self.id));
        o.insert("field".into(), json!(self.field));
        o.insert("kind".into(), json!(self.kind.name()));
        if let Some(g) = &self.gold {
            o.insert("gold".into(), g.clone());
        }
        if let Some(p) = &self.pred {
            o.insert("pred".into(), p.clone());
        }
        let ev: Vec<J> = self
            .evidence
            .iter()
            .map(|q| json!({"start": q.start, "end": q.end, "quote": q.text}))
            .collect();
        o.insert("evidence".into(), J::Array(ev));
        J::Object(o)
    }
}

/// Why a scalar or multi item is wrong, or `None` when it is right or not scored (the same
/// judgement as the accuracy's exact match).
fn judge(kind: &FieldType, g: &Slot, p: &Slot) -> Option<Kind> {
    match (g, p) {
        (Slot::Absent | Slot::Bad, _) => None,
        (Slot::Null, p) => p.has_value().then_some(Kind::Extra),
        (_, Slot::Absent | Slot::Null) => Some(Kind::Missed),
        (Slot::Val(gv), Slot::Val(pv)) if same(kind, gv, pv) => None,
        (Slot::Set(gs), Slot::Set(ps)) if gs == ps => None,
        _ => Some(Kind::Wrong),
    }
}

struct Ctx<'a> {
    id: &'a str,
    pred: &'a Prediction,
    text: Option<Vec<char>>,
    out: &'a mut Vec<WrongValue>,
    notes: Notes,
}

impl Ctx<'_> {
    fn quotes(&self, path: &str) -> Vec<Quote> {
        self.pred
            .evidence
            .get(path)
            .map(|spans| spans.iter().map(|s| self.quote(s)).collect())
            .unwrap_or_default()
    }
    fn quote(&self, s: &SpanJson) -> Quote {
        let from_text = || {
            let t = self.text.as_ref()?;
            (s.start <= s.end && s.end <= t.len()).then(|| t[s.start..s.end].iter().collect())
        };
        Quote {
            start: s.start,
            end: s.end,
            text: s.quote.clone().or_else(from_text),
        }
    }
    fn push(&mut self, field: String, kind: Kind, gold: Option<J>, pred: Option<J>, ev: &str) {
        let evidence = if pred.is_some() {
            self.quotes(ev)
        } else {
            Vec::new()
        };
        self.out.push(WrongValue {
            id: self.id.to_string(),
            field,
            kind,
            gold,
            pred,
            evidence,
        });
    }
}

/// Every wrong value, in the order of the gold file, then of the schema's fields. Gold and
/// predicted ids that appear twice keep their first line, as the report does.
pub fn wrong_values(
    gold: &[GoldRecord],
    pred: &[Prediction],
    texts: Option<&HashMap<String, String>>,
    schema: &Schema,
) -> Vec<WrongValue> {
    let mut by_id: HashMap<&str, &Prediction> = HashMap::new();
    for p in pred {
        by_id.entry(p.id.as_str()).or_insert(p);
    }
    let none = Prediction::default();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for g in gold {
        if !seen.insert(g.id.as_str()) {
            continue;
        }
        let mut cx = Ctx {
            id: &g.id,
            pred: by_id.get(g.id.as_str()).copied().unwrap_or(&none),
            text: texts
                .and_then(|t| t.get(&g.id))
                .map(|t| t.chars().collect()),
            out: &mut out,
            notes: Notes::default(),
        };
        for def in &schema.fields {
            let (gj, pj) = (g.fields.get(&def.key), cx.pred.fields.get(&def.key));
            if let FieldType::Group(subs) = &def.kind {
                group(&mut cx, def, subs, gj, pj);
                continue;
            }
            let gs = gold_slot(def, &def.key, gj, &g.id, &mut cx.notes);
            let ps = pred_slot(def, &def.key, pj, &g.id, &mut cx.notes);
            if let Some(kind) = judge(&def.kind, &gs, &ps) {
                let path = def.key.clone();
                cx.push(path.clone(), kind, gj.cloned(), present(pj), &path);
            }
        }
    }
    out
}

/// A predicted value that counts as one: absent and null are none.
fn present(j: Option<&J>) -> Option<J> {
    j.filter(|j| !j.is_null()).cloned()
}

/// A group's records with their indices in the file's list: `None` when the group is absent;
/// null or anything that is not a list gives none; items that are not objects are skipped.
pub(crate) fn objects(j: Option<&J>) -> Option<Vec<(usize, &Map<String, J>)>> {
    Some(match j? {
        J::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| Some((i, it.as_object()?)))
            .collect(),
        _ => Vec::new(),
    })
}

/// A group's gold and predicted records, read as slots and paired as the scores pair them: what
/// both `--errors` and `--calibration` judge sub-field by sub-field.
pub(crate) struct Paired<'j> {
    /// The records as objects, with their indices in the file's list.
    pub(crate) gobjs: Vec<(usize, &'j Map<String, J>)>,
    pub(crate) pobjs: Vec<(usize, &'j Map<String, J>)>,
    pub(crate) golds: Vec<Rec>,
    pub(crate) preds: Vec<Rec>,
    /// The sub-field holding a person's name, if the group has one.
    pub(crate) name_at: Option<usize>,
    pub(crate) gviews: Vec<RecordView>,
    pub(crate) pviews: Vec<RecordView>,
    pub(crate) pairs: Vec<Pair>,
}

/// `None` when gold has no value for the group (nothing to judge).
pub(crate) fn paired<'j>(
    key: &str,
    subs: &[FieldDef],
    (gj, pj): (Option<&'j J>, Option<&'j J>),
    id: &str,
    notes: &mut Notes,
) -> Option<Paired<'j>> {
    let gobjs = objects(gj)?;
    let pobjs = objects(pj).unwrap_or_default();
    let mut slots = |objs: &[(usize, &Map<String, J>)], gold: bool| -> Vec<Rec> {
        objs.iter()
            .map(|(_, o)| {
                subs.iter()
                    .map(|s| {
                        let (path, j) = (format!("{key}.{}", s.key), o.get(&s.key));
                        if gold {
                            gold_slot(s, &path, j, id, notes)
                        } else {
                            pred_slot(s, &path, j, id, notes)
                        }
                    })
                    .collect()
            })
            .collect()
    };
    let golds = slots(&gobjs, true);
    let preds = slots(&pobjs, false);
    let name_at = subs
        .iter()
        .position(|s| s.key == "name" && s.kind == FieldType::Text);
    let gviews: Vec<_> = golds.iter().map(|r| view(subs, r, name_at)).collect();
    let pviews: Vec<_> = preds.iter().map(|r| view(subs, r, name_at)).collect();
    let pairs = pair_records(&gviews, &pviews);
    Some(Paired {
        gobjs,
        pobjs,
        golds,
        preds,
        name_at,
        gviews,
        pviews,
        pairs,
    })
}

fn group(cx: &mut Ctx, def: &FieldDef, subs: &[FieldDef], gj: Option<&J>, pj: Option<&J>) {
    let key = &def.key;
    let Some(Paired {
        gobjs,
        pobjs,
        golds,
        preds,
        name_at,
        gviews,
        pviews,
        pairs,
    }) = paired(key, subs, (gj, pj), cx.id, &mut cx.notes)
    else {
        return;
    };
    for q in &pairs {
        let ((gi, go), (pi, po)) = (gobjs[q.gold], pobjs[q.pred]);
        for (si, s) in subs.iter().enumerate() {
            let (gs, ps) = (&golds[q.gold][si], &preds[q.pred][si]);
            let kind = if Some(si) == name_at {
                let (gn, pn) = (&gviews[q.gold].name, &pviews[q.pred].name);
                match (gn, pn) {
                    _ if matches!(gs, Slot::Absent) || q.by_name => None,
                    (None, None) => None,
                    (None, Some(_)) => Some(Kind::Extra),
                    (Some(_), None) => Some(Kind::Missed),
                    (Some(_), Some(_)) => Some(Kind::Wrong),
                }
            } else {
                judge(&s.kind, gs, ps)
            };
            if let Some(kind) = kind {
                let (g, p) = (go.get(&s.key).cloned(), present(po.get(&s.key)));
                let field = format!("{key}[g{gi},p{pi}].{}", s.key);
                cx.push(field, kind, g, p, &format!("{key}[{pi}].{}", s.key));
            }
        }
    }
    let strip = |o: &Map<String, J>| {
        let mut o = o.clone();
        o.remove("name_in_text");
        J::Object(o)
    };
    for (i, &(gi, go)) in gobjs.iter().enumerate() {
        if !pairs.iter().any(|q| q.gold == i) {
            cx.push(
                format!("{key}[g{gi}]"),
                Kind::Missed,
                Some(strip(go)),
                None,
                "",
            );
        }
    }
    for (i, &(pi, po)) in pobjs.iter().enumerate() {
        if pairs.iter().any(|q| q.pred == i) {
            continue;
        }
        let prefix = format!("{key}[{pi}].");
        let mut evidence = Vec::new();
        for (path, spans) in &cx.pred.evidence {
            if path.starts_with(&prefix) {
                evidence.extend(spans.iter().map(|s| cx.quote(s)));
            }
        }
        cx.out.push(WrongValue {
            id: cx.id.to_string(),
            field: format!("{key}[p{pi}]"),
            kind: Kind::Extra,
            gold: None,
            pred: Some(J::Object(po.clone())),
            evidence,
        });
    }
}

/// `vetter eval --errors`: writes every wrong value, one line each ([`WrongValue::to_line`]), or
/// with `args.json` one JSON object a line ([`WrongValue::to_json`]). Returns the warnings met
/// reading the files.
pub fn run_errors(args: &EvalArgs, out: &mut dyn std::io::Write) -> Result<Vec<String>, EvalError> {
    let l = load(args)?;
    let wrong = wrong_values(&l.gold, &l.pred, l.texts.as_ref(), &args.schema);
    for w in &wrong {
        let line = if args.json {
            w.to_json().to_string()
        } else {
            w.to_line()
        };
        writeln!(out, "{line}").map_err(EvalError::Write)?;
    }
    Ok(l.warnings)
}
