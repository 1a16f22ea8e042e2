//! Predictions: an extractor's suggested fields, one JSONL line per article.

use super::corpus::Corpus;
use super::jsonl::{json_message, line_body, not_an_object, utf8_line};
use crate::domain::prediction::Prediction;
use crate::domain::prediction_check::{check_prediction, RawPrediction};
use crate::domain::schema::Schema;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

/// Most ids listed by [`PredictionSet::warn_unknown_ids`] before it summarizes the rest.
pub const MAX_LISTED_IDS: usize = 20;

#[derive(Debug, thiserror::Error)]
pub enum PredictionsError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// The predictions of a file by article id, and the problems met reading it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PredictionSet {
    pub by_id: HashMap<String, Prediction>,
    pub warnings: Vec<String>,
}

/// Reads a predictions file. Blank lines are skipped; lines that are not a JSON object, have no
/// string id, an empty id or repeat an id (the first line wins) are skipped with a warning
/// `"{file}:{line}: {message}"`. The rest of a line is checked part by part
/// ([`check_prediction`]): a value that does not fit its field, a confidence outside 0..=1 or
/// a malformed evidence span is dropped alone with a warning naming its field path, and the
/// rest of the line is kept. Field keys the schema does not have are warned about
/// (`unknown field "x"`) but kept: applying ignores them. Each prediction's `origin` is its
/// `file:line`, so that what [`crate::domain::prediction::apply`] meets (a span past the end of
/// the article) is placed too.
pub fn load_predictions(path: &Path, schema: &Schema) -> Result<PredictionSet, PredictionsError> {
    let io_err = |source| PredictionsError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = BufReader::new(File::open(path).map_err(io_err)?);
    let mut set = PredictionSet::default();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut buf = Vec::new();
    let mut line = 0usize;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf).map_err(io_err)? == 0 {
            break;
        }
        line += 1;
        let at = format!("{}:{line}", path.display());
        let text = match utf8_line(&buf) {
            Ok(t) => t,
            Err(e) => {
                set.warnings.push(format!("{at}: {e}; line skipped"));
                continue;
            }
        };
        let body = line_body(text, line);
        if body.is_empty() {
            continue;
        }
        let raw = match parse_line(body) {
            Ok(p) => p,
            Err(message) => {
                set.warnings.push(format!("{at}: {message}; line skipped"));
                continue;
            }
        };
        if let Some(first) = first_line.get(&raw.id) {
            set.warnings.push(format!(
                "{at}: id {:?} already predicted on line {first}; line skipped",
                raw.id
            ));
            continue;
        }
        let (mut pred, problems) = check_prediction(raw, schema);
        set.warnings
            .extend(problems.into_iter().map(|p| format!("{at}: {p}")));
        pred.origin = Some(at.clone());
        for key in pred.fields.keys().filter(|k| schema.field(k).is_none()) {
            set.warnings.push(format!("{at}: unknown field {key:?}"));
        }
        first_line.insert(pred.id.clone(), line);
        set.by_id.insert(pred.id.clone(), pred);
    }
    Ok(set)
}

/// One line's body (trimmed, not blank) as a prediction, or why it is not one.
pub(crate) fn parse_line(body: &str) -> Result<RawPrediction, String> {
    if !body.starts_with('{') {
        return Err(not_an_object(body));
    }
    let pred: RawPrediction = serde_json::from_str(body).map_err(|e| json_message(&e))?;
    if pred.id.is_empty() {
        return Err("empty \"id\"".into());
    }
    Ok(pred)
}

impl PredictionSet {
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Prediction> {
        self.by_id.get(id)
    }

    /// One warning per predicted id the corpus does not have, sorted; past
    /// [`MAX_LISTED_IDS`] the rest are counted in a last line `"and N more ..."`.
    pub fn warn_unknown_ids(&self, corpus: &Corpus) -> Vec<String> {
        let mut unknown: Vec<&String> = self
            .by_id
            .keys()
            .filter(|id| corpus.index_of(id).is_none())
            .collect();
        unknown.sort();
        let where_ = corpus.path().display();
        let mut out: Vec<String> = unknown
            .iter()
            .take(MAX_LISTED_IDS)
            .map(|id| format!("prediction for {id:?}: no such article in {where_}"))
            .collect();
        if unknown.len() > MAX_LISTED_IDS {
            out.push(format!(
                "and {} more predicted ids not in {where_}",
                unknown.len() - MAX_LISTED_IDS
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::schema_file::default_schema;
    use std::fmt::Write as _;

    #[test]
    fn loads_lines_and_warns() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("p.jsonl");
        let text = concat!(
            "{\"id\":\"a\",\"fields\":{\"city\":\"Reno\",\"colour\":\"red\"}}\n",
            "\n",
            "{\"id\":\"b\",\"fields\":{\"city\":\n",
            "[1,2]\n",
            "{\"fields\":{}}\n",
            "{\"id\":\"a\",\"fields\":{}}\n",
            "{\"id\":\"\"}\n",
            "{\"id\":\"c\",\"source\":\"m\"}\n",
            "not json\n",
        );
        let mut bytes = text.as_bytes().to_vec();
        bytes.extend_from_slice(b"\xff\xfe{\"id\":\"d\"}\n");
        std::fs::write(&p, bytes).unwrap();
        let set = load_predictions(&p, &default_schema()).unwrap();
        let mut ids: Vec<_> = set.by_id.keys().cloned().collect();
        ids.sort();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(set.by_id["a"].fields["city"], "Reno");
        let at = |n: usize| format!("{}:{n}: ", p.display());
        let w = &set.warnings;
        assert_eq!(w.len(), 8, "{w:#?}");
        assert_eq!(w[0], format!("{}unknown field \"colour\"", at(1)));
        assert!(w[1].starts_with(&format!("{}invalid JSON at column", at(3))));
        assert!(w[2].starts_with(&format!("{}expected a JSON object", at(4))));
        assert!(w[3].starts_with(&at(5)) && w[3].contains("missing field `id`"));
        assert!(w[4].starts_with(&at(6)) && w[4].contains("line 1"));
        assert!(w[5].starts_with(&at(7)) && w[5].contains("empty"));
        assert!(w[6].starts_with(&format!("{}invalid JSON at column 2", at(9))));
        assert_eq!(
            w[7],
            format!("{}not valid UTF-8 at byte 0; line skipped", at(10))
        );
    }

    #[test]
    fn unknown_ids_are_capped() {
        let d = tempfile::tempdir().unwrap();
        let corpus_path = d.path().join("c.jsonl");
        std::fs::write(&corpus_path, "{\"id\":\"known\",\"text\":\"t\"}\n").unwrap();
        let corpus = Corpus::open(&corpus_path).unwrap();
        let p = d.path().join("p.jsonl");
        let mut text = String::from("{\"id\":\"known\"}\n");
        for i in 0..25 {
            writeln!(text, "{{\"id\":\"u{i:02}\"}}").unwrap();
        }
        std::fs::write(&p, text).unwrap();
        let set = load_predictions(&p, &default_schema()).unwrap();
        let w = set.warn_unknown_ids(&corpus);
        assert_eq!(w.len(), MAX_LISTED_IDS + 1);
        assert!(w[0].contains("\"u00\""));
        assert!(w[19].contains("\"u19\""));
        assert!(w[20].starts_with("and 5 more"));
        assert!(w.iter().all(|l| !l.contains("\"known\"")));
    }

    #[test]
    fn missing_file_is_an_error() {
        let e = load_predictions(Path::new("/nonexistent/p.jsonl"), &default_schema());
        assert!(e.unwrap_err().to_string().contains("/nonexistent/p.jsonl"));
    }
}
