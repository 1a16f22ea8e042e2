//! The evaluation on the real development set (../shared/eval/gva-dev, never copied here): its
//! gold against itself scores perfectly; a copy damaged in known ways loses exactly what the damage
//! predicts. Skipped, with a note, when the set is absent.

use serde_json::{json, Value as J};
use std::path::{Path, PathBuf};
use vetter::eval::matching::PersonName;
use vetter::eval::{run, EvalArgs};
use vetter::io::default_schema;

use crate::devset;

fn dev_gold() -> Option<PathBuf> {
    devset::file("gold.jsonl")
}

fn eval_json(gold: &Path, pred: &Path) -> J {
    let args = EvalArgs {
        gold: gold.to_path_buf(),
        pred: pred.to_path_buf(),
        corpus: None,
        schema: default_schema(),
        json: true,
        pick: Default::default(),
    };
    let mut out = Vec::new();
    run(&args, &mut out).unwrap();
    serde_json::from_slice(&out).unwrap()
}

fn field<'a>(report: &'a J, name: &str) -> &'a J {
    report["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

/// tp, fp, fn of a row in a view ("all" or "supported").
fn tfn(report: &J, name: &str, view: &str) -> (u64, u64, u64) {
    let c = &field(report, name)[view];
    let n = |k: &str| c[k].as_u64().unwrap();
    (n("tp"), n("fp"), n("fn"))
}

fn n_gold(report: &J, name: &str, view: &str) -> u64 {
    field(report, name)[view]["n_gold"].as_u64().unwrap()
}

#[test]
fn gold_against_itself_is_perfect() {
    let Some(gold) = dev_gold() else { return };
    let args = EvalArgs {
        gold: gold.clone(),
        pred: gold.clone(),
        corpus: None,
        schema: default_schema(),
        json: false,
        pick: Default::default(),
    };
    let mut out = Vec::new();
    run(&args, &mut out).unwrap();
    let table = String::from_utf8(out).unwrap();
    println!("{table}");
    assert!(
        table.contains("63 gold, 63 predicted, 63 with both"),
        "{table}"
    );
    assert!(
        table.contains("articles.jsonl"),
        "texts are found beside the gold: {table}"
    );

    let r = eval_json(&gold, &gold);
    assert_eq!(r["supported_computed"], true);
    assert_eq!(r["articles"]["matched"], 63);
    for row in r["fields"].as_array().unwrap().iter().chain([&r["micro"]]) {
        for view in ["all", "supported"] {
            let c = &row[view];
            assert_eq!((&c["fp"], &c["fn"]), (&json!(0), &json!(0)), "{row}");
            for k in ["precision", "recall", "f1", "accuracy"] {
                assert!(c[k] == 1.0 || c[k].is_null(), "{k} in {row}");
            }
        }
    }
    // Every gva-dev field the schema has is scored; the counts are those of the file.
    assert_eq!(n_gold(&r, "incident_date", "all"), 63);
    assert_eq!(n_gold(&r, "participants", "all"), 291);
    // 216 records have a name, 23 of them only a rank ("Officer"): those are unnamed people.
    assert_eq!(n_gold(&r, "participants.name", "all"), 193);
    assert_eq!(n_gold(&r, "participants.age", "all"), 215);
    // The supported view keeps fewer values: the gold describes incidents, not articles.
    assert!(n_gold(&r, "participants.name", "supported") < 193);
    assert!(n_gold(&r, "state", "supported") < 63);
    // officer_involved is not in the schema: warned about, not scored.
    let w = r["warnings"].to_string();
    assert!(w.contains("officer_involved"), "{w}");
}

/// Whether a gold record names someone: a rank alone ("Officer") is no name.
fn named(p: &J) -> bool {
    p["name"]
        .as_str()
        .is_some_and(|s| PersonName::parse(s).is_some())
}

#[test]
fn damaged_predictions_lose_exactly_the_damage() {
    let Some(gold_path) = dev_gold() else { return };
    let text = std::fs::read_to_string(&gold_path).unwrap();
    let gold: Vec<J> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let n = gold.len() as u64;
    assert_eq!(n, 63);

    let mut lines = Vec::new();
    let (mut city_wrong, mut killed_gone, mut date_null, mut injured_wrong) = (0, 0, 0, 0);
    let (mut dropped, mut dropped_named, mut dropped_age) = (0, 0, 0);
    let (mut age_wrong, mut misspelt) = (0, 0);
    for (i, g) in gold.iter().enumerate() {
        let mut p = json!({"id": g["id"], "fields": g["fields"].clone()});
        let f = p["fields"].as_object_mut().unwrap();
        if i % 7 == 0 {
            f.insert("city".into(), json!("Nowhere"));
            city_wrong += 1;
        }
        if i % 5 == 1 {
            f.remove("num_killed");
            killed_gone += 1;
        }
        if i % 4 == 2 {
            f.insert("incident_date".into(), J::Null);
            date_null += 1;
        }
        if i % 6 == 3 {
            let k = f["num_injured"].as_i64().unwrap();
            f.insert("num_injured".into(), json!(k + 1));
            injured_wrong += 1;
        }
        let people = f["participants"].as_array_mut().unwrap();
        if i % 3 == 0 {
            // The last participant goes missing: one record, and its name and age if any.
            if let Some(last) = people.pop() {
                dropped += 1;
                dropped_named += u64::from(named(&last));
                dropped_age += u64::from(!last["age"].is_null());
            }
        } else if i % 3 == 1 {
            // A named person's age is off by one (named, so the record still pairs by name).
            if let Some(p) = people.iter_mut().find(|p| named(p) && !p["age"].is_null()) {
                p["age"] = json!(p["age"].as_i64().unwrap() + 1);
                age_wrong += 1;
            }
        } else {
            // A long surname misspelt by one letter still pairs by name, and counts as right.
            let long_surname = |p: &J| {
                p["name"]
                    .as_str()
                    .and_then(|s| s.rsplit_once(' '))
                    .map(|(_, surname)| surname)
                    .is_some_and(|s| s.len() >= 6 && s.chars().all(|c| c.is_ascii_alphabetic()))
            };
            if let Some(p) = people.iter_mut().find(|p| long_surname(p)) {
                let name = p["name"].as_str().unwrap();
                let (given, surname) = name.rsplit_once(' ').unwrap();
                let mut s: Vec<char> = surname.chars().collect();
                s[2] = if s[2] == 'x' { 'y' } else { 'x' };
                p["name"] = json!(format!("{given} {}", s.into_iter().collect::<String>()));
                misspelt += 1;
            }
        }
        lines.push(p.to_string());
    }
    assert!(dropped > 0 && dropped_named > 0 && age_wrong > 0 && misspelt > 0);
    let d = tempfile::tempdir().unwrap();
    let pred = d.path().join("damaged.jsonl");
    std::fs::write(&pred, lines.join("\n")).unwrap();

    let r = eval_json(&gold_path, &pred);
    // Wrong value: FP and FN. Missing or null value: FN only.
    assert_eq!(
        tfn(&r, "city", "all"),
        (n - city_wrong, city_wrong, city_wrong)
    );
    assert_eq!(
        tfn(&r, "num_killed", "all"),
        (n - killed_gone, 0, killed_gone)
    );
    assert_eq!(
        tfn(&r, "incident_date", "all"),
        (n - date_null, 0, date_null)
    );
    assert_eq!(
        tfn(&r, "num_injured", "all"),
        (n - injured_wrong, injured_wrong, injured_wrong)
    );
    let acc = |name: &str| field(&r, name)["all"]["accuracy"].as_f64().unwrap();
    assert!((acc("city") - (n - city_wrong) as f64 / n as f64).abs() < 1e-12);
    assert!((acc("state") - 1.0).abs() < 1e-12);
    // Dropped records are missed records and, when named, missed names.
    assert_eq!(tfn(&r, "participants", "all"), (291 - dropped, 0, dropped));
    assert_eq!(
        tfn(&r, "participants.name", "all"),
        (193 - dropped_named, 0, dropped_named)
    );
    // Sub-fields are scored over paired records only: the dropped ones leave them; the ages off
    // by one are FP and FN.
    assert_eq!(
        tfn(&r, "participants.age", "all"),
        (215 - dropped_age - age_wrong, age_wrong, age_wrong)
    );
    for sub in [
        "participants.role",
        "participants.gender",
        "participants.status",
    ] {
        let (_, fp, fn_) = tfn(&r, sub, "all");
        assert_eq!((fp, fn_), (0, 0), "{sub}");
    }
    // Untouched fields stay perfect.
    assert_eq!(tfn(&r, "state", "all"), (n, 0, 0));
    // In the supported view a wrong city is still an FP and an FN, on fewer articles.
    let (tp, fp, fn_) = tfn(&r, "city", "supported");
    assert_eq!(fp, fn_);
    assert!(fp <= city_wrong);
    assert_eq!(tp + fn_, n_gold(&r, "city", "supported"));
}
