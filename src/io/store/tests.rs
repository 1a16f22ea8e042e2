//! Unit tests of the annotation store.

use super::*;
use crate::domain::annotation::Status;
use crate::domain::annotation::{Entry, FieldState, Span, Suggestion};
use crate::domain::value::Value;

fn sample() -> Annotation {
    let schema = crate::io::schema_file::default_schema();
    let mut a = Annotation::new(&schema, "x1", "sha256:00", "ann", "2026-01-01T00:00:00Z");
    let f = a.field_mut("city").unwrap();
    f.state = FieldState::Corrected;
    f.value = Entry::Value(Value::Text(
        "Saint \"Paul\"\n\\ é 😀 \u{301}\u{202e}".into(),
    ));
    f.evidence.push(Span {
        start: 1,
        end: 4,
        quote: "a'b".into(),
        stale: true,
    });
    f.suggestion = Some(Suggestion {
        value: Entry::NotMentioned,
        confidence: Some(0.1),
        source: "m".into(),
    });
    a
}

#[test]
fn ron_round_trip_and_format() {
    let a = sample();
    let s = to_ron(&a);
    assert!(s.ends_with(")\n"));
    assert!(s.starts_with("(\n    format: 2,\n"), "{s}");
    assert!(!s.contains("Annotation("));
    assert_eq!(parse_annotation(&s, Path::new("f")).unwrap(), a);
    assert_eq!(to_ron(&a), s);
}

#[test]
fn parse_error_has_position() {
    let e = parse_annotation("(\n  format: \"one\",\n)", Path::new("d/f.ron")).unwrap_err();
    let StoreError::Parse { line, col, .. } = &e else {
        panic!("{e}")
    };
    assert_eq!((*line, *col), (2, 11));
    assert!(e.to_string().starts_with("d/f.ron:2:11: "), "{e}");
}

#[test]
fn save_load_summaries() {
    let d = tempfile::tempdir().unwrap();
    let st = AnnotationStore::new(d.path(), "ann");
    assert!(st.load("x1").unwrap().is_none());
    assert!(st.summaries().is_empty());
    let mut a = sample();
    a.status = Status::Skipped;
    st.save(&a).unwrap();
    assert_eq!(st.load("x1").unwrap(), Some(a.clone()));
    assert_eq!(st.summaries()["x1"].status, Status::Skipped);
    // A copy under another name is neither loaded nor counted, nor overwritten.
    let x2 = st.path_for("x2");
    fs::copy(st.path_for("x1"), &x2).unwrap();
    assert_eq!(st.load("x2").unwrap(), None);
    assert_eq!(st.summaries().len(), 1);
    let mut b = sample();
    b.article.id = "x2".into();
    st.save(&b).unwrap();
    assert_eq!(st.path_for("x2"), st.dir().join("x2+2.ron"));
    assert_eq!(st.load("x2").unwrap(), Some(b));
    assert_eq!(st.load("x1").unwrap(), Some(a));
    assert_eq!(st.summaries().len(), 2);
    let copy = parse_annotation(&fs::read_to_string(&x2).unwrap(), &x2).unwrap();
    assert_eq!(copy.article.id, "x1");
}
