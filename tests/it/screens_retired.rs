//! An annotation made under version 1 of the schema, reviewed under version 2: it opens
//! migrated, and the retired field's value is shown under the form, read-only, without taking a
//! row (focus, row count and the done rule are as for a version 2 annotation).

use crate::common::{articles_dir, manifest, NOW};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::sync::Arc;
use vetter::app::runtime::dispatch;
use vetter::app::Services;
use vetter::core::keymap::Keymap;
use vetter::core::{Action, State};
use vetter::io::{load_schema, AnnotationStore, Corpus};
use vetter::tui::Theme;

const ID: &str = "kenosha-officer-knee-on-neck";

fn open_v1_under_v2(width: u16, height: u16) -> (tempfile::TempDir, Services, State) {
    let schema =
        Arc::new(load_schema(&manifest().join("assets/schema/examples/incident-v2.ron")).unwrap());
    let store_dir = tempfile::tempdir().unwrap();
    let store = AnnotationStore::new(store_dir.path(), "tester");
    let path = store.path_for(ID);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::copy(
        manifest().join(format!("annotations/example/{ID}.ron")),
        &path,
    )
    .unwrap();
    let corpus = Corpus::open(&articles_dir()).unwrap();
    let index = corpus.index_of(ID).unwrap();
    let mut services = Services::new(corpus, store, None, schema.clone(), None);
    services.recovery_dir = store_dir.path().join("recovery");
    let mut state = State::new(
        schema,
        Arc::new(Keymap::default_keymap()),
        "tester",
        services.queue(),
    );
    for a in [
        Action::Clock {
            now: NOW.into(),
            active_seconds: 0,
        },
        Action::Resize { width, height },
    ] {
        dispatch(&mut state, &services, a);
    }
    let opened = services.open(index, NOW);
    dispatch(&mut state, &services, opened);
    (store_dir, services, state)
}

#[test]
fn the_retired_value_is_shown_under_the_form_read_only() {
    let (_d, services, mut state) = open_v1_under_v2(100, 40);
    let s = state.session.as_ref().unwrap();
    assert!(s.read_only.is_none(), "{:?}", s.read_only);
    assert_eq!(s.annotation.schema.version, 2);
    assert_eq!(s.annotation.retired.len(), 1);
    assert_eq!(s.annotation.retired[0].key, "legal_action");
    // The focus on the last row shows what follows the rows.
    let last = state.rows().len() - 1;
    for _ in 0..last {
        dispatch(&mut state, &services, crate::common::key("j"));
    }
    let mut t = Terminal::new(TestBackend::new(100, 40)).unwrap();
    t.draw(|f| vetter::tui::draw(f, &state, &Theme { color: false }))
        .unwrap();
    insta::assert_snapshot!("retired_v1_under_v2", t.backend());
}

#[test]
fn retired_values_take_no_row() {
    let (_d, _services, state) = open_v1_under_v2(100, 40);
    let s = state.session.as_ref().unwrap();
    let rows = vetter::core::form::rows(&state.schema, &s.annotation);
    // Every row is a field of version 2: none is the retired legal_action.
    for r in &rows {
        let path = vetter::core::form::path(&state.schema, *r);
        assert!(!path.starts_with("legal_action"), "{path}");
    }
    assert!(rows
        .iter()
        .any(|r| vetter::core::form::path(&state.schema, *r) == "law_enforcement_agency"));
}
