//! Saves that failed: each annotation is kept until a save of it succeeds, retried on the next
//! change, shown in the header, and in the way of quitting until the reviewer decides.

use super::action::{After, Effect};
use super::command::Command;
use super::state::{ModeState, State};
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
    fn annotations(&self) -> Vec<Annotation> {
        self.by_id.values().map(|f| f.annotation.clone()).collect()
    }
    fn clear(&mut self) {
        self.by_id.clear();
    }
}

/// Saves again every unsaved annotation but `except` (whose newer version is being saved).
pub fn retry(state: &State, except: Option<&str>) -> Vec<Effect> {
    state
        .unsaved
        .by_id
        .iter()
        .filter(|(id, _)| Some(id.as_str()) != except)
        .map(|(_, f)| Effect::Save(Box::new(f.annotation.clone())))
        .collect()
}

/// Quitting: save what is open, retry what failed, then decide once the results are in.
pub fn quit(state: &mut State) -> Vec<Effect> {
    let mut out = super::update::leave(state);
    let open = state
        .session
        .as_ref()
        .map(|s| s.annotation.article.id.clone());
    out.extend(retry(state, open.as_deref()));
    out.push(Effect::Then(After::TryQuit));
    out
}

/// After the saves of a quit: quit if all is saved, else ask.
pub fn try_quit(state: &mut State) -> Vec<Effect> {
    if state.unsaved.is_empty() {
        return vec![Effect::Quit];
    }
    state.mode = ModeState::ConfirmQuit { discard: false };
    let n = state.unsaved.len();
    let why = state.unsaved.last_error().unwrap_or("").to_string();
    state.error(format!(
        "{n} annotation{} not saved ({why}); not quitting",
        if n == 1 { "" } else { "s" }
    ));
    Vec::new()
}

/// The keys of the quit question: retry, write recovery files, or quit anyway (asked twice).
pub fn confirm_quit(state: &mut State, cmd: Command, discard: bool) -> Vec<Effect> {
    match (cmd, discard) {
        (Command::RetrySave, _) => {
            state.mode = ModeState::Normal;
            quit(state)
        }
        (Command::WriteRecovery, _) => {
            state.mode = ModeState::Normal;
            vec![Effect::Recover(state.unsaved.annotations())]
        }
        (Command::QuitAnyway, false) => {
            state.mode = ModeState::ConfirmQuit { discard: true };
            Vec::new()
        }
        (Command::Yes, true) => vec![Effect::Quit],
        (Command::No | Command::Cancel, true) => {
            state.mode = ModeState::ConfirmQuit { discard: false };
            Vec::new()
        }
        (Command::No | Command::Cancel, false) => {
            state.mode = ModeState::Normal;
            state.warn("Still not saved: every change retries, and quitting asks again");
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Recovery files are written: the work is safe outside the folder, so vetter can quit.
pub fn recovered(state: &mut State, result: Result<Vec<String>, String>) -> Vec<Effect> {
    match result {
        Ok(paths) => {
            state.unsaved.recovered.extend(paths);
            state.unsaved.clear();
            vec![Effect::Quit]
        }
        Err(e) => {
            state.mode = ModeState::ConfirmQuit { discard: false };
            state.error(format!("could not write recovery files: {e}"));
            Vec::new()
        }
    }
}
