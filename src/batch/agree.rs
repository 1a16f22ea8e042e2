//! `vetter agree`: how far reviewers agree, over the articles two or more of them marked done.
//!
//! The team's folders are read article by article ([`Team`]), in parallel, one article's files at
//! a time. Only reviews whose status is done count; adjudicated annotations are not reviews. The
//! fields are the schema's; an annotation of an older version of it is migrated first, as review
//! opens it.
//!
//! **Units and values** (see [`units`]). Each field of an article is a unit, and each reviewer's
//! value of it one of the unit's values: missing when the field is unreviewed or empty (such a
//! value pairs with nothing), "not mentioned" when rejected — a value like any other. Text is
//! compared as `eval` compares it (normalised: case, punctuation and honorifics ignored), every
//! other type exactly. A group field (`participants`) aligns the reviewers' records with eval's
//! matcher; each aligned record is a unit of the group's own row, where a reviewer who gave the
//! group codes "record" or "no record", so a record that only some reviewers have is a
//! disagreement; an article where every reviewer gave no record is one unit on which they agree.
//! Sub-fields (`participants.age`) are units of the aligned records, coded by the reviewers who
//! have that record.
//!
//! **Numbers** (see [`alpha`]). Per field: articles compared (two reviewers or more gave it a
//! value), pairable units and values, observed agreement (the share of pairs of two reviewers'
//! values of a unit that are equal), and Krippendorff's alpha with the distance of the field's
//! type: nominal for text, enum, date and boolean (and a group's records), interval for
//! integers, MASI for multi. Per pair of reviewers: the same over the units both coded, the
//! agreement over every field together and the mean of the fields' alphas where defined. And
//! the articles with the most disagreeing fields.

pub mod accum;
pub mod alpha;
pub mod report;
pub mod units;

use crate::domain::annotation::{Annotation, Status};
use crate::domain::migrate::migrate;
use crate::domain::schema::Schema;
use crate::io::team::{Article, Review, Team, TeamError};
use crate::io::Corpus;
use accum::Accum;
use rayon::prelude::*;
pub use report::Report;
use std::borrow::Cow;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum AgreeError {
    #[error(transparent)]
    Team(#[from] TeamError),
}

/// What is compared: the annotations root, the schema whose fields are compared, and a corpus
/// to restrict the comparison to.
pub struct AgreeArgs<'a> {
    pub dir: &'a Path,
    pub schema: &'a Schema,
    pub corpus: Option<&'a Corpus>,
}

/// Reads every reviewer's annotations under `args.dir` and measures their agreement (see the
/// module documentation), with a progress bar on stderr when it is a terminal. Files that cannot
/// be read are counted and listed in the report's warnings, never fatal; only a `dir` that
/// cannot be listed is an error.
pub fn run(args: &AgreeArgs) -> Result<Report, AgreeError> {
    let team = Team::open(args.dir)?;
    let groups = team.groups();
    let rows = units::rows(args.schema);
    let bar = super::progress(groups.len() as u64, "articles");
    let acc = groups
        .par_iter()
        .with_min_len(16)
        .fold(
            || Accum::new(rows.len()),
            |mut acc, group| {
                let (articles, errors) =
                    team.read_with(group, crate::batch::export::fast::parse_or_full);
                acc.unreadable
                    .extend(errors.into_iter().map(|e| e.to_string()));
                for article in &articles {
                    count(&mut acc, article, args);
                }
                if let Some(b) = &bar {
                    b.inc(1);
                }
                acc
            },
        )
        .reduce(|| Accum::new(rows.len()), Accum::merge);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let reviewers = team.members().iter().map(|m| m.name.clone()).collect();
    let schema = format!("{} v{}", args.schema.name, args.schema.version);
    Ok(Report::new(
        &args.dir.display().to_string(),
        schema,
        reviewers,
        &rows,
        acc,
        args.corpus.is_some(),
    ))
}

fn count(acc: &mut Accum, article: &Article, args: &AgreeArgs) {
    if article.reviews.is_empty() {
        return;
    }
    if args
        .corpus
        .is_some_and(|c| c.index_of(&article.id).is_none())
    {
        acc.not_in_corpus += 1;
        return;
    }
    acc.articles += 1;
    let done: Vec<&Review> = article
        .reviews
        .iter()
        .filter(|r| r.ann.status == Status::Done)
        .collect();
    match done.len() {
        0 => return,
        1 => {
            acc.single += 1;
            return;
        }
        _ => {}
    }
    let members: Vec<usize> = done.iter().map(|r| r.member).collect();
    let current: Vec<Cow<Annotation>> = done
        .iter()
        .map(|r| current_version(acc, r, args.schema))
        .collect();
    let anns: Vec<&Annotation> = current.iter().map(|a| a.as_ref()).collect();
    acc.add(
        &article.id,
        &members,
        units::article_units(args.schema, &anns),
    );
}

/// A review as the schema's current version: an annotation of an older version of the schema is
/// migrated (as review opens it). One of another schema, of a newer version, or that does not
/// migrate is compared as it is, field by field by key, and noted.
fn current_version<'a>(
    acc: &mut Accum,
    review: &'a Review,
    schema: &Schema,
) -> Cow<'a, Annotation> {
    let ann = &review.ann;
    if ann.schema.name == schema.name && ann.schema.version == schema.version {
        return Cow::Borrowed(ann);
    }
    if ann.schema.name != schema.name {
        acc.other_schema += 1;
    }
    match migrate(ann, schema) {
        Ok(m) => Cow::Owned(m.annotation),
        Err(e) => {
            acc.notes.push(format!(
                "{}: {e}; its fields are compared by key as they are",
                review.path.display()
            ));
            Cow::Borrowed(ann)
        }
    }
}

#[cfg(test)]
mod tests;
