//! `vetter schema --json-schema` gives a valid draft 2020-12 schema that accepts exactly the
//! `fields` objects vetter itself accepts: what an LLM replies with structured output can go
//! straight into a predictions file.

use assert_cmd::Command;
use serde_json::{json, Value};
use std::path::Path;
use vetter::domain::annotation::Annotation;
use vetter::domain::prediction::{self, Prediction};
use vetter::io::{self, Corpus};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn printed_schema() -> Value {
    let out = Command::cargo_bin("vetter")
        .unwrap()
        .args(["schema", "--json-schema"])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).expect("the JSON Schema is JSON")
}

/// A `fields` object with every schema key: missing keys become null ("not mentioned").
fn complete(fields: &serde_json::Map<String, Value>) -> Value {
    let schema = io::default_schema();
    let mut out = serde_json::Map::new();
    for f in &schema.fields {
        out.insert(
            f.key.clone(),
            fields.get(&f.key).cloned().unwrap_or(Value::Null),
        );
    }
    if let Some(Value::Array(people)) = out.get_mut("participants") {
        let subs = match &schema.field("participants").unwrap().kind {
            vetter::domain::schema::FieldType::Group(s) => s.clone(),
            _ => unreachable!(),
        };
        for p in people.iter_mut().filter_map(Value::as_object_mut) {
            for s in &subs {
                p.entry(s.key.clone()).or_insert(Value::Null);
            }
        }
    }
    Value::Object(out)
}

#[test]
fn the_schema_is_valid_draft_2020_12() {
    let js = printed_schema();
    assert_eq!(
        js["$schema"],
        json!("https://json-schema.org/draft/2020-12/schema")
    );
    assert!(jsonschema::draft202012::meta::is_valid(&js));
    // Fields come in schema order, as a model should fill them.
    let keys: Vec<&String> = js["properties"].as_object().unwrap().keys().collect();
    assert_eq!(keys[0], "incident_date");
    assert_eq!(keys.last().unwrap().as_str(), "legal_action");
}

#[test]
fn predictions_lines_validate_and_vetter_accepts_them() {
    let validator = jsonschema::draft202012::new(&printed_schema()).unwrap();
    let fixture =
        std::fs::read_to_string(root().join("tests/fixtures/samples.predictions.jsonl")).unwrap();
    let corpus = Corpus::open(&root().join("assets/articles")).unwrap();
    let schema = io::default_schema();
    for line in fixture.lines() {
        let pred: Prediction = serde_json::from_str(line).unwrap();
        let reply = complete(&pred.fields);
        let errors: Vec<String> = validator
            .iter_errors(&reply)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", pred.id);
        // The model's reply, as the `fields` of a line, goes into vetter without a problem.
        let as_line = json!({"id": pred.id, "fields": reply});
        let back: Prediction = serde_json::from_value(as_line).unwrap();
        let article = corpus.load(corpus.index_of(&back.id).unwrap()).unwrap();
        let mut ann = Annotation::new(&schema, &back.id, &article.text_hash(), "t", "now");
        let problems = prediction::apply(&back, &schema, &article.text, &mut ann);
        assert!(problems.is_empty(), "{problems:?}");
    }
}

#[test]
fn the_gold_examples_validate_too() {
    let validator = jsonschema::draft202012::new(&printed_schema()).unwrap();
    for entry in std::fs::read_dir(root().join("annotations/example")).unwrap() {
        let path = entry.unwrap().path();
        let ann = io::parse_annotation(&std::fs::read_to_string(&path).unwrap(), &path).unwrap();
        let line = prediction::from_annotation(&ann, "gold");
        let reply = complete(&line.fields);
        let errors: Vec<String> = validator
            .iter_errors(&reply)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn the_schema_rejects_what_vetter_rejects() {
    let validator = jsonschema::draft202012::new(&printed_schema()).unwrap();
    let good = complete(&serde_json::Map::new());
    assert!(validator.is_valid(&good), "all null is a valid reply");
    let bad = |key: &str, v: Value| {
        let mut x = good.clone();
        x[key] = v;
        x
    };
    assert!(!validator.is_valid(&bad("num_killed", json!("two"))));
    assert!(!validator.is_valid(&bad("incident_date", json!("Aug. 27"))));
    assert!(!validator.is_valid(&bad("officer_outcome", json!("retired"))));
    assert!(!validator.is_valid(&bad("force_used", json!(["taser", "laser"]))));
    // A choice given twice passes the schema (strict modes refuse `uniqueItems`); vetter reads
    // it once.
    let twice = vetter::domain::value::Value::from_json(
        &vetter::io::default_schema()
            .field("force_used")
            .unwrap()
            .kind,
        &json!(["taser", "taser"]),
    );
    assert_eq!(
        twice,
        Ok(vetter::domain::value::Value::Choices(vec!["taser".into()]))
    );
    assert!(
        !validator.is_valid(&bad("participants", json!([{"name": "X"}]))),
        "sub-fields are required"
    );
    let mut extra = good.clone();
    extra["weather"] = json!("rain");
    assert!(!validator.is_valid(&extra));
    let mut missing = good.as_object().unwrap().clone();
    missing.remove("city");
    assert!(!validator.is_valid(&Value::Object(missing)));
}

#[test]
fn check_reports_problems_and_accepts_the_default() {
    Command::cargo_bin("vetter")
        .unwrap()
        .args(["schema", "--check"])
        .arg(root().join("assets/schema/incident.ron"))
        .assert()
        .success()
        .stdout(predicates::str::contains("is valid (11 fields)"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(\n  name: \"x\",\n  version: 1,\n  fields: [(key: \"x\", label: \"X\", type: Txt)],\n)\n",
    )
    .unwrap();
    Command::cargo_bin("vetter")
        .unwrap()
        .args(["schema", "--check"])
        .arg(&bad)
        .env("NO_COLOR", "1")
        .assert()
        .failure()
        .stderr(predicates::str::contains(format!("{}:4:", bad.display())));
}
