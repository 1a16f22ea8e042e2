//! Gender rules on hand-made sentences: a middle name, a group of one gender told of before.

use crate::extract_names::people_with;

/// Each participant's name (if any) and gender (if any), in order.
fn genders(text: &str) -> Vec<(Option<String>, Option<String>)> {
    let got = people_with(text, "gender").into_iter();
    got.map(|(n, g)| (n, g.as_str().map(str::to_string)))
        .collect()
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn a_known_middle_name_speaks_for_an_unknown_first_name() {
    let got = genders("Zorblat Maria Quint, 22, was shot on Friday on Elm Street.");
    assert_eq!(got, [(some("Zorblat Maria Quint"), some("female"))]);
    let got = genders("Zorblat Robert Quint, 22, was shot on Friday on Elm Street.");
    assert_eq!(got, [(some("Zorblat Robert Quint"), some("male"))]);
}

#[test]
fn an_initial_or_a_two_word_name_gives_no_middle_name() {
    // "Zorblat R. Quint": an initial; "Zorblat Quint": no middle name at all.
    for text in [
        "Zorblat R. Quint, 22, was shot on Friday on Elm Street.",
        "Zorblat Quint, 22, was shot on Friday on Elm Street.",
    ] {
        let got = genders(text);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(got[0].1, None, "{text}: {got:?}");
    }
}

#[test]
fn people_listed_after_a_group_take_its_gender() {
    let got = genders(
        "Two men were taken in critical condition to a hospital: an 18-year-old shot in the \
         back and a 22-year-old shot in the face.",
    );
    assert_eq!(got, [(None, some("male")), (None, some("male"))]);
    // A sentence or two later still.
    let got = genders(
        "Three women were shot on Elm Street on Friday night. Police said the victims were \
         standing outside a store. A 24-year-old was listed in critical condition.",
    );
    assert!(got.contains(&(None, some("female"))), "{got:?}");
}

#[test]
fn a_group_does_not_outvote_the_persons_own_words() {
    // The 30-year-old is a woman by her own pronoun; the group of men does not change it.
    let got = genders(
        "Two men were arrested on Friday. Police said a 30-year-old was shot in her leg on Elm \
         Street.",
    );
    assert!(got.contains(&(None, some("female"))), "{got:?}");
    assert!(!got.contains(&(None, some("male"))), "{got:?}");
}

#[test]
fn without_a_group_no_gender_is_guessed() {
    let got = genders("A 22-year-old was shot on Friday on Elm Street, police said.");
    assert_eq!(got, [(None, None)]);
}
