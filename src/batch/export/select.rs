//! Which annotation of an article is exported: one reviewer's, or the gold one (adjudicated,
//! agreed by every reviewer, or the only reviewer's), and why an article is left out.

use crate::domain::annotation::{Annotation, Entry, FieldAnn, Record, Status};
use crate::domain::value::Value;
use crate::eval::gold::reviewed_only;
use crate::eval::matching::{normalize_text, pair_records, PersonName, RecordView};
use crate::io::team::{Article, Review, Team};
use std::collections::BTreeSet;

/// Whose annotations are exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// One member's (by index in [`Team::members`]).
    Member(usize),
    /// The gold annotation of each article (see [`select`]).
    Gold,
}

/// How the exported annotation was chosen (`basis` in the JSONL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The reviewer asked for (`--reviewer`, or the only reviewer of the folder).
    Reviewer,
    /// An adjudicator's annotation.
    Adjudicated,
    /// Every reviewer who finished the article gave the same values.
    Agreed,
    /// The only reviewer who finished the article.
    Single,
}

impl Basis {
    pub fn label(self) -> &'static str {
        match self {
            Basis::Reviewer => "reviewer",
            Basis::Adjudicated => "adjudicated",
            Basis::Agreed => "agreed",
            Basis::Single => "single",
        }
    }
}

/// The annotation exported for an article: reviewed values only (unreviewed fields emptied).
#[derive(Debug, Clone)]
pub struct Chosen {
    pub ann: Annotation,
    /// The reviewers whose annotation it is (several when they agreed; the adjudicator for an
    /// adjudicated one).
    pub reviewers: Vec<String>,
    pub basis: Basis,
}

/// Why an article is not exported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum LeftOut {
    /// Nobody (or not the chosen reviewer) finished it.
    InProgress,
    Skipped,
    NotRelevant,
    /// Reviewers (or adjudicators) who finished it differ; the text says where.
    Disagree(String),
    NotInCorpus,
    TextChanged,
    /// The corpus could not give the text (the message says why).
    TextUnreadable(String),
}

impl LeftOut {
    /// The summary's name for this kind of reason.
    pub fn kind(&self) -> &'static str {
        match self {
            LeftOut::InProgress => "in progress",
            LeftOut::Skipped => "skipped",
            LeftOut::NotRelevant => "not relevant",
            LeftOut::Disagree(_) => "disagreement",
            LeftOut::NotInCorpus => "not in the corpus",
            LeftOut::TextChanged => "text changed",
            LeftOut::TextUnreadable(_) => "text unreadable",
        }
    }
}

fn status_left_out(s: Status) -> LeftOut {
    match s {
        Status::Skipped => LeftOut::Skipped,
        Status::NotRelevant => LeftOut::NotRelevant,
        _ => LeftOut::InProgress,
    }
}

/// The annotation of `article` to export; `None` when the selected member has no annotation
/// of it (an article of other reviewers only: not theirs to export, so not reported).
pub fn select(team: &Team, sel: &Selection, article: &Article) -> Option<Result<Chosen, LeftOut>> {
    match sel {
        Selection::Member(m) => {
            let r = article
                .reviews
                .iter()
                .chain(&article.adjudicated)
                .find(|r| r.member == *m)?;
            Some(match r.ann.status {
                Status::Done => Ok(chosen(&[r], Basis::Reviewer)),
                s => Err(status_left_out(s)),
            })
        }
        Selection::Gold => Some(gold(team, article)),
    }
}

/// The annotation as exported: reviewed values only ([`reviewed_only`]), no evidence where
/// there is no value, and no suggestions or notes (what the reviewer did not settle, or wrote
/// for the team, is not data).
fn exported(a: &Annotation) -> Annotation {
    fn clean(f: &mut FieldAnn) {
        f.suggestion = None;
        f.note = None;
        if f.value == Entry::Empty {
            f.evidence.clear();
        }
        if let Entry::Records(recs) = &mut f.value {
            recs.iter_mut()
                .flat_map(|r| r.fields.iter_mut())
                .for_each(clean);
        }
    }
    let mut a = reviewed_only(a);
    a.fields.iter_mut().for_each(clean);
    a.note = None;
    a.draft = None;
    a
}

fn chosen(rs: &[&Review], basis: Basis) -> Chosen {
    Chosen {
        ann: exported(&rs[0].ann),
        reviewers: rs.iter().map(|r| r.ann.reviewer.clone()).collect(),
        basis,
    }
}

/// `--gold`: a finished adjudication decides (done: exported; not relevant or skipped: left
/// out; several that differ: left out). Else the reviewers who finished it, a skip counting as
/// no opinion: none, left out; one who marked it done, theirs; several, all done and agreeing
/// on every field ([`agree`]), the first one's (in folder order); else left out.
fn gold(team: &Team, article: &Article) -> Result<Chosen, LeftOut> {
    let name = |r: &Review| team.members()[r.member].name.clone();
    let adjudicated: Vec<&Review> = article
        .adjudicated
        .iter()
        .filter(|r| r.ann.status.is_finished())
        .collect();
    if !adjudicated.is_empty() {
        return settle(&adjudicated, Basis::Adjudicated, "adjudications", &name);
    }
    let opinions: Vec<&Review> = article
        .finished()
        .filter(|r| r.ann.status != Status::Skipped)
        .collect();
    if opinions.is_empty() {
        return Err(match article.finished().next() {
            Some(_) => LeftOut::Skipped,
            None => LeftOut::InProgress,
        });
    }
    let basis = match opinions.len() {
        1 => Basis::Single,
        _ => Basis::Agreed,
    };
    settle(&opinions, basis, "reviewers", &name)
}

/// The common annotation of finished annotations `rs`, or why there is none.
fn settle(
    rs: &[&Review],
    basis: Basis,
    who: &str,
    name: &dyn Fn(&Review) -> String,
) -> Result<Chosen, LeftOut> {
    let first = rs[0].ann.status;
    if rs.iter().any(|r| r.ann.status != first) {
        let each: Vec<String> = rs
            .iter()
            .map(|r| format!("{} {}", name(r), r.ann.status.label()))
            .collect();
        return Err(LeftOut::Disagree(format!(
            "{who} differ: {}",
            each.join(", ")
        )));
    }
    if first != Status::Done {
        return Err(status_left_out(first));
    }
    let reviewed: Vec<Annotation> = rs.iter().map(|r| exported(&r.ann)).collect();
    let mut differ = Vec::new();
    for f in &reviewed[0].fields {
        let same = reviewed[1..].iter().all(|o| {
            let other = o.field(&f.key).map_or(&Entry::Empty, |g| &g.value);
            agree(&f.value, other)
        });
        if !same {
            differ.push(f.key.clone());
        }
    }
    // A field only a later annotation has (another schema version) differs too.
    for o in &reviewed[1..] {
        for f in &o.fields {
            if reviewed[0].field(&f.key).is_none()
                && !agree(&Entry::Empty, &f.value)
                && !differ.contains(&f.key)
            {
                differ.push(f.key.clone());
            }
        }
    }
    if !differ.is_empty() {
        let names: Vec<String> = rs.iter().map(|r| name(r)).collect();
        return Err(LeftOut::Disagree(format!(
            "{who} {} differ on {}",
            names.join(", "),
            differ.join(", ")
        )));
    }
    let mut c = chosen(rs, basis);
    c.ann = reviewed.into_iter().next().unwrap_or(c.ann);
    Ok(c)
}

/// Whether two field values agree as `vetter eval` compares them: text normalised
/// ([`normalize_text`]), a multi field as a set of choices, other values exactly; "not
/// mentioned" is a value like any other (and no records is "not mentioned"); group records
/// paired one to one as eval pairs them ([`pair_records`]), every record paired and every
/// paired sub-field agreeing.
pub fn agree(a: &Entry, b: &Entry) -> bool {
    match (a, b) {
        (Entry::Empty, Entry::Empty) | (Entry::NotMentioned, Entry::NotMentioned) => true,
        (Entry::Records(r), Entry::NotMentioned) | (Entry::NotMentioned, Entry::Records(r)) => {
            r.is_empty()
        }
        (Entry::Value(x), Entry::Value(y)) => same_value(x, y),
        (Entry::Records(x), Entry::Records(y)) => same_records(x, y),
        _ => false,
    }
}

fn same_value(x: &Value, y: &Value) -> bool {
    match (x, y) {
        (Value::Text(a), Value::Text(b)) => normalize_text(a) == normalize_text(b),
        (Value::Choices(a), Value::Choices(b)) => {
            a.iter().collect::<BTreeSet<_>>() == b.iter().collect::<BTreeSet<_>>()
        }
        _ => x == y,
    }
}

fn same_records(x: &[Record], y: &[Record]) -> bool {
    if x.len() != y.len() {
        return false;
    }
    // The same records in the same order agree, even those pairing cannot pair (no name, and
    // no sub-field with a value).
    if x.iter().zip(y).all(|(a, b)| same_fields(a, b)) {
        return true;
    }
    let (vx, vy): (Vec<RecordView>, Vec<RecordView>) =
        (x.iter().map(view).collect(), y.iter().map(view).collect());
    let pairs = pair_records(&vx, &vy);
    pairs.len() == x.len() && pairs.iter().all(|p| same_fields(&x[p.gold], &y[p.pred]))
}

/// Every sub-field of two records agrees (one missing counts as empty).
fn same_fields(a: &Record, b: &Record) -> bool {
    a.fields.iter().all(|f| {
        let other = b
            .fields
            .iter()
            .find(|g| g.key == f.key)
            .map_or(&Entry::Empty, |g| &g.value);
        agree(&f.value, other)
    }) && b
        .fields
        .iter()
        .all(|g| a.fields.iter().any(|f| f.key == g.key) || g.value == Entry::Empty)
}

/// A record as eval's pairing sees it: the name parsed, role and age and the other sub-fields
/// in a comparable form.
fn view(r: &Record) -> RecordView {
    let mut v = RecordView::default();
    for f in &r.fields {
        let canon = match &f.value {
            Entry::Value(Value::Text(t)) => Some(normalize_text(t)),
            Entry::Value(Value::Choices(c)) => {
                let mut c = c.clone();
                c.sort();
                Some(c.join(","))
            }
            Entry::Value(v) => Some(v.display()),
            _ => None,
        };
        match f.key.as_str() {
            "name" => {
                if let Entry::Value(Value::Text(t)) = &f.value {
                    v.name = PersonName::parse(t);
                }
            }
            "role" => v.role = canon,
            "age" => v.age = canon,
            _ => v.others.push(canon),
        }
    }
    v
}
