//! The modes that take input: editing a value, picking choices, typing a search, help, confirm.

use super::action::Effect;
use super::changes::{change, save_draft};
use super::command::Command;
use super::editor::LineEditor;
use super::form::{self, Row};
use super::navigate;
use super::review;
use super::search::Search;
use super::state::{ModeState, State};
use crate::domain::annotation::{Draft, Entry};
use crate::domain::value::{normalize_choices, Value};

/// A character typed with no binding: it goes into whichever input is open.
pub fn typed(state: &mut State, c: char) -> Vec<Effect> {
    match &mut state.mode {
        ModeState::Edit { editor, .. } => {
            editor.insert(c);
            draft(state)
        }
        ModeState::Search { editor, .. } => {
            editor.insert(c);
            rerun_search(state);
            Vec::new()
        }
        ModeState::Prompt(_) => {
            super::prompt::insert(state, c.encode_utf8(&mut [0; 4]));
            Vec::new()
        }
        ModeState::Picker(_) => pick_typed(state, c),
        _ => Vec::new(),
    }
}

/// A character typed in a picker: a digit 1-9 picks (enum) or toggles (multi) that choice; a
/// letter jumps to the first choice starting with what was typed so far (or, if none does,
/// with this letter alone).
fn pick_typed(state: &mut State, c: char) -> Vec<Effect> {
    let ModeState::Picker(p) = &mut state.mode else {
        return Vec::new();
    };
    if let Some(d) = c.to_digit(10).filter(|d| *d >= 1) {
        p.typed.clear();
        let i = d as usize - 1;
        if i >= p.choices.len() {
            let n = p.choices.len();
            state.warn(format!("No choice {d}: there are {n}"));
            return Vec::new();
        }
        p.cursor = i;
        if p.multi {
            if let Some(x) = p.picked.get_mut(i) {
                *x = !*x;
            }
            return Vec::new();
        }
        return commit_pick(state);
    }
    if c.is_whitespace() || c.is_control() {
        return Vec::new();
    }
    let starts = |choices: &[String], prefix: &str| {
        let prefix = prefix.to_lowercase();
        choices
            .iter()
            .position(|x| x.to_lowercase().starts_with(&prefix))
    };
    let longer = format!("{}{c}", p.typed);
    if let Some(i) = starts(&p.choices, &longer) {
        (p.cursor, p.typed) = (i, longer);
    } else if let Some(i) = starts(&p.choices, &c.to_string()) {
        (p.cursor, p.typed) = (i, c.to_string());
    } else {
        p.typed.clear();
        state.warn(format!("No choice starts with {:?}", c.to_string()));
    }
    Vec::new()
}

/// Pasted text goes into whichever input is open, as one change (one draft save, one search);
/// line breaks and tabs become spaces and other control characters are dropped. Review
/// commands never see pasted text.
pub fn paste(state: &mut State, text: &str) -> Vec<Effect> {
    let clean: String = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control())
        .collect();
    match &mut state.mode {
        ModeState::Edit { editor, .. } => {
            editor.insert_str(&clean);
            draft(state)
        }
        ModeState::Search { editor, .. } => {
            editor.insert_str(&clean);
            rerun_search(state);
            Vec::new()
        }
        ModeState::Prompt(_) => {
            super::prompt::insert(state, &clean);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Applies an editing command to a line editor; true if it was one.
pub(crate) fn edit_line(editor: &mut LineEditor, cmd: Command) -> bool {
    match cmd {
        Command::CursorLeft => editor.left(),
        Command::CursorRight => editor.right(),
        Command::CursorHome => editor.home(),
        Command::CursorEnd => editor.end(),
        Command::DeleteBack => editor.delete_back(),
        Command::DeleteForward => editor.delete_forward(),
        Command::ClearInput => editor.clear(),
        _ => return false,
    }
    true
}

/// The draft of the edit in progress, saved with the annotation.
fn draft(state: &mut State) -> Vec<Effect> {
    let d = match &state.mode {
        ModeState::Edit { row, editor, note } => Some(Draft {
            field: form::path(&state.schema, *row) + if *note { NOTE_SUFFIX } else { "" },
            text: editor.text().to_string(),
        }),
        _ => None,
    };
    save_draft(state, d)
}

/// A draft of a note is saved under the field's path and this suffix.
const NOTE_SUFFIX: &str = "#note";

pub fn edit(state: &mut State, cmd: Command) -> Vec<Effect> {
    let ModeState::Edit { row, editor, note } = &mut state.mode else {
        return Vec::new();
    };
    let (row, note) = (*row, *note);
    if edit_line(editor, cmd) {
        return draft(state);
    }
    match cmd {
        Command::Commit if note => {
            let text = editor.text().trim().to_string();
            state.mode = ModeState::Normal;
            let out = change(state, |schema, ann| {
                let fa = form::get_mut(schema, ann, row).ok_or("no such field")?;
                fa.note = (!text.is_empty()).then_some(text);
                Ok(())
            });
            if out.is_empty() {
                save_draft(state, None)
            } else {
                out
            }
        }
        Command::Commit => {
            let text = editor.text().to_string();
            let Some(def) = form::def(&state.schema, row) else {
                return Vec::new();
            };
            match Value::parse(&def.kind, &text) {
                Ok(v) => commit(state, row, Entry::Value(v)),
                Err(e) => {
                    let cancel = state
                        .keymap
                        .key_for(super::command::Mode::Edit, Command::Cancel)
                        .map_or_else(String::new, |k| format!(" ({k} cancels)"));
                    state.error(format!("{}: {e}{cancel}", def.label));
                    Vec::new()
                }
            }
        }
        Command::Cancel => {
            state.mode = ModeState::Normal;
            save_draft(state, None)
        }
        _ => Vec::new(),
    }
}

fn commit(state: &mut State, row: Row, entry: Entry) -> Vec<Effect> {
    state.mode = ModeState::Normal;
    let out = change(state, |schema, ann| {
        let fa = form::get_mut(schema, ann, row).ok_or("no such field")?;
        review::set_value(fa, entry);
        Ok(())
    });
    // An unchanged value still ends the edit: drop the draft.
    let mut out = if out.is_empty() {
        save_draft(state, None)
    } else {
        out
    };
    navigate::move_focus(state, 1);
    out.shrink_to_fit();
    out
}

pub fn picker(state: &mut State, cmd: Command) -> Vec<Effect> {
    let ModeState::Picker(p) = &mut state.mode else {
        return Vec::new();
    };
    p.typed.clear();
    let n = p.choices.len().max(1);
    match cmd {
        Command::PickDown => p.cursor = (p.cursor + 1) % n,
        Command::PickUp => p.cursor = (p.cursor + n - 1) % n,
        Command::PickToggle if p.multi => {
            if let Some(x) = p.picked.get_mut(p.cursor) {
                *x = !*x;
            }
        }
        Command::PickToggle => {}
        Command::Cancel => state.mode = ModeState::Normal,
        Command::Commit => return commit_pick(state),
        _ => {}
    }
    Vec::new()
}

/// Commits the picker: the choices ticked (multi) or the one under the cursor (enum).
fn commit_pick(state: &mut State) -> Vec<Effect> {
    let ModeState::Picker(p) = &state.mode else {
        return Vec::new();
    };
    let row = p.row;
    let value = if p.multi {
        let chosen: Vec<String> = p
            .choices
            .iter()
            .zip(&p.picked)
            .filter(|(_, on)| **on)
            .map(|(c, _)| c.clone())
            .collect();
        Value::Choices(normalize_choices(&p.choices, &chosen))
    } else {
        let choice = p.choices.get(p.cursor).cloned().unwrap_or_default();
        let kind = form::def(&state.schema, row).map(|d| d.kind.clone());
        match kind.map(|k| Value::parse(&k, &choice)) {
            Some(Ok(v)) => v,
            _ => Value::Choice(choice),
        }
    };
    commit(state, row, Entry::Value(value))
}

fn rerun_search(state: &mut State) {
    let ModeState::Search { editor, .. } = &state.mode else {
        return;
    };
    let query = editor.text().to_string();
    let Some(s) = state.session.as_mut() else {
        return;
    };
    let from = s.wrapped.lines.get(s.scroll).map_or(0, |l| l.char_start);
    s.search = Search::run(&s.article.text, &query, from);
    if let Some((start, _)) = s.search.current_match() {
        navigate::reveal_char(state, start);
    }
}

pub fn search(state: &mut State, cmd: Command) -> Vec<Effect> {
    let ModeState::Search { editor, before } = &mut state.mode else {
        return Vec::new();
    };
    if edit_line(editor, cmd) {
        rerun_search(state);
        return Vec::new();
    }
    match cmd {
        Command::Commit => {
            state.mode = ModeState::Normal;
            let n = state.session.as_ref().map_or(0, |s| s.search.matches.len());
            match n {
                0 => state.warn("No matches"),
                1 => state.info("1 match"),
                n => state.info(format!("{n} matches")),
            }
        }
        Command::Cancel => {
            let before = std::mem::take(before);
            if let Some(s) = state.session.as_mut() {
                s.search = before;
            }
            state.mode = ModeState::Normal;
        }
        _ => {}
    }
    Vec::new()
}

pub fn help(state: &mut State, cmd: Command) -> Vec<Effect> {
    let last_page = state
        .keymap
        .help_len()
        .saturating_sub(state.screen.help_rows());
    if let ModeState::Help { scroll, from } = &mut state.mode {
        let from = *from;
        match cmd {
            Command::PickDown => *scroll = (*scroll + 1).min(last_page),
            Command::PickUp => *scroll = scroll.saturating_sub(1),
            Command::Cancel => {
                state.mode = match from {
                    super::command::Mode::Queue => ModeState::Queue,
                    _ => ModeState::Normal,
                }
            }
            _ => {}
        }
    }
    Vec::new()
}

pub fn confirm(state: &mut State, cmd: Command) -> Vec<Effect> {
    if let ModeState::ConfirmReject { row, .. } = state.mode {
        return confirm_reject(state, cmd, row);
    }
    let ModeState::ConfirmDelete { row } = state.mode else {
        return Vec::new();
    };
    match cmd {
        Command::Yes => {
            state.mode = ModeState::Normal;
            let out = review::delete_record_now(state, row);
            state.info("Record deleted");
            out
        }
        Command::No | Command::Cancel => {
            state.mode = ModeState::Normal;
            state.info("Kept the record");
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The answer to "reject this group and delete its records?".
fn confirm_reject(state: &mut State, cmd: Command, row: Row) -> Vec<Effect> {
    let label = form::def(&state.schema, row).map_or(String::new(), |d| d.label.clone());
    match cmd {
        Command::Yes => {
            state.mode = ModeState::Normal;
            let out = review::reject_now(state, row);
            if !out.is_empty() {
                state.info(format!("{label}: not mentioned, its records deleted"));
            }
            out
        }
        Command::No | Command::Cancel => {
            state.mode = ModeState::Normal;
            state.info(format!("Kept {label} and its records"));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Reopens an edit that was in progress when the article was last closed.
pub fn restore_draft(state: &mut State, rows: &[Row], d: &Draft) {
    let (path, note) = match d.field.strip_suffix(NOTE_SUFFIX) {
        Some(path) => (path, true),
        None => (d.field.as_str(), false),
    };
    if let Some(i) = form::find(rows, &state.schema, path) {
        state.focus = i;
        state.mode = ModeState::Edit {
            row: rows[i],
            editor: LineEditor::new(&d.text),
            note,
        };
        let restored = format!("Restored an unfinished edit of {}", d.field);
        let text = match state.message.take() {
            Some(earlier) => format!("{}; {restored}", earlier.text),
            None => restored,
        };
        state.warn(text);
    }
}
