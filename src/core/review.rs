//! Review-mode commands that change the annotation's fields: confirm, reject, edit, records.
//! The article's verdict (done, skip, flag...) is `verdict`'s.

use super::action::Effect;
use super::changes::{change, refuse_read_only};
use super::command::Command;
use super::editor::LineEditor;
use super::form::{self, Row};
use super::history::Snapshot;
use super::navigate;
use super::state::{ModeState, Picker, State};
use crate::domain::annotation::{new_record, Entry, FieldAnn, FieldState};
use crate::domain::schema::FieldType;
use crate::domain::value::Value;

pub fn run(state: &mut State, cmd: Command) -> Vec<Effect> {
    let changes = !matches!(cmd, Command::Confirm | Command::SetEvidence);
    if changes && refuse_read_only(state) {
        return Vec::new();
    }
    match cmd {
        Command::Confirm => confirm(state),
        Command::Edit => edit(state),
        Command::Reject => reject_focused(state),
        Command::ConfirmAll => confirm_all(state),
        Command::Undo | Command::Redo => undo_redo(state, cmd == Command::Undo),
        Command::AddRecord => add_record(state),
        Command::DeleteRecord => delete_record(state),
        Command::SetEvidence => navigate::set_evidence(state),
        Command::Note => note(state),
        _ => Vec::new(),
    }
}

/// Changes the focused field with `f`.
fn on_focused(
    state: &mut State,
    f: impl FnOnce(&mut FieldAnn) -> Result<(), String>,
) -> Vec<Effect> {
    let Some(row) = state.focused_row() else {
        return Vec::new();
    };
    change(state, |schema, ann| match form::get_mut(schema, ann, row) {
        Some(fa) => f(fa),
        None => Err("no such field".into()),
    })
}

fn confirm(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.focused_row() else {
        return Vec::new();
    };
    let empty = state.field(row).is_some_and(|f| f.value == Entry::Empty);
    if empty {
        let edit = state.key_name(Command::Edit);
        let reject = state.key_name(Command::Reject);
        state.warn(format!(
            "Nothing to confirm: {edit} to enter a value, {reject} if the article does not mention it"
        ));
        return Vec::new();
    }
    let out = on_focused(state, |fa| {
        if fa.state == FieldState::Unreviewed {
            fa.state = FieldState::Confirmed;
        }
        Ok(())
    });
    navigate::move_focus(state, 1);
    out
}

fn reject(fa: &mut FieldAnn) -> Result<(), String> {
    fa.value = Entry::NotMentioned;
    fa.state = FieldState::Rejected;
    Ok(())
}

/// Rejects the focused field and moves on, as confirming does; a group with records asks first
/// (rejecting it deletes them).
fn reject_focused(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.focused_row() else {
        return Vec::new();
    };
    let records = state.field(row).map_or(0, |f| f.records().len());
    if records > 0 {
        state.mode = ModeState::ConfirmReject { row, records };
        return Vec::new();
    }
    reject_now(state, row)
}

/// Rejects a row's field (after the reviewer said yes, for a group) and moves to the next row.
pub fn reject_now(state: &mut State, row: Row) -> Vec<Effect> {
    let out = change(state, |schema, ann| match form::get_mut(schema, ann, row) {
        Some(fa) => reject(fa),
        None => Err("no such field".into()),
    });
    if let Some(i) = state.rows().iter().position(|r| *r == row) {
        state.focus = i;
    }
    navigate::move_focus(state, 1);
    out
}

/// Sets a committed value: confirmed if it is what was suggested, else corrected.
pub fn set_value(fa: &mut FieldAnn, entry: Entry) {
    let same = fa.suggestion.as_ref().is_some_and(|s| s.value == entry);
    fa.state = if same {
        FieldState::Confirmed
    } else {
        FieldState::Corrected
    };
    fa.value = entry;
}

fn edit(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.focused_row() else {
        return Vec::new();
    };
    let Some(def) = form::def(&state.schema, row).cloned() else {
        return Vec::new();
    };
    let current = state
        .field(row)
        .map(|f| f.value.clone())
        .unwrap_or_default();
    match &def.kind {
        FieldType::Group(_) => {
            let add = state.key_name(Command::AddRecord);
            state.info(format!(
                "{}: {add} adds a record; edit a record's fields below it",
                def.label
            ));
            Vec::new()
        }
        FieldType::Enum(_) | FieldType::Multi(_) | FieldType::Boolean => {
            let choices = def.kind.choices().unwrap_or_default();
            let chosen: Vec<String> = match &current {
                Entry::Value(Value::Choices(v)) => v.clone(),
                Entry::Value(v) => vec![v.display()],
                _ => Vec::new(),
            };
            let picked: Vec<bool> = choices.iter().map(|c| chosen.contains(c)).collect();
            state.mode = ModeState::Picker(Picker {
                row,
                cursor: picked.iter().position(|p| *p).unwrap_or(0),
                multi: matches!(def.kind, FieldType::Multi(_)),
                choices,
                picked,
                typed: String::new(),
            });
            Vec::new()
        }
        _ => {
            let text = match &current {
                Entry::Value(v) => v.display(),
                _ => String::new(),
            };
            state.mode = ModeState::Edit {
                row,
                editor: LineEditor::new(&text),
                note: false,
            };
            Vec::new()
        }
    }
}

fn confirm_all(state: &mut State) -> Vec<Effect> {
    fn walk(f: &mut FieldAnn, n: &mut usize) {
        if f.state == FieldState::Unreviewed && f.suggestion.is_some() && f.value != Entry::Empty {
            f.state = FieldState::Confirmed;
            *n += 1;
        }
        if let Entry::Records(recs) = &mut f.value {
            for sub in recs.iter_mut().flat_map(|r| r.fields.iter_mut()) {
                walk(sub, n);
            }
        }
    }
    let mut n = 0;
    let out = change(state, |_, ann| {
        ann.fields.iter_mut().for_each(|f| walk(f, &mut n));
        Ok(())
    });
    state.info(match n {
        0 => "No unreviewed field has a suggestion".to_string(),
        1 => "Confirmed 1 suggestion".to_string(),
        n => format!("Confirmed {n} suggestions"),
    });
    out
}

fn undo_redo(state: &mut State, undo: bool) -> Vec<Effect> {
    let now = state.now.clone();
    let Some(s) = state.session.as_mut() else {
        return Vec::new();
    };
    let current = Snapshot::of(&s.annotation);
    let step = if undo {
        s.history.undo(current)
    } else {
        s.history.redo(current)
    };
    let Some(snap) = step else {
        state.info(if undo {
            "Nothing to undo"
        } else {
            "Nothing to redo"
        });
        return Vec::new();
    };
    snap.restore(&mut s.annotation);
    s.annotation.updated = now;
    let summary = crate::domain::summary::Summary::of(&s.annotation);
    let saved = Effect::Save(Box::new(s.annotation.clone()));
    state.queue.set(state.queue.position, Some(summary));
    state.info(if undo { "Undone" } else { "Redone" });
    navigate::move_focus(state, 0);
    vec![saved]
}

fn add_record(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.focused_row() else {
        return Vec::new();
    };
    let fi = row.field();
    let Some(FieldType::Group(subs)) = state.schema.fields.get(fi).map(|f| f.kind.clone()) else {
        state.info("Records are added on a group field such as Participants");
        return Vec::new();
    };
    let mut new_index = 0;
    let out = change(state, |schema, ann| {
        let fa = form::get_mut(schema, ann, Row::Field { field: fi }).ok_or("no such field")?;
        let mut recs = fa.records().to_vec();
        recs.push(new_record(&subs));
        new_index = recs.len() - 1;
        fa.value = Entry::Records(recs);
        fa.state = FieldState::Corrected;
        Ok(())
    });
    let target = Row::Sub {
        field: fi,
        record: new_index,
        sub: 0,
    };
    if let Some(i) = state.rows().iter().position(|r| *r == target) {
        state.focus = i;
    }
    out
}

fn delete_record(state: &mut State) -> Vec<Effect> {
    match state.focused_row() {
        Some(row @ Row::Sub { .. })
            if state
                .session
                .as_ref()
                .is_some_and(|s| s.read_only.is_none()) =>
        {
            state.mode = ModeState::ConfirmDelete { row };
            Vec::new()
        }
        Some(Row::Sub { .. }) => {
            state.error("read-only: records cannot be deleted");
            Vec::new()
        }
        _ => {
            state.info("Move to one of a record's fields to delete that record");
            Vec::new()
        }
    }
}

/// Deletes the record a row belongs to (after the reviewer said yes).
pub fn delete_record_now(state: &mut State, row: Row) -> Vec<Effect> {
    let Row::Sub { field, record, .. } = row else {
        return Vec::new();
    };
    let out = change(state, |schema, ann| {
        let fa = form::get_mut(schema, ann, Row::Field { field }).ok_or("no such field")?;
        let mut recs = fa.records().to_vec();
        if record >= recs.len() {
            return Err("no such record".into());
        }
        recs.remove(record);
        fa.value = Entry::Records(recs);
        fa.state = FieldState::Corrected;
        Ok(())
    });
    navigate::move_focus(state, 0);
    out
}

/// Opens the focused field's note for editing.
fn note(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.focused_row() else {
        return Vec::new();
    };
    let current = state
        .field(row)
        .and_then(|f| f.note.clone())
        .unwrap_or_default();
    state.mode = ModeState::Edit {
        row,
        editor: LineEditor::new(&current),
        note: true,
    };
    Vec::new()
}
