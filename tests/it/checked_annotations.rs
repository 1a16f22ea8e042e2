//! Annotation files are checked as strictly as predictions: a confidence must be a number from
//! 0 to 1 (RON can write `NaN` and `inf`), a value must be of its field's own type and within its
//! bounds.

use std::fs;
use std::path::PathBuf;
use vetter::domain::annotation::{Annotation, Entry, FieldState, Suggestion};
use vetter::domain::value::Value;
use vetter::io::{default_schema, validate_dir, AnnotationStore};

struct Saved {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    file: PathBuf,
}

/// Saves an annotation of article "a" (changed by `edit`) and returns where.
fn saved(edit: impl FnOnce(&mut Annotation)) -> Saved {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("annotations");
    let store = AnnotationStore::new(&root, "anna");
    let schema = default_schema();
    let mut a = Annotation::new(&schema, "a", "sha256:x", "anna", "2026-01-01T00:00:00Z");
    let city = a.field_mut("city").unwrap();
    city.value = Entry::Value(Value::Text("Reno".into()));
    city.suggestion = Some(Suggestion {
        value: Entry::Value(Value::Text("Reno".into())),
        confidence: Some(0.5),
        source: "m".into(),
    });
    edit(&mut a);
    store.save(&a).unwrap();
    Saved {
        file: store.path_for("a"),
        root,
        _tmp: tmp,
    }
}

fn messages(s: &Saved) -> Vec<String> {
    validate_dir(&s.root, &default_schema(), None)
        .into_iter()
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn a_good_confidence_passes() {
    let s = saved(|_| {});
    assert_eq!(messages(&s), Vec::<String>::new());
}

#[test]
fn nan_infinite_and_out_of_range_confidences_are_reported() {
    for written in ["NaN", "inf", "-inf", "-5.0", "1.5"] {
        let s = saved(|_| {});
        let text = fs::read_to_string(&s.file).unwrap();
        assert!(text.contains("confidence: Some(0.5)"), "{text}");
        let bad = text.replace(
            "confidence: Some(0.5)",
            &format!("confidence: Some({written})"),
        );
        fs::write(&s.file, bad).unwrap();
        let m = messages(&s);
        assert_eq!(m.len(), 1, "{written}: {m:#?}");
        assert!(
            m[0].contains("\"city\"") && m[0].contains("not a number from 0 to 1"),
            "{written}: {m:#?}"
        );
        assert!(m[0].starts_with(&format!("{}:", s.file.display())), "{m:?}");
    }
}

#[test]
fn a_negative_count_and_a_text_in_an_integer_field_are_reported() {
    let s = saved(|a| {
        let k = a.field_mut("num_killed").unwrap();
        k.state = FieldState::Corrected;
        k.value = Entry::Value(Value::Int(-1));
        // A text that reads as a number is still a text, not an integer.
        let i = a.field_mut("num_injured").unwrap();
        i.state = FieldState::Corrected;
        i.value = Entry::Value(Value::Text("3".into()));
    });
    let m = messages(&s);
    assert_eq!(m.len(), 2, "{m:#?}");
    assert!(
        m.iter()
            .any(|x| x.contains("\"num_killed\"") && x.contains("minimum 0")),
        "{m:#?}"
    );
    assert!(
        m.iter()
            .any(|x| x.contains("\"num_injured\"") && x.contains("whole number")),
        "{m:#?}"
    );
}

mod check_annotation {
    use super::*;
    use vetter::io::validate::check_annotation;

    fn fresh() -> Annotation {
        Annotation::new(&default_schema(), "a", "sha256:x", "anna", "now")
    }

    #[test]
    fn a_fresh_annotation_has_no_problem() {
        assert_eq!(
            check_annotation(&fresh(), &default_schema()),
            Vec::<String>::new()
        );
    }

    #[test]
    fn an_empty_field_list_parses_but_is_reported() {
        let mut a = fresh();
        a.fields.clear();
        let text = vetter::io::to_ron(&a);
        assert!(text.contains("fields: []"), "{text}");
        let parsed = vetter::io::parse_annotation(&text, std::path::Path::new("a.ron")).unwrap();
        let m = check_annotation(&parsed, &default_schema());
        assert_eq!(m.len(), default_schema().fields.len(), "{m:#?}");
        assert!(m.contains(&"missing field city".to_string()), "{m:#?}");
    }

    #[test]
    fn unknown_keys_wrong_types_and_senseless_states_are_reported() {
        let mut a = fresh();
        a.fields
            .push(vetter::domain::annotation::FieldAnn::new("weather"));
        let k = a.field_mut("num_killed").unwrap();
        k.state = FieldState::Confirmed;
        k.value = Entry::Value(Value::Text("two".into()));
        let c = a.field_mut("city").unwrap();
        c.state = FieldState::Rejected;
        c.value = Entry::Value(Value::Text("Reno".into()));
        let s = a.field_mut("state").unwrap();
        s.state = FieldState::Corrected;
        s.value = Entry::Empty;
        let m = check_annotation(&a, &default_schema());
        assert_eq!(m.len(), 4, "{m:#?}");
        let any = |parts: &[&str]| m.iter().any(|x| parts.iter().all(|p| x.contains(p)));
        assert!(any(&["unknown field \"weather\""]), "{m:#?}");
        assert!(any(&["\"num_killed\"", "whole number"]), "{m:#?}");
        assert!(
            any(&["\"city\"", "not mentioned but holds a value"]),
            "{m:#?}"
        );
        assert!(any(&["\"state\"", "corrected but empty"]), "{m:#?}");
    }

    #[test]
    fn another_schema_is_one_problem() {
        let mut a = fresh();
        a.schema.name = "other".into();
        let m = check_annotation(&a, &default_schema());
        assert_eq!(m.len(), 1, "{m:#?}");
        assert!(m[0].contains("\"other\""), "{m:#?}");
    }
}
