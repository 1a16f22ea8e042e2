//! Place rules that tell places from people and read counties: a city's name that is a person's
//! first name ("Kyle Carney"), a state that is someone's name ("Georgia Jackson", "Tymisha
//! Washington ... Washington was"), a township named after a state, a city left out of the
//! main gazetteer because its name is a person's ("Hampton") still vouching for its state once
//! a pattern places it, and a county vouching for its state.

use crate::extract_generalise::run_on;
use crate::extract_places::place;

#[test]
fn a_citys_name_before_a_surname_is_a_first_name() {
    let p = run_on(
        "A vigil was held Friday for a teenager. Police said 22-year-old Kyle Carney shot and \
         killed the boy inside a home on Aug. 5. Carney is now facing charges.",
    );
    assert_ne!(place(&p, "city"), Some("Kyle"));
    assert_ne!(place(&p, "state"), Some("Texas"));
    // A weekday or an agency after the name leaves the city a city.
    let p = run_on("A man was shot in Tyler Monday night. Tyler police are investigating.");
    assert_eq!(place(&p, "state"), Some("Texas"));
}

#[test]
fn a_state_that_is_a_persons_name_is_not_the_state() {
    let p = run_on(
        "Two boys were shot while visiting their mother, according to their grandmother, \
         Georgia Jackson. Jackson said she lost another grandson last year.",
    );
    assert_ne!(place(&p, "state"), Some("Georgia"));
    let p = run_on(
        "Police found Tymisha Washington, 16, with a gunshot wound to her chest. Washington was \
         rushed to a local hospital, where she died.",
    );
    assert_ne!(place(&p, "state"), Some("Washington"));
    // Named as a state, it still is one.
    let p = run_on("A man was shot Sunday in Washington, police said. Washington has strict laws.");
    assert_eq!(place(&p, "state"), Some("Washington"));
}

#[test]
fn a_township_named_after_a_state_is_not_the_state() {
    let p =
        run_on("A 29-year-old woman from Washington Township was found bleeding from her head.");
    assert_ne!(place(&p, "state"), Some("Washington"));
}

#[test]
fn a_city_named_like_a_person_vouches_once_a_pattern_places_it() {
    let p = run_on(
        "HAMPTON — A 4-year-old boy died Thursday night after he shot himself, according to \
         the Hampton Police Division.",
    );
    assert_eq!(place(&p, "city"), Some("Hampton"));
    assert_eq!(place(&p, "state"), Some("Virginia"));
    // Bare, the name is not taken for the place.
    let p = run_on("Officer Hampton said the boy was taken to a hospital.");
    assert_ne!(place(&p, "state"), Some("Virginia"));
}

#[test]
fn a_county_vouches_for_its_state() {
    let p = run_on(
        "A 16-year-old boy appeared in court Monday. Snohomish County deputies say he shot his \
         11-year-old brother.",
    );
    assert_eq!(place(&p, "state"), Some("Washington"));
    let p = run_on("The Horry County coroner identified the man who died after the shooting.");
    assert_eq!(place(&p, "state"), Some("South Carolina"));
    // A county name many states have vouches for none of them outright.
    let p = run_on("Washington County deputies found the man in a field, the sheriff said.");
    let s = place(&p, "state");
    let conf = p.confidence.get("state").copied().unwrap_or(0.0);
    assert!(s.is_none() || conf < 0.5, "{s:?} at {conf}");
}
