//! Calibrated confidences: `vetter eval --calibration` on a hand-made gold and predictions pair
//! (every number worked out by hand, the SVG read as XML), `vetter calibrate` from gold and from
//! reviewers' annotations on small generated sets (tables worked out by hand, written into a
//! copy of the schema without touching the rest of it, then applied by `vetter extract`), and
//! schemas with malformed tables refused with a clear message.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::{json, Value as J};
use std::fs;
use std::path::Path;
use std::time::Duration;
use vetter::domain::annotation::{Annotation, Entry, FieldState, Suggestion};
use vetter::domain::value::Value;
use vetter::extract::Extractor;
use vetter::io::{default_schema, to_ron, Corpus, DEFAULT_SCHEMA};

fn vetter(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("vetter").unwrap();
    cmd.current_dir(dir)
        .env("VETTER_CONFIG", dir.join("config"))
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(120));
    cmd
}

const GOLD: &str = r#"{"id": "a1", "fields": {"num_killed": 1, "num_injured": 2, "state": null, "participants": [{"name": "Ann Lee", "role": "victim", "age": 30, "gender": "female"}]}}
{"id": "a2", "fields": {"num_killed": 0}}
"#;

// a1: num_killed right (0.9); num_injured wrong (0.8); state given though gold says not
// mentioned (0.3); Ann Lee paired by name (0.8, right) with the wrong gender (0.6); Carl Dee pairs
// with nobody: its name (0.4) and role (0.5) are wrong. a2: num_killed right (0.95); its city
// is not scored (gold has none).
const PRED: &str = r#"{"id": "a1", "fields": {"num_killed": 1, "num_injured": 3, "state": "Ohio", "participants": [{"name": "Ann Lee", "gender": "male"}, {"name": "Carl Dee", "role": "victim"}]}, "confidence": {"num_killed": 0.9, "num_injured": 0.8, "state": 0.3, "participants[0].name": 0.8, "participants[0].gender": 0.6, "participants[1].name": 0.4, "participants[1].role": 0.5}}
{"id": "a2", "fields": {"num_killed": 0, "city": "X"}, "confidence": {"num_killed": 0.95, "city": 0.5}}
"#;

fn row<'a>(report: &'a J, field: &str) -> &'a J {
    report["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["field"] == field)
        .unwrap_or_else(|| panic!("no row {field} in {report}"))
}

fn near(v: &J, want: f64) -> bool {
    (v.as_f64().unwrap() - want).abs() < 1e-9
}

#[test]
fn eval_calibration_reports_each_field_and_draws_the_bins() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("gold.jsonl"), GOLD).unwrap();
    fs::write(dir.path().join("pred.jsonl"), PRED).unwrap();
    let args = ["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl"];
    let out = vetter(dir.path())
        .args(args)
        .args(["--calibration", "--json", "--plot", "r.svg"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: J = serde_json::from_slice(&out).unwrap();
    let nk = row(&report, "num_killed");
    assert_eq!(nk["n"], 2);
    assert!(near(&nk["mean_confidence"], 0.925) && near(&nk["accuracy"], 1.0));
    assert!(near(&nk["ece"], 0.075), "{nk}");
    // Right at 0.8 (bin 8), wrong at 0.4 (bin 4): (0.2 + 0.4) / 2.
    let name = row(&report, "participants.name");
    assert!(
        near(&name["ece"], 0.3) && near(&name["accuracy"], 0.5),
        "{name}"
    );
    assert!(near(&row(&report, "participants.role")["ece"], 0.5));
    assert!(near(&row(&report, "participants.gender")["ece"], 0.6));
    assert!(near(&row(&report, "state")["ece"], 0.3));
    assert!(!report["fields"].to_string().contains("\"city\""));
    // All 8: bins 9 (two right: 0.15), 8 (one of two right: 0.6), 3, 4, 5, 6 (one wrong each:
    // 0.3, 0.4, 0.5, 0.6); 2.55 / 8.
    let all = row(&report, "all");
    assert_eq!(all["n"], 8);
    assert!(near(&all["ece"], 2.55 / 8.0), "{all}");
    assert!(near(&all["mean_confidence"], 5.25 / 8.0) && near(&all["accuracy"], 3.0 / 8.0));
    let counts: Vec<u64> = all["bins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["n"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [0, 0, 0, 1, 1, 1, 1, 0, 2, 2]);

    // The diagram: one panel (no field has 200 suggestions), ten bins with their counts.
    let svg = fs::read_to_string(dir.path().join("r.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let panels: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("panel"))
        .collect();
    assert_eq!(panels.len(), 1);
    assert_eq!(panels[0].attribute("data-field"), Some("all"));
    let bins: Vec<_> = panels[0]
        .descendants()
        .filter(|n| n.attribute("class") == Some("bin"))
        .collect();
    assert_eq!(bins.len(), 10);
    let written: Vec<String> = bins
        .iter()
        .map(|b| {
            let t = b.children().find(|c| c.has_tag_name("text")).unwrap();
            t.text().unwrap().to_string()
        })
        .collect();
    assert_eq!(written, ["0", "0", "0", "1", "1", "1", "1", "0", "2", "2"]);
    assert_eq!(
        panels[0]
            .descendants()
            .filter(|n| n.attribute("class") == Some("diagonal"))
            .count(),
        1
    );

    // The table, for people.
    vetter(dir.path())
        .args(args)
        .arg("--calibration")
        .assert()
        .success()
        .stdout(contains("participants.gender").and(contains("0.319")));
}

/// `n` copies of one article (ids d0, d1, ...) and what the extractor suggests for its
/// `num_killed`, with the corpus written to `articles.jsonl`.
fn same_articles(dir: &Path, n: usize) -> (Vec<String>, J) {
    let text = "Two people were killed in a shooting on Main Street on Sunday, police said.";
    let ids: Vec<String> = (0..n).map(|i| format!("d{i}")).collect();
    let lines: String = ids
        .iter()
        .map(|id| json!({"id": id, "text": text}).to_string() + "\n")
        .collect();
    let path = dir.join("articles.jsonl");
    fs::write(&path, lines).unwrap();
    let corpus = Corpus::open(&path).unwrap();
    let ex = Extractor::new(&default_schema()).unwrap();
    let pred = ex.extract(&corpus.load(0).unwrap());
    let killed = pred.fields.get("num_killed").cloned();
    let killed = killed.expect("the rules find a number killed").clone();
    assert!(killed.is_i64(), "{killed}");
    (ids, killed)
}

/// The single-point table of `field` in the section (`"*": [(raw, p)]`): its probability.
fn pooled_p(section: &str, field: &str) -> f64 {
    let at = section.find(&format!("{field:?}: {{")).expect(field);
    let rest = &section[at..];
    let pts = &rest[rest.find("\"*\": [").unwrap()..];
    let first = &pts[pts.find('(').unwrap() + 1..pts.find(')').unwrap()];
    assert!(
        pts[..pts.find(']').unwrap()].matches('(').count() == 1,
        "one point: {pts}"
    );
    first.split(", ").nth(1).unwrap().parse().unwrap()
}

#[test]
fn calibrate_from_gold_writes_the_section_and_extract_applies_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (ids, killed) = same_articles(d, 40);
    let k = killed.as_i64().unwrap();
    // Gold agrees with the suggestion on 30 of 40 articles.
    let gold: String = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let n = if i % 4 == 0 { k + 1 } else { k };
            json!({"id": id, "fields": {"num_killed": n}}).to_string() + "\n"
        })
        .collect();
    fs::write(d.join("gold.jsonl"), gold).unwrap();
    fs::write(d.join("schema.ron"), DEFAULT_SCHEMA).unwrap();
    let args = [
        "calibrate",
        "--gold",
        "gold.jsonl",
        "--articles",
        "articles.jsonl",
    ];
    let section = vetter(d)
        .args(args)
        .args(["--schema", "schema.ron"])
        .assert()
        .success()
        .stderr(contains("40 labelled suggestions"))
        .get_output()
        .stdout
        .clone();
    let section = String::from_utf8(section).unwrap();
    assert!(section.starts_with("    calibration: {\n"), "{section}");
    assert_eq!(pooled_p(&section, "num_killed"), 0.75);
    assert_eq!(pooled_p(&section, "*"), 0.75);

    // --write rewrites the section in place; -o writes the same text elsewhere.
    vetter(d)
        .args(args)
        .args(["--schema", "schema.ron", "--write"])
        .assert()
        .success();
    vetter(d)
        .args(args)
        .args(["--schema", "schema.ron", "-o", "copy.ron"])
        .assert()
        .success();
    let written = fs::read_to_string(d.join("schema.ron")).unwrap();
    assert_eq!(fs::read_to_string(d.join("copy.ron")).unwrap(), written);
    assert!(
        written.contains(&section),
        "the printed section is the one written"
    );
    // Everything outside the section is kept byte for byte.
    let start = DEFAULT_SCHEMA.find("    calibration: {").unwrap();
    let end = DEFAULT_SCHEMA.rfind("\n)").unwrap();
    let wstart = written.find("    calibration: {").unwrap();
    let wend = written.rfind("\n)").unwrap();
    assert_eq!(&written[..wstart], &DEFAULT_SCHEMA[..start]);
    assert_eq!(&written[wend..], &DEFAULT_SCHEMA[end..]);
    // Refitting gives the same file.
    vetter(d)
        .args(args)
        .args(["--schema", "schema.ron", "--write"])
        .assert()
        .success();
    assert_eq!(fs::read_to_string(d.join("schema.ron")).unwrap(), written);

    // The extractor with these tables gives the fitted probability.
    let out = vetter(d)
        .args(["extract", "articles.jsonl", "--schema", "schema.ron"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let first: J = serde_json::from_slice(out.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(first["confidence"]["num_killed"], 0.75, "{first}");

    // --write needs a schema file.
    vetter(d)
        .args(args)
        .arg("--write")
        .assert()
        .code(2)
        .stderr(contains("--schema"));
}

#[test]
fn calibrate_from_reviews_labels_what_reviewers_did() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (ids, killed) = same_articles(d, 50);
    let k = killed.as_i64().unwrap();
    let schema = default_schema();
    let ex = Extractor::new(&schema).unwrap();
    let corpus = Corpus::open(&d.join("articles.jsonl")).unwrap();
    fs::create_dir_all(d.join("team/ann")).unwrap();
    for (i, id) in ids.iter().enumerate() {
        let article = corpus.load(i).unwrap();
        let mut ann = Annotation::new(&schema, id, &article.text_hash(), "ann", "2026-01-01");
        let pred = ex.extract(&article);
        let problems = vetter::domain::prediction::apply(&pred, &schema, &article.text, &mut ann);
        assert!(problems.is_empty(), "{problems:?}");
        let fa = ann.field_mut("num_killed").unwrap();
        assert_eq!(fa.value, Entry::Value(Value::Int(k)));
        let int = |n: i64| Entry::Value(Value::Int(n));
        match i {
            // The rules' value now, confirmed (30) or corrected (10).
            0..40 if i % 4 == 0 => (fa.state, fa.value) = (FieldState::Corrected, int(k + 1)),
            0..40 => fa.state = FieldState::Confirmed,
            // Older rules suggested k + 5; the reviewer settled on the value suggested now
            // (right, 4 files), or on another one (wrong, 4 files).
            40..48 => {
                fa.suggestion = Some(Suggestion {
                    value: int(k + 5),
                    confidence: Some(0.5),
                    source: "old".into(),
                });
                fa.state = FieldState::Corrected;
                fa.value = int(if i < 44 { k } else { k + 7 });
            }
            // Not reviewed: no label.
            _ => {}
        }
        fs::write(d.join(format!("team/ann/{id}.ron")), to_ron(&ann)).unwrap();
    }
    fs::write(d.join("team/ann/broken.ron"), "(not an annotation").unwrap();
    let out = vetter(d)
        .args([
            "calibrate",
            "--from",
            "team",
            "--articles",
            "articles.jsonl",
        ])
        .assert()
        .success()
        .stderr(contains("48 labelled suggestions").and(contains("broken.ron")))
        .get_output()
        .stdout
        .clone();
    let section = String::from_utf8(out).unwrap();
    // 30 + 4 right of 48.
    assert_eq!(pooled_p(&section, "num_killed"), 0.708, "{section}");
}

#[test]
fn malformed_tables_are_schema_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let schema = |cal: &str| {
        format!(
            "(name: \"t\", version: 1, fields: [(key: \"n\", label: \"N\", type: Integer)], \
             calibration: {cal})\n"
        )
    };
    let cases = [
        (
            r#"{"n": {"*": [(0.5, 0.2), (0.3, 0.4)]}}"#,
            r#"calibration table "n", cue "*": point 2: raw score 0.3 does not come after 0.5"#,
        ),
        (
            r#"{"n": {"": [(0.5, 1.2)]}}"#,
            "probability 1.2 is not between 0 and 1",
        ),
        (r#"{"m": {"*": [(0.5, 0.2)]}}"#, r#"no field "m""#),
        (r#"{"n": {"*": []}}"#, "no points"),
    ];
    for (cal, want) in cases {
        fs::write(d.join("t.ron"), schema(cal)).unwrap();
        vetter(d)
            .args(["schema", "--check", "t.ron"])
            .assert()
            .code(1)
            .stderr(contains(want).and(contains("t.ron")));
        vetter(d)
            .args(["extract", "articles.jsonl", "--schema", "t.ron"])
            .assert()
            .code(1)
            .stderr(contains(want));
    }
    fs::write(
        d.join("t.ron"),
        schema(r#"{"n": {"*": [(0.3, 0.2), (0.5, 0.4)]}}"#),
    )
    .unwrap();
    vetter(d)
        .args(["schema", "--check", "t.ron"])
        .assert()
        .success();
}
