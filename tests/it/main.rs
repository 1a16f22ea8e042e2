//! All integration tests in one binary, so the crate is linked once (see each module's own docs).

mod cli;
mod common;
mod core_review;
mod devset;
mod e2e_pty;
mod eval_devset;
mod eval_metrics;
mod examples;
mod extract_cmd;
mod extract_devset;
mod extract_rules;
mod extract_samples;
mod hangup;
mod io_corpus;
mod io_store;
mod io_validate;
mod json_schema;
mod props;
mod review_extract;
mod screens;

mod extract_no_clobber;
mod io_atomic;
mod io_temps;
mod store_names;
mod store_stamped;
