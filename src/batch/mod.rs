//! Batch commands that stream JSONL in and out: they run as one step of any pipeline.

pub mod agree;
pub mod calibrate;
pub mod export;
pub mod extract;
pub mod migrate;
pub mod shard;
pub mod stats;
pub mod table;

/// A progress bar on stderr for a batch of `total` items (`unit`: "files", "articles"), when
/// stderr is a terminal and the batch is long enough (1,000 items or more) to want one.
pub fn progress(total: u64, unit: &str) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if total < 1000 || !std::io::stderr().is_terminal() {
        return None;
    }
    let template = format!("{{bar:40}} {{pos}}/{{len}} {unit} {{per_sec}} eta {{eta}}");
    let style = indicatif::ProgressStyle::with_template(&template)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    Some(indicatif::ProgressBar::new(total).with_style(style))
}
