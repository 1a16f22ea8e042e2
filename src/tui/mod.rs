//! The terminal: drawing the state, reading keys, and the event loop. The only place that knows
//! ratatui and crossterm.

pub mod article;
pub mod bytes;
pub mod draw;
pub mod footer;
pub mod form;
pub mod header;
pub mod keys;
pub mod overlay;
pub mod reader;
pub mod runner;
pub mod terminal;
pub mod theme;

pub use draw::draw;
pub use theme::Theme;
