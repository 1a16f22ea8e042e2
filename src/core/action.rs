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
    /// A save finished; an error message if it failed.
    Saved(Result<(), String>),
}

/// What the core asks the IO side to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Save(Box<Annotation>),
    Open(usize),
    Quit,
}
