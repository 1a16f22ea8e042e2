//! Batch commands that stream JSONL in and out: they run as one step of any pipeline.

pub mod agree;
pub mod export;
pub mod extract;
pub mod migrate;
pub mod shard;
pub mod stats;
pub mod table;
