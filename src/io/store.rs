//! Annotations on disk: one RON file per reviewer and article, `<root>/<reviewer>/<id>.ron`.

use super::atomic::write_atomic;
use crate::domain::annotation::{Annotation, Status};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}:{line}:{col}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("{}: holds the annotation of article {found:?}, not {expected:?}", path.display())]
    IdMismatch {
        path: PathBuf,
        expected: String,
        found: String,
    },
}

/// Longest kept part of an id in a file name (before the hash suffix).
const MAX_NAME: usize = 80;

/// Names Windows reserves, with or without an extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file or directory name for an article id or reviewer name, safe on every platform.
///
/// ASCII letters, digits, '-', '_' and '.' are kept; anything else becomes '_'; a leading '.'
/// becomes '_' (so the name is never hidden, "." or ".."); the result is cut to 80 characters.
/// If that changed the id in any way, or the id is empty, a Windows-reserved name (`CON`,
/// `nul.txt`, ...) or contains an ASCII capital letter, `-` and the first 10 hex digits of the
/// id's SHA-256 are appended. So an id that is already a safe name maps to itself, and two ids
/// that map to the same stem (`a/b`, `a_b`) get different names. Ids with capitals get the
/// suffix too, so ids differing only in case stay apart on case-insensitive file systems
/// (macOS, Windows). The result never contains '/' or '\\'.
pub fn safe_file_name(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with('.') {
        out.replace_range(0..1, "_");
    }
    out.truncate(MAX_NAME); // all ASCII now, so any byte index is a boundary
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    let needs_hash = out != id
        || out.is_empty()
        || RESERVED.contains(&stem.as_str())
        || id.bytes().any(|b| b.is_ascii_uppercase());
    if out.is_empty() {
        out.push('_');
    }
    if needs_hash {
        let digest = Sha256::digest(id.as_bytes());
        out.push('-');
        for b in &digest[..5] {
            out.push_str(&format!("{b:02x}"));
        }
    }
    out
}

/// The pretty-printing every annotation file is written with.
fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("    ".to_string())
        .new_line("\n".to_string())
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        .compact_arrays(false)
}

/// An annotation as RON text (4-space indent, no struct names, ending with a newline). The same
/// annotation always gives the same text, and [`parse_annotation`] gives it back unchanged.
pub fn to_ron(ann: &Annotation) -> String {
    // ron only fails to serialize on I/O errors (none writing to a String) or on types serde
    // cannot express in RON (an Annotation has none), so this cannot fail on any content.
    let mut s =
        ron::ser::to_string_pretty(ann, pretty()).expect("an Annotation always serializes to RON");
    s.push('\n');
    s
}

/// Parses an annotation file's text; `path` is only used to name the file in errors.
pub fn parse_annotation(text: &str, path: &Path) -> Result<Annotation, StoreError> {
    ron::Options::default()
        .from_str::<Annotation>(text)
        .map_err(|e| {
            let (line, col) = super::ron_position(text, e.position);
            StoreError::Parse {
                path: path.to_path_buf(),
                line,
                col,
                message: super::ron_message(&e),
            }
        })
}

/// Reads a file as UTF-8 text; invalid UTF-8 is a parse error at the first bad byte.
pub(crate) fn read_text(path: &Path) -> Result<String, StoreError> {
    let bytes = fs::read(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..good]);
        let (line, col) = super::line_col(&prefix, good);
        StoreError::Parse {
            path: path.to_path_buf(),
            line,
            col,
            message: "not valid UTF-8".into(),
        }
    })
}

/// One reviewer's annotations under a root directory.
#[derive(Debug, Clone)]
pub struct AnnotationStore {
    root: PathBuf,
    reviewer: String,
}

impl AnnotationStore {
    pub fn new(root: &Path, reviewer: &str) -> Self {
        AnnotationStore {
            root: root.to_path_buf(),
            reviewer: reviewer.to_string(),
        }
    }

    pub fn reviewer(&self) -> &str {
        &self.reviewer
    }

    /// `<root>/<safe reviewer name>`.
    pub fn dir(&self) -> PathBuf {
        self.root.join(safe_file_name(&self.reviewer))
    }

    /// `<root>/<safe reviewer name>/<safe id>.ron`.
    pub fn path_for(&self, id: &str) -> PathBuf {
        self.dir().join(format!("{}.ron", safe_file_name(id)))
    }

    /// The saved annotation of an article, or `None` if there is none. A file that does not parse,
    /// or holds another article's annotation, is an error (and is left alone).
    pub fn load(&self, id: &str) -> Result<Option<Annotation>, StoreError> {
        let path = self.path_for(id);
        let text = match read_text(&path) {
            Err(StoreError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
                return Ok(None)
            }
            other => other?,
        };
        let ann = parse_annotation(&text, &path)?;
        if ann.article.id != id {
            return Err(StoreError::IdMismatch {
                path,
                expected: id.to_string(),
                found: ann.article.id,
            });
        }
        Ok(Some(ann))
    }

    /// Writes the annotation atomically, creating the directories as needed.
    pub fn save(&self, ann: &Annotation) -> Result<(), StoreError> {
        let dir = self.dir();
        fs::create_dir_all(&dir).map_err(|source| StoreError::Io {
            path: dir.clone(),
            source,
        })?;
        let path = self.path_for(&ann.article.id);
        write_atomic(&path, to_ron(ann).as_bytes())
            .map_err(|source| StoreError::Io { path, source })
    }

    /// Removes the temporary files that saves killed midway left in this reviewer's directory,
    /// those whose process is certainly gone (see [`TempFile::is_stale`]: never another
    /// machine's); returns how many were removed. Meant to be called once when the store is
    /// opened.
    ///
    /// [`TempFile::is_stale`]: super::atomic::temp::TempFile::is_stale
    pub fn clean_stale_temps(&self) -> usize {
        super::atomic::temp::clean_stale(&self.dir())
    }

    /// Article id → status of every annotation file of this reviewer. Files that do not parse, or
    /// whose name is not the one [`path_for`](Self::path_for) gives their article (hand-copied
    /// files), are skipped: [`load`](Self::load) would not find them either. A missing directory
    /// gives an empty map.
    pub fn statuses(&self) -> HashMap<String, Status> {
        let mut out = HashMap::new();
        let Ok(entries) = fs::read_dir(self.dir()) else {
            return out;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "ron") {
                continue;
            }
            let Ok(text) = read_text(&path) else { continue };
            let Ok(ann) = parse_annotation(&text, &path) else {
                continue;
            };
            if self.path_for(&ann.article.id) == path {
                out.insert(ann.article.id, ann.status);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::annotation::{Entry, FieldState, Span, Suggestion};
    use crate::domain::value::Value;

    fn sample() -> Annotation {
        let schema = crate::io::schema_file::default_schema();
        let mut a = Annotation::new(&schema, "x1", "sha256:00", "ann", "2026-01-01T00:00:00Z");
        let f = a.field_mut("city").unwrap();
        f.state = FieldState::Corrected;
        f.value = Entry::Value(Value::Text(
            "Saint \"Paul\"\n\\ é 😀 \u{301}\u{202e}".into(),
        ));
        f.evidence.push(Span {
            start: 1,
            end: 4,
            quote: "a'b".into(),
            stale: true,
        });
        f.suggestion = Some(Suggestion {
            value: Entry::NotMentioned,
            confidence: Some(0.1),
            source: "m".into(),
        });
        a
    }

    #[test]
    fn ron_round_trip_and_format() {
        let a = sample();
        let s = to_ron(&a);
        assert!(s.ends_with(")\n"));
        assert!(s.starts_with("(\n    format: 1,\n"), "{s}");
        assert!(!s.contains("Annotation("));
        assert_eq!(parse_annotation(&s, Path::new("f")).unwrap(), a);
        assert_eq!(to_ron(&a), s);
    }

    #[test]
    fn parse_error_has_position() {
        let e = parse_annotation("(\n  format: \"one\",\n)", Path::new("d/f.ron")).unwrap_err();
        let StoreError::Parse { line, col, .. } = &e else {
            panic!("{e}")
        };
        assert_eq!((*line, *col), (2, 11));
        assert!(e.to_string().starts_with("d/f.ron:2:11: "), "{e}");
    }

    #[test]
    fn safe_names() {
        assert_eq!(safe_file_name("abc-1_2.x"), "abc-1_2.x");
        assert!(safe_file_name("a/b").starts_with("a_b-"));
        assert_ne!(safe_file_name("a/b"), safe_file_name("a_b"));
        assert_ne!(safe_file_name("a/b"), safe_file_name("a\\b"));
        assert_eq!(safe_file_name("a/b").len(), 3 + 1 + 10);
        assert!(safe_file_name("..").starts_with("_.-"));
        assert!(safe_file_name("").starts_with("_-"));
        assert!(safe_file_name("con").starts_with("con-"));
        assert!(safe_file_name("Nul.txt").starts_with("Nul.txt-"));
        assert!(safe_file_name("console").eq("console"));
        assert_ne!(safe_file_name("Abc"), safe_file_name("abc"));
        assert_eq!(safe_file_name(&"x".repeat(80)), "x".repeat(80));
        assert_eq!(safe_file_name(&"x".repeat(81)).len(), 91);
        assert_ne!(
            safe_file_name(&"x".repeat(81)),
            safe_file_name(&"x".repeat(82))
        );
    }

    #[test]
    fn save_load_statuses() {
        let d = tempfile::tempdir().unwrap();
        let st = AnnotationStore::new(d.path(), "ann");
        assert!(st.load("x1").unwrap().is_none());
        assert!(st.statuses().is_empty());
        let mut a = sample();
        a.status = Status::Flagged;
        st.save(&a).unwrap();
        assert_eq!(st.load("x1").unwrap(), Some(a));
        assert_eq!(st.statuses().get("x1"), Some(&Status::Flagged));
        // A copy under another name is neither loaded nor counted.
        fs::copy(st.path_for("x1"), st.path_for("x2")).unwrap();
        assert!(matches!(st.load("x2"), Err(StoreError::IdMismatch { .. })));
        assert_eq!(st.statuses().len(), 1);
    }
}
