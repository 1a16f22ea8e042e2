//! Date rules on hand-made sentences: a day told of a later state of things (a motive that
//! remained unclear, a family that declined to speak, an autopsy) is not the incident's.

use serde_json::Value;

use crate::extract_generalise::run_on;

fn date(text: &str) -> Option<String> {
    let p = run_on(text);
    p.fields
        .get("incident_date")
        .and_then(Value::as_str)
        .map(str::to_string)
}

#[test]
fn a_later_state_of_things_does_not_date_the_shooting() {
    // Published Monday 2021-06-07: Saturday is 06-05, Sunday 06-06.
    for text in [
        "Police were called to a home on Elm Street on Saturday. A motive for the shooting \
         remained unclear Sunday.",
        "Police were called to a home on Elm Street on Saturday. The family declined Sunday \
         to discuss the shooting.",
        "Police were called to a home on Elm Street on Saturday. An autopsy Sunday found the \
         man had been shot twice.",
    ] {
        assert_eq!(date(text).as_deref(), Some("2021-06-05"), "{text}");
    }
}
