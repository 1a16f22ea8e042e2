//! The report of `vetter agree`: per field, per pair of reviewers, and the articles with the most
//! disagreements; as tables for people or as JSON (the same numbers).

use super::accum::{Accum, RowAcc};
use super::alpha::Alpha;
use super::units::Row;
use crate::batch::stats::math::percent;
use crate::batch::table::aligned;
use serde::Serialize;

/// Alpha as reported: its value, or why it is undefined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlphaOut {
    /// `None` when undefined.
    pub alpha: Option<f64>,
    /// Why alpha is undefined: "no unit coded twice", "one unit" or "no variation".
    pub undefined: Option<&'static str>,
    /// `D_o` and `D_e`, when alpha is defined.
    pub observed_disagreement: Option<f64>,
    pub expected_disagreement: Option<f64>,
}

impl AlphaOut {
    fn new(a: &Alpha) -> AlphaOut {
        AlphaOut {
            alpha: a.value.ok(),
            undefined: a.value.err().map(|e| e.reason()),
            observed_disagreement: a.observed,
            expected_disagreement: a.expected,
        }
    }

    fn shown(&self) -> String {
        match (self.alpha, self.undefined) {
            (Some(a), _) => format!("{a:.3}"),
            (None, Some(why)) => format!("undefined ({why})"),
            (None, None) => "-".into(),
        }
    }
}

/// One field (a group's records as `participants`, a sub-field as `participants.age`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldRow {
    pub field: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub metric: &'static str,
    /// Articles where two reviewers or more gave the field (or the aligned record) a value.
    pub articles: u64,
    /// Pairable units (values from two reviewers or more) and the values in them.
    pub units: u64,
    pub values: u64,
    /// The share of pairs of values (two reviewers' values of one unit) that are equal.
    pub observed_agreement: Option<f64>,
    #[serde(flatten)]
    pub alpha: AlphaOut,
}

impl FieldRow {
    fn new(row: &Row, acc: &RowAcc) -> FieldRow {
        let c = &acc.coincidences;
        FieldRow {
            field: row.path.clone(),
            kind: row.kind,
            metric: row.metric.name(),
            articles: acc.articles,
            units: c.units(),
            values: c.values(),
            observed_agreement: c.agreement(),
            alpha: AlphaOut::new(&c.alpha(row.metric)),
        }
    }
}

/// Two reviewers, over the articles both marked done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairRow {
    pub reviewers: [String; 2],
    pub articles: u64,
    /// Units both gave a value (every field together), and of those the ones they agree on.
    pub values: u64,
    pub agreed: u64,
    pub observed_agreement: Option<f64>,
    /// The mean of the fields' alphas where defined, and over how many fields.
    pub mean_alpha: Option<f64>,
    pub alpha_fields: u64,
    pub fields: Vec<FieldRow>,
}

/// An article where the reviewers disagree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleRow {
    pub id: String,
    pub disagreements: usize,
    pub fields: Vec<String>,
    pub reviewers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Articles {
    /// Articles with at least one review (with a corpus: of its articles).
    pub read: u64,
    /// Marked done by two reviewers or more: the articles compared.
    pub compared: u64,
    /// Marked done by exactly one reviewer.
    pub single: u64,
    /// With a corpus: articles with a review that are not in it (left out).
    pub not_in_corpus: Option<u64>,
}

/// Everything `vetter agree` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub dir: String,
    /// The schema the fields are taken from (name and version).
    pub schema: String,
    /// The reviewers (their folders' names).
    pub reviewers: Vec<String>,
    pub articles: Articles,
    pub unreadable_files: u64,
    /// Values left out because they do not fit their field's type.
    pub unfit_values: u64,
    /// Compared annotations made with a schema of another name (compared field by field by key).
    pub other_schema: u64,
    pub fields: Vec<FieldRow>,
    pub pairs: Vec<PairRow>,
    /// The articles with the most disagreeing fields, most first (at most 10).
    pub disagreements: Vec<ArticleRow>,
    /// The unreadable files (`file:line:col: message`), in path order, then the annotations that
    /// do not migrate to the schema; for stderr.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

impl Report {
    pub fn new(
        dir: &str,
        schema: String,
        reviewers: Vec<String>,
        rows: &[Row],
        mut acc: Accum,
        with_corpus: bool,
    ) -> Report {
        let fields = rows
            .iter()
            .zip(&acc.rows)
            .map(|(r, a)| FieldRow::new(r, a))
            .collect();
        let name = |m: usize| reviewers.get(m).cloned().unwrap_or_default();
        let pairs = acc
            .pairs
            .iter()
            .map(|(&(a, b), p)| {
                let fields: Vec<FieldRow> = rows
                    .iter()
                    .zip(&p.rows)
                    .map(|(r, a)| FieldRow::new(r, a))
                    .collect();
                let (values, agreed) = p.rows.iter().fold((0, 0), |(v, e), r| {
                    let (pairs, equal) = r.coincidences.pair_counts();
                    (v + pairs, e + equal)
                });
                let alphas: Vec<f64> = fields.iter().filter_map(|f| f.alpha.alpha).collect();
                PairRow {
                    reviewers: [name(a), name(b)],
                    articles: p.articles,
                    values,
                    agreed,
                    observed_agreement: (values > 0).then(|| agreed as f64 / values as f64),
                    mean_alpha: (!alphas.is_empty())
                        .then(|| alphas.iter().sum::<f64>() / alphas.len() as f64),
                    alpha_fields: alphas.len() as u64,
                    fields,
                }
            })
            .collect();
        let disagreements = acc
            .top
            .iter()
            .map(|d| ArticleRow {
                id: d.id.clone(),
                disagreements: d.rows.len(),
                fields: d.rows.iter().map(|&i| rows[i].path.clone()).collect(),
                reviewers: d.members.iter().map(|&m| name(m)).collect(),
            })
            .collect();
        acc.unreadable.sort();
        let unreadable_files = acc.unreadable.len() as u64;
        acc.notes.sort();
        let mut warnings = acc.unreadable;
        warnings.append(&mut acc.notes);
        Report {
            dir: dir.to_string(),
            schema,
            articles: Articles {
                read: acc.articles,
                compared: acc.compared,
                single: acc.single,
                not_in_corpus: with_corpus.then_some(acc.not_in_corpus),
            },
            unreadable_files,
            unfit_values: acc.unfit,
            other_schema: acc.other_schema,
            fields,
            pairs,
            disagreements,
            warnings,
            reviewers,
        }
    }

    /// The report as lines of aligned tables, each safe to print.
    pub fn table(&self) -> Vec<String> {
        let mut out = Vec::new();
        let head = [
            "field",
            "type",
            "metric",
            "articles",
            "units",
            "values",
            "agreement",
            "alpha",
        ];
        let mut rows = vec![head.map(String::from).to_vec()];
        for f in &self.fields {
            rows.push(vec![
                f.field.clone(),
                f.kind.into(),
                f.metric.into(),
                f.articles.to_string(),
                f.units.to_string(),
                f.values.to_string(),
                percent(f.observed_agreement),
                f.alpha.shown(),
            ]);
        }
        out.extend(aligned(&rows, &[0, 1, 2]));
        out.push(String::new());
        let head = [
            "reviewers",
            "articles",
            "values",
            "agreement",
            "mean alpha",
            "fields",
        ];
        let mut rows = vec![head.map(String::from).to_vec()];
        for p in &self.pairs {
            rows.push(vec![
                format!("{} / {}", p.reviewers[0], p.reviewers[1]),
                p.articles.to_string(),
                p.values.to_string(),
                percent(p.observed_agreement),
                p.mean_alpha
                    .map_or_else(|| "undefined".into(), |a| format!("{a:.3}")),
                format!("{} of {}", p.alpha_fields, p.fields.len()),
            ]);
        }
        out.extend(aligned(&rows, &[0]));
        out.push(String::new());
        if self.disagreements.is_empty() {
            out.push("no disagreement".into());
            return out;
        }
        let mut rows = vec![["article", "disagreements", "fields"]
            .map(String::from)
            .to_vec()];
        for d in &self.disagreements {
            rows.push(vec![
                d.id.clone(),
                d.disagreements.to_string(),
                d.fields.join(", "),
            ]);
        }
        out.extend(aligned(&rows, &[0, 2]));
        out
    }

    /// The one-line account of what was read, for stderr.
    pub fn summary(&self) -> String {
        let a = &self.articles;
        let mut s = format!(
            "{} article(s) compared (done by two reviewers or more) of {} read; {} done by one only",
            a.compared, a.read, a.single
        );
        if let Some(n) = a.not_in_corpus {
            s.push_str(&format!("; {n} not in the corpus"));
        }
        if self.unreadable_files > 0 {
            s.push_str(&format!("; {} unreadable file(s)", self.unreadable_files));
        }
        if self.unfit_values > 0 {
            s.push_str(&format!(
                "; {} value(s) not of their field's type left out",
                self.unfit_values
            ));
        }
        if self.other_schema > 0 {
            s.push_str(&format!(
                "; {} annotation(s) made with another schema",
                self.other_schema
            ));
        }
        s
    }
}
