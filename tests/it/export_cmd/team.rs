//! `vetter export` on a team: the gold selection, what is left out, pseudonymising with its
//! offsets, and the round trip through `vetter eval --gold`.

use super::*;

/// ann and bob: `adj` settled by the judge, `agreed` the same, `single` bob's alone (ann
/// skipped it), `split` different cities.
fn team(root: &Path) {
    let with_city = |reviewer: &str, city: &str| {
        let mut a = kenosha(reviewer);
        a.field_mut("city").unwrap().value = text(city);
        a
    };
    let as_id = |mut a: Annotation, id: &str| {
        a.article.id = id.into();
        a
    };
    for (id, ann_city, bob_city) in [
        ("adj", "Racine", "Kenosha"),
        ("agreed", "Kenosha", "kenosha"),
        ("split", "Kenosha", "Racine"),
    ] {
        save(root, &as_id(with_city("ann", ann_city), id));
        save(root, &as_id(with_city("bob", bob_city), id));
    }
    let mut skipped = as_id(kenosha("ann"), "single");
    skipped.status = Status::Skipped;
    save(root, &skipped);
    save(root, &as_id(with_city("bob", "Racine"), "single"));
    let mut judged = as_id(with_city("judge", "Kenosha"), "adj");
    judged.adjudication = Some(Adjudication {
        settled: vec!["ann".into(), "bob".into()],
        fields: Vec::new(),
    });
    save(root, &judged);
}

#[test]
fn gold_takes_adjudicated_agreed_or_single_and_reports_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    team(&dir.path().join("annotations"));
    let (code, out, err) = export(dir.path(), &["--gold", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let got: Vec<(String, J, String, String)> = lines(&out)
        .into_iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap().to_string(),
                l["reviewers"].clone(),
                l["basis"].as_str().unwrap().to_string(),
                l["fields"]["city"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let row = |id: &str, who: J, basis: &str, city: &str| {
        (id.to_string(), who, basis.to_string(), city.to_string())
    };
    assert_eq!(
        got,
        [
            row("adj", json!(["judge"]), "adjudicated", "Kenosha"),
            row("agreed", json!(["ann", "bob"]), "agreed", "Kenosha"),
            row("single", json!(["bob"]), "single", "Racine"),
        ]
    );
    assert!(
        err.contains("\"split\" left out: reviewers ann, bob differ on city"),
        "{err}"
    );
    assert!(
        err.contains("exported 3 of 4 articles") && err.contains("left out 1: 1 disagreement"),
        "{err}"
    );
    // Several reviewers and no choice: refused, saying how to choose.
    let (code, out, err) = export(dir.path(), &["--format", "jsonl"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.contains("--reviewer NAME") && err.contains("--gold"),
        "{err}"
    );
    let (code, _, err) = export(dir.path(), &["--reviewer", "zed", "--format", "jsonl"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no reviewer \"zed\" (reviewers: ann, bob, judge)"),
        "{err}"
    );
    // One reviewer's: what they marked done.
    let (code, out, err) = export(dir.path(), &["--reviewer", "ann", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let ids: Vec<J> = lines(&out).into_iter().map(|l| l["id"].clone()).collect();
    assert_eq!(ids, [json!("adj"), json!("agreed"), json!("split")]);
    assert!(err.contains("\"single\" left out: skipped"), "{err}");
}

#[test]
fn articles_missing_from_the_corpus_or_changed_are_left_out_and_nothing_is_clobbered() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("annotations");
    let mut changed = kenosha("ann");
    changed.article.text_hash = "sha256:00".into();
    save(&root, &changed);
    let mut elsewhere = kenosha("ann");
    elsewhere.article.id = "not-a-sample".into();
    save(&root, &elsewhere);
    fs::write(dir.path().join("keep.jsonl"), "old\n").unwrap();
    let corpus = samples();
    let (code, _, err) = export(
        dir.path(),
        &[
            "--format",
            "spans",
            "--corpus",
            corpus.to_str().unwrap(),
            "-o",
            "keep.jsonl",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("{KENOSHA:?} left out: text changed")),
        "{err}"
    );
    assert!(
        err.contains("\"not-a-sample\" left out: not in the corpus"),
        "{err}"
    );
    assert!(err.contains("no annotation to export"), "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("keep.jsonl")).unwrap(),
        "old\n"
    );
}

#[test]
fn pseudonymised_spans_hide_a_minors_name_and_still_quote_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let t = "Police said Mia Wong, 12, was hurt when Officer Dan Roe pushed her. Wong's \
             mother said Mia is afraid. A teen, Leo Park, filmed it; Park is 15. Roe resigned.";
    let corpus = dir.path().join("corpus.jsonl");
    fs::write(&corpus, format!("{}\n", json!({"id": "a", "text": t}))).unwrap();
    let schema = default_schema();
    let mut a = Annotation::new(&schema, "a", &text_hash(t), "ann", "2026-01-01T00:00:00Z");
    a.status = Status::Done;
    let rec = |name: &str, role: &str, age: Option<i64>| Record {
        fields: vec![
            sub("name", text(name), vec![span(t, name)]),
            sub("role", Entry::Value(Value::Choice(role.into())), vec![]),
            sub(
                "age",
                age.map_or(Entry::NotMentioned, |n| Entry::Value(Value::Int(n))),
                vec![],
            ),
        ],
    };
    set(
        &mut a,
        "participants",
        FieldState::Confirmed,
        Entry::Records(vec![
            rec("Dan Roe", "officer", None),
            rec("Leo Park", "bystander", None),
            rec("Mia Wong", "victim", Some(12)),
        ]),
        vec![],
    );
    set(
        &mut a,
        "legal_action",
        FieldState::Corrected,
        text("Wong's mother may sue; Roe resigned"),
        vec![span(t, "Roe resigned")],
    );
    set(
        &mut a,
        "officer_outcome",
        FieldState::Confirmed,
        Entry::Value(Value::Choice("resigned".into())),
        vec![span(t, "Wong's mother said Mia is afraid. A teen")],
    );
    save(&dir.path().join("annotations"), &a);
    let c = corpus.to_str().unwrap();
    let (code, out, err) = export(
        dir.path(),
        &["--format", "spans", "--corpus", c, "--pseudonymise"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 minor(s) pseudonymised"), "{err}");
    let line = &lines(&out)[0];
    let new = line["text"].as_str().unwrap();
    assert_eq!(
        new,
        "Police said [minor 1], 12, was hurt when Officer Dan Roe pushed her. [minor 1]'s \
         mother said [minor 1] is afraid. A teen, [minor 2], filmed it; [minor 2] is 15. Roe resigned."
    );
    let chars: Vec<char> = new.chars().collect();
    let spans = line["spans"].as_array().unwrap();
    assert_eq!(spans.len(), 5);
    for s in spans {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        let at: String = chars[a..b].iter().collect();
        match s["label"].as_str().unwrap() {
            "participants.name" => assert_eq!(at, s["value"].as_str().unwrap()),
            "legal_action" => assert_eq!(at, "Roe resigned"),
            "officer_outcome" => {
                assert_eq!(at, "[minor 1]'s mother said [minor 1] is afraid. A teen")
            }
            other => panic!("{other}"),
        }
    }
    // The values too, in every format.
    let (code, out, err) = export(
        dir.path(),
        &["--format", "jsonl", "--corpus", c, "--pseudonymise"],
    );
    assert_eq!(code, 0, "{err}");
    let line = &lines(&out)[0];
    let names: Vec<&J> = line["fields"]["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["name"])
        .collect();
    assert_eq!(
        names,
        [&json!("Dan Roe"), &json!("[minor 2]"), &json!("[minor 1]")]
    );
    assert_eq!(
        line["fields"]["legal_action"],
        "[minor 1]'s mother may sue; Roe resigned"
    );
    assert_eq!(line["text_hash"], text_hash(new).as_str());
    assert!(
        !out.contains("Wong") && !out.contains("Park") && !out.contains("Mia"),
        "{out}"
    );
}

#[test]
fn a_jsonl_export_is_gold_that_eval_scores_as_the_folder_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("annotations");
    // The bundled example annotations (all done), as ann's; bob's disagree and are not used.
    for f in fs::read_dir(manifest().join("annotations/example")).unwrap() {
        let p = f.unwrap().path();
        let mut a = parse_annotation(&fs::read_to_string(&p).unwrap(), &p).unwrap();
        a.reviewer = "ann".into();
        save(&root, &a);
        a.reviewer = "bob".into();
        a.field_mut("city").unwrap().value = text("Elsewhere");
        save(&root, &a);
    }
    let (code, out, err) = export(dir.path(), &["--reviewer", "ann", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    fs::write(dir.path().join("gold.jsonl"), &out).unwrap();
    let eval = |gold: &Path| -> J {
        let out = vetter(dir.path())
            .args(["eval", "--json", "--gold"])
            .arg(gold)
            .arg("--pred")
            .arg(manifest().join("tests/fixtures/samples.predictions.jsonl"))
            .arg("--corpus")
            .arg(samples())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let from_dir = eval(&root.join("ann"));
    let from_export = eval(&dir.path().join("gold.jsonl"));
    assert_eq!(from_export["articles"]["gold"], 3);
    for key in ["articles", "fields", "micro", "supported_computed"] {
        assert_eq!(from_export[key], from_dir[key], "{key}");
    }
}
