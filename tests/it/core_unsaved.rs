//! Work is never lost: a save that fails is kept, retried and in the way of quitting; a paste
//! is one change; changes reach the journal at once and the file within the flush.

use crate::common;

use common::{articles_dir, Harness};
use std::fs;
use std::path::Path;
use vetter::core::action::After;
use vetter::core::state::{Level, ModeState};
use vetter::core::{Action, Effect};
use vetter::domain::annotation::FieldState::Confirmed;
use vetter::io::{journal, parse_annotation};

/// The bundled corpus with a store that reads but cannot be written: each article's journal
/// path is taken by a directory (permissions would not stop root).
fn broken_store() -> Harness {
    let h = Harness::new();
    for i in 0..h.services.corpus.len() {
        let j = journal::path_of(&h.services.store.path_for(h.services.corpus.id(i)));
        fs::create_dir_all(j.join("in the way")).unwrap();
    }
    h
}

fn fix_store(h: &Harness) {
    for i in 0..h.services.corpus.len() {
        let j = journal::path_of(&h.services.store.path_for(h.services.corpus.id(i)));
        fs::remove_dir_all(j).unwrap();
    }
}

fn quit_effects(fx: &[Effect]) -> usize {
    fx.iter().filter(|e| matches!(e, Effect::Quit)).count()
}

/// Runs the quit command the way the event loop does and says whether it quit.
fn quit(h: &mut Harness) -> bool {
    vetter::app::runtime::dispatch(
        &mut h.state,
        &h.services,
        Action::Command(vetter::core::command::Command::Quit),
    )
}

#[test]
fn a_failed_save_is_kept_marked_and_retried_on_the_next_change() {
    let mut h = broken_store();
    let id = h.id();
    h.key("y");
    assert_eq!(h.level(), Level::Error);
    assert!(
        h.message().starts_with("could not save: "),
        "{}",
        h.message()
    );
    assert_eq!(h.state.unsaved.ids().collect::<Vec<_>>(), vec![id.as_str()]);
    assert_eq!(
        h.state.unsaved.get(&id),
        Some(h.ann()),
        "the newest version is kept"
    );
    // Still failing: still kept, with the newer version.
    h.key("y");
    assert_eq!(h.state.unsaved.get(&id), Some(h.ann()));
    // The folder is fixed: the next change saves, and nothing is unsaved any more.
    fix_store(&h);
    h.key("y");
    assert!(h.state.unsaved.is_empty());
    assert_eq!(h.saved().as_ref(), Some(h.ann()));
    h.assert_states(&[("incident_date", Confirmed), ("city", Confirmed)]);
}

#[test]
fn an_unsaved_article_left_behind_is_saved_by_a_change_elsewhere() {
    let mut h = broken_store();
    let first = h.id();
    h.key("y");
    let kept = h.state.unsaved.get(&first).cloned().expect("kept");
    h.key("]");
    assert_ne!(h.id(), first);
    fix_store(&h);
    h.key("y");
    assert!(h.state.unsaved.is_empty(), "both saved");
    assert_eq!(h.services.store.load(&first).unwrap(), Some(kept.clone()));
    // Reopened, it shows the version that was kept, not an older file.
    h.key("[");
    assert_eq!(h.ann(), &kept);
}

#[test]
fn reopening_an_unsaved_article_shows_the_unsaved_version() {
    let mut h = broken_store();
    let first = h.id();
    h.key("y");
    let kept = h.state.unsaved.get(&first).cloned().unwrap();
    h.key("]");
    h.key("[");
    assert_eq!(h.id(), first);
    assert_eq!(h.ann(), &kept, "not the fresh suggestions");
}

#[test]
fn quit_refuses_while_unsaved_and_retry_saves_then_quits() {
    let mut h = broken_store();
    h.key("y");
    assert!(!quit(&mut h), "does not quit with unsaved work");
    assert_eq!(h.state.mode, ModeState::ConfirmQuit { discard: false });
    assert!(h.message().contains("not saved"), "{}", h.message());
    // Retry while still broken: still asking.
    assert!(!vetter::app::runtime::dispatch(
        &mut h.state,
        &h.services,
        common::key("r")
    ));
    assert_eq!(h.state.mode, ModeState::ConfirmQuit { discard: false });
    fix_store(&h);
    assert!(vetter::app::runtime::dispatch(
        &mut h.state,
        &h.services,
        common::key("r")
    ));
    assert!(h.state.unsaved.is_empty());
    assert_eq!(h.saved().as_ref(), Some(h.ann()));
}

#[test]
fn quit_anyway_asks_twice_and_leaves_the_work_listed() {
    let mut h = broken_store();
    h.key("y");
    quit(&mut h);
    let fx = h.key("Q");
    assert_eq!(quit_effects(&fx), 0, "asks again first");
    assert_eq!(h.state.mode, ModeState::ConfirmQuit { discard: true });
    h.key("n");
    assert_eq!(h.state.mode, ModeState::ConfirmQuit { discard: false });
    h.key("Q");
    let fx = h.key("y");
    assert_eq!(quit_effects(&fx), 1);
    assert_eq!(h.state.unsaved.len(), 1, "reported on exit");
}

#[test]
fn esc_goes_back_to_reviewing_and_quitting_asks_again() {
    let mut h = broken_store();
    h.key("y");
    quit(&mut h);
    h.key("Esc");
    assert_eq!(h.state.mode, ModeState::Normal);
    assert!(!quit(&mut h));
    assert_eq!(h.state.mode, ModeState::ConfirmQuit { discard: false });
}

#[test]
fn the_recovery_file_holds_the_unsaved_annotation_and_then_vetter_quits() {
    let mut h = broken_store();
    h.key("y");
    let kept = h.state.unsaved.get(&h.id()).cloned().unwrap();
    quit(&mut h);
    assert!(vetter::app::runtime::dispatch(
        &mut h.state,
        &h.services,
        common::key("w")
    ));
    let files = &h.state.unsaved.recovered;
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        Path::new(&files[0]).starts_with(&h.services.recovery_dir),
        "{files:?}"
    );
    let text = fs::read_to_string(&files[0]).unwrap();
    assert_eq!(parse_annotation(&text, Path::new(&files[0])).unwrap(), kept);
}

#[test]
fn with_nothing_unsaved_quit_is_at_once() {
    let mut h = Harness::new();
    h.key("y");
    let fx = h.cmd(vetter::core::command::Command::Quit);
    assert!(fx.contains(&Effect::Then(After::TryQuit)), "{fx:?}");
    assert!(quit(&mut h));
}

#[test]
fn a_paste_is_one_change_and_one_save() {
    let mut h = Harness::new();
    h.focus_on("city");
    h.keys(&["e", "Ctrl-u"]);
    let long: String = "Saint Paul ".repeat(2000);
    let fx = h.send(Action::Paste(long.clone()));
    assert_eq!(fx.len(), 1, "one draft save for 22,000 characters");
    let ModeState::Edit { editor, .. } = &h.state.mode else {
        panic!("still editing");
    };
    assert_eq!(editor.text(), long);
    // Line breaks and controls do not run commands or break the field.
    let fx = h.send(Action::Paste("a\nb\u{1b}[31m\tc".into()));
    assert_eq!(fx.len(), 1);
    let ModeState::Edit { editor, .. } = &h.state.mode else {
        panic!("still editing");
    };
    assert!(editor.text().ends_with("a b[31m c"), "{:?}", editor.text());
}

#[test]
fn a_paste_outside_an_input_does_nothing() {
    let mut h = Harness::new();
    let before = h.ann().clone();
    assert!(h.send(Action::Paste("yyyyxD".into())).is_empty());
    assert_eq!(h.ann(), &before, "pasted letters are not commands");
}

#[test]
fn changes_reach_the_journal_at_once_and_the_file_on_flush() {
    let mut h = Harness::new();
    h.key("y");
    let path = h.services.store.path_for(&h.id());
    let on_disk = h.saved().unwrap();
    h.send_unflushed(common::key("y"));
    assert_eq!(h.saved().unwrap(), on_disk, "the file waits for the flush");
    let text = journal::read(&path).expect("a journal");
    assert_eq!(&parse_annotation(&text, &path).unwrap(), h.ann());
    assert!(!h.services.all_flushed());
    h.flush();
    assert!(h.services.all_flushed());
    assert_eq!(h.saved().as_ref(), Some(h.ann()));
    assert!(journal::read(&path).is_none(), "the journal is removed");
}

#[test]
fn a_killed_session_comes_back_from_its_journal() {
    let mut h = Harness::new();
    h.key("y");
    h.send_unflushed(common::key("y"));
    h.send_unflushed(common::key("e"));
    h.send_unflushed(common::key("x"));
    let in_memory = h.ann().clone();
    // A new process on the same folder: the journal is newer than the file.
    let services = common::services(&articles_dir(), h.store_dir.path(), true);
    let mut state = common::fresh_state(&services, 80, 24);
    let opened = services.open(0, common::NOW);
    vetter::app::runtime::dispatch(&mut state, &services, opened);
    let reopened = &state.session.as_ref().unwrap().annotation;
    assert_eq!(reopened.fields, in_memory.fields);
    assert_eq!(reopened.draft, in_memory.draft, "the edit being typed too");
    // Its next flush brings the file up to date.
    for a in services.flush() {
        vetter::app::runtime::dispatch(&mut state, &services, a);
    }
    assert_eq!(
        services
            .store
            .load(&in_memory.article.id)
            .unwrap()
            .unwrap()
            .fields,
        in_memory.fields
    );
}

#[test]
fn a_torn_journal_is_ignored_and_the_file_is_used() {
    let mut h = Harness::new();
    h.key("y");
    let path = h.services.store.path_for(&h.id());
    fs::write(journal::path_of(&path), b"(format: 1, fie").unwrap();
    let on_disk = h.saved().unwrap();
    h.reopen(0);
    assert_eq!(h.ann(), &on_disk);
}

#[test]
fn a_flush_that_fails_gives_the_annotation_back_as_unsaved() {
    let mut h = Harness::new();
    h.key("y");
    h.send_unflushed(common::key("y"));
    // The file's place is taken by a directory: the durable write fails, the journal stays.
    let path = h.services.store.path_for(&h.id());
    fs::remove_file(&path).unwrap();
    fs::create_dir(&path).unwrap();
    fs::write(path.join("x"), b"x").unwrap();
    h.flush();
    assert_eq!(h.state.unsaved.get(&h.id()), Some(h.ann()));
    assert!(journal::read(&path).is_some(), "the journal keeps the work");
}

#[test]
fn read_only_sessions_save_nothing() {
    let mut h = Harness::new();
    h.services.read_only = Some("opened with --read-only".into());
    h.reopen(0);
    let fx = h.key("y");
    assert!(fx.is_empty(), "{fx:?}");
    assert!(h.message().contains("--read-only"), "{}", h.message());
    assert!(!h.services.store.dir().exists());
}

#[test]
fn an_annotation_that_parses_but_does_not_validate_opens_read_only() {
    for (what, broken) in [
        ("no fields", "fields: [],"),
        ("an unknown field", "fields: [(key: \"nonsense\", state: Unreviewed, value: Empty, suggestion: None, evidence: [], note: None)],"),
    ] {
        let mut h = Harness::new();
        h.key("y");
        let path = h.services.store.path_for(&h.id());
        let good = fs::read_to_string(&path).unwrap();
        let start = good.find("    fields: [").unwrap();
        let end = good.find("    created:").unwrap();
        let bad = format!("{}    {broken}\n{}", &good[..start], &good[end..]);
        parse_annotation(&bad, &path).unwrap_or_else(|e| panic!("{what}: must still parse: {e}"));
        fs::write(&path, &bad).unwrap();
        h.reopen(0);
        assert!(h.session().read_only.is_some(), "{what}");
        assert!(h.message().contains("opened read-only"), "{what}: {}", h.message());
        // Nothing the reviewer presses rewrites it.
        h.keys(&["y", "x", "A", "f", "D"]);
        assert_eq!(fs::read_to_string(&path).unwrap(), bad, "{what}");
    }
}

#[test]
fn a_file_changed_on_disk_since_it_was_read_is_not_overwritten() {
    let mut h = Harness::new();
    h.key("y");
    let path = h.services.store.path_for(&h.id());
    // Another program rewrites the file (same annotation, a comment added).
    let theirs = format!(
        "// edited elsewhere\n{}",
        fs::read_to_string(&path).unwrap()
    );
    fs::write(&path, &theirs).unwrap();
    h.key("y");
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs, "theirs is kept");
    assert_eq!(
        h.state.unsaved.get(&h.id()),
        Some(h.ann()),
        "ours is kept too"
    );
    assert!(h.message().contains("not overwritten"), "{}", h.message());
    assert!(journal::read(&path).is_some(), "and in the journal");
}

#[test]
fn a_file_created_since_the_article_was_opened_is_not_overwritten() {
    let mut h = Harness::new();
    let path = h.services.store.path_for(&h.id());
    let other = Harness::new();
    // Same article, written by someone else into this store after it was opened here.
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, vetter::io::to_ron(other.ann())).unwrap();
    h.key("y");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        vetter::io::to_ron(other.ann())
    );
    assert!(h.state.unsaved.get(&h.id()).is_some());
}
