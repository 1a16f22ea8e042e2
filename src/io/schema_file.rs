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
        let (line, col) = super::ron_position(text, e.span.end);
        SchemaFileError::Parse {
            path: path.to_path_buf(),
            line,
            col,
            message: super::ron_message(&e),
        }
    })?;
    schema.check().map_err(|problem| SchemaFileError::Invalid {
        path: path.to_path_buf(),
        at: match problem.migration {
            Some(index) => migration_position(text, index, problem.field.as_deref()),
            None => problem
                .field
                .as_deref()
                .and_then(|f| field_position(text, f, problem.repeated)),
        },
        problem,
    })?;
    Ok(schema)
}

/// Where a field is defined in schema text (line and column of its `key: "..."`, both from 1):
/// a top-level field among the schema's fields, a path `group.sub` inside the group's definition;
/// for a key given twice, the second.
fn field_position(text: &str, path: &str, repeated: bool) -> Option<(usize, usize)> {
    let keys = key_offsets(text);
    // (schema, fields list, field) for a field; (..., `Group(`, its list, sub-field) below.
    let offsets = |depth: usize, key: &str, from: usize, to: usize| -> Vec<usize> {
        keys.iter()
            .filter(|(d, o, k)| *d == depth && *k == key && *o >= from && *o < to)
            .map(|k| k.1)
            .collect()
    };
    let found = match path.split_once('.') {
        None => offsets(3, path, 0, text.len()),
        Some((group, sub)) => {
            let start = *offsets(3, group, 0, text.len()).first()?;
            // The group's definition ends where the next field's begins.
            let end = keys
                .iter()
                .find(|(d, o, _)| *d == 3 && *o > start)
                .map_or(text.len(), |k| k.1);
            offsets(6, sub, start, end)
        }
    };
    let at = *found.get(usize::from(repeated)).or(found.first())?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Some((line, col))
}

/// Every `key: "..."` in RON text: its bracket depth, byte offset and the key. Strings and
/// comments are skipped, so brackets inside them do not count.
fn key_offsets(text: &str) -> Vec<(usize, usize, &str)> {
    let key = regex::Regex::new(r#"^key\s*:\s*"([^"\\]*)""#).expect("a valid pattern");
    let b = text.as_bytes();
    let mut out = Vec::new();
    scan(text, |depth, i| {
        if b[i] == b'k' && word_start(b, i) {
            if let Some(c) = text.get(i..).and_then(|rest| key.captures(rest)) {
                out.push((depth, i, c.get(1).map_or("", |m| m.as_str())));
            }
        }
        true
    });
    out
}

pub(crate) fn word_start(b: &[u8], i: usize) -> bool {
    i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

/// Calls `on(depth, offset)` for every byte of RON text outside strings and comments, with the
/// bracket depth before it, until `on` returns false.
pub(crate) fn scan(text: &str, mut on: impl FnMut(usize, usize) -> bool) {
    let b = text.as_bytes();
    // Bytes, not `&str` slices: an offset may fall inside a character (in a nested comment).
    let find = |from: usize, pat: &[u8]| b[from..].windows(pat.len()).position(|w| w == pat);
    let (mut depth, mut i) = (0usize, 0usize);
    while i < b.len() {
        let rest = &b[i..];
        match b[i] {
            b'/' if rest.starts_with(b"//") => i += find(i, b"\n").unwrap_or(rest.len()),
            b'/' if rest.starts_with(b"/*") => i += find(i, b"*/").map_or(rest.len(), |e| e + 2),
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            c => {
                if !on(depth, i) {
                    return;
                }
                match c {
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                i += 1;
            }
        }
    }
}

/// Where a migration rule is in schema text: the quoted `name` within the `index`th entry of
/// the schema's `migrations`, else that entry's start.
fn migration_position(text: &str, index: usize, name: Option<&str>) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let (mut found, mut steps) = (false, Vec::new());
    let mut start = 0;
    scan(text, |depth, i| {
        if !found {
            found = depth == 1 && word_start(b, i) && b[i..].starts_with(b"migrations");
            return true;
        }
        match (b[i], depth) {
            (b'(', 2) => start = i,
            (b')', 3) => steps.push((start, i + 1)),
            (b']', 2) | (_, 0) => return false,
            _ => {}
        }
        true
    });
    let &(from, to) = steps.get(index)?;
    let at = name
        .and_then(|n| text[from..to].find(&format!("{n:?}")))
        .map_or(from, |o| from + o);
    Some(super::line_col(text, at))
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
        // Each entry of the counties gazetteer must be a state.
        let bad = DEFAULT_SCHEMA.replacen(
            "(name: \"Alabama\", aliases: [\n                \"Autauga County\"",
            "(name: \"Alabamba\", aliases: [\n                \"Autauga County\"",
            1,
        );
        assert_ne!(bad, DEFAULT_SCHEMA);
        let e = parse_schema(&bad, Path::new("s.ron"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("counties gazetteer \"counties\": \"Alabamba\" is no entry of \"states\""),
            "{e}"
        );
        let sub = "(name: \"x\", version: 1, fields: [\n  (key: \"g\", label: \"G\", type: Group([\n    (key: \"a\", label: \"A\", type: Enum([])),\n  ])),\n])";
        let e = parse_schema(sub, Path::new("s.ron"))
            .unwrap_err()
            .to_string();
        assert_eq!(e, "s.ron:3:6: field \"g.a\": no choices");
        // A field named like an earlier group's sub-field is found among the fields; brackets
        // in comments and strings do not count; a repeated key points at its repeat.
        let shadow = concat!(
            "(name: \"x\", version: 1, fields: [\n",
            "  (key: \"g\", label: \"G (\", type: Group([(key: \"a\", label: \"A\", type: Text)])),\n",
            "  // ( [ a comment\n",
            "  (key: \"a\", label: \"A\", type: Enum([])),\n",
            "])",
        );
        let e = parse_schema(shadow, Path::new("s.ron"))
            .unwrap_err()
            .to_string();
        assert_eq!(e, "s.ron:4:4: field \"a\": no choices");
        let twice = "(name: \"x\", version: 1, fields: [\n  (key: \"a\", label: \"A\", type: Text),\n  (key: \"a\", label: \"B\", type: Text),\n])";
        let e = parse_schema(twice, Path::new("s.ron"))
            .unwrap_err()
            .to_string();
        assert_eq!(e, "s.ron:3:4: field \"a\": the key appears twice");
        let d = tempfile::tempdir().unwrap();
        let missing = d.path().join("none.ron");
        let e = load_schema(&missing).unwrap_err();
        assert!(e.to_string().contains("none.ron"), "{e}");
    }

    #[test]
    fn migration_problems_point_at_the_rule() {
        let text = concat!(
            "(name: \"x\", version: 3, fields: [\n",
            "  (key: \"b\", label: \"B\", type: Text),\n",
            "],\n",
            "// migrations: [( a comment\n",
            "migrations: [\n",
            "  (from: 1, renames: [(\"a\", \"b\")]),\n",
            "  (from: 2,\n",
            "   renames: [(\"b\", \"c\")]),\n",
            "])",
        );
        let e = parse_schema(text, Path::new("s.ron"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "s.ron:8:20: migration from version 2: rename \"b\" -> \"c\": \"c\" is not a field of version 3"
        );
        let bad = text.replace("(from: 2,", "(from: 1,");
        let e = parse_schema(&bad, Path::new("s.ron"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("s.ron:6:3: migration from version 1: versions must increase"),
            "{e}"
        );
    }

    #[test]
    fn positions_survive_characters_in_nested_comments() {
        // `key: "é"` inside a nested comment is not a key, and its bytes are stepped over.
        let text = concat!(
            "(name: \"x\", version: 2, fields: [\n",
            "  /* a /* nested */ comment: ( key: \"é\" ] é */\n",
            "  (key: \"b\", label: \"B\", type: Enum([])),\n",
            "], migrations: [(from: 1, retired: [\"b\"])])",
        );
        let e = parse_schema(text, Path::new("s.ron"));
        if let Err(SchemaFileError::Invalid { at, .. }) = e {
            assert!(at.is_none_or(|(l, _)| l <= 4), "{at:?}");
        } else {
            assert!(matches!(e, Err(SchemaFileError::Parse { .. })), "{e:?}");
        }
        let text = text.replace("Enum([])", "Text");
        let e = parse_schema(&text, Path::new("s.ron"));
        assert!(e.is_err(), "{e:?}");
    }
}
