//! An article's saved annotation, opened again: migrated from an older version of the schema,
//! re-anchored when the text changed, and read-only when it cannot be edited safely.

use super::services::Services;
use crate::domain::anchor::reanchor;
use crate::domain::annotation::Annotation;
use crate::domain::article::Article;
use crate::domain::migrate::migrate;
use crate::io::validate::check_annotation;

impl Services {
    /// The annotation to review, and why it is read-only if it is. A file of a newer version,
    /// of another schema, or one that parses but does not fit the schema (`fields: []`, an
    /// unknown key) is never edited and re-saved: that could lose what the reviewer meant.
    pub(super) fn reopened(
        &self,
        mut ann: Annotation,
        article: &Article,
        hash: &str,
        messages: &mut Vec<String>,
    ) -> (Annotation, Option<String>) {
        let path = || self.store.path_for(&article.id).display().to_string();
        if ann.schema.name != self.schema.name {
            let why = format!(
                "annotated with schema {:?}, reviewing with {:?}",
                ann.schema.name, self.schema.name
            );
            return (ann, Some(why));
        }
        match migrate(&ann, &self.schema) {
            Ok(m) => {
                if m.changed() {
                    messages.push(format!(
                        "annotated under schema version {}: opened as version {} (written so on the next change)",
                        m.from, self.schema.version
                    ));
                }
                ann = m.annotation;
            }
            Err(e) => {
                let why = format!("{}: {e}", path());
                messages.push(format!("{why} — opened read-only"));
                return (ann, Some(why));
            }
        }
        let problems = check_annotation(&ann, &self.schema);
        if !problems.is_empty() {
            let why = format!("{}: {}", path(), problems.join("; "));
            messages.push(format!("{why} — opened read-only; fix the file to edit"));
            return (ann, Some(why));
        }
        if ann.article.text_hash != hash {
            let r = reanchor(&mut ann, &article.text);
            ann.article.text_hash = hash.to_string();
            messages.push(format!(
                "The article's text changed since it was annotated: {} evidence spans moved, {} not found (marked)",
                r.moved, r.stale
            ));
        }
        (ann, None)
    }
}
