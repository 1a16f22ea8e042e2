//! Saving off the keystroke path: a change is in the journal at once (it survives a killed
//! process), and the annotation file is written durably within about a second (it survives a
//! crash of the machine). See [`crate::io::journal`] for the rule.

use crate::core::action::Action;
use crate::domain::annotation::Annotation;
use crate::io::{journal, to_ron, AnnotationStore};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs;
use std::time::{Duration, Instant};

/// How long a change may wait in the journal before the annotation file is written durably.
pub const FLUSH_AFTER: Duration = Duration::from_millis(500);

struct Pending {
    annotation: Annotation,
    since: Instant,
}

/// The annotations written to their journal but not yet durably to their file.
#[derive(Default)]
pub struct Saver {
    dirty: RefCell<BTreeMap<String, Pending>>,
}

impl Saver {
    /// Writes the change to the annotation's journal (creating the reviewer's folder).
    pub fn save(&self, store: &AnnotationStore, ann: &Annotation) -> Result<(), String> {
        let dir = store.dir();
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = store.path_for(&ann.article.id);
        journal::write(&path, to_ron(ann).as_bytes())
            .map_err(|e| format!("{}: {e}", journal::path_of(&path).display()))?;
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

    pub fn is_clean(&self) -> bool {
        self.dirty.borrow().is_empty()
    }

    /// Writes every pending annotation durably and removes its journal. A failure gives the
    /// annotation back to the core as unsaved (its journal stays: the work is not lost).
    pub fn flush(&self, store: &AnnotationStore) -> Vec<Action> {
        let pending = std::mem::take(&mut *self.dirty.borrow_mut());
        let mut out = Vec::new();
        for (_, p) in pending {
            let path = store.path_for(&p.annotation.article.id);
            let result = store
                .save(&p.annotation)
                .map_err(|e| e.to_string())
                .and_then(|()| {
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
