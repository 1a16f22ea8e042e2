//! Unit tests of the export's parts: agreement, the gold selection, pseudonymising with its
//! offsets, CSV cells and spans offsets.

use super::pseudo::{apply, has_cue};
use super::select::{agree, select, Basis, LeftOut, Selection};
use super::write::{csv_cell, csv_row, spans_line, LabelledSpan};
use crate::domain::annotation::{
    Adjudication, Annotation, Entry, FieldAnn, FieldState, Record, Span, Status,
};
use crate::domain::value::Value;
use crate::io::team::Team;
use crate::io::AnnotationStore;
use std::path::Path;

fn text(s: &str) -> Entry {
    Entry::Value(Value::Text(s.into()))
}

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
            sub("name", name.map_or(Entry::NotMentioned, text)),
            sub("role", Entry::Value(Value::Choice(role.into()))),
            sub(
                "age",
                age.map_or(Entry::NotMentioned, |a| Entry::Value(Value::Int(a))),
            ),
        ],
    }
}

#[test]
fn agreement_uses_evals_normalisation_and_pairing() {
    assert!(agree(&text("Sgt. John O'Neil"), &text("john oneil")));
    assert!(!agree(&text("John O'Neil"), &text("Jon O'Neil")));
    let multi =
        |c: &[&str]| Entry::Value(Value::Choices(c.iter().map(|s| s.to_string()).collect()));
    assert!(agree(
        &multi(&["taser", "baton"]),
        &multi(&["baton", "taser"])
    ));
    assert!(!agree(&multi(&["taser"]), &multi(&["baton", "taser"])));
    assert!(agree(&Entry::NotMentioned, &Entry::NotMentioned));
    assert!(!agree(&Entry::NotMentioned, &Entry::Empty));
    assert!(!agree(&Entry::Empty, &text("x")));
    assert!(agree(&Entry::Records(vec![]), &Entry::NotMentioned));
    let a = Entry::Records(vec![
        person(Some("Jane Roe"), "victim", Some(12)),
        person(None, "officer", Some(40)),
    ]);
    // The same people in the other order, a name written with a title.
    let b = Entry::Records(vec![
        person(None, "officer", Some(40)),
        person(Some("Ms. Jane Roe"), "victim", Some(12)),
    ]);
    assert!(agree(&a, &b));
    let older = Entry::Records(vec![
        person(None, "officer", Some(41)),
        person(Some("Jane Roe"), "victim", Some(12)),
    ]);
    assert!(
        !agree(&a, &older),
        "an unnamed officer aged 41 is not one aged 40"
    );
    let fewer = Entry::Records(vec![person(Some("Jane Roe"), "victim", Some(12))]);
    assert!(!agree(&a, &fewer));
    // Records pairing cannot pair (no name, no value) agree when the same in the same order.
    let blank = || Record {
        fields: vec![sub("name", Entry::NotMentioned), sub("role", Entry::Empty)],
    };
    let blanks = || Entry::Records(vec![blank(), blank()]);
    assert!(agree(&blanks(), &blanks()));
}

fn ann(id: &str, reviewer: &str, status: Status, city: &str) -> Annotation {
    let schema = crate::io::schema_file::default_schema();
    let mut a = Annotation::new(&schema, id, "sha256:00", reviewer, "2026-01-01T00:00:00Z");
    a.status = status;
    let f = a.field_mut("city").unwrap();
    f.state = FieldState::Corrected;
    f.value = text(city);
    a
}

fn save(root: &Path, a: &Annotation) {
    AnnotationStore::new(root, &a.reviewer).save(a).unwrap();
}

/// What selecting an article gave: basis, reviewers and city, or why it was left out; `None`
/// when not the selected reviewer's.
type Got = Option<Result<(Basis, Vec<String>, String), LeftOut>>;

/// Selects every article of the team under `root` with `sel`, by id.
fn chosen(root: &Path, sel: Selection) -> Vec<(String, Got)> {
    let team = Team::open(root).unwrap();
    let mut out = Vec::new();
    for g in team.groups() {
        for a in team.read(&g).0 {
            let got = select(&team, &sel, &a).map(|r| {
                r.map(|c| {
                    let city = c.ann.field("city").unwrap().value.display();
                    (c.basis, c.reviewers, city)
                })
            });
            out.push((a.id.clone(), got));
        }
    }
    out
}

#[test]
fn gold_takes_the_adjudicated_the_agreed_or_the_only_annotation() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // adj: the reviewers differ; the adjudicator settled it.
    save(root, &ann("adj", "ann", Status::Done, "Kenosha"));
    save(root, &ann("adj", "bob", Status::Done, "Racine"));
    let mut settled = ann("adj", "judge", Status::Done, "Racine");
    settled.adjudication = Some(Adjudication {
        settled: vec!["ann".into(), "bob".into()],
        fields: Vec::new(),
    });
    save(root, &settled);
    // agreed: the same city, written differently; bob's unreviewed city is not the same.
    save(root, &ann("agreed", "ann", Status::Done, "Kenosha"));
    save(root, &ann("agreed", "bob", Status::Done, "KENOSHA."));
    // single: one reviewer done, the other skipped it (no opinion) or never finished it.
    save(root, &ann("single", "ann", Status::Skipped, "x"));
    save(root, &ann("single", "bob", Status::Done, "Racine"));
    // split: different cities; status: done against not relevant.
    save(root, &ann("split", "ann", Status::Done, "Kenosha"));
    save(root, &ann("split", "bob", Status::Done, "Racine"));
    save(root, &ann("status", "ann", Status::Done, "Kenosha"));
    save(root, &ann("status", "bob", Status::NotRelevant, "Kenosha"));
    save(root, &ann("open", "ann", Status::InProgress, "Kenosha"));
    let got = chosen(root, Selection::Gold);
    let by = |id: &str| {
        got.iter()
            .find(|(i, _)| i == id)
            .unwrap()
            .1
            .clone()
            .unwrap()
    };
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        by("adj"),
        Ok((Basis::Adjudicated, v(&["judge"]), "Racine".into()))
    );
    assert_eq!(
        by("agreed"),
        Ok((Basis::Agreed, v(&["ann", "bob"]), "Kenosha".into()))
    );
    assert_eq!(
        by("single"),
        Ok((Basis::Single, v(&["bob"]), "Racine".into()))
    );
    match by("split") {
        Err(LeftOut::Disagree(why)) => assert!(why.contains("differ on city"), "{why}"),
        other => panic!("{other:?}"),
    }
    match by("status") {
        Err(LeftOut::Disagree(why)) => {
            assert!(why.contains("ann done, bob not relevant"), "{why}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(by("open"), Err(LeftOut::InProgress));

    // One reviewer's: theirs when done, else why not; nothing for articles they never opened.
    let team = Team::open(root).unwrap();
    let bob = team.member_named("bob").unwrap();
    let got = chosen(root, Selection::Member(bob));
    let by = |id: &str| got.iter().find(|(i, _)| i == id).unwrap().1.clone();
    assert_eq!(
        by("split"),
        Some(Ok((Basis::Reviewer, v(&["bob"]), "Racine".into())))
    );
    assert_eq!(by("status"), Some(Err(LeftOut::NotRelevant)));
    assert_eq!(by("open"), None);
}

/// A span of `text` over the first occurrence of `quote` (after code point `from`).
fn span_of(text: &str, quote: &str, from: usize) -> Span {
    let chars: Vec<char> = text.chars().collect();
    let q: Vec<char> = quote.chars().collect();
    let start = (from..chars.len())
        .find(|&i| chars[i..].starts_with(&q))
        .unwrap();
    Span {
        start,
        end: start + q.len(),
        quote: quote.into(),
        stale: false,
    }
}

fn all_spans(a: &Annotation) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    for f in &a.fields {
        out.extend(f.evidence.iter().map(|s| (f.key.clone(), s.clone())));
        for r in f.records() {
            for sf in &r.fields {
                out.extend(sf.evidence.iter().map(|s| (sf.key.clone(), s.clone())));
            }
        }
    }
    out
}

#[test]
fn minors_are_found_by_age_or_cue() {
    for yes in [
        "an 11-year-old girl",
        "the teen",
        "aged 9",
        "a 3 year old",
        "a six-month-old",
        "a student",
        "Twelve-year-old",
    ] {
        assert!(has_cue(yes), "{yes}");
    }
    for no in [
        "a 37-year-old man",
        "aged 40",
        "the officer",
        "minor injuries",
        "18-year-old",
    ] {
        assert!(!has_cue(no), "{no}");
    }
}

#[test]
fn pseudonymising_replaces_minors_names_and_keeps_every_span_on_its_text() {
    let mut t = String::from(
        "Officer Bob Lee Stone, 40, stopped Mia Wong on Main St. Wong, 12, was hurt. \
         A 16-year-old girl, Émilie Durand, saw it; Durand's mother said Émilie cried. \
         Stone said Wong ran. Lee Kim, 30, watched.",
    );
    let schema = crate::io::schema_file::default_schema();
    let mut a = Annotation::new(&schema, "x", "sha256:00", "ann", "now");
    let mut officer = person(Some("Bob Lee Stone"), "officer", Some(40));
    officer.fields[0].evidence = vec![span_of(&t, "Bob Lee Stone", 0)];
    // Mia Wong: a minor by her age; her name's evidence, and the age's.
    let mut mia = person(Some("Mia Wong"), "victim", Some(12));
    mia.fields[0].evidence = vec![span_of(&t, "Mia Wong", 0)];
    mia.fields[2].evidence = vec![span_of(&t, "Wong, 12", 0)];
    // Émilie Durand: no age given; "16-year-old girl" stands before her name.
    let mut emilie = person(Some("Émilie Durand"), "bystander", None);
    emilie.fields[0].evidence = vec![span_of(&t, "Émilie Durand", 0)];
    // An adult whose first name another participant's name shares.
    let kim = person(Some("Lee Kim"), "bystander", Some(30));
    let g = a.field_mut("participants").unwrap();
    g.state = FieldState::Confirmed;
    g.value = Entry::Records(vec![emilie, officer, mia, kim]);
    let loc = a.field_mut("legal_action").unwrap();
    loc.state = FieldState::Corrected;
    loc.value = text("Wong's family sued; Stone resigned");
    loc.evidence = vec![span_of(&t, "Stone said Wong ran", 0)];
    let city = a.field_mut("location").unwrap();
    city.value = text("Main St");
    city.evidence = vec![span_of(&t, "Main St", 0)];

    let before = t.clone();
    assert_eq!(apply(&mut a, &mut t), 2);
    // Numbered by first appearance in the text: Mia (at "stopped Mia Wong") before Émilie.
    assert_eq!(
        t,
        "Officer Bob Lee Stone, 40, stopped [minor 1] on Main St. [minor 1], 12, was hurt. \
         A 16-year-old girl, [minor 2], saw it; [minor 2]'s mother said [minor 2] cried. \
         Stone said [minor 1] ran. Lee Kim, 30, watched."
    );
    for name in ["Mia", "Wong", "Émilie", "Durand"] {
        assert!(!t.contains(name), "{name} is still in {t}");
    }
    let names: Vec<String> = a
        .field("participants")
        .unwrap()
        .records()
        .iter()
        .map(|r| r.fields[0].value.display())
        .collect();
    assert_eq!(
        names,
        ["[minor 2]", "Bob Lee Stone", "[minor 1]", "Lee Kim"]
    );
    assert_eq!(
        a.field("legal_action").unwrap().value,
        text("[minor 1]'s family sued; Stone resigned")
    );
    let chars: Vec<char> = t.chars().collect();
    let spans = all_spans(&a);
    for (key, s) in &spans {
        let at: String = chars[s.start..s.end].iter().collect();
        assert_eq!(at, s.quote, "{key}");
    }
    let quotes: Vec<&str> = spans.iter().map(|(_, s)| s.quote.as_str()).collect();
    assert_eq!(
        quotes,
        [
            "Main St",
            "[minor 2]",
            "Bob Lee Stone",
            "[minor 1]",
            "[minor 1], 12",
            "Stone said [minor 1] ran",
        ]
    );
    // Nothing changes without a minor.
    let mut adult = a.clone();
    let g = adult.field_mut("participants").unwrap();
    g.value = Entry::Records(vec![person(Some("Bob Lee Stone"), "officer", Some(40))]);
    let mut same = before.clone();
    assert_eq!(apply(&mut adult, &mut same), 0);
    assert_eq!(same, before);
}

#[test]
fn a_name_part_another_participant_shares_is_not_replaced_alone() {
    let mut t = String::from("Ana Kim, 9, and Joe Kim, 41, were there. Kim said Ana was fine.");
    let schema = crate::io::schema_file::default_schema();
    let mut a = Annotation::new(&schema, "x", "sha256:00", "ann", "now");
    let g = a.field_mut("participants").unwrap();
    g.value = Entry::Records(vec![
        person(Some("Ana Kim"), "victim", Some(9)),
        person(Some("Joe Kim"), "other", Some(41)),
    ]);
    assert_eq!(apply(&mut a, &mut t), 1);
    assert_eq!(
        t,
        "[minor 1], 9, and Joe Kim, 41, were there. Kim said [minor 1] was fine."
    );
}

#[test]
fn csv_cells_are_quoted_and_formulas_defused() {
    let cell = |s: &str| {
        let mut out = Vec::new();
        csv_cell(s, &mut out);
        String::from_utf8(out).unwrap()
    };
    assert_eq!(cell("plain"), "plain");
    assert_eq!(cell("a,b"), "\"a,b\"");
    assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(cell("two\nlines"), "\"two\nlines\"");
    assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    for f in ["+1", "-1", "@SUM(A1)", "\tx"] {
        assert_eq!(cell(f), format!("'{f}"));
    }
    assert_eq!(cell("\rx"), "\"'\rx\"");
    assert_eq!(cell("a=b"), "a=b");
    assert_eq!(cell("ünïcode"), "ünïcode");
    let mut row = Vec::new();
    csv_row(&["a", "", "b c"], &mut row);
    assert_eq!(row, b"a,,b c\r\n");
}

#[test]
fn spans_offsets_in_code_points_or_bytes() {
    let text = "Zoë met Zoë.";
    let spans = vec![LabelledSpan {
        start: 8,
        end: 11,
        label: "participants.name".into(),
        value: "Zoë".into(),
    }];
    let cp = String::from_utf8(spans_line("x", text, &spans, false)).unwrap();
    assert_eq!(
        cp,
        r#"{"id":"x","text":"Zoë met Zoë.","spans":[{"start":8,"end":11,"label":"participants.name","value":"Zoë"}]}"#
    );
    let by = String::from_utf8(spans_line("x", text, &spans, true)).unwrap();
    assert!(by.contains(r#""start":9,"end":13"#), "{by}");
    assert_eq!(&text.as_bytes()[9..13], "Zoë".as_bytes());
}
