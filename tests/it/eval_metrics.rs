//! Evaluation arithmetic on tiny gold and prediction sets, every expected number computed by hand
//! in the comments; then loading (JSONL, annotation directories) and the report's two formats.

use serde_json::{json, Map, Value as J};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use vetter::domain::annotation::{Annotation, Entry, FieldState};
use vetter::domain::prediction::Prediction;
use vetter::domain::value::Value;
use vetter::eval::{evaluate, run, Counts, EvalArgs, EvalError, GoldRecord, Report};
use vetter::io::default_schema;

fn obj(j: J) -> Map<String, J> {
    match j {
        J::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

fn gold(id: &str, fields: J) -> GoldRecord {
    GoldRecord::new(id, obj(fields))
}

fn pred(id: &str, fields: J) -> Prediction {
    Prediction {
        id: id.into(),
        fields: obj(fields),
        ..Default::default()
    }
}

fn row<'a>(r: &'a Report, field: &str) -> &'a Counts {
    &r.row(field).unwrap_or_else(|| panic!("no row {field}")).all
}

fn sup<'a>(r: &'a Report, field: &str) -> &'a Counts {
    r.row(field)
        .and_then(|f| f.supported.as_ref())
        .unwrap_or_else(|| panic!("no supported row {field}"))
}

/// Checks the counts, then precision, recall, F1 and accuracy (None = undefined).
fn check(
    c: &Counts,
    (n_gold, tp, fp, fn_): (usize, usize, usize, usize),
    (acc_correct, acc_n): (usize, usize),
    p: Option<f64>,
    r: Option<f64>,
    f1: Option<f64>,
    acc: Option<f64>,
) {
    let got = (c.n_gold, c.tp, c.fp, c.fn_, c.acc_correct, c.acc_n);
    assert_eq!(got, (n_gold, tp, fp, fn_, acc_correct, acc_n), "{c:?}");
    let close = |a: Option<f64>, b: Option<f64>, what: &str| match (a, b) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{what}: {a} != {b} in {c:?}"),
        (a, b) => assert_eq!(a, b, "{what} in {c:?}"),
    };
    close(c.precision(), p, "precision");
    close(c.recall(), r, "recall");
    close(c.f1(), f1, "f1");
    close(c.accuracy(), acc, "accuracy");
}

#[test]
fn scalar_fields() {
    let schema = default_schema();
    let g = [
        gold(
            "a1",
            json!({"city": "Chicago (Roseland)", "num_killed": 1, "num_injured": 2}),
        ),
        gold(
            "a2",
            json!({"city": "Reno", "num_killed": 0, "num_injured": 0}),
        ),
        gold("a3", json!({"city": null, "num_killed": 2})),
        gold(
            "a4",
            json!({"num_killed": 3, "incident_date": "2021-03-04"}),
        ),
    ];
    let p = [
        pred(
            "a1",
            json!({"city": "chicago", "num_killed": 1, "num_injured": "two"}),
        ),
        pred("a2", json!({"city": "Sparks", "num_injured": "0"})),
        pred("a3", json!({"city": null, "num_killed": 3})),
        pred(
            "a4",
            json!({"city": "Vegas", "num_killed": null, "incident_date": "2021-03-05"}),
        ),
    ];
    let r = evaluate(&g, &p, None, &schema);
    assert_eq!(
        (r.articles.gold, r.articles.predicted, r.articles.matched),
        (4, 4, 4)
    );
    // city: a1 TP ("chicago" = "Chicago (Roseland)"); a2 wrong: FP + FN; a3 null/null: exact;
    // a4 gold absent (not annotated): "Vegas" is not scored. TP 1, FP 1, FN 1; 2 gold values.
    // P = 1/2, R = 1/2, F1 = 2/(2+1+1) = 0.5; accuracy over a1..a3 (gold has the key) = 2/3.
    check(
        row(&r, "city"),
        (2, 1, 1, 1),
        (2, 3),
        Some(0.5),
        Some(0.5),
        Some(0.5),
        Some(2.0 / 3.0),
    );
    assert_eq!(row(&r, "city").n_pred, 2);
    // num_killed: a1 TP; a2 absent: FN; a3 3 for 2: FP + FN; a4 null for 3: FN.
    // TP 1, FP 1, FN 3. P = 1/2, R = 1/4, F1 = 2/(2+1+3) = 1/3, accuracy 1/4.
    check(
        row(&r, "num_killed"),
        (4, 1, 1, 3),
        (1, 4),
        Some(0.5),
        Some(0.25),
        Some(1.0 / 3.0),
        Some(0.25),
    );
    // num_injured: a1 "two" does not fit an integer: FP + FN; a2 "0" is a string, not a number,
    // so it does not fit either (values are checked, not coerced): FP + FN.
    // a3, a4: no gold, no prediction. P = R = F1 = accuracy = 0.
    check(
        row(&r, "num_injured"),
        (2, 0, 2, 2),
        (0, 2),
        Some(0.0),
        Some(0.0),
        Some(0.0),
        Some(0.0),
    );
    assert!(
        r.warnings.iter().any(|w| w.contains("num_injured")),
        "{:#?}",
        r.warnings
    );
    // incident_date: one wrong date: FP + FN. P = R = F1 = 0, accuracy 0/1.
    check(
        row(&r, "incident_date"),
        (1, 0, 1, 1),
        (0, 1),
        Some(0.0),
        Some(0.0),
        Some(0.0),
        Some(0.0),
    );
    // state: nothing on either side: everything undefined.
    check(
        row(&r, "state"),
        (0, 0, 0, 0),
        (0, 0),
        None,
        None,
        None,
        None,
    );
    // No texts: no supported view.
    assert!(!r.supported_computed);
    assert!(r.fields.iter().all(|f| f.supported.is_none()));
}

#[test]
fn multi_fields_count_choices() {
    let schema = default_schema();
    let g = [
        gold("a1", json!({"force_used": ["physical", "taser"]})),
        gold("a2", json!({"force_used": null})),
        gold("a3", json!({"force_used": ["baton"]})),
        gold("a4", json!({"force_used": []})),
    ];
    let p = [
        pred("a1", json!({"force_used": ["taser", "firearm"]})),
        pred("a2", json!({"force_used": ["physical"]})),
        pred("a3", json!({})),
        pred("a4", json!({"force_used": []})),
    ];
    let r = evaluate(&g, &p, None, &schema);
    // a1: taser TP, firearm FP, physical FN; a2: gold null, physical FP; a3: baton FN;
    // a4: [] is null on both sides: exact. TP 1, FP 2, FN 2; 3 gold choices (a1 2, a3 1).
    // P = 1/3, R = 1/3, F1 = 2/(2+2+2) = 1/3; exact sets: a4 only, of 4 judged.
    let third = Some(1.0 / 3.0);
    check(
        row(&r, "force_used"),
        (3, 1, 2, 2),
        (1, 4),
        third,
        third,
        third,
        Some(0.25),
    );
}

#[test]
fn group_records_names_and_sub_fields() {
    let schema = default_schema();
    let g = [
        gold(
            "p1",
            json!({"participants": [
                {"name": "Zachary Christensen", "role": "officer", "age": 27, "gender": "male", "status": null},
                {"name": null, "role": "victim", "age": 11, "gender": "female", "status": ["injured"]},
                {"name": "Mary Doe", "role": "bystander", "age": 40}
            ]}),
        ),
        gold("p2", json!({"participants": null})),
        gold("p3", json!({})),
    ];
    let p = [
        pred(
            "p1",
            json!({"participants": [
                {"name": "Officer Zach Christiansen", "role": "officer", "age": 28, "gender": "male"},
                {"role": "victim", "age": 11, "gender": "female", "status": ["injured", "killed"]},
                {"name": "John Roe", "role": "suspect", "age": 30}
            ]}),
        ),
        pred("p2", json!({"participants": [{"role": "victim"}]})),
        pred(
            "p3",
            json!({"participants": [{"name": "Al Bo", "role": "officer"}]}),
        ),
    ];
    let r = evaluate(&g, &p, None, &schema);
    // Pairing in p1: Christensen ~ Christiansen (edit distance 2, same initial Z) by name; the
    // unnamed victim with the victim aged 11 by role and age; John Roe and Mary Doe are named
    // differently, so they stay apart.
    // Records: p1 TP 2, FP 1 (Roe), FN 1 (Doe); p2 gold null (no records): FP 1; p3 gold absent
    // (not annotated): not scored. TP 2, FP 2, FN 1, 3 gold records. P = 2/4, R = 2/3,
    // F1 = 4/(4+2+1) = 4/7. Exact: p1 no, p2 no (p3 not judged): 0/2.
    check(
        row(&r, "participants"),
        (3, 2, 2, 1),
        (0, 2),
        Some(0.5),
        Some(2.0 / 3.0),
        Some(4.0 / 7.0),
        Some(0.0),
    );
    assert_eq!(row(&r, "participants").n_pred, 4);
    // Names over records: gold names Christensen, Doe; predicted Christiansen, Roe (Bo, in p3,
    // is not scored). TP 1, FP 1 (Roe), FN 1 (Doe). P = 1/2, R = 1/2, F1 = 2/(2+1+1) = 0.5.
    // Exact over p1's pairs: paired by name; gold null and no predicted name: 2/2.
    check(
        row(&r, "participants.name"),
        (2, 1, 1, 1),
        (2, 2),
        Some(0.5),
        Some(0.5),
        Some(0.5),
        Some(1.0),
    );
    // Sub-fields over the two pairs of p1 only.
    // role: officer = officer, victim = victim: TP 2.
    check(
        row(&r, "participants.role"),
        (2, 2, 0, 0),
        (2, 2),
        Some(1.0),
        Some(1.0),
        Some(1.0),
        Some(1.0),
    );
    // age: 28 for 27: FP + FN; 11 = 11: TP. P = R = F1 = 1/2, exact 1/2.
    check(
        row(&r, "participants.age"),
        (2, 1, 1, 1),
        (1, 2),
        Some(0.5),
        Some(0.5),
        Some(0.5),
        Some(0.5),
    );
    // status: pair 1 gold null, nothing predicted: exact; pair 2 {injured} for {injured, killed}:
    // TP 1 (injured), FP 1 (killed). P = 1/2, R = 1, F1 = 2/(2+1) = 2/3, exact 1/2.
    check(
        row(&r, "participants.status"),
        (1, 1, 1, 0),
        (1, 2),
        Some(0.5),
        Some(1.0),
        Some(2.0 / 3.0),
        Some(0.5),
    );
    // gender: male, female: TP 2.
    check(
        row(&r, "participants.gender"),
        (2, 2, 0, 0),
        (2, 2),
        Some(1.0),
        Some(1.0),
        Some(1.0),
        Some(1.0),
    );
}

#[test]
fn a_rank_alone_is_unnamed_and_middle_names_match() {
    let schema = default_schema();
    let g = [gold(
        "r1",
        json!({"participants": [
            {"name": "Officer", "role": "victim", "age": 41, "status": ["injured"]},
            {"name": "Agent James Lee Tartt", "role": "victim", "age": 30},
            {"name": "Deputy", "role": "victim", "age": 50}
        ]}),
    )];
    let p = [pred(
        "r1",
        json!({"participants": [
            {"name": null, "role": "victim", "age": 41, "status": ["injured"]},
            {"name": "Lee Tartt", "role": "victim", "age": 30},
            {"name": "Sgt. Ann Roe", "role": "victim", "age": 50}
        ]}),
    )];
    let r = evaluate(&g, &p, None, &schema);
    // "Officer" and "Deputy" name nobody: they pair by role and age, with the unnamed victim aged
    // 41 and with Ann Roe (one side named, role and age equal). "Lee Tartt" pairs with "James Lee
    // Tartt" by name (his middle name). Records: TP 3.
    check(
        row(&r, "participants"),
        (3, 3, 0, 0),
        (1, 1),
        Some(1.0),
        Some(1.0),
        Some(1.0),
        Some(1.0),
    );
    // Names: one gold name (Tartt), found; Ann Roe is a predicted name no gold name matches: FP.
    // P = 1/2, R = 1, F1 = 2/(2+1). Exact over the 3 pairs: Tartt by name, Officer/null (no name
    // on either side) right; Deputy/Ann Roe wrong: 2/3.
    check(
        row(&r, "participants.name"),
        (1, 1, 1, 0),
        (2, 3),
        Some(0.5),
        Some(1.0),
        Some(2.0 / 3.0),
        Some(2.0 / 3.0),
    );
}

#[test]
fn text_supported_view() {
    let schema = default_schema();
    let g = [
        gold(
            "a1",
            json!({"city": "Greenville", "state": "North Carolina", "incident_date": "2013-06-21",
                   "num_killed": 0, "participants": [
                {"name": "Carroll Oakes", "role": "victim", "age": 70, "name_in_text": false},
                {"name": "Lakim Anthony Faust", "role": "suspect", "age": 23, "name_in_text": true}
            ]}),
        ),
        gold(
            "a2",
            json!({"city": "Springfield", "state": "Ohio", "incident_date": "2013-06-22"}),
        ),
    ];
    let p = [
        pred(
            "a1",
            json!({"city": "Greenville", "state": "North Carolina", "incident_date": "2013-06-21",
                   "num_killed": 0, "participants": [
                {"name": "Lakim Faust", "role": "suspect"},
                {"role": "victim", "age": 70}
            ]}),
        ),
        pred(
            "a2",
            json!({"city": "Dayton", "state": "Ohio", "incident_date": "2013-06-22"}),
        ),
    ];
    let texts: HashMap<String, String> = [
        (
            "a1",
            "GREENVILLE, N.C. - Police said Friday that Faust, 33, shot four people. No one died.",
        ),
        ("a2", "A shooting happened on Saturday."),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let r = evaluate(&g, &p, Some(&texts), &schema);
    assert!(r.supported_computed);
    // city: all: a1 TP, a2 "Dayton" for "Springfield": FP + FN → P = R = 1/2.
    // Supported: a2's "Springfield" is not in its text, so only a1 counts: P = R = 1.
    check(
        row(&r, "city"),
        (2, 1, 1, 1),
        (1, 2),
        Some(0.5),
        Some(0.5),
        Some(0.5),
        Some(0.5),
    );
    check(
        sup(&r, "city"),
        (1, 1, 0, 0),
        (1, 1),
        Some(1.0),
        Some(1.0),
        Some(1.0),
        Some(1.0),
    );
    // state: "N.C." names North Carolina; "Ohio" is not in a2's text: 1 supported value.
    check(
        sup(&r, "state"),
        (1, 1, 0, 0),
        (1, 1),
        Some(1.0),
        Some(1.0),
        Some(1.0),
        Some(1.0),
    );
    // incident_date: 2013-06-21 was a Friday (named in a1); 2013-06-22 a Saturday (named in a2).
    assert_eq!(sup(&r, "incident_date").n_gold, 2);
    // num_killed 0: "No one" supports it.
    assert_eq!(sup(&r, "num_killed").n_gold, 1);
    // Records: Faust pairs by name, Oakes with the unnamed victim aged 70 by role and age.
    // All: TP 2. Supported: Oakes's name is not in the text (name_in_text false), so his record
    // and the pair made with it are left out: 1 gold record, TP 1, no unpaired prediction.
    check(
        row(&r, "participants"),
        (2, 2, 0, 0),
        (1, 1),
        Some(1.0),
        Some(1.0),
        Some(1.0),
        Some(1.0),
    );
    check(
        sup(&r, "participants"),
        (1, 1, 0, 0),
        (1, 1),
        Some(1.0),
        Some(1.0),
        Some(1.0),
        Some(1.0),
    );
    // Names: all: gold 2, predicted 1, paired by name 1: TP 1, FN 1 (Oakes). Supported: only
    // Faust's name counts: TP 1, FN 0.
    check(
        row(&r, "participants.name"),
        (2, 1, 0, 1),
        (1, 2),
        Some(1.0),
        Some(0.5),
        Some(2.0 / 3.0),
        Some(0.5),
    );
    check(
        sup(&r, "participants.name"),
        (1, 1, 0, 0),
        (1, 1),
        Some(1.0),
        Some(1.0),
        Some(1.0),
        Some(1.0),
    );
    // Age: all: Faust 23 not predicted: FN; Oakes 70 = 70: TP. Supported: Oakes's pair is out,
    // and "23" is not in the text (it says 33): nothing counts.
    check(
        row(&r, "participants.age"),
        (2, 1, 0, 1),
        (1, 2),
        Some(1.0),
        Some(0.5),
        Some(2.0 / 3.0),
        Some(0.5),
    );
    check(
        sup(&r, "participants.age"),
        (0, 0, 0, 0),
        (0, 0),
        None,
        None,
        None,
        None,
    );
}

#[test]
fn gold_articles_without_predictions_count_as_missed() {
    let schema = default_schema();
    let g = [
        gold("a", json!({"city": "X"})),
        gold("b", json!({"city": "Y"})),
    ];
    let p = [
        pred("b", json!({"city": "Y"})),
        pred("c", json!({"city": "Z"})),
    ];
    let r = evaluate(&g, &p, None, &schema);
    assert_eq!(
        (r.articles.gold, r.articles.predicted, r.articles.matched),
        (2, 2, 1)
    );
    assert_eq!(r.articles.gold_only, ["a"]);
    assert_eq!(r.articles.predicted_only, ["c"]);
    // b is right (TP 1); a has no prediction, so its gold city is missed (FN 1); c has no gold
    // and is not scored.
    check(
        row(&r, "city"),
        (2, 1, 0, 1),
        (1, 2),
        Some(1.0),
        Some(0.5),
        Some(2.0 / 3.0),
        Some(0.5),
    );
    let w = r.warnings.join("\n");
    assert!(
        w.contains("1 gold article(s) have no prediction and are scored as predicting nothing: a"),
        "{w}"
    );
    assert!(
        w.contains("1 predicted article(s) have no gold and are not scored: c"),
        "{w}"
    );
    // micro sums the rows: city's counts are the only ones.
    check(
        row(&r, "micro"),
        (2, 1, 0, 1),
        (1, 2),
        Some(1.0),
        Some(0.5),
        Some(2.0 / 3.0),
        Some(0.5),
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

fn args(gold: &Path, pred: &Path, json: bool) -> EvalArgs {
    EvalArgs {
        gold: gold.to_path_buf(),
        pred: pred.to_path_buf(),
        corpus: None,
        schema: default_schema(),
        json,
        pick: Default::default(),
    }
}

fn run_to_string(a: &EvalArgs) -> Result<String, EvalError> {
    let mut out = Vec::new();
    run(a, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

#[test]
fn malformed_lines_name_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let good = write(
        d.path(),
        "good.jsonl",
        "{\"id\":\"a\",\"fields\":{\"city\":\"X\"}}\n",
    );
    for (body, message) in [
        ("{\"id\":\"a\"}\n\n{\"id\": }\n", "invalid JSON at column"),
        ("{\"id\":\"a\"}\n[1]\n", "expected a JSON object"),
        ("{\"id\":\"a\"}\n{\"fields\":{}}\n", "missing \"id\""),
        (
            "{\"id\":\"a\"}\n{\"id\":\"b\",\"fields\":[1]}\n",
            "\"fields\" must be an object",
        ),
    ] {
        let bad = write(d.path(), "bad.jsonl", body);
        let line = if body.contains("\n\n") { 3 } else { 2 };
        for a in [args(&bad, &good, false), args(&good, &bad, false)] {
            let e = run_to_string(&a).unwrap_err();
            assert!(matches!(e, EvalError::Line { .. }), "{e}");
            let s = e.to_string();
            assert!(s.starts_with(&format!("{}:{line}: ", bad.display())), "{s}");
            assert!(s.contains(message), "{s}");
        }
    }
    let missing = d.path().join("none.jsonl");
    let e = run_to_string(&args(&missing, &good, false)).unwrap_err();
    assert!(e.to_string().contains("none.jsonl"), "{e}");
    let empty = write(d.path(), "empty.jsonl", "\n");
    let e = run_to_string(&args(&empty, &good, false)).unwrap_err();
    assert!(matches!(e, EvalError::NoGold { .. }), "{e}");
    // Bytes that are not JSON at all, and a repeated id, do not panic.
    let junk = write(
        d.path(),
        "junk.jsonl",
        "\u{feff}{\"id\":\"a\"}\n{\"id\":\"a\"}\n\u{0}\u{1}\n",
    );
    assert!(run_to_string(&args(&good, &junk, false)).is_err());
}

#[test]
fn an_article_without_predictions_is_missed_in_both_views() {
    let d = tempfile::tempdir().unwrap();
    let gold = write(
        d.path(),
        "gold.jsonl",
        "{\"id\":\"a\",\"fields\":{\"city\":\"Reno\"}}\n{\"id\":\"b\",\"fields\":{\"city\":\"Elko\"}}\n",
    );
    // Found beside the gold file: both texts name their city.
    write(
        d.path(),
        "articles.jsonl",
        "{\"id\":\"a\",\"text\":\"Shots in Reno.\"}\n{\"id\":\"b\",\"text\":\"Shots in Elko.\"}\n",
    );
    let pred = write(
        d.path(),
        "p.jsonl",
        "{\"id\":\"a\",\"fields\":{\"city\":\"Reno\"}}\n",
    );
    let out = run_to_string(&args(&gold, &pred, true)).unwrap();
    let j: J = serde_json::from_str(&out).unwrap();
    let city = j["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "city")
        .unwrap()
        .clone();
    // b has no prediction: its city is missed, in all gold and in the supported view alike.
    for view in ["all", "supported"] {
        assert_eq!(city[view]["n_gold"], 2, "{view}: {city}");
        assert_eq!(city[view]["tp"], 1, "{view}");
        assert_eq!(city[view]["fn"], 1, "{view}");
        assert_eq!(city[view]["recall"], 0.5, "{view}");
    }
    assert!(!out.contains("have no text"), "{out}");
}

#[test]
fn annotation_directory_uses_reviewed_values_only() {
    let schema = default_schema();
    let d = tempfile::tempdir().unwrap();
    let mut ann = Annotation::new(&schema, "art-1", "sha256:0", "dana", "2026-01-01T00:00:00Z");
    let set = |ann: &mut Annotation, key: &str, state: FieldState, value: Entry| {
        let f = ann.field_mut(key).unwrap();
        f.state = state;
        f.value = value;
    };
    set(
        &mut ann,
        "city",
        FieldState::Confirmed,
        Entry::Value(Value::Text("Reno".into())),
    );
    // Unreviewed: holds a suggestion, but it is not gold.
    set(
        &mut ann,
        "state",
        FieldState::Unreviewed,
        Entry::Value(Value::Text("Nevada".into())),
    );
    set(
        &mut ann,
        "num_killed",
        FieldState::Rejected,
        Entry::NotMentioned,
    );
    write(
        &d.path().join("ann/dana"),
        "art-1.ron",
        &vetter::io::to_ron(&ann),
    );
    write(d.path(), "ann/.hidden/x.ron", "not RON at all");
    let pred = write(
        d.path(),
        "p.jsonl",
        "{\"id\":\"art-1\",\"fields\":{\"city\":\"reno\",\"state\":\"Nevada\",\"num_killed\":null}}\n",
    );
    let out = run_to_string(&args(&d.path().join("ann"), &pred, true)).unwrap();
    let j: J = serde_json::from_str(&out).unwrap();
    let field = |name: &str| {
        j["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == name)
            .unwrap()["all"]
            .clone()
    };
    // city: TP. state: unreviewed, so not gold: the prediction is not scored. num_killed: null
    // for null.
    assert_eq!(field("city")["tp"], 1);
    assert_eq!(field("state")["fp"], 0);
    assert_eq!(field("state")["n_gold"], 0);
    assert_eq!(field("state")["n_pred"], 0);
    assert_eq!(field("state")["precision"], J::Null);
    assert_eq!(field("state")["recall"], J::Null);
    assert_eq!(field("num_killed")["exact"], 1);
    assert_eq!(field("num_killed")["accuracy"], 1.0);
    assert_eq!(j["articles"]["matched"], 1);
    assert_eq!(j["supported_computed"], false);
    // A malformed annotation file stops the evaluation, naming the file and position. (In
    // dana's folder: a second folder of annotations would be a second reviewer, refused.)
    write(d.path(), "ann/dana/bad.ron", "(\n  format: \"one\",\n)");
    let e = run_to_string(&args(&d.path().join("ann"), &pred, false)).unwrap_err();
    assert!(e.to_string().contains("bad.ron:2:"), "{e}");
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example annotations as gold against the hand-made fixture predictions. The expected
/// numbers come from reading the three RON files and the fixture line by line.
#[test]
fn example_annotations_against_fixture_predictions() {
    let mut a = args(
        &root().join("annotations/example"),
        &root().join("tests/fixtures/samples.predictions.jsonl"),
        false,
    );
    let table = run_to_string(&a).unwrap();
    println!("{table}");
    assert!(table.contains("not computed"), "{table}");
    a.corpus = Some(root().join("assets/articles"));
    a.json = true;
    let j: J = serde_json::from_str(&run_to_string(&a).unwrap()).unwrap();
    let f = |name: &str, view: &str, key: &str| {
        j["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == name)
            .unwrap_or_else(|| panic!("{name}"))[view][key]
            .clone()
    };
    assert_eq!(j["articles"]["matched"], 3);
    // location: the video article's "school cafeteria" is not predicted: TP 2, FN 1.
    assert_eq!(
        (f("location", "all", "tp"), f("location", "all", "fn")),
        (json!(2), json!(1))
    );
    // num_killed: gold "not mentioned" in all three; the daily-mail prediction says 0: FP 1;
    // the other two predict nothing: exact 2 of 3.
    assert_eq!(f("num_killed", "all", "fp"), 1);
    assert_eq!(f("num_killed", "all", "exact"), 2);
    assert_eq!(f("num_killed", "all", "recall"), J::Null);
    // num_injured: gold 1 (daily mail), null (video), 2 (Kenosha); predicted 2, none, 1.
    assert_eq!(
        (
            f("num_injured", "all", "tp"),
            f("num_injured", "all", "fp"),
            f("num_injured", "all", "fn")
        ),
        (json!(0), json!(2), json!(2))
    );
    // participants: 7 gold records, 6 predicted, all 6 paired (Kenosha's third, "other", is
    // missed). Names: both Christensens pair by name.
    assert_eq!(
        (
            f("participants", "all", "tp"),
            f("participants", "all", "fn")
        ),
        (json!(6), json!(1))
    );
    assert_eq!(f("participants.name", "all", "tp"), 2);
    assert_eq!(f("participants.name", "all", "fp"), 0);
    // force_used: {physical, takedown} exact; {physical} not predicted; {physical,
    // neck_restraint} for {neck_restraint}: TP 3, FN 2, recall 0.6.
    assert_eq!(f("force_used", "all", "recall"), 0.6);
    // legal_action: gold summaries, not quotes: none is in the text, so none is supported.
    assert_eq!(f("legal_action", "all", "n_gold"), 3);
    assert_eq!(f("legal_action", "supported", "n_gold"), 0);
    assert_eq!(j["supported_computed"], true);
}

/// Values of every wrong shape, on both sides: never a panic, always a report.
#[test]
fn odd_values_do_not_panic() {
    let schema = default_schema();
    let odd = [
        json!(null),
        json!(""),
        json!("  "),
        json!(1e300),
        json!(-1),
        json!(2.5),
        json!(true),
        json!([]),
        json!([null, 1, "x", {"a": 1}, [[]]]),
        json!({"name": "x"}),
        json!("participants"),
        json!("\u{202e}Ünïcödé \u{0}"),
        json!([{"name": 5, "role": ["victim"], "age": "old", "status": "killed,, arrested"}]),
        json!([{"name": "Dr.", "role": "victim"}, {"name": "Jr", "age": -3}, "not a record"]),
    ];
    let keys: Vec<String> = schema.fields.iter().map(|f| f.key.clone()).collect();
    let mut gold_set = Vec::new();
    let mut pred_set = Vec::new();
    for (i, a) in odd.iter().enumerate() {
        for (j, b) in odd.iter().enumerate() {
            let id = format!("{i}-{j}");
            let g: Map<String, J> = keys.iter().map(|k| (k.clone(), a.clone())).collect();
            let p: Map<String, J> = keys.iter().map(|k| (k.clone(), b.clone())).collect();
            gold_set.push(GoldRecord::new(id.clone(), g));
            pred_set.push(Prediction {
                id,
                fields: p,
                ..Default::default()
            });
        }
    }
    let texts: HashMap<String, String> = gold_set
        .iter()
        .map(|g| (g.id.clone(), "Dr. Jr x 5 Ünïcödé killed".to_string()))
        .collect();
    let r = evaluate(&gold_set, &pred_set, Some(&texts), &schema);
    assert_eq!(r.articles.matched, odd.len() * odd.len());
    for f in r.fields.iter().chain([&r.micro]) {
        for c in [Some(&f.all), f.supported.as_ref()].into_iter().flatten() {
            assert_eq!(c.n_gold, c.tp + c.fn_, "{f:?}");
            assert_eq!(c.n_pred, c.tp + c.fp, "{f:?}");
            assert!(c.acc_correct <= c.acc_n, "{f:?}");
        }
    }
    assert!(!r.to_table().is_empty());
    assert!(r.to_json().is_object());
}
