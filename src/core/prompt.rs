//! A one-line prompt: what it asks for, typing into it, and what Enter does with the answer.

use super::action::Effect;
use super::command::{Command, Mode};
use super::editor::LineEditor;
use super::state::{ModeState, State};
use super::{goto, verdict};

/// What a prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// A position number or an article id (or a unique prefix of one).
    GoTo,
    /// Why the article is skipped (optional).
    SkipReason,
    /// Why the article is flagged (optional).
    FlagReason,
    /// The note on the whole article (empty removes it).
    ArticleNote,
    /// The queue screen's text filter: text in the id or title (empty removes it).
    QueueFilter,
}

impl PromptKind {
    /// What the prompt line says before the input.
    pub fn label(self) -> &'static str {
        match self {
            PromptKind::GoTo => "go to (number or id): ",
            PromptKind::SkipReason => "skip, reason (optional): ",
            PromptKind::FlagReason => "flag, reason (optional): ",
            PromptKind::ArticleNote => "article note: ",
            PromptKind::QueueFilter => "filter (text in id or title): ",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub editor: LineEditor,
    /// The mode to go back to when the prompt is cancelled.
    pub from: Mode,
}

/// Opens a prompt over the current mode, holding `text`.
pub fn open(state: &mut State, kind: PromptKind, text: &str) {
    let from = state.mode.mode();
    state.mode = ModeState::Prompt(Prompt {
        kind,
        editor: LineEditor::new(text),
        from,
    });
}

/// Leaves the prompt for the mode it was opened from.
fn close(state: &mut State, from: Mode) {
    state.mode = match from {
        Mode::Queue => ModeState::Queue,
        _ => ModeState::Normal,
    };
}

/// A key of prompt mode: editing, Enter (the answer is used) or Esc (nothing happens).
pub fn run(state: &mut State, cmd: Command) -> Vec<Effect> {
    let ModeState::Prompt(p) = &mut state.mode else {
        return Vec::new();
    };
    if super::input::edit_line(&mut p.editor, cmd) {
        return Vec::new();
    }
    let (kind, from) = (p.kind, p.from);
    match cmd {
        Command::Commit => {
            let text = p.editor.text().trim().to_string();
            close(state, from);
            match kind {
                PromptKind::GoTo => goto::go(state, &text),
                PromptKind::SkipReason => verdict::skip(state, &text),
                PromptKind::FlagReason => verdict::flag(state, &text),
                PromptKind::ArticleNote => verdict::set_note(state, &text),
                PromptKind::QueueFilter => {
                    super::queue_view::set_text(state, &text);
                    Vec::new()
                }
            }
        }
        Command::Cancel => {
            close(state, from);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Text typed or pasted into the open prompt.
pub fn insert(state: &mut State, text: &str) {
    if let ModeState::Prompt(p) = &mut state.mode {
        p.editor.insert_str(text);
    }
}
