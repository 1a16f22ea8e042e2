//! All integration tests in one binary, so the crate is linked once (see each module's own docs).

mod checked_annotations;
mod checked_predictions;
mod cli;
mod common;
mod core_review;
mod core_unsaved;
mod devset;
mod duplicate_ids;
mod e2e_hardening;
mod e2e_pty;
mod eval_devset;
mod eval_metrics;
mod examples;
mod extract_cmd;
mod extract_devset;
mod extract_rules;
mod extract_samples;
mod fuzz_regressions;
mod hangup;
mod io_corpus;
mod io_store;
mod io_validate;
mod json_out;
mod json_schema;
mod output_safety;
mod props;
mod review_extract;
mod runtime;
mod screens;
mod term_reader;

mod extract_no_clobber;
mod io_atomic;
mod io_temps;
mod store_names;
mod store_stamped;
