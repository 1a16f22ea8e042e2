//! Adjudication: settling the reviewers' annotations of an article into one. The adjudicator's
//! annotation is an ordinary annotation under review (undo, saving, `D`'s rules are review's);
//! beside it the core keeps every reviewer's annotation of the open article (the candidates),
//! and after every step the annotation's [`Adjudication`] record is derived again from its
//! fields (see [`settle::derive`]), so undo and redo keep it true.
//!
//! [`Adjudication`]: crate::domain::annotation::Adjudication

pub mod settle;

use super::action::{Effect, Opened};
use super::changes::change;
use super::command::Command;
use super::form::{self, Row};
use super::keys::KeyChord;
use super::navigate;
use super::state::State;
use crate::domain::annotation::{Annotation, Entry, FieldAnn};

/// One reviewer's finished annotation of the open article.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The reviewer as named in the annotation file.
    pub name: String,
    pub ann: Annotation,
}

/// An article opened for adjudication: the adjudicator's annotation (opened as review opens
/// one) and the reviewers' annotations it settles, in the order digits 1-9 take them.
#[derive(Debug, Clone)]
pub struct ReviewsOpened {
    pub opened: Opened,
    pub reviews: Vec<Candidate>,
}

/// Which reviewer's value is shown (its evidence highlighted) on a row of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// The form row it was asked on (moving the focus ends it).
    pub focus: usize,
    pub reviewer: usize,
}

/// What the core holds while adjudicating.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Adjudicating {
    /// The article the candidates belong to.
    pub id: String,
    pub reviews: Vec<Candidate>,
    pub shown: Option<Shown>,
}

impl Adjudicating {
    /// Each reviewer's field for the top-level field of a row.
    pub fn candidates(
        &self,
        state: &State,
        row: Row,
    ) -> Vec<(usize, &Candidate, Option<&FieldAnn>)> {
        let key = state.schema.fields.get(row.field()).map(|d| d.key.as_str());
        self.reviews
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c, key.and_then(|k| c.ann.field(k))))
            .collect()
    }
}

/// The article is open for adjudication: the candidates are kept, and an article with no
/// adjudication saved yet starts with the fields every reviewer agrees on confirmed.
pub fn opened(state: &mut State, r: ReviewsOpened) {
    let ReviewsOpened {
        mut opened,
        reviews,
    } = r;
    if !opened.persisted && opened.read_only.is_none() {
        settle::prefill(&state.schema, &mut opened.annotation, &reviews);
    }
    state.adjudication = Some(Adjudicating {
        id: opened.article.id.clone(),
        reviews,
        shown: None,
    });
    super::update::opened_article(state, opened);
}

/// Whether the open article is being adjudicated (its candidates are at hand).
pub fn active(state: &State) -> Option<&Adjudicating> {
    let adj = state.adjudication.as_ref()?;
    let s = state.session.as_ref()?;
    (s.article.id == adj.id).then_some(adj)
}

/// A digit key: take that reviewer's value of the focused field, with its evidence.
pub fn take_key(state: &mut State, key: &KeyChord) -> Vec<Effect> {
    match key.typed_char().and_then(|c| c.to_digit(10)) {
        Some(d) if d >= 1 => take(state, d as usize - 1),
        _ => Vec::new(),
    }
}

/// Takes reviewer `n`'s (from 0) value of the focused field with its evidence; on a group (its
/// row or a record's) their whole list of records.
pub fn take(state: &mut State, n: usize) -> Vec<Effect> {
    let Some(adj) = active(state) else {
        state.info("Digits take a reviewer's value in `vetter adjudicate`");
        return Vec::new();
    };
    let Some(row) = state.focused_row() else {
        return Vec::new();
    };
    let total = adj.reviews.len();
    let Some(c) = adj.reviews.get(n) else {
        state.warn(format!("No reviewer {}: there are {total}", n + 1));
        return Vec::new();
    };
    let Some(def) = state.schema.fields.get(row.field()).cloned() else {
        return Vec::new();
    };
    let name = c.name.clone();
    let from = c.ann.field(&def.key).cloned().unwrap_or_default();
    let who = crate::domain::text::sanitize(&format!("{} {name}", n + 1));
    let label = def.label.clone();
    let out = change(state, |_, ann| {
        let fa = ann.field_mut(&def.key).ok_or("no such field")?;
        settle::take(fa, &from).map_err(|e| format!("{label}: {who} {e}"))
    });
    let group = matches!(from.value, Entry::Records(_));
    if let Some(i) = state
        .rows()
        .iter()
        .position(|r| *r == Row::Field { field: row.field() })
    {
        state.focus = i;
    }
    let took = match &from.value {
        Entry::Records(r) if r.len() == 1 => "1 record".to_string(),
        Entry::Records(r) => format!("{} records", r.len()),
        _ => "value".to_string(),
    };
    if !out.is_empty() {
        state.info(crate::domain::text::sanitize(&format!(
            "{label}: took {who}'s {took}"
        )));
    } else if state.message.is_none() {
        state.info(crate::domain::text::sanitize(&format!(
            "{label} already holds {who}'s {took}"
        )));
    }
    if !group {
        navigate::move_focus(state, 1);
    }
    out
}

/// Shows the next reviewer's value of the focused field: its evidence is highlighted in the
/// article and scrolled into view (after the last reviewer, back to the adjudicator's own).
pub fn compare(state: &mut State) -> Vec<Effect> {
    let Some(adj) = active(state) else {
        state.info("Comparing reviewers works in `vetter adjudicate`");
        return Vec::new();
    };
    let n = adj.reviews.len();
    let next = match adj.shown.filter(|s| s.focus == state.focus) {
        None => 0,
        Some(s) => s.reviewer + 1,
    };
    let Some(row) = state.focused_row() else {
        return Vec::new();
    };
    if next >= n {
        if let Some(a) = state.adjudication.as_mut() {
            a.shown = None;
        }
        state.info("Showing your own value's evidence");
        navigate::reveal_focus(state);
        return Vec::new();
    }
    let (name, spans) = {
        let c = &adj.reviews[next];
        let spans = field_evidence(c, state, row);
        (c.name.clone(), spans)
    };
    if let Some(a) = state.adjudication.as_mut() {
        a.shown = Some(Shown {
            focus: state.focus,
            reviewer: next,
        });
    }
    let who = format!("{} {name}", next + 1);
    match spans.first() {
        Some(&(start, _)) => {
            state.info(crate::domain::text::sanitize(&format!(
                "Showing {who}'s evidence"
            )));
            navigate::reveal_char(state, start);
        }
        None => state.info(crate::domain::text::sanitize(&format!(
            "{who} gave no evidence here"
        ))),
    }
    Vec::new()
}

/// The evidence (code point ranges) of a reviewer's field at a row: a top-level field's with
/// its records' sub-fields, a sub-field's in the record at the same place.
fn field_evidence(c: &Candidate, state: &State, row: Row) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if let Some(fa) = form::get(&state.schema, &c.ann, row) {
        collect(fa, &mut out);
    }
    out
}

fn collect(f: &FieldAnn, out: &mut Vec<(usize, usize)>) {
    out.extend(
        f.evidence
            .iter()
            .filter(|e| !e.stale)
            .map(|e| (e.start, e.end)),
    );
    for sub in f.records().iter().flat_map(|r| &r.fields) {
        collect(sub, out);
    }
}

/// The evidence to highlight as the focused one instead of the adjudicator's, while a
/// reviewer's value is shown on the focused row.
pub fn shown_evidence(state: &State) -> Option<Vec<(usize, usize)>> {
    let adj = active(state)?;
    let shown = adj.shown.filter(|s| s.focus == state.focus)?;
    let row = state.focused_row()?;
    Some(field_evidence(adj.reviews.get(shown.reviewer)?, state, row))
}

/// After every step: the open annotation's adjudication record is derived again from its
/// fields, and the saves of it carry the record; a shown reviewer ends when the focus moves.
pub fn after_step(state: &mut State, out: &mut [Effect]) {
    let focus = state.focus;
    let Some(adj) = state.adjudication.as_mut() else {
        return;
    };
    if adj.shown.is_some_and(|s| s.focus != focus) {
        adj.shown = None;
    }
    let Some(s) = state.session.as_mut() else {
        return;
    };
    if s.article.id != adj.id || s.read_only.is_some() {
        return;
    }
    let record = settle::derive(
        &state.schema,
        &s.annotation,
        &adj.reviews,
        s.annotation.adjudication.as_ref(),
    );
    s.annotation.adjudication = Some(record.clone());
    for e in out.iter_mut() {
        if let Effect::Save(a) = e {
            if a.article.id == adj.id {
                a.adjudication = Some(record.clone());
            }
        }
    }
}

/// The command's answer outside adjudication, or its work inside.
pub fn run(state: &mut State, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::CompareReviewer => compare(state),
        // A Take reached without its key (a replayed command): the first reviewer's.
        Command::Take => take(state, 0),
        _ => Vec::new(),
    }
}
