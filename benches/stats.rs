//! `vetter stats` on 100,000 annotation files (three reviewers), as a process, against a floor
//! measured in the same run: walking the same tree and reading every file (in parallel, without
//! parsing). Prints the median of 5 runs of each and their ratio.
//!
//! `cargo bench --bench stats` (the files are generated once per run in a temporary directory;
//! `VETTER_STATS_FILES` sets another count, `VETTER_STATS_DIR` a directory to generate into and
//! keep).

mod common;

use common::{Rng, REVIEWERS};

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use vetter::domain::annotation::{
    Annotation, Entry, FieldAnn, FieldState, Flag, Record, Span, Status, Suggestion,
};
use vetter::domain::schema::{FieldDef, FieldType};
use vetter::domain::value::Value;

const RUNS: usize = 5;

fn value_for(def: &FieldDef, rng: &mut Rng) -> Value {
    match &def.kind {
        FieldType::Integer => Value::Int(rng.below(60) as i64),
        FieldType::Date => Value::Date(format!(
            "2021-{:02}-{:02}",
            1 + rng.below(12),
            1 + rng.below(28)
        )),
        FieldType::Boolean => Value::Bool(rng.below(2) == 0),
        FieldType::Enum(c) => Value::Choice(c[rng.below(c.len() as u64) as usize].clone()),
        FieldType::Multi(c) => Value::Choices(vec![c[rng.below(c.len() as u64) as usize].clone()]),
        FieldType::Text | FieldType::Group(_) => {
            Value::Text(format!("Springfield County {}", rng.below(1000)))
        }
    }
}

/// A reviewed (or not) field: a suggestion for most, then confirmed, corrected or rejected.
fn field(def: &FieldDef, rng: &mut Rng, reviewed: bool) -> FieldAnn {
    let mut f = FieldAnn::new(&def.key);
    let suggested = rng.below(10) < 7;
    if suggested {
        let v = value_for(def, rng);
        let start = rng.below(2000) as usize;
        f.evidence = vec![Span {
            start,
            end: start + 12,
            quote: v.display(),
            stale: false,
        }];
        f.suggestion = Some(Suggestion {
            value: Entry::Value(v.clone()),
            confidence: Some(rng.below(100) as f32 / 100.0),
            source: "vetter-extract 0.1".into(),
        });
        f.value = Entry::Value(v);
    }
    if !reviewed {
        return f;
    }
    f.state = match rng.below(10) {
        0..=5 if suggested => FieldState::Confirmed,
        6..=7 => {
            f.value = Entry::Value(value_for(def, rng));
            FieldState::Corrected
        }
        _ => {
            f.value = Entry::NotMentioned;
            f.evidence.clear();
            FieldState::Rejected
        }
    };
    f
}

fn annotation(schema: &vetter::domain::schema::Schema, i: usize, reviewer: &str) -> Annotation {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1).wrapping_mul(0x1000_0000_01B3));
    let id = format!("article-{i:06}");
    let mut a = Annotation::new(
        schema,
        &id,
        "sha256:0123456789abcdef",
        reviewer,
        "2026-01-05T10:00:00Z",
    );
    a.status = match rng.below(20) {
        0..=11 => Status::Done,
        12..=14 => Status::InProgress,
        15..=16 => Status::Skipped,
        _ => Status::NotRelevant,
    };
    if a.status == Status::Skipped {
        a.skip_reason = Some("paywall".into());
    }
    if rng.below(20) == 0 {
        a.flag = Some(Flag {
            reason: Some("check the date".into()),
        });
    }
    a.active_seconds = 20 + rng.below(600);
    a.updated = "2026-01-05T10:12:00Z".into();
    let finished = a.status == Status::Done;
    for (def, fa) in schema.fields.iter().zip(a.fields.iter_mut()) {
        let reviewed = finished || rng.below(2) == 0;
        *fa = match &def.kind {
            FieldType::Group(subs) => {
                let mut g = FieldAnn::new(&def.key);
                let records = (0..1 + rng.below(3))
                    .map(|_| Record {
                        fields: subs.iter().map(|s| field(s, &mut rng, reviewed)).collect(),
                    })
                    .collect();
                g.value = Entry::Records(records);
                g.suggestion = Some(Suggestion {
                    value: g.value.clone(),
                    confidence: Some(0.7),
                    source: "vetter-extract 0.1".into(),
                });
                if reviewed {
                    g.state = FieldState::Confirmed;
                }
                g
            }
            _ => field(def, &mut rng, reviewed),
        };
    }
    a
}

/// Writes `n` annotation files spread over the reviewers; returns their total size in bytes.
fn generate(dir: &Path, n: usize) -> u64 {
    let schema = vetter::io::schema_file::default_schema();
    for r in REVIEWERS {
        std::fs::create_dir_all(dir.join(r)).expect("a reviewer's folder");
    }
    (0..n)
        .into_par_iter()
        .map(|i| {
            let reviewer = REVIEWERS[i % REVIEWERS.len()];
            let ann = annotation(&schema, i, reviewer);
            common::write_annotation(dir, &ann)
        })
        .sum()
}

fn stats(dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_vetter"))
        .arg("stats")
        .arg(dir)
        .output()
        .expect("vetter runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn median_of(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not: then only a small smoke run.
    let benching = std::env::args().any(|a| a == "--bench");
    let n: usize = std::env::var("VETTER_STATS_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if benching { 100_000 } else { 300 });
    let tmp = tempfile::tempdir().expect("a temporary directory");
    // VETTER_STATS_DIR: generate into (and keep) that directory instead, to look at it after.
    let kept = std::env::var_os("VETTER_STATS_DIR").map(PathBuf::from);
    let dir = kept.as_deref().unwrap_or(tmp.path());
    let t = Instant::now();
    let bytes = generate(dir, n);
    println!(
        "generated {n} annotation files ({:.0} MB, {:.0} bytes each) in {:.1?}",
        bytes as f64 / 1e6,
        bytes as f64 / n as f64,
        t.elapsed()
    );
    // One untimed run of each, so both start with the files in the page cache.
    let read = common::floor(dir);
    assert_eq!(read, bytes);
    stats(dir);
    let floor_t = median_of(|| {
        common::floor(dir);
    });
    let stats_t = median_of(|| stats(dir));
    println!("{:<52} {:>9}", "benchmark (median of 5)", "time");
    println!(
        "{:<52} {:>9.3?}",
        format!("vetter stats, {n} files (process)"),
        stats_t
    );
    println!(
        "{:<52} {:>9.3?}",
        "floor: list and read every file (parallel, no parsing)", floor_t
    );
    println!(
        "ratio stats / floor: {:.1}",
        stats_t.as_secs_f64() / floor_t.as_secs_f64()
    );
}
