//! Review state transitions on a real corpus, with saves landing in a temporary store.

use crate::common;
use vetter::core::history::Snapshot;

use common::{choice, copy_articles, saves, spans, text, Harness};
use std::fs;
use vetter::core::state::{Level, ModeState};
use vetter::core::Effect;
use vetter::domain::annotation::FieldState::{Confirmed, Corrected, Rejected, Unreviewed};
use vetter::domain::annotation::{Draft, Entry, Span, Status};
use vetter::domain::text::slice_chars;
use vetter::domain::value::Value;

#[test]
fn opens_with_suggestions_and_focus_on_first_unreviewed() {
    let h = Harness::new();
    assert_eq!(h.id(), "farmington-officer-resigns-daily-mail");
    assert_eq!(h.state.focus, 0);
    assert_eq!(h.field("incident_date").value, Entry::NotMentioned);
    assert_eq!(h.field("city").value, text("Farmington"));
    h.assert_states(&[("city", Unreviewed), ("participants[1].role", Unreviewed)]);
    assert_eq!(h.state.rows().len(), 11 + 2 * 5, "two suggested records");
    assert!(h.state.message.is_none(), "{:?}", h.state.message);
    assert!(
        h.saved_bytes().is_none(),
        "nothing is written before a change"
    );
}

#[test]
fn confirm_marks_the_field_saves_and_moves_on() {
    let mut h = Harness::new();
    let fx = h.key("y");
    assert_eq!(fx.len(), 1, "{fx:?}");
    h.assert_states(&[("incident_date", Confirmed)]);
    assert_eq!(h.field("incident_date").value, Entry::NotMentioned);
    assert_eq!(h.state.focus, 1);
    h.assert_saved(&fx);
    let fx = h.key("Enter");
    h.assert_states(&[("city", Confirmed)]);
    assert_eq!(h.state.focus, 2);
    h.assert_saved(&fx);
}

#[test]
fn confirming_an_empty_field_without_suggestion_is_refused() {
    let mut h = Harness::new();
    h.focus_on("legal_action");
    let (before, focus) = (h.ann().clone(), h.state.focus);
    assert_eq!(h.key("y"), []);
    assert_eq!((h.ann(), h.state.focus), (&before, focus));
    h.says("Nothing to confirm: e to enter a value, x if the article does not mention it");
    assert_eq!(h.level(), Level::Warn);
    assert!(h.saved_bytes().is_none());
}

#[test]
fn typing_a_new_value_corrects_and_the_suggested_value_confirms() {
    let mut h = Harness::new();
    h.focus_on("city");
    h.key("e");
    let ModeState::Edit { editor, .. } = &h.state.mode else {
        panic!("{:?}", h.state.mode)
    };
    assert_eq!(
        editor.text(),
        "Farmington",
        "the editor starts with the value"
    );
    h.start_edit("city", "Aztec");
    let fx = h.key("Enter");
    assert_eq!(h.state.mode, ModeState::Normal);
    assert_eq!(h.field("city").value, text("Aztec"));
    h.assert_states(&[("city", Corrected)]);
    assert_eq!(h.state.focus, h.row_of("state"));
    h.assert_saved(&fx);
    assert_eq!(h.saved().unwrap().draft, None);

    h.start_edit("agency", " Farmington Police  "); // trimmed on commit
    h.key("Enter");
    assert_eq!(h.field("agency").value, text("Farmington Police"));
    h.assert_states(&[("agency", Confirmed)]);
}

#[test]
fn invalid_integer_or_date_keeps_edit_mode_with_an_error() {
    let mut h = Harness::new();
    for (path, typed, says) in [
        ("num_killed", "two", "Killed: expected a whole number"),
        (
            "incident_date",
            "2021-02-30",
            "Incident date: expected a date as YYYY-MM-DD",
        ),
    ] {
        let before = h.field(path).clone();
        h.start_edit(path, typed);
        let fx = h.key("Enter");
        assert!(saves(&fx).is_empty(), "{fx:?}");
        assert!(matches!(h.state.mode, ModeState::Edit { .. }), "{path}");
        let m = h.message();
        assert!(m.starts_with(says) && m.ends_with("(Esc cancels)"), "{m}");
        assert_eq!(h.level(), Level::Error);
        assert_eq!(h.field(path), &before);
        h.key("Esc");
        assert_eq!(h.state.mode, ModeState::Normal);
    }
}

#[test]
fn esc_cancels_an_edit_and_drops_its_draft() {
    let mut h = Harness::new();
    h.start_edit("city", "Nowhere");
    let focus = h.state.focus;
    let fx = h.key("Esc");
    assert_eq!((&h.state.mode, h.state.focus), (&ModeState::Normal, focus));
    assert_eq!(h.field("city").value, text("Farmington"));
    h.assert_states(&[("city", Unreviewed)]);
    h.assert_saved(&fx);
    assert_eq!(h.saved().unwrap().draft, None);
}

#[test]
fn reject_makes_the_field_not_mentioned() {
    let mut h = Harness::new();
    h.focus_on("location");
    let fx = h.key("x");
    assert_eq!(h.field("location").value, Entry::NotMentioned);
    h.assert_states(&[("location", Rejected)]);
    h.assert_saved(&fx);
}

#[test]
fn undo_and_redo_revert_each_kind_of_change() {
    let edit: &[&str] = &["e", "Ctrl-u", "R", "e", "n", "o", "Enter"];
    let steps: [(&str, &str, &[&str]); 10] = [
        ("confirm", "incident_date", &["y"]),
        ("edit", "city", edit),
        ("reject", "location", &["x"]),
        ("pick", "participants[0].role", &["e", "Down", "Enter"]),
        ("confirm all", "city", &["A"]),
        ("add record", "participants", &["a"]),
        ("delete record", "participants[1].age", &["d", "y"]),
        ("flag", "city", &["f", "Enter"]),
        ("article note", "city", &["M", "h", "i", "Enter"]),
        ("reject rest", "city", &["R"]),
    ];
    for (what, path, keys) in steps {
        let mut h = Harness::new();
        h.focus_on(path);
        let before = Snapshot::of(h.ann());
        h.keys(keys);
        let after = Snapshot::of(h.ann());
        assert_ne!(after, before, "{what} changed nothing");
        let fx = h.key("u");
        assert_eq!(Snapshot::of(h.ann()), before, "undo {what}");
        h.says("Undone");
        h.assert_saved(&fx);
        assert!(h.state.focus < h.state.rows().len());
        let fx = h.key("Ctrl-r");
        assert_eq!(Snapshot::of(h.ann()), after, "redo {what}");
        h.says("Redone");
        h.assert_saved(&fx);
        h.key("Ctrl-r");
        h.says("Nothing to redo");
    }
}

#[test]
fn flag_toggles_and_undoes() {
    let mut h = Harness::new();
    h.key("f");
    assert_eq!(h.state.mode.mode(), vetter::core::command::Mode::Prompt);
    h.keys(&["d", "a", "t", "e", "Enter"]);
    h.says("Flagged");
    assert!(h.state.queue.item(0).unwrap().is_flagged());
    let saved = h.saved().unwrap();
    assert_eq!(saved.status, Status::InProgress);
    assert_eq!(saved.flag.unwrap().reason.as_deref(), Some("date"));
    h.key("f");
    h.says("Unflagged");
    assert_eq!(
        (h.ann().status, h.ann().flag.clone()),
        (Status::InProgress, None)
    );
    h.key("u");
    assert!(h.saved().unwrap().flag.is_some());
    h.key("u");
    assert_eq!(h.ann().flag, None);
    h.key("u");
    h.says("Nothing to undo");
}

#[test]
fn confirm_all_takes_only_unreviewed_suggestions_in_one_undo_step() {
    let mut h = Harness::new();
    h.focus_on("city");
    h.key("x");
    let before = h.ann().clone();
    let fx = h.key("A");
    assert_eq!(fx.len(), 1);
    // 9 top-level suggestions (city was rejected), 3 + 4 in the two records.
    h.says("Confirmed 16 suggestions");
    h.assert_states(&[
        ("city", Rejected),
        ("incident_date", Confirmed),
        ("num_killed", Confirmed),
        ("participants", Confirmed),
        ("force_used", Confirmed),
        ("participants[0].name", Confirmed),
        ("participants[1].status", Confirmed),
        ("legal_action", Unreviewed),
        ("participants[0].age", Unreviewed),
        ("participants[0].status", Unreviewed),
    ]);
    h.assert_saved(&fx);
    h.key("A");
    h.says("No unreviewed field has a suggestion");
    h.key("u");
    assert_eq!(h.ann().fields, before.fields);
    assert_eq!(h.saved().unwrap().fields, before.fields);
}

#[test]
fn records_are_added_and_deleted_only_after_yes() {
    let mut h = Harness::new();
    h.focus_on("city");
    assert_eq!(h.key("a"), []);
    h.says("Records are added on a group field such as Participants");
    assert_eq!(h.key("d"), []);
    h.says("Move to one of a record's fields to delete that record");

    h.focus_on("participants");
    let fx = h.key("a");
    assert_eq!(h.field("participants").records().len(), 3);
    h.assert_states(&[
        ("participants", Corrected),
        ("participants[2].role", Unreviewed),
    ]);
    assert_eq!(h.state.focus, h.row_of("participants[2].name"));
    h.assert_saved(&fx);

    h.focus_on("participants[1].role");
    assert_eq!(h.key("d"), []);
    assert!(matches!(h.state.mode, ModeState::ConfirmDelete { .. }));
    assert_eq!(h.key("j"), [], "other keys do nothing while asking");
    h.key("n");
    assert_eq!(h.state.mode, ModeState::Normal);
    h.says("Kept the record");
    assert_eq!(h.field("participants").records().len(), 3);

    let victim = h.field("participants").records()[1].clone();
    h.key("d");
    let fx = h.key("y");
    h.says("Record deleted");
    let recs = h.field("participants").records().to_vec();
    assert_eq!(recs.len(), 2);
    assert!(!recs.contains(&victim), "the focused record went");
    assert_eq!(recs[0].fields[0].value, text("Zachary Christensen"));
    h.assert_saved(&fx);
    assert!(h.state.focus < h.state.rows().len());
}

#[test]
fn enum_picker_picks_a_choice() {
    let mut h = Harness::new();
    h.focus_on("participants[0].role");
    h.key("e");
    let ModeState::Picker(p) = &h.state.mode else {
        panic!("{:?}", h.state.mode)
    };
    assert_eq!((p.cursor, p.multi, p.choices.len()), (0, false, 5));
    h.key("Down");
    let fx = h.key("Enter");
    assert_eq!(h.state.mode, ModeState::Normal);
    let role = h.field("participants[0].role");
    assert_eq!((&role.value, role.state), (&choice("victim"), Corrected));
    assert_eq!(h.state.focus, h.row_of("participants[0].age"));
    h.assert_saved(&fx);

    // Esc leaves the value; picking the suggested choice confirms it.
    h.focus_on("participants[1].role");
    h.keys(&["e", "Up", "Esc"]);
    h.assert_states(&[("participants[1].role", Unreviewed)]);
    h.keys(&["e", "Enter"]);
    let role = h.field("participants[1].role");
    assert_eq!((&role.value, role.state), (&choice("victim"), Confirmed));
}

#[test]
fn multi_picker_toggles_with_space() {
    let mut h = Harness::new();
    h.focus_on("participants[1].status");
    h.key("e");
    let ModeState::Picker(p) = &h.state.mode else {
        panic!("{:?}", h.state.mode)
    };
    assert_eq!((p.multi, p.cursor), (true, 1));
    assert_eq!(p.picked, [false, true, false, false]);
    h.keys(&["Space", "Down", "Space", "Down", "Space"]);
    let fx = h.key("Enter");
    let status = h.field("participants[1].status");
    let want = vec!["unharmed".to_string(), "arrested".to_string()];
    assert_eq!(status.value, Entry::Value(Value::Choices(want)));
    assert_eq!(status.state, Corrected);
    h.assert_saved(&fx);
}

#[test]
fn mark_done_refuses_while_any_field_is_unreviewed_and_says_how_many() {
    let mut h = Harness::new();
    h.focus_on("legal_action");
    let unreviewed = h.state.rows().len();
    assert_eq!(h.key("D"), []);
    h.says(&format!(
        "Not done: {unreviewed} fields unreviewed (R marks the rest not mentioned)"
    ));
    assert_eq!(h.state.focus, 0, "focus goes to the first unreviewed field");
    assert_eq!(h.ann().status, Status::InProgress);

    // Required fields all reviewed is not enough: optional ones count too.
    h.finish_required();
    h.focus_on("participants");
    let first = *vetter::core::form::unreviewed(&h.state.schema, h.ann(), &h.state.rows())
        .first()
        .expect("an optional field left unreviewed");
    assert_eq!(h.key("D"), []);
    assert!(h.message().starts_with("Not done: "), "{}", h.message());
    assert_eq!(h.state.focus, first);
    h.key("R");
    h.focus_on("legal_action");
    let fx = h.key("D");
    assert_eq!(saves(&fx)[0].status, Status::Done, "{fx:?}");
}

#[test]
fn mark_done_saves_then_opens_the_next_not_done_article() {
    let mut h = Harness::new();
    h.key("]");
    h.finish_all();
    let fx = h.key("D");
    assert_eq!(fx.last(), Some(&Effect::Open(2)), "{fx:?}");
    assert_eq!(saves(&fx)[0].status, Status::Done);
    assert_eq!(h.index(), 2);
    h.keys(&["[", "["]);
    h.finish_all();
    let id0 = h.id();
    let fx = h.key("D");
    assert!(matches!(fx[0], Effect::Save(_)), "{fx:?}");
    assert_eq!(
        fx.last(),
        Some(&Effect::Open(2)),
        "article 1 is done: skipped"
    );
    assert_eq!((h.index(), h.state.queue.counts().done), (2, 2));
    let saved0 = h.services.store.load(&id0).unwrap().unwrap();
    assert_eq!(saved0.status, Status::Done);
    // The last one: nothing left to open; undo and redo move the status.
    h.finish_all();
    let fx = h.key("D");
    assert!(!fx.iter().any(|e| matches!(e, Effect::Open(_))), "{fx:?}");
    h.says("Marked done. All 3 articles are finished");
    assert_eq!((h.index(), h.state.queue.counts().done), (2, 3));
    h.key("u");
    assert_eq!(h.ann().status, Status::InProgress);
    assert_eq!(h.saved().unwrap().status, Status::InProgress);
    assert_eq!(h.state.queue.counts().done, 2);
    h.key("Ctrl-r");
    assert_eq!(h.saved().unwrap().status, Status::Done);
    assert_eq!(h.state.queue.counts().done, 3);
}

#[test]
fn article_navigation_stops_at_both_ends() {
    let mut h = Harness::new();
    assert_eq!(h.key("["), []);
    h.says("This is the first article");
    assert_eq!(h.key("]"), [Effect::Open(1)], "nothing to save yet");
    assert_eq!(h.index(), 1);
    h.key("y");
    let fx = h.key("]");
    assert_eq!(fx.len(), 2);
    let id = "farmington-officer-resigns-video";
    assert!(matches!(&fx[0], Effect::Save(a) if a.article.id == id));
    assert_eq!(fx[1], Effect::Open(2));
    assert_eq!(h.key("]"), []);
    h.says("This is the last article");
    assert_eq!((h.index(), h.state.queue.position), (2, 2));
}

#[test]
fn search_finds_and_cycles_matches() {
    let mut h = Harness::new();
    h.key("n");
    h.says("No search yet: / to search");
    h.key("/");
    h.type_text("farmington"); // n and N type while searching
    assert!(matches!(h.state.mode, ModeState::Search { .. }));
    h.key("Enter");
    assert_eq!(h.state.mode, ModeState::Normal);
    h.says("2 matches");
    assert_eq!(h.session().search.matches, [(266, 276), (1041, 1051)]);
    assert_eq!(h.session().search.current, Some(0));
    for (k, msg, cur) in [
        ("n", "Match 2 of 2", 1),
        ("n", "Match 1 of 2", 0),
        ("N", "Match 2 of 2", 1),
    ] {
        h.key(k);
        h.says(msg);
        assert_eq!(h.session().search.current, Some(cur));
    }
    h.keys(&["/", "z", "z", "Esc"]);
    assert_eq!(
        h.session().search.matches.len(),
        2,
        "Esc keeps the old search"
    );
    h.keys(&["/", "z", "z", "Enter"]);
    h.says("No matches");
    assert_eq!(h.level(), Level::Warn);
}

#[test]
fn set_evidence_takes_the_current_match_in_code_points() {
    let dir = tempfile::tempdir().unwrap();
    let body =
        "Zoë’s café — naïve 日本 résumé.\nThe officer drove to FARMINGTON, then to Farmington.";
    fs::write(dir.path().join("a.txt"), body).unwrap();
    let mut h = Harness::build(dir.path(), tempfile::tempdir().unwrap(), false, 80, 24, 0);
    h.focus_on("city");
    h.key("s");
    h.says("No search match: / to search the article first");
    h.key("/");
    h.type_text("farmington");
    h.keys(&["Enter", "n"]);
    let fx = h.key("s");
    let start = body.chars().count() - "Farmington.".chars().count();
    assert!(
        body.len() - "Farmington.".len() > start,
        "bytes and code points differ here"
    );
    let quote = "Farmington".to_string();
    let want = Span {
        start,
        end: start + 10,
        quote,
        stale: false,
    };
    assert_eq!(h.field("city").evidence, [want]);
    assert_eq!(slice_chars(body, start, start + 10), "Farmington");
    h.says("Evidence set: \"Farmington\"");
    h.assert_saved(&fx);
    h.keys(&["n", "s"]);
    assert_eq!(
        h.field("city").evidence[0].quote,
        "FARMINGTON",
        "the text, not the query"
    );
}

#[test]
fn read_only_article_refuses_every_change() {
    let mut h = Harness::read_only(80, 24);
    assert!(h.session().read_only.is_some());
    let m = h.message();
    assert!(m.contains("opened read-only; fix the file to edit"), "{m}");
    let (bytes, ann) = (h.saved_bytes().unwrap(), h.ann().clone());
    let mut fx = Vec::new();
    for k in ["y", "x", "e", "a", "d", "Enter"] {
        h.focus_on("participants[0].role");
        fx.extend(h.key(k));
        assert!(
            h.message().starts_with("read-only: "),
            "{k}: {}",
            h.message()
        );
        assert_eq!(h.state.mode, ModeState::Normal, "{k}");
    }
    h.keys(&["/", "G", "i", "r", "l", "Enter"]);
    fx.extend(h.key("s"));
    assert!(h.message().starts_with("read-only: "), "s: {}", h.message());
    fx.extend(h.keys(&["A", "f", "D", "u", "Ctrl-r", "q"]));
    assert!(saves(&fx).is_empty(), "{fx:?}");
    assert_eq!(h.ann(), &ann);
    assert_eq!(h.saved_bytes().unwrap(), bytes);
}

#[test]

fn read_only_refusal_message_survives_confirm_all_and_flag() {
    let mut h = Harness::read_only(80, 24);
    for k in ["A", "f"] {
        h.key(k);
        assert!(
            h.message().starts_with("read-only: "),
            "{k}: {}",
            h.message()
        );
    }
}

#[test]
fn drafts_are_saved_and_restored_on_reopen() {
    let mut h = Harness::new();
    let path = "participants[0].name";
    h.focus_on(path);
    h.keys(&["e", "Ctrl-u"]);
    let fx = h.type_text("Zach C");
    assert_eq!(saves(&fx).len(), 6, "one save per keystroke");
    let saved = h.saved().unwrap();
    let draft = Draft {
        field: path.into(),
        text: "Zach C".into(),
    };
    assert_eq!(saved.draft, Some(draft));
    assert_eq!(
        saved.fields,
        h.ann().fields,
        "the value is not committed yet"
    );

    h.key("j"); // types: still editing
    h.key("Backspace");
    h.reopen(0);
    let row = h.state.rows()[h.row_of(path)];
    let ModeState::Edit { row: r, editor, .. } = &h.state.mode else {
        panic!("{:?}", h.state.mode)
    };
    assert_eq!((*r, editor.text()), (row, "Zach C"));
    assert_eq!(h.state.focus, h.row_of(path));
    h.says("Restored an unfinished edit of participants[0].name");
    h.type_text("hristensen");
    h.key("Enter");
    assert_eq!(h.field(path).value, text("Zach Christensen"));
    assert_eq!(h.saved().unwrap().draft, None);
}

#[test]
fn reopening_the_corpus_resumes_at_the_first_not_done_article() {
    let mut h = Harness::new();
    h.keys(&["A", "R", "D"]);
    assert_eq!(h.index(), 1);
    let again = common::services(&common::articles_dir(), h.store_dir.path(), true);
    let q = again.queue();
    assert_eq!((q.first_unfinished(), q.counts().done), (1, 1));
    let statuses: Vec<_> = q.items().iter().map(|i| i.status()).collect();
    assert_eq!(statuses, [Some(Status::Done), None, None]);
}

#[test]
fn changed_text_moves_evidence_and_tells_the_reviewer() {
    let corpus = copy_articles();
    let file = corpus
        .path()
        .join("farmington-officer-resigns-daily-mail.txt");
    let mut h = Harness::build(corpus.path(), tempfile::tempdir().unwrap(), true, 80, 24, 0);
    h.key("A");
    let old = spans(&h.saved().unwrap());
    assert_eq!(old.len(), 9);
    let body = fs::read_to_string(&file).unwrap();
    let at = body.find("New Mexico cop").unwrap();
    let cut = body[..at].chars().count();
    let inserted = "Officials said that ";
    let new_body = format!("{}{inserted}{}", &body[..at], &body[at..])
        .replace("Mesa View Middle School", "MESA-VIEW-MIDDLE-SCHOOL");
    fs::write(&file, &new_body).unwrap();

    h.reopen(0);
    let moved = old.iter().filter(|(_, s)| s.start >= cut).count() - 1;
    assert!(
        moved >= 5 && moved < old.len() - 1,
        "some spans sit before the insertion"
    );
    h.says(&format!(
        "The article's text changed since it was annotated: \
         {moved} evidence spans moved, 1 not found (marked)"
    ));
    assert_eq!(h.level(), Level::Warn);
    let n = inserted.chars().count();
    for ((key, was), (_, now)) in old.iter().zip(&spans(h.ann())) {
        if was.quote == "Mesa View Middle School" {
            assert!(now.stale, "{key}");
            continue;
        }
        let shift = if was.start >= cut { n } else { 0 };
        let want = (was.start + shift, was.end + shift, false);
        assert_eq!((now.start, now.end, now.stale), want, "{key}");
        assert_eq!(slice_chars(&new_body, now.start, now.end), now.quote);
    }
    assert_eq!(h.field("city").evidence[0].start, 266 + n);
    let hash = vetter::domain::article::text_hash(&new_body);
    assert_eq!(h.ann().article.text_hash, hash);
}

#[test]

fn a_restored_draft_keeps_the_text_change_warning() {
    let corpus = copy_articles();
    let file = corpus
        .path()
        .join("farmington-officer-resigns-daily-mail.txt");
    let mut h = Harness::build(corpus.path(), tempfile::tempdir().unwrap(), true, 80, 24, 0);
    h.start_edit("city", "Azt");
    let body = fs::read_to_string(&file).unwrap();
    fs::write(&file, format!("UPDATED: {body}")).unwrap();
    h.reopen(0);
    assert!(
        matches!(h.state.mode, ModeState::Edit { .. }),
        "the draft is restored"
    );
    let m = h.message();
    assert!(m.contains("The article's text changed"), "{m}");
}

#[test]
fn notes_are_written_saved_undone_and_restored_as_drafts() {
    let mut h = Harness::new();
    h.focus_on("city");
    let before = h.field("city").clone();
    h.key("m");
    h.type_text("checked against the dateline");
    // The draft of a note is saved as it is typed, apart from the value's.
    let draft = h.saved().unwrap().draft.expect("note draft saved");
    assert_eq!(draft.field, "city#note");
    h.reopen(h.index());
    h.says("Restored an unfinished edit of city#note");
    assert!(matches!(h.state.mode, ModeState::Edit { note: true, .. }));
    let effects = h.key("Enter");
    h.assert_saved(&effects);
    let city = h.field("city");
    assert_eq!(city.note.as_deref(), Some("checked against the dateline"));
    assert_eq!((city.state, &city.value), (before.state, &before.value));
    assert_eq!(h.saved().unwrap().draft, None);
    h.key("u");
    assert_eq!(h.field("city").note, None);
    h.key("Ctrl-r");
    // An empty note removes it.
    h.key("m");
    h.key("Ctrl-u");
    h.key("Enter");
    assert_eq!(h.field("city").note, None);
    assert_eq!(h.saved().unwrap().fields[1].note, None);
}
