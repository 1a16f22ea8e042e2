//! The built-in extractor's throughput on one core, in bytes of article text per second: the
//! three sample articles, each read as its own article, repeated; and one long article made of
//! them (a page that gathers many stories).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use vetter::domain::article::Article;
use vetter::extract::Extractor;

/// The allocator the binary uses (see `src/main.rs`), so that the numbers are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SAMPLES: [&str; 3] = [
    include_str!("../assets/articles/farmington-officer-resigns-daily-mail.txt"),
    include_str!("../assets/articles/farmington-officer-resigns-video.txt"),
    include_str!("../assets/articles/kenosha-officer-knee-on-neck.txt"),
];

/// How many times the three samples are repeated in one iteration.
const REPEAT: usize = 10;

fn articles() -> Vec<Article> {
    (0..REPEAT)
        .flat_map(|r| {
            SAMPLES.iter().enumerate().map(move |(i, text)| Article {
                id: format!("sample-{r}-{i}"),
                text: text.to_string(),
                published: Some("2021-10-05".into()),
                ..Article::default()
            })
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let ex = Extractor::new(&vetter::io::default_schema()).expect("the default rules compile");
    let arts = articles();
    let bytes: usize = arts.iter().map(|a| a.text.len()).sum();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("three samples x10, one article each", |b| {
        b.iter(|| {
            for a in &arts {
                black_box(ex.extract(black_box(a)));
            }
        })
    });
    let long = Article {
        id: "long".into(),
        text: arts
            .iter()
            .map(|a| a.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n"),
        published: Some("2021-10-05".into()),
        ..Article::default()
    };
    g.throughput(Throughput::Bytes(long.text.len() as u64));
    g.bench_function("three samples x10, as one article", |b| {
        b.iter(|| black_box(ex.extract(black_box(&long))))
    });
    g.finish();
    c.bench_function("compile the default rules", |b| {
        let schema = vetter::io::default_schema();
        b.iter(|| black_box(Extractor::new(black_box(&schema)).unwrap()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches, fields);

/// Each field's rules alone (the participants with the counts, which read them), to see where
/// the time goes; "none" is the text's analysis alone.
fn per_field(c: &mut Criterion) {
    let full = vetter::io::default_schema();
    let arts = articles();
    let bytes: usize = arts.iter().map(|a| a.text.len()).sum();
    let mut g = c.benchmark_group("field");
    g.throughput(Throughput::Bytes(bytes as u64));
    let keys: Vec<String> = full.fields.iter().map(|f| f.key.clone()).collect();
    for only in std::iter::once("none".to_string()).chain(keys) {
        let mut s = full.clone();
        for f in &mut s.fields {
            if f.key != only && !(only == "num_killed" && f.key == "participants") {
                f.extract = None;
            }
        }
        let ex = Extractor::new(&s).unwrap();
        g.bench_function(&only, |b| {
            b.iter(|| {
                for a in &arts {
                    black_box(ex.extract(black_box(a)));
                }
            })
        });
    }
    g.finish();
}
criterion_group!(fields, per_field);
