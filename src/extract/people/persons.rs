//! Mentions grouped into persons: one person however often and however spelled ("Zachary
//! Christensen", "Christensen", "Christiansen", "the officer"), and unnamed persons that turn out
//! to be named ones ("a 24-year-old man died" and "Marques McCassie, 24").

use super::mentions::{Det, MKind, Mention};
use super::surname::{key_of, same_surname};
use super::PeopleRule;
use crate::extract::doc::{Doc, Ev};
use crate::extract::lexicon::FxMap;

#[derive(Default)]
pub(crate) struct Person {
    pub first: usize,
    pub name: Option<(usize, usize, usize)>,
    surname: Option<String>,
    first_name: Option<String>,
    pub last_seen: usize,
    pub officer: Option<Ev>,
    pub official: bool,
    pub age: Option<(i64, Ev)>,
    pub gender: Vec<(f64, Option<Ev>)>,
    pub roles: Vec<(f64, Option<Ev>)>,
    pub status: Vec<Option<Ev>>,
    pub speaker: f64,
    /// Did something to someone ("a gunman killed a man"): what ties an unnamed agent in.
    pub acted: bool,
    pub noun_gender: Option<usize>,
    /// The gender its first name suggests (see `PersonCue::given`).
    pub given: Option<usize>,
    pub noun_role: Option<usize>,
    pub mention: Option<Ev>,
    /// Head nouns and whole texts of its noun mentions ("girl", "a 12-year-old girl").
    heads: Vec<String>,
    texts: Vec<String>,
}

impl Person {
    fn age_is(&self, age: Option<i64>) -> bool {
        age.is_some() && self.age.map(|a| a.0) == age
    }
}

/// How many of the persons met last a mention may refer to (bounds the work on long pages).
const RECENT: usize = 64;

/// The persons met last, most recent first (at most `RECENT`).
#[derive(Default)]
struct Recent(Vec<usize>);

impl Recent {
    fn touch(&mut self, i: usize) {
        if let Some(at) = self.0.iter().position(|&j| j == i) {
            self.0.remove(at);
        }
        self.0.insert(0, i);
        self.0.truncate(RECENT);
    }

    /// The most recently met person that `f` accepts.
    fn find(&self, persons: &[Person], f: impl Fn(&Person) -> bool) -> Option<usize> {
        self.0.iter().copied().find(|&i| f(&persons[i]))
    }
}

impl PeopleRule {
    /// Which entry of a combined noun list names the tokens `a..b`.
    pub(super) fn noun_choice(
        doc: &Doc,
        list: crate::extract::lexicon::ListId,
        a: usize,
        b: usize,
    ) -> Option<usize> {
        doc.in_range(a, b, list)
            .find(|(h, _)| h.t1 as usize <= b)
            .map(|(_, e)| e as usize)
    }

    /// Whether one of a mention's nouns has a gender ("woman", "male victim").
    pub(super) fn gendered(&self, doc: &Doc, m: &Mention) -> bool {
        (m.nouns.iter()).any(|&(a, b)| Self::noun_choice(doc, self.gender_nouns, a, b).is_some())
    }

    fn compatible(
        p: &Person,
        gender: Option<usize>,
        role: Option<usize>,
        age: Option<i64>,
    ) -> bool {
        let differ =
            |a: Option<usize>, b: Option<usize>| matches!((a, b), (Some(x), Some(y)) if x != y);
        !differ(p.noun_gender, gender)
            && !differ(p.noun_role, role)
            && !matches!((p.age.map(|a| a.0), age), (Some(x), Some(y)) if x != y)
    }

    fn new_person(&self, persons: &mut Vec<Person>, at: usize) -> usize {
        persons.push(Person {
            first: at,
            gender: vec![(0.0, None); self.genders.len()],
            roles: vec![(0.0, None); self.roles.len()],
            status: vec![None; self.statuses.len()],
            ..Default::default()
        });
        persons.len() - 1
    }

    /// Gives each mention its person, creating persons as they are met.
    pub(super) fn assign(&self, doc: &Doc, ms: &mut [Mention]) -> Vec<Person> {
        let mut persons: Vec<Person> = Vec::new();
        let mut recent = Recent::default();
        // Surname -> persons with it (a person named long ago is found by name).
        let mut by_surname: FxMap<String, Vec<usize>> = FxMap::default();
        for k in 0..ms.len() {
            let m = &ms[k];
            let (gender, role) = match m.nouns.first() {
                Some(&(a, b)) => (
                    Self::noun_choice(doc, self.gender_nouns, a, b),
                    Self::noun_choice(doc, self.role_nouns, a, b),
                ),
                None => (None, None),
            };
            let age = m.age.map(|a| a.0);
            let fits = |p: &Person| Self::compatible(p, gender, role, age);
            let who = match m.kind {
                MKind::Named { n0, n1, core } => {
                    let sk = key_of(doc.word(self.last_core(doc, n1)));
                    let fk = (core >= 2).then(|| key_of(doc.word(n0)));
                    let same = |p: &Person| {
                        p.surname.as_ref().is_some_and(|s| same_surname(s, &sk))
                            && match (&p.first_name, &fk) {
                                (Some(a), Some(b)) => {
                                    let prefix = a.len().min(b.len()) >= 3
                                        && (a.starts_with(b.as_str()) || b.starts_with(a.as_str()));
                                    prefix || same_surname(a, b)
                                }
                                _ => true,
                            }
                    };
                    let exact = by_surname
                        .get(&sk)
                        .and_then(|v| v.iter().rev().copied().find(|&i| same(&persons[i])));
                    // "The toddler has been identified as Carter Epps": the unnamed person
                    // met before gets the name.
                    let told = || {
                        m.known
                            .then(|| {
                                recent
                                    .find(&persons, |p| p.name.is_none() && !p.official && fits(p))
                            })
                            .flatten()
                    };
                    let i = match exact.or_else(|| recent.find(&persons, same)).or_else(told) {
                        Some(i) => i,
                        None => self.new_person(&mut persons, m.t0),
                    };
                    if persons[i].surname.is_none() {
                        by_surname.entry(sk.clone()).or_default().push(i);
                        persons[i].surname = Some(sk);
                    }
                    let p = &mut persons[i];
                    if p.name.is_none_or(|(_, _, c)| core > c) {
                        p.name = Some((n0, n1, core));
                    }
                    if p.first_name.is_none() {
                        p.first_name = fk;
                    }
                    Some(i)
                }
                MKind::Surname { n0 } => {
                    let sk = key_of(doc.word(n0));
                    let exact = by_surname
                        .get(&sk)
                        .and_then(|v| v.iter().copied().max_by_key(|&i| persons[i].last_seen));
                    exact.or_else(|| {
                        recent.find(&persons, |p| {
                            p.surname.as_ref().is_some_and(|s| same_surname(s, &sk))
                        })
                    })
                }
                MKind::Noun { n1, det, .. } => {
                    let head = key_of(doc.word(n1.saturating_sub(1)));
                    let text = doc.slice(m.t0, m.t1).to_lowercase();
                    let i = self
                        .resolve_noun(doc, &persons, &recent, (m, det, &head, &text), fits)
                        .unwrap_or_else(|| self.new_person(&mut persons, m.t0));
                    let p = &mut persons[i];
                    if !p.heads.contains(&head) && p.heads.len() < 16 {
                        p.heads.push(head);
                    }
                    if !p.texts.contains(&text) && p.texts.len() < 16 {
                        p.texts.push(text);
                    }
                    Some(i)
                }
                MKind::Pronoun { gender } => {
                    let s = doc.sent(m.t0);
                    ms[..k]
                        .iter()
                        .rev()
                        .take(40)
                        .take_while(|o| doc.sent(o.t0) + 2 >= s)
                        .find_map(|o| {
                            let p = o.person?;
                            let g = persons[p].noun_gender;
                            (!matches!(o.kind, MKind::Pronoun { .. })
                                && g.is_none_or(|g| g == gender))
                            .then_some(p)
                        })
                }
            };
            let Some(i) = who else { continue };
            recent.touch(i);
            let p = &mut persons[i];
            p.last_seen = m.t0;
            p.noun_gender = p.noun_gender.or(gender);
            p.noun_role = p.noun_role.or(role);
            if p.mention.is_none() && !matches!(m.kind, MKind::Pronoun { .. }) {
                p.mention = Some(doc.ev(m.t0, m.t1));
            }
            if p.age.is_none() {
                if let Some((v, a, b)) = m.age {
                    p.age = Some((v, doc.ev(a, b)));
                }
            }
            if let Some((a, b)) = m.rank {
                p.officer.get_or_insert_with(|| doc.ev(a, b));
            }
            p.official |= m.official;
            ms[k].person = Some(i);
        }
        persons
    }

    /// The person a noun mention is, if met before.
    fn resolve_noun(
        &self,
        doc: &Doc,
        persons: &[Person],
        recent: &Recent,
        (m, det, head, text): (&Mention, Det, &String, &String),
        fits: impl Fn(&Person) -> bool,
    ) -> Option<usize> {
        let age = m.age.map(|a| a.0);
        let same_head = |p: &Person| p.heads.contains(head);
        let ages_fit =
            |p: &Person| !matches!((p.age.map(|a| a.0), age), (Some(x), Some(y)) if x != y);
        match (det, age) {
            (Det::Other, _) => None,
            (Det::New, _) => recent.find(persons, |p| {
                p.texts.contains(text)
                    || (same_head(p) && ages_fit(p) && p.name.is_none() && fits(p))
            }),
            (Det::Own, _) => recent.find(persons, |p| {
                (same_head(p) && ages_fit(p)) || (p.age_is(age) && fits(p))
            }),
            // "Aden identified the suspect as Lakim Anthony Faust and said the 23-year-old
            // Greenville man...": the person just named (this sentence, or the one before when
            // this one opens with the mention).
            (Det::Known, Some(_)) => recent
                .find(persons, |p| p.age_is(age))
                .or_else(|| {
                    let s = doc.sent(m.t0);
                    let opens = doc.sent_range(s).0 == m.t0;
                    recent.find(persons, |p| {
                        let seen = doc.sent(p.last_seen);
                        p.name.is_some()
                            && !p.official
                            && p.age.is_none()
                            && (seen == s || (opens && seen + 1 == s))
                            && fits(p)
                    })
                })
                .or_else(|| recent.find(persons, |p| same_head(p) && p.age.is_none() && fits(p))),
            // "the girl": the one met as a girl, else one of the same role, else someone unnamed
            // (a named person is called by name).
            (Det::Known, None) => recent
                .find(persons, |p| same_head(p) && fits(p))
                .or_else(|| {
                    let role = self.noun_role_of(doc, m);
                    recent.find(persons, |p| {
                        role.is_some() && p.noun_role == role && !p.official
                    })
                })
                .or_else(|| {
                    recent.find(persons, |p| {
                        p.name.is_none() && p.noun_role.is_none() && fits(p)
                    })
                })
                .or_else(|| {
                    recent.find(persons, |p| !p.official && p.noun_role.is_none() && fits(p))
                }),
        }
    }

    fn noun_role_of(&self, doc: &Doc, m: &Mention) -> Option<usize> {
        m.nouns
            .first()
            .and_then(|&(a, b)| Self::noun_choice(doc, self.role_nouns, a, b))
    }

    /// An unnamed person that fits exactly one named one (same age, or same role, and the same
    /// fate if both have one) is that one.
    pub(super) fn merge_unnamed(&self, kept: &mut Vec<Person>) {
        // Quadratic below: a page with very many people keeps its first ones.
        kept.truncate(4 * super::MAX_PEOPLE);
        let mut i = 0;
        while i < kept.len() {
            if kept[i].name.is_some() {
                i += 1;
                continue;
            }
            let u = &kept[i];
            let (ua, ur, ug) = (u.age.map(|a| a.0), self.role_key(u), Self::gender_key(u));
            let fates = |p: &Person| p.status.iter().map(Option::is_some).collect::<Vec<_>>();
            let us = fates(u);
            let fits = |n: &Person| {
                let ns = fates(n);
                let same_fate = !us.contains(&true)
                    || !ns.contains(&true)
                    || us.iter().zip(&ns).any(|(a, b)| *a && *b);
                let differ =
                    |a: Option<i64>, b: Option<i64>| matches!((a, b), (Some(x), Some(y)) if x != y);
                n.name.is_some()
                    && same_fate
                    && self.role_key(n) == ur
                    && !differ(n.age.map(|a| a.0), ua)
                    && !matches!((Self::gender_key(n), ug), (Some(x), Some(y)) if x != y)
            };
            let same_age: Vec<usize> = (0..kept.len())
                .filter(|&j| fits(&kept[j]) && kept[j].age_is(ua))
                .collect();
            let any: Vec<usize> = (0..kept.len()).filter(|&j| fits(&kept[j])).collect();
            let target = match (same_age.as_slice(), any.as_slice()) {
                ([j], _) | ([], [j]) => Some(*j),
                _ => None,
            };
            match target {
                Some(j) => {
                    let u = kept.remove(i);
                    let j = if j > i { j - 1 } else { j };
                    absorb(&mut kept[j], u);
                }
                None => i += 1,
            }
        }
    }
}

fn absorb(into: &mut Person, from: Person) {
    for (a, b) in into.status.iter_mut().zip(from.status) {
        if a.is_none() {
            *a = b;
        }
    }
    for (a, b) in into
        .gender
        .iter_mut()
        .zip(from.gender)
        .chain(into.roles.iter_mut().zip(from.roles))
    {
        a.0 += b.0;
        a.1 = a.1.or(b.1);
    }
    into.age = into.age.or(from.age);
    into.officer = into.officer.or(from.officer);
    into.first = into.first.min(from.first);
}
