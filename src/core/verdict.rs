//! The article's verdict: done, skipped, not relevant; the flag beside it; the article's note.
//! Each is one undoable change, saved like any other.

use super::action::{After, Effect};
use super::changes::{change, leave, refuse_read_only};
use super::command::Command;
use super::form;
use super::navigate;
use super::prompt::{self, PromptKind};
use super::state::State;
use crate::domain::annotation::{Annotation, Entry, FieldState, Flag, Status};

/// The verdict commands of review mode.
pub fn run(state: &mut State, cmd: Command) -> Vec<Effect> {
    if state.session.is_none() || refuse_read_only(state) {
        return Vec::new();
    }
    match cmd {
        Command::MarkDone => mark_done(state),
        Command::Skip => {
            let reason = annotation(state)
                .and_then(|a| a.skip_reason.clone())
                .unwrap_or_default();
            prompt::open(state, PromptKind::SkipReason, &reason);
            Vec::new()
        }
        Command::NotRelevant => finish(state, Status::NotRelevant, None),
        Command::Flag if annotation(state).is_some_and(|a| a.flag.is_some()) => {
            let out = change(state, |_, ann| {
                ann.flag = None;
                Ok(())
            });
            state.info("Unflagged");
            out
        }
        Command::Flag => {
            prompt::open(state, PromptKind::FlagReason, "");
            Vec::new()
        }
        Command::ArticleNote => {
            let note = annotation(state)
                .and_then(|a| a.note.clone())
                .unwrap_or_default();
            prompt::open(state, PromptKind::ArticleNote, &note);
            Vec::new()
        }
        Command::RejectRest => reject_rest(state),
        _ => Vec::new(),
    }
}

fn annotation(state: &State) -> Option<&Annotation> {
    state.session.as_ref().map(|s| &s.annotation)
}

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Gives the article a finished status (the skip reason goes with it), then opens the next
/// unfinished article.
fn finish(state: &mut State, status: Status, reason: Option<String>) -> Vec<Effect> {
    let mut out = change(state, |_, ann| {
        ann.status = status;
        ann.skip_reason = reason;
        Ok(())
    });
    let set = annotation(state).is_some_and(|a| a.status == status);
    if !set {
        return out;
    }
    let from = state.queue.position;
    match state.queue.next_unfinished(from) {
        Some(next) if next != from => {
            let undo = state.key_name(Command::Undo);
            state.info(format!("Marked {} ({undo} undoes)", status.label()));
            out.extend(leave(state));
            out.push(Effect::Open(next));
            state.left_by_verdict = Some(from);
        }
        _ => {
            let n = state.queue.len();
            state.info(format!(
                "Marked {}. All {n} articles are finished",
                status.label()
            ));
        }
    }
    out
}

/// Skips the article with an optional reason (the answer to the skip prompt).
pub fn skip(state: &mut State, reason: &str) -> Vec<Effect> {
    finish(state, Status::Skipped, optional(reason))
}

/// Flags the article with an optional reason (the answer to the flag prompt). The status is
/// left as it is: a done article stays done.
pub fn flag(state: &mut State, reason: &str) -> Vec<Effect> {
    let reason = optional(reason);
    let out = change(state, |_, ann| {
        ann.flag = Some(Flag { reason });
        Ok(())
    });
    state.info("Flagged");
    out
}

/// Sets (or, empty, removes) the note on the whole article.
pub fn set_note(state: &mut State, text: &str) -> Vec<Effect> {
    let note = optional(text);
    let removed = note.is_none();
    let out = change(state, |_, ann| {
        ann.note = note;
        Ok(())
    });
    if !out.is_empty() {
        state.info(if removed {
            "Article note removed"
        } else {
            "Article note saved"
        });
    }
    out
}

/// Indexes of the form's rows whose field is unreviewed.
fn unreviewed_rows(state: &State) -> Vec<usize> {
    annotation(state).map_or_else(Vec::new, |ann| {
        form::unreviewed(&state.schema, ann, &state.rows())
    })
}

/// Done only once every field is reviewed: else the focus goes to the first unreviewed field.
fn mark_done(state: &mut State) -> Vec<Effect> {
    let left = unreviewed_rows(state);
    if let Some(&first) = left.first() {
        let n = left.len();
        let rest = state.key_name(Command::RejectRest);
        state.warn(format!(
            "Not done: {n} field{} unreviewed ({rest} marks the rest not mentioned)",
            if n == 1 { "" } else { "s" }
        ));
        state.focus = first;
        navigate::reveal_focus(state);
        return Vec::new();
    }
    finish(state, Status::Done, None)
}

/// Every unreviewed field becomes "not mentioned", in one undoable step. A group that holds
/// records is left for the reviewer (rejecting it would delete them); its records' unreviewed
/// fields are rejected.
fn reject_rest(state: &mut State) -> Vec<Effect> {
    let rows = state.rows();
    let left = unreviewed_rows(state);
    let (mut rejected, mut kept) = (0, Vec::new());
    let out = change(state, |schema, ann| {
        for &i in &left {
            let Some(fa) = form::get_mut(schema, ann, rows[i]) else {
                continue;
            };
            if !fa.records().is_empty() {
                kept.push(form::def(schema, rows[i]).map_or(fa.key.clone(), |d| d.label.clone()));
                continue;
            }
            fa.value = Entry::NotMentioned;
            fa.state = FieldState::Rejected;
            rejected += 1;
        }
        Ok(())
    });
    let mut msg = match rejected {
        0 => "No unreviewed field to reject".to_string(),
        1 => "Marked 1 field not mentioned".to_string(),
        n => format!("Marked {n} fields not mentioned"),
    };
    if !kept.is_empty() {
        msg.push_str(&format!(
            "; {} still to review (has records)",
            kept.join(", ")
        ));
    }
    state.info(msg);
    out
}

/// Undo right after a verdict moved on: back to that article, where the verdict is undone.
pub fn back_to_undo(state: &mut State, from: usize) -> Vec<Effect> {
    let mut out = leave(state);
    out.push(Effect::Open(from));
    out.push(Effect::Then(After::Undo));
    out
}
