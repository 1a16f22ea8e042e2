//! The IO side of the review loop: runs the core's effects against the corpus and the store.

pub mod adjudicate;
mod reopen;
pub mod runtime;
pub mod saver;
pub mod scan;
pub mod services;

pub use services::Services;

/// The built-in extractor suggests values for articles that have no predictions.
impl crate::domain::prediction::Suggest for crate::extract::Extractor {
    fn suggest(
        &self,
        article: &crate::domain::article::Article,
    ) -> crate::domain::prediction::Prediction {
        self.extract(article)
    }
}
