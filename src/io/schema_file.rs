//! The schema file: which fields an article is reviewed for.

use crate::domain::schema::{Schema, SchemaProblem};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The default schema (incident reports), compiled into the program.
pub const DEFAULT_SCHEMA: &str = include_str!("../../assets/schema/incident.ron");

#[derive(Debug, thiserror::Error)]
pub enum SchemaFileError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}:{line}:{col}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("{}{}: {problem}", path.display(), at.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
    Invalid {
        path: PathBuf,
        /// Line and column of the field the problem is about, when it names one.
        at: Option<(usize, usize)>,
        problem: SchemaProblem,
    },
}

/// Parses schema text and checks it; `path` names the file in errors.
pub fn parse_schema(text: &str, path: &Path) -> Result<Schema, SchemaFileError> {
    let schema: Schema = ron::Options::default().from_str(text).map_err(|e| {
        let (line, col) = super::ron_position(text, e.position);
        SchemaFileError::Parse {
            path: path.to_path_buf(),
            line,
            col,
            message: super::ron_message(&e),
        }
    })?;
    schema.check().map_err(|problem| SchemaFileError::Invalid {
        path: path.to_path_buf(),
        at: problem
            .field
            .as_deref()
            .and_then(|f| field_position(text, f)),
        problem,
    })?;
    Ok(schema)
}

/// Where a field is defined in schema text (line and column of its `key: "..."`, both from 1): a
/// path `group.sub` is looked for inside the group's definition.
fn field_position(text: &str, path: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    for key in path.split('.') {
        let pattern = format!(r#"\bkey\s*:\s*"{}""#, regex::escape(key));
        let found = regex::Regex::new(&pattern).ok()?.find(&text[from..])?;
        from += found.start();
    }
    let before = &text[..from];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Some((line, col))
}

/// Reads, parses and checks a schema file.
pub fn load_schema(path: &Path) -> Result<Schema, SchemaFileError> {
    let text = fs::read_to_string(path).map_err(|source| SchemaFileError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_schema(&text, path)
}

/// The compiled-in default schema.
pub fn default_schema() -> Schema {
    // The text is part of the program and checked by a unit test, so this cannot fail at run time.
    parse_schema(DEFAULT_SCHEMA, Path::new("assets/schema/incident.ron"))
        .expect("the built-in schema is valid")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schema::FieldType;

    #[test]
    fn default_schema_parses_and_checks() {
        let s = parse_schema(DEFAULT_SCHEMA, Path::new("x")).unwrap();
        assert_eq!(s.name, "incident");
        assert!(s.check().is_ok());
        assert!(matches!(
            s.field("participants").map(|f| &f.kind),
            Some(FieldType::Group(_))
        ));
        assert_eq!(default_schema(), s);
    }

    #[test]
    fn errors_name_file_and_position() {
        let e = parse_schema(
            "(\n  name: \"x\",\n  version: \"one\",\n)",
            Path::new("s.ron"),
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("s.ron:3:"), "{e}");
        let bad = "(name: \"x\", version: 1, fields: [])";
        let e = parse_schema(bad, Path::new("s.ron")).unwrap_err();
        assert!(matches!(e, SchemaFileError::Invalid { .. }));
        assert!(e.to_string().starts_with("s.ron: "), "{e}");
        // A problem of one field points at the field.
        let bad = DEFAULT_SCHEMA.replace("\"@ranks\", \"@titles\"", "\"@ranks\", \"@nosuch\"");
        let e = parse_schema(&bad, Path::new("s.ron"))
            .unwrap_err()
            .to_string();
        let line = DEFAULT_SCHEMA
            .lines()
            .position(|l| l.contains("key: \"city\""))
            .unwrap()
            + 1;
        assert!(
            e.starts_with(&format!("s.ron:{line}:13: field \"city\"")),
            "{e}"
        );
        assert!(e.contains("no gazetteer named \"nosuch\""), "{e}");
        let sub = "(name: \"x\", version: 1, fields: [\n  (key: \"g\", label: \"G\", type: Group([\n    (key: \"a\", label: \"A\", type: Enum([])),\n  ])),\n])";
        let e = parse_schema(sub, Path::new("s.ron"))
            .unwrap_err()
            .to_string();
        assert_eq!(e, "s.ron:3:6: field \"g.a\": no choices");
        let d = tempfile::tempdir().unwrap();
        let missing = d.path().join("none.ron");
        let e = load_schema(&missing).unwrap_err();
        assert!(e.to_string().contains("none.ron"), "{e}");
    }
}
