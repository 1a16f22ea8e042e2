//! The terminal: drawing the state and reading keys (vetter's own byte parser). The only place
//! that knows ratatui and crossterm; the event loop itself is `app::runtime`.

pub mod adjudicate;
pub mod article;
pub mod bytes;
pub mod draw;
pub mod footer;
pub mod form;
pub mod header;
pub mod overlay;
pub mod queue;
pub mod reader;
pub mod retired;
pub mod runner;
pub mod terminal;
pub mod theme;

pub use draw::draw;
pub use theme::Theme;
