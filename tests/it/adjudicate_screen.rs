//! The adjudication screen drawn into a test backend at 80x24: the reviewers' values side by
//! side on the fields they disagree on, `≠` marks, the agreed fields confirmed, each reviewer's
//! value and evidence in the box below the form, and the articles waiting in the header.

use crate::adjudicate::adjudicating;
use crate::common::{cell_rows, draw_plain, key};
use vetter::core::update;

#[test]
fn adjudication_screen_80x24() {
    let (mut state, _) = adjudicating(80, 24);
    let t = draw_plain(&state, 80, 24);
    let rows = cell_rows(&t);
    let text = rows.join("\n");
    assert!(rows[0].contains("adjudicating: 2 waiting"), "{}", rows[0]);
    assert!(text.contains("·≠City*"), "{text}");
    assert!(text.contains("1:Farmingt… 2:Racine"), "{text}");
    assert!(text.contains("✓ State*"), "{text}");
    assert!(text.contains(" 2 bob: Racine"), "{text}");
    assert!(
        text.contains(" adjudicate "),
        "the hint bar names the mode: {text}"
    );
    assert!(text.contains("1-9 take"), "{text}");
    insta::assert_snapshot!("adjudicate_80x24", t.backend());
    // Taking bob's city: his value on the row, the box says where it came from.
    update(&mut state, key("2"));
    update(&mut state, key("k"));
    update(&mut state, key("c"));
    let rows = cell_rows(&draw_plain(&state, 80, 24));
    let text = rows.join("\n");
    let city = rows.iter().find(|r| r.contains("≠City*")).unwrap();
    assert!(city.contains("✓≠City*       Racine "), "{city}");
    assert!(text.contains("city (text) · ≠ from bob"), "{text}");
    assert!(text.contains("▸1 ann: Farmington"), "{text}");
    // The queue says how many wait too.
    update(&mut state, key("Q"));
    let rows = cell_rows(&draw_plain(&state, 80, 24));
    assert!(
        rows[0].starts_with(" vetter · queue │ adjudicating: 2 waiting"),
        "{}",
        rows[0]
    );
}

/// `c` on a field highlights each reviewer's evidence in the article in turn: bob's count of
/// injured quotes the text's first character, ann's does not.
#[test]
fn compare_highlights_the_shown_reviewers_evidence_in_the_article() {
    use ratatui::style::Modifier;
    let (mut state, _) = adjudicating(100, 30);
    let fi = state
        .schema
        .fields
        .iter()
        .position(|d| d.key == "num_injured");
    let row = vetter::core::form::Row::Field { field: fi.unwrap() };
    state.focus = state.rows().iter().position(|r| *r == row).unwrap();
    let first_char = |state: &vetter::core::State| {
        let mut state = state.clone();
        state.session.as_mut().unwrap().scroll = 0;
        let t = draw_plain(&state, 100, 30);
        let a = state.screen.article_text;
        let cell = &t.backend().buffer()[(a.x, a.y)];
        assert_eq!(cell.symbol(), "A");
        cell.modifier.contains(Modifier::REVERSED)
    };
    assert!(!first_char(&state), "no one's evidence is shown there yet");
    update(&mut state, key("c"));
    assert!(!first_char(&state), "ann's evidence is elsewhere");
    update(&mut state, key("c"));
    assert!(first_char(&state), "bob's evidence is highlighted");
    update(&mut state, key("c"));
    assert!(!first_char(&state), "back to the adjudicator's own");
}
