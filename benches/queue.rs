//! The queue screen of a 100,000-article corpus at 200x50: a full draw in the middle of the list,
//! a cursor move (key to the next frame's state), and what a new filter or sort costs (the rows
//! are selected again then only). The reference in the same run is a full review-screen draw.

use criterion::{criterion_group, criterion_main, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::hint::black_box;
use std::sync::Arc;
use vetter::core::action::{Action, Opened};
use vetter::core::keymap::Keymap;
use vetter::core::keys::KeyChord;
use vetter::core::queue::{Item, Queue};
use vetter::core::{update, State};
use vetter::domain::annotation::{Annotation, Status};
use vetter::domain::article::Article;
use vetter::domain::summary::Summary;
use vetter::tui::{draw, Theme};

const N: usize = 100_000;
const SAMPLE: &str = include_str!("../assets/articles/farmington-officer-resigns-video.txt");

fn item(i: usize) -> Item {
    let status = [
        None,
        Some(Status::InProgress),
        Some(Status::Done),
        Some(Status::Skipped),
        Some(Status::NotRelevant),
    ][i % 5];
    Item {
        id: format!("crawl-2026-01-{:02}-{i:06}", 1 + i % 28).into(),
        title: Some(format!("Officer in the news, story {i}, from the wire service").into()),
        summary: status.map(|status| Summary {
            status,
            flagged: i.is_multiple_of(11),
            reason: i.is_multiple_of(11).then(|| "check the date".into()),
            active_seconds: (i as u64 * 37) % 4000,
            min_confidence: Some(((i * 13) % 100) as f32 / 100.0),
            corrected: (i % 4) as u32,
            updated: format!("2026-01-{:02}T{:02}:00:00Z", 1 + i % 28, i % 24),
        }),
    }
}

fn key(state: &mut State, name: &str) {
    update(state, Action::Key(KeyChord::parse(name).expect("a key")));
}

/// A 100,000-article queue with article 50,000 open, at 200x50.
fn state() -> State {
    let schema = Arc::new(vetter::io::default_schema());
    let queue = Queue::new((0..N).map(item).collect());
    let mut s = State::new(
        schema.clone(),
        Arc::new(Keymap::default_keymap()),
        "b",
        queue,
    );
    update(
        &mut s,
        Action::Resize {
            width: 200,
            height: 50,
        },
    );
    let article = Article {
        id: s.queue.items()[N / 2].id.to_string(),
        title: "Bench".into(),
        text: SAMPLE.into(),
        ..Article::default()
    };
    let annotation = Annotation::new(&schema, &article.id, &article.text_hash(), "b", "now");
    update(
        &mut s,
        Action::Opened(Box::new(Opened {
            index: N / 2,
            article,
            annotation,
            persisted: false,
            read_only: None,
            messages: Vec::new(),
        })),
    );
    s
}

fn bench_queue(c: &mut Criterion) {
    let theme = Theme { color: true };
    let mut group = c.benchmark_group("queue_100k_200x50");
    let review = state();
    let mut term = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
    group.bench_function("reference_review_screen_draw", |b| {
        b.iter(|| {
            term.draw(|f| draw(f, black_box(&review), &theme))
                .expect("draw");
        })
    });
    let mut queue = state();
    key(&mut queue, "Q");
    group.bench_function("queue_screen_draw", |b| {
        b.iter(|| {
            term.draw(|f| draw(f, black_box(&queue), &theme))
                .expect("draw");
        })
    });
    group.bench_function("cursor_down_then_up", |b| {
        b.iter(|| {
            key(&mut queue, "j");
            key(&mut queue, "k");
        })
    });
    // Each press selects the 100,000 rows again (filter or sort changed).
    group.sample_size(20);
    group.bench_function("status_filter_cycle_7_keys", |b| {
        b.iter(|| {
            for _ in 0..7 {
                key(&mut queue, "t");
            }
        })
    });
    group.bench_function("sort_cycle_3_keys", |b| {
        b.iter(|| {
            for _ in 0..3 {
                key(&mut queue, "o");
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_queue);
criterion_main!(benches);
