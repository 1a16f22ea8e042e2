//! `vetter agree` with teams: participants aligned across three reviewers, adjudications left
//! out, another schema version, hostile ids and names.

use super::{ann, field, json_of, save, set, stdout_of, text, vetter, J};
use predicates::str::contains;
use std::path::Path;
use vetter::domain::annotation::{Adjudication, Entry, FieldAnn, FieldState, Record};
use vetter::domain::value::Value;

/// A participant record with a name, a role and an age.
fn person(name: &str, role: &str, age: i64) -> Record {
    let sub = |key: &str, value: Value| FieldAnn {
        key: key.into(),
        state: FieldState::Corrected,
        value: Entry::Value(value),
        ..FieldAnn::default()
    };
    Record {
        fields: vec![
            sub("name", Value::Text(name.into())),
            sub("role", Value::Choice(role.into())),
            sub("age", Value::Int(age)),
        ],
    }
}

#[test]
fn participants_are_aligned_and_an_unaligned_record_disagrees() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("annotations");
    let mut a = ann("a1", "ann");
    set(
        &mut a,
        "participants",
        Entry::Records(vec![
            person("Officer John Smith", "officer", 30),
            person("Jane Doe", "victim", 17),
        ]),
    );
    save(&root, &a);
    let mut b = ann("a1", "bob");
    // Bob lists Jane Doe first and gives Smith another age.
    set(
        &mut b,
        "participants",
        Entry::Records(vec![
            person("Jane Doe", "victim", 17),
            person("Sgt. John Smith", "officer", 31),
        ]),
    );
    save(&root, &b);
    let mut c = ann("a1", "cy");
    // Cy has only Smith.
    set(
        &mut c,
        "participants",
        Entry::Records(vec![person("John Smith", "officer", 30)]),
    );
    save(&root, &c);
    let j = json_of(vetter(tmp.path()).arg("agree"));
    // Two aligned records: Smith (all three have him), Doe (cy has no record of her).
    let recs = field(&j, "participants");
    assert_eq!(recs["units"], 2);
    assert_eq!(recs["values"], 6);
    // Pairs: Smith 3 of 3 equal; Doe: ann-bob equal, ann-cy and bob-cy not: 4 of 6.
    assert!((recs["observed_agreement"].as_f64().unwrap() - 4.0 / 6.0).abs() < 1e-9);
    // Names are compared normalised: ranks dropped, so all agree.
    assert_eq!(field(&j, "participants.name")["observed_agreement"], 1.0);
    let age = field(&j, "participants.age");
    assert_eq!(age["metric"], "interval");
    // Smith: 30, 31, 30 (one unit of 3); Doe: 17, 17: 1 + 1 equal pairs of 3 + 1.
    assert_eq!(
        (age["units"].as_u64(), age["values"].as_u64()),
        (Some(2), Some(5))
    );
    assert_eq!(age["observed_agreement"], 0.5);
    assert_eq!(
        j["disagreements"][0]["fields"],
        serde_json::json!(["participants", "participants.age"])
    );
    assert_eq!(j["pairs"].as_array().unwrap().len(), 3);
}

#[test]
fn adjudicated_annotations_are_not_reviews() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("annotations");
    let mut a = ann("a1", "ann");
    set(&mut a, "city", text("Gary"));
    save(&root, &a);
    let mut judge = ann("a1", "judge");
    set(&mut judge, "city", text("Chicago"));
    judge.adjudication = Some(Adjudication {
        settled: vec!["ann".into()],
        fields: Vec::new(),
    });
    save(&root, &judge);
    vetter(tmp.path())
        .arg("agree")
        .assert()
        .code(1)
        .stderr(contains("no article was marked done by two reviewers"));
}

#[test]
fn another_schema_names_the_fields_and_older_annotations_are_migrated() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("annotations");
    // Version 1 annotations; version 2 renames agency to law_enforcement_agency.
    for (who, agency) in [("ann", "Kenosha Police"), ("bob", "Kenosha County Sheriff")] {
        for id in ["a1", "a2"] {
            let mut a = ann(id, who);
            set(&mut a, "agency", text(agency));
            set(&mut a, "legal_action", text("none"));
            save(&root, &a);
        }
    }
    let v2 = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/schema/examples/incident-v2.ron");
    let mut cmd = vetter(tmp.path());
    let j = json_of(cmd.args(["agree", "--schema"]).arg(&v2));
    assert_eq!(j["schema"], "incident v2");
    let agency = field(&j, "law_enforcement_agency");
    assert_eq!(agency["values"], 4);
    assert_eq!(agency["observed_agreement"], 0.0);
    let names: Vec<&str> = j["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        !names.contains(&"agency") && !names.contains(&"legal_action"),
        "{names:?}"
    );
    // With the default (version 1) schema the same files compare under the old name.
    let j = json_of(vetter(tmp.path()).arg("agree"));
    assert_eq!(field(&j, "agency")["values"], 4);
    assert_eq!(j["schema"], "incident v1");
}

#[test]
fn ids_and_reviewer_names_are_printed_safely() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("annotations");
    let id = "evil\u{1b}]0;title\u{7}\u{202e}";
    for (who, city) in [("ann\u{1b}[31m", "Chicago"), ("bob", "Gary")] {
        let mut a = ann(id, who);
        set(&mut a, "city", text(city));
        save(&root, &a);
    }
    let out = vetter(tmp.path())
        .arg("agree")
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout:?}"
    );
    assert!(!stdout.contains('\u{202e}'), "{stdout:?}");
    assert!(stdout.contains("⟨U+202E⟩"), "{stdout}");
    // JSON keeps the id, escaped.
    let raw = stdout_of(vetter(tmp.path()).args(["agree", "--json"]));
    assert!(
        !raw.contains('\u{1b}') && !raw.contains('\u{202e}'),
        "{raw:?}"
    );
    let j: J = serde_json::from_str(&raw).unwrap();
    assert_eq!(j["disagreements"][0]["id"], id);
}
