//! Property tests: any annotation, migrated or refused, without a panic or a loss.

use super::*;
use proptest::prelude::*;

fn entry() -> impl Strategy<Value = Entry> {
    let word = prop::sample::select(vec!["fired", "gun", "taser", "none", "x"]);
    prop_oneof![
        Just(Entry::Empty),
        Just(Entry::NotMentioned),
        word.clone().prop_map(|w| val(Value::Choice(w.into()))),
        prop::collection::vec(word, 0..3)
            .prop_map(|w| val(Value::Choices(w.into_iter().map(String::from).collect()))),
        Just(val(Value::Int(3))),
    ]
}

fn field(keys: Vec<&'static str>) -> impl Strategy<Value = FieldAnn> {
    (prop::sample::select(keys), entry(), any::<bool>()).prop_map(|(k, value, ev)| FieldAnn {
        key: k.into(),
        value,
        evidence: if ev {
            vec![Span {
                start: 0,
                end: 1,
                quote: "a".into(),
                stale: false,
            }]
        } else {
            vec![]
        },
        ..FieldAnn::default()
    })
}

fn annotation() -> impl Strategy<Value = Annotation> {
    let top = vec![
        "agency",
        "outcome",
        "force",
        "legal",
        "law_agency",
        "mystery",
    ];
    let subs = vec!["name", "role", "age", "kind", "x"];
    let record = prop::collection::vec(field(subs), 0..4).prop_map(|fields| Record { fields });
    let people = prop::collection::vec(record, 0..3).prop_map(|r| FieldAnn {
        key: "people".into(),
        value: Entry::Records(r),
        ..FieldAnn::default()
    });
    (
        prop::collection::vec(field(top), 0..6),
        prop::option::of(people),
        1u32..5,
    )
        .prop_map(|(mut fields, people, version)| {
            fields.extend(people);
            let mut a = v1_annotation();
            a.fields = fields;
            a.schema.version = version;
            a
        })
}

fn evidence(fields: &[FieldAnn]) -> usize {
    fields
        .iter()
        .map(|f| {
            f.evidence.len()
                + f.records()
                    .iter()
                    .map(|r| evidence(&r.fields))
                    .sum::<usize>()
        })
        .sum()
}

proptest! {
    /// Any annotation migrates or is refused without a panic; what migrates has the schema's
    /// fields in order, loses no evidence and does not change when migrated again.
    #[test]
    fn migration_never_panics_and_loses_nothing(a in annotation()) {
        let v3 = schema(V3);
        if let Ok(m) = migrate(&a, &v3) {
            let b = &m.annotation;
            if m.changed() {
                let keys: Vec<_> = b.fields.iter().map(|f| f.key.as_str()).collect();
                let want: Vec<_> = v3.fields.iter().map(|f| f.key.as_str()).collect();
                prop_assert_eq!(keys, want);
            }
            prop_assert_eq!(
                evidence(&a.fields),
                evidence(&b.fields) + evidence(&b.retired)
            );
            let again = migrate(b, &v3).unwrap();
            prop_assert!(!again.changed());
            prop_assert_eq!(&again.annotation, b);
        }
    }
}
