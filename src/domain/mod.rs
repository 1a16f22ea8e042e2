//! The domain: schemas, articles, values, annotations and predictions. No terminal, no files.

pub mod anchor;
pub mod annotation;
pub mod article;
pub mod calibration;
pub mod json_schema;
pub mod migrate;
pub mod prediction;
pub mod prediction_check;
pub mod rules;
pub mod schema;
pub mod summary;
pub mod text;
pub mod value;
