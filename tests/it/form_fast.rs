//! The faster, safer form: next unreviewed, top and bottom, `x` moving on and asking before it
//! deletes a group's records, picker digits and type-ahead, typed dates, the evidence rule, and
//! the form's scrolling and editing on screen.

use crate::common;

use common::{choice, Harness};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use vetter::core::dates;
use vetter::core::state::{Level, ModeState, State};
use vetter::domain::annotation::FieldState::{Confirmed, Corrected, Rejected, Unreviewed};
use vetter::domain::annotation::{Entry, Span};
use vetter::domain::value::Value;

fn draw(state: &State, width: u16, height: u16) -> Terminal<TestBackend> {
    crate::common::draw_plain(state, width, height)
}

fn screen_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn span(start: usize, end: usize, quote: &str) -> Span {
    Span {
        start,
        end,
        quote: quote.into(),
        stale: false,
    }
}

/// The first bundled article as a JSONL corpus with a publication date (Thursday 2021-09-02).
fn published_harness() -> (tempfile::TempDir, Harness) {
    let dir = tempfile::tempdir().unwrap();
    let id = "farmington-officer-resigns-daily-mail";
    let text = std::fs::read_to_string(common::articles_dir().join(format!("{id}.txt"))).unwrap();
    let line = serde_json::json!({"id": id, "text": text, "published": "2021-09-02T08:00:00Z"});
    let corpus = dir.path().join("corpus.jsonl");
    std::fs::write(&corpus, format!("{line}\n")).unwrap();
    let h = Harness::build(&corpus, tempfile::tempdir().unwrap(), true, 80, 24, 0);
    assert_eq!(h.id(), id);
    (dir, h)
}

#[test]
fn next_unreviewed_skips_reviewed_fields_wraps_and_says_when_none_is_left() {
    let mut h = Harness::new();
    h.key("y"); // incident_date confirmed, focus on city
    h.key("Space");
    assert_eq!(
        h.state.focus,
        h.row_of("state"),
        "the next one after the focus"
    );
    let last = h.state.rows().len() - 1;
    h.key("G");
    assert_eq!(h.state.focus, last);
    h.key("Space");
    assert_eq!(
        h.state.focus,
        h.row_of("city"),
        "wraps, skipping incident_date"
    );
    h.says("Wrapped to the top: the first unreviewed field");
    h.key("R"); // leaves the group with records
    h.focus_on("state");
    h.key("Space");
    assert_eq!(h.state.focus, h.row_of("participants"));
    h.key("y");
    h.focus_on("state");
    h.key("Space");
    assert_eq!(h.state.focus, h.row_of("state"));
    h.says("Every field is reviewed: D marks the article done");
}

#[test]
fn top_and_bottom_go_to_the_first_and_last_rows() {
    let mut h = Harness::new();
    h.focus_on("state");
    let last = h.state.rows().len() - 1;
    for (k, want) in [("G", last), ("g", 0), ("End", last), ("Home", 0)] {
        h.key(k);
        assert_eq!(h.state.focus, want, "{k}");
    }
}

#[test]
fn reject_moves_to_the_next_field() {
    let mut h = Harness::new();
    h.focus_on("location");
    h.key("x");
    h.assert_states(&[("location", Rejected)]);
    assert_eq!(h.state.focus, h.row_of("agency"));
}

#[test]
fn rejecting_a_group_with_records_asks_first() {
    let mut h = Harness::new();
    h.focus_on("participants");
    let before = h.ann().clone();
    assert_eq!(h.key("x"), []);
    assert!(
        matches!(h.state.mode, ModeState::ConfirmReject { records: 2, .. }),
        "{:?}",
        h.state.mode
    );
    let t = screen_text(&draw(&h.state, 80, 24));
    assert!(t.contains("delete its 2"), "{t}");
    h.key("n");
    assert_eq!((h.ann(), &h.state.mode), (&before, &ModeState::Normal));
    h.says("Kept Participants and its records");

    h.keys(&["x", "y"]);
    let p = h.field("participants");
    assert_eq!((&p.value, p.state), (&Entry::NotMentioned, Rejected));
    assert_eq!(h.state.focus, h.row_of("force_used"), "moves on");
    h.says("Participants: not mentioned, its records deleted");
    h.key("u");
    assert_eq!(
        h.ann().fields,
        before.fields,
        "one undo brings the records back"
    );
}

#[test]
fn picker_digits_pick_an_enum_choice_and_toggle_a_multi_one() {
    let mut h = Harness::new();
    h.focus_on("participants[0].role");
    h.keys(&["e", "2"]);
    assert_eq!(h.state.mode, ModeState::Normal, "a digit commits an enum");
    let role = h.field("participants[0].role");
    assert_eq!((&role.value, role.state), (&choice("victim"), Corrected));
    assert_eq!(h.state.focus, h.row_of("participants[0].age"));

    h.focus_on("participants[1].status");
    h.keys(&["e", "1", "3", "9"]);
    assert_eq!(h.message(), "No choice 9: there are 4");
    let ModeState::Picker(p) = &h.state.mode else {
        panic!("{:?}", h.state.mode)
    };
    assert_eq!(
        (p.picked.as_slice(), p.cursor),
        ([true, true, true, false].as_slice(), 2)
    );
    h.key("Enter");
    let want = ["killed", "injured", "unharmed"].map(String::from).to_vec();
    assert_eq!(
        h.field("participants[1].status").value,
        Entry::Value(Value::Choices(want))
    );
}

#[test]
fn picker_type_ahead_jumps_to_the_first_choice_starting_with_the_letters() {
    let mut h = Harness::new();
    h.focus_on("participants[0].role");
    h.key("e");
    let cursor = |h: &Harness| match &h.state.mode {
        ModeState::Picker(p) => (p.cursor, p.typed.clone()),
        m => panic!("{m:?}"),
    };
    h.key("s");
    assert_eq!(cursor(&h), (2, "s".into()), "suspect");
    h.key("o"); // "so" starts nothing: "o" alone
    assert_eq!(cursor(&h), (0, "o".into()), "officer");
    h.key("t"); // "ot"
    assert_eq!(cursor(&h), (4, "ot".into()), "other");
    h.key("z");
    assert_eq!(cursor(&h), (4, String::new()));
    assert_eq!(
        (h.message(), h.level()),
        ("No choice starts with \"z\"".into(), Level::Warn)
    );
    h.key("Enter");
    assert_eq!(h.field("participants[0].role").value, choice("other"));
}

#[test]
fn a_typed_date_resolves_against_publication_and_is_shown_before_commit() {
    let (_dir, mut h) = published_harness();
    for (typed, want) in [
        ("Aug. 27", "2021-08-27"),
        ("March 4, 2021", "2021-03-04"),
        ("last Thursday", "2021-08-26"),
        ("yesterday", "2021-09-01"),
        ("2021-08-27", "2021-08-27"),
    ] {
        h.start_edit("incident_date", typed);
        assert_eq!(
            dates::preview(&h.state),
            Some(Ok(want.to_string())),
            "{typed}"
        );
        let t = screen_text(&draw(&h.state, 80, 24));
        assert!(t.contains(&format!("→ {want}")), "{typed}: {t}");
        h.key("Enter");
        let f = h.field("incident_date");
        assert_eq!(f.value, Entry::Value(Value::Date(want.into())), "{typed}");
        assert_eq!(f.state, Corrected);
        assert_eq!(h.state.mode, ModeState::Normal);
        if typed != want {
            assert!(
                h.message()
                    .starts_with(&format!("Incident date: {typed:?} is {want}")),
                "{}",
                h.message()
            );
        }
    }
}

#[test]
fn a_date_that_cannot_be_resolved_keeps_edit_mode_and_says_why() {
    let (_dir, mut h) = published_harness();
    let before = h.field("incident_date").clone();
    for (typed, says) in [
        (
            "Sept. 20",
            "\"Sept. 20\" would be after the article's publication (2021-09-02): type the year",
        ),
        (
            "soon",
            "expected a date as YYYY-MM-DD or as articles write one",
        ),
    ] {
        h.start_edit("incident_date", typed);
        assert!(matches!(dates::preview(&h.state), Some(Err(_))), "{typed}");
        assert_eq!(h.key("Enter"), [], "{typed}");
        assert!(matches!(h.state.mode, ModeState::Edit { .. }), "{typed}");
        assert!(
            h.message().starts_with(&format!("Incident date: {says}")),
            "{}",
            h.message()
        );
        assert_eq!(h.level(), Level::Error);
        assert_eq!(h.field("incident_date"), &before);
        h.key("Esc");
    }
    // Without a publication date a day without its year cannot be placed; ISO dates still go.
    let mut h = Harness::new();
    h.start_edit("incident_date", "Aug. 27");
    h.key("Enter");
    assert!(
        h.message().contains("the article has no publication date"),
        "{}",
        h.message()
    );
    h.keys(&["Ctrl-u"]);
    h.type_text("2021-08-27");
    h.key("Enter");
    assert_eq!(
        h.field("incident_date").value,
        Entry::Value(Value::Date("2021-08-27".into()))
    );
}

#[test]
fn a_corrected_value_keeps_only_evidence_that_supports_it() {
    let mut h = Harness::new();
    // The quote holds the new value (case aside): kept.
    assert_eq!(
        h.field("agency").evidence,
        [span(266, 283, "Farmington Police")]
    );
    h.start_edit("agency", "police");
    h.key("Enter");
    assert_eq!(h.field("agency").state, Corrected);
    assert_eq!(
        h.field("agency").evidence,
        [span(266, 283, "Farmington Police")]
    );

    // Not in the quote but in the article: the mention nearest the old evidence (266).
    h.start_edit("agency", "officer");
    h.key("Enter");
    assert_eq!(h.field("agency").evidence, [span(492, 499, "officer")]);
    h.says("Evidence: \u{201c}officer\u{201d}");

    // A number is found as its digits or its number word ("one"), nearest the old evidence.
    assert_eq!(
        h.field("num_injured").evidence,
        [span(1502, 1523, "suffered a concussion")]
    );
    h.start_edit("num_injured", "1");
    h.key("Enter");
    assert_eq!(h.field("num_injured").evidence, [span(2012, 2015, "one")]);

    // Nowhere in the article: the old evidence is dropped and nothing replaces it.
    assert_eq!(
        h.field("participants[1].age").evidence,
        [span(86, 102, "11-year-old girl")]
    );
    h.start_edit("participants[1].age", "19");
    h.key("Enter");
    assert_eq!(h.field("participants[1].age").evidence, []);
    assert!(
        h.message().starts_with("Evidence dropped"),
        "{}",
        h.message()
    );

    // The value suggested, typed back, confirms and changes no evidence.
    h.start_edit("city", "Farmington");
    h.key("Enter");
    let city = h.field("city");
    assert_eq!((city.state, city.evidence.len()), (Confirmed, 1));
    h.assert_states(&[("state", Unreviewed)]);
}

#[test]
fn picked_choices_get_the_evidence_of_their_cues() {
    let mut h = Harness::new();
    let wrestles = span(660, 686, "wrestles her to the ground");
    assert_eq!(
        h.field("force_used").evidence,
        std::slice::from_ref(&wrestles)
    );
    h.focus_on("force_used");
    h.keys(&["e", "1", "Enter"]); // physical off: takedown, whose cue the quote is
    assert_eq!(
        h.field("force_used").value,
        Entry::Value(Value::Choices(vec!["takedown".into()]))
    );
    assert_eq!(h.field("force_used").evidence, [wrestles]);
    h.focus_on("force_used");
    h.keys(&["e", "1", "2", "Enter"]); // physical only: its cue nearest the old evidence
    assert_eq!(h.field("force_used").evidence, [span(634, 639, "shove")]);

    // An enum choice with no cue in the article: the old evidence goes.
    h.focus_on("officer_outcome");
    h.keys(&["e", "1"]);
    let o = h.field("officer_outcome");
    assert_eq!(
        (&o.value, o.evidence.as_slice()),
        (&choice("none"), [].as_slice())
    );
}

#[test]
fn rows_show_confidence_only_while_the_suggestion_stands() {
    let mut h = Harness::new();
    h.key("y"); // incident_date
    h.key("y"); // city confirmed: its confidence stays
    h.start_edit("state", "Colorado");
    h.key("Enter");
    h.key("x"); // location rejected
    let t = screen_text(&draw(&h.state, 80, 24));
    let row = |label: &str| t.lines().find(|l| l.contains(label)).unwrap().to_string();
    assert!(row("City*").contains("80%"), "{t}");
    assert!(!row("State*").contains('%'), "{t}");
    assert!(!row("Location").contains('%'), "{t}");
    assert!(row("Agency").contains("80%"), "{t}");
    // The detail box still tells the original suggestion and its confidence.
    h.focus_on("state");
    let t = screen_text(&draw(&h.state, 80, 24));
    assert!(t.contains("suggested: New Mexico"), "{t}");
    assert!(t.contains("at 0.95"), "{t}");
}

#[test]
fn a_long_form_scrolled_to_the_bottom_shows_where_it_is() {
    let mut h = Harness::sized(80, 24);
    h.key("G");
    let t = draw(&h.state, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("rows 9-21 of 21"), "{text}");
    insta::assert_snapshot!("long_form_scrolled", t.backend());
}

#[test]
fn an_edit_longer_than_its_cell_follows_the_cursor_and_shows_the_whole_value() {
    let mut h = Harness::sized(80, 24);
    let long = "Tort claim filed by the family against the city and the officer in 2021";
    h.start_edit("legal_action", long);
    let mut t = draw(&h.state, 80, 24);
    let text = screen_text(&t);
    let row = text.lines().find(|l| l.contains("Legal")).unwrap();
    assert!(
        row.contains("…he officer in 2021"),
        "the cell shows the end typed: {row}"
    );
    let cursor = t.get_cursor_position().unwrap();
    assert!(
        cursor.x < 79,
        "the cursor stays inside the form: {cursor:?}"
    );
    let detail: String = text.lines().skip(16).collect::<Vec<_>>().join(" ");
    assert!(
        detail.contains("family against"),
        "the detail box has the whole value: {text}"
    );
    insta::assert_snapshot!("long_edit", t.backend());
    // Home goes back to the start: the cell shows the beginning again.
    h.key("Home");
    let text = screen_text(&draw(&h.state, 80, 24));
    let row = text.lines().find(|l| l.contains("Legal")).unwrap();
    assert!(row.contains("Tort claim"), "{row}");
}

#[test]
fn a_long_search_query_scrolls_to_keep_the_cursor_on_the_line() {
    let mut h = Harness::sized(80, 24);
    h.key("/");
    let query = "the officer who had been with the department for over a decade then follows her";
    h.type_text(query);
    let mut t = draw(&h.state, 80, 24);
    let last = screen_text(&t).lines().last().unwrap().to_string();
    assert!(
        last.starts_with("/…") && last.trim_end().ends_with("then follows her"),
        "{last:?}"
    );
    let cursor = t.get_cursor_position().unwrap();
    assert_eq!(
        (cursor.x, cursor.y),
        (79, 23),
        "the cursor after the text, on screen"
    );
}
