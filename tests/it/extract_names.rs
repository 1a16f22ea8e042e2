//! People rules on hand-made sentences: a name the text gives someone met before, status cues.

use serde_json::Value;

use crate::extract_generalise::run_on;

/// Each participant's name and the value of one of its sub-fields, in order.
pub(crate) fn people_with(text: &str, sub: &str) -> Vec<(Option<String>, Value)> {
    let p = run_on(text);
    let records = p.fields.get("participants").and_then(Value::as_array);
    records
        .into_iter()
        .flatten()
        .map(|r| {
            let name = r.get("name").and_then(Value::as_str).map(str::to_string);
            (name, r.get(sub).cloned().unwrap_or(Value::Null))
        })
        .collect()
}

/// Each participant's name and status list, in order.
fn people(text: &str) -> Vec<(Option<String>, Value)> {
    people_with(text, "status")
}

/// The age given the participant of that name, if any such participant.
fn age_of(ages: &[(Option<String>, Value)], name: &str) -> Option<Value> {
    ages.iter()
        .find(|(n, _)| n.as_deref() == Some(name))
        .map(|(_, a)| a.clone())
}

#[test]
fn a_person_identified_later_is_the_one_met_before() {
    let got = people("A toddler was shot Friday. The toddler has been identified as Carter Epps.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0.as_deref(), Some("Carter Epps"));
    assert_eq!(got[0].1, serde_json::json!(["injured"]));
}

#[test]
fn an_apposition_without_a_copula_does_not_rename_someone_else() {
    // "the neighbor, Ann Lee" names a neighbor, not the girl who was shot.
    let got = people("A girl was shot Friday. The neighbor, Ann Lee, called 911.");
    assert!(
        got.iter().all(|(n, _)| n.as_deref() != Some("Ann Lee")),
        "{got:?}"
    );
}

#[test]
fn a_hospital_trip_tells_of_an_injury() {
    for text in [
        "Kevin Jackson was taken to a hospital after the shooting.",
        "Kevin Jackson was airlifted to a trauma center.",
    ] {
        let got = people(text);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(got[0].1, serde_json::json!(["injured"]), "{text}");
    }
}

#[test]
fn a_block_number_is_not_a_year() {
    // Read as the year 1900, the sentence would tell of another time and its cues would not count.
    let got = people("Kevin Jackson was injured in the 1900 block of Main Street.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, serde_json::json!(["injured"]));
}

#[test]
fn the_deaths_of_several() {
    let got = people("Figueroa is charged in the deaths of Veronica Mercado and Ana Cruz.");
    let killed: Vec<_> = got
        .iter()
        .filter(|(_, s)| *s == serde_json::json!(["killed"]))
        .filter_map(|(n, _)| n.as_deref())
        .collect();
    assert_eq!(killed, ["Veronica Mercado", "Ana Cruz"], "{got:?}");
}

#[test]
fn a_run_without_a_first_name_and_with_a_common_last_word_is_no_name() {
    let got = people("A man was shot Friday. Giant Purple Statue was killed, police said. The statue was purple.");
    assert!(got.iter().all(|(n, _)| n.is_none()), "{got:?}");
    // A known first name keeps a surname that is also a word.
    let got = people("Marcus Young was shot Friday. The young man was killed.");
    assert_eq!(got[0].0.as_deref(), Some("Marcus Young"), "{got:?}");
}

#[test]
fn a_pronoun_identified_as_a_name_is_the_one_met_before() {
    for text in [
        "A 19-year-old man was shot and later died. Police identified him as Marcus Lyman.",
        "A 19-year-old man was shot and later died. He was identified as Marcus Lyman.",
    ] {
        let p = run_on(text);
        let records = p.fields.get("participants").and_then(Value::as_array);
        let records: Vec<&Value> = records.into_iter().flatten().collect();
        assert_eq!(records.len(), 1, "{text}: {records:?}");
        assert_eq!(records[0]["name"], "Marcus Lyman", "{text}");
        assert_eq!(records[0]["age"], 19, "{text}");
    }
}

#[test]
fn an_age_alone_before_what_befell_it_is_a_person() {
    let p = run_on("Police found two men shot. The 19-year-old later died at a hospital.");
    let records = p.fields.get("participants").and_then(Value::as_array);
    let aged: Vec<&Value> = records
        .into_iter()
        .flatten()
        .filter(|r| r["age"] == 19)
        .collect();
    assert_eq!(aged.len(), 1, "{p:?}");
    assert_eq!(aged[0]["status"], serde_json::json!(["killed"]));
}

#[test]
fn an_age_a_list_shares() {
    let ages = people_with(
        "Mary Smith, John Doe and Ann Lee, all 19, were shot. Tom Ray, 30, and Joe Ray, both 19.",
        "age",
    );
    let age = |n: &str| age_of(&ages, n);
    for n in ["Mary Smith", "John Doe", "Ann Lee"] {
        assert_eq!(age(n), Some(serde_json::json!(19)), "{n}: {ages:?}");
    }
    // "both 19" after "and": the one with an age of their own keeps it.
    assert_ne!(age("Tom Ray"), Some(serde_json::json!(19)), "{ages:?}");
}

#[test]
fn names_identified_after_a_group_take_its_fate() {
    for (text, status) in [
        (
            "Two men were killed Friday. The victims were identified as John Smith and Mark Jones.",
            "killed",
        ),
        (
            "Two men were shot. They were identified as John Smith and Mark Jones.",
            "injured",
        ),
    ] {
        let got = people(text);
        assert_eq!(got.len(), 2, "{text}: {got:?}");
        for (_, s) in &got {
            assert_eq!(*s, serde_json::json!([status]), "{text}: {got:?}");
        }
    }
}

#[test]
fn left_dead_and_shot_to_death() {
    let got = people("A shooting in Salisbury left a 7-year-old girl dead and her grandmother wounded early Sunday.");
    let fates: Vec<&Value> = got.iter().map(|(_, s)| s).collect();
    assert_eq!(
        fates,
        [
            &serde_json::json!(["killed"]),
            &serde_json::json!(["injured"])
        ],
        "{got:?}"
    );
    let got = people("Police said Kyle Smith, 16, was robbed and shot to death in his home.");
    assert_eq!(got[0].1, serde_json::json!(["killed"]), "{got:?}");
}

#[test]
fn ages_without_a_closing_comma() {
    let ages = people_with(
        "Calvin Williams, 24 was shot in the chest. Dennie Reeves, 66 and Ginger Reeves, 64 were \
         found dead. Davon Coleman, also 18, was killed. Deputies found 17-year old Jordan \
         Middleton dead.",
        "age",
    );
    for (name, age) in [
        ("Calvin Williams", 24),
        ("Dennie Reeves", 66),
        ("Ginger Reeves", 64),
        ("Davon Coleman", 18),
        ("Jordan Middleton", 17),
    ] {
        assert_eq!(
            age_of(&ages, name),
            Some(serde_json::json!(age)),
            "{name}: {ages:?}"
        );
    }
}

#[test]
fn an_age_before_of_or_after_the_word_age_is_the_persons() {
    for (text, name, age) in [
        (
            "Shawn Lee Johnson, 21 of Lynchburg, was shot on Friday.",
            "Shawn Lee Johnson",
            21,
        ),
        (
            "Hank Bradley Bollen, age 9, of Magnolia, was shot on Friday.",
            "Hank Bradley Bollen",
            9,
        ),
    ] {
        let got = people_with(text, "age");
        assert_eq!(
            age_of(&got, name),
            Some(serde_json::json!(age)),
            "{text}: {got:?}"
        );
    }
    // "of" after a number that is not an age right after the name: no age.
    let got = people_with(
        "Police said Kevin Jackson, the 3rd of 4 children, was shot.",
        "age",
    );
    assert!(
        !got.iter().any(|(_, a)| a == &serde_json::json!(3)),
        "{got:?}"
    );
}
