//! The articles under review: a directory of text files or a JSONL file, read lazily.
//!
//! Opening a corpus only lists what is there (file names, or each JSONL line's offset and id);
//! an article's text is read when it is [`Corpus::load`]ed, so a large corpus opens quickly and
//! is never held in memory as a whole.

mod cache;
mod growing;
mod listing;
pub(crate) mod scan;
mod subset;

use super::article_json::parse_article;
use super::cachefile::FastMap;
use super::jsonl::line_body;
use crate::domain::article::{first_line_title, Article};
pub use growing::{CorpusCell, Rest};
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{}: no such file or directory", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: not a directory or a regular file", path.display())]
    NotAFile { path: PathBuf },
    #[error("{}: no articles ({detail})", path.display())]
    Empty { path: PathBuf, detail: String },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    /// A JSONL line that was fine when the corpus was opened no longer is.
    #[error("{}:{line}: {message}", path.display())]
    Line {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// The JSONL file changed between reading its first chunk and the rest.
    #[error("{}: the file changed while it was being read; open it again", path.display())]
    Changed { path: PathBuf },
    #[error("no article number {index}: the corpus has {len}")]
    NoSuchIndex { index: usize, len: usize },
}

/// Where each article lives.
#[derive(Debug)]
enum Source {
    /// One file per article, in corpus order.
    Dir(Vec<PathBuf>),
    /// Byte offset and 1-based line number of each article's line.
    Jsonl(Vec<(u64, usize)>),
}

/// An opened corpus: article ids in order, and where to read each article from.
#[derive(Debug)]
pub struct Corpus {
    path: PathBuf,
    source: Source,
    ids: Vec<String>,
    index: FastMap<String, usize>,
    warnings: Vec<String>,
    /// JSONL: each article's title, as the scan found it (until taken for the queue).
    titles: Vec<Box<str>>,
    /// Whether the JSONL index came from the cache (no scan of the file was needed).
    cached: bool,
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> CorpusError + '_ {
    move |source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Corpus {
    /// Opens a directory of `.txt`/`.md` files or a JSONL file (any other regular file).
    ///
    /// Directory: only its own regular files ending in `.txt` or `.md` (case-insensitively) count,
    /// sorted by file name; hidden files (names starting with '.') and other files are ignored.
    /// An article's id is its file name without the extension; when two files give the same id
    /// (`a.md`, `a.txt`) the first in order is kept and the other is reported in
    /// [`warnings`](Self::warnings), naming both ([`FIRST_WINS`]).
    ///
    /// JSONL: blank lines are skipped silently; malformed lines, lines without a string `id` or
    /// `text`, empty ids and repeated ids are skipped with a warning `"{file}:{line}: {message}"`;
    /// for a repeated id the message names the line that is used ([`FIRST_WINS`]).
    pub fn open(path: &Path) -> Result<Corpus, CorpusError> {
        Ok(Self::open_in(path, None, false)?.0)
    }

    /// [`open`](Self::open), with a JSONL corpus's index kept in a cache file under
    /// `cache_dir` (see `corpus::cache`): a corpus opened before and unchanged since (same
    /// canonical path, size, modification time, device and inode) is not scanned again. A
    /// directory's listing is cached the same way, keyed by the directory's own identity
    /// (see `corpus::listing`). The result, warnings included, is the same as
    /// [`open`](Self::open)'s.
    pub fn open_cached(path: &Path, cache_dir: &Path) -> Result<Corpus, CorpusError> {
        Ok(Self::open_in(path, Some(cache_dir), false)?.0)
    }

    /// [`open_cached`](Self::open_cached), except that a JSONL file with no sound cache and
    /// longer than one chunk (4 MiB) opens at once with only the articles of the lines that
    /// start in that chunk: the [`Rest`] reads the other lines (on another thread, say) and
    /// gives the whole corpus, the same as `open_cached` would have (same ids in the same
    /// order, same warnings, the cache written). The articles opened first are the first ones
    /// of the whole corpus, with the same numbers; so are their warnings. A repeated id settles
    /// the same way: a later line with an id of the first chunk is skipped with a warning
    /// ([`FIRST_WINS`]).
    pub fn open_growing(
        path: &Path,
        cache_dir: &Path,
    ) -> Result<(Corpus, Option<Rest>), CorpusError> {
        Self::open_in(path, Some(cache_dir), true)
    }

    fn open_in(
        path: &Path,
        cache_dir: Option<&Path>,
        growing: bool,
    ) -> Result<(Corpus, Option<Rest>), CorpusError> {
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(CorpusError::NotFound {
                    path: path.to_path_buf(),
                })
            }
            Err(e) => return Err(io_err(path)(e)),
        };
        let mut corpus = Corpus::empty(path);
        let mut rest = None;
        if meta.is_dir() {
            corpus.scan_dir(&meta, cache_dir)?;
        } else if meta.is_file() {
            rest = corpus.scan_jsonl(&meta, cache_dir, growing)?;
        } else {
            return Err(CorpusError::NotAFile {
                path: path.to_path_buf(),
            });
        }
        if corpus.ids.is_empty() {
            let detail = match (&corpus.source, corpus.warnings.first()) {
                (Source::Dir(_), _) => "no .txt or .md files".to_string(),
                (Source::Jsonl(_), None) => "the file has no article lines".to_string(),
                (Source::Jsonl(_), Some(w)) => {
                    format!("{} line(s) skipped; the first: {w}", corpus.warnings.len())
                }
            };
            return Err(CorpusError::Empty {
                path: path.to_path_buf(),
                detail,
            });
        }
        Ok((corpus, rest))
    }

    fn empty(path: &Path) -> Corpus {
        Corpus {
            path: path.to_path_buf(),
            source: Source::Jsonl(Vec::new()),
            ids: Vec::new(),
            index: FastMap::default(),
            warnings: Vec::new(),
            titles: Vec::new(),
            cached: false,
        }
    }

    fn push_id(&mut self, id: String) -> Result<(), usize> {
        if let Some(&i) = self.index.get(&id) {
            return Err(i);
        }
        self.index.insert(id.clone(), self.ids.len());
        self.ids.push(id);
        Ok(())
    }

    fn scan_dir(
        &mut self,
        meta: &fs::Metadata,
        cache_dir: Option<&Path>,
    ) -> Result<(), CorpusError> {
        let path = self.path.clone();
        let (listing, cached) = listing::load_or_list(&path, meta, cache_dir)?;
        self.cached = cached;
        for shown in &listing.not_utf8 {
            self.warnings.push(format!(
                "{}: file name is not valid UTF-8; skipped",
                path.join(shown).display()
            ));
        }
        let mut kept = Vec::with_capacity(listing.names.len());
        self.ids.reserve(listing.names.len());
        self.index.reserve(listing.names.len());
        for name in listing.names {
            let file = path.join(&name);
            let id = match name.rfind('.') {
                Some(dot) => name[..dot].to_string(),
                None => name,
            };
            match self.push_id(id) {
                Ok(()) => kept.push(file),
                Err(first) => self.warnings.push(format!(
                    "{}: same article id {:?} as {} ({FIRST_WINS}); skipped",
                    file.display(),
                    self.ids[first],
                    kept[first].display()
                )),
            }
        }
        self.source = Source::Dir(kept);
        Ok(())
    }

    /// Whether opening used a cache: a JSONL file's index (the file was not scanned), or a
    /// directory's listing (it was not listed).
    pub fn cached(&self) -> bool {
        self.cached
    }

    /// The titles of a JSONL corpus's articles, in order, as its scan found them (each at
    /// most 200 characters); empty for a directory (see [`read_title`](Self::read_title)), or
    /// once taken.
    pub fn take_titles(&mut self) -> Vec<Box<str>> {
        std::mem::take(&mut self.titles)
    }

    /// A directory corpus's files, in order (None for JSONL): for reading titles elsewhere.
    pub fn files(&self) -> Option<&[PathBuf]> {
        match &self.source {
            Source::Dir(files) => Some(files),
            Source::Jsonl(_) => None,
        }
    }

    /// The title of a text file's article, from its first 8 KiB (its first non-blank line, as
    /// loading gives it, unless that line starts later).
    pub fn read_title(file: &Path) -> io::Result<String> {
        use std::io::Read;
        let mut buf = Vec::with_capacity(TITLE_BYTES);
        File::open(file)?
            .take(TITLE_BYTES as u64)
            .read_to_end(&mut buf)?;
        Ok(first_line_title(&String::from_utf8_lossy(&buf)))
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The id of article `i`, or "" if there is no article `i`.
    pub fn id(&self, i: usize) -> &str {
        self.ids.get(i).map_or("", String::as_str)
    }

    /// All article ids, in corpus order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Problems met while opening (skipped lines or files).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The corpus for people: its path and size, e.g. `assets/articles (3 articles)`.
    pub fn describe(&self) -> String {
        let n = self.len();
        let s = if n == 1 { "" } else { "s" };
        format!("{} ({n} article{s})", self.path.display())
    }

    /// Reads article `i` from disk.
    pub fn load(&self, i: usize) -> Result<Article, CorpusError> {
        let no_such = CorpusError::NoSuchIndex {
            index: i,
            len: self.len(),
        };
        let id = self.ids.get(i).ok_or(no_such)?;
        match &self.source {
            Source::Dir(files) => {
                let file = &files[i];
                let bytes = fs::read(file).map_err(io_err(file))?;
                let (text, lossy) = decode(bytes);
                let mut warnings = Vec::new();
                if lossy {
                    warnings.push(not_utf8(&file.display().to_string()));
                }
                Ok(Article {
                    id: id.clone(),
                    title: first_line_title(&text),
                    text,
                    warnings,
                    ..Default::default()
                })
            }
            Source::Jsonl(lines) => {
                let (offset, line) = lines[i];
                self.load_line(id, offset, line)
            }
        }
    }

    fn load_line(&self, id: &str, offset: u64, line: usize) -> Result<Article, CorpusError> {
        let path = &self.path;
        let mut file = File::open(path).map_err(io_err(path))?;
        file.seek(SeekFrom::Start(offset)).map_err(io_err(path))?;
        let mut buf = Vec::new();
        BufReader::new(file)
            .read_until(b'\n', &mut buf)
            .map_err(io_err(path))?;
        let (text, lossy) = decode(buf);
        let at = format!("{}:{line}", path.display());
        let changed = |message: String| CorpusError::Line {
            path: path.clone(),
            line,
            message: format!("{message} (the file changed since it was opened?)"),
        };
        let mut article = parse_article(line_body(&text, line), &at).map_err(changed)?;
        if article.id != id {
            return Err(changed(format!(
                "expected id {id:?}, found {:?}",
                article.id
            )));
        }
        if lossy {
            article.warnings.insert(0, not_utf8(&at));
        }
        Ok(article)
    }
}

/// How much of a text file [`Corpus::read_title`] reads.
const TITLE_BYTES: usize = 8 << 10;

/// How a repeated article id is settled, said in every warning about one.
pub const FIRST_WINS: &str = "the first one wins";

/// The warning for a JSONL line whose id an earlier line has (`at` is `file:line`).
pub(crate) fn repeated_line(at: &str, id: &str, first_line: usize) -> String {
    format!("{at}: id {id:?} already used on line {first_line} ({FIRST_WINS}); line skipped")
}

fn has_text_extension(name: &str) -> bool {
    let ends_with = |ext: &str| {
        let n = name.len();
        n >= ext.len() && name.as_bytes()[n - ext.len()..].eq_ignore_ascii_case(ext.as_bytes())
    };
    ends_with(".txt") || ends_with(".md")
}

fn not_utf8(at: &str) -> String {
    format!("{at}: not valid UTF-8; shown with replacement characters")
}

/// Decodes bytes as UTF-8, replacing invalid sequences; says whether any were replaced.
fn decode(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    }
}
