//! Moving around: the form's focus, the article's scroll, search matches, other articles.

use super::action::Effect;
use super::changes::{change, leave};
use super::command::Command;
use super::editor::LineEditor;
use super::form;
use super::state::{ModeState, State};
use crate::domain::annotation::Span;
use crate::domain::text::slice_chars;

pub fn run(state: &mut State, cmd: Command) -> Vec<Effect> {
    let page = usize::from(state.screen.article_text.height).max(1);
    match cmd {
        Command::NextField => move_focus(state, 1),
        Command::PrevField => move_focus(state, -1),
        Command::ScrollDown => scroll_by(state, 1),
        Command::ScrollUp => scroll_by(state, -1),
        Command::PageDown => scroll_by(state, page as isize),
        Command::PageUp => scroll_by(state, -(page as isize)),
        Command::HalfPageDown => scroll_by(state, (page / 2).max(1) as isize),
        Command::HalfPageUp => scroll_by(state, -((page / 2).max(1) as isize)),
        Command::Search => {
            let before = state
                .session
                .as_ref()
                .map(|s| s.search.clone())
                .unwrap_or_default();
            state.mode = ModeState::Search {
                editor: LineEditor::new(""),
                before,
            };
        }
        Command::NextMatch | Command::PrevMatch => step_match(state, cmd == Command::NextMatch),
        Command::NextUnreviewed => next_unreviewed(state),
        Command::Top => go_to_row(state, 0),
        Command::Bottom => go_to_row(state, state.rows().len().saturating_sub(1)),
        _ => {}
    }
    Vec::new()
}

/// Moves the focus by `delta` rows (clamped) and brings its evidence into view.
pub fn move_focus(state: &mut State, delta: isize) {
    let n = state.rows().len();
    if n == 0 {
        state.focus = 0;
        return;
    }
    state.focus = state.focus.saturating_add_signed(delta).min(n - 1);
    reveal_focus(state);
}

/// Moves the focus to a row (clamped) and brings its evidence into view.
fn go_to_row(state: &mut State, row: usize) {
    state.focus = row;
    move_focus(state, 0);
}

/// Moves the focus to the next unreviewed field after the focused one, wrapping around to the
/// top; says so when it wraps, and when no field is left to review.
fn next_unreviewed(state: &mut State) {
    let rows = state.rows();
    let Some(s) = state.session.as_ref() else {
        return;
    };
    let left = form::unreviewed(&state.schema, &s.annotation, &rows);
    // The first after the focus, else the first of all (wrapping), which may be the focus.
    let found = left
        .iter()
        .find(|&&i| i > state.focus)
        .or(left.first())
        .copied();
    match found {
        Some(i) if i == state.focus => state.info("This is the only unreviewed field"),
        Some(i) => {
            let wrapped = i < state.focus;
            state.focus = i;
            reveal_focus(state);
            if wrapped {
                state.info("Wrapped to the top: the first unreviewed field");
            }
        }
        None => {
            let done = state.key_name(Command::MarkDone);
            state.info(format!(
                "Every field is reviewed: {done} marks the article done"
            ));
        }
    }
}

/// Scrolls so the focused field's first evidence span is visible.
pub fn reveal_focus(state: &mut State) {
    let Some(row) = state.focused_row() else {
        return;
    };
    let start = state.session.as_ref().and_then(|s| {
        form::get(&state.schema, &s.annotation, row)
            .and_then(|f| f.evidence.iter().find(|e| !e.stale))
            .map(|e| e.start)
    });
    if let Some(c) = start {
        reveal_char(state, c);
    }
}

/// Scrolls so the line holding a code point offset is visible (a third from the top).
pub fn reveal_char(state: &mut State, c: usize) {
    let h = usize::from(state.screen.article_text.height).max(1);
    if let Some(s) = state.session.as_mut() {
        let line = s.wrapped.line_of_char(c);
        if line < s.scroll || line >= s.scroll + h {
            s.scroll = line.saturating_sub(h / 3);
        }
    }
    clamp_scroll(state);
}

fn scroll_by(state: &mut State, delta: isize) {
    if let Some(s) = state.session.as_mut() {
        s.scroll = s.scroll.saturating_add_signed(delta);
    }
    clamp_scroll(state);
}

/// Keeps the scroll within the text: the last page may not scroll past the end.
pub fn clamp_scroll(state: &mut State) {
    let h = usize::from(state.screen.article_text.height).max(1);
    if let Some(s) = state.session.as_mut() {
        let max = s.wrapped.lines.len().saturating_sub(h);
        s.scroll = s.scroll.min(max);
    }
}

fn step_match(state: &mut State, forward: bool) {
    let Some(s) = state.session.as_mut() else {
        return;
    };
    let found = s.search.step(forward);
    let (i, n) = (s.search.current.unwrap_or(0) + 1, s.search.matches.len());
    match found {
        Some((start, _)) => {
            reveal_char(state, start);
            state.info(format!("Match {i} of {n}"));
        }
        None if s.search.query.is_empty() => {
            let key = state.key_name(Command::Search);
            state.info(format!("No search yet: {key} to search"));
        }
        None => state.warn("No matches"),
    }
}

/// Sets the focused field's evidence to the current search match.
pub fn set_evidence(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.focused_row() else {
        return Vec::new();
    };
    let span = state.session.as_ref().and_then(|s| {
        s.search.current_match().map(|(start, end)| Span {
            start,
            end,
            quote: slice_chars(&s.article.text, start, end).to_string(),
            stale: false,
        })
    });
    let Some(span) = span else {
        let key = state.key_name(Command::Search);
        state.warn(format!(
            "No search match: {key} to search the article first"
        ));
        return Vec::new();
    };
    let quote = span.quote.clone();
    let out = change(state, |schema, ann| {
        let fa = form::get_mut(schema, ann, row).ok_or("no such field")?;
        fa.evidence = vec![span];
        Ok(())
    });
    if !out.is_empty() {
        state.info(format!("Evidence set: \"{quote}\""));
    }
    out
}

/// Opens the next or previous article.
pub fn article(state: &mut State, forward: bool) -> Vec<Effect> {
    let n = state.queue.len();
    let pos = state.queue.position;
    let target = if forward {
        (pos + 1 < n).then_some(pos + 1)
    } else {
        pos.checked_sub(1)
    };
    match target {
        Some(t) => {
            let mut out = leave(state);
            out.push(Effect::Open(t));
            out
        }
        None => {
            state.info(if forward {
                "This is the last article"
            } else {
                "This is the first article"
            });
            Vec::new()
        }
    }
}
