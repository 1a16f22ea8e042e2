//! People: mentions (see `names`) grouped into persons, the cue words around each mention read
//! as role, gender and status, and the participants kept: those the article ties to the incident,
//! not its sources (officials, witnesses, lawyers who speak about it).

use super::choice::negated;
use super::doc::{Doc, Kind};
use super::lexicon::{LexBuilder, ListId};
use super::names::{key_of, same_surname, Det, MKind, Mention};
use super::{Ctx, ExtractError, Found, Sugg};
use crate::domain::prediction::SpanJson;
use crate::domain::rules::{PeopleKeys, PeopleRules, PersonCue};
use crate::domain::schema::{FieldDef, FieldType};

pub(crate) struct PCue {
    pub choice: String,
    drops: Vec<String>,
    pub before: ListId,
    pub after: ListId,
    pub between: ListId,
    pub nouns: ListId,
}

pub(crate) struct PeopleRule {
    keys: PeopleKeys,
    pub numbers: ListId,
    pub ranks: ListId,
    pub titles: ListId,
    pub officials: ListId,
    pub not_names: ListId,
    pub places: ListId,
    pub before_place: ListId,
    pub suffixes: ListId,
    pub particles: ListId,
    pub nouns: ListId,
    pub indefinite: ListId,
    pub definite: ListId,
    pub possessive: ListId,
    pub another: ListId,
    pub copulas: ListId,
    auxiliaries: ListId,
    barriers: ListId,
    agents: ListId,
    pub age_after: ListId,
    pub age_before: ListId,
    speakers: ListId,
    negations: ListId,
    conjunctions: ListId,
    rank_role: Option<String>,
    default_role: Option<String>,
    roles: Vec<PCue>,
    pub genders: Vec<PCue>,
    statuses: Vec<PCue>,
    pub pronouns: Vec<PCue>,
    /// The status sub-field's choices, for the schema's order.
    status_order: Vec<String>,
    /// Lower-case age words ("-year-old") and number words with their values.
    pub age_suffixes: Vec<String>,
    number_words: Vec<(String, i64)>,
    /// Status cues (by index) that keep an official or a late-met person.
    serious: Vec<usize>,
    focus: usize,
    pub link_lines: ListId,
}

/// At most this many participants are given for one article.
const MAX_PEOPLE: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Role(usize),
    Gender(usize),
    Status(usize),
    Speaker,
}

#[derive(Default)]
struct Person {
    first: usize,
    name: Option<(usize, usize, usize)>,
    surname: Option<String>,
    first_name: Option<String>,
    last_seen: usize,
    officer: Option<SpanJson>,
    official: bool,
    age: Option<(i64, SpanJson)>,
    gender: Vec<(f64, Option<SpanJson>)>,
    roles: Vec<(f64, Option<SpanJson>)>,
    status: Vec<Option<SpanJson>>,
    speaker: f64,
    noun_gender: Option<usize>,
    noun_role: Option<usize>,
    mentions: u32,
    mention: Option<SpanJson>,
    /// Head nouns and whole texts of its noun mentions ("girl", "a 12-year-old girl").
    heads: Vec<String>,
    texts: Vec<String>,
}

fn cues(lb: &mut LexBuilder, list: &[PersonCue]) -> Result<Vec<PCue>, ExtractError> {
    list.iter()
        .map(|c| {
            Ok(PCue {
                choice: c.choice.clone(),
                drops: c.drops.clone(),
                before: lb.list(&c.before)?,
                after: lb.list(&c.after)?,
                between: lb.list(&c.between)?,
                nouns: lb.list(&c.nouns)?,
            })
        })
        .collect()
}

fn vote(v: &mut [(f64, Option<SpanJson>)], i: usize, w: f64, span: SpanJson) {
    if let Some(x) = v.get_mut(i) {
        x.0 += w;
        if x.1.is_none() {
            x.1 = Some(span);
        }
    }
}

fn best(v: &[(f64, Option<SpanJson>)]) -> Option<(usize, SpanJson)> {
    let (i, x) = v
        .iter()
        .enumerate()
        .filter(|(_, x)| x.0 > 0.0)
        .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0).then(b.0.cmp(&a.0)))?;
    Some((i, x.1.clone()?))
}

impl PeopleRule {
    pub fn compile(_key: &str, r: &PeopleRules, subs: &[FieldDef], lb: &mut LexBuilder) -> Result<Self, ExtractError> {
        let choices = |k: &Option<String>| -> Vec<String> {
            match k.as_ref().and_then(|k| subs.iter().find(|s| &s.key == k)).map(|s| &s.kind) {
                Some(FieldType::Enum(c) | FieldType::Multi(c)) => c.clone(),
                _ => Vec::new(),
            }
        };
        Ok(PeopleRule {
            keys: r.keys.clone(),
            numbers: lb.gazetteer(&r.numbers)?,
            ranks: lb.list(&r.ranks)?,
            titles: lb.list(&r.titles)?,
            officials: lb.list(&r.officials)?,
            not_names: lb.list(&r.not_names)?,
            places: lb.list(&r.places)?,
            before_place: lb.list(&r.before_place)?,
            suffixes: lb.list(&r.suffixes)?,
            particles: lb.list(&r.particles)?,
            nouns: lb.list(&r.nouns)?,
            indefinite: lb.list(&r.indefinite)?,
            definite: lb.list(&r.definite)?,
            possessive: lb.list(&r.possessive)?,
            another: lb.list(&r.another)?,
            copulas: lb.list(&r.copulas)?,
            auxiliaries: lb.list(&r.auxiliaries)?,
            barriers: lb.list(&r.barriers)?,
            agents: lb.list(&r.agents)?,
            age_after: lb.list(&r.age_after)?,
            age_before: lb.list(&r.age_before)?,
            speakers: lb.list(&r.speakers)?,
            negations: lb.list(&r.negations)?,
            conjunctions: lb.list(&r.conjunctions)?,
            rank_role: r.rank_role.clone(),
            default_role: r.default_role.clone(),
            roles: cues(lb, &r.roles)?,
            genders: cues(lb, &r.genders)?,
            statuses: cues(lb, &r.statuses)?,
            pronouns: cues(lb, &r.pronouns)?,
            status_order: choices(&r.keys.status),
            age_suffixes: r.age_after.iter().map(|s| s.trim_start_matches('-').to_lowercase()).filter(|s| !s.is_empty()).collect(),
            number_words: lb
                .terms_of(&r.numbers)
                .iter()
                .filter_map(|t| Some((t.name.parse::<i64>().ok()?, t)))
                .flat_map(|(v, t)| std::iter::once(t.name.to_lowercase()).chain(t.aliases.iter().map(|a| a.to_lowercase())).map(move |w| (w, v)))
                .collect(),
            serious: r.statuses.iter().enumerate().filter(|(_, c)| r.serious.contains(&c.choice)).map(|(i, _)| i).collect(),
            focus: r.focus_tokens.unwrap_or(usize::MAX),
            link_lines: lb.list(&r.link_lines)?,
        })
    }

    /// Which cue of `list` names the noun tokens `a..b`.
    fn noun_choice(doc: &Doc, list: &[PCue], a: usize, b: usize) -> Option<usize> {
        list.iter().position(|c| doc.in_range(a, b, c.nouns).any(|(h, _)| h.t1 as usize <= b))
    }

    fn compatible(p: &Person, gender: Option<usize>, role: Option<usize>, age: Option<i64>) -> bool {
        let differ = |a: Option<usize>, b: Option<usize>| matches!((a, b), (Some(x), Some(y)) if x != y);
        !differ(p.noun_gender, gender)
            && !differ(p.noun_role, role)
            && !matches!((p.age.as_ref().map(|a| a.0), age), (Some(x), Some(y)) if x != y)
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
    fn assign(&self, doc: &Doc, ms: &mut [Mention]) -> Vec<Person> {
        let mut persons: Vec<Person> = Vec::new();
        for k in 0..ms.len() {
            let m = &ms[k];
            let by_recent = |persons: &Vec<Person>, f: &dyn Fn(&Person) -> bool| {
                (0..persons.len()).filter(|&i| f(&persons[i])).max_by_key(|&i| persons[i].last_seen)
            };
            let (gender, role) = match m.nouns.first() {
                Some(&(a, b)) => (Self::noun_choice(doc, &self.genders, a, b), Self::noun_choice(doc, &self.roles, a, b)),
                None => (None, None),
            };
            let age = m.age.map(|a| a.0);
            let who = match m.kind {
                MKind::Named { n0, n1, core } => {
                    let sk = key_of(doc.word(self.last_core(doc, n1)));
                    let fk = (core >= 2).then(|| key_of(doc.word(n0)));
                    let same = |p: &Person| {
                        p.surname.as_ref().is_some_and(|s| same_surname(s, &sk))
                            && match (&p.first_name, &fk) {
                                (Some(a), Some(b)) => {
                                    a == b || (a.len().min(b.len()) >= 3 && (a.starts_with(b.as_str()) || b.starts_with(a.as_str()))) || same_surname(a, b)
                                }
                                _ => true,
                            }
                    };
                    let i = match by_recent(&persons, &same) {
                        Some(i) => i,
                        None => {
                            let i = self.new_person(&mut persons, m.t0);
                            persons[i].surname = Some(sk);
                            i
                        }
                    };
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
                    by_recent(&persons, &|p: &Person| p.surname.as_ref().is_some_and(|s| same_surname(s, &sk)))
                }
                MKind::Noun { n1, det, .. } => {
                    let head = key_of(doc.word(n1.saturating_sub(1)));
                    let text = doc.slice(m.t0, m.t1).to_lowercase();
                    let same_head = |p: &Person| p.heads.contains(&head);
                    let ages_fit = |p: &Person| !matches!((p.age.as_ref().map(|a| a.0), age), (Some(x), Some(y)) if x != y);
                    let found = match (det, age) {
                        (Det::Other, _) => None,
                        (Det::New, _) => by_recent(&persons, &|p: &Person| {
                            p.texts.contains(&text) || (same_head(p) && ages_fit(p) && p.name.is_none() && Self::compatible(p, gender, role, age))
                        }),
                        (Det::Own, _) => by_recent(&persons, &|p: &Person| {
                            (same_head(p) && ages_fit(p)) || (age.is_some() && p.age.as_ref().map(|x| x.0) == age && Self::compatible(p, gender, role, age))
                        }),
                        // "Aden identified the suspect as Lakim Anthony Faust and said the
                        // 23-year-old Greenville man...": the person just named.
                        (Det::Known, Some(a)) => by_recent(&persons, &|p: &Person| p.age.as_ref().map(|x| x.0) == Some(a))
                            .or_else(|| {
                                let s = doc.sent(m.t0);
                                by_recent(&persons, &|p: &Person| {
                                    p.name.is_some() && !p.official && p.age.is_none() && doc.sent(p.last_seen) == s && Self::compatible(p, gender, role, age)
                                })
                            })
                            .or_else(|| by_recent(&persons, &|p: &Person| same_head(p) && p.age.is_none() && Self::compatible(p, gender, role, age))),
                        // "the girl": the one met as a girl, else one of the same role, else
                        // someone unnamed (a named person is called by name).
                        (Det::Known, None) => by_recent(&persons, &|p: &Person| same_head(p) && Self::compatible(p, gender, role, age))
                            .or_else(|| by_recent(&persons, &|p: &Person| role.is_some() && p.noun_role == role && !p.official))
                            .or_else(|| by_recent(&persons, &|p: &Person| p.name.is_none() && p.noun_role.is_none() && Self::compatible(p, gender, role, age)))
                            .or_else(|| by_recent(&persons, &|p: &Person| !p.official && p.noun_role.is_none() && Self::compatible(p, gender, role, age))),
                    };
                    let i = found.unwrap_or_else(|| self.new_person(&mut persons, m.t0));
                    let p = &mut persons[i];
                    if !p.heads.contains(&head) {
                        p.heads.push(head);
                    }
                    if !p.texts.contains(&text) {
                        p.texts.push(text);
                    }
                    Some(i)
                }
                MKind::Pronoun { gender } => {
                    let s = doc.sent(m.t0);
                    (0..k).rev().map(|j| &ms[j]).take_while(|o| doc.sent(o.t0) + 2 >= s).find_map(|o| {
                        let p = o.person?;
                        let g = persons[p].noun_gender;
                        (!matches!(o.kind, MKind::Pronoun { .. }) && g.is_none_or(|g| g == gender)).then_some(p)
                    })
                }
            };
            let Some(i) = who else { continue };
            let p = &mut persons[i];
            p.last_seen = m.t0;
            p.mentions += 1;
            p.noun_gender = p.noun_gender.or(gender);
            p.noun_role = p.noun_role.or(role);
            if p.mention.is_none() && !matches!(m.kind, MKind::Pronoun { .. }) {
                p.mention = Some(doc.span(m.t0, m.t1));
            }
            if p.age.is_none() {
                if let Some((v, a, b)) = m.age {
                    p.age = Some((v, doc.span(a, b)));
                }
            }
            if let Some((a, b)) = m.rank {
                p.officer.get_or_insert_with(|| doc.span(a, b));
            }
            p.official |= m.official;
            ms[k].person = Some(i);
        }
        persons
    }

    /// Tokens `a..b` hold only list glue: commas, "and", determiners, ages and nouns.
    fn glue(&self, doc: &Doc, a: usize, b: usize) -> bool {
        let mut i = a;
        while i < b {
            let step = [self.conjunctions, self.indefinite, self.definite, self.possessive, self.nouns, self.age_after]
                .iter()
                .find_map(|&l| doc.at(i, l).map(|(h, _)| h.t1 as usize))
                .filter(|&e| e <= b);
            match step {
                Some(e) => i = e,
                None if matches!(doc.word(i), "," | ";" | ":" | "-") || doc.kind(i) == Some(Kind::Num) => i += 1,
                None => return false,
            }
        }
        true
    }

    /// Whether a cue ending at `e` still speaks of the person starting at `t`: no "and" between,
    /// and at most three words besides ages, titles and commas ("shot his estranged wife").
    fn close_before(&self, doc: &Doc, (s, e): (usize, usize), t: usize) -> bool {
        if doc.has(e, t, self.conjunctions) || doc.has(e, t, self.barriers) || doc.ending_at(s, self.auxiliaries).is_some() {
            return false;
        }
        let mut words = 0;
        let mut i = e;
        while i < t {
            if let Some((h, _)) = doc.at(i, self.age_after) {
                i = h.t1 as usize;
                continue;
            }
            if !(doc.kind(i) == Some(Kind::Num) || matches!(doc.word(i), "," | "-")) {
                words += 1;
            }
            i += 1;
        }
        words <= 3
    }

    /// Whether a cue starting at `t` still speaks of the person ending at `e`: no barrier ("she")
    /// between, and at most eight words besides ages and commas.
    fn close_after(&self, doc: &Doc, e: usize, t: usize) -> bool {
        // "He said some had serious injuries": what is said is not about the speaker.
        if doc.has(e, t, self.barriers) || doc.has(e, t, self.speakers) {
            return false;
        }
        let words = (e..t).filter(|&i| doc.kind(i) == Some(Kind::Word) && doc.at(i, self.age_after).is_none()).count();
        words <= 8
    }

    /// The cue words in tokens `a..b` from the lists `pick` chooses, not negated.
    fn find(&self, doc: &Doc, (a, b): (usize, usize), before: bool, out: &mut Vec<(Cue, SpanJson)>, pick: impl Fn(&PCue) -> ListId) {
        if b <= a {
            return;
        }
        // "was fatally shot by an officer": what comes before "by" is not about the officer.
        let agent = if before { doc.in_range(a, b, self.agents).map(|(h, _)| h.t0 as usize).last() } else { None };
        for (set, kind) in [(&self.roles, 0), (&self.statuses, 1)] {
            for (i, c) in set.iter().enumerate() {
                let l = pick(c);
                for (h, _) in doc
                    .in_range(a, b, l)
                    .filter(|(h, _)| h.t1 as usize <= b && agent.is_none_or(|g| h.t0 as usize >= g))
                    .filter(|(h, _)| if before { self.close_before(doc, (h.t0 as usize, h.t1 as usize), b) } else { self.close_after(doc, a, h.t0 as usize) })
                {
                    if !negated(doc, h.t0 as usize, self.negations) {
                        out.push((if kind == 0 { Cue::Role(i) } else { Cue::Status(i) }, doc.hit_span(&h)));
                        break;
                    }
                }
            }
        }
    }

    fn read_cues(&self, ctx: &Ctx, ms: &[Mention], persons: &mut [Person]) {
        let doc = &ctx.doc;
        let other = ctx.other_time();
        let other_time = |s: usize| other.get(s).copied().unwrap_or(false);
        let n = ms.len();
        let mut before: Vec<Vec<(Cue, SpanJson)>> = vec![Vec::new(); n];
        let mut after: Vec<Vec<(Cue, SpanJson)>> = vec![Vec::new(); n];
        for (k, m) in ms.iter().enumerate() {
            let s = doc.sent(m.t0);
            let (sa, sb) = doc.sent_range(s);
            let prev = k.checked_sub(1).map(|j| &ms[j]).filter(|o| doc.sent(o.t0) == s);
            let next = ms.get(k + 1).filter(|o| doc.sent(o.t0) == s);
            let b0 = sa.max(prev.map_or(0, |o| o.t1)).max(m.t0.saturating_sub(8));
            let mut a1 = sb.min(next.map_or(usize::MAX, |o| o.t0)).min(m.t1 + 12);
            if let Some(semi) = (m.t1..a1).find(|&i| doc.is(i, ";")) {
                a1 = semi;
            }
            let quiet = other_time(s);
            {
                let keep = |v: &mut Vec<(Cue, SpanJson)>, from: usize| {
                    if quiet {
                        let mut i = from;
                        while i < v.len() {
                            if matches!(v[i].0, Cue::Status(_)) {
                                v.remove(i);
                            } else {
                                i += 1;
                            }
                        }
                    }
                };
                let attributed = doc.at(m.t1, self.speakers).is_some() || doc.ending_at(m.t0, self.speakers).is_some();
                if !attributed {
                    self.find(doc, (b0, m.t0), true, &mut before[k], |c| c.before);
                    keep(&mut before[k], 0);
                }
                self.find(doc, (m.t1, a1), false, &mut after[k], |c| c.after);
                keep(&mut after[k], 0);
                let passive = |o: &Mention| doc.has(m.t1, o.t0, self.agents);
                if let Some(o) = next.filter(|o| o.t0 <= m.t1 + 6 && !passive(o)) {
                    let mut between = Vec::new();
                    self.find(doc, (m.t1, o.t0), false, &mut between, |c| c.between);
                    after[k].extend(between.into_iter().filter(|(c, _)| matches!(c, Cue::Role(_))));
                }
            }
            // "Aden said", "said Aden", "Mark Curnutt, attorney for": a source, right beside the name.
            for (h, _) in doc.in_range(m.t0.saturating_sub(3), m.t1 + 3, self.speakers) {
                let (t0, t1) = (h.t0 as usize, h.t1 as usize);
                let beside = |a: usize, b: usize| b >= a && (a..b).all(|i| matches!(doc.word(i), "," | "(")) && b - a <= 1;
                if (t1 <= m.t0 && beside(t1, m.t0)) || (t0 >= m.t1 && beside(m.t1, t0)) {
                    after[k].push((Cue::Speaker, doc.hit_span(&h)));
                }
            }
            if matches!(m.kind, MKind::Named { .. } | MKind::Surname { .. }) {
                // Pronouns that follow, up to the next person: "he", "her".
                let end = ms.get(k + 1).map_or(doc.len(), |o| o.t0).min(m.t1 + 20);
                for (g, c) in self.genders.iter().enumerate() {
                    if let Some((h, _)) = doc.in_range(m.t1, end, c.after).next() {
                        after[k].push((Cue::Gender(g), doc.hit_span(&h)));
                    }
                    if let Some((h, _)) = doc.in_range(m.t0.saturating_sub(2), m.t0 + 1, c.before).next() {
                        before[k].push((Cue::Gender(g), doc.hit_span(&h)));
                    }
                }
            }
        }
        // Lists share their cues: "identified the dead as A, B and C", "A, B and C were injured".
        for k in 1..n {
            let (p, m) = (&ms[k - 1], &ms[k]);
            if doc.sent(p.t0) == doc.sent(m.t0) && self.glue(doc, p.t1, m.t0) {
                let inherited: Vec<_> = before[k - 1].iter().filter(|(c, _)| !matches!(c, Cue::Gender(_))).cloned().collect();
                before[k].extend(inherited);
            }
        }
        for k in (0..n.saturating_sub(1)).rev() {
            let (m, q) = (&ms[k], &ms[k + 1]);
            if doc.sent(q.t0) == doc.sent(m.t0) && self.glue(doc, m.t1, q.t0) {
                let inherited: Vec<_> = after[k + 1].iter().filter(|(c, _)| matches!(c, Cue::Status(_) | Cue::Role(_))).cloned().collect();
                after[k].extend(inherited);
            }
        }
        for (k, m) in ms.iter().enumerate() {
            let Some(p) = m.person.and_then(|i| persons.get_mut(i)) else { continue };
            for (cue, span) in before[k].iter().chain(after[k].iter()) {
                match *cue {
                    Cue::Role(i) => vote(&mut p.roles, i, 1.0, span.clone()),
                    Cue::Gender(i) => vote(&mut p.gender, i, 1.0, span.clone()),
                    Cue::Status(i) => {
                        if let Some(s) = p.status.get_mut(i) {
                            s.get_or_insert_with(|| span.clone());
                        }
                    }
                    Cue::Speaker => p.speaker += 1.0,
                }
            }
            for &(a, b) in &m.nouns {
                if let Some(g) = Self::noun_choice(doc, &self.genders, a, b) {
                    vote(&mut p.gender, g, 2.0, doc.span(a, b));
                }
                if let Some(r) = Self::noun_choice(doc, &self.roles, a, b) {
                    vote(&mut p.roles, r, 1.5, doc.span(a, b));
                }
            }
            if let MKind::Pronoun { gender } = m.kind {
                vote(&mut p.gender, gender, 1.0, doc.span(m.t0, m.t1));
            }
        }
    }

    pub fn run(&self, ctx: &Ctx) -> Found {
        let doc = &ctx.doc;
        let mut ms = self.mentions(doc);
        if ms.is_empty() {
            return Found::Nothing;
        }
        let mut persons = self.assign(doc, &mut ms);
        self.read_cues(ctx, &ms, &mut persons);
        if std::env::var_os("VETTER_DEBUG_PEOPLE").is_some() {
            for m in &ms {
                eprintln!("M {:?} {:?} person={:?} age={:?} nouns={:?}", doc.slice(m.t0, m.t1), m.kind, m.person, m.age, m.nouns);
            }
            for (i, p) in persons.iter().enumerate() {
                eprintln!("P{i} name={:?} officer={} official={} age={:?} status={:?} roles={:?} speaker={} keep={}", p.name.map(|(a, b, _)| doc.slice(a, b)), p.officer.is_some(), p.official, p.age.as_ref().map(|a| a.0), p.status.iter().map(|s| s.as_ref().map(|x| x.quote.clone())).collect::<Vec<_>>(), p.roles.iter().map(|r| r.0).collect::<Vec<_>>(), p.speaker, self.participates(p));
            }
        }
        let mut kept: Vec<Person> = persons.into_iter().filter(|p| self.participates(p)).collect();
        self.merge_unnamed(&mut kept);
        kept.sort_by_key(|p| p.first);
        kept.truncate(MAX_PEOPLE);
        if kept.is_empty() {
            return Found::Nothing;
        }
        Found::Records(kept.iter().map(|p| self.record(doc, p)).collect())
    }

    /// The value of a number word ("thirty").
    pub(crate) fn number_value(&self, w: &str) -> Option<i64> {
        self.number_words.iter().find(|(x, _)| x == w).map(|(_, v)| *v)
    }

    /// Whether the article ties the person to the incident (rather than quoting them about it).
    fn participates(&self, p: &Person) -> bool {
        let hurt = p.status.iter().any(Option::is_some);
        let serious = self.serious.iter().any(|&i| p.status.get(i).is_some_and(Option::is_some));
        if (p.official || p.first > self.focus) && !serious {
            return false;
        }
        let role = p.roles.iter().any(|r| r.0 >= 1.0);
        let officer = p.officer.is_some() || self.is_officer_role(p.noun_role);
        let mut score = 3.0 * f64::from(u8::from(hurt)) + 2.0 * f64::from(u8::from(role));
        score += 2.0 * f64::from(u8::from(p.age.is_some())) + f64::from(u8::from(officer)) - 1.5 * p.speaker.min(2.0);
        if p.name.is_some() {
            score >= 2.0
        } else {
            (p.age.is_some() || hurt) && !p.official
        }
    }

    /// The role a record will get: the rank's, the best cue's, or the default.
    fn role_key(&self, p: &Person) -> Option<String> {
        if p.officer.is_some() || self.is_officer_role(p.noun_role) {
            return self.rank_role.clone();
        }
        best(&p.roles).map(|(i, _)| self.roles[i].choice.clone()).or_else(|| self.default_role.clone())
    }

    fn gender_key(p: &Person) -> Option<usize> {
        let (g, _) = best(&p.gender)?;
        let other: f64 = p.gender.iter().enumerate().filter(|(i, _)| *i != g).map(|(_, x)| x.0).sum();
        (p.gender[g].0 > other).then_some(g)
    }

    /// An unnamed person that fits exactly one named one (same age, or same role) is that one:
    /// "a 24-year-old man died" and "Marques McCassie, 24".
    fn merge_unnamed(&self, kept: &mut Vec<Person>) {
        let mut i = 0;
        while i < kept.len() {
            if kept[i].name.is_some() {
                i += 1;
                continue;
            }
            let u = &kept[i];
            let (ua, ur, ug) = (u.age.as_ref().map(|a| a.0), self.role_key(u), Self::gender_key(u));
            let statuses = |p: &Person| p.status.iter().map(Option::is_some).collect::<Vec<_>>();
            let us = statuses(u);
            let fits = |n: &Person| {
                let na = n.age.as_ref().map(|a| a.0);
                let ng = Self::gender_key(n);
                let ns = statuses(n);
                // Both told what happened to them: it must be the same.
                let same_fate = !us.contains(&true) || !ns.contains(&true) || us.iter().zip(&ns).any(|(a, b)| *a && *b);
                n.name.is_some()
                    && same_fate
                    && self.role_key(n) == ur
                    && !matches!((na, ua), (Some(x), Some(y)) if x != y)
                    && !matches!((ng, ug), (Some(x), Some(y)) if x != y)
            };
            let same_age: Vec<usize> = (0..kept.len()).filter(|&j| fits(&kept[j]) && ua.is_some() && kept[j].age.as_ref().map(|a| a.0) == ua).collect();
            let any: Vec<usize> = (0..kept.len()).filter(|&j| fits(&kept[j])).collect();
            let target = match (same_age.as_slice(), any.as_slice()) {
                ([j], _) => Some(*j),
                ([], [j]) => Some(*j),
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

    /// Whether a role cue (by index) gives the rank's role.
    fn is_officer_role(&self, role: Option<usize>) -> bool {
        let c = role.and_then(|i| self.roles.get(i)).map(|c| &c.choice);
        c.is_some() && c == self.rank_role.as_ref()
    }

    fn record(&self, doc: &Doc, p: &Person) -> Vec<(String, Sugg)> {
        let mut out = Vec::new();
        let mention = p.mention.clone().unwrap_or(SpanJson { start: 0, end: 0, quote: None });
        if let (Some(k), Some((n0, n1, core))) = (&self.keys.name, p.name) {
            let last = self.last_core(doc, n1);
            let end = if n1 > last + 1 { n1 } else { last + 1 };
            let mut span = doc.span(n0, end);
            let raw = span.quote.clone().unwrap_or_default();
            let name = strip_possessive(&raw);
            span.end -= raw.chars().count() - name.chars().count();
            span.quote = Some(name.to_string());
            let conf = if core >= 2 { 0.8 } else { 0.55 };
            out.push((k.clone(), Sugg::new(name.to_string(), conf, span)));
        }
        if let Some(k) = &self.keys.role {
            let noun_officer = || {
                let i = p.noun_role.filter(|_| self.is_officer_role(p.noun_role))?;
                p.roles.get(i).and_then(|r| r.1.clone())
            };
            let pick = match (p.officer.clone().or_else(noun_officer), best(&p.roles), &self.rank_role) {
                (Some(span), _, Some(r)) => Some((r.clone(), 0.7, span)),
                (_, Some((i, span)), _) => Some((self.roles[i].choice.clone(), 0.6, span)),
                _ => self.default_role.clone().map(|r| (r, 0.4, mention.clone())),
            };
            if let Some((r, c, span)) = pick {
                out.push((k.clone(), Sugg::new(r, c, span)));
            }
        }
        if let (Some(k), Some((v, span))) = (&self.keys.age, &p.age) {
            out.push((k.clone(), Sugg::new(*v, 0.8, span.clone())));
        }
        if let (Some(k), Some((g, span))) = (&self.keys.gender, best(&p.gender)) {
            let votes = p.gender[g].0;
            let other: f64 = p.gender.iter().enumerate().filter(|(i, _)| *i != g).map(|(_, x)| x.0).sum();
            if votes > other {
                let conf = (0.45 + 0.1 * (votes - other)).min(0.85);
                out.push((k.clone(), Sugg::new(self.genders[g].choice.clone(), conf, span)));
            }
        }
        if let Some(k) = &self.keys.status {
            let mut picked: Vec<(&str, SpanJson)> = Vec::new();
            for (i, s) in p.status.iter().enumerate() {
                if let Some(span) = s {
                    picked.push((&self.statuses[i].choice, span.clone()));
                }
            }
            // Killed rules out injured, injured rules out unharmed (as the rules say).
            let dropped: Vec<String> = picked
                .iter()
                .flat_map(|(c, _)| self.statuses.iter().filter(|s| s.choice == *c).flat_map(|s| s.drops.iter().cloned()))
                .collect();
            picked.retain(|(c, _)| !dropped.iter().any(|d| d == c));
            if !picked.is_empty() {
                let values: Vec<serde_json::Value> = self
                    .status_order
                    .iter()
                    .filter(|o| picked.iter().any(|(c, _)| c == o))
                    .map(|o| serde_json::Value::String(o.clone()))
                    .collect();
                let mut ev: Vec<SpanJson> = picked.into_iter().map(|(_, s)| s).collect();
                ev.sort_by_key(|s| s.start);
                ev.dedup();
                out.push((k.clone(), Sugg { value: serde_json::Value::Array(values), confidence: 0.55, evidence: ev }));
            }
        }
        out
    }

}

fn absorb(into: &mut Person, from: Person) {
    for (a, b) in into.status.iter_mut().zip(from.status) {
        if a.is_none() {
            *a = b;
        }
    }
    for (a, b) in into.gender.iter_mut().zip(from.gender).chain(into.roles.iter_mut().zip(from.roles)) {
        a.0 += b.0;
        if a.1.is_none() {
            a.1 = b.1;
        }
    }
    if into.age.is_none() {
        into.age = from.age;
    }
    into.officer = into.officer.take().or(from.officer);
    into.first = into.first.min(from.first);
    into.mentions += from.mentions;
}

fn strip_possessive(s: &str) -> &str {
    s.strip_suffix("'s").or_else(|| s.strip_suffix("’s")).or_else(|| s.strip_suffix('’')).unwrap_or(s)
}
