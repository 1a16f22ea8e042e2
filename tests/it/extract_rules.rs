//! The built-in extractor's rule families on hand-made sentences, with the default schema's rules;
//! and the extractor's contract: valid predictions, exact evidence, no panic on any input, rules
//! that fail to compile name their field.

use serde_json::{json, Value};
use vetter::domain::annotation::Annotation;
use vetter::domain::article::Article;
use vetter::domain::prediction::{apply, Prediction};
use vetter::domain::text::slice_chars;
use vetter::extract::Extractor;
use vetter::io::default_schema;

fn extractor() -> Extractor {
    Extractor::new(&default_schema()).unwrap()
}

fn run(text: &str, published: Option<&str>) -> Prediction {
    let art = Article {
        id: "t".into(),
        text: text.into(),
        published: published.map(str::to_string),
        ..Default::default()
    };
    let p = extractor().extract(&art);
    check(&art, &p);
    p
}

/// Every prediction applies cleanly, and every evidence span quotes the text at its offsets.
fn check(art: &Article, p: &Prediction) {
    let schema = default_schema();
    let mut ann = Annotation::new(&schema, &art.id, &art.text_hash(), "t", "now");
    let problems = apply(p, &schema, &art.text, &mut ann);
    assert!(problems.is_empty(), "{problems:?}");
    for (path, spans) in &p.evidence {
        for s in spans {
            assert!(s.start < s.end, "{path}: empty span");
            assert_eq!(
                Some(slice_chars(&art.text, s.start, s.end)),
                s.quote.as_deref(),
                "{path}"
            );
        }
    }
    for (path, c) in &p.confidence {
        assert!((0.0..=1.0).contains(c), "{path}: {c}");
    }
}

fn field<'p>(p: &'p Prediction, key: &str) -> &'p Value {
    p.fields.get(key).unwrap_or(&Value::Null)
}

fn people(p: &Prediction) -> Vec<Value> {
    field(p, "participants")
        .as_array()
        .cloned()
        .unwrap_or_default()
}

// Dates.

#[test]
fn absolute_dates() {
    let p = run("The shooting happened on March 4, 2021, at a school.", None);
    assert_eq!(field(&p, "incident_date"), "2021-03-04");
    let p = run(
        "Records show the shooting happened 2016-07-07 near the park.",
        None,
    );
    assert_eq!(field(&p, "incident_date"), "2016-07-07");
    let p = run(
        "Lapel video of the Aug. 27 incident was released.",
        Some("2021-10-05"),
    );
    assert_eq!(field(&p, "incident_date"), "2021-08-27");
}

#[test]
fn a_date_without_a_year_is_the_latest_not_after_publication() {
    let p = run(
        "The man was shot on Dec. 30 outside a bar.",
        Some("2017-01-06"),
    );
    assert_eq!(field(&p, "incident_date"), "2016-12-30");
}

#[test]
fn relative_dates_count_from_publication() {
    // 2016-07-08 is a Friday.
    let p = run(
        "A man was shot and killed Thursday night, police said.",
        Some("2016-07-08"),
    );
    assert_eq!(field(&p, "incident_date"), "2016-07-07");
    let p = run(
        "A woman was wounded in a shooting yesterday.",
        Some("2016-07-08"),
    );
    assert_eq!(field(&p, "incident_date"), "2016-07-07");
    let p = run(
        "Two men were shot on Sunday outside a store.",
        Some("2016-07-08"),
    );
    assert_eq!(field(&p, "incident_date"), "2016-07-03");
}

#[test]
fn the_event_date_beats_the_date_of_a_statement() {
    // 2013-06-24 is a Monday.
    let text =
        "Police took the suspect into custody Friday after the shooting, the chief said Sunday.";
    let p = run(text, Some("2013-06-24"));
    assert_eq!(field(&p, "incident_date"), "2013-06-21");
}

#[test]
fn the_day_of_an_arrest_is_not_the_day_of_the_shooting() {
    // 2016-07-18 is a Monday.
    let text = "A man was arrested Saturday in connection with the shooting. \
                The shooting happened Thursday on Main Street.";
    let p = run(text, Some("2016-07-18"));
    assert_eq!(field(&p, "incident_date"), "2016-07-14");
}

#[test]
fn a_day_told_with_a_clock_time_is_the_day_it_happened() {
    let text = "Officers responded Friday to a report of shots fired at a home. \
                The shooting happened Thursday at about 9:30 p.m., police said.";
    let p = run(text, Some("2016-07-18"));
    assert_eq!(field(&p, "incident_date"), "2016-07-14");
    // Without the time, the first day told wins.
    let text = "Officers responded Friday to a report of shots fired at a home. \
                The shooting happened Thursday, police said.";
    let p = run(text, Some("2016-07-18"));
    assert_eq!(field(&p, "incident_date"), "2016-07-15");
}

#[test]
fn a_part_of_the_day_beside_it_tells_of_the_event() {
    // 2016-07-19 is a Tuesday.
    let p = run(
        "Police were called to the scene Monday. The man was shot Sunday night.",
        Some("2016-07-19"),
    );
    assert_eq!(field(&p, "incident_date"), "2016-07-17");
    let p = run(
        "Police were called to the scene Monday. The man was shot Sunday.",
        Some("2016-07-19"),
    );
    assert_eq!(field(&p, "incident_date"), "2016-07-18");
}

#[test]
fn a_day_followed_by_after_and_the_event_is_a_later_day() {
    let text = "A 15-year-old boy died at a hospital Sunday, March 26, \
                after being shot multiple times Saturday.";
    let p = run(text, Some("2017-03-26"));
    assert_eq!(field(&p, "incident_date"), "2017-03-25");
}

#[test]
fn last_week_is_weaker_than_a_day_named() {
    // 2016-08-17 is a Wednesday: last Thursday is August 11.
    let text = "The gunshot wounds he suffered last week continue to heal. \
                He was riding in a car last Thursday when it was hit by a spray of bullets.";
    let p = run(text, Some("2016-08-17"));
    assert_eq!(field(&p, "incident_date"), "2016-08-11");
}

#[test]
fn a_weekday_with_a_date_picks_the_year_it_fell_on() {
    // Published in January 2017: September 12 was a Monday in 2016, a Saturday in 2015.
    let text = "The shooting happened at 2:30 a.m. Saturday, Sept. 12, near Fifth Street.";
    let p = run(text, Some("2017-01-28"));
    assert_eq!(field(&p, "incident_date"), "2015-09-12");
    let text = "The shooting happened at 2:30 a.m. Sept. 12, near Fifth Street.";
    let p = run(text, Some("2017-01-28"));
    assert_eq!(field(&p, "incident_date"), "2016-09-12");
}

#[test]
fn without_publication_a_weekday_and_date_give_the_year() {
    let text = "The incident happened on March 4 at a school.\nIt echoed what happened in May 2020.\nThe officer resigned effective Tuesday, March 16.";
    let p = run(text, None);
    assert_eq!(field(&p, "incident_date"), "2021-03-04");
}

// Places.

#[test]
fn datelines_give_state_and_city() {
    let p = run(
        "BRISTOL, Tenn. (WJHL) – One person was shot on Volunteer Parkway.",
        None,
    );
    assert_eq!(field(&p, "state"), "Tennessee");
    assert_eq!(field(&p, "city"), "Bristol");
    let p = run(
        "(AP) GREENVILLE, N.C. - A man shot four people near a store.",
        None,
    );
    assert_eq!(field(&p, "state"), "North Carolina");
    assert_eq!(field(&p, "city"), "Greenville");
}

#[test]
fn city_state_pairs_and_cities_known_to_the_gazetteer() {
    let p = run(
        "The incident happened at a school in Kenosha, Wisconsin, police said.",
        None,
    );
    assert_eq!(field(&p, "state"), "Wisconsin");
    assert_eq!(field(&p, "city"), "Kenosha");
    let p = run(
        "CHICAGO (CBS) — Seven men were wounded by gunfire Monday.",
        None,
    );
    assert_eq!(field(&p, "state"), "Illinois");
    assert_eq!(field(&p, "city"), "Chicago");
}

#[test]
fn a_state_named_beside_an_agency() {
    let p = run(
        "New Mexico cop Zachary Christensen resigned from Farmington Police.",
        None,
    );
    assert_eq!(field(&p, "state"), "New Mexico");
    assert_eq!(field(&p, "city"), "Farmington");
    assert_eq!(field(&p, "agency"), "Farmington Police");
}

#[test]
fn streets_are_not_states() {
    let p = run(
        "An officer shot himself in a booth on Pennsylvania Avenue.",
        None,
    );
    assert_ne!(field(&p, "state"), "Pennsylvania");
}

// Named places and agencies.

#[test]
fn locations_and_agencies() {
    let p = run(
        "The incident happened at Lincoln Middle School, the Kenosha Police Department said.",
        None,
    );
    assert_eq!(field(&p, "location"), "Lincoln Middle School");
    assert_eq!(field(&p, "agency"), "Kenosha Police Department");
    let p = run("The fight started in the school cafeteria.", None);
    assert_eq!(field(&p, "location"), "school cafeteria");
    let p = run("She was taken to Bristol Regional Medical Center after the Lincoln County Sheriff's Office arrived.", None);
    assert_eq!(field(&p, "agency"), "Lincoln County Sheriff's Office");
    assert_ne!(field(&p, "location"), "Bristol Regional Medical Center");
}

// Counts.

#[test]
fn counts_in_words_and_digits() {
    let p = run(
        "One person is dead and four others were injured in the shooting.",
        None,
    );
    assert_eq!(field(&p, "num_killed"), 1);
    assert_eq!(field(&p, "num_injured"), 4);
    let p = run("Police said 2 killed, 3 wounded after a drive-by.", None);
    assert_eq!(field(&p, "num_killed"), 2);
    assert_eq!(field(&p, "num_injured"), 3);
    let p = run(
        "The gunman opened fire in a church, killing nine people.",
        None,
    );
    assert_eq!(field(&p, "num_killed"), 9);
}

#[test]
fn shot_minus_killed_is_injured() {
    let p = run(
        "Six people were shot outside a home Saturday. Two men died at the scene.",
        None,
    );
    assert_eq!(field(&p, "num_injured"), 4);
}

#[test]
fn nobody_hurt_is_zero() {
    let p = run(
        "Shots were fired at a house, but no one was injured, police said.",
        None,
    );
    assert_eq!(field(&p, "num_injured"), 0);
}

#[test]
fn a_count_of_a_part_is_not_zero_for_all() {
    let p = run(
        "Both passengers were injured. No officers were injured, police said.",
        None,
    );
    assert_ne!(field(&p, "num_injured"), 0);
}

#[test]
fn individuals_are_counted_when_no_total_is_given() {
    let p = run(
        "A man was shot and killed outside a bar on Weir Street.",
        None,
    );
    assert_eq!(field(&p, "num_killed"), 1);
}

#[test]
fn numbers_of_days_or_rounds_are_not_counts_of_people() {
    let p = run(
        "The vigil was held 10 days after a man was killed at a bar.",
        None,
    );
    assert_eq!(field(&p, "num_killed"), 1);
    let p = run(
        "Police said five rounds were shot into the house. A woman was wounded.",
        None,
    );
    assert_eq!(field(&p, "num_injured"), 1);
}

#[test]
fn a_count_stands_with_a_negation_or_a_unit_elsewhere() {
    for text in [
        "Two bystanders who were not involved were wounded.",
        "Two officers who didn't fire were injured in the exchange.",
        "Two men in separate cars were shot on Main Street.",
    ] {
        assert_eq!(field(&run(text, None), "num_injured"), 2, "{text}");
    }
}

#[test]
fn a_denied_count_is_no_count() {
    let p = run(
        "A gunman robbed the store. Three customers who weren't injured called police. The clerk was wounded.",
        None,
    );
    assert_eq!(field(&p, "num_injured"), 1);
}
// People.

#[test]
fn a_name_with_age_and_status() {
    let p = run("Investigators identified the suspect as Lakeem Keon Scott, 37, who was injured and arrested.", None);
    let ps = people(&p);
    let scott = ps
        .iter()
        .find(|r| r["name"] == "Lakeem Keon Scott")
        .expect("Scott");
    assert_eq!(scott["age"], 37);
    assert_eq!(scott["role"], "suspect");
    assert_eq!(scott["status"], json!(["injured", "arrested"]));
}

#[test]
fn ranks_make_officers() {
    let p = run("Giddings turned and opened fire at Sgt. Lee Jundt. Jundt, who took a round in his vest, is fine.", None);
    let ps = people(&p);
    let jundt = ps.iter().find(|r| r["name"] == "Lee Jundt").expect("Jundt");
    assert_eq!(jundt["role"], "officer");
    assert_eq!(jundt["status"], json!(["injured"]));
    assert_eq!(jundt["gender"], "male");
}

#[test]
fn who_did_it_is_not_who_it_was_done_to() {
    // The one before an active verb did it; the status belongs to the one after.
    let p = run(
        "Officer John Smith shot and killed Michael Brown, 18, on Saturday.",
        None,
    );
    let ps = people(&p);
    let smith = ps
        .iter()
        .find(|r| r["name"] == "John Smith")
        .expect("Smith");
    let brown = ps
        .iter()
        .find(|r| r["name"] == "Michael Brown")
        .expect("Brown");
    assert_eq!(smith["role"], "officer");
    assert!(smith.get("status").is_none(), "{smith}");
    assert_eq!(brown["status"], json!(["killed"]));
    assert_eq!(field(&p, "num_killed"), 1);
    // An unnamed agent is kept, as the one who did it.
    let p = run("A gunman killed a man at a bar on Friday.", None);
    let ps = people(&p);
    assert_eq!(ps.len(), 2, "{ps:?}");
    assert_eq!(ps[0]["role"], "suspect");
    assert!(ps[0].get("status").is_none(), "{ps:?}");
    assert_eq!(ps[1]["status"], json!(["killed"]));
    assert_eq!(field(&p, "num_killed"), 1);
    // The object may be a count: "wounded 2 officers".
    let p = run(
        "Police said John Roe, 41, wounded 2 officers before he was arrested.",
        None,
    );
    let roe = people(&p)
        .into_iter()
        .find(|r| r["name"] == "John Roe")
        .expect("Roe");
    assert_eq!(roe["role"], "suspect");
    assert!(
        !roe.get("status")
            .is_some_and(|s| s.to_string().contains("injured")),
        "{roe}"
    );
    // "... and then himself": the one who did it is killed too.
    let p = run(
        "A man shot and killed his wife and then killed himself, police said.",
        None,
    );
    let ps = people(&p);
    assert_eq!(ps.len(), 2, "{ps:?}");
    assert!(
        ps.iter().all(|r| r["status"] == json!(["killed"])),
        "{ps:?}"
    );
    assert_eq!(field(&p, "num_killed"), 2);
    // No person after the verb: the status is the person's own, passive or not.
    for (text, status) in [
        (
            "A 25-year-old man was critically wounded a block from his home on Friday.",
            "injured",
        ),
        (
            "A woman wounded the day before was released from the hospital.",
            "injured",
        ),
        (
            "Marcus Reed, 16, killed this weekend in Dayton, was a student.",
            "killed",
        ),
        (
            "A 17-year-old girl injured the same night was treated at a hospital.",
            "injured",
        ),
    ] {
        let ps = people(&run(text, None));
        assert_eq!(ps.len(), 1, "{text}: {ps:?}");
        assert_eq!(ps[0]["status"], json!([status]), "{text}");
        assert_eq!(ps[0]["role"], "victim", "{text}");
    }
    // A passive or intransitive cue is still the person's own.
    let p = run("Police said James Doe, 30, died the next day.", None);
    assert_eq!(people(&p)[0]["status"], json!(["killed"]));
}

#[test]
fn unnamed_people_with_age_and_gender() {
    let p = run("An officer was caught on video kneeling on a 12-year-old girl's neck. She suffered neck injuries.", None);
    let ps = people(&p);
    let girl = ps.iter().find(|r| r["age"] == 12).expect("the girl");
    assert_eq!(girl["gender"], "female");
    assert_eq!(girl["role"], "victim");
    assert_eq!(girl["status"], json!(["injured"]));
}

#[test]
fn one_person_however_spelled() {
    let text = "Farmington police officer Zach Christensen shoved the girl. At one point, as Christiansen \
                stands over the girl, an administrator says: \"Officer Christiansen, stop.\" Christensen replied.";
    let p = run(text, None);
    let named: Vec<Value> = people(&p)
        .into_iter()
        .filter(|r| r.get("name").is_some())
        .collect();
    assert_eq!(named.len(), 1, "{named:?}");
    assert_eq!(named[0]["name"], "Zach Christensen");
    assert_eq!(named[0]["role"], "officer");
}

#[test]
fn a_family_shares_a_surname_but_not_a_record() {
    let text = "Sgt. Rich Weiner identified the dead as 31-year-old John Anderson II, 30-year-old Christina \
                Anderson and their son, 7-year-old Landon Anderson.";
    let p = run(text, None);
    let ps = people(&p);
    for (name, age) in [
        ("John Anderson II", 31),
        ("Christina Anderson", 30),
        ("Landon Anderson", 7),
    ] {
        let r = ps
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {ps:?}"));
        assert_eq!(r["age"], age, "{name}");
        assert_eq!(r["status"], json!(["killed"]), "{name}");
    }
}

#[test]
fn sources_are_not_participants() {
    let text = "A man was shot Sunday. \"It was chaotic,\" said Jane Porter, a neighbor. Police Chief Hassan \
                Aden said the investigation continues. Mark Curnutt, attorney for the family, declined to comment.";
    let p = run(text, None);
    let names: Vec<Value> = people(&p)
        .iter()
        .filter_map(|r| r.get("name").cloned())
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn an_unnamed_person_who_is_the_named_one() {
    let text = "A 24-year-old man died and three others were hurt. One of the individuals, Marques McCassie, \
                was taken to a hospital where he was later pronounced dead.";
    let p = run(text, None);
    let ps = people(&p);
    assert_eq!(ps.len(), 1, "{ps:?}");
    assert_eq!(ps[0]["name"], "Marques McCassie");
    assert_eq!(ps[0]["age"], 24);
    assert_eq!(ps[0]["status"], json!(["killed"]));
}

// Choices and snippets.

#[test]
fn force_and_outcome_cues() {
    let text = "The officer tackled the girl, then placed his knee on her neck. Another officer used a Taser. \
                The officer was placed on administrative leave and later resigned.";
    let p = run(text, None);
    assert_eq!(
        field(&p, "force_used"),
        &json!(["takedown", "neck_restraint", "taser"])
    );
    assert_eq!(field(&p, "officer_outcome"), "resigned");
}

#[test]
fn negated_cues_do_not_count() {
    let p = run(
        "Police did not use a Taser and the officer was not suspended.",
        None,
    );
    assert_eq!(p.fields.get("force_used"), None);
    assert_eq!(p.fields.get("officer_outcome"), None);
}

#[test]
fn legal_action_is_the_sentence_parts_with_the_cues() {
    let text = "The girl's family say they are now taking legal action. The district attorney declined to pursue charges.";
    let p = run(text, None);
    let v = field(&p, "legal_action").as_str().unwrap();
    assert!(v.contains("taking legal action"), "{v}");
    assert!(v.contains("declined to pursue charges"), "{v}");
}

// The contract.

#[test]
fn source_and_id() {
    let ex = extractor();
    assert_eq!(ex.source(), "vetter-rules/1");
    let p = run("Nothing happened.", None);
    assert_eq!(p.id, "t");
    assert_eq!(p.source.as_deref(), Some("vetter-rules/1"));
}

#[test]
fn offsets_count_code_points() {
    let text = "Café owner José Núñez, 41, was shot and killed in Kenosha, Wisconsin — police said “nobody else was hurt”.";
    let p = run(text, None);
    assert_eq!(field(&p, "city"), "Kenosha");
}

#[test]
fn the_extractor_is_shared_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Extractor>();
}

/// A small deterministic generator: no dependency, same inputs every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn never_panics_on_odd_text() {
    let ex = extractor();
    let pieces = [
        "Officer",
        "Sgt.",
        "John",
        "Smith",
        ",",
        "37",
        ",",
        "was",
        "shot",
        "and",
        "killed",
        "on",
        "March",
        "4",
        "Aug.",
        "31",
        "2016-02-30",
        "1/1/16",
        "Tuesday",
        "yesterday",
        "KENOSHA",
        "Wis.",
        "(AP)",
        "—",
        "-",
        "\n",
        "\n\n",
        "“",
        "”",
        "'s",
        "’",
        "a",
        "the",
        "12-year-old",
        "Thirty-one-year-old",
        "girl",
        "no",
        "one",
        "injured",
        "Police",
        "Department",
        "in",
        "Kenosha",
        "Wisconsin",
        "é",
        "ß",
        "\u{202e}",
        "\u{0}",
        "\t",
        "N.C.",
        "II",
        "Jr.",
        "\"",
        "(",
        ")",
        "@",
        "/",
        "9999999999999",
        "0",
        "-1",
        "he",
        "She",
        "…",
        "🙂",
    ];
    let mut rng = Lcg(42);
    for n in 0..300 {
        let len = (rng.next() % 120) as usize;
        let mut text = String::new();
        for _ in 0..len {
            text.push_str(pieces[(rng.next() as usize) % pieces.len()]);
            if !rng.next().is_multiple_of(3) {
                text.push(' ');
            }
        }
        let published = ["2016-07-08", "", "not a date", "9999-12-31", "0000-01-01"][n % 5];
        let art = Article {
            id: format!("fuzz-{n}"),
            text,
            published: (!published.is_empty()).then(|| published.to_string()),
            ..Default::default()
        };
        let p = ex.extract(&art);
        check(&art, &p);
    }
    for text in [
        "",
        " ",
        "\n",
        ".",
        "''",
        "-",
        "—",
        "\u{feff}",
        &"a".repeat(100_000),
        &"Officer ".repeat(5_000),
    ] {
        let art = Article {
            id: "x".into(),
            text: text.to_string(),
            ..Default::default()
        };
        check(&art, &ex.extract(&art));
    }
}

#[test]
fn a_bad_regular_expression_names_its_field() {
    let mut schema = default_schema();
    let loc = schema
        .fields
        .iter_mut()
        .find(|f| f.key == "location")
        .unwrap();
    let text = ron::ser::to_string(&loc.extract)
        .unwrap()
        .replace("block of", "block of (");
    loc.extract = ron::from_str(&text).unwrap();
    let err = schema.check().unwrap_err().to_string();
    assert!(
        err.contains("\"location\"") && err.contains("regular expression"),
        "{err}"
    );
    let err = Extractor::new(&schema)
        .err()
        .expect("it does not compile")
        .to_string();
    assert!(err.contains("\"location\""), "{err}");
}

#[test]
fn rules_are_checked_against_the_schema() {
    let mut schema = default_schema();
    let f = schema
        .fields
        .iter_mut()
        .find(|f| f.key == "officer_outcome")
        .unwrap();
    let text = ron::ser::to_string(&f.extract)
        .unwrap()
        .replace("\"resigned\"", "\"quit\"");
    f.extract = ron::from_str(&text).unwrap();
    let err = schema.check().unwrap_err().to_string();
    assert!(
        err.contains("officer_outcome") && err.contains("quit"),
        "{err}"
    );

    let mut schema = default_schema();
    schema.gazetteers.remove("states");
    let err = schema.check().unwrap_err().to_string();
    assert!(err.contains("states"), "{err}");

    // agent_role must name a role the people rule has an entry for (here, a choice of the
    // role field whose entry is removed).
    let mut schema = default_schema();
    let f = schema
        .fields
        .iter_mut()
        .find(|f| f.key == "participants")
        .unwrap();
    let Some(vetter::domain::rules::FieldRules::People(r)) = &mut f.extract else {
        panic!("participants has People rules");
    };
    r.agent_role = Some("bystander".into());
    r.roles.retain(|c| c.choice != "bystander");
    let err = schema.check().unwrap_err().to_string();
    assert!(err.contains("agent_role \"bystander\""), "{err}");
}

#[test]
fn a_schema_without_rules_extracts_nothing() {
    let mut schema = default_schema();
    for f in &mut schema.fields {
        f.extract = None;
    }
    let ex = Extractor::new(&schema).unwrap();
    let art = Article {
        id: "a".into(),
        text: "A man was shot in Kenosha, Wisconsin.".into(),
        ..Default::default()
    };
    assert!(ex.extract(&art).fields.is_empty());
}
