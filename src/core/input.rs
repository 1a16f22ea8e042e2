//! The modes that take input: editing a value, picking choices, typing a search, help, confirm.

use super::action::Effect;
use super::changes::{change, save_draft};
use super::command::Command;
use super::dates;
use super::editor::LineEditor;
use super::evidence;
use super::form::{self, Row};
use super::navigate;
use super::review;
use super::search::Search;
use super::state::{ModeState, State};
use crate::domain::annotation::{Draft, Entry};
use crate::domain::value::Value;

pub use super::pick::picker;

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
        ModeState::Picker(_) => super::pick::typed(state, c),
        _ => Vec::new(),
    }
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
            let label = def.label.clone();
            let parsed = match state.session.as_ref() {
                Some(s) if dates::is_date(&state.schema, row) => {
                    dates::read(&state.schema, row, &s.article, &text).map(Value::Date)
                }
                _ => Value::parse(&def.kind, &text).map_err(|e| e.to_string()),
            };
            match parsed {
                Ok(v) => {
                    let shown = match &v {
                        Value::Date(d) if d != text.trim() => Some(format!(
                            "{label}: {:?} is {d}",
                            crate::domain::text::sanitize(text.trim())
                        )),
                        _ => None,
                    };
                    let out = commit(state, row, Entry::Value(v), Some(&text));
                    if let Some(m) = shown {
                        let more = state.message.take().map(|e| format!("; {}", e.text));
                        state.info(m + &more.unwrap_or_default());
                    }
                    out
                }
                Err(e) => {
                    let cancel = state
                        .keymap
                        .key_for(super::command::Mode::Edit, Command::Cancel)
                        .map_or_else(String::new, |k| format!(" ({k} cancels)"));
                    state.error(format!("{label}: {e}{cancel}"));
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

/// Commits a value typed or picked for a row and moves on. A corrected value gets the evidence
/// that supports it (see `evidence`); `typed` is what the reviewer typed, if they typed it.
pub(crate) fn commit(
    state: &mut State,
    row: Row,
    entry: Entry,
    typed: Option<&str>,
) -> Vec<Effect> {
    state.mode = ModeState::Normal;
    let evidence = state.session.as_ref().and_then(|s| {
        let fa = form::get(&state.schema, &s.annotation, row)?;
        let suggested = fa.suggestion.as_ref().is_some_and(|x| x.value == entry);
        let old = &fa.evidence;
        let new = evidence::for_corrected(&state.schema, row, &s.article, old, &entry, typed);
        (!suggested && new != *old).then_some((new, !old.is_empty()))
    });
    let out = change(state, |schema, ann| {
        let fa = form::get_mut(schema, ann, row).ok_or("no such field")?;
        review::set_value(fa, entry);
        if let Some((new, _)) = &evidence {
            fa.evidence.clone_from(new);
        }
        Ok(())
    });
    match &evidence {
        Some((new, _)) if !out.is_empty() && !new.is_empty() => {
            let quotes: Vec<String> = new
                .iter()
                .map(|s| format!("\u{201c}{}\u{201d}", s.quote))
                .collect();
            state.info(crate::domain::text::sanitize(&format!(
                "Evidence: {}",
                quotes.join(", ")
            )));
        }
        Some((_, true)) if !out.is_empty() => {
            let search = state.key_name(Command::Search);
            let set = state.key_name(Command::SetEvidence);
            state.info(format!(
                "Evidence dropped: it does not support the new value ({search} and {set} set it)"
            ));
        }
        _ => {}
    }
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
