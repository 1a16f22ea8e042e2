//! Messages into the core and the effects it asks the IO side to run.

use super::keys::KeyChord;
use crate::domain::annotation::Annotation;
use crate::domain::article::Article;

/// An article ready for review, as the IO side loaded it.
#[derive(Debug, Clone)]
pub struct Opened {
    pub index: usize,
    pub article: Article,
    pub annotation: Annotation,
    /// Whether the annotation file already exists on disk.
    pub persisted: bool,
    /// Why the article is read-only (a malformed annotation file), if it is.
    pub read_only: Option<String>,
    /// Things the reviewer should know (text changed, bad predictions...).
    pub messages: Vec<String>,
}

/// Everything that can happen to the core.
#[derive(Debug, Clone)]
pub enum Action {
    Key(KeyChord),
    Command(super::command::Command),
    /// Text pasted into the terminal (bracketed paste): one action, however long.
    Paste(String),
    /// The terminal's size.
    Resize {
        width: u16,
        height: u16,
    },
    /// The time now (RFC 3339) and seconds of active review since the last tick.
    Clock {
        now: String,
        active_seconds: u64,
    },
    Opened(Box<Opened>),
    /// An article could not be opened.
    OpenFailed {
        index: usize,
        message: String,
    },
    /// The annotation of article `id` is saved.
    Saved {
        id: String,
    },
    /// Saving this annotation failed; the core keeps it until a save succeeds.
    SaveFailed {
        annotation: Box<Annotation>,
        error: String,
    },
    /// Recovery files were written (their paths), or writing them failed.
    Recovered(Result<Vec<String>, String>),
    /// Quit if every annotation is saved; otherwise ask what to do with the unsaved ones.
    TryQuit,
    /// A re-wrap of article `index` asked for with [`Effect::Wrap`] is ready.
    Wrapped {
        index: usize,
        wrapped: Box<super::layout::Wrapped>,
    },
    /// The background scan of the annotation files checked more articles: each one's summary
    /// from its file (None: no file holds it); `progress.checked` articles, in corpus order,
    /// are now known for certain (the scan ends when it reaches `progress.total`). `resume`:
    /// the reviewer has not moved yet, so the review may still go to the first unfinished
    /// article once the scan has reached it (see [`super::scan::scanned`]).
    Scanned {
        items: Vec<(usize, Option<crate::domain::summary::Summary>)>,
        progress: super::queue::ScanProgress,
        resume: bool,
    },
    /// The rest of a corpus that opened with only its first articles is counted: its other
    /// articles, in order (they come after the queue's), and the warnings of the lines read
    /// for them; or why it could not be counted (`error`: the review keeps what it has).
    Counted {
        items: Vec<super::queue::Item>,
        warnings: Vec<String>,
        error: Option<String>,
    },
    /// Titles of articles (index, title), read in the background.
    Titles(Vec<(usize, Box<str>)>),
    /// An article opened for adjudication, with the reviewers' annotations it settles.
    AdjudicationOpened(Box<super::adjudicate::ReviewsOpened>),
    /// Something the background work has to tell the reviewer (a status message).
    Notice(String),
}

/// What the core asks the IO side to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Save(Box<Annotation>),
    Open(usize),
    /// Write these unsaved annotations to recovery files outside the annotations folder.
    Recover(Vec<Annotation>),
    /// Feed this back as an action once the effects before it have run (and their results are in).
    Then(After),
    /// Wrap the open article (`index`) at `width` off the input path (a long article, resized).
    Wrap {
        index: usize,
        width: usize,
    },
    Quit,
}

/// Actions the core asks to get back after the effects before them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    TryQuit,
    /// Undo in the article just opened (undoing the verdict that moved on from it).
    Undo,
}

impl From<After> for Action {
    fn from(a: After) -> Action {
        match a {
            After::TryQuit => Action::TryQuit,
            After::Undo => Action::Command(super::command::Command::Undo),
        }
    }
}
