//! The fast reader reads what the full parser reads: real files, files with every part of the
//! format, and every one-character change of one.

use crate::domain::annotation::{
    Adjudication, Annotation, Entry, FieldAnn, FieldState, Record, Span, Status,
};
use crate::domain::value::Value;
use std::path::Path;

fn sub(key: &str, value: Entry) -> FieldAnn {
    FieldAnn {
        key: key.into(),
        state: FieldState::Confirmed,
        value,
        ..Default::default()
    }
}

fn person(name: Option<&str>, role: &str, age: Option<i64>) -> Record {
    Record {
        fields: vec![
            sub(
                "name",
                name.map_or(Entry::NotMentioned, |n| Entry::Value(Value::Text(n.into()))),
            ),
            sub("role", Entry::Value(Value::Choice(role.into()))),
            sub(
                "age",
                age.map_or(Entry::NotMentioned, |a| Entry::Value(Value::Int(a))),
            ),
        ],
    }
}

fn ann(id: &str, reviewer: &str, status: Status, city: &str) -> Annotation {
    let schema = crate::io::schema_file::default_schema();
    let mut a = Annotation::new(&schema, id, "sha256:00", reviewer, "2026-01-01T00:00:00Z");
    a.status = status;
    let f = a.field_mut("city").unwrap();
    f.state = FieldState::Corrected;
    f.value = Entry::Value(Value::Text(city.into()));
    a
}

/// An annotation with every part the file format has: each kind of value, records, a
/// suggestion with a confidence, a stale span, escapes, a draft, retired fields, a flag, notes
/// and an adjudication.
fn everything() -> Annotation {
    use crate::domain::annotation::{Draft, Flag, Settled, Source, Suggestion};
    let mut a = ann(
        "id/\"1\"",
        "Zoë \\ O'Neil",
        Status::Skipped,
        "Kenosha\n\t\u{202e}",
    );
    a.format = 1;
    a.status = Status::Flagged;
    let f = a.field_mut("num_killed").unwrap();
    f.value = Entry::Value(Value::Int(-3));
    f.suggestion = Some(Suggestion {
        value: Entry::Value(Value::Int(2)),
        confidence: Some(0.37),
        source: "x".into(),
    });
    f.evidence = vec![Span {
        start: 1,
        end: 4,
        quote: "two".into(),
        stale: true,
    }];
    f.note = Some("note".into());
    let g = a.field_mut("participants").unwrap();
    g.value = Entry::Records(vec![
        person(Some("Ann"), "victim", Some(12)),
        person(None, "officer", None),
    ]);
    g.suggestion = Some(Suggestion {
        value: Entry::Records(vec![]),
        confidence: None,
        source: "y".into(),
    });
    a.field_mut("force_used").unwrap().value =
        Entry::Value(Value::Choices(vec!["taser".into(), "baton".into()]));
    a.field_mut("incident_date").unwrap().value = Entry::Value(Value::Date("2021-03-04".into()));
    a.draft = Some(Draft {
        field: "city".into(),
        text: "Ken".into(),
    });
    a.retired = vec![sub("old", Entry::Value(Value::Bool(true)))];
    a.skip_reason = Some("paywall".into());
    a.flag = Some(Flag { reason: None });
    a.note = Some("whole".into());
    a.adjudication = Some(Adjudication {
        settled: vec!["ann".into(), "bob".into()],
        fields: vec![
            Settled {
                key: "city".into(),
                from: Source::Reviewer("ann".into()),
            },
            Settled {
                key: "state".into(),
                from: Source::Agreed,
            },
            Settled {
                key: "agency".into(),
                from: Source::Edited,
            },
        ],
    });
    a
}

fn full_reading(text: &str) -> Option<Annotation> {
    crate::io::parse_annotation(text, Path::new("t.ron")).ok()
}

#[test]
fn fast_reads_the_files_vetter_writes() {
    let mut cases = vec![everything(), ann("a", "ann", Status::Done, "Kenosha")];
    let mut min = ann("b", "bob", Status::NotRelevant, "x");
    min.fields.truncate(1);
    cases.push(min);
    for a in cases {
        let text = crate::io::to_ron(&a);
        let fast = super::parse(&text);
        assert!(fast.is_some(), "declined:\n{text}");
        assert_eq!(fast, full_reading(&text), "{text}");
    }
    for f in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/annotations/example")).unwrap()
    {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        assert_eq!(super::parse(&text), full_reading(&text));
        assert!(super::parse(&text).is_some());
    }
}

/// Every one-character change of a file (and every deletion): what the fast reader reads, the
/// full parser reads the same.
#[test]
fn fast_reads_what_the_full_parser_reads() {
    let mut a = everything();
    a.fields
        .retain(|f| ["num_killed", "participants", "force_used"].contains(&f.key.as_str()));
    let text = crate::io::to_ron(&a);
    let replacements = [
        "", " ", ",", "(", ")", "[", "]", "\"", "\\", "x", "0", "9", "-", ".", ":", "_", "é",
    ];
    let mut accepted = 0;
    for (i, r, m) in crate::batch::stats::fast::one_char_changes(&text, &replacements) {
        if let Some(fast) = super::parse(&m) {
            accepted += 1;
            assert_eq!(Some(fast), full_reading(&m), "at byte {i}, {r:?}:\n{m}");
        }
    }
    assert!(accepted > 100, "{accepted}");
}
