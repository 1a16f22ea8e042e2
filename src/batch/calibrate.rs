//! `vetter calibrate`: fits the calibration tables of the schema (see
//! [`crate::extract::calibration`]) from labelled suggestions, and writes them as the schema
//! file's `calibration` section.
//!
//! Labels come from gold ([`samples_from_gold`]: the extractor's raw suggestions for the gold
//! articles, labelled right or wrong as `vetter eval --calibration` labels them) or from
//! reviewers' annotations ([`reviews::samples_from_reviews`]: what reviewers did with the
//! suggestions they saw).

pub mod reviews;
pub mod section;

use crate::domain::calibration::Calibration;
use crate::domain::schema::Schema;
use crate::eval::calibration::labelled;
use crate::eval::gold::load_gold;
use crate::eval::{EvalError, GoldPick};
use crate::extract::calibration::{fit, Sample};
use crate::extract::{Cues, Extractor};
use crate::io::{Corpus, CorpusError, SchemaFileError};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum CalibrateError {
    #[error(transparent)]
    Eval(#[from] EvalError),
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error(transparent)]
    Schema(#[from] SchemaFileError),
    #[error(transparent)]
    Extract(#[from] crate::extract::ExtractError),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no labelled suggestion to fit: {0}")]
    NoSamples(String),
    #[error("{}: no closing parenthesis of the schema to add the calibration section before", path.display())]
    NoSchemaEnd { path: PathBuf },
    #[error(
        "{}: the rewritten schema does not read back the fitted tables (is another \
         `calibration` key in the file?)", path.display()
    )]
    NotRoundTrip { path: PathBuf },
}

/// The extractor's raw suggestions for the corpus articles `ids` (in their order), with the
/// cue of each, extracted in parallel. Ids the corpus lacks are counted in `missing`.
pub(crate) fn extract_raw(
    extractor: &Extractor,
    corpus: &Corpus,
    ids: &[&str],
    warnings: &mut Vec<String>,
) -> Vec<Option<(crate::domain::prediction::Prediction, Cues)>> {
    let found: Vec<Result<Option<_>, String>> = ids
        .par_iter()
        .map(|id| match corpus.index_of(id) {
            None => Ok(None),
            Some(i) => corpus
                .load(i)
                .map(|a| Some(extractor.extract_raw(&a)))
                .map_err(|e| e.to_string()),
        })
        .collect();
    let mut missing = 0usize;
    let out = found
        .into_iter()
        .map(|r| match r {
            Ok(Some(p)) => Some(p),
            Ok(None) => {
                missing += 1;
                None
            }
            Err(e) => {
                warnings.push(e);
                None
            }
        })
        .collect();
    if missing > 0 {
        warnings.push(format!(
            "{}: {missing} article(s) not in this corpus; left out",
            corpus.path().display()
        ));
    }
    out
}

/// Labelled raw suggestions for the gold articles (an interchange JSONL or an annotations
/// directory of one reviewer), with the article texts from `articles`. Returns the samples and
/// the warnings met.
pub fn samples_from_gold(
    extractor: &Extractor,
    schema: &Schema,
    gold: &Path,
    articles: &Path,
) -> Result<(Vec<Sample>, Vec<String>), CalibrateError> {
    let (gold, mut warnings) = load_gold(gold, schema, &GoldPick::Only)?;
    let corpus = Corpus::open(articles)?;
    warnings.extend(corpus.warnings().iter().cloned());
    let ids: Vec<&str> = gold.iter().map(|g| g.id.as_str()).collect();
    let raw = extract_raw(extractor, &corpus, &ids, &mut warnings);
    let mut cues: HashMap<String, Cues> = HashMap::new();
    let mut preds = Vec::new();
    for (pred, c) in raw.into_iter().flatten() {
        cues.entry(pred.id.clone()).or_insert(c);
        preds.push(pred);
    }
    let samples = labelled(&gold, &preds, schema)
        .into_iter()
        .map(|l| Sample {
            cue: cues
                .get(&l.id)
                .and_then(|c| c.get(&l.path))
                .map_or("", |c| *c)
                .to_string(),
            field: l.field,
            raw: l.confidence,
            correct: l.correct,
        })
        .collect();
    Ok((samples, warnings))
}

/// How many samples and how many right, per field and cue: the summary `calibrate` prints.
pub fn summary(samples: &[Sample], cal: &Calibration) -> String {
    let mut per: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for s in samples {
        let e = per.entry((s.field.as_str(), s.cue.as_str())).or_default();
        e.0 += 1;
        e.1 += usize::from(s.correct);
    }
    let mut out = format!("{} labelled suggestions\n", samples.len());
    for ((field, cue), (n, right)) in per {
        let own = cal.get(field).and_then(|c| c.get(cue)).is_some();
        let table = if own {
            "its own table"
        } else if cal.get(field).is_some() {
            "the field's pooled table"
        } else {
            "the pooled table of every field"
        };
        out += &format!(
            "  {field} cue {cue:?}: {n} suggestions, {right} right; {table}\n",
            field = crate::domain::text::sanitize_line(field),
        );
    }
    out
}

/// Fits the tables; an error when there is nothing to fit.
pub fn fit_samples(samples: &[Sample], from: &str) -> Result<Calibration, CalibrateError> {
    if samples.is_empty() {
        return Err(CalibrateError::NoSamples(from.to_string()));
    }
    Ok(fit(samples))
}

/// The schema text (of `path`, for errors) with `cal` as its calibration section, checked: it
/// parses as a valid schema that holds exactly `cal`.
pub fn updated_text(text: &str, path: &Path, cal: &Calibration) -> Result<String, CalibrateError> {
    let new = section::replace(text, cal).ok_or_else(|| CalibrateError::NoSchemaEnd {
        path: path.to_path_buf(),
    })?;
    let schema = crate::io::schema_file::parse_schema(&new, path)?;
    if &schema.calibration != cal {
        return Err(CalibrateError::NotRoundTrip {
            path: path.to_path_buf(),
        });
    }
    Ok(new)
}

/// Where `vetter calibrate` writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// The section alone, on standard output.
    Section,
    /// The whole schema with the new section, to a file (atomically).
    File(PathBuf),
    /// The schema file itself, rewritten in place (atomically).
    InPlace(PathBuf),
}

/// Writes the fitted tables as `output` says: `text` is the schema's text (from `schema_path`
/// when given). What goes to standard output is written to `out`.
pub fn write(
    cal: &Calibration,
    text: &str,
    schema_path: &Path,
    output: &Output,
    out: &mut dyn std::io::Write,
) -> Result<(), CalibrateError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CalibrateError::Io { path, source }
    };
    match output {
        Output::Section => {
            let s = section::render(cal) + "\n";
            out.write_all(s.as_bytes())
                .map_err(io_err(Path::new("<stdout>")))
        }
        Output::File(p) | Output::InPlace(p) => {
            let new = updated_text(text, schema_path, cal)?;
            crate::io::write_atomic(p, new.as_bytes()).map_err(io_err(p))
        }
    }
}

/// Where the labels come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Labels {
    /// Gold: an interchange JSONL, or one reviewer's annotations directory.
    Gold(PathBuf),
    /// Reviewers' annotations (see [`reviews`]).
    Reviews(PathBuf),
}

/// What `vetter calibrate` is asked to do.
#[derive(Debug, Clone)]
pub struct RunArgs {
    pub labels: Labels,
    pub articles: PathBuf,
    /// The schema file; the bundled one when `None`.
    pub schema: Option<PathBuf>,
    /// Write the whole schema with the new section here.
    pub output: Option<PathBuf>,
    /// Rewrite the schema file in place (needs `schema`).
    pub write: bool,
}

/// `vetter calibrate`: fits the tables and writes them as `args` says (the section alone to
/// `out` when neither `output` nor `write` is given). Warnings and the summary go to `note`.
pub fn run(
    args: &RunArgs,
    out: &mut dyn std::io::Write,
    note: &mut dyn FnMut(&str),
) -> Result<(), CalibrateError> {
    let (text, path) = match &args.schema {
        Some(p) => (
            std::fs::read_to_string(p).map_err(|source| CalibrateError::Io {
                path: p.clone(),
                source,
            })?,
            p.clone(),
        ),
        None => (
            crate::io::DEFAULT_SCHEMA.to_string(),
            PathBuf::from("assets/schema/incident.ron"),
        ),
    };
    let schema = crate::io::schema_file::parse_schema(&text, &path)?;
    let extractor = Extractor::new(&schema)?;
    let (samples, warnings, from) = match &args.labels {
        Labels::Gold(gold) => {
            let (s, w) = samples_from_gold(&extractor, &schema, gold, &args.articles)?;
            (s, w, gold)
        }
        Labels::Reviews(dir) => {
            let (s, w) = reviews::samples_from_reviews(&extractor, &schema, dir, &args.articles)?;
            (s, w, dir)
        }
    };
    for w in warnings {
        note(&format!("vetter: warning: {w}"));
    }
    let cal = fit_samples(&samples, &from.display().to_string())?;
    note(summary(&samples, &cal).trim_end());
    let output = match (&args.output, args.write, &args.schema) {
        (Some(o), _, _) => Output::File(o.clone()),
        (None, true, Some(p)) => Output::InPlace(p.clone()),
        _ => Output::Section,
    };
    write(&cal, &text, &path, &output, out)?;
    if let Output::File(p) | Output::InPlace(p) = &output {
        note(&format!("vetter: wrote {}", p.display()));
    }
    Ok(())
}
