//! Finding each article's annotation summary in a reviewer's folder, article by article, as
//! [`AnnotationStore::summaries`] would (of the files that may hold an article — its own
//! name, its numbered names `+2`, `+3`..., its legacy name — the first in that order that holds
//! it), taking a file's summary from the [`StatusIndex`] while the file's identity is the one
//! indexed and reading (and indexing) it otherwise.
//!
//! [`AnnotationStore::summaries`]: super::AnnotationStore::summaries

use super::cachefile::FileKey;
use super::status_index::{Entry, StatusIndex};
use super::store::names::{legacy_file_name, numbered};
use super::store::{parse_annotation, safe_file_name};
use crate::domain::summary::Summary;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A reviewer folder's `.ron` files, listed once.
pub struct Folder {
    dir: PathBuf,
    /// File names, sorted.
    names: Vec<String>,
    /// Whether any name is numbered (`+`): most folders have none.
    numbered: bool,
}

impl Folder {
    /// Lists the folder (a missing or unreadable one has no files).
    pub fn list(dir: &Path) -> Folder {
        let mut names: Vec<String> = fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".ron") && !n.starts_with('.'))
            .collect();
        names.sort_unstable();
        let numbered = names.iter().any(|n| n.contains('+'));
        Folder {
            dir: dir.to_path_buf(),
            names,
            numbered,
        }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names
            .binary_search_by(|n| n.as_str().cmp(name))
            .is_ok()
    }

    /// The files that may hold article `id`, best first.
    fn candidates(&self, id: &str) -> Vec<String> {
        let name = safe_file_name(id);
        let mut out = Vec::new();
        let own = format!("{name}.ron");
        if self.contains(&own) {
            out.push(own);
        }
        if self.numbered {
            let prefix = format!("{name}+");
            let from = self.names.partition_point(|n| n.as_str() < prefix.as_str());
            let mut nums: Vec<(usize, &String)> = self.names[from..]
                .iter()
                .take_while(|n| n.starts_with(&prefix))
                .filter_map(|n| {
                    let k = n.strip_prefix(&prefix)?.strip_suffix(".ron")?;
                    let k = k
                        .parse::<usize>()
                        .ok()
                        .filter(|&k| k >= 2 && !k_starts_0(n, &prefix))?;
                    (numbered(&name, k) + ".ron" == *n).then_some((k, n))
                })
                .collect();
            nums.sort_unstable();
            out.extend(nums.into_iter().map(|(_, n)| n.clone()));
        }
        let legacy = legacy_file_name(id);
        if legacy != name {
            let legacy = format!("{legacy}.ron");
            if self.contains(&legacy) {
                out.push(legacy);
            }
        }
        out
    }

    /// Article `id`'s summary (None: no file holds it), from the index where it is current;
    /// files read are indexed.
    pub fn summary(&self, id: &str, index: &Mutex<StatusIndex>) -> Option<Summary> {
        for name in self.candidates(id) {
            let Some(entry) = self.entry(&name, index) else {
                continue;
            };
            if let Some((held, summary)) = entry.held {
                if held == id {
                    return Some(summary);
                }
            }
        }
        None
    }

    /// What the file `name` holds: its index entry if current, else read now (and indexed).
    /// None if it cannot be read at all.
    fn entry(&self, name: &str, index: &Mutex<StatusIndex>) -> Option<Entry> {
        let path = self.dir.join(name);
        let key = FileKey::of(&fs::metadata(&path).ok()?);
        if let Some(e) = lock(index).get(name, &key) {
            return Some(e.clone());
        }
        // The identity is taken from the open file, so it is that of the bytes read.
        let mut file = fs::File::open(&path).ok()?;
        let key = FileKey::of(&file.metadata().ok()?);
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).ok()?;
        let held = std::str::from_utf8(&bytes)
            .ok()
            .and_then(|text| parse_annotation(text, &path).ok())
            .map(|ann| {
                let summary = Summary::of(&ann);
                (ann.article.id, summary)
            });
        let entry = Entry { key, held };
        lock(index).insert(name, entry.clone());
        Some(entry)
    }
}

/// `{prefix}0…`: numbered names never have a leading zero.
fn k_starts_0(name: &str, prefix: &str) -> bool {
    name[prefix.len()..].starts_with('0')
}

/// The index, even if a thread panicked while holding it (its entries are still checked).
pub(crate) fn lock(index: &Mutex<StatusIndex>) -> std::sync::MutexGuard<'_, StatusIndex> {
    index.lock().unwrap_or_else(|p| p.into_inner())
}
