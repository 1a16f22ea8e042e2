//! Quitting: what is open is saved and what failed is retried; with work still unsaved the
//! reviewer is asked (retry, recovery files, or quit anyway, asked twice).

use super::action::{After, Effect};
use super::changes::{leave, retry};
use super::command::Command;
use super::state::{ModeState, State};

/// Quitting: save what is open, retry what failed, then decide once the results are in.
pub fn quit(state: &mut State) -> Vec<Effect> {
    let mut out = leave(state);
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
