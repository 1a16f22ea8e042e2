//! The pure core: state, commands and `update`. No terminal, no files, no clock.

pub mod action;
pub mod adjudicate;
pub mod changes;
pub mod command;
pub mod dates;
pub mod editor;
pub mod evidence;
pub mod form;
pub mod goto;
pub mod history;
pub mod input;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod navigate;
pub mod pick;
pub mod prompt;
pub mod queue;
pub mod queue_view;
pub mod quitting;
pub mod review;
pub mod scan;
pub mod search;
pub mod shard;
pub mod state;
pub mod unsaved;
pub mod update;
pub mod verdict;

pub use action::{Action, Effect, Opened};
pub use state::State;
pub use update::update;
