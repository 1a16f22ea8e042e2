//! Annotations on disk: one RON file per reviewer and article, `<root>/<reviewer>/<id>.ron`.

pub(crate) mod names;
mod stamp;

use super::atomic::write_atomic;
use crate::domain::annotation::Annotation;
use crate::domain::summary::Summary;
pub use names::{is_name_for, safe_file_name};
use names::{legacy_file_name, numbered, rank};
pub use stamp::Stamp;
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}:{line}:{col}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("{}: holds the annotation of article {found:?}, not {expected:?}", path.display())]
    IdMismatch {
        path: PathBuf,
        expected: String,
        found: String,
    },
    /// [`AnnotationStore::save_checked`] found the file not as it was read; nothing was written.
    #[error("{}: {}; not overwritten", path.display(), stamp::change(expected.as_deref(), found.as_deref()))]
    Changed {
        path: PathBuf,
        /// What the caller read (`None`: it believed there was no file).
        expected: Option<Box<Stamp>>,
        /// What is there now (`None`: no file).
        found: Option<Box<Stamp>>,
    },
}

/// The pretty-printing every annotation file is written with.
fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("    ".to_string())
        .new_line("\n".to_string())
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        .compact_arrays(false)
}

/// An annotation as RON text (4-space indent, no struct names, ending with a newline). The same
/// annotation always gives the same text, and [`parse_annotation`] gives it back unchanged.
pub fn to_ron(ann: &Annotation) -> String {
    // ron only fails to serialize on I/O errors (none writing to a String) or on types serde
    // cannot express in RON (an Annotation has none), so this cannot fail on any content.
    let mut s =
        ron::ser::to_string_pretty(ann, pretty()).expect("an Annotation always serializes to RON");
    s.push('\n');
    s
}

/// Parses an annotation file's text, brought up to this build's format
/// ([`Annotation::upgrade`]); `path` is only used to name the file in errors.
pub fn parse_annotation(text: &str, path: &Path) -> Result<Annotation, StoreError> {
    let mut ann = parse_annotation_as_written(text, path)?;
    ann.upgrade();
    Ok(ann)
}

/// Parses an annotation file's text as it is written, in whatever format version it has
/// (for `validate`, which reports what the file says).
pub fn parse_annotation_as_written(text: &str, path: &Path) -> Result<Annotation, StoreError> {
    ron::Options::default()
        .from_str::<Annotation>(text)
        .map_err(|e| {
            let (line, col) = super::ron_position(text, e.span.end);
            StoreError::Parse {
                path: path.to_path_buf(),
                line,
                col,
                message: super::ron_message(&e),
            }
        })
}

/// Reads a file as UTF-8 text; invalid UTF-8 is a parse error at the first bad byte.
pub(crate) fn read_text(path: &Path) -> Result<String, StoreError> {
    let bytes = fs::read(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    utf8_text(bytes, path)
}

/// Bytes as UTF-8 text; invalid UTF-8 is a parse error at the first bad byte.
fn utf8_text(bytes: Vec<u8>, path: &Path) -> Result<String, StoreError> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..good]);
        let (line, col) = super::line_col(&prefix, good);
        StoreError::Parse {
            path: path.to_path_buf(),
            line,
            col,
            message: "not valid UTF-8".into(),
        }
    })
}

/// One reviewer's annotations under a root directory.
#[derive(Debug, Clone)]
pub struct AnnotationStore {
    root: PathBuf,
    reviewer: String,
}

impl AnnotationStore {
    pub fn new(root: &Path, reviewer: &str) -> Self {
        AnnotationStore {
            root: root.to_path_buf(),
            reviewer: reviewer.to_string(),
        }
    }

    pub fn reviewer(&self) -> &str {
        &self.reviewer
    }

    /// `<root>/<safe reviewer name>`; the directory under the name earlier versions gave the
    /// reviewer if only that one exists.
    pub fn dir(&self) -> PathBuf {
        let dir = self.root.join(safe_file_name(&self.reviewer));
        let legacy = self.root.join(legacy_file_name(&self.reviewer));
        if legacy != dir && !dir.exists() && legacy.is_dir() {
            legacy
        } else {
            dir
        }
    }

    /// The file of an article's annotation: `<dir>/<safe id>.ron`, unless that file holds
    /// another article (a copied file, or ids whose names collide), then the first of
    /// `<safe id>+2.ron`, `+3`... that holds this article or is free; a file under the name
    /// earlier versions gave the id, holding this article, is used if there is no other. (Read:
    /// looks at the files; a file that cannot be read or parsed counts as this article's, so its
    /// error surfaces and it is never overwritten for another article.)
    pub fn path_for(&self, id: &str) -> PathBuf {
        self.locate(id)
            .unwrap_or_else(|| self.dir().join(format!("{}.ron", safe_file_name(id))))
    }

    /// [`path_for`](Self::path_for), or `None` if every numbered name holds another article.
    fn locate(&self, id: &str) -> Option<PathBuf> {
        let dir = self.dir();
        let name = safe_file_name(id);
        let mut free = None;
        for n in 1..=MAX_NUMBERED {
            let stem = if n == 1 {
                name.clone()
            } else {
                numbered(&name, n)
            };
            let path = dir.join(format!("{stem}.ron"));
            match holder(&path, id) {
                Holder::This | Holder::Unreadable => return Some(path),
                Holder::Other => {}
                Holder::Nobody => {
                    free.get_or_insert(path);
                    // A numbered name after a free own name is still looked at (the own file
                    // may have been removed); a free numbered name ends the search.
                    if n > 1 {
                        break;
                    }
                }
            }
        }
        let legacy = dir.join(format!("{}.ron", legacy_file_name(id)));
        if legacy_file_name(id) != name && holder(&legacy, id) == Holder::This {
            return Some(legacy);
        }
        free
    }

    /// The saved annotation of an article, or `None` if there is none. A file that does not parse
    /// is an error (and is left alone).
    pub fn load(&self, id: &str) -> Result<Option<Annotation>, StoreError> {
        let path = self.path_for(id);
        let text = match read_text(&path) {
            Err(StoreError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
                return Ok(None)
            }
            other => other?,
        };
        let ann = parse_annotation(&text, &path)?;
        if ann.article.id != id {
            return Err(StoreError::IdMismatch {
                path,
                expected: id.to_string(),
                found: ann.article.id,
            });
        }
        Ok(Some(ann))
    }

    /// Writes the annotation atomically to [`path_for`](Self::path_for) its id, creating the
    /// directories as needed.
    pub fn save(&self, ann: &Annotation) -> Result<(), StoreError> {
        let path = self.save_path(&ann.article.id)?;
        write_atomic(&path, to_ron(ann).as_bytes())
            .map_err(|source| StoreError::Io { path, source })
    }

    /// [`load`](Self::load), with the [`Stamp`] of the file read, to give
    /// [`save_checked`](Self::save_checked) later.
    pub fn load_stamped(&self, id: &str) -> Result<Option<(Annotation, Stamp)>, StoreError> {
        let path = self.path_for(id);
        let io_err = |source| StoreError::Io {
            path: path.clone(),
            source,
        };
        let Some((bytes, stamp)) = stamp::read_stamped(&path).map_err(io_err)? else {
            return Ok(None);
        };
        let ann = parse_annotation(&utf8_text(bytes, &path)?, &path)?;
        if ann.article.id != id {
            return Err(StoreError::IdMismatch {
                path,
                expected: id.to_string(),
                found: ann.article.id,
            });
        }
        Ok(Some((ann, stamp)))
    }

    /// [`save`](Self::save), unless the file changed on disk since it was read: `expected` is
    /// the stamp [`load_stamped`](Self::load_stamped) (or the previous `save_checked`) gave, or
    /// `None` for "there was no file when the article was opened". If the file there now is not
    /// exactly that (another path, gone, created, other bytes, another inode or modification
    /// time), nothing is written and the result is [`StoreError::Changed`]. Returns the stamp of
    /// the file written, for the next save.
    ///
    /// The check guards against another vetter (or an editor) having saved the same annotation
    /// meanwhile; it is not a lock: a write by someone else between the check and the rename
    /// (microseconds) is not detected.
    pub fn save_checked(
        &self,
        ann: &Annotation,
        expected: Option<&Stamp>,
    ) -> Result<Stamp, StoreError> {
        let path = self.save_path(&ann.article.id)?;
        let io_err = |source| StoreError::Io {
            path: path.clone(),
            source,
        };
        let found = stamp::read_stamped(&path).map_err(io_err)?.map(|(_, s)| s);
        if found.as_ref() != expected {
            return Err(StoreError::Changed {
                path,
                expected: expected.cloned().map(Box::new),
                found: found.map(Box::new),
            });
        }
        let text = to_ron(ann);
        write_atomic(&path, text.as_bytes()).map_err(io_err)?;
        Stamp::of_written(&path, text.as_bytes()).map_err(io_err)
    }

    /// Creates the reviewer's directory and finds where an article's annotation goes.
    fn save_path(&self, id: &str) -> Result<PathBuf, StoreError> {
        let dir = self.dir();
        fs::create_dir_all(&dir).map_err(|source| StoreError::Io {
            path: dir.clone(),
            source,
        })?;
        self.locate(id).ok_or_else(|| StoreError::Io {
            path: dir.join(format!("{}.ron", safe_file_name(id))),
            source: io::Error::other(format!(
                "this name and {MAX_NUMBERED} numbered ones all hold other articles"
            )),
        })
    }

    /// Removes the temporary files that saves killed midway left in this reviewer's directory,
    /// those whose process is certainly gone (see [`TempFile::is_stale`]: never another
    /// machine's); returns how many were removed. Meant to be called once when the store is
    /// opened.
    ///
    /// [`TempFile::is_stale`]: super::atomic::temp::TempFile::is_stale
    pub fn clean_stale_temps(&self) -> usize {
        super::atomic::temp::clean_stale(&self.dir())
    }

    /// Article id → status of every annotation file of this reviewer. Files that do not parse, or
    /// whose name is not one [`path_for`](Self::path_for) can give their article (hand-copied
    /// files), are skipped; of several files holding one article, the one `path_for` prefers
    /// counts. A missing directory gives an empty map.
    pub fn summaries(&self) -> HashMap<String, Summary> {
        let mut best: HashMap<String, (usize, Summary)> = HashMap::new();
        let Ok(entries) = fs::read_dir(self.dir()) else {
            return HashMap::new();
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "ron") {
                continue;
            }
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let Ok(text) = read_text(&path) else { continue };
            let Ok(ann) = parse_annotation(&text, &path) else {
                continue;
            };
            let Some(r) = rank(&ann.article.id, stem) else {
                continue;
            };
            match best.get(&ann.article.id) {
                Some((old, _)) if *old <= r => {}
                _ => {
                    let summary = Summary::of(&ann);
                    best.insert(ann.article.id, (r, summary));
                }
            }
        }
        best.into_iter().map(|(id, (_, s))| (id, s)).collect()
    }
}

/// Most numbered names tried for one article.
const MAX_NUMBERED: usize = 1000;

/// Whose annotation a file holds.
#[derive(Debug, PartialEq, Eq)]
enum Holder {
    Nobody,
    This,
    Other,
    Unreadable,
}

fn holder(path: &Path, id: &str) -> Holder {
    match read_text(path) {
        Err(StoreError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            Holder::Nobody
        }
        Err(_) => Holder::Unreadable,
        Ok(text) => match parse_annotation(&text, path) {
            Ok(a) if a.article.id == id => Holder::This,
            Ok(_) => Holder::Other,
            Err(_) => Holder::Unreadable,
        },
    }
}

#[cfg(test)]
mod tests;
