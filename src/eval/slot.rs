//! Field values as scoring reads them from JSON, and the notes about values that do not fit.

use crate::domain::schema::{FieldDef, FieldType};
use crate::domain::value::{Value, ValueError};
use serde_json::Value as J;
use std::collections::{BTreeMap, BTreeSet};

/// One field of one article, as read from JSON.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Slot {
    Absent,
    Null,
    Val(Value),
    /// A multi value: its choices (a prediction's may include choices the schema does not have).
    Set(BTreeSet<String>),
    /// A predicted value that does not fit the type: always wrong.
    Bad,
}

impl Slot {
    pub(crate) fn has_value(&self) -> bool {
        matches!(self, Slot::Val(_) | Slot::Set(_) | Slot::Bad)
    }
    /// How many TP/FP/FN units the value weighs: its choices for a multi value, else 1.
    pub(crate) fn units(&self) -> usize {
        match self {
            Slot::Set(s) => s.len(),
            Slot::Val(_) | Slot::Bad => 1,
            _ => 0,
        }
    }
    /// A comparable form of the value, for pairing records.
    pub(crate) fn canon(&self) -> Option<String> {
        match self {
            Slot::Val(Value::Text(s)) => Some(super::matching::normalize_text(s)),
            Slot::Val(v) => Some(v.display()),
            Slot::Set(s) => Some(s.iter().cloned().collect::<Vec<_>>().join(",")),
            _ => None,
        }
    }
}

/// Reads a value leniently: null and empty strings or lists are "not mentioned"; a value that does
/// not fit is `Err` with the reason.
fn read_slot(def: &FieldDef, j: Option<&J>) -> Result<Slot, String> {
    let kind = &def.kind;
    let Some(j) = j else {
        return Ok(Slot::Absent);
    };
    if j.is_null() {
        return Ok(Slot::Null);
    }
    match kind {
        FieldType::Multi(_) => {
            let items: Vec<String> = match j {
                J::Array(a) => a
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                    .collect(),
                J::String(s) => s.split(',').map(str::to_string).collect(),
                other => vec![other.to_string()],
            };
            let set: BTreeSet<String> = items
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            Ok(if set.is_empty() {
                Slot::Null
            } else {
                Slot::Set(set)
            })
        }
        FieldType::Group(_) => Err("expected a single value, found a group".into()),
        _ => match def.value_from_json(j) {
            Ok(v) => Ok(Slot::Val(v)),
            Err(ValueError::Empty) => Ok(Slot::Null),
            Err(e) => Err(e.to_string()),
        },
    }
}

/// Problems met while scoring, each counted once with a few examples.
#[derive(Default)]
pub(crate) struct Notes(BTreeMap<String, (usize, Vec<String>)>);

impl Notes {
    pub(crate) fn add(&mut self, what: String, id: &str) {
        let e = self.0.entry(what).or_default();
        e.0 += 1;
        if e.1.len() < 3 && !e.1.iter().any(|x| x == id) {
            e.1.push(id.to_string());
        }
    }
    pub(crate) fn into_lines(self) -> Vec<String> {
        self.0
            .into_iter()
            .map(|(what, (n, ids))| {
                let more = if n > ids.len() { ", ..." } else { "" };
                let s = if n == 1 { "" } else { "s" };
                format!("{what} ({n} time{s}: {}{more})", ids.join(", "))
            })
            .collect()
    }
}

/// Gold's slot: a value that does not fit the schema is noted and counts as no gold value; choices
/// the schema does not have are noted and dropped.
pub(crate) fn gold_slot(
    def: &FieldDef,
    path: &str,
    j: Option<&J>,
    id: &str,
    notes: &mut Notes,
) -> Slot {
    match read_slot(def, j) {
        Ok(Slot::Set(set)) => {
            let FieldType::Multi(choices) = &def.kind else {
                return Slot::Set(set);
            };
            let (ok, bad): (BTreeSet<String>, BTreeSet<String>) =
                set.into_iter().partition(|c| choices.contains(c));
            for c in bad {
                notes.add(format!("gold {path}: {c:?} is not a choice; ignored"), id);
            }
            if ok.is_empty() {
                Slot::Null
            } else {
                Slot::Set(ok)
            }
        }
        Ok(s) => s,
        Err(e) => {
            notes.add(format!("gold {path}: {e}; not scored"), id);
            Slot::Absent
        }
    }
}

/// A prediction's slot: a value that does not fit is noted and counts as a wrong value.
pub(crate) fn pred_slot(
    def: &FieldDef,
    path: &str,
    j: Option<&J>,
    id: &str,
    notes: &mut Notes,
) -> Slot {
    match read_slot(def, j) {
        Ok(Slot::Set(set)) => {
            if let FieldType::Multi(choices) = &def.kind {
                for c in set.iter().filter(|c| !choices.contains(c)) {
                    notes.add(format!("predicted {path}: {c:?} is not a choice"), id);
                }
            }
            Slot::Set(set)
        }
        Ok(s) => s,
        Err(e) => {
            notes.add(format!("predicted {path}: {e}; counted as wrong"), id);
            Slot::Bad
        }
    }
}
