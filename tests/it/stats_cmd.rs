//! `vetter stats`: a hand-made annotations directory with two reviewers and known counts,
//! checked exactly in the table and in `--json`; unreadable files named with their position and
//! counted; hostile names made safe; an empty or missing directory; a corpus.

use assert_cmd::Command;
use predicates::str::contains;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;
use vetter::domain::annotation::{Annotation, Entry, FieldState, Flag, Status, Suggestion};
use vetter::domain::value::Value;
use vetter::io::{parse_annotation, safe_file_name, to_ron, StoreError};

fn vetter(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("vetter").unwrap();
    cmd.current_dir(cwd)
        .env("VETTER_CONFIG", cwd.join("config"))
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60));
    cmd
}

fn ann(id: &str, status: Status, seconds: u64) -> Annotation {
    let schema = vetter::io::default_schema();
    let mut a = Annotation::new(&schema, id, "sha256:00", "ann", "2026-01-01T00:00:00Z");
    a.status = status;
    a.active_seconds = seconds;
    a
}

/// Sets field `key`'s state, with a suggestion or none.
fn set(a: &mut Annotation, key: &str, state: FieldState, suggested: bool) {
    let f = a.field_mut(key).unwrap();
    f.state = state;
    f.value = Entry::Value(Value::Text("x".into()));
    f.suggestion = suggested.then(|| Suggestion {
        value: Entry::Value(Value::Text("y".into())),
        confidence: Some(0.4),
        source: "test".into(),
    });
}

fn write(dir: &Path, a: &Annotation) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let path = dir.join(format!("{}.ron", safe_file_name(&a.article.id)));
    fs::write(&path, to_ron(a)).unwrap();
    path
}

/// ann: a1 done 100 s (incident_date confirmed, city corrected, both suggested), a2 done 300 s
/// (incident_date rejected; city filled with no suggestion), a3 skipped 20 s and flagged, a4 in
/// progress 60 s. bob: a1 not relevant 10 s, b2 done 50 s (incident_date confirmed).
fn two_reviewers(root: &Path) {
    let (ann_dir, bob_dir) = (root.join("ann"), root.join("bob"));
    let mut a1 = ann("a1", Status::Done, 100);
    set(&mut a1, "incident_date", FieldState::Confirmed, true);
    set(&mut a1, "city", FieldState::Corrected, true);
    write(&ann_dir, &a1);
    let mut a2 = ann("a2", Status::Done, 300);
    set(&mut a2, "incident_date", FieldState::Rejected, true);
    set(&mut a2, "city", FieldState::Corrected, false);
    write(&ann_dir, &a2);
    let mut a3 = ann("a3", Status::Skipped, 20);
    a3.flag = Some(Flag::default());
    write(&ann_dir, &a3);
    write(&ann_dir, &ann("a4", Status::InProgress, 60));
    write(&bob_dir, &ann("a1", Status::NotRelevant, 10));
    let mut b2 = ann("b2", Status::Done, 50);
    set(&mut b2, "incident_date", FieldState::Confirmed, true);
    write(&bob_dir, &b2);
}

/// A table line's cells (cells are separated by two spaces or more).
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

#[test]
fn the_table_gives_each_reviewers_and_each_fields_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("annotations");
    two_reviewers(&root);
    // DIR defaults to ./annotations.
    let out = stdout_of(vetter(tmp.path()).arg("stats"));
    let lines: Vec<&str> = out.lines().collect();
    let head = "reviewer  articles  in progress  done  skipped  not relevant  flagged  active  median done  p90 done  done/hour";
    assert_eq!(lines[0], head);
    assert_eq!(
        cells(lines[1]),
        ["ann", "4", "1", "2", "1", "0", "1", "8m 00s", "3m 20s", "5m 00s", "15.0"]
    );
    assert_eq!(
        cells(lines[2]),
        ["bob", "2", "0", "1", "0", "1", "0", "1m 00s", "50s", "50s", "60.0"]
    );
    // Median of 50, 100, 300; p90 the 3rd of 3; 3 done in 540 s.
    assert_eq!(
        cells(lines[3]),
        ["all", "6", "1", "3", "1", "1", "1", "9m 00s", "1m 40s", "5m 00s", "20.0"]
    );
    // Aligned: the numbers end in the header's column.
    assert!(
        lines[..4].iter().all(|l| l.chars().count() == head.len()),
        "{out}"
    );
    assert_eq!(lines[4], "");
    assert_eq!(
        cells(lines[5]),
        [
            "field",
            "reviewed",
            "suggested",
            "confirmed",
            "corrected",
            "rejected",
            "accepted",
            "unsuggested",
            "filled"
        ]
    );
    let row = |key: &str| {
        lines[6..]
            .iter()
            .map(|l| cells(l))
            .find(|c| c[0] == key)
            .unwrap_or_else(|| panic!("no row {key}: {out}"))
    };
    assert_eq!(
        row("incident_date"),
        ["incident_date", "3", "3", "2", "0", "1", "66.7%", "0", "0"]
    );
    assert_eq!(
        row("city"),
        ["city", "2", "1", "0", "1", "0", "0.0%", "1", "1"]
    );
    assert_eq!(
        row("state"),
        ["state", "0", "0", "0", "0", "0", "-", "0", "0"]
    );
}

#[test]
fn json_gives_the_same_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("annotations");
    two_reviewers(&root);
    let out = stdout_of(vetter(tmp.path()).args(["stats", "annotations", "--json"]));
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        j["files"],
        serde_json::json!({"counted": 6, "unreadable": 0, "ignored": 0, "not_in_corpus": 0})
    );
    assert_eq!(j["corpus"], serde_json::Value::Null);
    assert_eq!(
        j["reviewers"][0],
        serde_json::json!({
            "reviewer": "ann", "articles": 4, "in_progress": 1, "done": 2, "skipped": 1,
            "not_relevant": 0, "flagged": 1, "new": null, "active_seconds": 480,
            "median_done_seconds": 200.0, "p90_done_seconds": 300, "done_per_hour": 15.0
        })
    );
    assert_eq!(j["reviewers"][1]["reviewer"], "bob");
    assert_eq!(j["reviewers"][1]["not_relevant"], 1);
    assert_eq!(j["all"]["median_done_seconds"], 100.0);
    assert_eq!(j["all"]["done_per_hour"], 20.0);
    let fields = j["fields"].as_array().unwrap();
    assert_eq!(fields[0]["field"], "incident_date");
    assert_eq!(
        fields[0],
        serde_json::json!({
            "field": "incident_date", "reviewed": 3, "suggested": 3, "confirmed": 2,
            "corrected": 0, "rejected": 1, "acceptance": 2.0 / 3.0, "unsuggested": 0, "filled": 0
        })
    );
    let city = fields.iter().find(|f| f["field"] == "city").unwrap();
    assert_eq!(
        (&city["filled"], &city["acceptance"]),
        (&1.into(), &0.0.into())
    );
    // Every field of the files, in their order; no records, so no sub-fields.
    let schema = vetter::io::default_schema();
    let keys: Vec<&str> = fields
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = schema.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, want);
}

#[test]
fn an_unreadable_file_is_named_with_its_position_and_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("annotations");
    two_reviewers(&root);
    let bad = root.join("ann").join("broken.ron");
    let text = "(\n    format: 2,\n    schema: oops,\n";
    fs::write(&bad, text).unwrap();
    let Err(StoreError::Parse { line, col, .. }) = parse_annotation(text, &bad) else {
        panic!("the text should not parse");
    };
    fs::write(root.join("bob").join("latin1.ron"), b"(format: \xe9)").unwrap();
    let assert = vetter(tmp.path())
        .args(["stats", "annotations", "--json"])
        .assert()
        .success()
        .stderr(contains(format!(
            "warning: annotations/ann/broken.ron:{line}:{col}: "
        )))
        .stderr(contains("annotations/bob/latin1.ron:1:10: not valid UTF-8"))
        .stderr(contains("6 annotation file(s) counted, 2 unreadable"));
    let j: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(j["files"]["unreadable"], 2);
    assert_eq!(j["files"]["counted"], 6);
    assert_eq!(j["all"]["articles"], 6);
}

#[test]
fn hostile_names_are_shown_safely() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("annotations");
    let evil = root.join("eve\x1b]0;pwned\x07\u{202e}");
    write(&evil, &ann("a1", Status::Done, 30));
    // A file under another name than its article's (not counted, and named in the warning),
    // and one that does not parse.
    fs::write(
        evil.join("x\x1b[2J.ron"),
        to_ron(&ann("a9", Status::Done, 1)),
    )
    .unwrap();
    fs::write(evil.join("y\u{202e}.ron"), "nope").unwrap();
    let assert = vetter(tmp.path()).arg("stats").assert().success();
    let out = assert.get_output();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    for s in [&stdout, &stderr] {
        assert!(!s.contains(['\x1b', '\x07', '\u{202e}']), "{s:?}");
    }
    assert!(stdout.contains("eve␛]0;pwned␇⟨U+202E⟩"), "{stdout}");
    assert!(
        stderr.contains("x␛[2J.ron: holds article \"a9\""),
        "{stderr}"
    );
    let Err(StoreError::Parse { line, col, .. }) = parse_annotation("nope", Path::new("y")) else {
        panic!("\"nope\" should not parse");
    };
    assert!(
        stderr.contains(&format!("y⟨U+202E⟩.ron:{line}:{col}: ")),
        "{stderr}"
    );
    assert!(stderr.contains("1 annotation file(s) counted, 1 unreadable, 1 not counted"));
    let json = vetter(tmp.path())
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let text = String::from_utf8(json.stdout).unwrap();
    assert!(!text.contains(['\x1b', '\x07', '\u{202e}']), "{text:?}");
    let j: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(j["reviewers"][0]["reviewer"], "eve\x1b]0;pwned\x07\u{202e}");
}

#[test]
fn an_empty_or_missing_directory_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("annotations/ann")).unwrap();
    vetter(tmp.path())
        .arg("stats")
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("annotations: no annotation could be read"));
    // Only unreadable files: the warnings, then the same error.
    fs::write(tmp.path().join("annotations/ann/a.ron"), "(").unwrap();
    vetter(tmp.path())
        .args(["stats", "--json"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("annotations/ann/a.ron:1:2:"))
        .stderr(contains("no annotation could be read"));
    vetter(tmp.path())
        .args(["stats", "nowhere"])
        .assert()
        .code(1)
        .stderr(contains("nowhere: No such file or directory"));
    vetter(tmp.path())
        .args(["stats", "--bogus"])
        .assert()
        .code(2);
}

#[test]
fn a_corpus_restricts_the_count_and_gives_the_new_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("annotations");
    write(
        &root.join("ann"),
        &ann("kenosha-officer-knee-on-neck", Status::Done, 60),
    );
    write(&root.join("ann"), &ann("elsewhere", Status::Done, 60));
    write(
        &root.join("bob"),
        &ann("farmington-officer-resigns-video", Status::Skipped, 5),
    );
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/articles");
    let out = stdout_of(
        vetter(tmp.path())
            .args(["stats", "--json", "--corpus"])
            .arg(&corpus),
    );
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["files"]["not_in_corpus"], 1);
    assert_eq!(j["corpus"]["articles"], 3);
    assert_eq!(j["corpus"]["new"], 1);
    assert_eq!(j["reviewers"][0]["articles"], 1);
    assert_eq!(j["reviewers"][0]["new"], 2);
    assert_eq!(j["reviewers"][1]["new"], 2);
    let table = stdout_of(vetter(tmp.path()).arg("stats").arg("--corpus").arg(&corpus));
    assert!(
        table
            .lines()
            .next()
            .unwrap()
            .contains("flagged  new  active"),
        "{table}"
    );
    assert_eq!(
        cells(table.lines().nth(1).unwrap())[..9],
        ["ann", "1", "0", "1", "0", "0", "0", "2", "1m 00s"]
    );
    assert!(table.contains(": 3 articles, 1 with no annotation; 1 annotation file(s) of other articles not counted"), "{table}");
}
