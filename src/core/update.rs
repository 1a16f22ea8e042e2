//! The one step of the core: `update(state, action) -> effects`.

use super::action::{Action, Effect, Opened};
use super::command::{Command, Mode};
use super::form;
use super::history::{History, Snapshot};
use super::layout::{Screen, Wrapped};
use super::search::Search;
use super::state::{ModeState, Session, State};
use super::{input, navigate, review};
use crate::domain::annotation::{Annotation, Draft};
use crate::domain::schema::Schema;

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(key) => match state.keymap.lookup(state.mode.mode(), &key) {
            Some(cmd) => command(state, cmd),
            None => match key.typed_char() {
                Some(c) => input::typed(state, c),
                None => Vec::new(),
            },
        },
        Action::Command(cmd) => command(state, cmd),
        Action::Resize { width, height } => {
            resize(state, width, height);
            Vec::new()
        }
        Action::Clock {
            now,
            active_seconds,
        } => {
            state.now = now;
            if let Some(s) = state.session.as_mut() {
                s.annotation.active_seconds += active_seconds;
            }
            Vec::new()
        }
        Action::Opened(opened) => {
            opened_article(state, *opened);
            Vec::new()
        }
        Action::OpenFailed { index, message } => {
            state.queue.position = index;
            state.error(message);
            Vec::new()
        }
        Action::Saved(Ok(())) => Vec::new(),
        Action::Saved(Err(e)) => {
            state.error(format!("could not save: {e}"));
            Vec::new()
        }
    }
}

fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    if cmd == Command::Quit {
        return quit(state);
    }
    match state.mode.mode() {
        Mode::Normal => normal(state, cmd),
        Mode::Edit => input::edit(state, cmd),
        Mode::Picker => input::picker(state, cmd),
        Mode::Search => input::search(state, cmd),
        Mode::Help => input::help(state, cmd),
        Mode::Confirm => input::confirm(state, cmd),
    }
}

fn normal(state: &mut State, cmd: Command) -> Vec<Effect> {
    use Command::*;
    match cmd {
        NextField | PrevField | ScrollDown | ScrollUp | PageDown | PageUp | HalfPageDown
        | HalfPageUp | Search | NextMatch | PrevMatch => navigate::run(state, cmd),
        NextArticle | PrevArticle => navigate::article(state, cmd == NextArticle),
        Help => {
            state.mode = ModeState::Help {
                scroll: 0,
                from: Mode::Normal,
            };
            Vec::new()
        }
        _ => review::run(state, cmd),
    }
}

/// Saves what needs saving, then quits.
fn quit(state: &mut State) -> Vec<Effect> {
    let mut out = leave(state);
    out.push(Effect::Quit);
    out
}

/// Before leaving an article: save it if it has a file (its review time has run on).
pub(crate) fn leave(state: &mut State) -> Vec<Effect> {
    match &state.session {
        Some(s) if s.persisted && s.read_only.is_none() => {
            vec![Effect::Save(Box::new(s.annotation.clone()))]
        }
        _ => Vec::new(),
    }
}

fn resize(state: &mut State, width: u16, height: u16) {
    state.screen = Screen::compute(width, height);
    let w = usize::from(state.screen.article_text.width);
    if let Some(s) = state.session.as_mut() {
        if s.wrapped.width != w.max(1) {
            let top = s.wrapped.lines.get(s.scroll).map_or(0, |l| l.char_start);
            s.wrapped = Wrapped::new(&s.article.text, w);
            s.scroll = s.wrapped.line_of_char(top);
        }
    }
    navigate::clamp_scroll(state);
}

fn opened_article(state: &mut State, o: Opened) {
    let wrapped = Wrapped::new(
        &o.article.text,
        usize::from(state.screen.article_text.width),
    );
    state.queue.position = o.index;
    let draft = o.annotation.draft.clone();
    state.session = Some(Session {
        index: o.index,
        article: o.article,
        annotation: o.annotation,
        persisted: o.persisted,
        read_only: o.read_only,
        history: History::default(),
        wrapped,
        scroll: 0,
        search: Search::default(),
    });
    state.mode = ModeState::Normal;
    let rows = state.rows();
    let schema = state.schema.clone();
    let ann = &state.session.as_ref().map(|s| &s.annotation);
    state.focus = ann
        .and_then(|a| {
            rows.iter()
                .position(|r| form::get(&schema, a, *r).is_some_and(|f| !f.state.is_reviewed()))
        })
        .unwrap_or(0);
    state.message = None;
    if !o.messages.is_empty() {
        state.warn(o.messages.join("; "));
    }
    if let Some(d) = draft {
        input::restore_draft(state, &rows, &d);
    }
    navigate::reveal_focus(state);
}

/// What undo and redo restore.
pub(crate) fn snapshot(a: &Annotation) -> Snapshot {
    Snapshot {
        fields: a.fields.clone(),
        status: a.status,
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
    let before = snapshot(&s.annotation);
    let mut next = s.annotation.clone();
    if let Err(msg) = f(&schema, &mut next) {
        state.warn(msg);
        return Vec::new();
    }
    if snapshot(&next) == before {
        return Vec::new();
    }
    s.history.push(before);
    next.updated = now;
    next.draft = None;
    s.annotation = next;
    s.persisted = true;
    let (index, status) = (s.index, s.annotation.status);
    let saved = Effect::Save(Box::new(s.annotation.clone()));
    state.queue.set(index, status);
    vec![saved]
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
            vec![Effect::Save(Box::new(s.annotation.clone()))]
        }
        _ => Vec::new(),
    }
}
