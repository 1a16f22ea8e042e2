//! The report of `vetter stats`: rows computed from the merged counts, as a table for people or
//! as JSON (the same fields).

use super::accum::{Accum, Bits, FieldAcc, ReviewerAcc};
use super::math::{duration, median, per_hour, percent, percentile, rate};
use crate::batch::table::aligned;
use crate::domain::text::sanitize_line;
use crate::io::Corpus;
use serde::Serialize;
use std::path::Path;

/// One reviewer's articles (or every reviewer's, in [`Report::all`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewerRow {
    pub reviewer: String,
    pub articles: u64,
    pub in_progress: u64,
    pub done: u64,
    pub skipped: u64,
    pub not_relevant: u64,
    pub flagged: u64,
    /// With a corpus: its articles this reviewer (for `all`: nobody) has not annotated.
    pub new: Option<u64>,
    /// Active review time of all the articles counted.
    pub active_seconds: u64,
    pub median_done_seconds: Option<f64>,
    pub p90_done_seconds: Option<u64>,
    /// Done articles per hour of active time (of all the articles counted).
    pub done_per_hour: Option<f64>,
}

impl ReviewerRow {
    fn new(reviewer: String, mut acc: ReviewerAcc, corpus: Option<usize>) -> ReviewerRow {
        ReviewerRow {
            reviewer,
            articles: acc.articles(),
            in_progress: acc.in_progress,
            done: acc.done,
            skipped: acc.skipped,
            not_relevant: acc.not_relevant,
            flagged: acc.flagged,
            new: corpus
                .map(|n| (n as u64).saturating_sub(acc.seen.as_ref().map_or(0, Bits::count))),
            active_seconds: acc.active_seconds,
            median_done_seconds: median(&mut acc.done_seconds),
            p90_done_seconds: percentile(&mut acc.done_seconds, 90),
            done_per_hour: per_hour(acc.done, acc.active_seconds),
        }
    }
}

/// What reviewers did with one field; a sub-field of a group is `group.sub`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldRow {
    pub field: String,
    /// Times the field was reviewed (state not unreviewed).
    pub reviewed: u64,
    /// Of those, with a suggestion: the reviewer confirmed, corrected or rejected it.
    pub suggested: u64,
    pub confirmed: u64,
    pub corrected: u64,
    pub rejected: u64,
    /// confirmed / suggested.
    pub acceptance: Option<f64>,
    /// Reviewed with no suggestion...
    pub unsuggested: u64,
    /// ...and of those, given a value by the reviewer (corrected).
    pub filled: u64,
}

impl FieldRow {
    fn new(field: String, f: &FieldAcc) -> FieldRow {
        FieldRow {
            field,
            reviewed: f.reviewed(),
            suggested: f.suggested(),
            confirmed: f.confirmed,
            corrected: f.corrected,
            rejected: f.rejected,
            acceptance: rate(f.confirmed, f.suggested()),
            unsuggested: f.unsuggested,
            filled: f.filled,
        }
    }
}

/// How many files were met, and what became of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Files {
    /// Annotation files counted.
    pub counted: u64,
    /// Files that could not be read or parsed (or directories that could not be listed).
    pub unreadable: u64,
    /// Files that parse but do not count: a name the store would not give their article, or
    /// another file of the same article that the store prefers.
    pub ignored: u64,
    /// With a corpus: files of articles not in it.
    pub not_in_corpus: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorpusRow {
    pub path: String,
    pub articles: u64,
    /// Articles no reviewer has annotated.
    pub new: u64,
}

/// Everything `vetter stats` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub dir: String,
    pub files: Files,
    pub corpus: Option<CorpusRow>,
    /// By reviewer name.
    pub reviewers: Vec<ReviewerRow>,
    /// Every reviewer together (reviewer `"all"`).
    pub all: ReviewerRow,
    /// In the order of the annotation files' fields.
    pub fields: Vec<FieldRow>,
    /// Why files were unreadable or not counted (`file:line:col: message` where it applies),
    /// in path order; for stderr, not in the JSON.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

impl Report {
    pub fn new(dir: &Path, acc: Accum, corpus: Option<&Corpus>) -> Report {
        let corpus_len = corpus.map(Corpus::len);
        let mut all = ReviewerAcc::default();
        let mut names: Vec<_> = acc.reviewers.into_iter().collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        let reviewers = names
            .into_iter()
            .map(|(name, r)| {
                all.merge(r.clone());
                ReviewerRow::new(name, r, corpus_len)
            })
            .collect();
        let mut fields: Vec<_> = acc.fields.into_iter().collect();
        fields.sort_by(|a, b| (a.1.order, &a.0).cmp(&(b.1.order, &b.0)));
        let mut warnings = acc.unreadable;
        warnings.extend(acc.ignored.iter().cloned());
        warnings.sort();
        Report {
            dir: dir.display().to_string(),
            files: Files {
                counted: acc.read,
                unreadable: (warnings.len() - acc.ignored.len()) as u64,
                ignored: acc.ignored.len() as u64,
                not_in_corpus: acc.not_in_corpus,
            },
            corpus: corpus.map(|c| CorpusRow {
                path: c.path().display().to_string(),
                articles: c.len() as u64,
                new: (c.len() as u64).saturating_sub(all.seen.as_ref().map_or(0, Bits::count)),
            }),
            reviewers,
            all: ReviewerRow::new("all".into(), all, corpus_len),
            fields: fields
                .into_iter()
                .map(|(k, f)| FieldRow::new(k, &f))
                .collect(),
            warnings,
        }
    }

    /// The report as lines of aligned tables, each safe to print.
    pub fn table(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut head = vec![
            "reviewer",
            "articles",
            "in progress",
            "done",
            "skipped",
            "not relevant",
            "flagged",
        ];
        let with_new = self.corpus.is_some();
        if with_new {
            head.push("new");
        }
        head.extend(["active", "median done", "p90 done", "done/hour"]);
        let mut rows = vec![head.into_iter().map(String::from).collect::<Vec<_>>()];
        for r in self.reviewers.iter().chain([&self.all]) {
            let mut row = vec![r.reviewer.clone()];
            row.extend(
                [
                    r.articles,
                    r.in_progress,
                    r.done,
                    r.skipped,
                    r.not_relevant,
                    r.flagged,
                ]
                .map(|n| n.to_string()),
            );
            if with_new {
                row.push(r.new.map_or_else(|| "-".into(), |n| n.to_string()));
            }
            row.push(duration(r.active_seconds as f64));
            row.push(r.median_done_seconds.map_or_else(|| "-".into(), duration));
            row.push(
                r.p90_done_seconds
                    .map_or_else(|| "-".into(), |s| duration(s as f64)),
            );
            row.push(
                r.done_per_hour
                    .map_or_else(|| "-".into(), |h| format!("{h:.1}")),
            );
            rows.push(row);
        }
        out.extend(aligned(&rows, &[0]));
        out.push(String::new());
        let mut rows = vec![[
            "field",
            "reviewed",
            "suggested",
            "confirmed",
            "corrected",
            "rejected",
            "accepted",
            "unsuggested",
            "filled",
        ]
        .map(String::from)
        .to_vec()];
        for f in &self.fields {
            let mut row = vec![f.field.clone()];
            row.extend(
                [
                    f.reviewed,
                    f.suggested,
                    f.confirmed,
                    f.corrected,
                    f.rejected,
                ]
                .map(|n| n.to_string()),
            );
            row.push(percent(f.acceptance));
            row.extend([f.unsuggested, f.filled].map(|n| n.to_string()));
            rows.push(row);
        }
        out.extend(aligned(&rows, &[0]));
        if let Some(c) = &self.corpus {
            out.push(String::new());
            out.push(
                sanitize_line(&format!(
                    "corpus {}: {} articles, {} with no annotation; {} annotation file(s) of other articles not counted",
                    c.path, c.articles, c.new, self.files.not_in_corpus
                ))
                .into_owned(),
            );
        }
        out
    }

    /// The one-line account of the files read, for stderr.
    pub fn summary(&self) -> String {
        let f = &self.files;
        let mut s = format!("{} annotation file(s) counted", f.counted);
        if f.unreadable > 0 {
            s.push_str(&format!(", {} unreadable", f.unreadable));
        }
        if f.ignored > 0 {
            s.push_str(&format!(", {} not counted", f.ignored));
        }
        s
    }
}
