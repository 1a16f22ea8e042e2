//! Unit tests of normalisation, name matching, record pairing and text support.

use super::matching::*;
use super::support::*;
use crate::domain::schema::FieldType;
use crate::domain::value::Value;

fn name(s: &str) -> PersonName {
    PersonName::parse(s).unwrap()
}

#[test]
fn text_normalisation() {
    assert_eq!(normalize_text("  Sgt. John  O'Neil, Jr. "), "john oneil jr");
    assert_eq!(normalize_text("Officer"), "officer");
    assert_eq!(
        normalize_text("Police Chief Hassan Aden"),
        "police hassan aden"
    );
    assert!(text_match("Chicago (Roseland)", "chicago"));
    assert!(text_match("Chicago", "Chicago (Roseland)"));
    assert!(text_match("Kenosha Police", "kenosha  police."));
    assert!(text_match("Mr. Zachary Christensen", "Zachary Christensen"));
    assert!(!text_match("Kenosha Police", "Kenosha Police Department"));
    assert!(!text_match("(Roseland)", "Chicago"));
    assert!(!text_match("", "Chicago"));
}

#[test]
fn names() {
    let n = name("Haywood Whichard, Jr");
    assert_eq!(n.surname, "whichard");
    assert_eq!(n.given.as_deref(), Some("haywood"));
    assert_eq!(name("Faust").given, None);
    assert!(PersonName::parse("  .. ").is_none());
    // A rank alone is someone unnamed, not a name.
    assert!(PersonName::parse("Officer").is_none());
    assert!(PersonName::parse("Deputy Sheriff").is_none());
    assert_eq!(name("Sargeant Lee Jundt").given.as_deref(), Some("lee"));
    assert_eq!(name("Rev. Dr. Daniel Simmons, Sr").full, "daniel simmons");
    assert_eq!(edit_distance("christensen", "christiansen"), 2);
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    let zc = name("Zachary Christensen");
    assert_eq!(name_score(&zc, &name("Zachary Christensen")), 3);
    assert_eq!(name_score(&zc, &name("Officer Zach Christensen")), 2);
    assert_eq!(name_score(&zc, &name("Z. Christiansen")), 1);
    assert_eq!(name_score(&zc, &name("Christensen")), 2);
    assert_eq!(name_score(&zc, &name("Mary Christensen")), 0);
    // Short surnames need to be equal.
    assert_eq!(name_score(&name("Ann Lee"), &name("Ann Lea")), 0);
    assert_eq!(
        name_score(&name("Lakim Anthony Faust"), &name("Lakim Faust")),
        2
    );
    // The article may call someone by a middle name.
    let tartt = name("Agent James Lee Tartt");
    assert_eq!(name_score(&tartt, &name("Lee Tartt")), 2);
    assert_eq!(name_score(&name("Lee Tartt"), &tartt), 2);
    assert_eq!(name_score(&tartt, &name("Mark Tartt")), 0);
    assert_eq!(
        name_score(
            &name("Deputy Sheriff Bradford Allen Garafola"),
            &name("Brad Garafola")
        ),
        2
    );
}

fn rec(n: Option<&str>, role: &str, age: Option<&str>) -> RecordView {
    RecordView {
        name: n.map(name),
        role: Some(role.to_string()),
        age: age.map(str::to_string),
        others: vec![],
    }
}

#[test]
fn pairing() {
    let gold = [
        rec(Some("John Smith"), "victim", Some("30")),
        rec(None, "victim", Some("12")),
        rec(Some("Jane Doe"), "suspect", None),
    ];
    let pred = [
        rec(None, "victim", Some("12")),
        rec(Some("J. Smith"), "victim", None),
        rec(Some("Bob Roe"), "suspect", None),
        rec(None, "officer", Some("30")),
    ];
    let pairs = pair_records(&gold, &pred);
    let got: Vec<(usize, usize, bool)> =
        pairs.iter().map(|p| (p.gold, p.pred, p.by_name)).collect();
    // Smith by name; the unnamed 12-year-old by role and age; Jane Doe and Bob Roe are both named
    // differently, so they stay apart; the officer disagrees on role.
    assert_eq!(got, [(0, 1, true), (1, 0, false)]);
    // A named gold record pairs with an unnamed prediction by role and age.
    let pairs = pair_records(&gold[..1], &[rec(None, "victim", Some("30"))]);
    assert_eq!(pairs.len(), 1);
    assert!(!pairs[0].by_name);
    // Different ages never pair.
    assert!(pair_records(&gold[1..2], &[rec(None, "victim", Some("13"))]).is_empty());
    assert!(pair_records(&[], &pred).is_empty());
}

#[test]
fn support() {
    let t = ArticleText::new(
        "GREENVILLE, N.C. - Police Chief Hassan Aden said Friday that five people, ages 23 and \
         70, were shot on June 21st near Roseland. No one died.",
    );
    let text = |s: &str| supports(&t, &FieldType::Text, &Value::Text(s.into()));
    assert!(text("Greenville"));
    assert!(text("North Carolina"));
    assert!(!text("South Carolina"));
    assert!(text("Chicago (Roseland)"));
    assert!(text("Officer Hassan Aden"));
    assert!(!text("Greenvill"));
    let int = |n: i64| supports(&t, &FieldType::Integer, &Value::Int(n));
    assert!(int(5) && int(23) && int(0));
    assert!(!int(4));
    let date = |d: &str| supports(&t, &FieldType::Date, &Value::Date(d.into()));
    assert!(date("2013-06-21"));
    // 2013-06-14 was a Friday.
    assert!(date("2013-06-14"));
    assert!(!date("2013-06-15"));
    assert!(!date("not a date"));
    assert!(supports(&t, &FieldType::Boolean, &Value::Bool(true)));
    assert!(t.has_name(&name("Hassan Aden")));
    assert!(!t.has_name(&name("Hassan Adenauer")));
    // "Va." inside "W.Va." does not name Virginia.
    let wv = ArticleText::new("CHARLESTON, W.Va. - ");
    assert!(!supports(
        &wv,
        &FieldType::Text,
        &Value::Text("Virginia".into())
    ));
    assert!(supports(
        &wv,
        &FieldType::Text,
        &Value::Text("West Virginia".into())
    ));
}
