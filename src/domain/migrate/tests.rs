use super::*;
use crate::domain::annotation::{new_record, Draft, FieldState, Span, Suggestion};
use crate::io::validate::check_annotation;

/// Version 1 of a small schema.
const V1: &str = r#"(name: "t", version: 1, fields: [
    (key: "agency", label: "Agency", type: Text),
    (key: "outcome", label: "Outcome", type: Enum(["none", "fired"])),
    (key: "force", label: "Force", type: Multi(["taser", "gun"])),
    (key: "legal", label: "Legal", type: Text),
    (key: "people", label: "People", type: Group([
        (key: "name", label: "Name", type: Text),
        (key: "role", label: "Role", type: Enum(["officer", "victim"])),
        (key: "age", label: "Age", type: Integer),
    ])),
])"#;

/// Version 3: v1 -> v2 renamed `agency`, `people.role` and two choices, retired `legal` and
/// `people.age`; v2 -> v3 renamed `agency` again and a choice again, and added a field, a
/// sub-field and a choice.
const V3: &str = r#"(name: "t", version: 3, fields: [
    (key: "agency_name", label: "Agency", type: Text),
    (key: "outcome", label: "Outcome", type: Enum(["none", "terminated", "resigned"])),
    (key: "force", label: "Force", type: Multi(["taser", "firearm"])),
    (key: "people", label: "People", type: Group([
        (key: "name", label: "Name", type: Text),
        (key: "kind", label: "Kind", type: Enum(["officer", "victim"])),
        (key: "gender", label: "Gender", type: Text),
    ])),
    (key: "added", label: "Added", type: Text),
],
migrations: [
    (from: 1,
     renames: [("agency", "law_agency"), ("people.role", "people.kind")],
     choice_renames: [
        (field: "outcome", old: "fired", new: "dismissed"),
        (field: "force", old: "gun", new: "firearm"),
     ],
     retired: ["legal", "people.age"]),
    (from: 2,
     renames: [("law_agency", "agency_name")],
     choice_renames: [(field: "outcome", old: "dismissed", new: "terminated")]),
])"#;

fn schema(text: &str) -> Schema {
    let s: Schema = ron::from_str(text).unwrap();
    s.check().unwrap();
    s
}

fn val(v: Value) -> Entry {
    Entry::Value(v)
}

fn set(ann: &mut Annotation, key: &str, v: Entry, state: FieldState) {
    let f = ann.field_mut(key).unwrap();
    f.value = v.clone();
    f.state = state;
    f.suggestion = Some(Suggestion {
        value: v,
        confidence: Some(0.5),
        source: "test".into(),
    });
}

/// A version 1 annotation with every field filled, evidence and a note on `agency`.
fn v1_annotation() -> Annotation {
    let v1 = schema(V1);
    let mut a = Annotation::new(&v1, "a", "sha256:x", "anna", "now");
    let text = |s: &str| val(Value::Text(s.into()));
    set(
        &mut a,
        "agency",
        text("Kenosha Police"),
        FieldState::Confirmed,
    );
    let f = a.field_mut("agency").unwrap();
    f.evidence.push(Span {
        start: 3,
        end: 17,
        quote: "Kenosha Police".into(),
        stale: false,
    });
    f.note = Some("checked".into());
    let fired = val(Value::Choice("fired".into()));
    set(&mut a, "outcome", fired, FieldState::Corrected);
    let force = val(Value::Choices(vec!["gun".into(), "taser".into()]));
    set(&mut a, "force", force, FieldState::Confirmed);
    set(&mut a, "legal", text("lawsuit"), FieldState::Confirmed);
    let FieldType::Group(subs) = &v1.field("people").unwrap().kind else {
        unreachable!()
    };
    let mut rec = new_record(subs);
    rec.fields[0].value = text("Ann");
    rec.fields[1].value = val(Value::Choice("victim".into()));
    rec.fields[1].state = FieldState::Confirmed;
    rec.fields[2].value = val(Value::Int(34));
    rec.fields[2].state = FieldState::Confirmed;
    let people = a.field_mut("people").unwrap();
    people.value = Entry::Records(vec![rec]);
    people.state = FieldState::Confirmed;
    a.draft = Some(Draft {
        field: "people[0].role#note".into(),
        text: "typing".into(),
    });
    a
}

#[test]
fn a_chain_maps_renames_choices_and_retirements_over() {
    let v3 = schema(V3);
    let old = v1_annotation();
    let m = migrate(&old, &v3).unwrap();
    let a = &m.annotation;
    assert!(m.changed());
    assert_eq!((m.from, a.schema.version), (1, 3));
    let keys: Vec<_> = a.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["agency_name", "outcome", "force", "people", "added"]);
    // Renamed twice, value, state, evidence and note kept.
    let agency = a.field("agency_name").unwrap();
    let was = old.field("agency").unwrap();
    assert_eq!((&agency.value, agency.state), (&was.value, was.state));
    assert_eq!((&agency.evidence, &agency.note), (&was.evidence, &was.note));
    // A choice renamed in both steps, in the value and the suggestion.
    let outcome = a.field("outcome").unwrap();
    let terminated = val(Value::Choice("terminated".into()));
    assert_eq!(outcome.value, terminated);
    assert_eq!(outcome.suggestion.as_ref().unwrap().value, terminated);
    assert_eq!(outcome.state, FieldState::Corrected);
    let force = val(Value::Choices(vec!["firearm".into(), "taser".into()]));
    assert_eq!(a.field("force").unwrap().value, force);
    assert_eq!(
        a.field("force").unwrap().suggestion.as_ref().unwrap().value,
        force
    );
    // Counted per migration: the outcome's value and suggestion twice, the force's once.
    assert_eq!(m.choices, 6);
    // The added field appears unreviewed; so does the added sub-field.
    assert_eq!(a.field("added").unwrap(), &FieldAnn::new("added"));
    let rec = &a.field("people").unwrap().records()[0];
    let subs: Vec<_> = rec.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(subs, ["name", "kind", "gender"]);
    assert_eq!(rec.fields[1].value, val(Value::Choice("victim".into())));
    assert_eq!(rec.fields[2], FieldAnn::new("gender"));
    assert_eq!(m.added, ["people.gender", "added"]);
    // Retired: the field whole, the sub-field in a group-shaped entry.
    assert_eq!(a.retired[0], *old.field("legal").unwrap());
    assert_eq!(a.retired[1].key, "people");
    let gone = a.retired[1].records();
    assert_eq!(gone.len(), 1);
    assert_eq!(
        gone[0].fields,
        [old.field("people").unwrap().records()[0].fields[2].clone()]
    );
    assert_eq!(m.retired, ["legal", "people.age"]);
    assert_eq!(
        m.renamed,
        [
            ("agency".to_string(), "law_agency".to_string()),
            ("people.role".into(), "people.kind".into()),
            ("law_agency".into(), "agency_name".into()),
        ]
    );
    // The draft follows its field.
    assert_eq!(a.draft.as_ref().unwrap().field, "people[0].kind#note");
    // The result fits the schema, and migrating again changes nothing.
    assert_eq!(check_annotation(a, &v3), Vec::<String>::new());
    let again = migrate(a, &v3).unwrap();
    assert!(!again.changed());
    assert_eq!(&again.annotation, a);
}

#[test]
fn a_middle_version_takes_only_the_later_steps() {
    let v3 = schema(V3);
    let mut a = v1_annotation();
    a.schema.version = 2;
    // As version 2 has it.
    a.field_mut("agency").unwrap().key = "law_agency".into();
    a.field_mut("outcome").unwrap().value = val(Value::Choice("dismissed".into()));
    a.field_mut("outcome").unwrap().suggestion = None;
    a.field_mut("force").unwrap().value = val(Value::Choices(vec!["firearm".into()]));
    a.field_mut("force").unwrap().suggestion = None;
    a.fields.retain(|f| f.key != "legal" && f.key != "people");
    let m = migrate(&a, &v3).unwrap();
    let b = &m.annotation;
    assert_eq!(b.field("agency_name").unwrap().value, a.fields[0].value);
    let outcome = &b.field("outcome").unwrap().value;
    assert_eq!(outcome, &val(Value::Choice("terminated".into())));
    assert!(b.retired.is_empty());
    assert_eq!(m.added, ["people", "added"]);
    assert_eq!(check_annotation(b, &v3), Vec::<String>::new());
}

#[test]
fn newer_versions_other_schemas_and_unknown_fields_are_errors() {
    let v3 = schema(V3);
    let mut a = v1_annotation();
    a.schema.version = 4;
    assert_eq!(
        migrate(&a, &v3).unwrap_err(),
        MigrateError::Newer {
            name: "t".into(),
            found: 4,
            version: 3
        }
    );
    a.schema.version = 1;
    a.schema.name = "other".into();
    assert!(matches!(
        migrate(&a, &v3),
        Err(MigrateError::OtherSchema { .. })
    ));
    a.schema.name = "t".into();
    a.fields.push(FieldAnn::new("mystery"));
    let e = migrate(&a, &v3).unwrap_err();
    assert_eq!(
        e.to_string(),
        "field \"mystery\" is not in version 3 and no migration renames or retires it"
    );
    a.fields.pop();
    let rec = &mut a.field_mut("people").unwrap().value;
    let Entry::Records(recs) = rec else {
        unreachable!()
    };
    recs[0].fields.push(FieldAnn::new("height"));
    let e = migrate(&a, &v3).unwrap_err();
    assert!(
        matches!(e, MigrateError::Unknown { ref path, .. } if path == "people.height"),
        "{e}"
    );
}

#[test]
fn two_fields_renamed_into_one_is_an_error() {
    let v3 = schema(V3);
    let mut a = v1_annotation();
    a.fields.push(FieldAnn::new("law_agency"));
    let e = migrate(&a, &v3).unwrap_err();
    assert_eq!(
        e,
        MigrateError::Collision {
            path: "law_agency".into(),
            from: 1
        }
    );
}

#[test]
fn a_current_annotation_comes_back_unchanged() {
    let v1 = schema(V1);
    let a = v1_annotation();
    let m = migrate(&a, &v1).unwrap();
    assert!(!m.changed());
    assert_eq!(m.annotation, a);
}

#[test]
fn retired_group_keeps_its_records() {
    let mut v3 = schema(V3);
    // A fourth version retires the whole group.
    v3.migrations.push(Migration {
        from: 3,
        renames: vec![],
        choice_renames: vec![],
        retired: vec!["people".into()],
    });
    v3.version = 4;
    v3.fields.retain(|f| f.key != "people");
    v3.check().unwrap();
    let m = migrate(&v1_annotation(), &v3).unwrap();
    let a = &m.annotation;
    assert!(a.field("people").is_none());
    // Retired by the last migration, as version 3 had it before the fields were fitted.
    let people = a.retired.iter().rfind(|r| r.key == "people").unwrap();
    let rec = &people.records()[0];
    let keys: Vec<_> = rec.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["name", "kind"]);
    assert_eq!(rec.fields[1].value, val(Value::Choice("victim".into())));
    assert_eq!(check_annotation(a, &v3), Vec::<String>::new());
}

fn problem(text: &str) -> String {
    let s: Schema = ron::from_str(text).unwrap();
    s.check().unwrap_err().to_string()
}

#[test]
fn bad_migration_rules_are_found() {
    let v3 = V3.replace("(from: 2,", "(from: 1,");
    let e = problem(&v3);
    assert!(
        e.starts_with("migration from version 1: versions must increase"),
        "{e}"
    );
    let e = problem(&V3.replace("(from: 2,", "(from: 3,"));
    assert!(e.contains("3 is not below this schema's version, 3"), "{e}");
    let e = problem(&V3.replace("\"agency_name\")", "\"agency_nom\")"));
    assert_eq!(e, "migration from version 2: rename \"law_agency\" -> \"agency_nom\": \"agency_nom\" is not a field of version 3");
    let e = problem(&V3.replace(
        "\"law_agency\"), (\"people.role\"",
        "\"law_agencie\"), (\"people.role\"",
    ));
    assert_eq!(e, "migration from version 1: rename \"agency\" -> \"law_agencie\": \"law_agencie\" is not a field of version 3");
    let e = problem(&V3.replace("(from: 2,\n", "(from: 2, retired: [\"added\"],\n"));
    assert_eq!(
        e,
        "migration from version 2: retired \"added\" is still a field of version 3"
    );
    let cycle = V3.replace(
        "renames: [(\"law_agency\", \"agency_name\")]",
        "renames: [(\"law_agency\", \"agency_name\"), (\"agency_name\", \"law_agency\")]",
    );
    assert!(
        problem(&cycle).contains("both an old and a new name"),
        "{}",
        problem(&cycle)
    );
    let e = problem(&V3.replace("new: \"terminated\"", "new: \"sacked\""));
    assert!(
        e.contains("\"sacked\" is not a choice of \"outcome\" in version 3"),
        "{e}"
    );
    let e = problem(&V3.replace("new: \"dismissed\"", "new: \"sacked\""));
    assert!(
        e.contains("\"sacked\" is not a choice of \"outcome\""),
        "{e}"
    );
    let e = problem(&V3.replace(
        "(\"people.role\", \"people.kind\")",
        "(\"people.role\", \"kind\")",
    ));
    assert!(
        e.contains("a field and a sub-field cannot trade places"),
        "{e}"
    );
    let e = problem(&V3.replace("field: \"force\"", "field: \"agency\""));
    assert!(e.contains("is a text field, not enum or multi"), "{e}");
    let e = problem(&V3.replace("\"people.kind\")", "\"people.kind\"), (\"legal\", \"x\")"));
    assert!(e.contains("both renamed and retired"), "{e}");
    let e = problem(&V3.replace(
        "\"people.kind\")",
        "\"people.kind\"), (\"Bad Key\", \"added\")",
    ));
    assert!(e.contains("is not a field path"), "{e}");
}

#[test]
fn draft_paths_follow_renames() {
    let v3 = schema(V3);
    let step = &v3.migrations[0];
    assert_eq!(draft_path("agency", step), "law_agency");
    assert_eq!(draft_path("agency#note", step), "law_agency#note");
    assert_eq!(draft_path("people[2].role", step), "people[2].kind");
    assert_eq!(
        draft_path("people[0].name#note", step),
        "people[0].name#note"
    );
    // Retired fields and paths that are not a field's keep their text.
    assert_eq!(draft_path("legal", step), "legal");
    assert_eq!(draft_path("people[1].age", step), "people[1].age");
    assert_eq!(draft_path("agency[", step), "agency[");
    assert_eq!(draft_path("", step), "");
}

mod props;
