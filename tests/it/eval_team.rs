//! `vetter eval --gold DIR` where DIR holds several reviewers' folders: refused (naming them,
//! and saying how to pick), `--reviewer NAME` scores that reviewer's own annotations,
//! `--gold-adjudicated` the adjudicated ones; one reviewer's folder, or a root with one
//! reviewer, is read as before.
//!
//! The team: `careful` puts the incident in Chicago, `careless` in Springfield (as the
//! predictions do, so as gold it would flatter them); `judge` adjudicated article a1 (Chicago).

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value as J;
use std::path::Path;
use std::time::Duration;
use vetter::domain::annotation::{Adjudication, Annotation, Entry, FieldState, Status};
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

fn ann(id: &str, reviewer: &str, city: &str) -> Annotation {
    let schema = vetter::io::default_schema();
    let mut a = Annotation::new(&schema, id, "sha256:00", reviewer, "2026-01-01T00:00:00Z");
    a.status = Status::Done;
    let f = a.field_mut("city").unwrap();
    f.state = FieldState::Corrected;
    f.value = Entry::Value(Value::Text(city.into()));
    a
}

fn save(root: &Path, a: &Annotation) {
    AnnotationStore::new(root, &a.reviewer).save(a).unwrap();
}

/// The team's annotations under `<tmp>/annotations`, and the predictions `<tmp>/pred.jsonl`.
fn team(tmp: &Path) {
    let root = tmp.join("annotations");
    for id in ["a1", "a2"] {
        save(&root, &ann(id, "careful", "Chicago"));
        save(&root, &ann(id, "careless", "Springfield"));
    }
    let mut settled = ann("a1", "judge", "Chicago");
    settled.adjudication = Some(Adjudication {
        settled: vec!["careful".into(), "careless".into()],
        fields: Vec::new(),
    });
    save(&root, &settled);
    let pred = "{\"id\":\"a1\",\"fields\":{\"city\":\"Springfield\"}}\n\
                {\"id\":\"a2\",\"fields\":{\"city\":\"Springfield\"}}\n";
    std::fs::write(tmp.join("pred.jsonl"), pred).unwrap();
}

/// `vetter eval --json` with these arguments: the city row's (n gold, tp) and the gold count.
fn city(tmp: &Path, args: &[&str]) -> (u64, u64, u64) {
    let out = vetter(tmp)
        .args(["eval", "--pred", "pred.jsonl", "--json"])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let j: J = serde_json::from_slice(&out).unwrap();
    let row = j["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["field"] == "city")
        .unwrap();
    let all = &row["all"];
    (
        all["n_gold"].as_u64().unwrap(),
        all["tp"].as_u64().unwrap(),
        j["articles"]["gold"].as_u64().unwrap(),
    )
}

#[test]
fn a_root_of_several_reviewers_is_refused_and_the_message_says_how_to_pick() {
    let tmp = tempfile::tempdir().unwrap();
    team(tmp.path());
    vetter(tmp.path())
        .args(["eval", "--gold", "annotations", "--pred", "pred.jsonl"])
        .assert()
        .failure()
        .stdout("")
        .stderr(contains(
            "annotations: annotations of 3 reviewers (careful, careless, judge): pick one with \
             --reviewer NAME, or the adjudicated set with --gold-adjudicated (or an exported \
             JSONL)",
        ));
}

#[test]
fn reviewer_picks_that_reviewers_annotations_only() {
    let tmp = tempfile::tempdir().unwrap();
    team(tmp.path());
    // The careful reviewer's gold: Springfield is wrong twice.
    let careful = ["--gold", "annotations", "--reviewer", "careful"];
    assert_eq!(city(tmp.path(), &careful), (2, 0, 2));
    let careless = ["--gold", "annotations", "--reviewer", "careless"];
    assert_eq!(city(tmp.path(), &careless), (2, 2, 2));
    // The adjudicator has no review of their own.
    vetter(tmp.path())
        .args(["eval", "--gold", "annotations", "--pred", "pred.jsonl"])
        .args(["--reviewer", "judge"])
        .assert()
        .failure()
        .stderr(contains("annotations: no gold articles found"));
    vetter(tmp.path())
        .args(["eval", "--gold", "annotations", "--pred", "pred.jsonl"])
        .args(["--reviewer", "nobody"])
        .assert()
        .failure()
        .stderr(contains(
            "annotations: no reviewer \"nobody\" (its reviewers: careful, careless, judge)",
        ));
}

#[test]
fn gold_adjudicated_scores_the_adjudicated_annotations() {
    let tmp = tempfile::tempdir().unwrap();
    team(tmp.path());
    let adjudicated = ["--gold", "annotations", "--gold-adjudicated"];
    assert_eq!(city(tmp.path(), &adjudicated), (1, 0, 1));
    // With a second adjudicator of a1, the first (by folder) counts and the other is named.
    let mut other = ann("a1", "judge2", "Springfield");
    other.adjudication = Some(Adjudication::default());
    save(&tmp.path().join("annotations"), &other);
    assert_eq!(city(tmp.path(), &adjudicated), (1, 0, 1));
    vetter(tmp.path())
        .args(["eval", "--pred", "pred.jsonl"])
        .args(adjudicated)
        .assert()
        .success()
        .stdout(contains(
            "judge2/a1.ron: article \"a1\" is also annotated in",
        ));
}

#[test]
fn one_reviewers_folder_or_a_root_with_one_reviewer_works_as_before() {
    let tmp = tempfile::tempdir().unwrap();
    team(tmp.path());
    let folder = ["--gold", "annotations/careless"];
    assert_eq!(city(tmp.path(), &folder), (2, 2, 2));
    let solo = tmp.path().join("solo");
    save(&solo, &ann("a1", "careful", "Chicago"));
    assert_eq!(city(tmp.path(), &["--gold", "solo"]), (1, 0, 1));
    // An empty folder beside the one reviewer's is no second reviewer.
    std::fs::create_dir(solo.join("newcomer")).unwrap();
    assert_eq!(city(tmp.path(), &["--gold", "solo"]), (1, 0, 1));
}

#[test]
fn picking_flags_need_a_directory_and_exclude_each_other() {
    let tmp = tempfile::tempdir().unwrap();
    team(tmp.path());
    vetter(tmp.path())
        .args(["eval", "--gold", "pred.jsonl", "--pred", "pred.jsonl"])
        .args(["--reviewer", "careful"])
        .assert()
        .failure()
        .stderr(contains(
            "pred.jsonl: --reviewer picks annotations of a directory; this gold is a JSONL file",
        ));
    vetter(tmp.path())
        .args(["eval", "--gold", "annotations", "--pred", "pred.jsonl"])
        .args(["--reviewer", "careful", "--gold-adjudicated"])
        .assert()
        .code(2)
        .stderr(contains("cannot be used with"));
}

#[test]
fn a_file_that_does_not_parse_in_the_picked_folder_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    team(tmp.path());
    let bad = tmp.path().join("annotations/careful/a3.ron");
    std::fs::write(&bad, "(format: 1, not an annotation").unwrap();
    vetter(tmp.path())
        .args(["eval", "--gold", "annotations", "--pred", "pred.jsonl"])
        .args(["--reviewer", "careful"])
        .assert()
        .failure()
        .stderr(contains("careful/a3.ron:1:"));
}
