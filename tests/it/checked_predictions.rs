//! Predictions are checked, not coerced: a bad value, confidence or evidence span is dropped
//! alone with a warning naming file:line and the field path, and the rest of the line is kept.
//! The same strict reading serves `vetter eval --pred`.

use assert_cmd::Command;
use serde_json::{json, Value as J};
use std::fs;
use std::path::Path;
use vetter::domain::annotation::{Annotation, Entry};
use vetter::domain::prediction::{self, Prediction};
use vetter::domain::value::{Value, ValueError};
use vetter::eval::{evaluate, GoldRecord};
use vetter::io::{default_schema, load_predictions};

fn int(j: J) -> Result<Value, ValueError> {
    Value::from_json(&vetter::domain::schema::FieldType::Integer, &j)
}

#[test]
fn an_integer_is_an_exact_whole_number_in_range() {
    assert_eq!(int(json!(3)), Ok(Value::Int(3)));
    // JSON cannot tell 3.0 from 3 written as a float: it is accepted (documented).
    assert_eq!(int(json!(3.0)), Ok(Value::Int(3)));
    assert_eq!(int(json!(i64::MAX)), Ok(Value::Int(i64::MAX)));
    assert_eq!(int(json!(-7)), Ok(Value::Int(-7)));
    for bad in [
        json!(1e300),
        json!(1.5),
        json!("3"),
        json!(u64::MAX),
        json!(1e19),
        json!(true),
        json!([3]),
    ] {
        assert!(int(bad.clone()).is_err(), "{bad} was accepted");
    }
}

#[test]
fn text_dates_and_choices_are_strings_and_booleans_are_booleans() {
    let schema = default_schema();
    let kind = |k: &str| schema.field(k).unwrap().kind.clone();
    let city = kind("city");
    assert_eq!(
        Value::from_json(&city, &json!("Reno")),
        Ok(Value::Text("Reno".into()))
    );
    assert!(Value::from_json(&city, &json!({"name": "Reno"})).is_err());
    assert!(Value::from_json(&city, &json!(42)).is_err());
    assert!(Value::from_json(&city, &json!(["Reno"])).is_err());
    assert!(Value::from_json(&kind("incident_date"), &json!(20210304)).is_err());
    let bool_field = schema
        .fields
        .iter()
        .find(|f| f.kind == vetter::domain::schema::FieldType::Boolean)
        .map(|f| f.kind.clone());
    if let Some(b) = bool_field {
        assert_eq!(Value::from_json(&b, &json!(true)), Ok(Value::Bool(true)));
        assert!(Value::from_json(&b, &json!("yes")).is_err());
    }
    let force = kind("force_used");
    assert!(Value::from_json(&force, &json!("taser")).is_err(), "a list");
    assert!(Value::from_json(&force, &json!(["taser", 3])).is_err());
}

/// Writes `lines` as a predictions file and loads it.
fn load(
    lines: &[J],
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    vetter::io::PredictionSet,
) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("p.jsonl");
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    fs::write(&p, text).unwrap();
    let set = load_predictions(&p, &default_schema()).unwrap();
    (d, p, set)
}

fn has(warnings: &[String], prefix: &str, parts: &[&str]) {
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with(prefix) && parts.iter().all(|p| w.contains(p))),
        "no warning {prefix}... with {parts:?} in {warnings:#?}"
    );
}

#[test]
fn bad_values_are_dropped_alone_with_file_line_and_path() {
    let line = json!({
        "id": "a",
        "fields": {
            "num_killed": 1e300,
            "num_injured": -2,
            "city": {"name": "Reno"},
            "state": "Nevada",
            "agency": 7,
            "participants": [{"name": "Ann Lee", "age": -1, "role": "victim"}, {"age": 1.5}, 5],
        },
    });
    let (_d, p, set) = load(&[json!({"id": "z"}), line]);
    let at = format!("{}:2: ", p.display());
    let w = &set.warnings;
    has(w, &at, &["\"num_killed\"", "1e+300", "dropped"]);
    has(w, &at, &["\"num_injured\"", "-2", "minimum 0"]);
    has(w, &at, &["\"city\"", "expected a string"]);
    has(w, &at, &["\"agency\"", "expected a string"]);
    has(w, &at, &["\"participants[0].age\"", "minimum 0"]);
    has(w, &at, &["\"participants[1].age\"", "1.5"]);
    has(w, &at, &["\"participants[2]\"", "record dropped"]);
    let f = &set.get("a").expect("the line is kept").fields;
    assert_eq!(f.get("state"), Some(&json!("Nevada")));
    for gone in ["num_killed", "num_injured", "city", "agency"] {
        assert!(!f.contains_key(gone), "{gone} kept: {f:?}");
    }
    assert_eq!(
        f["participants"],
        json!([{"name": "Ann Lee", "role": "victim"}, {}])
    );
}

#[test]
fn bad_confidence_and_evidence_are_dropped_alone() {
    let line = json!({
        "id": "a",
        "fields": {"state": "Nevada", "city": "Reno", "agency": "Reno PD"},
        "confidence": {"state": -5, "city": 0.5, "agency": "high", "num_killed": 1.5},
        "evidence": {
            "state": [
                {"start": 0, "end": 3},
                {"start": -1, "end": 2},
                {"start": 5, "end": 2},
                {"start": 1.5, "end": 3},
                {"start": 0, "end": 1e300},
                {"start": 0, "end": 2, "quote": 9},
            ],
            "city": [{"start": 4, "end": 8}, {"start": 10, "end": 999}],
            "agency": "0..3",
        },
    });
    let (_d, p, set) = load(&[line]);
    let at = format!("{}:1: ", p.display());
    let w = &set.warnings;
    has(w, &at, &["confidence for \"state\"", "-5", "value kept"]);
    has(w, &at, &["confidence for \"agency\"", "\"high\""]);
    has(w, &at, &["confidence for \"num_killed\"", "1.5"]);
    has(w, &at, &["evidence for \"state\", span 1", "\"start\" -1"]);
    has(w, &at, &["evidence for \"state\", span 2", "5..2"]);
    has(w, &at, &["evidence for \"state\", span 3", "1.5"]);
    has(w, &at, &["evidence for \"state\", span 4", "1e+300"]);
    has(w, &at, &["evidence for \"state\", span 5", "quote"]);
    has(w, &at, &["evidence for \"agency\"", "list of spans"]);
    let pred = set
        .get("a")
        .expect("one bad offset no longer drops the line");
    assert_eq!(pred.fields.len(), 3, "every value is kept");
    assert_eq!(pred.confidence.len(), 1);
    assert_eq!(pred.confidence["city"], 0.5);
    assert_eq!(pred.evidence["state"].len(), 1);
    assert_eq!(pred.evidence["city"].len(), 2);

    // Applied: the values are suggested, the bad confidence is gone (no -500%), and the span
    // past the end of the article is dropped with a problem placed at file:line.
    let text = "Reno, Nevada.";
    let schema = default_schema();
    let mut ann = Annotation::new(&schema, "a", "sha256:x", "t", "now");
    let problems = prediction::apply(pred, &schema, text, &mut ann);
    let state = ann.field("state").unwrap();
    assert_eq!(state.value, Entry::Value(Value::Text("Nevada".into())));
    assert_eq!(state.suggestion.as_ref().unwrap().confidence, None);
    assert_eq!(state.evidence.len(), 1);
    let city = ann.field("city").unwrap();
    assert_eq!(city.suggestion.as_ref().unwrap().confidence, Some(0.5));
    assert_eq!(city.evidence.len(), 1, "{:?}", city.evidence);
    has(
        &problems,
        &at,
        &[
            "evidence for \"city\"",
            "10..999",
            "13 characters",
            "dropped",
        ],
    );
}

#[test]
fn applying_checks_bounds_whatever_made_the_prediction() {
    // A prediction built in memory (as the built-in extractor makes them) is checked too.
    let schema = default_schema();
    let mut p = Prediction {
        id: "a".into(),
        ..Default::default()
    };
    p.fields.insert("num_killed".into(), json!(-3));
    p.fields.insert("num_injured".into(), json!(2));
    let mut ann = Annotation::new(&schema, "a", "sha256:x", "t", "now");
    let problems = prediction::apply(&p, &schema, "text", &mut ann);
    assert!(
        problems.iter().any(|m| m.contains("num_killed")),
        "{problems:?}"
    );
    assert_eq!(ann.field("num_killed").unwrap().value, Entry::Empty);
    assert_eq!(
        ann.field("num_injured").unwrap().value,
        Entry::Value(Value::Int(2))
    );
}

#[test]
fn eval_reads_predictions_as_strictly() {
    let schema = default_schema();
    let gold = [
        GoldRecord::new("a", json!({"num_killed": 1}).as_object().unwrap().clone()),
        GoldRecord::new("b", json!({"num_killed": 0}).as_object().unwrap().clone()),
        GoldRecord::new("c", json!({"num_killed": 2}).as_object().unwrap().clone()),
    ];
    let pred = |id: &str, v: J| Prediction {
        id: id.into(),
        fields: json!({ "num_killed": v }).as_object().unwrap().clone(),
        ..Default::default()
    };
    // 1e300 was read as i64::MAX, -1 passed as a count, "2" was read as 2.
    let preds = [
        pred("a", json!(1e300)),
        pred("b", json!(-1)),
        pred("c", json!("2")),
    ];
    let r = evaluate(&gold, &preds, None, &schema);
    let row = r.row("num_killed").unwrap();
    let c = &row.all;
    assert_eq!((c.tp, c.fp, c.fn_), (0, 3, 3), "{c:?}");
    assert!(
        r.warnings.iter().any(|w| w.contains("minimum 0")),
        "{:#?}",
        r.warnings
    );
}

fn vetter() -> Command {
    Command::cargo_bin("vetter").unwrap()
}

#[test]
fn the_schema_bounds_counts_and_ages_and_the_json_schema_says_so() {
    let out = vetter().args(["schema", "--json-schema"]).output().unwrap();
    assert!(out.status.success());
    let js: J = serde_json::from_slice(&out.stdout).unwrap();
    let props = &js["properties"];
    assert_eq!(props["num_killed"]["minimum"], json!(0));
    assert_eq!(props["num_injured"]["minimum"], json!(0));
    assert_eq!(
        props["participants"]["items"]["properties"]["age"]["minimum"],
        json!(0)
    );
    assert_eq!(props["city"].get("minimum"), None);
    let validator = jsonschema::draft202012::new(&js).unwrap();
    let mut reply = serde_json::Map::new();
    for f in &default_schema().fields {
        reply.insert(f.key.clone(), J::Null);
    }
    reply.insert("num_killed".into(), json!(-1));
    assert!(!validator.is_valid(&J::Object(reply.clone())));
    reply.insert("num_killed".into(), json!(0));
    assert!(validator.is_valid(&J::Object(reply)));
}

fn check_schema(dir: &Path, body: &str) -> std::process::Output {
    let p = dir.join("s.ron");
    fs::write(
        &p,
        format!("(\n  name: \"x\",\n  version: 1,\n  fields: [\n{body}\n  ],\n)\n"),
    )
    .unwrap();
    vetter()
        .args(["schema", "--check"])
        .arg(&p)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn schema_check_knows_min_and_max() {
    let d = tempfile::tempdir().unwrap();
    // Without bounds, as before: still valid.
    let plain = check_schema(d.path(), "    (key: \"n\", label: \"N\", type: Integer),");
    assert!(plain.status.success(), "{plain:?}");
    let both = check_schema(
        d.path(),
        "    (key: \"n\", label: \"N\", type: Integer, min: Some(0), max: Some(10)),",
    );
    assert!(both.status.success(), "{both:?}");
    let on_text = check_schema(
        d.path(),
        "    (key: \"a\", label: \"A\", type: Text),\n    (key: \"t\", label: \"T\", type: Text, min: Some(0)),",
    );
    assert!(!on_text.status.success());
    let err = String::from_utf8_lossy(&on_text.stderr);
    assert!(
        err.contains("s.ron:6:") && err.contains("integer fields"),
        "{err}"
    );
    let crossed = check_schema(
        d.path(),
        "    (key: \"n\", label: \"N\", type: Integer, min: Some(5), max: Some(1)),",
    );
    let err = String::from_utf8_lossy(&crossed.stderr);
    assert!(!crossed.status.success());
    assert!(err.contains("min 5 is more than max 1"), "{err}");
}
