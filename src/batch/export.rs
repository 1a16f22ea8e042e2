//! `vetter export`: a team's finished annotations as files training and evaluation code reads:
//! JSONL in the interchange format, CSV (a row per article, or per record of a group field),
//! or spans (`{"id", "text", "spans"}`) for span-extraction training.
//!
//! Which annotation of each article: see [`select`] (one reviewer's, or `--gold`: adjudicated,
//! agreed by every reviewer, or the only reviewer's). Only done articles are exported; every
//! article left out is reported with its reason, and counted in the summary.
//!
//! The team's files are listed once ([`Team::groups`], names only); groups are read and
//! turned into output bytes in parallel, a chunk of groups at a time, each worker holding one
//! group's annotations, while the calling thread writes the chunks before, in group (file name)
//! order. At most a few chunks' output wait to be written, so memory is bounded whatever the
//! team's size.

pub mod fast;
pub mod pseudo;
pub mod select;
pub mod write;

use crate::domain::article::text_hash;
use crate::domain::schema::{FieldType, Schema};
use crate::io::team::{Article, Group, Team, TeamError};
use crate::io::Corpus;
use rayon::prelude::*;
use select::{select, LeftOut, Selection};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use write::Table;

/// Groups read and written per step.
const CHUNK: usize = 512;

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Spans,
}

/// What `vetter export` is asked to do.
pub struct ExportArgs<'a> {
    /// The annotations root (one folder per reviewer) or one reviewer's folder.
    pub dir: &'a Path,
    pub schema: &'a Schema,
    pub format: Format,
    /// Export this reviewer's annotations.
    pub reviewer: Option<&'a str>,
    /// Export the gold annotation of each article.
    pub gold: bool,
    /// CSV: one row per record of this group field instead of one per article.
    pub table: Option<&'a str>,
    /// Article texts: needed for spans and `pseudonymise`; when given, an article missing from it
    /// or whose text changed is left out.
    pub texts: Option<&'a Corpus>,
    /// Spans: UTF-8 byte offsets instead of code points.
    pub byte_offsets: bool,
    pub pseudonymise: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Team(#[from] TeamError),
    #[error("{}: no reviewer {name:?} (reviewers: {members})", dir.display())]
    NoSuchReviewer {
        dir: PathBuf,
        name: String,
        members: String,
    },
    #[error(
        "{}: {members} have annotations; choose one with --reviewer NAME, or --gold for the \
         adjudicated or agreed annotation of each article",
        dir.display()
    )]
    SeveralReviewers { dir: PathBuf, members: String },
    #[error("--table {0}: not a group field of the schema")]
    NotAGroup(String),
    #[error("--table is for --format csv")]
    TableNotCsv,
    #[error("--format spans and --pseudonymise need the article texts (--corpus)")]
    NeedsTexts,
    #[error("writing the export: {0}")]
    Write(#[source] std::io::Error),
}

/// What the export did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Articles met (with at least one annotation file).
    pub articles: usize,
    pub exported: usize,
    /// Articles left out, by reason ([`LeftOut::kind`]).
    pub left_out: BTreeMap<&'static str, usize>,
    /// Files that could not be read or parsed.
    pub unreadable: usize,
    /// Articles of other reviewers only (`--reviewer`): not reported one by one.
    pub others: usize,
    /// Minors pseudonymised, over every article.
    pub minors: usize,
    /// Evidence spans left out of the spans format (stale, or not quoting the text).
    pub spans_dropped: usize,
    pub elapsed: Duration,
}

impl Summary {
    pub fn line(&self) -> String {
        let mut s = format!(
            "exported {} of {} articles in {:.2} s",
            self.exported,
            self.articles,
            self.elapsed.as_secs_f64()
        );
        let left: usize = self.left_out.values().sum();
        if left > 0 {
            let each: Vec<String> = self
                .left_out
                .iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect();
            s.push_str(&format!("; left out {left}: {}", each.join(", ")));
        }
        if self.others > 0 {
            s.push_str(&format!("; {} of other reviewers only", self.others));
        }
        if self.unreadable > 0 {
            s.push_str(&format!("; {} unreadable file(s)", self.unreadable));
        }
        if self.minors > 0 {
            s.push_str(&format!("; {} minor(s) pseudonymised", self.minors));
        }
        if self.spans_dropped > 0 {
            s.push_str(&format!("; {} span(s) left out", self.spans_dropped));
        }
        s
    }
}

/// Everything the workers share.
struct Ctx<'a> {
    team: &'a Team,
    sel: Selection,
    format: Format,
    table: Option<Table<'a>>,
    texts: Option<&'a Corpus>,
    byte_offsets: bool,
    pseudonymise: bool,
}

/// A group's output, notes and counts.
#[derive(Default)]
struct Done {
    bytes: Vec<u8>,
    notes: Vec<String>,
    summary: Summary,
}

fn selection(team: &Team, args: &ExportArgs) -> Result<Selection, ExportError> {
    let members = || {
        let names: Vec<&str> = team.members().iter().map(|m| m.name.as_str()).collect();
        names.join(", ")
    };
    if let Some(name) = args.reviewer {
        return team
            .member_named(name)
            .map(Selection::Member)
            .ok_or_else(|| ExportError::NoSuchReviewer {
                dir: args.dir.to_path_buf(),
                name: name.to_string(),
                members: members(),
            });
    }
    if args.gold || team.members().is_empty() {
        return Ok(Selection::Gold);
    }
    match team.members().len() {
        1 => Ok(Selection::Member(0)),
        _ => Err(ExportError::SeveralReviewers {
            dir: args.dir.to_path_buf(),
            members: members(),
        }),
    }
}

fn table<'a>(args: &ExportArgs<'a>) -> Result<Option<Table<'a>>, ExportError> {
    if args.format != Format::Csv {
        return match args.table {
            Some(_) => Err(ExportError::TableNotCsv),
            None => Ok(None),
        };
    }
    Ok(Some(match args.table {
        None => Table::Articles(args.schema),
        Some(key) => match args.schema.field(key) {
            Some(def) => match &def.kind {
                FieldType::Group(subs) => Table::Records(def, subs),
                _ => return Err(ExportError::NotAGroup(key.to_string())),
            },
            None => return Err(ExportError::NotAGroup(key.to_string())),
        },
    }))
}

/// Exports (see the module documentation) to `out`; each article left out, each unreadable file
/// and each span dropped is said to `note`. A progress bar goes to stderr when it is a terminal
/// and there are 1,000 groups or more.
pub fn run(
    args: &ExportArgs,
    out: &mut dyn Write,
    note: &mut dyn FnMut(&str),
) -> Result<Summary, ExportError> {
    let started = Instant::now();
    let team = Team::open(args.dir)?;
    let ctx = Ctx {
        sel: selection(&team, args)?,
        team: &team,
        format: args.format,
        table: table(args)?,
        texts: args.texts,
        byte_offsets: args.byte_offsets,
        pseudonymise: args.pseudonymise,
    };
    if args.texts.is_none() && (args.format == Format::Spans || args.pseudonymise) {
        return Err(ExportError::NeedsTexts);
    }
    let groups = team.groups();
    let bar = super::progress(groups.len() as u64, "articles");
    let mut summary = Summary::default();
    // Chunks are worked out on the pool while this thread writes the ones before (in order).
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Done>>(2);
    let (ctx, groups) = (&ctx, &groups);
    std::thread::scope(|scope| -> Result<(), ExportError> {
        scope.spawn(move || {
            for chunk in groups.chunks(CHUNK) {
                let done = chunk.par_iter().map(|g| export_group(ctx, g)).collect();
                // The writer gave up (an error): stop.
                if tx.send(done).is_err() {
                    break;
                }
            }
        });
        for done in rx {
            let n = done.len() as u64;
            for d in done {
                d.notes.iter().for_each(|n| note(n));
                if summary.exported == 0 && d.summary.exported > 0 {
                    if let Some(t) = &ctx.table {
                        let mut head = Vec::new();
                        write::csv_row(&t.header(), &mut head);
                        out.write_all(&head).map_err(ExportError::Write)?;
                    }
                }
                out.write_all(&d.bytes).map_err(ExportError::Write)?;
                add(&mut summary, &d.summary);
            }
            if let Some(b) = &bar {
                b.inc(n);
            }
        }
        Ok(())
    })?;
    out.flush().map_err(ExportError::Write)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

fn add(to: &mut Summary, s: &Summary) {
    to.articles += s.articles;
    to.exported += s.exported;
    for (k, n) in &s.left_out {
        *to.left_out.entry(k).or_default() += n;
    }
    to.unreadable += s.unreadable;
    to.others += s.others;
    to.minors += s.minors;
    to.spans_dropped += s.spans_dropped;
}

fn export_group(ctx: &Ctx, group: &Group) -> Done {
    // Files as vetter writes them are read by the fast reader, any other by the full parser.
    let (articles, errors) = ctx.team.read_with(group, fast::parse_or_full);
    let mut d = Done::default();
    for e in errors {
        d.notes.push(e.to_string());
        d.summary.unreadable += 1;
    }
    for a in &articles {
        d.summary.articles += 1;
        match export_article(ctx, a, &mut d) {
            None => d.summary.others += 1,
            Some(Ok(())) => d.summary.exported += 1,
            Some(Err(why)) => {
                let reason = match &why {
                    LeftOut::Disagree(s) | LeftOut::TextUnreadable(s) => s.clone(),
                    other => other.kind().to_string(),
                };
                d.notes.push(format!("{:?} left out: {reason}", a.id));
                *d.summary.left_out.entry(why.kind()).or_default() += 1;
            }
        }
    }
    d
}

/// Appends the output of one article to `d`; `None` when it is not the selected reviewer's.
fn export_article(ctx: &Ctx, a: &Article, d: &mut Done) -> Option<Result<(), LeftOut>> {
    let mut c = match select(ctx.team, &ctx.sel, a)? {
        Ok(c) => c,
        Err(why) => return Some(Err(why)),
    };
    let mut text = match ctx.texts {
        None => None,
        Some(corpus) => {
            let Some(i) = corpus.index_of(&a.id) else {
                return Some(Err(LeftOut::NotInCorpus));
            };
            let article = match corpus.load(i) {
                Ok(x) => x,
                Err(e) => return Some(Err(LeftOut::TextUnreadable(e.to_string()))),
            };
            if article.text_hash() != c.ann.article.text_hash {
                return Some(Err(LeftOut::TextChanged));
            }
            Some(article.text)
        }
    };
    if ctx.pseudonymise {
        if let Some(t) = text.as_mut() {
            let n = pseudo::apply(&mut c.ann, t);
            if n > 0 {
                c.ann.article.text_hash = text_hash(t);
            }
            d.summary.minors += n;
        }
    }
    match ctx.format {
        Format::Jsonl => {
            d.bytes.extend(write::jsonl(&c));
            d.bytes.push(b'\n');
        }
        Format::Csv => {
            if let Some(t) = &ctx.table {
                t.rows(&c, &mut d.bytes);
            }
        }
        Format::Spans => {
            let text = text.as_deref().unwrap_or_default();
            let (spans, bad) = write::spans_of(&c, text);
            d.summary.spans_dropped += bad.len();
            d.notes
                .extend(bad.into_iter().map(|b| format!("{:?}: {b}", a.id)));
            d.bytes
                .extend(write::spans_line(&a.id, text, &spans, ctx.byte_offsets));
            d.bytes.push(b'\n');
        }
    }
    Some(Ok(()))
}

#[cfg(test)]
mod tests;
