//! Undo and redo of every change to an article's annotation.

use crate::domain::annotation::{Annotation, FieldAnn, Flag, Status};

/// What undo restores: the fields and the verdict (status, skip reason, flag, article note);
/// timestamps and review time run on.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub fields: Vec<FieldAnn>,
    pub status: Status,
    pub skip_reason: Option<String>,
    pub flag: Option<Flag>,
    pub note: Option<String>,
}

impl Snapshot {
    pub fn of(a: &Annotation) -> Snapshot {
        Snapshot {
            fields: a.fields.clone(),
            status: a.status,
            skip_reason: a.skip_reason.clone(),
            flag: a.flag.clone(),
            note: a.note.clone(),
        }
    }
    pub fn restore(self, a: &mut Annotation) {
        a.fields = self.fields;
        a.status = self.status;
        a.skip_reason = self.skip_reason;
        a.flag = self.flag;
        a.note = self.note;
    }
}

#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
}

/// Steps kept per article; the oldest go first.
const LIMIT: usize = 500;

impl History {
    /// Records the state before a change.
    pub fn push(&mut self, before: Snapshot) {
        if self.undo.len() == LIMIT {
            self.undo.remove(0);
        }
        self.undo.push(before);
        self.redo.clear();
    }
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn is_empty(&self) -> bool {
        self.undo.is_empty() && self.redo.is_empty()
    }
    pub fn undo(&mut self, current: Snapshot) -> Option<Snapshot> {
        let prev = self.undo.pop()?;
        self.redo.push(current);
        Some(prev)
    }
    pub fn redo(&mut self, current: Snapshot) -> Option<Snapshot> {
        let next = self.redo.pop()?;
        self.undo.push(current);
        Some(next)
    }
}
