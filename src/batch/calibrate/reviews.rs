//! Labels from reviewers' annotations (`vetter calibrate --from DIR`).
//!
//! For every reviewed field (or record sub-field) that had a suggestion, the article is
//! extracted again for the raw score and cue of the value suggested now. If that value is the
//! one the reviewer saw, the label is whether the reviewer confirmed it (corrected and rejected
//! are wrong); if the rules now suggest another value, the label is whether it equals the value
//! the reviewer settled on. Unreviewed fields, fields without a suggestion then and fields the
//! rules suggest nothing for now are left out. A record of the annotation is matched to the
//! extracted record whose values are the ones it was suggested (the same position first), else
//! to the extracted record at its position; records a reviewer deleted leave no trace, so they
//! give no label.

use super::{extract_raw, CalibrateError};
use crate::domain::annotation::{Annotation, Entry, FieldAnn, FieldState};
use crate::domain::prediction::Prediction;
use crate::domain::schema::{FieldDef, FieldType, Schema};
use crate::eval::counts::same;
use crate::extract::calibration::Sample;
use crate::extract::{Cues, Extractor};
use crate::io::{parse_annotation, Corpus};
use serde_json::Value as J;
use std::path::Path;

/// A suggested value as an annotation holds it (null is "not mentioned"); `None` if it does
/// not fit the field.
fn entry(def: &FieldDef, j: &J) -> Option<Entry> {
    if j.is_null() {
        return Some(Entry::NotMentioned);
    }
    def.value_from_json(j).ok().map(Entry::Value)
}

/// Whether the value suggested now is the reviewer's final value (text compared as eval does).
fn agrees(def: &FieldDef, now: &Entry, fin: &Entry) -> bool {
    match (now, fin) {
        (Entry::Value(a), Entry::Value(b)) => same(&def.kind, b, a),
        (a, b) => a == b,
    }
}

/// The label of one reviewed field given what the rules suggest now (`now`), or `None`.
fn label(def: &FieldDef, fa: &FieldAnn, now: Option<&J>) -> Option<bool> {
    if !fa.state.is_reviewed() {
        return None;
    }
    let seen = &fa.suggestion.as_ref()?.value;
    let now = entry(def, now?)?;
    Some(if &now == seen {
        fa.state == FieldState::Confirmed
    } else {
        agrees(def, &now, &fa.value)
    })
}

struct Labeller<'a> {
    pred: &'a Prediction,
    cues: &'a Cues,
    out: &'a mut Vec<Sample>,
}

impl Labeller<'_> {
    fn push(&mut self, field: String, path: &str, correct: bool) {
        let Some(&raw) = self.pred.confidence.get(path) else {
            return;
        };
        self.out.push(Sample {
            field,
            cue: self.cues.get(path).map_or("", |c| *c).to_string(),
            raw,
            correct,
        });
    }
}

fn annotation(schema: &Schema, ann: &Annotation, lab: &mut Labeller) {
    for fa in &ann.fields {
        let Some(def) = schema.field(&fa.key) else {
            continue;
        };
        let now = lab.pred.fields.get(&fa.key);
        match &def.kind {
            FieldType::Group(subs) => group(def, subs, fa, now, lab),
            _ => {
                if let Some(correct) = label(def, fa, now) {
                    lab.push(fa.key.clone(), &fa.key, correct);
                }
            }
        }
    }
}

fn group(def: &FieldDef, subs: &[FieldDef], fa: &FieldAnn, now: Option<&J>, lab: &mut Labeller) {
    let now: Vec<&serde_json::Map<String, J>> = match now {
        Some(J::Array(items)) => items.iter().filter_map(J::as_object).collect(),
        _ => Vec::new(),
    };
    let mut used = vec![false; now.len()];
    // Whether extracted record `j` holds every value annotated record `rec` was suggested.
    let holds = |rec: &crate::domain::annotation::Record, j: usize| {
        rec.fields.iter().all(|sf| {
            let (Some(sdef), Some(s)) = (subs.iter().find(|d| d.key == sf.key), &sf.suggestion)
            else {
                return true;
            };
            now[j].get(&sf.key).and_then(|v| entry(sdef, v)).as_ref() == Some(&s.value)
        })
    };
    for (ri, rec) in fa.records().iter().enumerate() {
        if !rec.fields.iter().any(|sf| sf.suggestion.is_some()) {
            continue;
        }
        let at = |j: usize| j < now.len() && !used[j];
        let j = if at(ri) && holds(rec, ri) {
            Some(ri)
        } else {
            (0..now.len())
                .find(|&j| at(j) && holds(rec, j))
                .or_else(|| at(ri).then_some(ri))
        };
        let Some(j) = j else { continue };
        used[j] = true;
        for sf in &rec.fields {
            let Some(sdef) = subs.iter().find(|d| d.key == sf.key) else {
                continue;
            };
            if let Some(correct) = label(sdef, sf, now[j].get(&sf.key)) {
                let path = format!("{}[{j}].{}", def.key, sf.key);
                lab.push(format!("{}.{}", def.key, sf.key), &path, correct);
            }
        }
    }
}

/// Labelled raw suggestions from the annotation files (`*.ron`, recursively) under `dir`, with
/// the article texts from `articles`. Files that do not parse, and articles the corpus lacks,
/// are warned about and left out.
pub fn samples_from_reviews(
    extractor: &Extractor,
    schema: &Schema,
    dir: &Path,
    articles: &Path,
) -> Result<(Vec<Sample>, Vec<String>), CalibrateError> {
    let (files, problems) = crate::io::validate::annotation_files(dir);
    let mut warnings: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    let mut anns = Vec::new();
    for f in &files {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                warnings.push(format!("{}: {e}", f.display()));
                continue;
            }
        };
        match parse_annotation(&text, f) {
            Ok(a) => anns.push(a),
            Err(e) => warnings.push(e.to_string()),
        }
    }
    let corpus = Corpus::open(articles)?;
    warnings.extend(corpus.warnings().iter().cloned());
    let ids: Vec<&str> = anns.iter().map(|a| a.article.id.as_str()).collect();
    let raw = extract_raw(extractor, &corpus, &ids, &mut warnings);
    let mut out = Vec::new();
    for (ann, found) in anns.iter().zip(&raw) {
        let Some((pred, cues)) = found else { continue };
        let mut lab = Labeller {
            pred,
            cues,
            out: &mut out,
        };
        annotation(schema, ann, &mut lab);
    }
    Ok((out, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::annotation::{new_record, Suggestion};
    use crate::domain::value::Value;
    use serde_json::json;

    fn sub(
        rec: &mut crate::domain::annotation::Record,
        key: &str,
        seen: Value,
        state: FieldState,
        fin: Entry,
    ) {
        let f = rec.fields.iter_mut().find(|f| f.key == key).unwrap();
        f.suggestion = Some(Suggestion {
            value: Entry::Value(seen),
            confidence: None,
            source: "x".into(),
        });
        f.state = state;
        f.value = fin;
    }

    #[test]
    fn records_are_matched_by_the_values_they_were_suggested() {
        let schema = crate::io::default_schema();
        let FieldType::Group(subs) = &schema.field("participants").unwrap().kind else {
            panic!("participants is a group");
        };
        let text = |s: &str| Value::Text(s.into());
        let choice = |s: &str| Value::Choice(s.into());
        // The reviewer's first record was suggested as Ann Lee (confirmed), female (corrected to
        // male); the second as Bob Roe (rejected), male (not reviewed).
        let mut ann = Annotation::new(&schema, "a", "sha256:0", "ann", "now");
        let (mut r0, mut r1) = (new_record(subs), new_record(subs));
        sub(
            &mut r0,
            "name",
            text("Ann Lee"),
            FieldState::Confirmed,
            Entry::Value(text("Ann Lee")),
        );
        sub(
            &mut r0,
            "gender",
            choice("female"),
            FieldState::Corrected,
            Entry::Value(choice("male")),
        );
        sub(
            &mut r1,
            "name",
            text("Bob Roe"),
            FieldState::Rejected,
            Entry::NotMentioned,
        );
        sub(
            &mut r1,
            "gender",
            choice("male"),
            FieldState::Unreviewed,
            Entry::Value(choice("male")),
        );
        ann.field_mut("participants").unwrap().value = Entry::Records(vec![r0, r1]);
        // The rules now give the two records the other way round.
        let mut pred = Prediction::default();
        pred.fields.insert(
            "participants".into(),
            json!([{"name": "Bob Roe", "gender": "male"}, {"name": "Ann Lee", "gender": "female"}]),
        );
        for (path, c) in [
            ("[0].name", 0.8),
            ("[0].gender", 0.6),
            ("[1].name", 0.7),
            ("[1].gender", 0.5),
        ] {
            pred.confidence.insert(format!("participants{path}"), c);
        }
        let cues: Cues = [("participants[1].gender".to_string(), "said")].into();
        let mut out = Vec::new();
        let mut lab = Labeller {
            pred: &pred,
            cues: &cues,
            out: &mut out,
        };
        annotation(&schema, &ann, &mut lab);
        let got: Vec<(&str, &str, f64, bool)> = out
            .iter()
            .map(|s| (s.field.as_str(), s.cue.as_str(), s.raw, s.correct))
            .collect();
        assert_eq!(
            got,
            [
                ("participants.name", "", 0.7, true),
                ("participants.gender", "said", 0.5, false),
                ("participants.name", "", 0.8, false),
            ]
        );
    }

    #[test]
    fn a_value_the_rules_no_longer_give_is_judged_against_the_final_value() {
        let schema = crate::io::default_schema();
        let def = schema.field("num_killed").unwrap();
        let mut fa = FieldAnn::new("num_killed");
        fa.suggestion = Some(Suggestion {
            value: Entry::Value(Value::Int(5)),
            confidence: None,
            source: "x".into(),
        });
        fa.state = FieldState::Corrected;
        fa.value = Entry::Value(Value::Int(2));
        assert_eq!(label(def, &fa, Some(&json!(2))), Some(true));
        assert_eq!(label(def, &fa, Some(&json!(3))), Some(false));
        // The same value as then: corrected is wrong.
        assert_eq!(label(def, &fa, Some(&json!(5))), Some(false));
        fa.state = FieldState::Confirmed;
        assert_eq!(label(def, &fa, Some(&json!(5))), Some(true));
        // Nothing suggested now, or not reviewed: no label.
        assert_eq!(label(def, &fa, None), None);
        fa.state = FieldState::Unreviewed;
        assert_eq!(label(def, &fa, Some(&json!(5))), None);
    }
}
