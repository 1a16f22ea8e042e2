//! Changing the open annotation: every change is refused when read-only, recorded for undo,
//! and saved (with a retry of the saves that failed before).

use super::action::Effect;
use super::history::Snapshot;
use super::state::State;
use crate::domain::annotation::{Annotation, Draft};
use crate::domain::schema::Schema;
use crate::domain::summary::Summary;

/// Before leaving an article: save it if it has a file (its review time has run on).
pub(crate) fn leave(state: &mut State) -> Vec<Effect> {
    match &state.session {
        Some(s) if s.persisted && s.read_only.is_none() => {
            vec![Effect::Save(Box::new(s.annotation.clone()))]
        }
        _ => Vec::new(),
    }
}

/// Applies a change to the open annotation: refused when read-only; recorded for undo; saved.
/// `f` returns an error message to show instead of changing anything.
pub(crate) fn change(
    state: &mut State,
    f: impl FnOnce(&Schema, &mut Annotation) -> Result<(), String>,
) -> Vec<Effect> {
    let schema = state.schema.clone();
    let now = state.now.clone();
    if refuse_read_only(state) {
        return Vec::new();
    }
    let Some(s) = state.session.as_mut() else {
        return Vec::new();
    };
    let before = Snapshot::of(&s.annotation);
    let mut next = s.annotation.clone();
    if let Err(msg) = f(&schema, &mut next) {
        state.warn(msg);
        return Vec::new();
    }
    if Snapshot::of(&next) == before {
        return Vec::new();
    }
    s.history.push(before);
    next.updated = now;
    next.draft = None;
    s.annotation = next;
    s.persisted = true;
    let id = s.annotation.article.id.clone();
    let summary = Summary::of(&s.annotation);
    let saved = Effect::Save(Box::new(s.annotation.clone()));
    state.queue.set(state.queue.position, Some(summary));
    let mut out = vec![saved];
    out.extend(retry(state, Some(&id)));
    out
}

/// True (after saying so) when the open article is read-only and must not change.
pub(crate) fn refuse_read_only(state: &mut State) -> bool {
    let why = state.session.as_ref().and_then(|s| s.read_only.clone());
    match why {
        Some(why) => {
            state.error(format!("read-only: {why}"));
            true
        }
        None => false,
    }
}

/// Saves an edit in progress so a crash keeps it (no undo step).
pub(crate) fn save_draft(state: &mut State, draft: Option<Draft>) -> Vec<Effect> {
    match state.session.as_mut() {
        Some(s) if s.read_only.is_none() && s.annotation.draft != draft => {
            s.annotation.draft = draft;
            s.persisted = true;
            let id = s.annotation.article.id.clone();
            let mut out = vec![Effect::Save(Box::new(s.annotation.clone()))];
            out.extend(retry(state, Some(&id)));
            out
        }
        _ => Vec::new(),
    }
}

/// Saves again every unsaved annotation but `except` (whose newer version is being saved).
pub(crate) fn retry(state: &State, except: Option<&str>) -> Vec<Effect> {
    state
        .unsaved
        .iter()
        .filter(|a| Some(a.article.id.as_str()) != except)
        .map(|a| Effect::Save(Box::new(a.clone())))
        .collect()
}
