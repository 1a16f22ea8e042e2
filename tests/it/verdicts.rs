//! Article verdicts: skip (with a reason), not relevant, the flag beside the status, the article's
//! note; the queue's rule of "finished"; undo of each; format 1 files.

use crate::common::{self, saves, Harness};
use std::fs;
use vetter::core::command::Mode;
use vetter::core::Effect;
use vetter::domain::annotation::{Flag, Status};
use vetter::io::{default_schema, to_ron, validate_dir};

fn load(h: &Harness, index: usize) -> vetter::domain::annotation::Annotation {
    let id = h.services.corpus.id(index).to_string();
    h.services.store.load(&id).unwrap().expect("saved")
}

#[test]
fn skip_asks_for_an_optional_reason_saves_it_and_opens_the_next_unfinished_article() {
    let mut h = Harness::new();
    h.key("S");
    assert_eq!(h.state.mode.mode(), Mode::Prompt);
    h.type_text("paywall");
    let fx = h.key("Enter");
    assert_eq!(fx.last(), Some(&Effect::Open(1)), "{fx:?}");
    let saved = saves(&fx)[0];
    assert_eq!(saved.status, Status::Skipped);
    assert_eq!(saved.skip_reason.as_deref(), Some("paywall"));
    assert_eq!(h.index(), 1);
    let item = h.state.queue.item(0).unwrap();
    assert_eq!(
        item.summary.as_ref().unwrap().reason.as_deref(),
        Some("paywall")
    );
    assert_eq!(
        (h.state.queue.counts().skipped, h.state.queue.remaining()),
        (1, 2)
    );
    // Without a reason, Enter alone skips.
    let fx = h.keys(&["S", "Enter"]);
    assert_eq!(fx.last(), Some(&Effect::Open(2)), "{fx:?}");
    assert_eq!(load(&h, 1).skip_reason, None);
    assert_eq!(load(&h, 1).status, Status::Skipped);
}

#[test]
fn esc_at_the_skip_prompt_changes_nothing() {
    let mut h = Harness::new();
    let before = h.ann().clone();
    let fx = h.keys(&["S", "n", "o", "Esc"]);
    assert!(saves(&fx).is_empty(), "{fx:?}");
    assert_eq!((h.index(), h.ann()), (0, &before));
    assert_eq!(h.state.mode.mode(), Mode::Normal);
    assert!(h.saved().is_none(), "nothing written");
}

#[test]
fn not_relevant_is_one_key_then_the_next_article_and_counts_as_finished() {
    let mut h = Harness::new();
    let fx = h.key("X");
    assert_eq!(saves(&fx)[0].status, Status::NotRelevant);
    assert_eq!(fx.last(), Some(&Effect::Open(1)));
    assert_eq!(h.state.queue.counts().not_relevant, 1);
    assert_eq!(h.state.queue.counts().finished(), 1);
    // A new session resumes past it.
    let again = common::services(&common::articles_dir(), h.store_dir.path(), true);
    assert_eq!(again.queue().first_unfinished(), 1);
}

#[test]
fn flagging_never_undoes_done_and_unflagging_restores_exactly_what_was_there() {
    let mut h = Harness::new();
    h.finish_all();
    h.key("D");
    assert_eq!(h.index(), 1);
    h.key("[");
    assert_eq!(h.ann().status, Status::Done);
    h.keys(&["f"]);
    h.type_text("check the age");
    h.key("Enter");
    let saved = h.saved().unwrap();
    assert_eq!(saved.status, Status::Done, "the flag is beside the status");
    assert_eq!(
        saved.flag,
        Some(Flag {
            reason: Some("check the age".into())
        })
    );
    let c = h.state.queue.counts();
    assert_eq!((c.done, c.flagged, c.finished()), (1, 1, 1));
    let before_unflag = h.ann().clone();
    h.key("f");
    h.says("Unflagged");
    let after = h.saved().unwrap();
    assert_eq!((after.status, after.flag), (Status::Done, None));
    assert_eq!(after.fields, before_unflag.fields);
    // Flagged articles that are done are not reopened at start.
    let again = common::services(&common::articles_dir(), h.store_dir.path(), true);
    assert_eq!(again.queue().first_unfinished(), 1);
}

#[test]
fn a_flagged_article_in_progress_is_still_where_a_review_resumes() {
    let mut h = Harness::new();
    h.keys(&["f", "Enter"]);
    let again = common::services(&common::articles_dir(), h.store_dir.path(), true);
    let q = again.queue();
    assert_eq!((q.first_unfinished(), q.counts().flagged), (0, 1));
}

#[test]
fn the_article_note_is_set_edited_and_removed() {
    let mut h = Harness::new();
    h.key("M");
    h.type_text("two reports of one incident");
    h.key("Enter");
    h.says("Article note saved");
    assert_eq!(
        h.saved().unwrap().note.as_deref(),
        Some("two reports of one incident")
    );
    // The prompt opens on the note as it is; clearing it removes it.
    h.key("M");
    match &h.state.mode {
        vetter::core::state::ModeState::Prompt(p) => {
            assert_eq!(p.editor.text(), "two reports of one incident")
        }
        other => panic!("{other:?}"),
    }
    h.keys(&["Ctrl-u", "Enter"]);
    h.says("Article note removed");
    assert_eq!(h.saved().unwrap().note, None);
    h.key("u");
    assert!(h.saved().unwrap().note.is_some(), "undo brings it back");
}

#[test]
fn undo_right_after_a_verdict_goes_back_and_undoes_it() {
    for (what, keys) in [
        ("skip", &["S", "Enter"][..]),
        ("not relevant", &["X"][..]),
        ("done", &["D"][..]),
    ] {
        let mut h = Harness::new();
        if what == "done" {
            h.finish_all();
        }
        let before = h.ann().status;
        h.keys(keys);
        assert_eq!(h.index(), 1, "{what}");
        let fx = h.key("u");
        assert!(fx.contains(&Effect::Open(0)), "{what}: {fx:?}");
        assert_eq!(h.index(), 0, "{what}");
        assert_eq!(h.ann().status, before, "{what}");
        assert_eq!(h.ann().skip_reason, None, "{what}");
        assert_eq!(load(&h, 0).status, before, "{what}: saved");
        assert_eq!(h.state.queue.counts().finished(), 0, "{what}");
        h.says("Undone");
        // Redo gives the verdict back, on that article.
        h.key("Ctrl-r");
        assert_ne!(load(&h, 0).status, before, "{what}: redone");
    }
}

#[test]
fn undo_on_a_new_article_after_moving_on_by_hand_stays_put() {
    let mut h = Harness::new();
    h.keys(&["X", "]"]);
    assert_eq!(h.index(), 2);
    let fx = h.key("u");
    assert!(!fx.iter().any(|e| matches!(e, Effect::Open(_))), "{fx:?}");
    h.says("Nothing to undo");
}

#[test]
fn the_undo_history_of_an_article_survives_leaving_it() {
    let mut h = Harness::new();
    h.focus_on("city");
    h.key("x");
    h.keys(&["]", "["]);
    assert_eq!(h.index(), 0);
    h.key("u");
    h.says("Undone");
    assert_eq!(
        h.field("city").state,
        vetter::domain::annotation::FieldState::Unreviewed
    );
}

/// A format 1 file as vetter wrote it before format 2.
fn format_1_flagged(h: &Harness) -> String {
    let mut a = h.ann().clone();
    a.format = 1;
    a.status = Status::Flagged;
    to_ron(&a)
}

#[test]
fn a_format_1_flagged_file_opens_flagged_in_progress_validates_and_is_saved_as_format_2() {
    let mut h = Harness::new();
    let text = format_1_flagged(&h);
    assert!(text.contains("format: 1,") && text.contains("status: Flagged,"));
    let path = h.services.store.path_for(&h.id());
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, &text).unwrap();
    assert!(validate_dir(&path, &default_schema(), None).is_empty());
    h.reopen(0);
    assert_eq!(h.ann().status, Status::InProgress);
    assert!(h.ann().flag.is_some());
    assert!(h.state.queue.item(0).unwrap().is_flagged());
    h.focus_on("city");
    h.key("y");
    let written = fs::read_to_string(&path).unwrap();
    assert!(written.contains("format: 2,"), "{written}");
    assert!(written.contains("status: InProgress,"));
    assert!(written.contains("flag: Some("));
    assert!(validate_dir(&path, &default_schema(), None).is_empty());
}

#[test]
fn validate_reports_verdicts_that_do_not_fit_the_format() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "flagged-in-2",
            {
                let mut a = h.ann().clone();
                a.status = Status::Flagged;
                a
            },
            "status Flagged is format 1's",
        ),
        (
            "flag-in-1",
            {
                let mut a = h.ann().clone();
                a.format = 1;
                a.flag = Some(Flag::default());
                a
            },
            "flag needs format 2",
        ),
        (
            "reason-not-skipped",
            {
                let mut a = h.ann().clone();
                a.skip_reason = Some("x".into());
                a
            },
            "a skip reason on an article whose status is InProgress",
        ),
    ];
    for (name, ann, want) in cases {
        let path = dir.path().join(format!("{name}.ron"));
        fs::write(&path, to_ron(&ann)).unwrap();
        let found: Vec<String> = validate_dir(&path, &default_schema(), None)
            .iter()
            .map(|p| p.to_string())
            .filter(|p| !p.contains("file name"))
            .collect();
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert!(found[0].contains(want), "{name}: {found:?}");
        let text = fs::read_to_string(&path).unwrap();
        let key = want
            .split_whitespace()
            .find(|w| ["Flagged", "flag", "skip"].contains(w));
        let line = found[0]
            .split(':')
            .nth(1)
            .unwrap()
            .parse::<usize>()
            .unwrap();
        let at = text.lines().nth(line - 1).unwrap();
        assert!(
            at.starts_with("    ") && !at.starts_with("     "),
            "{name}: {at:?} {key:?}"
        );
    }
}

#[test]
fn reject_rest_marks_every_unreviewed_field_not_mentioned_in_one_undoable_step() {
    use vetter::domain::annotation::{Entry, FieldState};
    let mut h = Harness::new();
    h.focus_on("city");
    h.key("y");
    let unreviewed = |h: &Harness| {
        vetter::core::form::unreviewed(&h.state.schema, h.ann(), &h.state.rows()).len()
    };
    assert!(unreviewed(&h) > 3);
    let before = h.ann().clone();
    let fx = h.key("R");
    assert_eq!(saves(&fx).len(), 1, "one save");
    // The confirmed field is untouched; the group keeps its records (they are reviewed one by
    // one) while its records' unreviewed fields are rejected.
    assert_eq!(h.field("city").state, FieldState::Confirmed);
    let group = h.field("participants");
    assert_eq!(group.state, FieldState::Unreviewed);
    assert!(!group.records().is_empty());
    assert_eq!(h.field("participants[0].age").state, FieldState::Rejected);
    assert_eq!(h.field("location").value, Entry::NotMentioned);
    assert!(
        h.message().contains("fields not mentioned"),
        "{}",
        h.message()
    );
    assert!(
        h.message().contains("Participants still to review"),
        "{}",
        h.message()
    );
    assert_eq!(unreviewed(&h), 1, "only the group with records");
    h.key("u");
    assert_eq!(h.ann().fields, before.fields, "one undo step");
}

#[test]
fn a_status_message_clears_on_the_next_key() {
    let mut h = Harness::new();
    h.key("X");
    assert!(
        h.message().starts_with("Marked not relevant"),
        "{}",
        h.message()
    );
    h.key("j");
    assert_eq!(h.state.message, None);
}

#[test]
fn the_screen_shows_the_flag_its_reason_and_the_article_note_and_prompts_on_the_status_line() {
    let screen = |h: &Harness| common::cell_rows(&common::draw_plain(&h.state, 100, 24));
    let mut h = Harness::new();
    h.key("f");
    h.type_text("age\u{202e}?");
    let rows = screen(&h);
    assert!(
        rows[23].starts_with("flag, reason (optional): age"),
        "{:?}",
        rows[23]
    );
    assert!(!rows.concat().contains('\u{202e}'), "sanitized");
    h.key("Enter");
    h.key("M");
    h.type_text("two reports");
    h.key("Enter");
    let rows = screen(&h);
    assert!(rows[0].contains("[flagged]"), "{:?}", rows[0]);
    assert!(
        rows[1].contains(" Article · flagged: age") && rows[1].contains("· note: two reports "),
        "{:?}",
        rows[1]
    );
}
