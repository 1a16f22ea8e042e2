//! The one step of the core: `update(state, action) -> effects`.

use super::action::{Action, Effect, Opened};
use super::command::{Command, Mode};
use super::form;
use super::layout::{Screen, Wrapped};
use super::search::Search;
use super::state::{ModeState, Session, State};
use super::{input, navigate, prompt, quitting, review, verdict};

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let mut out = step(state, action);
    super::adjudicate::after_step(state, &mut out);
    // The queue screen's rows follow the items (a background scan, a title read) while it is on.
    super::queue_view::refresh(state);
    out
}

fn step(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(key) => {
            // A message is about what the last key did: the next key clears it.
            state.message = None;
            match state.keymap.lookup(state.mode.mode(), &key) {
                // Digits take a reviewer's value: which one is the key's.
                Some(Command::Take) if state.mode.mode() == Mode::Normal => {
                    state.left_by_verdict = None;
                    super::adjudicate::take_key(state, &key)
                }
                Some(cmd) => command(state, cmd),
                None => match key.typed_char() {
                    Some(c) => input::typed(state, c),
                    None => Vec::new(),
                },
            }
        }
        Action::Command(cmd) => command(state, cmd),
        Action::Paste(text) => input::paste(state, &text),
        Action::Resize { width, height } => resize(state, width, height),
        Action::Wrapped { index, wrapped } => {
            rewrapped(state, index, *wrapped);
            Vec::new()
        }
        Action::Clock {
            now,
            active_seconds,
        } => {
            state.now = now;
            // Time in the queue screen is not time spent on the open article.
            let reviewing = !super::queue_view::showing(state);
            if let Some(s) = state.session.as_mut().filter(|_| reviewing) {
                s.annotation.active_seconds += active_seconds;
            }
            Vec::new()
        }
        Action::Opened(opened) => {
            opened_article(state, *opened);
            Vec::new()
        }
        Action::OpenFailed { index, message } => {
            // The position is the article on screen: none, since this one could not be opened
            // (what the one before asked to save was saved before the open).
            state.queue.position = index;
            state.session = None;
            state.error(message);
            Vec::new()
        }
        Action::Saved { id } => {
            state.unsaved.saved(&id);
            Vec::new()
        }
        Action::SaveFailed { annotation, error } => {
            state.error(format!("could not save: {error}"));
            state.unsaved.failed(*annotation, error);
            Vec::new()
        }
        Action::Recovered(result) => quitting::recovered(state, result),
        Action::TryQuit => quitting::try_quit(state),
        a @ (Action::Scanned { .. }
        | Action::Titles(_)
        | Action::Notice(_)
        | Action::Counted { .. }) => super::scan::background(state, a),
        Action::AdjudicationOpened(r) => {
            super::adjudicate::opened(state, *r);
            Vec::new()
        }
    }
}

fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    if cmd == Command::Quit {
        return quitting::quit(state);
    }
    match state.mode.mode() {
        Mode::Normal => normal(state, cmd),
        Mode::Edit => input::edit(state, cmd),
        Mode::Picker => input::picker(state, cmd),
        Mode::Search => input::search(state, cmd),
        Mode::Help => input::help(state, cmd),
        Mode::Confirm => input::confirm(state, cmd),
        Mode::Unsaved => match state.mode {
            ModeState::ConfirmQuit { discard } => quitting::confirm_quit(state, cmd, discard),
            _ => Vec::new(),
        },
        Mode::Prompt => prompt::run(state, cmd),
        Mode::Queue => super::queue_view::run(state, cmd),
    }
}

fn normal(state: &mut State, cmd: Command) -> Vec<Effect> {
    use Command::*;
    let left = state.left_by_verdict.take();
    let nothing_here = state.session.as_ref().is_none_or(|s| !s.history.can_undo());
    if let (Undo, Some(from), true) = (cmd, left, nothing_here) {
        return verdict::back_to_undo(state, from);
    }
    match cmd {
        NextField | PrevField | ScrollDown | ScrollUp | PageDown | PageUp | HalfPageDown
        | HalfPageUp | Search | NextMatch | PrevMatch | NextUnreviewed | Top | Bottom => {
            navigate::run(state, cmd)
        }
        NextArticle | PrevArticle => navigate::article(state, cmd == NextArticle),
        MarkDone | Skip | NotRelevant | Flag | ArticleNote | RejectRest => verdict::run(state, cmd),
        GoTo => {
            prompt::open(state, prompt::PromptKind::GoTo, "");
            Vec::new()
        }
        Queue => {
            super::queue_view::open(state);
            Vec::new()
        }
        Take | CompareReviewer => super::adjudicate::run(state, cmd),
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

/// Articles longer than this (in bytes) are re-wrapped off the input path on a resize: at about
/// 10 ms per MiB, wrapping in line would hold up the next key.
pub const INLINE_WRAP_BYTES: usize = 1 << 20;

fn resize(state: &mut State, width: u16, height: u16) -> Vec<Effect> {
    state.screen = Screen::compute(width, height);
    let w = usize::from(state.screen.article_text.width).max(1);
    let mut out = Vec::new();
    if let Some(s) = state.session.as_mut() {
        let want = s.wrap_pending.unwrap_or(s.wrapped.width);
        if want != w {
            if s.article.text.len() <= INLINE_WRAP_BYTES {
                s.wrap_pending = None;
                let wrapped = Wrapped::new(&s.article.text, w);
                swap_wrap(s, wrapped);
            } else {
                s.wrap_pending = (s.wrapped.width != w).then_some(w);
                if s.wrap_pending.is_some() {
                    out.push(Effect::Wrap {
                        index: state.queue.position,
                        width: w,
                    });
                }
            }
        }
    }
    navigate::clamp_scroll(state);
    out
}

/// Takes a new wrap, keeping the first visible character at the top.
fn swap_wrap(s: &mut Session, wrapped: Wrapped) {
    let top = s.wrapped.lines.get(s.scroll).map_or(0, |l| l.char_start);
    s.wrapped = wrapped;
    s.scroll = s.wrapped.line_of_char(top);
}

/// A background re-wrap is in: used if it is still the one wanted.
fn rewrapped(state: &mut State, index: usize, wrapped: Wrapped) {
    if let Some(s) = state.session.as_mut() {
        if state.queue.position == index && s.wrap_pending == Some(wrapped.width) {
            s.wrap_pending = None;
            swap_wrap(s, wrapped);
        }
    }
    navigate::clamp_scroll(state);
}

pub(crate) fn opened_article(state: &mut State, mut o: Opened) {
    // A version that could not be saved is newer than the file: keep working on it.
    if let Some(newer) = state.unsaved.get(&o.annotation.article.id) {
        if o.read_only.is_none() {
            o.annotation = newer.clone();
            o.persisted = true;
        }
    }
    let wrapped = Wrapped::new(
        &o.article.text,
        usize::from(state.screen.article_text.width),
    );
    // The article left keeps its undo history for when it is opened again.
    if let Some(old) = state.session.take() {
        if !old.history.is_empty() {
            state.histories.insert(state.queue.position, old.history);
        }
    }
    // What the file says now is what the queue shows (a scan may not have seen it yet).
    if o.persisted {
        let summary = crate::domain::summary::Summary::of(&o.annotation);
        state.queue.set(o.index, Some(summary));
    }
    let history = state.histories.remove(&o.index).unwrap_or_default();
    state.queue.position = o.index;
    let draft = o.annotation.draft.clone();
    state.session = Some(Session {
        article: o.article,
        annotation: o.annotation,
        persisted: o.persisted,
        read_only: o.read_only,
        history,
        wrapped,
        wrap_pending: None,
        scroll: 0,
        search: Search::default(),
    });
    state.mode = ModeState::Normal;
    let rows = state.rows();
    state.focus = state
        .session
        .as_ref()
        .and_then(|s| {
            form::unreviewed(&state.schema, &s.annotation, &rows)
                .first()
                .copied()
        })
        .unwrap_or(0);
    // A message about the verdict that moved here stays (the next key clears it); any other
    // message was about the article left.
    let verdict = state
        .message
        .take()
        .filter(|_| state.left_by_verdict.is_some());
    state.message = verdict;
    if !o.messages.is_empty() {
        let mut text = o.messages.join("; ");
        if let Some(m) = state.message.take() {
            text = format!("{}; {text}", m.text);
        }
        state.warn(text);
    }
    if let Some(d) = draft {
        input::restore_draft(state, &rows, &d);
    }
    navigate::reveal_focus(state);
}
