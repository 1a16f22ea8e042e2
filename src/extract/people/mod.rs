//! People: mentions (`mentions`) grouped into persons (`persons`), the cue words around each
//! mention read as role, gender and status (`cues`), and the participants kept: those the article
//! ties to the incident, not its sources (officials, witnesses, lawyers who speak about it), each
//! made a record (`record`).

mod ages;
mod cues;
mod groups;
mod mentions;
mod names;
mod persons;
mod record;
mod surname;

use super::doc::Ev;
use super::given::FirstNames;
use super::lexicon::{LexBuilder, ListId};
use super::{Ctx, ExtractError, Found};
use crate::domain::rules::{PeopleKeys, PeopleRules, PersonCue};
use crate::domain::schema::{FieldDef, FieldType};
use persons::Person;
use std::sync::Arc;

pub(crate) struct PeopleRule {
    keys: PeopleKeys,
    numbers: ListId,
    suffixes: ListId,
    particles: ListId,
    nouns: ListId,
    /// Nouns and plural nouns of people: what a deed's counted object names.
    people_nouns: ListId,
    indefinite: ListId,
    definite: ListId,
    possessive: ListId,
    another: ListId,
    copulas: ListId,
    auxiliaries: ListId,
    barriers: ListId,
    agents: ListId,
    age_after: ListId,
    age_before: ListId,
    speakers: ListId,
    negations: ListId,
    conjunctions: ListId,
    ranks: ListId,
    titles: ListId,
    officials: ListId,
    places: ListId,
    before_place: ListId,
    link_lines: ListId,
    /// Words that stop a name: not-names, ranks, officials and titles together.
    name_stops: ListId,
    /// List glue: conjunctions, determiners, nouns and ages together.
    glue: ListId,
    /// Role cues (entries 0..roles) then status cues (roles..): before, after, between.
    cue_before: ListId,
    cue_after: ListId,
    cue_between: ListId,
    /// Nouns per role, per gender; gender words after and before a name; sentence-opening
    /// pronouns (entry: the gender).
    role_nouns: ListId,
    gender_nouns: ListId,
    gender_after: ListId,
    gender_before: ListId,
    /// Plural nouns of a group of one gender ("women"; entry: the gender).
    gender_groups: ListId,
    /// First names with their gender (shared with the place rules, see `Extractor::new`).
    given: Arc<FirstNames>,
    pronouns: ListId,
    roles: Vec<String>,
    genders: Vec<String>,
    statuses: Vec<String>,
    /// For each status cue, the status cues it rules out.
    drops: Vec<Vec<usize>>,
    rank_role: Option<String>,
    default_role: Option<String>,
    /// The role (by index) an agent's deed votes for.
    agent_role: Option<usize>,
    /// The status sub-field's choices, for the schema's order.
    status_order: Vec<String>,
    /// Lower-case age words ("year-old") and number words with their values.
    age_suffixes: Vec<String>,
    number_words: Vec<(String, i64)>,
    /// Status cues (by index) that keep an official or a late-met person.
    serious: Vec<usize>,
    focus: usize,
}

/// At most this many participants are given for one article.
const MAX_PEOPLE: usize = 40;

fn choices_of(subs: &[FieldDef], k: &Option<String>) -> Vec<String> {
    match k
        .as_ref()
        .and_then(|k| subs.iter().find(|s| &s.key == k))
        .map(|s| &s.kind)
    {
        Some(FieldType::Enum(c) | FieldType::Multi(c)) => c.clone(),
        _ => Vec::new(),
    }
}

/// One list whose entry i holds the words `pick` takes from cue i.
fn combined<'a>(
    lb: &mut LexBuilder,
    sets: &[&'a [PersonCue]],
    pick: impl Fn(&'a PersonCue) -> &'a [String],
) -> Result<ListId, ExtractError> {
    let lists: Vec<&[String]> = sets.iter().flat_map(|s| s.iter()).map(pick).collect();
    lb.entries(&lists)
}

impl PeopleRule {
    pub fn compile(
        _key: &str,
        r: &PeopleRules,
        subs: &[FieldDef],
        lb: &mut LexBuilder,
        given: Arc<FirstNames>,
    ) -> Result<Self, ExtractError> {
        let rs = [r.roles.as_slice(), r.statuses.as_slice()];
        let genders: Vec<String> = r.genders.iter().map(|c| c.choice.clone()).collect();
        let pronoun_lists: Vec<&[String]> = genders
            .iter()
            .map(|g| {
                r.pronouns
                    .iter()
                    .find(|p| &p.choice == g)
                    .map_or(&[][..], |p| p.nouns.as_slice())
            })
            .collect();
        let statuses: Vec<String> = r.statuses.iter().map(|c| c.choice.clone()).collect();
        let mut stops = r.not_names.clone();
        stops.extend(r.ranks.iter().chain(&r.officials).chain(&r.titles).cloned());
        let mut glue = r.conjunctions.clone();
        for l in [
            &r.indefinite,
            &r.definite,
            &r.possessive,
            &r.nouns,
            &r.age_after,
        ] {
            glue.extend(l.iter().cloned());
        }
        Ok(PeopleRule {
            keys: r.keys.clone(),
            numbers: lb.gazetteer(&r.numbers)?,
            suffixes: lb.list(&r.suffixes)?,
            particles: lb.list(&r.particles)?,
            nouns: lb.list(&r.nouns)?,
            people_nouns: lb.list(&[r.nouns.as_slice(), r.plurals.as_slice()].concat())?,
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
            ranks: lb.list(&r.ranks)?,
            titles: lb.list(&r.titles)?,
            officials: lb.list(&r.officials)?,
            places: lb.list(&r.places)?,
            before_place: lb.list(&r.before_place)?,
            link_lines: lb.list(&r.link_lines)?,
            name_stops: lb.list(&stops)?,
            glue: lb.list(&glue)?,
            cue_before: combined(lb, &rs, |c| &c.before)?,
            cue_after: combined(lb, &rs, |c| &c.after)?,
            cue_between: combined(lb, &rs, |c| &c.between)?,
            role_nouns: combined(lb, &[&r.roles], |c| &c.nouns)?,
            gender_nouns: combined(lb, &[&r.genders], |c| &c.nouns)?,
            gender_after: combined(lb, &[&r.genders], |c| &c.after)?,
            gender_before: combined(lb, &[&r.genders], |c| &c.before)?,
            gender_groups: combined(lb, &[&r.genders], |c| &c.plurals)?,
            given,
            pronouns: lb.entries(&pronoun_lists)?,
            roles: r.roles.iter().map(|c| c.choice.clone()).collect(),
            drops: r
                .statuses
                .iter()
                .map(|c| {
                    c.drops
                        .iter()
                        .filter_map(|d| statuses.iter().position(|s| s == d))
                        .collect()
                })
                .collect(),
            serious: statuses
                .iter()
                .enumerate()
                .filter(|(_, c)| r.serious.contains(c))
                .map(|(i, _)| i)
                .collect(),
            genders,
            statuses,
            rank_role: r.rank_role.clone(),
            default_role: r.default_role.clone(),
            agent_role: r
                .agent_role
                .as_ref()
                .and_then(|a| r.roles.iter().position(|c| &c.choice == a)),
            status_order: choices_of(subs, &r.keys.status),
            age_suffixes: r
                .age_after
                .iter()
                .map(|s| s.trim_start_matches('-').to_lowercase())
                .filter(|s| !s.is_empty())
                .collect(),
            number_words: lb
                .terms_of(&r.numbers)
                .iter()
                .filter_map(|t| Some((t.name.parse::<i64>().ok()?, t)))
                .flat_map(|(v, t)| {
                    std::iter::once(t.name.to_lowercase())
                        .chain(t.aliases.iter().map(|a| a.to_lowercase()))
                        .map(move |w| (w, v))
                })
                .collect(),
            focus: r.focus_tokens.unwrap_or(usize::MAX),
        })
    }

    pub fn run(&self, ctx: &Ctx) -> Found {
        let doc = &ctx.doc;
        let mut ms = self.mentions(doc);
        if ms.is_empty() {
            return Found::Nothing;
        }
        let mut persons = self.assign(doc, &mut ms);
        self.read_cues(ctx, &ms, &mut persons);
        self.given_name(doc, &mut persons);
        self.group_gender(doc, &ms, &mut persons);
        let mut kept: Vec<Person> = persons
            .into_iter()
            .filter(|p| self.participates(p))
            .collect();
        self.merge_unnamed(&mut kept);
        kept.sort_by_key(|p| p.first);
        kept.truncate(MAX_PEOPLE);
        if kept.is_empty() {
            return Found::Nothing;
        }
        Found::Records(kept.iter().map(|p| self.record(doc, p)).collect())
    }

    /// The value of a number word ("thirty"), in any case.
    fn number_value(&self, w: &str) -> Option<i64> {
        self.number_words
            .iter()
            .find(|(x, _)| x.eq_ignore_ascii_case(w))
            .map(|(_, v)| *v)
    }

    /// Whether the article ties the person to the incident (rather than quoting them about it).
    fn participates(&self, p: &Person) -> bool {
        let hurt = p.status.iter().any(Option::is_some);
        let serious = self
            .serious
            .iter()
            .any(|&i| p.status.get(i).is_some_and(Option::is_some));
        if (p.official || p.first > self.focus) && !serious && !p.acted {
            return false;
        }
        let role = p.roles.iter().any(|r| r.0 >= 1.0);
        let officer = p.officer.is_some() || self.is_officer_role(p.noun_role);
        let mut score =
            3.0 * f64::from(u8::from(hurt || p.acted)) + 2.0 * f64::from(u8::from(role));
        score += 2.0 * f64::from(u8::from(p.age.is_some())) + f64::from(u8::from(officer));
        score -= 1.5 * p.speaker.min(2.0);
        if p.name.is_some() {
            score >= 2.0
        } else {
            (p.age.is_some() || hurt || p.acted) && !p.official
        }
    }
}

fn vote(v: &mut [(f64, Option<Ev>)], i: usize, w: f64, ev: Ev) {
    if let Some(x) = v.get_mut(i) {
        x.0 += w;
        x.1.get_or_insert(ev);
    }
}

fn best(v: &[(f64, Option<Ev>)]) -> Option<(usize, Ev)> {
    let (i, x) = v
        .iter()
        .enumerate()
        .filter(|(_, x)| x.0 > 0.0)
        .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0).then(b.0.cmp(&a.0)))?;
    Some((i, x.1?))
}
