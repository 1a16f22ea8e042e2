//! Saves that failed: each annotation is kept until a save of it succeeds (retried on the next
//! change, see `changes`), shown in the header, and in the way of quitting (see `quitting`).

use crate::domain::annotation::Annotation;
use std::collections::BTreeMap;

/// A save that failed, with the newest version of the annotation it tried to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Failed {
    pub annotation: Annotation,
    pub error: String,
}

/// The annotations whose latest version is not on disk, by article id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unsaved {
    by_id: BTreeMap<String, Failed>,
    /// Recovery files written for annotations that could not be saved (reported on exit).
    pub recovered: Vec<String>,
}

impl Unsaved {
    pub fn failed(&mut self, annotation: Annotation, error: String) {
        let id = annotation.article.id.clone();
        self.by_id.insert(id, Failed { annotation, error });
    }
    pub fn saved(&mut self, id: &str) {
        self.by_id.remove(id);
    }
    pub fn len(&self) -> usize {
        self.by_id.len()
    }
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
    pub fn get(&self, id: &str) -> Option<&Annotation> {
        self.by_id.get(id).map(|f| &f.annotation)
    }
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }
    pub fn last_error(&self) -> Option<&str> {
        self.by_id.values().next().map(|f| f.error.as_str())
    }
    pub fn iter(&self) -> impl Iterator<Item = &Annotation> {
        self.by_id.values().map(|f| &f.annotation)
    }
    pub fn annotations(&self) -> Vec<Annotation> {
        self.iter().cloned().collect()
    }
    pub fn clear(&mut self) {
        self.by_id.clear();
    }
}
