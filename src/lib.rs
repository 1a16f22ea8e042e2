//! vetter: a keyboard-driven terminal reviewer for facts extracted from articles.
//!
//! Layers: `domain` (types, no IO) and `core` (state, commands, `update`) know no terminal;
//! `io` reads and writes files; `app` runs the core's effects; `tui` draws and reads keys.

pub mod app;
pub mod batch;
pub mod cli;
pub mod core;
pub mod domain;
pub mod eval;
pub mod extract;
#[doc(hidden)]
pub mod fuzzing;
pub mod io;
pub mod tui;
