//! Checking annotation files: that they parse, fit the schema and agree with the corpus.

use super::corpus::Corpus;
use super::store::{
    is_name_for, parse_annotation_as_written as parse_annotation, read_text, safe_file_name,
    StoreError,
};
use crate::domain::annotation::{
    Annotation, Entry, FieldAnn, FieldState, FORMAT_VERSION, OLDEST_FORMAT,
};
use crate::domain::prediction_check::is_confidence;
use crate::domain::schema::{FieldDef, FieldType, Schema};
use crate::domain::text::slice_chars;
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

mod verdict;
mod versions;
mod walk;

pub use walk::annotation_files;

/// A problem in a file, at a 1-based line and column (in code points). Line 0 means the problem
/// concerns the file or directory as a whole; then Display leaves out the position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            let (p, l, c) = (self.path.display(), self.line, self.column);
            write!(f, "{p}:{l}:{c}: {}", self.message)
        }
    }
}

/// Checks every `*.ron` file under `dir` (recursively, in path order; hidden entries and
/// symlinked directories are not entered). `dir` may also be a single file. See
/// [`validate_file`] for what is checked. Temporary files left by interrupted saves
/// (`.{name}.tmp.…`) are reported after them, one problem each, in path order, except those
/// being written right now by a running process.
pub fn validate_dir(dir: &Path, schema: &Schema, corpus: Option<&Corpus>) -> Vec<Problem> {
    let (files, mut temps, mut problems) = walk::walk(dir);
    for f in &files {
        problems.extend(validate_file(f, schema, corpus));
    }
    temps.sort_by(|a, b| a.path.cmp(&b.path));
    for t in temps.iter().filter(|t| !t.in_progress()) {
        problems.push(whole(&t.path, t.describe()));
    }
    problems
}

fn whole(path: &Path, message: String) -> Problem {
    Problem {
        path: path.to_path_buf(),
        line: 0,
        column: 0,
        message,
    }
}

/// Checks one annotation file:
///
/// - it is UTF-8 and parses (problem at the parser's position);
/// - its name is one the store may give its id (`safe_file_name(id).ron`, a numbered `+N` one, or
///   the name of earlier versions; catches hand-copied files);
/// - its format version is [`FORMAT_VERSION`] and its schema name is `schema`'s (when it is not,
///   its fields are not checked further);
/// - its schema version is not newer than `schema`'s; an older one is checked as it migrates to
///   `schema`'s version (`domain::migrate`), and one that does not migrate is a problem;
/// - every field is known, none appears twice and every schema field is present, in records too;
/// - values and suggestions fit their types, records only in group fields;
/// - states agree with values: "not mentioned" holds `NotMentioned`, confirmed and corrected
///   fields are not empty;
/// - evidence spans have start < end;
/// - with a corpus: the article exists, its text hash matches ("article text changed since
///   annotation" otherwise) and, if it does, each span's quote is the text at its offsets.
///
/// Content problems are placed on the line of the field's `key: "..."` in the file when it can be
/// found, else on the enclosing list, else at 1:1.
pub fn validate_file(path: &Path, schema: &Schema, corpus: Option<&Corpus>) -> Vec<Problem> {
    match read_text(path) {
        Ok(text) => validate_text(&text, path, schema, corpus),
        Err(e) => problem_of(path, e),
    }
}

/// [`validate_file`] on text already read; `path` names the file (and its name is checked).
pub fn validate_text(
    text: &str,
    path: &Path,
    schema: &Schema,
    corpus: Option<&Corpus>,
) -> Vec<Problem> {
    let ann = match parse_annotation(text, path) {
        Ok(a) => a,
        Err(e) => return problem_of(path, e),
    };
    let mut c = Checker {
        path,
        text,
        problems: Vec::new(),
        migrate_older: true,
    };
    c.check(&ann, schema, corpus);
    c.problems
}

/// A file that could not be read or parsed, as its one problem.
fn problem_of(path: &Path, e: StoreError) -> Vec<Problem> {
    match e {
        StoreError::Parse {
            line, col, message, ..
        } => vec![Problem {
            path: path.to_path_buf(),
            line,
            column: col,
            message,
        }],
        StoreError::Io { source, .. } => vec![whole(path, source.to_string())],
        e => vec![whole(path, e.to_string())],
    }
}

struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    problems: Vec<Problem>,
    /// Whether an annotation of an older schema version is checked as it migrates (a file), or
    /// is a problem (an annotation in memory, which must be migrated before it is reviewed).
    migrate_older: bool,
}

impl Checker<'_> {
    fn push(&mut self, at: Option<usize>, message: String) {
        let (line, column) = at.map_or((1, 1), |b| super::line_col(self.text, b));
        self.problems.push(Problem {
            path: self.path.to_path_buf(),
            line,
            column,
            message,
        });
    }

    /// Byte offset of the first of `needles` found at or after `from`.
    fn find(&self, needles: &[&str], from: usize) -> Option<usize> {
        let rest = self.text.get(from..)?;
        needles.iter().find_map(|n| rest.find(n)).map(|i| from + i)
    }

    fn find_key(&self, key: &str, from: usize) -> Option<usize> {
        let quoted = format!("{key:?}");
        self.find(&[&format!("key: {quoted}"), &quoted], from)
    }

    fn check(&mut self, ann: &Annotation, schema: &Schema, corpus: Option<&Corpus>) {
        let id = &ann.article.id;
        let id_at = self.find(&["id:"], 0);
        let expected = format!("{}.ron", safe_file_name(id));
        let named_for = |n: &std::ffi::OsStr| n.to_str().is_some_and(|n| is_name_for(id, n));
        if !self.path.file_name().is_some_and(named_for) {
            self.push(
                id_at,
                format!("file name does not match article id {id:?} (expected {expected:?})"),
            );
        }
        self.check_content(ann, schema, corpus, id_at);
    }

    /// Everything but the file name: what [`check_annotation`] checks, and the corpus.
    fn check_content(
        &mut self,
        ann: &Annotation,
        schema: &Schema,
        corpus: Option<&Corpus>,
        id_at: Option<usize>,
    ) {
        if !(OLDEST_FORMAT..=FORMAT_VERSION).contains(&ann.format) {
            let at = self.find(&["format:"], 0);
            let msg = format!(
                "format version {} is not one this build reads ({OLDEST_FORMAT} to {FORMAT_VERSION})",
                ann.format
            );
            self.push(at, msg);
        }
        for (key, msg) in verdict::problems(ann) {
            // A top-level key, not a field's `note:`: four spaces in, at the start of a line.
            let at = self.find(&[&format!("\n    {key}")], 0).map(|b| b + 1);
            self.push(at, msg);
        }
        let article = corpus.and_then(|c| self.check_article(ann, c, id_at));
        if ann.schema.name != schema.name {
            let at = self.find(&["schema:"], 0);
            let msg = format!(
                "schema {:?} does not match the schema in use ({:?}); fields not checked",
                ann.schema.name, schema.name
            );
            return self.push(at, msg);
        }
        let list_at = self.find(&["fields:"], 0);
        let migrated;
        let ann = if ann.schema.version == schema.version {
            ann
        } else {
            match self.migrated(ann, schema) {
                Some(m) => {
                    migrated = m;
                    &migrated
                }
                None => return,
            }
        };
        self.check_list(&ann.fields, &schema.fields, "", list_at, article.as_deref());
    }

    /// Checks the article against the corpus; returns its text if the annotation's hash matches.
    fn check_article(
        &mut self,
        ann: &Annotation,
        c: &Corpus,
        id_at: Option<usize>,
    ) -> Option<String> {
        let id = &ann.article.id;
        let Some(i) = c.index_of(id) else {
            self.push(id_at, format!("article {id:?} is not in {}", c.describe()));
            return None;
        };
        match c.load(i) {
            Err(e) => {
                self.push(id_at, format!("cannot read article {id:?}: {e}"));
                None
            }
            Ok(a) if a.text_hash() != ann.article.text_hash => {
                let at = self.find(&["text_hash:"], 0).or(id_at);
                self.push(at, "article text changed since annotation".into());
                None
            }
            Ok(a) => Some(a.text),
        }
    }

    /// Checks a list of fields against their definitions; returns how far into the file the
    /// search for keys got, so the next list (the next record) is looked for after it.
    fn check_list(
        &mut self,
        fields: &[FieldAnn],
        defs: &[FieldDef],
        prefix: &str,
        list_at: Option<usize>,
        article: Option<&str>,
    ) -> usize {
        let mut cursor = list_at.unwrap_or(0);
        let mut seen = HashSet::new();
        for fa in fields {
            let name = format!("{prefix}{}", fa.key);
            let at = self.find_key(&fa.key, cursor).or(list_at);
            if let Some(b) = at.filter(|&b| b >= cursor) {
                cursor = b + 1;
            }
            if !seen.insert(fa.key.as_str()) {
                self.push(at, format!("field {name:?} appears twice"));
                continue;
            }
            let Some(def) = defs.iter().find(|d| d.key == fa.key) else {
                self.push(at, format!("unknown field {name:?}"));
                continue;
            };
            cursor = cursor.max(self.check_field(fa, def, &name, at, article));
        }
        for def in defs.iter().filter(|d| !seen.contains(d.key.as_str())) {
            self.push(list_at, format!("missing field {prefix}{}", def.key));
        }
        cursor
    }

    fn check_field(
        &mut self,
        fa: &FieldAnn,
        def: &FieldDef,
        name: &str,
        at: Option<usize>,
        article: Option<&str>,
    ) -> usize {
        self.check_entry(&fa.value, def, name, at, "");
        if let Some(s) = &fa.suggestion {
            self.check_entry(&s.value, def, name, at, "suggestion for ");
            if let Some(c) = s.confidence.filter(|&c| !is_confidence(f64::from(c))) {
                let msg = format!(
                    "suggestion for field {name:?}: confidence {c} is not a number from 0 to 1"
                );
                self.push(at, msg);
            }
        }
        match fa.state {
            FieldState::Rejected if fa.value != Entry::NotMentioned => self.push(
                at,
                format!("field {name:?} is marked not mentioned but holds a value"),
            ),
            FieldState::Confirmed | FieldState::Corrected if fa.value == Entry::Empty => self.push(
                at,
                format!("field {name:?} is {} but empty", fa.state.label()),
            ),
            _ => {}
        }
        for s in &fa.evidence {
            let (a, b) = (s.start, s.end);
            if a >= b {
                self.push(
                    at,
                    format!("field {name:?}: evidence span {a}..{b} is empty or reversed"),
                );
                continue;
            }
            let Some(text) = article.filter(|_| !s.stale) else {
                continue;
            };
            if b > text.chars().count() {
                self.push(
                    at,
                    format!(
                        "field {name:?}: evidence span {a}..{b} goes past the end of the article"
                    ),
                );
            } else if slice_chars(text, a, b) != s.quote {
                let msg = format!(
                    "field {name:?}: evidence quote {:?} is not the article text at {a}..{b}",
                    s.quote
                );
                self.push(at, msg);
            }
        }
        let mut cursor = at.map_or(0, |b| b + 1);
        if let (Entry::Records(recs), FieldType::Group(subs)) = (&fa.value, &def.kind) {
            for (i, r) in recs.iter().enumerate() {
                let prefix = format!("{name}[{i}].");
                cursor = self.check_list(&r.fields, subs, &prefix, Some(cursor), article);
            }
        }
        cursor
    }

    /// Whether an entry fits a field (its type and bounds; `what` prefixes the field for
    /// suggestions).
    fn check_entry(
        &mut self,
        e: &Entry,
        def: &FieldDef,
        name: &str,
        at: Option<usize>,
        what: &str,
    ) {
        match (e, &def.kind) {
            (Entry::Empty | Entry::NotMentioned, _) => {}
            (Entry::Value(_), FieldType::Group(_)) => {
                self.push(
                    at,
                    format!("{what}field {name:?} is a group: it holds records, not a value"),
                );
            }
            (Entry::Value(v), _) => {
                if let Err(err) = def.check_value(v) {
                    self.push(at, format!("{what}field {name:?}: {err}"));
                }
            }
            (Entry::Records(recs), FieldType::Group(subs)) if !what.is_empty() => {
                for (i, r) in recs.iter().enumerate() {
                    for f in &r.fields {
                        if let Some(d) = subs.iter().find(|d| d.key == f.key) {
                            let sub = format!("{name}[{i}].{}", f.key);
                            self.check_entry(&f.value, d, &sub, at, what);
                        }
                    }
                }
            }
            (Entry::Records(_), FieldType::Group(_)) => {}
            (Entry::Records(_), _) => {
                self.push(
                    at,
                    format!("{what}field {name:?} is not a group: it cannot hold records"),
                );
            }
        }
    }
}

/// The problems of an annotation's content, as `vetter validate` finds them in a file but with no
/// file and no corpus: its format version and schema name (when the schema differs, its fields
/// are not checked further), its schema version (any other than the schema's is a problem:
/// migrate an older annotation first, with `domain::migrate`), every field known, none twice
/// and none missing (records too), values and suggestions that fit their fields (type and
/// bounds), confidences from 0 to 1,
/// states that agree with values (not mentioned holds `NotMentioned`; confirmed and corrected
/// are not empty) and evidence spans that are not empty or reversed. One message per problem,
/// without a position; empty when there is none. For the review to open such a file read-only.
pub fn check_annotation(ann: &Annotation, schema: &Schema) -> Vec<String> {
    let mut c = Checker {
        path: Path::new(""),
        text: "",
        problems: Vec::new(),
        migrate_older: false,
    };
    c.check_content(ann, schema, None, None);
    c.problems.into_iter().map(|p| p.message).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_with_and_without_position() {
        let mut p = whole(Path::new("a/b.ron"), "bad".into());
        assert_eq!(p.to_string(), "a/b.ron: bad");
        p.line = 3;
        p.column = 9;
        assert_eq!(p.to_string(), "a/b.ron:3:9: bad");
    }

    #[test]
    fn missing_dir_is_one_problem() {
        let s = crate::io::schema_file::default_schema();
        let p = validate_dir(Path::new("/nonexistent/dir"), &s, None);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, 0);
    }
}
