//! `vetter agree`: annotations of two reviewers made for the test, with known disagreements,
//! checked in the table and in `--json`; alpha undefined where it must be; an unreadable file
//! named and counted; no comparable article; a corpus. More in `team`.

mod team;

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value as J;
use std::fs;
use std::path::Path;
use std::time::Duration;
use vetter::domain::annotation::{Annotation, Entry, FieldState, Status};
use vetter::domain::value::Value;
use vetter::io::AnnotationStore;

fn vetter(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("vetter").unwrap();
    cmd.current_dir(cwd)
        .env("VETTER_CONFIG", cwd.join("config"))
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60));
    cmd
}

fn ann(id: &str, reviewer: &str) -> Annotation {
    let schema = vetter::io::default_schema();
    let mut a = Annotation::new(&schema, id, "sha256:00", reviewer, "2026-01-01T00:00:00Z");
    a.status = Status::Done;
    a
}

fn set(a: &mut Annotation, key: &str, value: Entry) {
    let f = a.field_mut(key).unwrap();
    f.state = FieldState::Corrected;
    f.value = value;
}

fn text(s: &str) -> Entry {
    Entry::Value(Value::Text(s.into()))
}

fn save(root: &Path, a: &Annotation) {
    AnnotationStore::new(root, &a.reviewer).save(a).unwrap();
}

/// ann and bob mark a1, a2, a3 done with the same city and killed count, except that bob gives
/// a3 another city ("Chicago" vs "Gary"). Spelling differences that eval ignores are no
/// disagreement (a1: "Kenosha" vs "kenosha,").
fn two_reviewers(root: &Path) {
    for (id, city_a, city_b, killed) in [
        ("a1", "Kenosha", "kenosha,", 0),
        ("a2", "Farmington", "Farmington", 1),
        ("a3", "Chicago", "Gary", 2),
    ] {
        for (who, city) in [("ann", city_a), ("bob", city_b)] {
            let mut a = ann(id, who);
            set(&mut a, "city", text(city));
            set(&mut a, "num_killed", Entry::Value(Value::Int(killed)));
            save(root, &a);
        }
    }
}

fn cells(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn json_of(cmd: &mut Command) -> J {
    serde_json::from_str(&stdout_of(cmd.arg("--json"))).unwrap()
}

fn field<'a>(j: &'a J, name: &str) -> &'a J {
    j["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {j}"))
}

fn row<'a>(out: &'a str, first: &str) -> Vec<&'a str> {
    let line = out
        .lines()
        .find(|l| l.split_whitespace().next() == Some(first))
        .unwrap_or_else(|| panic!("no row {first} in\n{out}"));
    cells(line)
}

#[test]
fn one_disagreement_on_one_field_is_counted_and_its_article_listed() {
    let tmp = tempfile::tempdir().unwrap();
    two_reviewers(&tmp.path().join("annotations"));
    let out = stdout_of(vetter(tmp.path()).arg("agree"));
    let head = cells(out.lines().next().unwrap());
    assert_eq!(
        head,
        [
            "field",
            "type",
            "metric",
            "articles",
            "units",
            "values",
            "agreement",
            "alpha"
        ]
    );
    // 3 units, 6 values, 2 of 3 agree. Nominal alpha: values chicago, gary once, farmington and
    // kenosha twice; D_o = 2/6, D_e = (36 - 1 - 1 - 4 - 4)/30 = 26/30; alpha = 1 - 10/26.
    assert_eq!(
        row(&out, "city"),
        ["city", "text", "nominal", "3", "3", "6", "66.7%", "0.615"]
    );
    // Interval, all equal within units: alpha 1.
    assert_eq!(
        row(&out, "num_killed"),
        [
            "num_killed",
            "integer",
            "interval",
            "3",
            "3",
            "6",
            "100.0%",
            "1.000"
        ]
    );
    // Fields nobody reviewed are not compared, and say why alpha is undefined.
    assert_eq!(
        row(&out, "agency"),
        [
            "agency",
            "text",
            "nominal",
            "0",
            "0",
            "0",
            "-",
            "undefined (no unit coded twice)"
        ]
    );
    assert_eq!(row(&out, "force_used")[2], "MASI");
    // The pair: 6 units both coded, 5 agree; alphas defined for city and num_killed, of the 16 rows.
    assert_eq!(
        row(&out, "ann"),
        ["ann / bob", "3", "6", "83.3%", "0.808", "2 of 16"]
    );
    assert_eq!(row(&out, "a3"), ["a3", "1", "city"]);
    assert!(!out.contains("\na1 "), "{out}");

    let j = json_of(vetter(tmp.path()).arg("agree"));
    let city = field(&j, "city");
    assert_eq!(city["articles"], 3);
    assert_eq!(city["units"], 3);
    assert_eq!(city["values"], 6);
    assert!((city["observed_agreement"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert!((city["alpha"].as_f64().unwrap() - (1.0 - 10.0 / 26.0)).abs() < 1e-9);
    assert_eq!(city["undefined"], J::Null);
    assert_eq!(j["articles"]["compared"], 3);
    assert_eq!(j["reviewers"], serde_json::json!(["ann", "bob"]));
    assert_eq!(j["disagreements"].as_array().unwrap().len(), 1);
    assert_eq!(j["disagreements"][0]["id"], "a3");
    assert_eq!(j["disagreements"][0]["fields"], serde_json::json!(["city"]));
    assert_eq!(
        j["disagreements"][0]["reviewers"],
        serde_json::json!(["ann", "bob"])
    );
    let pair = &j["pairs"][0];
    assert_eq!(pair["reviewers"], serde_json::json!(["ann", "bob"]));
    assert_eq!(
        (pair["values"].as_u64(), pair["agreed"].as_u64()),
        (Some(6), Some(5))
    );
}

#[test]
fn one_article_with_one_disagreement_has_alpha_undefined_not_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("annotations");
    for (who, city) in [("ann", "Chicago"), ("bob", "Gary")] {
        let mut a = ann("a1", who);
        set(&mut a, "city", text(city));
        save(&root, &a);
    }
    let out = stdout_of(vetter(tmp.path()).arg("agree"));
    assert_eq!(
        row(&out, "city"),
        [
            "city",
            "text",
            "nominal",
            "1",
            "1",
            "2",
            "0.0%",
            "undefined (one unit)"
        ]
    );
    let j = json_of(vetter(tmp.path()).arg("agree"));
    let city = field(&j, "city");
    assert_eq!(city["alpha"], J::Null);
    assert_eq!(city["undefined"], "one unit");
    assert_eq!(
        (city["units"].as_u64(), city["values"].as_u64()),
        (Some(1), Some(2))
    );
}

#[test]
fn not_mentioned_is_a_value_and_unreviewed_is_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("annotations");
    for id in ["a1", "a2"] {
        let mut a = ann(id, "ann");
        set(&mut a, "agency", text("Kenosha Police"));
        a.field_mut("city").unwrap().state = FieldState::Rejected;
        save(&root, &a);
        let mut b = ann(id, "bob");
        // a2: bob says the article does not mention the agency: a disagreement.
        if id == "a2" {
            b.field_mut("agency").unwrap().state = FieldState::Rejected;
        } else {
            set(&mut b, "agency", text("Kenosha police"));
        }
        b.field_mut("city").unwrap().state = FieldState::Rejected;
        save(&root, &b);
    }
    let j = json_of(vetter(tmp.path()).arg("agree"));
    let agency = field(&j, "agency");
    assert_eq!(agency["values"], 4);
    assert_eq!(agency["observed_agreement"], 0.5);
    // Both said "not mentioned" for city twice: agreement, but no variation.
    let city = field(&j, "city");
    assert_eq!(city["observed_agreement"], 1.0);
    assert_eq!(city["undefined"], "no variation");
    assert_eq!(city["units"], 2);
    // Unreviewed everywhere: nothing to compare.
    assert_eq!(field(&j, "state")["values"], 0);
    assert_eq!(j["disagreements"][0]["id"], "a2");
    assert_eq!(
        j["disagreements"][0]["fields"],
        serde_json::json!(["agency"])
    );
}

#[test]
fn unreadable_files_are_named_and_counted_not_fatal() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("annotations");
    two_reviewers(&root);
    fs::write(root.join("bob").join("broken.ron"), "(format: 2,\n  oops").unwrap();
    vetter(tmp.path())
        .arg("agree")
        .assert()
        .success()
        .stderr(contains("broken.ron:2:"))
        .stderr(contains("1 unreadable file(s)"));
    let j = json_of(vetter(tmp.path()).arg("agree"));
    assert_eq!(j["unreadable_files"], 1);
}

#[test]
fn no_article_done_by_two_reviewers_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("annotations");
    save(&root, &ann("a1", "ann"));
    let mut b = ann("a1", "bob");
    b.status = Status::InProgress;
    save(&root, &b);
    vetter(tmp.path())
        .arg("agree")
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("no article was marked done by two reviewers"))
        .stderr(contains("1 done by one only"));
    vetter(tmp.path())
        .args(["agree", "missing"])
        .assert()
        .code(1)
        .stderr(contains("missing"));
}

#[test]
fn a_corpus_restricts_the_articles() {
    let tmp = tempfile::tempdir().unwrap();
    two_reviewers(&tmp.path().join("annotations"));
    let corpus = tmp.path().join("corpus.jsonl");
    fs::write(
        &corpus,
        "{\"id\": \"a1\", \"text\": \"x\"}\n{\"id\": \"a3\", \"text\": \"y\"}\n",
    )
    .unwrap();
    let j = json_of(vetter(tmp.path()).args(["agree", "--corpus"]).arg(&corpus));
    assert_eq!(j["articles"]["compared"], 2);
    assert_eq!(j["articles"]["not_in_corpus"], 1);
    assert_eq!(field(&j, "city")["units"], 2);
}
