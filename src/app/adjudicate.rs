//! The articles waiting for an adjudicator, and opening one with the reviewers' annotations it
//! settles. Only file names are listed at start ([`Team::groups`]); the groups with files of two
//! or more reviewers are read in parallel to learn which two or more reviewers finished, holding
//! one group's annotations at a time. An article is read again, with every reviewer's
//! annotation, when it is opened.

use crate::core::action::{Action, Opened};
use crate::core::adjudicate::{Candidate, ReviewsOpened};
use crate::core::queue::{Item, Queue};
use crate::domain::summary::Summary;
use crate::io::team::{Group, Team};
use crate::io::Corpus;
use rayon::prelude::*;

/// One article two or more reviewers finished, in corpus order.
#[derive(Debug, Clone)]
struct Waiting {
    /// Its place in the corpus.
    corpus: usize,
    id: String,
    group: Group,
}

/// What adjudication works through: the queue's articles (the queue's index is an index here).
#[derive(Debug)]
pub struct Plan {
    team: Team,
    /// The adjudicator's own folder, if it exists yet.
    me: Option<usize>,
    articles: Vec<Waiting>,
}

/// The plan, the queue it starts with (each article's summary is the adjudicator's annotation
/// of it, if there is one) and what the reviewer should know (files that could not be read,
/// articles left out).
#[derive(Debug)]
pub struct Found {
    pub plan: Plan,
    pub queue: Queue,
    pub messages: Vec<String>,
}

/// What reading one group found.
struct Read {
    found: Vec<(String, Group, Option<Summary>)>,
    own: usize,
    errors: Vec<String>,
}

impl Plan {
    /// Lists the articles of `corpus` that two or more reviewers (other than the adjudicator
    /// named `name`) finished. Articles the adjudicator reviewed themselves are left out: their
    /// folder holds that review, and an adjudication would replace it.
    pub fn find(team: Team, name: &str, corpus: &mut Corpus) -> Found {
        let me = team.member_named(name);
        let others = |g: &Group| {
            let mut m: Vec<usize> = g
                .files
                .iter()
                .map(|(m, _)| *m)
                .filter(|m| Some(*m) != me)
                .collect();
            m.dedup();
            m.len()
        };
        let groups: Vec<Group> = team
            .groups()
            .into_iter()
            .filter(|g| others(g) >= 2)
            .collect();
        let reads: Vec<Read> = groups
            .par_iter()
            .map(|g| read_group(&team, me, g))
            .collect();
        let mut messages = Vec::new();
        let (mut own, mut outside) = (0, 0);
        let mut articles = Vec::new();
        for r in reads {
            own += r.own;
            messages.extend(r.errors);
            for (id, group, summary) in r.found {
                match corpus.index_of(&id) {
                    Some(corpus) => articles.push((Waiting { corpus, id, group }, summary)),
                    None => outside += 1,
                }
            }
        }
        articles.sort_by_key(|(w, _)| w.corpus);
        if own > 0 {
            messages.push(format!(
                "{own} article(s) you reviewed yourself are left out (adjudicate as someone else)"
            ));
        }
        if outside > 0 {
            messages.push(format!(
                "{outside} article(s) finished by two or more reviewers are not in {}",
                corpus.describe()
            ));
        }
        let titles = corpus.take_titles();
        let items = articles
            .iter()
            .map(|(w, summary)| Item {
                id: w.id.as_str().into(),
                title: titles.get(w.corpus).cloned(),
                summary: summary.clone(),
            })
            .collect();
        Found {
            plan: Plan {
                team,
                me,
                articles: articles.into_iter().map(|(w, _)| w).collect(),
            },
            queue: Queue::new(items),
            messages,
        }
    }

    /// How many articles the plan holds (waiting or already adjudicated).
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// The corpus index of the queue's article `i`.
    pub fn corpus_index(&self, i: usize) -> usize {
        self.articles.get(i).map_or(usize::MAX, |w| w.corpus)
    }

    /// The opened adjudicator's annotation, with the reviewers' finished annotations of the
    /// article, read again now (numbered by reviewer folder).
    pub fn opened(&self, mut opened: Opened) -> Action {
        let mut reviews = Vec::new();
        if let Some(w) = self.articles.get(opened.index) {
            let (found, errors) = self
                .team
                .read_with(&w.group, crate::batch::export::fast::parse_or_full);
            opened
                .messages
                .extend(errors.iter().map(ToString::to_string));
            if let Some(a) = found.into_iter().find(|a| a.id == w.id) {
                reviews = a
                    .reviews
                    .into_iter()
                    .filter(|r| Some(r.member) != self.me && r.ann.status.is_finished())
                    .map(|r| Candidate {
                        name: r.ann.reviewer.clone(),
                        ann: r.ann,
                    })
                    .collect();
            }
        }
        if reviews.len() < 2 {
            opened.messages.push(format!(
                "{} reviewer(s) have this article finished now",
                reviews.len()
            ));
        }
        Action::AdjudicationOpened(Box::new(ReviewsOpened { opened, reviews }))
    }
}

/// The articles of a group two or more other reviewers finished, each with the adjudicator's
/// annotation's summary (if any).
fn read_group(team: &Team, me: Option<usize>, g: &Group) -> Read {
    let (found, errors) = team.read_with(g, crate::batch::export::fast::parse_or_full);
    let mut out = Read {
        found: Vec::new(),
        own: 0,
        errors: errors.iter().map(ToString::to_string).collect(),
    };
    for a in found {
        let finished = a.finished().filter(|r| Some(r.member) != me).count();
        if finished < 2 {
            continue;
        }
        if a.reviews.iter().any(|r| Some(r.member) == me) {
            out.own += 1;
            continue;
        }
        let summary = a
            .adjudicated
            .iter()
            .find(|r| Some(r.member) == me)
            .map(|r| Summary::of(&r.ann));
        out.found.push((a.id, g.clone(), summary));
    }
    out
}
