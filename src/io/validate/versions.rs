//! What `validate` makes of an annotation of another version of the schema.

use super::Checker;
use crate::domain::annotation::Annotation;
use crate::domain::migrate::migrate;
use crate::domain::schema::Schema;

impl Checker<'_> {
    /// An annotation of another version of the schema, migrated to `schema`'s version: a file of
    /// an older version is checked as it migrates (see `domain::migrate`); a newer version, or
    /// an older one that does not migrate, is a problem and its fields are not checked. For
    /// [`check_annotation`] (no file), any other version is a problem: what is in memory must
    /// be migrated before it is reviewed.
    pub(super) fn migrated(&mut self, ann: &Annotation, schema: &Schema) -> Option<Annotation> {
        let at = self.find(&["version:"], 0);
        let (found, version) = (ann.schema.version, schema.version);
        let msg = if found > version {
            format!(
                "schema version {found} is newer than the schema in use (version {version}); \
                 fields not checked"
            )
        } else if !self.migrate_older {
            format!(
                "schema version {found} is older than the schema in use (version {version}): \
                 migrate it first; fields not checked"
            )
        } else {
            match migrate(ann, schema) {
                Ok(m) => return Some(m.annotation),
                Err(e) => format!(
                    "schema version {found} does not migrate to version {version}: {e}; \
                     fields not checked"
                ),
            }
        };
        self.push(at, msg);
        None
    }
}
