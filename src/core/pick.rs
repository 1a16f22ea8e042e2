//! The choice picker of enum, multi and boolean fields: moving, toggling, digits 1-9 and
//! type-ahead.

use super::action::Effect;
use super::command::Command;
use super::form;
use super::state::{ModeState, State};
use crate::domain::annotation::Entry;
use crate::domain::value::{normalize_choices, Value};

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
    super::input::commit(state, row, Entry::Value(value), None)
}

/// A character typed in a picker: a digit 1-9 picks (enum) or toggles (multi) that choice; a
/// letter jumps to the first choice starting with what was typed so far (or, if none does,
/// with this letter alone).
pub fn typed(state: &mut State, c: char) -> Vec<Effect> {
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
