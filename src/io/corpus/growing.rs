//! A JSONL corpus's index: from the cache, from a scan of every line, or (opening a large file
//! with no cache, see [`Corpus::open_growing`]) from its first chunk at once and the
//! [`Rest`] later.

use super::scan::{self, Scanned};
use super::{cache, io_err, repeated_line, Corpus, CorpusError, Source};
use crate::io::cachefile::FileKey;
use std::fs;
use std::path::{Path, PathBuf};

/// The lines of a JSONL corpus that [`Corpus::open_growing`] has not read yet, and what it
/// takes to make the whole corpus of them and the lines it read.
#[derive(Debug)]
pub struct Rest {
    path: PathBuf,
    canonical: PathBuf,
    /// The file as it was opened: the rest is read only from that same file.
    key: FileKey,
    cache_dir: Option<PathBuf>,
    /// What the first chunk held, and how many lines that was.
    first: Vec<Scanned>,
    first_lines: u64,
}

impl Rest {
    /// The whole corpus, as [`Corpus::open_cached`] gives it (the cache is written too); the
    /// corpus opened first is its beginning. Fails when the file cannot be read or changed
    /// since it was opened ([`CorpusError::Changed`]; nothing is cached then).
    pub fn finish(self) -> Result<Corpus, CorpusError> {
        let path = &self.path;
        let (tail, _) = scan::scan_from(path, self.key.size, 1).map_err(io_err(path))?;
        let now = fs::metadata(path).map_err(io_err(path))?;
        if FileKey::of(&now) != self.key {
            return Err(CorpusError::Changed { path: path.clone() });
        }
        let mut all = self.first;
        all.reserve(tail.len());
        all.extend(
            tail.into_iter()
                .map(|s| scan::renumbered(s, self.first_lines)),
        );
        if let Some(dir) = &self.cache_dir {
            cache::store(dir, &self.canonical, &self.key, &all);
        }
        let mut corpus = Corpus::empty(path);
        corpus.index_jsonl(all);
        Ok(corpus)
    }

    /// The corpus file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Corpus {
    /// Fills in a JSONL corpus: from the cache when it is sound, else by scanning the file
    /// (only its first chunk when `growing` and the file is longer: the rest is returned).
    pub(super) fn scan_jsonl(
        &mut self,
        meta: &fs::Metadata,
        cache_dir: Option<&Path>,
        growing: bool,
    ) -> Result<Option<Rest>, CorpusError> {
        let path = self.path.clone();
        let key = FileKey::of(meta);
        let canonical = fs::canonicalize(&path).map_err(io_err(&path))?;
        if let Some(s) = cache_dir.and_then(|dir| cache::load(dir, &canonical, &key)) {
            self.cached = true;
            self.index_jsonl(s);
            return Ok(None);
        }
        if growing && key.size > scan::PREFIX {
            let (first, first_lines) = scan::scan_prefix(&path).map_err(io_err(&path))?;
            // With no article in the first chunk, the whole file is read now (to say why).
            if first.iter().any(|s| matches!(s, Scanned::Good { .. })) {
                self.index_jsonl(first.clone());
                return Ok(Some(Rest {
                    path,
                    canonical,
                    key,
                    cache_dir: cache_dir.map(Path::to_path_buf),
                    first,
                    first_lines,
                }));
            }
        }
        let s = scan::scan(&path, key.size).map_err(io_err(&path))?;
        if let Some(dir) = cache_dir {
            cache::store(dir, &canonical, &key, &s);
        }
        self.index_jsonl(s);
        Ok(None)
    }

    /// The articles of these lines (a repeated id skipped: [`super::FIRST_WINS`]), and a
    /// warning for every line skipped.
    fn index_jsonl(&mut self, scanned: Vec<Scanned>) {
        let path = self.path.clone();
        let mut lines = Vec::with_capacity(scanned.len());
        self.ids.reserve(scanned.len());
        self.index.reserve(scanned.len());
        self.titles.reserve(scanned.len());
        for s in scanned {
            match s {
                Scanned::Good {
                    offset,
                    line,
                    id,
                    title,
                } => match self.push_id(id) {
                    Ok(()) => {
                        lines.push((offset, line as usize));
                        self.titles.push(title.into());
                    }
                    Err(first) => {
                        let at = format!("{}:{line}", path.display());
                        let first_line = lines.get(first).map_or(0, |l: &(u64, usize)| l.1);
                        self.warnings
                            .push(repeated_line(&at, &self.ids[first], first_line));
                    }
                },
                Scanned::Bad { line, message } => {
                    let at = format!("{}:{line}", path.display());
                    self.warnings.push(format!("{at}: {message}; line skipped"));
                }
            }
        }
        self.source = Source::Jsonl(lines);
    }
}

/// The corpus a review works on: the one it opened with, until the whole of it (counted in the
/// background, see [`Rest`]) is put in its place, once. Reads go to whichever is current;
/// both give the same article for every number the first one has. Dereferences to the current
/// corpus's `Arc` (so `Arc::get_mut` works on it while it is the only handle).
#[derive(Debug)]
pub struct CorpusCell {
    first: std::sync::Arc<Corpus>,
    whole: std::cell::OnceCell<std::sync::Arc<Corpus>>,
}

impl CorpusCell {
    pub fn new(corpus: Corpus) -> CorpusCell {
        CorpusCell {
            first: std::sync::Arc::new(corpus),
            whole: std::cell::OnceCell::new(),
        }
    }

    /// Puts the whole corpus in the place of the first one (it must begin with the first's
    /// articles); false if that was done already.
    pub fn grow(&self, whole: std::sync::Arc<Corpus>) -> bool {
        self.whole.set(whole).is_ok()
    }
}

impl std::ops::Deref for CorpusCell {
    type Target = std::sync::Arc<Corpus>;
    fn deref(&self) -> &Self::Target {
        self.whole.get().unwrap_or(&self.first)
    }
}

impl std::ops::DerefMut for CorpusCell {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match self.whole.get_mut() {
            Some(whole) => whole,
            None => &mut self.first,
        }
    }
}
