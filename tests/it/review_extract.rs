//! `vetter review` runs the built-in extractor on an article that has no suggestions, as the
//! article is opened; predictions from a file take precedence; without a suggester forms are empty.

use std::path::Path;
use std::sync::Arc;
use vetter::app::runtime::dispatch;
use vetter::app::Services;
use vetter::core::action::Action;
use vetter::core::keymap::Keymap;
use vetter::core::State;
use vetter::domain::annotation::{Entry, FieldState};
use vetter::domain::prediction::Suggest;
use vetter::extract::Extractor;
use vetter::io::{self, AnnotationStore, Corpus};

fn services(store: &Path, suggest: bool, predictions: bool) -> Services {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = io::default_schema();
    let suggester: Option<Box<dyn Suggest>> = if suggest {
        Some(Box::new(Extractor::new(&schema).unwrap()))
    } else {
        None
    };
    let predictions = predictions.then(|| {
        io::load_predictions(
            &root.join("tests/fixtures/samples.predictions.jsonl"),
            &schema,
        )
        .unwrap()
    });
    let mut s = Services::new(
        Corpus::open(&root.join("assets/articles")).unwrap(),
        AnnotationStore::new(store, "t"),
        predictions,
        Arc::new(schema),
        suggester,
    );
    s.recovery_dir = store.join("recovery");
    s
}

fn open_first(services: &Services) -> State {
    let mut state = State::new(
        services.schema.clone(),
        Arc::new(Keymap::default_keymap()),
        "t",
        services.queue(),
    );
    let first = services.open(0, "2026-01-01T00:00:00Z");
    dispatch(&mut state, services, first);
    state
}

#[test]
fn a_new_article_arrives_filled_by_the_extractor() {
    let dir = tempfile::tempdir().unwrap();
    let svc = services(dir.path(), true, false);
    let state = open_first(&svc);
    let ann = &state.session.as_ref().unwrap().annotation;
    let state_field = ann.field("state").unwrap();
    assert_eq!(
        state_field.value,
        Entry::Value(vetter::domain::value::Value::Text("New Mexico".into()))
    );
    assert_eq!(state_field.state, FieldState::Unreviewed);
    let sug = state_field.suggestion.as_ref().expect("a suggestion");
    assert_eq!(sug.source, Extractor::new(&svc.schema).unwrap().source());
    assert!(sug.confidence.is_some());
    assert!(
        !state_field.evidence.is_empty(),
        "evidence comes with the suggestion"
    );
    // Opening wrote nothing: the file appears with the first change.
    assert!(svc.store.load(svc.corpus.id(0)).unwrap().is_none());
}

#[test]
fn predictions_from_a_file_win_over_the_extractor() {
    let dir = tempfile::tempdir().unwrap();
    let svc = services(dir.path(), true, true);
    let state = open_first(&svc);
    let ann = &state.session.as_ref().unwrap().annotation;
    let sug = ann.field("city").unwrap().suggestion.as_ref().unwrap();
    assert_eq!(sug.source, "hand-made fixture");
}

#[test]
fn without_a_suggester_forms_are_empty() {
    let dir = tempfile::tempdir().unwrap();
    let svc = services(dir.path(), false, false);
    let state = open_first(&svc);
    let ann = &state.session.as_ref().unwrap().annotation;
    assert!(ann
        .fields
        .iter()
        .all(|f| f.suggestion.is_none() && f.value == Entry::Empty));
}

#[test]
fn a_saved_annotation_is_not_re_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let svc = services(dir.path(), true, false);
    let mut state = open_first(&svc);
    // Reject the state, then reopen: the reviewer's work stays; nothing is suggested over it.
    for _ in 0..2 {
        dispatch(
            &mut state,
            &svc,
            Action::Key(vetter::core::keys::KeyChord::parse("j").unwrap()),
        );
    }
    dispatch(
        &mut state,
        &svc,
        Action::Key(vetter::core::keys::KeyChord::parse("x").unwrap()),
    );
    let state = open_first(&svc);
    let ann = &state.session.as_ref().unwrap().annotation;
    assert_eq!(ann.field("state").unwrap().value, Entry::NotMentioned);
}
