//! The reviewer's state: what is open, where the focus is, which mode keys go to.

use super::command::Mode;
use super::editor::LineEditor;
use super::form::Row;
use super::history::History;
use super::keymap::Keymap;
use super::layout::{Screen, Wrapped};
pub use super::queue::Queue;
use super::search::Search;
use crate::domain::annotation::Annotation;
use crate::domain::article::Article;
use crate::domain::schema::Schema;
use std::sync::Arc;

/// The article being reviewed (its place in the corpus is `Queue::position`).
#[derive(Debug, Clone)]
pub struct Session {
    pub article: Article,
    pub annotation: Annotation,
    pub persisted: bool,
    pub read_only: Option<String>,
    pub history: History,
    pub wrapped: Wrapped,
    /// The width a background re-wrap was asked for (the old wrap is drawn meanwhile).
    pub wrap_pending: Option<usize>,
    /// The first visible line of the article.
    pub scroll: usize,
    pub search: Search,
}

/// What keys do right now, and the state of that mode.
#[derive(Debug, Clone, PartialEq)]
pub enum ModeState {
    Normal,
    /// Editing a field's value, or (`note: true`) the reviewer's note on it.
    Edit {
        row: Row,
        editor: LineEditor,
        note: bool,
    },
    Picker(Picker),
    Search {
        editor: LineEditor,
        before: Search,
    },
    Help {
        scroll: usize,
        from: Mode,
    },
    ConfirmDelete {
        row: Row,
    },
    /// Rejecting a group field deletes its records: asked first.
    ConfirmReject {
        row: Row,
        records: usize,
    },
    /// Quitting with annotations that could not be saved; `discard` once "quit anyway" was asked.
    ConfirmQuit {
        discard: bool,
    },
    /// The queue screen is shown.
    Queue,
    /// A one-line prompt (go to, a reason, the article's note).
    Prompt(super::prompt::Prompt),
}

impl ModeState {
    pub fn mode(&self) -> Mode {
        match self {
            ModeState::Normal => Mode::Normal,
            ModeState::Edit { .. } => Mode::Edit,
            ModeState::Picker(_) => Mode::Picker,
            ModeState::Search { .. } => Mode::Search,
            ModeState::Help { .. } => Mode::Help,
            ModeState::ConfirmDelete { .. } => Mode::Confirm,
            ModeState::ConfirmReject { .. } => Mode::Confirm,
            ModeState::ConfirmQuit { .. } => Mode::Unsaved,
            ModeState::Queue => Mode::Queue,
            ModeState::Prompt(_) => Mode::Prompt,
        }
    }
}

/// Choosing among an enum's or a multi field's choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub row: Row,
    pub choices: Vec<String>,
    pub cursor: usize,
    pub multi: bool,
    pub picked: Vec<bool>,
    /// Letters typed so far to jump to a choice (type-ahead).
    pub typed: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub level: Level,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct State {
    pub schema: Arc<Schema>,
    pub keymap: Arc<Keymap>,
    pub reviewer: String,
    pub queue: Queue,
    pub session: Option<Session>,
    /// Index into the form's rows.
    pub focus: usize,
    pub mode: ModeState,
    pub message: Option<Message>,
    pub screen: Screen,
    pub now: String,
    /// Annotations whose last save failed (retried on each change; quitting asks).
    pub unsaved: super::unsaved::Unsaved,
    /// The undo history of each article left during this session, by corpus index.
    pub histories: std::collections::HashMap<usize, History>,
    /// The article a verdict (done, skip, not relevant) just moved on from: undo goes back.
    pub left_by_verdict: Option<usize>,
    /// The queue screen's cursor, filter and sort (kept while it is closed).
    pub queue_view: super::queue_view::QueueView,
    /// While adjudicating (`vetter adjudicate`): the reviewers' annotations of the open article.
    pub adjudication: Option<super::adjudicate::Adjudicating>,
}

impl State {
    pub fn new(schema: Arc<Schema>, keymap: Arc<Keymap>, reviewer: &str, queue: Queue) -> State {
        State {
            schema,
            keymap,
            reviewer: reviewer.to_string(),
            queue,
            session: None,
            focus: 0,
            mode: ModeState::Normal,
            message: None,
            screen: Screen::compute(80, 24),
            now: String::new(),
            unsaved: Default::default(),
            histories: Default::default(),
            left_by_verdict: None,
            queue_view: Default::default(),
            adjudication: None,
        }
    }

    pub fn rows(&self) -> Vec<Row> {
        match &self.session {
            Some(s) => super::form::rows(&self.schema, &s.annotation),
            None => Vec::new(),
        }
    }

    /// The open annotation's field (or sub-field) at a row of the form.
    pub fn field(&self, row: Row) -> Option<&crate::domain::annotation::FieldAnn> {
        let s = self.session.as_ref()?;
        super::form::get(&self.schema, &s.annotation, row)
    }

    pub fn focused_row(&self) -> Option<Row> {
        self.rows().get(self.focus).copied()
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            level: Level::Info,
            text: text.into(),
        });
    }
    pub fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            level: Level::Warn,
            text: text.into(),
        });
    }
    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            level: Level::Error,
            text: text.into(),
        });
    }

    /// How a command is bound in review mode, for messages: "D", or the command's name.
    pub fn key_name(&self, c: super::command::Command) -> String {
        self.keymap
            .key_for(Mode::Normal, c)
            .map_or_else(|| format!("{c:?}"), |k| k.to_string())
    }
}
