//! `vetter export`: each format checked field by field against annotations made for the test
//! (JSONL, CSV parsed back, spans with code point and byte offsets), formula cells, the gold
//! selection (adjudicated, agreed, single, disagreeing left out), pseudonymised offsets that
//! still point at their text, and a round trip: a JSONL export read by `vetter eval --gold`
//! scores as the annotations folder it came from.

use assert_cmd::Command;
use serde_json::{json, Value as J};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;
use vetter::domain::annotation::{
    Adjudication, Annotation, Entry, FieldAnn, FieldState, Record, Span, Status,
};
use vetter::domain::article::text_hash;
use vetter::domain::value::Value;
use vetter::io::{default_schema, parse_annotation, AnnotationStore};

const KENOSHA: &str = "kenosha-officer-knee-on-neck";

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn samples() -> PathBuf {
    manifest().join("assets/articles")
}

fn vetter(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("vetter").unwrap();
    cmd.current_dir(cwd)
        .env("VETTER_CONFIG", cwd.join("config"))
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60));
    cmd
}

/// Runs `vetter export ARGS` in `cwd`: (exit code, stdout, stderr).
fn export(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = vetter(cwd).arg("export").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn span(text: &str, quote: &str) -> Span {
    let chars: Vec<char> = text.chars().collect();
    let q: Vec<char> = quote.chars().collect();
    let start = (0..chars.len())
        .find(|&i| chars[i..].starts_with(&q))
        .unwrap_or_else(|| panic!("{quote:?} not in the text"));
    Span {
        start,
        end: start + q.len(),
        quote: quote.into(),
        stale: false,
    }
}

fn set(a: &mut Annotation, key: &str, state: FieldState, value: Entry, ev: Vec<Span>) {
    let f = a.field_mut(key).unwrap();
    f.state = state;
    f.value = value;
    f.evidence = ev;
}

fn text(s: &str) -> Entry {
    Entry::Value(Value::Text(s.into()))
}

fn sub(key: &str, value: Entry, ev: Vec<Span>) -> FieldAnn {
    FieldAnn {
        key: key.into(),
        state: FieldState::Confirmed,
        value,
        evidence: ev,
        ..Default::default()
    }
}

fn kenosha_text() -> String {
    fs::read_to_string(samples().join(format!("{KENOSHA}.txt"))).unwrap()
}

/// A done annotation of the Kenosha sample: city, state, date, force, a rejected field, an
/// unreviewed one (agency), cells a spreadsheet would run, and two participants.
fn kenosha(reviewer: &str) -> Annotation {
    let t = kenosha_text();
    let schema = default_schema();
    let mut a = Annotation::new(
        &schema,
        KENOSHA,
        &text_hash(&t),
        reviewer,
        "2026-01-01T00:00:00Z",
    );
    a.status = Status::Done;
    set(
        &mut a,
        "city",
        FieldState::Confirmed,
        text("Kenosha"),
        vec![span(&t, "Kenosha, Wisconsin")],
    );
    set(
        &mut a,
        "state",
        FieldState::Confirmed,
        text("Wisconsin"),
        vec![span(&t, "Wisconsin")],
    );
    set(
        &mut a,
        "incident_date",
        FieldState::Corrected,
        Entry::Value(Value::Date("2021-03-04".into())),
        vec![span(&t, "March 4")],
    );
    set(
        &mut a,
        "num_killed",
        FieldState::Rejected,
        Entry::NotMentioned,
        vec![],
    );
    set(
        &mut a,
        "force_used",
        FieldState::Corrected,
        Entry::Value(Value::Choices(vec![
            "physical".into(),
            "neck_restraint".into(),
        ])),
        vec![span(&t, "kneeling on a 12-year-old girl's neck")],
    );
    set(
        &mut a,
        "location",
        FieldState::Corrected,
        text("-Lincoln Middle School, cafeteria"),
        vec![],
    );
    set(
        &mut a,
        "legal_action",
        FieldState::Corrected,
        text("=HYPERLINK(\"x\") \"charges\""),
        vec![],
    );
    // The agency is left unreviewed, with a value the extractor suggested: not exported.
    set(
        &mut a,
        "agency",
        FieldState::Unreviewed,
        text("Kenosha Police"),
        vec![span(&t, "Kenosha Police")],
    );
    let officer = Record {
        fields: vec![
            sub("name", Entry::NotMentioned, vec![]),
            sub(
                "role",
                Entry::Value(Value::Choice("officer".into())),
                vec![],
            ),
            sub(
                "age",
                Entry::Value(Value::Int(37)),
                vec![span(&t, "37-year-old")],
            ),
        ],
    };
    let father = Record {
        fields: vec![
            sub("name", text("Jerrel Perez"), vec![span(&t, "Jerrel Perez")]),
            sub("role", Entry::Value(Value::Choice("other".into())), vec![]),
            sub(
                "status",
                Entry::Value(Value::Choices(vec!["unharmed".into()])),
                vec![],
            ),
        ],
    };
    set(
        &mut a,
        "participants",
        FieldState::Corrected,
        Entry::Records(vec![officer, father]),
        vec![],
    );
    a
}

fn save(root: &Path, a: &Annotation) {
    AnnotationStore::new(root, &a.reviewer).save(a).unwrap();
}

fn lines(s: &str) -> Vec<J> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn jsonl_is_the_interchange_format_with_who_and_what() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("annotations");
    save(&root, &kenosha("ann"));
    let (code, out, err) = export(dir.path(), &["--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    // Plain JSON Lines: one object per line, \n-terminated, no BOM, no \r.
    assert!(out.ends_with('\n') && !out.contains('\r') && !out.starts_with('\u{feff}'));
    let got = lines(&out);
    assert_eq!(got.len(), 1);
    let t = kenosha_text();
    let ev = |q: &str| {
        let s = span(&t, q);
        json!([{"start": s.start, "end": s.end, "quote": q}])
    };
    let want = json!({
        "id": KENOSHA,
        "reviewers": ["ann"],
        "basis": "reviewer",
        "text_hash": text_hash(&t),
        "status": "done",
        "fields": {
            "incident_date": "2021-03-04",
            "city": "Kenosha",
            "state": "Wisconsin",
            "location": "-Lincoln Middle School, cafeteria",
            "num_killed": null,
            "participants": [
                {"name": null, "role": "officer", "age": 37},
                {"name": "Jerrel Perez", "role": "other", "status": ["unharmed"]},
            ],
            "force_used": ["physical", "neck_restraint"],
            "legal_action": "=HYPERLINK(\"x\") \"charges\"",
        },
        "evidence": {
            "city": ev("Kenosha, Wisconsin"),
            "force_used": ev("kneeling on a 12-year-old girl's neck"),
            "incident_date": ev("March 4"),
            "participants[0].age": ev("37-year-old"),
            "participants[1].name": ev("Jerrel Perez"),
            "state": ev("Wisconsin"),
        },
    });
    assert_eq!(got[0], want);
    assert!(err.contains("exported 1 of 1 articles"), "{err}");
}

/// A tiny RFC 4180 reader: records of fields, quotes doubled inside quoted fields, CRLF.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "CR without LF"),
            (false, '\n') => panic!("a record ends with LF alone"),
            (false, c) => cell.push(c),
        }
        if !quoted && c == '\r' {
            row.push(std::mem::take(&mut cell));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(
        !quoted && row.is_empty() && cell.is_empty(),
        "unterminated record"
    );
    rows
}

#[test]
fn csv_rows_parse_back_cell_by_cell_with_formulas_defused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("annotations");
    save(&root, &kenosha("ann"));
    let out = dir.path().join("out.csv");
    let (code, _, err) = export(dir.path(), &["--format", "csv", "-o", "out.csv"]);
    assert_eq!(code, 0, "{err}");
    let rows = parse_csv(&fs::read_to_string(&out).unwrap());
    let header: Vec<&str> = rows[0].iter().map(String::as_str).collect();
    assert_eq!(
        header,
        [
            "id",
            "reviewers",
            "basis",
            "text_hash",
            "incident_date",
            "city",
            "state",
            "location",
            "agency",
            "num_killed",
            "num_injured",
            "force_used",
            "officer_outcome",
            "legal_action"
        ]
    );
    let t = text_hash(&kenosha_text());
    let want = [
        KENOSHA,
        "ann",
        "reviewer",
        t.as_str(),
        "2021-03-04",
        "Kenosha",
        "Wisconsin",
        "'-Lincoln Middle School, cafeteria",
        "",
        "not mentioned",
        "",
        "physical;neck_restraint",
        "",
        "'=HYPERLINK(\"x\") \"charges\"",
    ];
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1], want);

    let (code, out, err) = export(dir.path(), &["--format", "csv", "--table", "participants"]);
    assert_eq!(code, 0, "{err}");
    let rows = parse_csv(&out);
    assert_eq!(
        rows,
        [
            vec!["id", "record", "name", "role", "age", "gender", "status"],
            vec![KENOSHA, "1", "not mentioned", "officer", "37", "", ""],
            vec![KENOSHA, "2", "Jerrel Perez", "other", "", "", "unharmed"],
        ]
    );
    let (code, _, err) = export(dir.path(), &["--format", "csv", "--table", "city"]);
    assert_eq!(code, 1);
    assert!(err.contains("--table city: not a group field"), "{err}");
}

#[test]
fn spans_point_at_the_text_in_code_points_or_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("annotations");
    save(&root, &kenosha("ann"));
    let corpus = samples();
    let corpus = corpus.to_str().unwrap();
    let (code, out, err) = export(dir.path(), &["--format", "spans", "--corpus", corpus]);
    assert_eq!(code, 0, "{err}");
    let got = lines(&out);
    let t = kenosha_text();
    assert_eq!(got[0]["id"], KENOSHA);
    assert_eq!(got[0]["text"], t.as_str());
    let s = |q: &str, label: &str, value: &str| {
        let sp = span(&t, q);
        json!({"start": sp.start, "end": sp.end, "label": label, "value": value})
    };
    let mut want = vec![
        s("Kenosha, Wisconsin", "city", "Kenosha"),
        s("Wisconsin", "state", "Wisconsin"),
        s("March 4", "incident_date", "2021-03-04"),
        s(
            "kneeling on a 12-year-old girl's neck",
            "force_used",
            "physical, neck_restraint",
        ),
        s("37-year-old", "participants.age", "37"),
        s("Jerrel Perez", "participants.name", "Jerrel Perez"),
    ];
    want.sort_by_key(|j| j["start"].as_u64());
    assert_eq!(got[0]["spans"], J::Array(want));
    // In bytes: each span's bytes are its quote.
    let (code, out, err) = export(
        dir.path(),
        &["--format", "spans", "--corpus", corpus, "--byte-offsets"],
    );
    assert_eq!(code, 0, "{err}");
    let got = lines(&out);
    let bytes = t.as_bytes();
    let quotes: Vec<&str> = got[0]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|sp| {
            let (a, b) = (sp["start"].as_u64().unwrap(), sp["end"].as_u64().unwrap());
            std::str::from_utf8(&bytes[a as usize..b as usize]).unwrap()
        })
        .collect();
    assert!(
        quotes.contains(&"kneeling on a 12-year-old girl's neck"),
        "{quotes:?}"
    );
    assert!(quotes.contains(&"Jerrel Perez"), "{quotes:?}");
}

mod team;
