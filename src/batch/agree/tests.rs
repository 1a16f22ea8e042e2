//! Units from annotations, and the counts over articles.

use super::accum::{Accum, TOP};
use super::alpha::Val;
use super::units::{article_units, rows, scalar, NO_RECORD, RECORD};
use crate::domain::annotation::{Annotation, Entry, FieldAnn, FieldState, Record};
use crate::domain::value::Value;

fn schema() -> crate::domain::schema::Schema {
    crate::io::default_schema()
}

fn ann(reviewer: &str) -> Annotation {
    Annotation::new(
        &schema(),
        "a1",
        "sha256:00",
        reviewer,
        "2026-01-01T00:00:00Z",
    )
}

fn fa(state: FieldState, value: Entry) -> FieldAnn {
    FieldAnn {
        key: "x".into(),
        state,
        value,
        ..FieldAnn::default()
    }
}

fn label(s: &str) -> Option<Val> {
    Some(Val::Label(s.into()))
}

fn row_of(path: &str) -> usize {
    rows(&schema()).iter().position(|r| r.path == path).unwrap()
}

#[test]
fn scalar_values_as_compared() {
    let s = schema();
    let city = s.field("city").unwrap();
    let mut unfit = 0;
    let v = |st, e| scalar(city, Some(&fa(st, e)), &mut 0);
    assert_eq!(
        v(
            FieldState::Corrected,
            Entry::Value(Value::Text("Sgt. O'Neil's  CITY".into()))
        ),
        label("oneils city")
    );
    assert_eq!(
        v(FieldState::Rejected, Entry::Value(Value::Text("x".into()))),
        Some(Val::NotMentioned)
    );
    assert_eq!(
        v(FieldState::Confirmed, Entry::NotMentioned),
        Some(Val::NotMentioned)
    );
    // Unreviewed or empty: missing.
    assert_eq!(
        v(
            FieldState::Unreviewed,
            Entry::Value(Value::Text("x".into()))
        ),
        None
    );
    assert_eq!(v(FieldState::Confirmed, Entry::Empty), None);
    assert_eq!(scalar(city, None, &mut unfit), None);
    // Punctuation only normalises to nothing: "not mentioned", as an empty text is in eval.
    assert_eq!(
        v(
            FieldState::Corrected,
            Entry::Value(Value::Text("--".into()))
        ),
        Some(Val::NotMentioned)
    );
    // A value of another type is left out and counted.
    let n = s.field("num_killed").unwrap();
    let bad = fa(FieldState::Corrected, Entry::Value(Value::Text("3".into())));
    assert_eq!(scalar(n, Some(&bad), &mut unfit), None);
    assert_eq!(unfit, 1);
    let good = fa(FieldState::Corrected, Entry::Value(Value::Int(3)));
    assert_eq!(scalar(n, Some(&good), &mut unfit), Some(Val::Num(3)));
    // Choices as a set, in any order.
    let m = s.field("force_used").unwrap();
    let picked = |c: &[&str]| {
        let e = Entry::Value(Value::Choices(c.iter().map(|s| s.to_string()).collect()));
        scalar(m, Some(&fa(FieldState::Corrected, e)), &mut 0)
    };
    assert_eq!(picked(&["taser", "baton"]), picked(&["baton", "taser"]));
    assert_eq!(picked(&[]), Some(Val::NotMentioned));
}

fn person(name: Option<&str>, role: &str, age: Option<i64>) -> Record {
    let sub = |key: &str, value: Option<Value>| FieldAnn {
        key: key.into(),
        state: if value.is_some() {
            FieldState::Corrected
        } else {
            FieldState::Unreviewed
        },
        value: value.map_or(Entry::Empty, Entry::Value),
        ..FieldAnn::default()
    };
    Record {
        fields: vec![
            sub("name", name.map(|n| Value::Text(n.into()))),
            sub("role", Some(Value::Choice(role.into()))),
            sub("age", age.map(Value::Int)),
        ],
    }
}

fn with_people(reviewer: &str, people: Option<Vec<Record>>) -> Annotation {
    let mut a = ann(reviewer);
    let f = a.field_mut("participants").unwrap();
    match people {
        Some(p) => {
            f.state = FieldState::Corrected;
            f.value = Entry::Records(p);
        }
        None => f.state = FieldState::Rejected,
    }
    a
}

#[test]
fn records_are_aligned_and_one_only_some_have_disagrees() {
    let a = with_people(
        "a",
        Some(vec![
            person(Some("John Smith"), "officer", Some(40)),
            person(None, "victim", Some(12)),
        ]),
    );
    // b: the same officer (a rank added), the child with another age (so not aligned: eval's
    // matcher pairs unnamed records only when their ages agree).
    let b = with_people(
        "b",
        Some(vec![
            person(None, "victim", Some(13)),
            person(Some("Officer John Smith"), "officer", None),
        ]),
    );
    // c did not review the group: missing, not "no record".
    let c = ann("c");
    let units = article_units(&schema(), &[&a, &b, &c]);
    let recs = &units.rows[row_of("participants")];
    let (r, no) = (label(RECORD), label(NO_RECORD));
    assert_eq!(
        recs,
        &vec![
            vec![r.clone(), r.clone(), None],
            vec![r.clone(), no.clone(), None],
            vec![no, r, None],
        ]
    );
    let names = &units.rows[row_of("participants.name")];
    assert_eq!(
        names[0],
        vec![label("john smith"), label("john smith"), None]
    );
    // Sub-fields are coded only by the coders who have the record; b left Smith's age out.
    let ages = &units.rows[row_of("participants.age")];
    assert_eq!(ages[0], vec![Some(Val::Num(40)), None, None]);
    assert_eq!(ages[1], vec![Some(Val::Num(12)), None, None]);
    assert_eq!(ages[2], vec![None, Some(Val::Num(13)), None]);
}

#[test]
fn no_records_from_everyone_is_one_agreeing_unit() {
    let a = with_people("a", None);
    let b = with_people("b", Some(Vec::new()));
    let units = article_units(&schema(), &[&a, &b]);
    assert_eq!(
        units.rows[row_of("participants")],
        vec![vec![Some(Val::NotMentioned), Some(Val::NotMentioned)]]
    );
    assert!(units.rows[row_of("participants.role")].is_empty());
    // One reviewer with records, the other none: each record disagrees.
    let c = with_people("c", Some(vec![person(Some("Ann Lee"), "victim", None)]));
    let units = article_units(&schema(), &[&a, &c]);
    assert_eq!(
        units.rows[row_of("participants")],
        vec![vec![label(NO_RECORD), label(RECORD)]]
    );
}

#[test]
fn the_most_disagreeing_articles_are_kept_in_order_across_merges() {
    let n = rows(&schema()).len();
    let unit = |same: bool| vec![label("x"), label(if same { "x" } else { "y" })];
    // Article `k` disagrees on its first k rows.
    let article = |k: usize| super::units::ArticleUnits {
        rows: (0..n).map(|i| vec![unit(i >= k)]).collect(),
        unfit: 0,
    };
    let (mut left, mut right) = (Accum::new(n), Accum::new(n));
    for k in 0..=(TOP + 3) {
        let acc = if k % 2 == 0 { &mut left } else { &mut right };
        acc.add(&format!("id{k:02}"), &[0, 1], article(k));
    }
    let all = left.merge(right);
    assert_eq!(all.compared, TOP as u64 + 4);
    let ids: Vec<&str> = all.top.iter().map(|d| d.id.as_str()).collect();
    let want: Vec<String> = (4..=(TOP + 3)).rev().map(|k| format!("id{k:02}")).collect();
    assert_eq!(ids, want);
    assert_eq!(all.top[0].rows, (0..TOP + 3).collect::<Vec<_>>());
    // Row 0 disagrees in every article but id00.
    let first = &all.rows[0].coincidences;
    assert_eq!(first.pair_counts(), (TOP as u64 + 4, 1));
    // The pair's counts are the same (two reviewers).
    assert_eq!(all.pairs[&(0, 1)].articles, TOP as u64 + 4);
    assert_eq!(
        all.pairs[&(0, 1)].rows[0].coincidences.pair_counts(),
        first.pair_counts()
    );
}
