//! A full review-screen draw at 200x50, for a 3 KiB and a 1 MiB article.
//! The text is wrapped once per width (on resize); a frame draws only the visible lines, so the
//! two sizes should cost the same.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::hint::black_box;
use std::sync::Arc;
use vetter::core::action::{Action, Opened};
use vetter::core::keymap::Keymap;
use vetter::core::layout::Wrapped;
use vetter::core::state::Queue;
use vetter::core::{update, State};
use vetter::domain::annotation::Annotation;
use vetter::domain::article::Article;
use vetter::domain::prediction::{self, Prediction};
use vetter::tui::{draw, Theme};

const SAMPLE: &str = include_str!("../assets/articles/farmington-officer-resigns-video.txt");

fn article_of(size: usize) -> Article {
    let mut text = String::with_capacity(size + SAMPLE.len());
    while text.len() < size {
        text.push_str(SAMPLE);
        text.push('\n');
    }
    Article {
        id: format!("bench-{size}"),
        title: "Bench".into(),
        text,
        ..Article::default()
    }
}

fn state_for(article: Article) -> State {
    let schema = Arc::new(vetter::io::default_schema());
    let mut ann = Annotation::new(&schema, &article.id, &article.text_hash(), "bench", "now");
    let line = r#"{"id":"x","fields":{"city":"Farmington","state":"New Mexico","participants":[{"name":"Zach Christensen","role":"officer"}]},
        "evidence":{"city":[{"start":300,"end":310}],"state":[{"start":150,"end":160}],"participants[0].name":[{"start":320,"end":336}]}}"#;
    let pred: Prediction = serde_json::from_str(line).expect("bench prediction parses");
    prediction::apply(&pred, &schema, &article.text, &mut ann);
    let mut state = State::new(
        schema,
        Arc::new(Keymap::default_keymap()),
        "bench",
        Queue::of_ids(&["a"]),
    );
    update(
        &mut state,
        Action::Resize {
            width: 200,
            height: 50,
        },
    );
    update(
        &mut state,
        Action::Opened(Box::new(Opened {
            index: 0,
            article,
            annotation: ann,
            persisted: false,
            read_only: None,
            messages: Vec::new(),
        })),
    );
    // Search so matches are highlighted too, and scroll into the middle of the text.
    update(
        &mut state,
        Action::Command(vetter::core::command::Command::Search),
    );
    for c in "Christiansen".chars() {
        update(
            &mut state,
            Action::Key(vetter::core::keys::KeyChord::plain(
                vetter::core::keys::Key::Char(c),
            )),
        );
    }
    update(
        &mut state,
        Action::Command(vetter::core::command::Command::Commit),
    );
    state
}

fn bench_draw(c: &mut Criterion) {
    let mut group = c.benchmark_group("draw_review_200x50");
    for (name, size) in [("3KiB", 3 * 1024), ("1MiB", 1024 * 1024)] {
        let state = state_for(article_of(size));
        let mut term = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
        let theme = Theme { color: true };
        group.bench_with_input(BenchmarkId::from_parameter(name), &state, |b, st| {
            b.iter(|| {
                term.draw(|f| draw(f, black_box(st), &theme)).expect("draw");
            })
        });
    }
    // The floor: what ratatui's frame machinery (reset, diff, swap) costs at this size with
    // nothing drawn.
    let mut term = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
    group.bench_function("empty_frame_baseline", |b| {
        b.iter(|| {
            term.draw(|f| {
                black_box(f.area());
            })
            .expect("draw");
        })
    });
    group.finish();

    // The reference from the issue: a plain Paragraph that re-wraps the whole text every frame.
    let mut group = c.benchmark_group("reference_paragraph_rewrap_200x50");
    group.sample_size(10);
    let text = article_of(1024 * 1024).text;
    let mut term = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
    group.bench_function("1MiB", |b| {
        b.iter(|| {
            term.draw(|f| {
                let p = ratatui::widgets::Paragraph::new(text.as_str())
                    .wrap(ratatui::widgets::Wrap { trim: false })
                    .scroll((2000, 0));
                f.render_widget(p, f.area());
            })
            .expect("draw");
        })
    });
    group.finish();

    let mut group = c.benchmark_group("wrap_once_per_width");
    group.sample_size(20);
    for (name, size) in [("3KiB", 3 * 1024), ("1MiB", 1024 * 1024)] {
        let text = article_of(size).text;
        group.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, t| {
            b.iter(|| Wrapped::new(black_box(t), 98))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_draw);
criterion_main!(benches);
