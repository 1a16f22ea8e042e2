//! `vetter migrate`: rewrites the annotation files of a directory made under older versions of
//! a schema to its current version (`domain::migrate`), each atomically, with a report.
//!
//! A file is rewritten only if it parses, migrates, and then fits the schema
//! (`io::validate::check_annotation`); anything else is reported and the file left as it was.
//! Files of the current version are left alone. While files of a directory are rewritten, its
//! review lock is held, so no review of it runs meanwhile; a file with a journal (changes of a
//! killed review not yet in the file) is not touched.

use crate::domain::migrate::{migrate, Migrated};
use crate::domain::schema::Schema;
use crate::domain::text::sanitize;
use crate::io::validate::{annotation_files, check_annotation};
use crate::io::{journal, lock, parse_annotation, to_ron, write_atomic, StoreError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What became of one file.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Migrated (or, in a dry run, would be) from this version.
    Migrated {
        from: u32,
        renamed: Vec<(String, String)>,
        retired: Vec<String>,
        added: Vec<String>,
    },
    Current,
    /// Not touched, for this reason (at this line and column of the file, if it is about one).
    Error {
        at: Option<(usize, usize)>,
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    pub path: PathBuf,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub files: Vec<FileReport>,
    /// The schema's version: what files were migrated to.
    pub version: u32,
    pub dry_run: bool,
}

impl Report {
    pub fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.files.iter().filter(|r| f(&r.outcome)).count()
    }

    pub fn errors(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Error { .. }))
    }

    /// One line per file, made safe to print (file names and ids are untrusted).
    pub fn lines(&self) -> Vec<String> {
        self.files.iter().map(|r| self.line(r)).collect()
    }

    fn line(&self, r: &FileReport) -> String {
        let path = r.path.display();
        let what = match &r.outcome {
            Outcome::Current => format!("already current (version {})", self.version),
            Outcome::Error {
                at: Some((l, c)),
                message,
            } => return sanitize(&format!("{path}:{l}:{c}: error: {message}; not changed")),
            Outcome::Error { at: None, message } => format!("error: {message}; not changed"),
            Outcome::Migrated {
                from,
                renamed,
                retired,
                added,
            } => {
                let verb = if self.dry_run {
                    "would migrate"
                } else {
                    "migrated"
                };
                let mut parts = Vec::new();
                if !renamed.is_empty() {
                    let r: Vec<_> = renamed.iter().map(|(a, b)| format!("{a} -> {b}")).collect();
                    parts.push(format!("renamed {}", r.join(", ")));
                }
                if !retired.is_empty() {
                    parts.push(format!("retired {}", retired.join(", ")));
                }
                if !added.is_empty() {
                    parts.push(format!("added {}", added.join(", ")));
                }
                let details = if parts.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", parts.join("; "))
                };
                format!("{verb} from version {from} to {}{details}", self.version)
            }
        };
        sanitize(&format!("{path}: {what}"))
    }

    /// The summary line, made safe to print.
    pub fn summary(&self) -> String {
        let migrated = self.count(|o| matches!(o, Outcome::Migrated { .. }));
        let current = self.count(|o| *o == Outcome::Current);
        let verb = if self.dry_run {
            "to migrate"
        } else {
            "migrated"
        };
        let dry = if self.dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        };
        format!(
            "{} file(s): {migrated} {verb}, {current} already current, {} error(s){dry}",
            self.files.len(),
            self.errors()
        )
    }
}

/// Migrates every annotation file under `dir` (recursively, as `validate` finds them; `dir`
/// may be one file) to `schema`'s version; with `dry_run`, only reports what it would do.
pub fn run(dir: &Path, schema: &Schema, dry_run: bool, now: &str) -> Report {
    let (paths, unreadable) = annotation_files(dir);
    let mut files: Vec<FileReport> = unreadable
        .into_iter()
        .map(|p| FileReport {
            path: p.path,
            outcome: Outcome::error(p.message),
        })
        .collect();
    // Migrated annotations, by directory, to be written under that directory's lock.
    let mut pending: BTreeMap<PathBuf, Vec<(usize, String)>> = BTreeMap::new();
    for path in paths {
        let (outcome, text) = match plan(&path, schema) {
            Ok(Some((m, text))) => (migrated(&m), Some(text)),
            Ok(None) => (Outcome::Current, None),
            Err(e) => (e, None),
        };
        if let (Some(text), false) = (text, dry_run) {
            let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
            pending.entry(parent).or_default().push((files.len(), text));
        }
        files.push(FileReport { path, outcome });
    }
    for (dir, writes) in pending {
        let held = lock::acquire(
            if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                &dir
            },
            now,
        );
        for (i, text) in writes {
            let r = &mut files[i];
            let result = match &held {
                Err(lock::LockError::Held { holder, .. }) => Err(format!(
                    "its folder is in use by a vetter review ({holder}): quit it, then migrate"
                )),
                Err(e) => Err(e.to_string()),
                Ok(_) => write_atomic(&r.path, text.as_bytes()).map_err(|e| e.to_string()),
            };
            if let Err(e) = result {
                r.outcome = Outcome::error(e);
            }
        }
    }
    Report {
        files,
        version: schema.version,
        dry_run,
    }
}

impl Outcome {
    fn error(message: String) -> Outcome {
        Outcome::Error { at: None, message }
    }
}

fn migrated(m: &Migrated) -> Outcome {
    Outcome::Migrated {
        from: m.from,
        renamed: m.renamed.clone(),
        retired: m.retired.clone(),
        added: m.added.clone(),
    }
}

/// What to do with one file: nothing (current), or write the migrated annotation's text.
fn plan(path: &Path, schema: &Schema) -> Result<Option<(Migrated, String)>, Outcome> {
    let unreadable = |e: StoreError| match e {
        StoreError::Parse {
            line, col, message, ..
        } => Outcome::Error {
            at: Some((line, col)),
            message,
        },
        StoreError::Io { source, .. } => Outcome::error(source.to_string()),
        e => Outcome::error(e.to_string()),
    };
    let text = crate::io::store::read_text(path).map_err(unreadable)?;
    let ann = parse_annotation(&text, path).map_err(unreadable)?;
    let m = migrate(&ann, schema).map_err(|e| Outcome::error(e.to_string()))?;
    if !m.changed() {
        return Ok(None);
    }
    let problems = check_annotation(&m.annotation, schema);
    if !problems.is_empty() {
        return Err(Outcome::error(format!(
            "migrated, it would not fit version {}: {}",
            schema.version,
            problems.join("; ")
        )));
    }
    let journal = journal::path_of(path);
    if journal.exists() {
        return Err(Outcome::error(format!(
            "{} holds changes not yet in the file: open the article in a review first",
            journal.display()
        )));
    }
    let out = to_ron(&m.annotation);
    Ok(Some((m, out)))
}
