//! Typing and pasting into a field, saves included, on a real store in a temporary directory:
//! 2,000 typed characters (each one is saved to the journal before the next key), and one paste
//! of 20,000. The reference in the same run is the old rule, a durable save (fsync, rename,
//! fsync of the directory) for every key.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use vetter::app::runtime::dispatch;
use vetter::app::Services;
use vetter::core::keymap::Keymap;
use vetter::core::keys::{Key, KeyChord};
use vetter::core::{Action, State};
use vetter::io::{default_schema, AnnotationStore, Corpus};

fn setup(store: &Path) -> (Services, State) {
    let corpus = Corpus::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles"))
        .expect("the samples");
    let schema = Arc::new(default_schema());
    let mut services = Services::new(
        corpus,
        AnnotationStore::new(store, "bench"),
        None,
        schema.clone(),
        None,
    );
    services.recovery_dir = store.join("recovery");
    let mut state = State::new(
        schema,
        Arc::new(Keymap::default_keymap()),
        "bench",
        services.queue(),
    );
    for a in [
        Action::Clock {
            now: "2026-01-01T00:00:00Z".into(),
            active_seconds: 0,
        },
        Action::Resize {
            width: 120,
            height: 40,
        },
    ] {
        dispatch(&mut state, &services, a);
    }
    let opened = services.open(0, "2026-01-01T00:00:00Z");
    dispatch(&mut state, &services, opened);
    // Focus the city (a text field) and open its editor.
    for k in ["j", "e", "Ctrl-u"] {
        dispatch(
            &mut state,
            &services,
            Action::Key(KeyChord::parse(k).unwrap()),
        );
    }
    (services, state)
}

/// A fresh store and an open editor, for one measured run.
fn fresh() -> (tempfile::TempDir, Services, State) {
    let d = tempfile::tempdir().unwrap();
    let (s, st) = setup(d.path());
    (d, s, st)
}

fn typed(n: usize) -> Vec<Action> {
    (0..n)
        .map(|i| Action::Key(KeyChord::plain(Key::Char((b'a' + (i % 26) as u8) as char))))
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("typing");
    g.sample_size(10);
    g.bench_function("type 2000 chars (journal)", |b| {
        b.iter_with_setup(fresh, |(d, services, mut state)| {
            for a in typed(2000) {
                dispatch(&mut state, &services, a);
            }
            black_box(services.flush());
            drop(d);
        })
    });
    g.bench_function(
        "type 2000 chars (durable save per key, the old rule)",
        |b| {
            b.iter_with_setup(fresh, |(d, services, mut state)| {
                for a in typed(2000) {
                    dispatch(&mut state, &services, a);
                    black_box(services.flush());
                }
                drop(d);
            })
        },
    );
    let paste: String = "Saint Paul, Minnesota ".repeat(20_000 / 22 + 1)[..20_000].to_string();
    g.bench_function("paste 20000 chars", |b| {
        b.iter_with_setup(fresh, |(d, services, mut state)| {
            dispatch(&mut state, &services, Action::Paste(paste.clone()));
            black_box(services.flush());
            drop(d);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
