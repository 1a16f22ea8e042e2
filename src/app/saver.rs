//! Saving off the keystroke path: a change is in the journal at once (it survives a killed
//! process), and the annotation file is written durably within about a second (it survives a
//! crash of the machine). See [`crate::io::journal`] for the rule.
//!
//! The annotation file is only overwritten if it is still the one vetter read (its
//! [`Stamp`]): a file that another program (or a second vetter) changed meanwhile is kept, and
//! vetter's version stays unsaved for the reviewer to deal with.

use crate::core::action::Action;
use crate::domain::annotation::Annotation;
use crate::domain::summary::Summary;
use crate::io::status_index::StatusIndex;
use crate::io::{journal, to_ron, AnnotationStore, Stamp};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a change may wait in the journal before the annotation file is written durably.
pub const FLUSH_AFTER: Duration = Duration::from_millis(500);

struct Pending {
    annotation: Annotation,
    since: Instant,
}

/// What vetter knows of an article's file: where it is, and what it was when last read or
/// written (`None`: there was no file).
struct Known {
    path: PathBuf,
    stamp: Option<Stamp>,
}

/// The annotations written to their journal but not yet durably to their file.
#[derive(Default)]
pub struct Saver {
    dirty: RefCell<BTreeMap<String, Pending>>,
    known: RefCell<HashMap<String, Known>>,
    /// Articles whose annotation was saved in this session, with the summary of the last
    /// version saved.
    saved: RefCell<HashMap<String, Summary>>,
    /// The status index of the reviewer's folder, told of every file written.
    pub index: Option<Arc<Mutex<StatusIndex>>>,
}

impl Saver {
    /// Records an article's file as it was read (its path found once: the store reads the file
    /// to find it, which is too slow for every keystroke).
    pub fn read(&self, id: &str, path: PathBuf, stamp: Option<Stamp>) {
        self.known
            .borrow_mut()
            .insert(id.to_string(), Known { path, stamp });
    }

    fn path(&self, store: &AnnotationStore, id: &str) -> PathBuf {
        if let Some(k) = self.known.borrow().get(id) {
            return k.path.clone();
        }
        let path = store.path_for(id);
        let stamp = store.load_stamped(id).ok().flatten().map(|(_, s)| s);
        self.read(id, path.clone(), stamp);
        path
    }

    /// Writes the change to the annotation's journal (creating the reviewer's folder).
    pub fn save(&self, store: &AnnotationStore, ann: &Annotation) -> Result<(), String> {
        let dir = store.dir();
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = self.path(store, &ann.article.id);
        journal::write(&path, to_ron(ann).as_bytes())
            .map_err(|e| format!("{}: {e}", journal::path_of(&path).display()))?;
        self.saved
            .borrow_mut()
            .insert(ann.article.id.clone(), Summary::of(ann));
        let mut dirty = self.dirty.borrow_mut();
        let since = dirty
            .get(&ann.article.id)
            .map_or_else(Instant::now, |p| p.since);
        dirty.insert(
            ann.article.id.clone(),
            Pending {
                annotation: ann.clone(),
                since,
            },
        );
        Ok(())
    }

    /// Whether some change has waited in the journal for `FLUSH_AFTER` by `now`.
    pub fn due(&self, now: Instant) -> bool {
        self.dirty
            .borrow()
            .values()
            .any(|p| now.duration_since(p.since) >= FLUSH_AFTER)
    }

    /// The summary of the last version of article `id`'s annotation this session saved, if
    /// it saved one (newer than anything the background scan may have read from its file).
    pub fn saved(&self, id: &str) -> Option<Summary> {
        self.saved.borrow().get(id).cloned()
    }

    pub fn is_clean(&self) -> bool {
        self.dirty.borrow().is_empty()
    }

    /// Writes every pending annotation durably (if its file is still as vetter read it) and
    /// removes its journal. A failure gives the annotation back to the core as unsaved (its
    /// journal stays: the work is not lost).
    pub fn flush(&self, store: &AnnotationStore) -> Vec<Action> {
        let pending = std::mem::take(&mut *self.dirty.borrow_mut());
        let mut out = Vec::new();
        for (id, p) in pending {
            let path = self.path(store, &id);
            let expected = self.known.borrow().get(&id).and_then(|k| k.stamp.clone());
            let result = store
                .save_checked(&p.annotation, expected.as_ref())
                .map_err(|e| e.to_string())
                .and_then(|stamp| {
                    self.read(&id, path.clone(), Some(stamp));
                    if let Some(index) = &self.index {
                        let summary = Summary::of(&p.annotation);
                        crate::io::status_scan::lock(index).record_written(&path, &id, summary);
                    }
                    journal::remove(&path)
                        .map_err(|e| format!("{}: {e}", journal::path_of(&path).display()))
                });
            if let Err(error) = result {
                out.push(Action::SaveFailed {
                    annotation: Box::new(p.annotation),
                    error,
                });
            }
        }
        out
    }
}
