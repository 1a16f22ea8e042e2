//! Loading what is evaluated: gold (an annotations directory or an interchange JSONL),
//! predictions (an interchange JSONL) and article texts (a corpus).

use super::EvalError;
use crate::domain::annotation::{Annotation, Entry};
use crate::domain::prediction::{from_annotation, Prediction};
use crate::domain::schema::Schema;
use crate::io::store::{parse_annotation, read_text};
use crate::io::Corpus;
use serde_json::{Map, Value as J};
use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// The gold fields of one article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldRecord {
    pub id: String,
    /// The fields in the interchange format (null = not mentioned; absent = not annotated, so not
    /// scored).
    pub fields: Map<String, J>,
    /// For a group field (by key), each record's `name_in_text` flag as the gold file gives it:
    /// whether the person's name occurs in the article text. gva-dev gives it for `participants`.
    pub name_in_text: BTreeMap<String, Vec<Option<bool>>>,
}

impl GoldRecord {
    /// A gold record from an interchange line's `fields`. `name_in_text` keys are taken out of the
    /// records of list-valued fields into [`GoldRecord::name_in_text`].
    pub fn new(id: impl Into<String>, mut fields: Map<String, J>) -> GoldRecord {
        let mut name_in_text = BTreeMap::new();
        for (key, value) in fields.iter_mut() {
            let J::Array(items) = value else { continue };
            let mut flags = Vec::new();
            for item in items.iter_mut() {
                let flag = item
                    .as_object_mut()
                    .and_then(|o| o.remove("name_in_text"))
                    .and_then(|f| f.as_bool());
                flags.push(flag);
            }
            if flags.iter().any(Option::is_some) {
                name_in_text.insert(key.clone(), flags);
            }
        }
        GoldRecord {
            id: id.into(),
            fields,
            name_in_text,
        }
    }
}

/// One line of an interchange JSONL file.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub id: String,
    pub fields: Map<String, J>,
    /// 1-based line number.
    pub line: usize,
    /// The line's `evidence`, as given (only predictions use it).
    pub evidence: Option<J>,
    /// The line's `confidence`, as given (only predictions use it).
    pub confidence: Option<J>,
}

fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let msg = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    if e.is_syntax() || e.is_eof() {
        format!("invalid JSON at column {}: {msg}", e.column())
    } else {
        msg
    }
}

/// Reads an interchange JSONL file leniently: each non-blank line must be a JSON object with a
/// non-empty string `id`; `fields`, when present and not null, must be an object, whose content is
/// kept as it is; every other key is ignored. A malformed line is an error naming the file and
/// line. A repeated id is a warning, and the first line wins.
pub fn read_jsonl(path: &Path) -> Result<(Vec<Line>, Vec<String>), EvalError> {
    let io_err = |source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bad = |line: usize, message: String| EvalError::Line {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut reader = BufReader::new(File::open(path).map_err(io_err)?);
    let (mut out, mut warnings) = (Vec::new(), Vec::new());
    let mut first: HashMap<String, usize> = HashMap::new();
    let (mut buf, mut n) = (Vec::new(), 0usize);
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf).map_err(io_err)? == 0 {
            break;
        }
        n += 1;
        let text = String::from_utf8_lossy(&buf);
        let body = if n == 1 {
            text.trim_start_matches('\u{feff}').trim()
        } else {
            text.trim()
        };
        if body.is_empty() {
            continue;
        }
        let J::Object(mut obj) =
            serde_json::from_str::<J>(body).map_err(|e| bad(n, json_message(&e)))?
        else {
            return Err(bad(n, "expected a JSON object".into()));
        };
        let id = match obj.remove("id") {
            Some(J::String(s)) if !s.is_empty() => s,
            Some(J::String(_)) => return Err(bad(n, "empty \"id\"".into())),
            None | Some(J::Null) => return Err(bad(n, "missing \"id\"".into())),
            Some(_) => return Err(bad(n, "\"id\" must be a string".into())),
        };
        let fields = match obj.remove("fields") {
            None | Some(J::Null) => Map::new(),
            Some(J::Object(f)) => f,
            Some(_) => return Err(bad(n, "\"fields\" must be an object".into())),
        };
        if let Some(line) = first.get(&id) {
            warnings.push(format!(
                "{}:{n}: id {id:?} already on line {line}; line skipped",
                path.display()
            ));
            continue;
        }
        first.insert(id.clone(), n);
        out.push(Line {
            id,
            fields,
            line: n,
            evidence: obj.remove("evidence"),
            confidence: obj.remove("confidence"),
        });
    }
    Ok((out, warnings))
}

/// Reads a predictions file (interchange JSONL; `id`, `fields`, `evidence` and `confidence` are
/// used). An evidence path whose spans are not a list of `{start, end, quote}` is left out, and
/// so is a confidence that is not a number from 0 to 1.
pub fn load_predictions(path: &Path) -> Result<(Vec<Prediction>, Vec<String>), EvalError> {
    let (lines, warnings) = read_jsonl(path)?;
    let preds = lines
        .into_iter()
        .map(|l| Prediction {
            id: l.id,
            fields: l.fields,
            evidence: match l.evidence {
                Some(J::Object(m)) => m
                    .into_iter()
                    .filter_map(|(k, v)| Some((k, serde_json::from_value(v).ok()?)))
                    .collect(),
                _ => Default::default(),
            },
            confidence: match l.confidence {
                Some(J::Object(m)) => m
                    .into_iter()
                    .filter_map(|(k, v)| Some((k, v.as_f64()?)))
                    .filter(|(_, c)| crate::domain::prediction_check::is_confidence(*c))
                    .collect(),
                _ => Default::default(),
            },
            ..Default::default()
        })
        .collect();
    Ok((preds, warnings))
}

/// Reads gold: an annotations directory (see [`load_annotations`]; of several reviewers', the
/// ones `pick` names) or an interchange JSONL file. No gold article at all is an error.
pub fn load_gold(
    path: &Path,
    schema: &Schema,
    pick: &super::GoldPick,
) -> Result<(Vec<GoldRecord>, Vec<String>), EvalError> {
    let meta = fs::metadata(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let (gold, warnings) = if meta.is_dir() {
        super::gold_team::load_dir(path, schema, pick)?
    } else if let Some(flag) = pick.flag() {
        return Err(EvalError::NotADir {
            path: path.to_path_buf(),
            flag,
        });
    } else {
        let (lines, warnings) = read_jsonl(path)?;
        let gold = lines
            .into_iter()
            .map(|l| GoldRecord::new(l.id, l.fields))
            .collect();
        (gold, warnings)
    };
    if gold.is_empty() {
        return Err(EvalError::NoGold {
            path: path.to_path_buf(),
        });
    }
    Ok((gold, warnings))
}

/// Gold from the annotation files (`*.ron`) under a directory, recursively, in path order; hidden
/// files and directories are skipped. Only reviewed values count: a field (or a record's
/// sub-field) whose state is `Unreviewed` has no gold value; a rejected one is null. A file that
/// does not parse is an error; when two files annotate the same article, the first is kept.
pub fn load_annotations(
    dir: &Path,
    schema: &Schema,
) -> Result<(Vec<GoldRecord>, Vec<String>), EvalError> {
    let mut files = Vec::new();
    collect_ron(dir, &mut files)?;
    files.sort();
    let mut out: Vec<GoldRecord> = Vec::new();
    let mut warnings = Vec::new();
    let mut first: HashMap<String, PathBuf> = HashMap::new();
    for file in files {
        let text = read_text(&file)?;
        let ann = parse_annotation(&text, &file)?;
        if ann.schema.name != schema.name {
            warnings.push(format!(
                "{}: annotated with schema {:?}, evaluated with {:?}",
                file.display(),
                ann.schema.name,
                schema.name
            ));
        }
        if let Some(prev) = first.get(&ann.article.id) {
            warnings.push(format!(
                "{}: article {:?} is also annotated in {}; that one is used",
                file.display(),
                ann.article.id,
                prev.display()
            ));
            continue;
        }
        first.insert(ann.article.id.clone(), file.clone());
        let p = from_annotation(&reviewed_only(&ann), "gold");
        out.push(GoldRecord::new(p.id, p.fields));
    }
    Ok((out, warnings))
}

fn collect_ron(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), EvalError> {
    let io_err = |source| EvalError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(io_err)? {
        let entry = entry.map_err(io_err)?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let meta = fs::metadata(&path).map_err(|source| EvalError::Io {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            collect_ron(&path, files)?;
        } else if meta.is_file() && path.extension().is_some_and(|e| e == "ron") {
            files.push(path);
        }
    }
    Ok(())
}

/// The annotation with every unreviewed field (and record sub-field) emptied.
pub(crate) fn reviewed_only(ann: &Annotation) -> Annotation {
    let mut a = ann.clone();
    for f in &mut a.fields {
        if !f.state.is_reviewed() {
            f.value = Entry::Empty;
            continue;
        }
        if let Entry::Records(recs) = &mut f.value {
            for sf in recs.iter_mut().flat_map(|r| r.fields.iter_mut()) {
                if !sf.state.is_reviewed() {
                    sf.value = Entry::Empty;
                }
            }
        }
    }
    a
}

/// The texts of the articles `ids` from a corpus (a directory or JSONL). Ids the corpus lacks,
/// and articles that fail to load, are warned about and left out.
pub fn load_texts(
    path: &Path,
    ids: &[&str],
) -> Result<(HashMap<String, String>, Vec<String>), EvalError> {
    let corpus = Corpus::open(path)?;
    let mut warnings: Vec<String> = corpus.warnings().to_vec();
    let mut texts = HashMap::new();
    let mut missing = 0usize;
    for id in ids {
        let Some(i) = corpus.index_of(id) else {
            missing += 1;
            continue;
        };
        match corpus.load(i) {
            Ok(a) => {
                texts.insert(a.id, a.text);
            }
            Err(e) => warnings.push(e.to_string()),
        }
    }
    if missing > 0 {
        warnings.push(format!(
            "{}: {missing} scored article(s) not in this corpus",
            path.display()
        ));
    }
    Ok((texts, warnings))
}
