//! Evaluation: scores predictions against gold, field by field (`vetter eval`).
//!
//! # Inputs
//!
//! - **Gold**: an annotations directory (RON files, recursively; only reviewed values count, see
//!   [`gold::load_annotations`]; a root holding several reviewers' folders is refused unless
//!   [`GoldPick`] names one reviewer or the adjudicated annotations) or an interchange JSONL (`{"id", "fields", ...}`; other keys, and
//!   unknown keys inside `fields` and inside records, are allowed and not scored; a record's
//!   `name_in_text` flag is used for the supported view).
//! - **Predictions**: an interchange JSONL; `id` and `fields` are scored, `evidence` is quoted by
//!   the listing of wrong values ([`errors`], `vetter eval --errors`).
//! - **Texts** (optional): a corpus; by default `articles.jsonl` beside a gold JSONL file.
//!
//! Every gold article is scored; one that the predictions leave out counts as predicting nothing
//! (its gold values are missed). Ids on one side only are listed as warnings. In `fields`, `null` means "not mentioned"; an absent key means "no value" in predictions and "not
//! annotated" in gold (an unreviewed field of an annotation file is absent), so a field that gold
//! leaves out is not scored at all.
//! Values are read as the schema types them; a predicted value that does not fit its type counts
//! as a wrong value, a gold value that does not fit is not scored, as if absent (both are warned
//! about). An empty string or empty list is the same as `null`.
//!
//! # Metrics
//!
//! Every row counts true positives (TP), false positives (FP) and false negatives (FN), and
//! exact matches; `n gold` = TP + FN (gold values, null excluded) and `n pred` = TP + FP. Then
//! precision = TP/(TP+FP) (undefined with no prediction), recall = TP/(TP+FN) (undefined with no
//! gold value), F1 = 2·TP/(2·TP+FP+FN), and accuracy = exact matches / items judged, where an
//! item is judged when gold has the field, as a value or as null.
//!
//! **Scalar fields** (text, integer, date, boolean, enum), per article, with gold `g` and
//! prediction `p`:
//!
//! | gold \ prediction | absent or null | a value equal to gold | another value |
//! |---|---|---|---|
//! | absent            | not scored     | not scored            | not scored    |
//! | null              | exact          | —                     | FP            |
//! | a value           | FN             | TP, exact             | FP and FN     |
//!
//! Equality is exact for integer, date, boolean and enum. Text is compared normalised: case,
//! spacing and punctuation are ignored, honorifics and ranks ("Mr.", "Officer", "Sgt.", "Chief")
//! are dropped, and parenthesised parts may be left out (gold "Chicago (Roseland)" = "Chicago").
//!
//! **Multi fields** count per choice: TP = choices in both, FP = predicted choices not in gold
//! (all of them when gold is null), FN = gold choices not predicted; `n gold` counts
//! choices. Exact = the same set (null and an empty set are the same).
//!
//! **Group fields** (`participants`) pair gold and predicted records one to one (see
//! [`matching::pair_records`]): first by name (the same surname, or for surnames of 6 letters or
//! more a spelling variant within edit distance 2, such as Christensen/Christiansen; the given
//! names' initials must agree when both are given), then the rest, at most one side named, by
//! role and age. Then:
//!
//! - the group's own row (`participants`) counts records: TP = paired records, FP = predicted
//!   records left unpaired, FN = gold records left unpaired; `n gold` is the number of gold
//!   records. Null or an empty list is zero records. Exact, per article where gold has the group:
//!   every record paired on both sides.
//! - `participants.name` counts names over records: TP = pairs made by name, FP = predicted
//!   names not in such a pair, FN = gold names not in such a pair. Exact, per pair where gold has
//!   the key: paired by name, or gold null and no predicted name.
//! - every other sub-field (`participants.role`, `.age`, `.gender`, `.status`) is scored over the
//!   paired records only, each pair like an article of a scalar (or multi) field above. A record
//!   nobody paired is counted once, in the group's row.
//!
//! When gold has no value for the group (absent), the group is not scored for that article.
//!
//! **Micro**: every row's counts summed.
//!
//! # The text-supported view
//!
//! Gold that describes the incident may hold values the article never states. The second set of
//! columns scores the same predictions over only the gold values the article text supports
//! ([`support::supports`]): the same rules, restricted to the articles (or pairs) where gold is
//! null or a supported value; articles where gold has no value are left out. A gold record is
//! supported unless it names someone the text does not name (its `name_in_text` flag when the
//! gold gives one, else whether the surname occurs in the text); the records and names rows count
//! only supported gold records and the pairs made with them, and every unpaired predicted record
//! or name stays an FP. Without article texts the view is not computed.

pub mod calibration;
pub mod counts;
pub mod errors;
pub mod gold;
mod gold_team;
mod group;
pub mod matching;
pub mod metrics;
pub mod reliability;
pub mod report;
mod slot;
pub mod support;
#[cfg(test)]
mod tests;

pub use counts::Counts;
pub use gold::GoldRecord;
pub use metrics::evaluate;
pub use report::{ArticleCounts, FieldReport, Report, Sources};

use crate::domain::schema::Schema;
use crate::io::{CorpusError, StoreError};
use std::path::{Path, PathBuf};

/// What `vetter eval` is asked to do.
#[derive(Debug, Clone)]
pub struct EvalArgs {
    /// An annotations directory or an interchange JSONL.
    pub gold: PathBuf,
    /// An interchange JSONL.
    pub pred: PathBuf,
    /// Article texts (a directory or JSONL) for the supported view; by default `articles.jsonl`
    /// beside a gold JSONL file, when there is one.
    pub corpus: Option<PathBuf>,
    pub schema: Schema,
    /// JSON instead of the table (keys: see [`Report::to_json`]).
    pub json: bool,
    /// Which annotations of an annotations directory are gold.
    pub pick: GoldPick,
}

/// Which annotations of an annotations directory are gold (a JSONL gold file is read whole).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum GoldPick {
    /// The directory's, when it holds one reviewer's files; several reviewers are refused.
    #[default]
    Only,
    /// One reviewer's own annotations (`--reviewer NAME`: the folder NAME saves into, or the
    /// folder called NAME); adjudicated annotations are left out.
    Reviewer(String),
    /// The adjudicated annotations (`--gold-adjudicated`), one per article.
    Adjudicated,
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A malformed line of a gold or predictions JSONL.
    #[error("{}:{line}: {message}", path.display())]
    Line {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error(transparent)]
    Annotation(#[from] StoreError),
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error("{}: no gold articles found", path.display())]
    NoGold { path: PathBuf },
    #[error(
        "{}: annotations of {} reviewers ({}): pick one with --reviewer NAME, or the \
         adjudicated set with --gold-adjudicated (or an exported JSONL)",
        path.display(), names.len(), names.join(", ")
    )]
    Reviewers { path: PathBuf, names: Vec<String> },
    #[error("{}: no reviewer {name:?} (its reviewers: {})", path.display(), names.join(", "))]
    NoReviewer {
        path: PathBuf,
        name: String,
        names: Vec<String>,
    },
    #[error("{}: {flag} picks annotations of a directory; this gold is a JSONL file", path.display())]
    NotADir { path: PathBuf, flag: &'static str },
    #[error(transparent)]
    Team(#[from] crate::io::team::TeamError),
    #[error("writing the report: {0}")]
    Write(std::io::Error),
}

impl GoldPick {
    /// From `--reviewer NAME` and `--gold-adjudicated` (the first wins if both are given).
    pub fn from_flags(reviewer: Option<String>, adjudicated: bool) -> GoldPick {
        match (reviewer, adjudicated) {
            (Some(name), _) => GoldPick::Reviewer(name),
            (None, true) => GoldPick::Adjudicated,
            (None, false) => GoldPick::Only,
        }
    }
    /// The command-line flag that asked for this pick (None for the default).
    pub fn flag(&self) -> Option<&'static str> {
        match self {
            GoldPick::Only => None,
            GoldPick::Reviewer(_) => Some("--reviewer"),
            GoldPick::Adjudicated => Some("--gold-adjudicated"),
        }
    }
}

/// The default place of article texts: `articles.jsonl` beside a gold file.
fn texts_beside(gold: &Path) -> Option<PathBuf> {
    if !gold.is_file() {
        return None;
    }
    let p = gold.parent()?.join("articles.jsonl");
    p.is_file().then_some(p)
}

/// What both `run` and [`errors::run_errors`] read: gold, predictions, texts (if any) and where
/// they came from, and the warnings met reading them.
pub(crate) struct Loaded {
    pub(crate) gold: Vec<GoldRecord>,
    pub(crate) pred: Vec<crate::domain::prediction::Prediction>,
    pub(crate) texts: Option<std::collections::HashMap<String, String>>,
    pub(crate) texts_path: Option<PathBuf>,
    pub(crate) warnings: Vec<String>,
}

pub(crate) fn load(args: &EvalArgs) -> Result<Loaded, EvalError> {
    let (gold, mut warnings) = gold::load_gold(&args.gold, &args.schema, &args.pick)?;
    let (pred, w) = gold::load_predictions(&args.pred)?;
    warnings.extend(w);
    // Texts of every gold article: one without predictions is scored too (as missed).
    let ids: Vec<&str> = gold.iter().map(|g| g.id.as_str()).collect();
    // An explicit corpus must open; the one found beside the gold file is only used if it does.
    let mut texts_path = args.corpus.clone();
    let mut texts = match &texts_path {
        Some(path) => Some(gold::load_texts(path, &ids)?),
        None => None,
    };
    if texts_path.is_none() {
        if let Some(path) = texts_beside(&args.gold) {
            match gold::load_texts(&path, &ids) {
                Ok(t) => {
                    texts = Some(t);
                    texts_path = Some(path);
                }
                Err(e) => warnings.push(format!("article texts not used: {e}")),
            }
        }
    }
    let texts = texts.map(|(t, w)| {
        warnings.extend(w);
        t
    });
    Ok(Loaded {
        gold,
        pred,
        texts,
        texts_path,
        warnings,
    })
}

/// Loads gold, predictions and (if any) texts, evaluates, and writes the table or the JSON.
pub fn run(args: &EvalArgs, out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    let Loaded {
        gold,
        pred,
        texts,
        texts_path,
        warnings,
    } = load(args)?;
    let mut report = evaluate(&gold, &pred, texts.as_ref(), &args.schema);
    report.warnings.extend(warnings);
    report.sources = Sources {
        gold: args.gold.display().to_string(),
        predictions: args.pred.display().to_string(),
        texts: texts_path.map(|p| p.display().to_string()),
    };
    let text = if args.json {
        let mut s = crate::io::json_out::to_string_pretty(&report.to_json()).unwrap_or_default();
        s.push('\n');
        s
    } else {
        report.to_table()
    };
    out.write_all(text.as_bytes()).map_err(EvalError::Write)
}
