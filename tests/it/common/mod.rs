//! Shared set-up for the state, screen and property tests: a real corpus, a store in a temporary
//! directory, the hand-made predictions, and helpers to feed keys through the core and run the
//! effects it asks for (saves land on disk, opens load articles).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;
use vetter::app::runtime::dispatch;
use vetter::app::services::{Next, Services};
use vetter::core::command::Command;
use vetter::core::form;
use vetter::core::keymap::Keymap;
use vetter::core::keys::KeyChord;
use vetter::core::{update, Action, Effect, State};
use vetter::domain::annotation::{Annotation, Entry, FieldAnn, FieldState, Span};
use vetter::domain::value::Value;
use vetter::io::{default_schema, load_predictions, AnnotationStore, Corpus};

/// The fixed clock every test runs at.
pub const NOW: &str = "2026-01-01T00:00:00Z";

pub fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn articles_dir() -> PathBuf {
    manifest().join("assets/articles")
}

pub fn predictions_path() -> PathBuf {
    manifest().join("tests/fixtures/samples.predictions.jsonl")
}

/// A key by its keymap name ("j", "Enter", "Ctrl-r").
pub fn key(name: &str) -> Action {
    Action::Key(KeyChord::parse(name).unwrap_or_else(|e| panic!("{name}: {e}")))
}

/// Builds the services for a corpus directory, with a store under `store_root`.
pub fn services(corpus_dir: &Path, store_root: &Path, predictions: bool) -> Services {
    let schema = default_schema();
    let preds = predictions.then(|| load_predictions(&predictions_path(), &schema).unwrap());
    let mut s = Services::new(
        Corpus::open(corpus_dir).unwrap(),
        AnnotationStore::new(store_root, "tester"),
        preds,
        Arc::new(schema),
        None,
    );
    // Never the real data directory.
    s.recovery_dir = store_root.join("recovery");
    s
}

/// A state for the services, with the clock set and the screen sized (no article open yet).
pub fn fresh_state(services: &Services, width: u16, height: u16) -> State {
    let mut state = State::new(
        services.schema.clone(),
        Arc::new(Keymap::default_keymap()),
        "tester",
        services.queue(),
    );
    let clock = Action::Clock {
        now: NOW.into(),
        active_seconds: 0,
    };
    dispatch(&mut state, services, clock);
    dispatch(&mut state, services, Action::Resize { width, height });
    state
}

pub struct Harness {
    /// The store root; kept so the directory lives as long as the harness.
    pub store_dir: TempDir,
    pub services: Services,
    pub state: State,
}

impl Harness {
    /// The bundled corpus with predictions, article 0 open, at 80x24.
    pub fn new() -> Harness {
        Harness::sized(80, 24)
    }

    pub fn sized(width: u16, height: u16) -> Harness {
        Harness::build(
            &articles_dir(),
            tempfile::tempdir().unwrap(),
            true,
            width,
            height,
            0,
        )
    }

    /// Article 0 of the bundled corpus, whose annotation file does not parse: read-only.
    pub fn read_only(width: u16, height: u16) -> Harness {
        let store = tempfile::tempdir().unwrap();
        let plain = services(&articles_dir(), store.path(), true);
        let path = plain.store.path_for(plain.corpus.id(0));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "(format: 1, this is not an annotation").unwrap();
        Harness::build(&articles_dir(), store, true, width, height, 0)
    }

    /// Opens article `index` of a corpus directory with a given store directory.
    pub fn build(
        corpus_dir: &Path,
        store_dir: TempDir,
        predictions: bool,
        width: u16,
        height: u16,
        index: usize,
    ) -> Harness {
        let services = services(corpus_dir, store_dir.path(), predictions);
        let mut state = fresh_state(&services, width, height);
        let opened = services.open(index, NOW);
        dispatch(&mut state, &services, opened);
        Harness {
            store_dir,
            services,
            state,
        }
    }

    /// Runs an action through `update`, returns the effects it asked for, then runs those effects
    /// (and what follows from them) the way the event loop does, and then flushes the saves to
    /// their files as the loop does within a second (see `flush_later` to keep them journaled).
    pub fn send(&mut self, action: Action) -> Vec<Effect> {
        let effects = self.send_unflushed(action);
        self.flush();
        effects
    }

    /// As `send`, without the flush: the changes are in the journal only.
    pub fn send_unflushed(&mut self, action: Action) -> Vec<Effect> {
        let effects = update(&mut self.state, action);
        for e in effects.clone() {
            if let Next::Actions(actions) = self.services.run(e, NOW) {
                for a in actions {
                    dispatch(&mut self.state, &self.services, a);
                }
            }
        }
        effects
    }

    /// What the event loop does on a tick once changes have waited: durable writes.
    pub fn flush(&mut self) {
        for a in self.services.flush() {
            dispatch(&mut self.state, &self.services, a);
        }
    }

    pub fn key(&mut self, name: &str) -> Vec<Effect> {
        self.send(key(name))
    }

    /// Presses keys in order; returns all the effects they asked for.
    pub fn keys(&mut self, names: &[&str]) -> Vec<Effect> {
        names.iter().flat_map(|k| self.key(k)).collect()
    }

    /// Types each character as a key.
    pub fn type_text(&mut self, text: &str) -> Vec<Effect> {
        text.chars()
            .flat_map(|c| {
                let k = if c == ' ' {
                    "Space".to_string()
                } else {
                    c.to_string()
                };
                self.key(&k)
            })
            .collect()
    }

    pub fn cmd(&mut self, c: Command) -> Vec<Effect> {
        self.send(Action::Command(c))
    }

    pub fn ann(&self) -> &Annotation {
        &self
            .state
            .session
            .as_ref()
            .expect("an article is open")
            .annotation
    }

    pub fn index(&self) -> usize {
        assert!(self.state.session.is_some(), "an article is open");
        self.state.queue.position
    }

    pub fn id(&self) -> String {
        self.ann().article.id.clone()
    }

    /// The row index of a field path such as `city` or `participants[1].role`.
    pub fn row_of(&self, path: &str) -> usize {
        form::find(&self.state.rows(), &self.state.schema, path)
            .unwrap_or_else(|| panic!("no row {path}"))
    }

    /// The annotation of a field path.
    pub fn field(&self, path: &str) -> &FieldAnn {
        let row = self.state.rows()[self.row_of(path)];
        form::get(&self.state.schema, self.ann(), row).unwrap()
    }

    /// Moves the focus to a field path with the next/previous field keys.
    pub fn focus_on(&mut self, path: &str) {
        let target = self.row_of(path);
        for _ in 0..200 {
            match self.state.focus.cmp(&target) {
                std::cmp::Ordering::Less => self.key("j"),
                std::cmp::Ordering::Greater => self.key("k"),
                std::cmp::Ordering::Equal => return,
            };
        }
        panic!("could not reach {path}: focus {}", self.state.focus);
    }

    /// The current article's annotation as saved on disk.
    pub fn saved(&self) -> Option<Annotation> {
        self.services.store.load(&self.id()).unwrap()
    }

    pub fn saved_bytes(&self) -> Option<Vec<u8>> {
        std::fs::read(self.services.store.path_for(&self.id())).ok()
    }

    pub fn session(&self) -> &vetter::core::state::Session {
        self.state.session.as_ref().expect("an article is open")
    }

    /// Opens article `index` again, as the event loop does.
    pub fn reopen(&mut self, index: usize) {
        let opened = self.services.open(index, NOW);
        dispatch(&mut self.state, &self.services, opened);
    }

    /// Asserts the review state of each listed field.
    pub fn assert_states(&self, want: &[(&str, FieldState)]) {
        for (path, st) in want {
            assert_eq!(self.field(path).state, *st, "{path}");
        }
    }

    /// Focuses a field, opens its editor, clears it and types `text` (without committing).
    pub fn start_edit(&mut self, path: &str, text: &str) -> Vec<Effect> {
        self.focus_on(path);
        let mut fx = self.keys(&["e", "Ctrl-u"]);
        fx.extend(self.type_text(text));
        fx
    }

    /// The last save of `effects` is what is in memory and what is on disk.
    #[track_caller]
    pub fn assert_saved(&self, effects: &[Effect]) {
        let last = *saves(effects).last().expect("a save");
        assert_eq!(last, self.ann());
        assert_eq!(self.saved().as_ref(), Some(self.ann()));
    }

    /// Confirms every suggestion and enters 0 for the counts the predictions left out, so no
    /// required field is left unreviewed.
    /// Reviews every field: suggestions confirmed, counts typed as 0, the rest rejected.
    pub fn finish_all(&mut self) {
        self.finish_required();
        self.key("R");
    }

    pub fn finish_required(&mut self) {
        self.key("A");
        for p in ["num_killed", "num_injured"] {
            if self.field(p).state == FieldState::Unreviewed {
                self.start_edit(p, "0");
                self.key("Enter");
            }
        }
        assert_eq!(
            self.ann().missing_required(&self.state.schema),
            Vec::<String>::new()
        );
    }

    pub fn level(&self) -> vetter::core::state::Level {
        self.state.message.as_ref().expect("a message").level
    }

    /// Asserts the status line's message.
    #[track_caller]
    pub fn says(&self, want: &str) {
        assert_eq!(self.message(), want);
    }

    pub fn message(&self) -> String {
        self.state
            .message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default()
    }
}

pub fn text(s: &str) -> Entry {
    Entry::Value(Value::Text(s.into()))
}

pub fn choice(s: &str) -> Entry {
    Entry::Value(Value::Choice(s.into()))
}

/// Every evidence span of an annotation, records included, with its field key.
pub fn spans(a: &Annotation) -> Vec<(String, Span)> {
    let mut v = Vec::new();
    let subs = a
        .fields
        .iter()
        .flat_map(|f| f.records())
        .flat_map(|r| &r.fields);
    for f in a.fields.iter().chain(subs) {
        v.extend(f.evidence.iter().map(|s| (f.key.clone(), s.clone())));
    }
    v
}

/// The annotations a list of effects saves.
pub fn saves(effects: &[Effect]) -> Vec<&Annotation> {
    fn save(e: &Effect) -> Option<&Annotation> {
        match e {
            Effect::Save(a) => Some(a),
            _ => None,
        }
    }
    effects.iter().filter_map(save).collect()
}

/// Copies the bundled articles to a new temporary directory, to be edited by a test.
pub fn copy_articles() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(articles_dir()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    dir
}

/// The whole screen for `state`, drawn without colour into a test backend of this size.
pub fn draw_plain(
    state: &State,
    width: u16,
    height: u16,
) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    t.draw(|f| vetter::tui::draw(f, state, &vetter::tui::Theme { color: false }))
        .unwrap();
    t
}

/// Each row of a drawn screen, every cell's symbol in order.
pub fn cell_rows(t: &ratatui::Terminal<ratatui::backend::TestBackend>) -> Vec<String> {
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}
