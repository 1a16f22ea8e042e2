//! `vetter export --gold` on 100,000 annotation files (three reviewers; one article in ten
//! annotated by two of them, agreeing), as a process writing JSONL and CSV to a file, against a
//! floor measured in the same run: walking the same tree and reading every file (in parallel,
//! without parsing). Prints the median of 5 runs of each, and for the exports the median CPU
//! time (user + system, all threads) of the process: on a loaded machine the wall time says
//! more about the other processes, CPU time / cores what an idle machine would take.
//!
//! `cargo bench --bench export` (the files are generated once per run in a temporary directory;
//! `VETTER_EXPORT_FILES` sets another count, `VETTER_EXPORT_DIR` a directory to generate into
//! and keep).

mod common;

use common::{children_cpu, Rng, REVIEWERS};

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use vetter::domain::annotation::{Annotation, Entry, FieldAnn, FieldState, Record, Span, Status};
use vetter::domain::schema::{FieldDef, FieldType, Schema};
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
        FieldType::Text | FieldType::Group(_) => match def.key.as_str() {
            "name" => Value::Text(format!("Jordan Smith{}", rng.below(1000))),
            _ => Value::Text(format!("Springfield County {}", rng.below(1000))),
        },
    }
}

/// A reviewed field: most with a value and a span of evidence, some not mentioned.
fn field(def: &FieldDef, rng: &mut Rng) -> FieldAnn {
    let mut f = FieldAnn::new(&def.key);
    if rng.below(10) < 8 {
        let v = value_for(def, rng);
        let start = rng.below(2000) as usize;
        let quote = v.display();
        f.evidence = vec![Span {
            start,
            end: start + quote.chars().count(),
            quote,
            stale: false,
        }];
        f.value = Entry::Value(v);
        f.state = FieldState::Confirmed;
    } else {
        f.value = Entry::NotMentioned;
        f.state = FieldState::Rejected;
    }
    f
}

fn annotation(schema: &Schema, i: usize, reviewer: &str) -> Annotation {
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
        0..=15 => Status::Done,
        16..=17 => Status::InProgress,
        _ => Status::NotRelevant,
    };
    a.active_seconds = 20 + rng.below(600);
    for (def, fa) in schema.fields.iter().zip(a.fields.iter_mut()) {
        *fa = match &def.kind {
            FieldType::Group(subs) => {
                let mut g = FieldAnn::new(&def.key);
                let records = (0..1 + rng.below(3))
                    .map(|_| Record {
                        fields: subs.iter().map(|s| field(s, &mut rng)).collect(),
                    })
                    .collect();
                g.value = Entry::Records(records);
                g.state = FieldState::Confirmed;
                g
            }
            _ => field(def, &mut rng),
        };
    }
    a
}

/// Writes `n` annotation files (`n * 10 / 11` articles, one in ten of them annotated by a second
/// reviewer the same way); returns their total size in bytes.
fn generate(dir: &Path, n: usize) -> u64 {
    let schema = vetter::io::schema_file::default_schema();
    for r in REVIEWERS {
        std::fs::create_dir_all(dir.join(r)).expect("a reviewer's folder");
    }
    let articles = n * 10 / 11;
    let second = n - articles;
    (0..articles + second)
        .into_par_iter()
        .map(|k| {
            // Files past `articles` are second annotations of every tenth article.
            let (i, r) = if k < articles {
                (k, k % REVIEWERS.len())
            } else {
                let i = (k - articles) * 10;
                (i, (i + 1) % REVIEWERS.len())
            };
            let reviewer = REVIEWERS[r];
            let ann = annotation(&schema, i, reviewer);
            common::write_annotation(dir, &ann)
        })
        .sum()
}

/// Runs the export; returns the last line of its stderr (the summary).
fn export(dir: &Path, format: &str, out: &Path) -> String {
    let run = Command::new(env!("CARGO_BIN_EXE_vetter"))
        .args(["export", "--gold", "--format", format, "-o"])
        .arg(out)
        .arg(dir)
        .output()
        .expect("vetter runs");
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    err.lines().last().unwrap_or_default().to_string()
}

/// Median wall time and median CPU time of the children, over `RUNS` runs.
fn median_of(mut f: impl FnMut()) -> (Duration, Duration) {
    let (mut wall, mut cpu): (Vec<Duration>, Vec<Duration>) = (0..RUNS)
        .map(|_| {
            let (t, c) = (Instant::now(), children_cpu());
            f();
            (t.elapsed(), children_cpu() - c)
        })
        .unzip();
    wall.sort();
    cpu.sort();
    (wall[RUNS / 2], cpu[RUNS / 2])
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not: then only a small smoke run.
    let benching = std::env::args().any(|a| a == "--bench");
    let n: usize = std::env::var("VETTER_EXPORT_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if benching { 100_000 } else { 300 });
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let kept = std::env::var_os("VETTER_EXPORT_DIR").map(PathBuf::from);
    let dir = kept.as_deref().unwrap_or(tmp.path()).join("annotations");
    let out_dir = tempfile::tempdir().expect("a temporary directory");
    let t = Instant::now();
    let bytes = generate(&dir, n);
    println!(
        "generated {n} annotation files ({:.0} MB, {:.0} bytes each) in {:.1?}",
        bytes as f64 / 1e6,
        bytes as f64 / n as f64,
        t.elapsed()
    );
    // One untimed run of each, so all start with the files in the page cache.
    assert_eq!(common::floor(&dir), bytes);
    let jsonl = out_dir.path().join("gold.jsonl");
    let csv = out_dir.path().join("gold.csv");
    println!("jsonl: {}", export(&dir, "jsonl", &jsonl));
    println!("csv: {}", export(&dir, "csv", &csv));
    let (floor_t, _) = median_of(|| {
        common::floor(&dir);
    });
    let jsonl_t = median_of(|| {
        export(&dir, "jsonl", &jsonl);
    });
    let csv_t = median_of(|| {
        export(&dir, "csv", &csv);
    });
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{:<52} {:>9} {:>9} {:>11}",
        "benchmark (median of 5)", "wall", "CPU", "CPU/cores"
    );
    for (what, (wall, cpu)) in [
        (
            format!("vetter export --gold --format jsonl, {n} files"),
            jsonl_t,
        ),
        (
            format!("vetter export --gold --format csv, {n} files"),
            csv_t,
        ),
    ] {
        let per_core = cpu / cores as u32;
        println!("{what:<52} {wall:>9.3?} {cpu:>9.3?} {per_core:>11.3?}");
    }
    println!(
        "{:<52} {floor_t:>9.3?}",
        "floor: list and read every file (parallel, no parse)"
    );
    println!(
        "ratio jsonl / floor (wall): {:.1}",
        jsonl_t.0.as_secs_f64() / floor_t.as_secs_f64()
    );
}
