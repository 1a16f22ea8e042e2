//! Pieces shared by the benchmarks: the generator of annotation folders (`stats`, `export`) and
//! the CPU time of child processes (`export`, `baseline`). Each bench uses a part of it.
#![allow(dead_code)]

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Duration;
use vetter::domain::annotation::Annotation;

/// The reviewers whose folders the benchmarks fill.
pub const REVIEWERS: [&str; 3] = ["ann", "bob", "chloe"];

/// A small deterministic generator (xorshift64*).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Writes `ann` where the store would, under `dir/<reviewer>/`; its size in bytes.
pub fn write_annotation(dir: &Path, ann: &Annotation) -> u64 {
    let text = vetter::io::to_ron(ann);
    let path = dir.join(&ann.reviewer).join(format!(
        "{}.ron",
        vetter::io::safe_file_name(&ann.article.id)
    ));
    std::fs::write(&path, &text).expect("an annotation file");
    text.len() as u64
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable").flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// The floor: list the tree and read every file, in parallel, parsing nothing; the bytes read.
pub fn floor(dir: &Path) -> u64 {
    let mut all = Vec::new();
    files(dir, &mut all);
    all.par_iter()
        .map(|p| std::fs::read(p).map_or(0, |b| b.len() as u64))
        .sum()
}

/// CPU time (user + system) of the children waited for so far.
pub fn children_cpu() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}
