//! `vetter eval --errors`: a hand-made gold and predictions pair, every wrong value listed exactly
//! (a missing prediction, a wrong count, a wrong participant sub-field, records on one side only),
//! evidence quoted from the prediction or from the article text, hostile text made safe; and the
//! same listing as JSON lines.

use assert_cmd::Command;
use serde_json::{json, Value as J};
use std::fs;
use std::path::Path;
use std::time::Duration;

const GOLD: &str = r#"{"id": "a1", "fields": {"num_killed": 1, "num_injured": 2, "state": null, "participants": [{"name": "Ann Lee", "role": "victim", "age": 30, "gender": "female", "name_in_text": true}, {"name": "Bob Stone", "role": "suspect", "age": 40, "gender": "male"}]}}
{"id": "a2", "fields": {"num_killed": 0}}
{"id": "a3", "fields": {"num_killed": 2, "num_injured": 0}}
"#;

// a1: num_killed right; num_injured wrong; state predicted though gold says not mentioned; Ann Lee
// paired by name with the wrong gender (its quote holds a right-to-left override); Bob Stone
// missed; an extra record whose evidence has no quote (read from the text). a2: no prediction.
// a3: all right.
const PRED: &str = r#"{"id": "a1", "fields": {"num_killed": 1, "num_injured": 3, "state": "Ohio", "participants": [{"name": "Carl Dee", "role": "victim"}, {"name": "Ann Lee", "role": "victim", "age": 30, "gender": "male"}]}, "evidence": {"num_injured": [{"start": 0, "end": 5, "quote": "three"}], "participants[1].gender": [{"start": 9, "end": 11, "quote": "he\u202e"}], "participants[0].name": [{"start": 12, "end": 20}]}}
{"id": "a3", "fields": {"num_killed": 2, "num_injured": 0}}
"#;

const TEXTS: &str = r#"{"id": "a1", "text": "Three hurt, Carl Dee said."}
{"id": "a2", "text": "Nobody."}
{"id": "a3", "text": "Two killed."}
"#;

fn setup(dir: &Path) {
    fs::write(dir.join("gold.jsonl"), GOLD).unwrap();
    fs::write(dir.join("pred.jsonl"), PRED).unwrap();
    fs::write(dir.join("articles.jsonl"), TEXTS).unwrap();
}

fn eval_errors(dir: &Path, json: bool) -> String {
    let mut cmd = Command::cargo_bin("vetter").unwrap();
    cmd.current_dir(dir)
        .env("VETTER_CONFIG", dir.join("config"))
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60))
        .args([
            "eval",
            "--gold",
            "gold.jsonl",
            "--pred",
            "pred.jsonl",
            "--errors",
        ]);
    if json {
        cmd.arg("--json");
    }
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn lists_each_wrong_value_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let out = eval_errors(dir.path(), false);
    let expected = [
        "a1\tstate\textra\tnull\t\"Ohio\"\t-",
        "a1\tnum_injured\twrong\t2\t3\t\"three\"",
        "a1\tparticipants[g0,p1].gender\twrong\t\"female\"\t\"male\"\t\"he⟨U+202E⟩\"",
        "a1\tparticipants[g1]\tmissed\t{\"name\":\"Bob Stone\",\"role\":\"suspect\",\"age\":40,\"gender\":\"male\"}\t-\t-",
        "a1\tparticipants[p0]\textra\t-\t{\"name\":\"Carl Dee\",\"role\":\"victim\"}\t\"Carl Dee\"",
        "a2\tnum_killed\tmissed\t0\t-\t-",
    ];
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, expected, "output:\n{out}");
}

#[test]
fn json_lines_carry_the_same_errors() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let out = eval_errors(dir.path(), true);
    let rows: Vec<J> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 6, "output:\n{out}");
    assert_eq!(
        rows[2],
        json!({"id": "a1", "field": "participants[g0,p1].gender", "kind": "wrong",
               "gold": "female", "pred": "male",
               "evidence": [{"start": 9, "end": 11, "quote": "he\u{202e}"}]})
    );
    // A missed value has no "pred" key; an extra record has no "gold" key.
    assert_eq!(
        rows[5],
        json!({"id": "a2", "field": "num_killed", "kind": "missed", "gold": 0, "evidence": []})
    );
    assert_eq!(rows[4]["evidence"][0]["quote"], "Carl Dee");
    assert!(rows[4].get("gold").is_none());
}

/// The listing holds exactly the items the report's accuracy counts as wrong: per field,
/// `accuracy_n - exact` lines (a participant's records counted under "participants").
#[test]
fn errors_per_field_match_the_report() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let out = eval_errors(dir.path(), true);
    let mut listed = std::collections::BTreeMap::<String, u64>::new();
    for l in out.lines() {
        let row: J = serde_json::from_str(l).unwrap();
        let field = row["field"].as_str().unwrap();
        // participants[g0,p1].gender → participants.gender; participants[g1] → participants
        let key = match (field.find('['), field.find(']')) {
            (Some(a), Some(b)) => format!("{}{}", &field[..a], &field[b + 1..]),
            _ => field.to_string(),
        };
        *listed.entry(key).or_default() += 1;
    }
    let mut cmd = Command::cargo_bin("vetter").unwrap();
    cmd.current_dir(dir.path())
        .env("VETTER_CONFIG", dir.path().join("config"))
        .timeout(Duration::from_secs(60))
        .args([
            "eval",
            "--gold",
            "gold.jsonl",
            "--pred",
            "pred.jsonl",
            "--json",
        ]);
    let report: J = serde_json::from_slice(&cmd.assert().success().get_output().stdout).unwrap();
    let mut wrong = std::collections::BTreeMap::<String, u64>::new();
    for f in report["fields"].as_array().unwrap() {
        let n = f["all"]["accuracy_n"].as_u64().unwrap() - f["all"]["exact"].as_u64().unwrap();
        if n > 0 {
            wrong.insert(f["field"].as_str().unwrap().to_string(), n);
        }
    }
    // The group's row judges each article once; the listing gives each unpaired record.
    assert_eq!(listed.remove("participants"), Some(2));
    assert_eq!(wrong.remove("participants"), Some(1));
    assert_eq!(listed, wrong);
}
