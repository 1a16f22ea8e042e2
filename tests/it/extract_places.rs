//! Place rules on hand-made sentences: abbreviated first words spelt out, sentence openers that
//! are never a city, a known city that outweighs a state named in passing, a hospital's town,
//! and "of" before a place.

use serde_json::Value;
use vetter::domain::prediction::Prediction;

use crate::extract_generalise::run_on;

/// A place field's suggested value.
pub(crate) fn place<'p>(p: &'p Prediction, key: &str) -> Option<&'p str> {
    p.fields.get(key).and_then(Value::as_str)
}

#[test]
fn an_abbreviated_first_word_is_spelt_out() {
    let p = run_on("ST. LOUIS, MO (KTVI) — Shots rang out overnight in the city.");
    assert_eq!(place(&p, "city"), Some("Saint Louis"));
    assert_eq!(place(&p, "state"), Some("Missouri"));
    let p = run_on("A man was shot Sunday in Ft. Myers, police said.");
    assert_eq!(place(&p, "city"), Some("Fort Myers"));
    let p = run_on("Two people were wounded in Mt. Pleasant, Texas, on Friday.");
    assert_eq!(place(&p, "city"), Some("Mount Pleasant"));
    assert_eq!(place(&p, "state"), Some("Texas"));
}

#[test]
fn sentence_openers_are_not_cities() {
    let p = run_on(
        "A man was found shot in a parked car. When police arrived, he was not breathing. \
         While officers searched the area, a woman called.",
    );
    let city = place(&p, "city");
    assert!(!matches!(city, Some("When" | "While")), "{city:?}");
}

#[test]
fn a_neighborhood_is_not_the_city() {
    let p = run_on("A boy was shot in Chicago's Austin neighborhood on Friday, police said.");
    assert_eq!(place(&p, "city"), Some("Chicago"));
    assert_eq!(place(&p, "state"), Some("Illinois"));
    let p = run_on("A teen was shot Sunday in the Austin neighborhood, police said.");
    assert_ne!(place(&p, "city"), Some("Austin"));
}

#[test]
fn a_known_city_outweighs_a_state_named_in_passing() {
    let p = run_on(
        "Gunfire erupted in downtown Oakland near a vigil on Wednesday. Oakland police said \
         three people were hurt. The shooting came days after an attack at a Florida nightclub \
         left 49 people dead.",
    );
    assert_eq!(place(&p, "state"), Some("California"));
    assert_eq!(place(&p, "city"), Some("Oakland"));
}

#[test]
fn a_hospital_town_is_not_where_it_happened() {
    let p = run_on(
        "A boy was shot near Maysville on Sunday. He was taken to Barrow Regional Medical Center \
         in Athens, Georgia.",
    );
    assert_eq!(place(&p, "city"), Some("Maysville"));
    // The hospital's state is still the state.
    assert_eq!(place(&p, "state"), Some("Georgia"));
    let p = run_on("A boy was shot near Maysville on Sunday. He was flown to St. Mary's Hospital in Evansville.");
    assert_eq!(place(&p, "city"), Some("Maysville"));
}

#[test]
fn of_tells_a_place_only_after_a_name_or_an_age() {
    let p =
        run_on("Deputies are investigating the death of Isabella Heffernan, a 14-year-old girl.");
    assert_eq!(place(&p, "city"), None);
    let p = run_on("The Bureau of Criminal Investigation was on scene.");
    assert_eq!(place(&p, "city"), None);
    let p = run_on("John Smith, 22, of Tulsa, was arrested.");
    assert_eq!(place(&p, "city"), Some("Tulsa"));
}

#[test]
fn the_capital_told_as_a_city() {
    for text in [
        "WASHINGTON (WUSA9) -- A man was shot early Friday in the 1500 block of 19th Street.",
        "A 6-year-old boy was shot Wednesday night in Northeast Washington, police said.",
    ] {
        let p = run_on(text);
        assert_eq!(place(&p, "city"), Some("Washington"), "{text}");
        assert_eq!(place(&p, "state"), Some("District of Columbia"), "{text}");
    }
    // The state of Washington is still the state.
    let p = run_on("A man was shot in Seattle, Washington, on Friday.");
    assert_eq!(place(&p, "state"), Some("Washington"));
    // A quarter or a police force's adjective alone is no city.
    let p = run_on("Metropolitan Police said a man was shot in Southeast.");
    assert_eq!(place(&p, "city"), None);
}

#[test]
fn a_state_police_force_tells_the_state() {
    let p = run_on(
        "Heroin was found in a car on Interstate 64 on Friday. Daniel Carter of Dayton, Ohio, \
         was pulled over by West Virginia State Police.",
    );
    assert_eq!(place(&p, "state"), Some("West Virginia"));
    // "Highway" after a state's name is a road, but not in "Highway Patrol".
    let p = run_on("The car was pulled over by the Missouri Highway Patrol on Friday.");
    assert_eq!(place(&p, "state"), Some("Missouri"));
}

#[test]
fn where_someone_is_from_is_weaker_than_where_they_were() {
    let p = run_on(
        "Fourteen-year-old Logan Hinrichs, from Red Wing, Minnesota, was in Maiden Rock, \
         Wisconsin, when he was shot.",
    );
    assert_eq!(place(&p, "state"), Some("Wisconsin"));
    assert_eq!(place(&p, "city"), Some("Maiden Rock"));
}

#[test]
fn a_state_after_block_of_is_a_street() {
    let p = run_on(
        "A man was shot in the 300 block of South California, Chicago police said. Another \
         was hurt in the 5200 block of Indiana.",
    );
    assert_eq!(place(&p, "state"), Some("Illinois"));
}

/// The state given an article of this text at this address.
fn state_at(text: &str, url: &str) -> (Option<String>, Option<f64>) {
    let art = vetter::domain::article::Article {
        id: "t".into(),
        text: text.into(),
        published: Some("2021-06-07".into()),
        url: Some(url.into()),
        ..Default::default()
    };
    let ex = vetter::extract::Extractor::new(&vetter::io::default_schema()).unwrap();
    let p = ex.extract(&art);
    let state = p
        .fields
        .get("state")
        .and_then(Value::as_str)
        .map(str::to_string);
    (state, p.confidence.get("state").copied())
}

#[test]
fn an_outlets_address_names_the_state_the_text_does_not() {
    let text = "A man was shot on Elm Street on Friday night, police said.";
    let (state, conf) = state_at(text, "https://www.fox5atlanta.com/news/man-shot");
    assert_eq!(state.as_deref(), Some("Georgia"));
    assert!(conf.is_some_and(|c| c > 0.0 && c < 1.0), "{conf:?}");
    // A folder of the path named for a state.
    let (state, _) = state_at(
        text,
        "https://www.example.com/news/state/missouri/story.html",
    );
    assert_eq!(state.as_deref(), Some("Missouri"));
    // An address that names no place gives no state.
    let (state, _) = state_at(text, "https://www.example.com/news/story.html");
    assert_eq!(state, None);
}

#[test]
fn the_texts_own_state_outweighs_the_address() {
    let text = "TULSA, Okla. (AP) — A man was shot on Elm Street in Tulsa, Oklahoma, on Friday \
                night, police said.";
    let (state, _) = state_at(text, "https://www.fox5atlanta.com/news/man-shot");
    assert_eq!(state.as_deref(), Some("Oklahoma"));
}
