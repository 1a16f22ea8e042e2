//! The IO side of the review loop: runs the core's effects against the corpus and the store.

pub mod services;

pub use services::Services;
