//! Annotation files on disk: safe names, atomic saves, RON round trips, malformed files.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use std::fs;
use std::path::Path;
use vetter::domain::annotation::{
    Annotation, Draft, Entry, FieldAnn, FieldState, Record, Span, Status, Suggestion,
};
use vetter::domain::value::Value;
use vetter::io::StoreError;
use vetter::io::{default_schema, parse_annotation, safe_file_name, to_ron, AnnotationStore};

const NOW: &str = "2026-01-01T00:00:00Z";

/// The rules every safe name keeps, whatever the id.
fn assert_safe(id: &str) {
    let n = safe_file_name(id);
    assert!(!n.is_empty(), "{id:?}");
    assert!(!n.contains('/') && !n.contains('\\'), "{id:?} -> {n:?}");
    assert!(n != "." && n != "..", "{id:?} -> {n:?}");
    assert!(!n.starts_with('.'), "{id:?} -> {n:?}");
    assert!(n.len() <= 80 + 1 + 24, "{id:?} -> {n:?}");
    assert!(
        n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')),
        "{id:?} -> {n:?}"
    );
}

#[test]
fn traversal_and_odd_ids_get_safe_names() {
    let long = "x".repeat(1000);
    let ids = [
        "../../etc/passwd",
        "..\\..\\windows\\system32",
        "a/b",
        "",
        ".",
        "..",
        "...",
        ".hidden",
        "/abs",
        "café/ü 😀",
        "日本語",
        "CON",
        "nul.ron",
        "com1",
        "a\0b",
        "line\nbreak",
        long.as_str(),
    ];
    for id in ids {
        assert_safe(id);
    }
    // Each got a hash suffix, so none maps onto a plain name.
    for id in ids {
        assert_ne!(safe_file_name(id), id, "{id:?}");
    }
    assert_eq!(
        safe_file_name("gva488547_215c5e2a65f9"),
        "gva488547_215c5e2a65f9"
    );
    assert_eq!(safe_file_name("a.b-c_d"), "a.b-c_d");
}

#[test]
fn similar_ids_do_not_collide() {
    let groups = [
        vec!["a/b", "a_b", "a\\b", "a b", "a:b", "a?b"],
        vec!["", "_", "-"],
        vec![".", "..", "_", "_."],
        vec!["Report", "report", "REPORT"],
    ];
    for g in groups {
        let mut names: Vec<String> = g.iter().map(|i| safe_file_name(i)).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), g.len(), "{g:?}");
    }
    let long1 = format!("{}1", "y".repeat(100));
    let long2 = format!("{}2", "y".repeat(100));
    assert_ne!(safe_file_name(&long1), safe_file_name(&long2));
}

#[test]
fn store_paths_stay_inside_the_root() {
    let root = Path::new("/data/annotations");
    let st = AnnotationStore::new(root, "../../evil");
    assert_eq!(st.dir().parent(), Some(root));
    for id in ["../../etc/passwd", "..", "/x", "a/../../b"] {
        let p = st.path_for(id);
        assert_eq!(p.parent(), Some(st.dir().as_path()), "{id:?}");
        assert!(p.extension().is_some_and(|e| e == "ron"));
    }
}

fn sample(id: &str) -> Annotation {
    let schema = default_schema();
    let mut a = Annotation::new(&schema, id, "sha256:abc", "ann", NOW);
    let f = a.field_mut("city").unwrap();
    f.state = FieldState::Confirmed;
    f.value = Entry::Value(Value::Text("Reno, \"Nevada\"\nsecond line\t😀".into()));
    a
}

fn dir_entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn save_is_atomic_and_leaves_no_temp_files() {
    let d = tempfile::tempdir().unwrap();
    let st = AnnotationStore::new(d.path(), "anna");
    let mut a = sample("../../etc/passwd");
    for i in 0..5 {
        a.active_seconds = i;
        st.save(&a).unwrap();
    }
    st.save(&sample("b")).unwrap();
    let mut expected = vec![
        format!("{}.ron", safe_file_name("../../etc/passwd")),
        "b.ron".to_string(),
    ];
    expected.sort();
    assert_eq!(dir_entries(&st.dir()), expected);
    assert_eq!(dir_entries(d.path()), vec!["anna"]);
    let back = st.load("../../etc/passwd").unwrap().unwrap();
    assert_eq!(back.active_seconds, 4);
    assert_eq!(back, a);
    let statuses = st.summaries();
    assert_eq!(statuses.len(), 2);
    assert_eq!(statuses["b"].status, Status::InProgress);
}

#[test]
fn malformed_file_reports_position_and_is_left_alone() {
    let d = tempfile::tempdir().unwrap();
    let st = AnnotationStore::new(d.path(), "anna");
    st.save(&sample("good")).unwrap();
    let good = to_ron(&sample("x"));
    let broken = good.replace("active_seconds: 0,", "active_seconds: zero,");
    let line = broken.lines().position(|l| l.contains("zero")).unwrap() + 1;
    let col = broken.lines().nth(line - 1).unwrap().find("zero").unwrap() + 1;
    fs::write(st.path_for("x"), &broken).unwrap();

    let err = st.load("x").unwrap_err();
    match &err {
        StoreError::Parse {
            line: l, col: c, ..
        } => assert_eq!((*l, *c), (line, col)),
        other => panic!("expected a parse error, got {other}"),
    }
    let shown = err.to_string();
    let prefix = format!("{}:{line}:{col}: ", st.path_for("x").display());
    assert!(shown.starts_with(&prefix), "{shown}");
    // Loading did not touch the file; listing statuses skips it.
    assert_eq!(fs::read_to_string(st.path_for("x")).unwrap(), broken);
    let statuses = st.summaries();
    assert_eq!(statuses.len(), 1);
    assert!(statuses.contains_key("good"));
    assert_eq!(fs::read_to_string(st.path_for("x")).unwrap(), broken);
}

#[test]
fn non_utf8_and_foreign_files_are_errors() {
    let d = tempfile::tempdir().unwrap();
    let st = AnnotationStore::new(d.path(), "anna");
    fs::create_dir_all(st.dir()).unwrap();
    fs::write(st.path_for("bin"), b"(\n  format: \xff,\n)").unwrap();
    let e = st.load("bin").unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::Parse {
                line: 2,
                col: 11,
                ..
            }
        ),
        "{e}"
    );
    // Another article's file under this one's name is not this article's, and is kept.
    let other = st.path_for("other");
    fs::write(&other, to_ron(&sample("else"))).unwrap();
    assert_eq!(st.load("other").unwrap(), None);
    assert_ne!(st.path_for("other"), other);
}

#[test]
fn ron_text_is_stable_and_readable() {
    let a = sample("x");
    let s = to_ron(&a);
    assert_eq!(s, to_ron(&a.clone()));
    assert!(s.ends_with(")\n"));
    assert!(s.contains("\n    reviewer: \"ann\",\n"), "{s}");
    assert!(s.contains("        (\n            key: \"city\",\n"), "{s}");
    assert!(s.contains("Reno, \\\"Nevada\\\"\\nsecond line\\t😀"), "{s}");
    assert!(!s.contains("\r"));
}

// --- Round trip of arbitrary annotations -------------------------------------------------

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z \"'\\\\\n\r\t\u{0}\u{7f}é😀\u{301}\u{202e}\u{feff}{}()\\[\\],:]{0,16}",
    ]
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        text().prop_map(Value::Text),
        any::<i64>().prop_map(Value::Int),
        text().prop_map(Value::Date),
        any::<bool>().prop_map(Value::Bool),
        text().prop_map(Value::Choice),
        vec(text(), 0..3).prop_map(Value::Choices),
    ]
}

fn scalar_entry() -> impl Strategy<Value = Entry> {
    prop_oneof![
        Just(Entry::Empty),
        Just(Entry::NotMentioned),
        value().prop_map(Entry::Value),
    ]
}

fn state() -> impl Strategy<Value = FieldState> {
    prop_oneof![
        Just(FieldState::Unreviewed),
        Just(FieldState::Confirmed),
        Just(FieldState::Corrected),
        Just(FieldState::Rejected),
    ]
}

fn confidence() -> impl Strategy<Value = f32> {
    use proptest::num::f32 as f;
    f::POSITIVE | f::NEGATIVE | f::NORMAL | f::SUBNORMAL | f::ZERO | f::INFINITE
}

fn field(entry: BoxedStrategy<Entry>) -> impl Strategy<Value = FieldAnn> {
    let span = (any::<usize>(), any::<usize>(), text(), any::<bool>()).prop_map(
        |(start, end, quote, stale)| Span {
            start,
            end,
            quote,
            stale,
        },
    );
    let suggestion = (scalar_entry(), option::of(confidence()), text()).prop_map(
        |(value, confidence, source)| Suggestion {
            value,
            confidence,
            source,
        },
    );
    (
        text(),
        state(),
        entry,
        option::of(suggestion),
        vec(span, 0..3),
        option::of(text()),
    )
        .prop_map(|(key, state, value, suggestion, evidence, note)| FieldAnn {
            key,
            state,
            value,
            suggestion,
            evidence,
            note,
        })
}

fn entry() -> BoxedStrategy<Entry> {
    let record = vec(field(scalar_entry().boxed()), 0..3).prop_map(|fields| Record { fields });
    prop_oneof![
        3 => scalar_entry(),
        1 => vec(record, 0..3).prop_map(Entry::Records),
    ]
    .boxed()
}

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![
        Just(Status::InProgress),
        Just(Status::Done),
        Just(Status::Skipped),
        Just(Status::NotRelevant),
    ]
}

fn annotation() -> impl Strategy<Value = Annotation> {
    let draft = (text(), text()).prop_map(|(field, text)| Draft { field, text });
    (
        (any::<u32>(), text(), any::<u32>(), text(), text(), text()),
        (status(), vec(field(entry()), 0..4), text(), text()),
        (any::<u64>(), option::of(draft)),
    )
        .prop_map(
            |(
                (format, sname, sver, id, hash, reviewer),
                (status, fields, created, updated),
                (secs, draft),
            )| {
                let mut a = Annotation::new(&default_schema(), &id, &hash, &reviewer, &created);
                a.format = format;
                a.schema.name = sname;
                a.schema.version = sver;
                a.status = status;
                a.fields = fields;
                a.updated = updated;
                a.active_seconds = secs;
                a.draft = draft;
                a
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn ron_round_trip_is_exact(a in annotation()) {
        let s = to_ron(&a);
        let back = parse_annotation(&s, Path::new("prop.ron"));
        prop_assert!(back.is_ok(), "{}\n{}", back.unwrap_err(), s);
        prop_assert_eq!(back.unwrap(), a.clone());
        prop_assert_eq!(to_ron(&a), s);
    }

    #[test]
    fn safe_names_are_safe(id in any::<String>()) {
        assert_safe(&id);
    }

    #[test]
    fn different_ids_get_different_names(a in text(), b in text()) {
        prop_assume!(a != b);
        prop_assert_ne!(safe_file_name(&a), safe_file_name(&b));
    }
}

#[test]
fn extreme_numbers_round_trip() {
    let mut a = sample("n");
    a.fields[0].value = Entry::Value(Value::Int(i64::MIN));
    a.fields[1].value = Entry::Value(Value::Int(i64::MAX));
    a.active_seconds = u64::MAX;
    a.format = u32::MAX;
    let s = to_ron(&a);
    assert_eq!(parse_annotation(&s, Path::new("n.ron")).unwrap(), a);
}
