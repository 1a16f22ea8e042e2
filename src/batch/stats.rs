//! `vetter stats`: how the review of an annotations directory stands, per reviewer (articles by
//! status, time, pace) and per field (what reviewers did with the extractor's suggestions).
//!
//! Each subfolder of the directory is a reviewer's (`<dir>/<reviewer>/<id>.ron`, see
//! `io::store`); `.ron` files directly in the directory count as the reviewer named by the
//! directory itself, so `vetter stats annotations/ann` gives ann's alone. Files are read and
//! parsed in parallel, each counted into its worker's [`Accum`] and dropped; the accumulators are
//! merged at the end. As in the review, a file counts only under a name the store gives its
//! article, and of several files of one article the one the store prefers counts.

mod accum;
pub mod fast;
pub mod math;
mod report;

use crate::io::store::{parse_annotation, read_text, safe_file_name};
use crate::io::{Corpus, CorpusError};
pub use accum::{Accum, Bits, Counted, CountedField, FieldAcc, ReviewerAcc};
use rayon::prelude::*;
pub use report::{CorpusRow, FieldRow, Files, Report, ReviewerRow};
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StatsError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a directory", path.display())]
    NotADir { path: PathBuf },
    #[error(transparent)]
    Corpus(#[from] CorpusError),
}

/// One annotation file and whose it is (an index into the reviewers' names).
struct Job {
    reviewer: usize,
    path: PathBuf,
}

/// The annotation files under `dir` by reviewer, and what could not be listed.
struct Listing {
    reviewers: Vec<String>,
    jobs: Vec<Job>,
    unreadable: Vec<String>,
}

fn list(dir: &Path) -> Result<Listing, StatsError> {
    let meta = fs::metadata(dir).map_err(|source| StatsError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(StatsError::NotADir {
            path: dir.to_path_buf(),
        });
    }
    let entries = fs::read_dir(dir).map_err(|source| StatsError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut listing = Listing {
        reviewers: Vec::new(),
        jobs: Vec::new(),
        unreadable: Vec::new(),
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    let mut own = Vec::new();
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if is_dir(&entry) {
            let mut files = Vec::new();
            collect(&path, &mut files, &mut listing.unreadable);
            let reviewer = listing.reviewers.len();
            listing.reviewers.push(name.to_string_lossy().into_owned());
            listing
                .jobs
                .extend(files.into_iter().map(|path| Job { reviewer, path }));
        } else if is_ron(&entry) {
            own.push(path);
        }
    }
    if !own.is_empty() {
        let reviewer = listing.reviewers.len();
        listing.reviewers.push(dir_name(dir));
        listing
            .jobs
            .extend(own.into_iter().map(|path| Job { reviewer, path }));
    }
    Ok(listing)
}

/// The name of the directory itself (`.` and `..` resolved where possible).
fn dir_name(dir: &Path) -> String {
    let named = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    named(dir)
        .or_else(|| fs::canonicalize(dir).ok().as_deref().and_then(named))
        .unwrap_or_else(|| dir.display().to_string())
}

/// A directory, or a symbolic link to one. (The entry's type comes with the listing: no
/// `stat` for most entries.)
fn is_dir(entry: &fs::DirEntry) -> bool {
    match entry.file_type() {
        Ok(t) if t.is_symlink() => entry.path().is_dir(),
        Ok(t) => t.is_dir(),
        Err(_) => entry.path().is_dir(),
    }
}

/// A `.ron` file, or a symbolic link to one.
fn is_ron(entry: &fs::DirEntry) -> bool {
    let path = entry.path();
    path.extension().is_some_and(|e| e == "ron")
        && match entry.file_type() {
            Ok(t) if t.is_file() => true,
            _ => path.is_file(),
        }
}

/// The `.ron` files under `dir`, recursively; hidden files and directories (saves' temporary
/// files among them) are skipped.
fn collect(dir: &Path, files: &mut Vec<PathBuf>, unreadable: &mut Vec<String>) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return unreadable.push(format!("{}: {e}", dir.display())),
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if is_dir(&entry) {
            collect(&entry.path(), files, unreadable);
        } else if is_ron(&entry) {
            files.push(entry.path());
        }
    }
}

/// Where a file name stands among the names the store gives article `id` (lower is preferred):
/// 0 for its own name, `n` for `<name>+<n>`, `usize::MAX` for the name earlier versions gave it;
/// `None` for any other name.
fn rank(id: &str, path: &Path) -> Option<usize> {
    let stem = path.file_name()?.to_str()?.strip_suffix(".ron")?;
    crate::io::store::names::rank(id, stem)
}

/// Whether a file the store prefers to one of rank `r` (see [`rank`]) holds article `id`: its own
/// name, or a lower numbered one (for a file under an earlier version's name, the numbered ones
/// up to the first free name).
fn preferred_exists(path: &Path, id: &str, r: usize) -> bool {
    let (Some(dir), true) = (path.parent(), r > 0) else {
        return false;
    };
    let own = safe_file_name(id);
    // `None`: no such file; else whether it holds the article.
    let holds = |name: String| {
        let candidate = dir.join(name);
        candidate.is_file().then(|| {
            read_text(&candidate)
                .and_then(|t| parse_annotation(&t, &candidate))
                .is_ok_and(|a| a.article.id == id)
        })
    };
    if holds(format!("{own}.ron")) == Some(true) {
        return true;
    }
    for n in 2..r.min(MAX_NUMBERED + 1) {
        match holds(format!("{own}+{n}.ron")) {
            Some(true) => return true,
            None if r == usize::MAX => break,
            _ => {}
        }
    }
    false
}

/// Most numbered names the store tries for one article.
const MAX_NUMBERED: usize = 1000;

/// What is read: the directory, and a corpus to restrict the count to.
pub struct StatsArgs<'a> {
    pub dir: &'a Path,
    pub corpus: Option<&'a Corpus>,
}

/// Reads and counts every annotation file under `args.dir` (see the module documentation), with
/// a progress bar on stderr when it is a terminal. Unreadable files are counted and described in
/// the report, never fatal; only a `dir` that cannot be listed is an error.
pub fn run(args: &StatsArgs) -> Result<Report, StatsError> {
    let listing = list(args.dir)?;
    let bar = super::progress(listing.jobs.len() as u64, "files");
    let corpus_len = args.corpus.map_or(0, Corpus::len);
    let mut acc = listing
        .jobs
        .par_iter()
        .with_min_len(64)
        .fold(Accum::default, |mut acc, job| {
            let reviewer = &listing.reviewers[job.reviewer];
            count_file(&mut acc, reviewer, &job.path, args.corpus, corpus_len);
            if let Some(b) = &bar {
                b.inc(1);
            }
            acc
        })
        .reduce(Accum::default, Accum::merge);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    acc.unreadable.extend(listing.unreadable);
    Ok(Report::new(args.dir, acc, args.corpus))
}

/// Reads, parses and counts one file into `acc`.
fn count_file(
    acc: &mut Accum,
    reviewer: &str,
    path: &Path,
    corpus: Option<&Corpus>,
    corpus_len: usize,
) {
    // Files as vetter writes them are read by the fast reader; anything else (or anything it is
    // not sure of) by the full parser, which also names the position of what is wrong.
    let ann = match read_text(path).and_then(|t| match fast::parse(&t) {
        Some(c) => Ok(c),
        None => parse_annotation(&t, path).map(|a| Counted::of(&a)),
    }) {
        Ok(a) => a,
        Err(e) => return acc.unreadable.push(e.to_string()),
    };
    let id = ann.id.as_str();
    let shown = path.display();
    match rank(id, path) {
        None => {
            let own = safe_file_name(id);
            return acc.ignored.push(format!(
                "{shown}: holds article {id:?}, whose file is {own}.ron; not counted"
            ));
        }
        Some(r) if r > 0 && preferred_exists(path, id, r) => {
            return acc.ignored.push(format!(
                "{shown}: another file of article {id:?} is the one used; not counted"
            ));
        }
        Some(_) => {}
    }
    let index = match corpus {
        None => None,
        Some(c) => match c.index_of(id) {
            Some(i) => Some(i),
            None => {
                acc.not_in_corpus += 1;
                return;
            }
        },
    };
    acc.add(reviewer, &ann, index, corpus_len);
}

#[cfg(test)]
mod tests;
