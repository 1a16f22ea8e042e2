//! Places: the state (a gazetteer entry's full name) and the city, decided together from
//! datelines ("BRISTOL, Tenn. (WJHL) -"), "City, State" pairs, agencies ("Taunton police"),
//! "in City", and a gazetteer of cities with their states.

use super::doc::{Doc, Ev, Hit, Kind, LINE, SPACE, UPPER};
use super::given::FirstNames;
use super::host::HostPlaces;
use super::lexicon::{LexBuilder, ListId, NO_LIST};
use super::{title_case, Ctx, ExtractError, Found, Sugg};
use crate::domain::rules::{PlacePart, PlaceRules};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone)]
pub(crate) struct PlaceRule {
    part: PlacePart,
    /// Place rules alike share one analysis (see `Ctx::places`).
    group: usize,
    states: ListId,
    cities: ListId,
    before: ListId,
    not_after: ListId,
    areas: ListId,
    agencies: ListId,
    not_cities: ListId,
    away: ListId,
    state_agencies: ListId,
    /// State name -> its index in the states gazetteer.
    state_index: HashMap<String, usize>,
    towns: ListId,
    /// Counties (each entry a state, its counties the ways it is written), and each entry's
    /// state (by index).
    counties: ListId,
    county_states: Vec<Option<usize>>,
    /// Each city's and each town's population (0 if not given).
    city_people: Vec<u32>,
    town_people: Vec<u32>,
    /// Abbreviated first words and their spelt-out forms ("St." -> "Saint").
    spellings: Vec<(String, String)>,
    /// The state an article's web address names (a fallback when its words name none).
    hosts: Arc<HostPlaces>,
    /// First names, which a city's name before a surname is ("Kyle Carney").
    given: Arc<FirstNames>,
}

/// A city of fewer people whose name the text gives a person ("Rebecca Davis") is not taken
/// from its bare mentions; a larger one ("Wharton's Memphis") still is.
const SURNAME_CITY_PEOPLE: u32 = 200_000;

/// The four points of the compass.
const COMPASS: [&str; 4] = ["North", "South", "East", "West"];

/// A city's quarters ("Southeast Washington").
const QUARTERS: [&str; 4] = ["Northeast", "Northwest", "Southeast", "Southwest"];

/// One of `QUARTERS`, in any case.
fn is_quarter(w: &str) -> bool {
    QUARTERS.iter().any(|q| w.eq_ignore_ascii_case(q))
}

/// A direction (`COMPASS` or `QUARTERS`), in any case.
fn is_direction(w: &str) -> bool {
    is_quarter(w) || COMPASS.iter().any(|d| w.eq_ignore_ascii_case(d))
}

/// Capitalized words besides the directions that may stand before a place's name without making
/// it a person's: regions, and words that start a sentence or a heading ("The Tennessee
/// Bureau...").
const NOT_A_NAME: [&str; 36] = [
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Downtown",
    "Greater",
    "Metro",
    "Suburban",
    "Upstate",
    "Rural",
    "Coastal",
    "The",
    "A",
    "An",
    "This",
    "That",
    "In",
    "At",
    "On",
    "Of",
    "For",
    "From",
    "By",
    "To",
    "With",
    "And",
    "But",
    "Near",
    "Across",
    "Outside",
    "Throughout",
    "Many",
    "Around",
    "Inside",
    "Several",
];

/// At most this many city candidates are weighed (a long page names many places).
const MAX_CANDIDATES: usize = 256;

/// The vote of the state a web address names (see `HostPlaces`).
const HOST_VOTE: f64 = 1.0;

/// Tokens the dateline may be found within.
const DATELINE_TOKENS: usize = 120;

#[derive(Default, Clone, Copy)]
struct Cand {
    /// Tokens of its first mention (its key, compared without case).
    key: (usize, usize),
    score: f64,
    best: f64,
    ev: Option<Ev>,
    /// A mention written other than in capitals, if any.
    cased: Option<Ev>,
    area: bool,
}

impl Cand {
    fn add(&mut self, w: f64, ev: Ev) {
        self.score += w;
        if w > self.best {
            self.best = w;
            self.ev = Some(ev);
        }
    }
}

/// "WIS.", "TENN." without a city before them: a station's name or a heading, not the state
/// (an all-capital dateline, "NASHVILLE, TENN.", has its city; "D.C." is written so).
fn shouted_abbreviation(s: &str) -> bool {
    s.len() >= 4
        && s.ends_with('.')
        && s.matches('.').count() == 1
        && s.bytes().all(|b| b.is_ascii_uppercase() || b == b'.')
}

/// "the 300 block of South California": a name right after "block of" (and a direction) is a
/// street's.
fn street_after_block(doc: &Doc, t0: usize) -> bool {
    let mut i = t0;
    if i > 0 && is_direction(doc.word(i - 1)) {
        i -= 1;
    }
    i >= 2 && doc.is(i - 1, "of") && doc.word(i - 2).eq_ignore_ascii_case("block")
}

/// The same words, in any case and spacing.
fn same_words(doc: &Doc, (a, b): (usize, usize), (c, d): (usize, usize)) -> bool {
    b - a == d - c && (0..b - a).all(|k| doc.word(a + k).eq_ignore_ascii_case(doc.word(c + k)))
}

impl PlaceRule {
    /// The state each web address names, for the rules `r`.
    fn host_places(r: &PlaceRules, lb: &LexBuilder) -> HostPlaces {
        let cities = r.cities.as_deref().map_or(&[][..], |c| lb.terms_of(c));
        HostPlaces::new(lb.terms_of(&r.states), cities)
    }

    /// The same rules, for another part of the place (sharing the analysis, see `Ctx::places`).
    pub fn for_part(&self, part: PlacePart) -> Self {
        PlaceRule {
            part,
            ..self.clone()
        }
    }

    /// The rules of one place field, the first of group `group` of place rules alike.
    pub fn compile(
        r: &PlaceRules,
        group: usize,
        given: Arc<FirstNames>,
        lb: &mut LexBuilder,
    ) -> Result<Self, ExtractError> {
        let hosts = Arc::new(Self::host_places(r, lb));
        let states = lb.gazetteer(&r.states)?;
        let mut optional = |g: &Option<String>| match g {
            Some(c) => lb.gazetteer(c),
            None => Ok(NO_LIST),
        };
        let (cities, towns) = (optional(&r.cities)?, optional(&r.towns)?);
        let counties = optional(&r.counties)?;
        let state_index: HashMap<String, usize> = lb
            .terms_of(&r.states)
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        let people = |g: &Option<String>| match g {
            Some(c) => lb.terms_of(c).iter().map(|t| t.people).collect(),
            None => Vec::new(),
        };
        let (city_people, town_people) = (people(&r.cities), people(&r.towns));
        let county_states = match &r.counties {
            Some(c) => lb
                .terms_of(c)
                .iter()
                .map(|t| state_index.get(&t.name).copied())
                .collect(),
            None => Vec::new(),
        };
        Ok(PlaceRule {
            part: r.part,
            group,
            states,
            cities,
            before: lb.list(&r.before)?,
            not_after: lb.list(&r.not_after)?,
            areas: lb.list(&r.areas)?,
            agencies: lb.list(&r.agencies)?,
            not_cities: lb.list(&r.not_cities)?,
            away: lb.list(&r.away)?,
            state_agencies: lb.list(&r.state_agencies)?,
            state_index,
            towns,
            counties,
            county_states,
            city_people,
            town_people,
            spellings: r.spellings.clone(),
            hosts,
            given,
        })
    }

    pub fn is_city(&self) -> bool {
        self.part == PlacePart::City
    }

    /// Capitalized words right before token `end` (at most 4, on its line), as a token range.
    fn cap_run_before(&self, doc: &Doc, end: usize) -> Option<(usize, usize)> {
        let mut a = end;
        while a > 0 && end - a < 4 && !doc.flag(a, LINE) {
            let i = a - 1;
            // "ST. LOUIS, MO": an abbreviated first word keeps its period.
            if i > 0 && self.abbreviation(doc, i - 1) {
                a = i - 1;
                continue;
            }
            if !doc.is_cap_word(i) || doc.at(i, self.not_cities).is_some() {
                break;
            }
            a = i;
        }
        // "Lincoln County": keep the area word, but not a leading one.
        (a < end && doc.at(a, self.areas).is_none()).then_some((a, end))
    }

    /// Whether the place starting at token `a` follows "in" after a hospital's name or another
    /// word of `away` ("taken to Regional Medical Center in Winder").
    fn away(&self, doc: &Doc, a: usize) -> bool {
        a >= 2
            && doc.ending_at(a, self.before).is_some_and(|(h, _)| {
                let t0 = h.t0 as usize;
                (t0.saturating_sub(2)..=t0).any(|e| doc.ending_at(e, self.away).is_some())
            })
    }

    /// Whether token `i` is a capitalized abbreviation of the spellings ("St") with its period
    /// right after it.
    fn abbreviation(&self, doc: &Doc, i: usize) -> bool {
        doc.is_cap_word(i)
            && doc.is(i + 1, ".")
            && !doc.flag(i + 1, SPACE)
            && self.spellings.iter().any(|(short, _)| {
                short
                    .strip_suffix('.')
                    .is_some_and(|w| w.eq_ignore_ascii_case(doc.word(i)))
            })
    }

    /// A city's name with its abbreviated first word spelt out: "St. Louis" -> "Saint Louis".
    fn spelt_out(&self, name: String) -> String {
        for (short, full) in &self.spellings {
            let bare = short.strip_suffix('.').unwrap_or(short);
            for s in [short.as_str(), bare] {
                let head = name.get(..s.len()).filter(|h| h.eq_ignore_ascii_case(s));
                if head.is_some() && name[s.len()..].starts_with(' ') {
                    return format!("{full}{}", &name[s.len()..]);
                }
            }
        }
        name
    }

    /// A state's name that is also a known city's, told as the city: a dateline of it alone
    /// ("WASHINGTON (WUSA9) —") or a quarter of it ("Southeast Washington"). The weight it
    /// gives the city, if so.
    fn state_named_city(&self, doc: &Doc, t0: usize, t1: usize) -> Option<f64> {
        let quarter = t0 > 0 && is_quarter(doc.word(t0 - 1));
        let dateline = t0 < DATELINE_TOKENS
            && doc.flag(t0, LINE)
            && (t0..t1).all(|i| doc.flag(i, UPPER))
            && matches!(doc.word(t1), "(" | "-" | "–" | "—");
        if !(quarter || dateline) || self.within(doc, (t0, t1)).is_empty() {
            return None;
        }
        Some(if dateline { 6.0 } else { 2.0 })
    }

    fn add_city(&self, doc: &Doc, cands: &mut Vec<Cand>, (a, b): (usize, usize), w: f64) {
        if b <= a
            || doc
                .at(a, self.states)
                .is_some_and(|(h, _)| h.t1 as usize == b)
        {
            return;
        }
        self.add_city_at(doc, cands, (a, b), w);
    }

    /// `add_city` without its check that the name is no state's.
    fn add_city_at(&self, doc: &Doc, cands: &mut Vec<Cand>, (a, b): (usize, usize), w: f64) {
        if b <= a {
            return;
        }
        let area = doc.at(b - 1, self.areas).is_some();
        // "Longdraw Drive", "North 14th Street": a street, not a city.
        if (!area && doc.ending_at(b, self.not_after).is_some()) || doc.kind(b) == Some(Kind::Num) {
            return;
        }
        let upper = (a..b).all(|i| doc.flag(i, UPPER) || doc.word(i).chars().count() == 1);
        let i = match cands.iter().position(|c| same_words(doc, c.key, (a, b))) {
            Some(i) => i,
            None if cands.len() >= MAX_CANDIDATES => return,
            None => {
                cands.push(Cand {
                    key: (a, b),
                    ..Default::default()
                });
                cands.len() - 1
            }
        };
        let c = &mut cands[i];
        c.add(if area { w * 0.5 } else { w }, doc.ev(a, b));
        c.area = area;
        if !upper && c.cased.is_none() {
            c.cased = Some(doc.ev(a, b));
        }
    }

    /// The states a known city lies within (by index), with the city's population, if the
    /// tokens are one.
    fn within(&self, doc: &Doc, (a, b): (usize, usize)) -> Vec<(usize, u32)> {
        [
            (self.cities, &self.city_people),
            (self.towns, &self.town_people),
        ]
        .into_iter()
        .flat_map(|(list, people)| {
            doc.in_range(a, a + 1, list)
                .filter(move |(h, _)| h.t1 as usize == b)
                .filter_map(move |(_, e)| {
                    let st = doc.lex.term(list, e)?.1.as_ref()?;
                    let n = people.get(e as usize).copied().unwrap_or(0);
                    Some((*self.state_index.get(st)?, n))
                })
        })
        .collect()
    }

    /// Whether a bare mention starting at token `t0` reads as part of a person's or a thing's name:
    /// a capitalized word before it in its sentence ("Tymisha Washington", "Rebecca Davis";
    /// a direction, "Southern California", or a possessive, "Wharton's Memphis", does not count).
    fn in_a_name(&self, doc: &Doc, t0: usize) -> bool {
        let prev = doc.word(t0.wrapping_sub(1));
        t0 > 0
            && !doc.flag(t0, LINE)
            && doc.sent_range(doc.sent(t0)).0 != t0
            && doc.is_cap_word(t0 - 1)
            && !prev.ends_with("'s")
            && !prev.ends_with("’s")
            && !is_direction(prev)
            && !NOT_A_NAME.iter().any(|d| prev.eq_ignore_ascii_case(d))
    }

    /// Whether a city's name at tokens `t0..t1` is a person's first name: a one-word city that is
    /// a known first name, before a capitalized word that the text also uses alone, as a surname
    /// ("Kyle Carney shot ... Carney is now facing"), and that is no agency, place or calendar
    /// word ("Austin police", "Tyler Street", "Tyler Monday").
    fn first_name(&self, doc: &Doc, (t0, t1): (usize, usize)) -> bool {
        if t1 != t0 + 1
            || t1 >= doc.len()
            || doc.flag(t1, LINE)
            || !doc.is_cap_word(t1)
            || !self.given.contains(doc.word(t0), &mut String::new())
            || [
                self.agencies,
                self.not_after,
                self.not_cities,
                self.states,
                self.cities,
                self.away,
            ]
            .iter()
            .any(|&l| doc.at(t1, l).is_some())
        {
            return false;
        }
        let surname = doc.word(t1);
        // Alone: no capitalized word on either side ("Carney is", "said Alcorn.").
        (1..doc.len()).any(|j| {
            j != t1 && doc.word(j) == surname && !doc.is_cap_word(j - 1) && !doc.is_cap_word(j + 1)
        })
    }

    /// Whether a name ending in tokens `t0..t1` reads as a person's: a first name before it
    /// ("Georgia Jackson"), an age after it ("Tymisha Washington, 16,") or "Jr.".
    fn a_persons(&self, doc: &Doc, (t0, t1): (usize, usize)) -> bool {
        (t0 > 0 && self.given.contains(doc.word(t0 - 1), &mut String::new()))
            || (doc.is(t1, ",") && doc.kind(t1 + 1) == Some(Kind::Num))
            || matches!(doc.word(t1), "Jr" | "Jr." | "Sr" | "Sr.")
    }

    /// How much of a city's vouch goes to each of its namesakes' states: by population when
    /// every namesake has one, else evenly.
    fn shares(within: &[(usize, u32)]) -> impl Iterator<Item = (usize, f64)> + '_ {
        let total: f64 = within.iter().map(|w| f64::from(w.1)).sum();
        let known = within.iter().all(|w| w.1 > 0);
        within.iter().map(move |&(st, p)| {
            let share = if known {
                f64::from(p) / total
            } else {
                1.0 / within.len() as f64
            };
            (st, share)
        })
    }

    pub fn run(&self, ctx: &Ctx) -> Found {
        let both = ctx.places(self.group, || self.analyse(ctx));
        match self.part {
            PlacePart::State => both.0.clone(),
            PlacePart::City => both.1.clone(),
        }
    }

    /// The state and the city.
    fn analyse(&self, ctx: &Ctx) -> (Found, Found) {
        let doc = &ctx.doc;
        let mut states: Vec<(usize, Cand)> = Vec::new();
        let mut cities: Vec<Cand> = Vec::new();
        let early = doc.sents.get(3).map_or(usize::MAX, |s| s.0 as usize);
        // States the text gives as a person's surname ("Quanisha Washington").
        let named: Vec<(usize, usize)> = doc
            .all(self.states)
            .map(|(h, _)| (h.t0 as usize, h.t1 as usize))
            .filter(|&(t0, t1)| self.in_a_name(doc, t0) && self.a_persons(doc, (t0, t1)))
            .collect();
        let mut covered = 0usize;
        for (h, e) in doc.all(self.states) {
            let (t0, t1) = (h.t0 as usize, h.t1 as usize);
            // "West Virginia" holds "Virginia", "Kansas City" is a city.
            if t0 < covered
                || doc
                    .in_range(t0, t0 + 1, self.cities)
                    .any(|(c, _)| c.t1 > h.t1)
            {
                continue;
            }
            covered = t1;
            // "West Virginia State Police", "the Missouri Highway Patrol".
            let agency = doc.at(t1, self.state_agencies).is_some();
            // "Washington Township", "Washington County": an area within some state.
            if !agency && (doc.at(t1, self.not_after).is_some() || doc.at(t1, self.areas).is_some())
            {
                continue;
            }
            if street_after_block(doc, t0) {
                continue;
            }
            if let Some(w) = self.state_named_city(doc, t0, t1) {
                self.add_city_at(doc, &mut cities, (t0, t1), w);
                continue;
            }
            let short = (h.b1 - h.b0) < 3;
            let run = if t0 >= 2 && doc.is(t0 - 1, ",") {
                self.cap_run_before(doc, t0 - 1)
            } else {
                None
            };
            let line0 = (t0.saturating_sub(10)..=t0)
                .rev()
                .find(|&i| doc.flag(i, LINE))
                .unwrap_or(0);
            let dateline = run.is_some_and(|(a, _)| a >= line0 && a - line0 <= 4)
                && t0 < DATELINE_TOKENS
                && (doc.flag(t1, LINE)
                    || matches!(doc.word(t1), "(" | "-" | "–" | "—" | "," | ":"));
            if run.is_some_and(|(a, _)| self.away(doc, a)) {
                continue;
            }
            let mut w = if dateline {
                6.0
            } else if agency {
                4.0
            } else if let Some((a, _)) = run {
                // "Logan Hinrichs, from Red Wing, Minnesota, was in Maiden Rock, Wisconsin",
                // "Daniel Carter of Dayton, Ohio": where someone is from is weaker.
                if a > 0 && matches!(doc.word(a - 1), "from" | "of") {
                    1.5
                } else {
                    3.0
                }
            } else if short || shouted_abbreviation(&doc.text[h.b0 as usize..h.b1 as usize]) {
                continue;
            } else if doc.ending_at(t0, self.before).is_some() {
                2.0
            } else if self.in_a_name(doc, t0)
                || self.first_name(doc, (t0, t1))
                || named.iter().any(|&k| same_words(doc, k, (t0, t1)))
            {
                // "Georgia Jackson", "Quanisha Washington ... Washington was rushed".
                continue;
            } else {
                1.0
            };
            if t0 < early {
                w *= 1.3;
            }
            state_cand(&mut states, e as usize).add(w, doc.hit_ev(&h));
            if let Some(r) = run {
                let cw = if dateline { 6.0 } else { w.min(3.0) };
                self.add_city(doc, &mut cities, r, cw);
            }
        }
        self.datelines(doc, &mut cities);
        // Whether each city hit reads as part of a person's name, found once for both passes.
        let as_name: Vec<bool> = doc
            .all(self.cities)
            .map(|(h, _)| {
                let (t0, t1) = (h.t0 as usize, h.t1 as usize);
                self.in_a_name(doc, t0) || self.first_name(doc, (t0, t1))
            })
            .collect();
        let persons: Vec<(usize, usize)> = doc
            .all(self.cities)
            .zip(&as_name)
            .filter(|&(_, &name)| name)
            .map(|((h, _), _)| (h.t0 as usize, h.t1 as usize))
            .filter(|&k| {
                self.within(doc, k)
                    .iter()
                    .all(|w| w.1 < SURNAME_CITY_PEOPLE)
            })
            .collect();
        let mut covered = 0usize;
        for ((h, _), &name) in doc.all(self.cities).zip(&as_name) {
            let (t0, t1) = (h.t0 as usize, h.t1 as usize);
            if t0 < covered || doc.at(t1, self.not_after).is_some() {
                continue;
            }
            covered = t1;
            let agency = doc.at(t1, self.agencies).is_some();
            // "Rebecca Davis ... Davis said": a name the text gives a person is not a place.
            if !agency && (name || persons.iter().any(|&k| same_words(doc, k, (t0, t1)))) {
                continue;
            }
            // A hospital's town ("Medical Center in Spokane") vouches for its state, but is
            // seldom where it happened.
            let w = match (agency, self.away(doc, t0)) {
                (true, _) => 2.0,
                (false, true) => 0.3,
                (false, false) => 1.0,
            };
            self.add_city(doc, &mut cities, (t0, t1), w);
        }
        for (h, _) in doc.all(self.agencies) {
            if let Some((a, b)) = self.cap_run_before(doc, h.t0 as usize) {
                if doc.at(a, self.cities).is_none() {
                    self.add_city(doc, &mut cities, (a, b), 2.0);
                }
            }
        }
        for (h, _) in doc.all(self.before) {
            let a = h.t1 as usize;
            // "of" tells a place after a person's age or name ("Jones, 22, of Tulsa"), not in
            // "the death of John Jonas" or "the Bureau of Criminal Investigation".
            let t0 = h.t0 as usize;
            if (doc.is(t0, "of")
                && !(t0 > 0 && (doc.is(t0 - 1, ",") || doc.kind(t0 - 1) == Some(Kind::Num))))
                || self.away(doc, a)
            {
                continue;
            }
            let mut b = a;
            while b < doc.len()
                && b - a < 3
                && doc.is_cap_word(b)
                && doc.at(b, self.not_cities).is_none()
            {
                // "in St. Louis": the abbreviation's period is inside the name.
                b += if self.abbreviation(doc, b) && doc.is_cap_word(b + 2) {
                    2
                } else {
                    1
                };
            }
            let ends = matches!(doc.word(b), "," | "." | ";" | ")")
                || doc.kind(b) != Some(Kind::Word)
                || !doc.is_cap_word(b);
            if b > a
                && ends
                && doc.at(b, self.not_after).is_none()
                && doc.at(a, self.cities).is_none()
            {
                self.add_city(doc, &mut cities, (a, b), 1.0);
            }
        }
        // Known cities vouch for their state: fully when no state is named, a little otherwise
        // (a city name can belong to several states).
        let named = states.iter().any(|(_, c)| c.score >= 2.0);
        let vouch = if named { 0.3 } else { 0.5 };
        // Each candidate's states, found once for the vouching and the check against the state.
        let withins: Vec<Vec<(usize, u32)>> =
            cities.iter().map(|c| self.within(doc, c.key)).collect();
        for (c, within) in cities.iter().zip(&withins) {
            for (st, share) in Self::shares(within) {
                let s = state_cand(&mut states, st);
                s.score += vouch * c.score * share;
                s.ev = s.ev.or(c.ev);
            }
        }
        self.county_vouch(doc, &mut states, vouch);
        let host = ctx.url.and_then(|u| self.hosts.state(u));
        if let Some(st) = host {
            state_cand(&mut states, st).score += HOST_VOTE;
        }
        let state = pick(states.iter().map(|(i, c)| (*i, c)));
        let name = state.and_then(|(i, _, _)| doc.lex.term(self.states, i as u32));
        let state_found = match (state, name) {
            (Some((_, c, conf)), Some((name, _))) => match c.ev {
                Some(ev) => Found::One(Sugg::new(name.clone(), conf, doc.ev_span(ev))),
                None => self.host_state(doc, host),
            },
            _ => self.host_state(doc, host),
        };
        let st = state.map(|s| s.0);
        for (c, within) in cities.iter_mut().zip(&withins) {
            if let (false, Some(s)) = (within.is_empty(), st) {
                c.score *= if within.iter().any(|w| w.0 == s) {
                    1.2
                } else {
                    0.25
                };
            }
        }
        let city_found = match pick(cities.iter().enumerate()) {
            Some((_, c, conf)) => match c.ev {
                Some(ev) => {
                    let display = match c.cased {
                        Some(e) => doc.text[e.b0 as usize..e.b1 as usize].to_string(),
                        None => title_case(&doc.text[ev.b0 as usize..ev.b1 as usize]),
                    };
                    // "Chicago's Northwest Side": the city is "Chicago".
                    let display = ["'s", "’s", "'S", "’S"]
                        .iter()
                        .find_map(|p| display.strip_suffix(p))
                        .map_or(display.clone(), str::to_string);
                    let display = self.spelt_out(display);
                    let conf = if c.area { conf * 0.7 } else { conf };
                    Found::One(Sugg::new(display, conf, doc.ev_span(ev)))
                }
                None => Found::Nothing,
            },
            None => Found::Nothing,
        };
        (state_found, city_found)
    }

    /// Each county the text names vouches for its state (`vouch` as much as a known city),
    /// shared evenly among the states with a county of that name.
    fn county_vouch(&self, doc: &Doc, states: &mut Vec<(usize, Cand)>, vouch: f64) {
        // An entry's own name is a state's, no county.
        let hits: Vec<(Hit, usize)> = doc
            .all(self.counties)
            .filter(|(h, _)| {
                doc.at(h.t0 as usize, self.states)
                    .is_none_or(|s| s.0.t1 != h.t1)
            })
            .filter_map(|(h, e)| Some((h, self.county_states.get(e as usize).copied()??)))
            .collect();
        for same in hits.chunk_by(|a, b| (a.0.t0, a.0.t1) == (b.0.t0, b.0.t1)) {
            let share = 1.0 / same.len() as f64;
            for &(h, st) in same {
                let s = state_cand(states, st);
                s.score += vouch * share;
                s.ev = s.ev.or(Some(doc.hit_ev(&h)));
            }
        }
    }

    /// The state the article's web address names, when its words name none: a weak guess with
    /// no evidence in the text (the reviewer sees the address).
    fn host_state(&self, doc: &Doc, host: Option<usize>) -> Found {
        match host.and_then(|i| doc.lex.term(self.states, i as u32)) {
            Some((name, _)) => Found::One(Sugg {
                value: name.clone().into(),
                confidence: 0.5,
                evidence: Vec::new(),
                cue: "address",
            }),
            None => Found::Nothing,
        }
    }

    /// Datelines without a state: "CHICAGO (CBS) —", "DENVER —", "STOCKTON-", "Conyers - ".
    fn datelines(&self, doc: &Doc, cities: &mut Vec<Cand>) {
        let n = doc.len().min(DATELINE_TOKENS);
        for a in 0..n {
            if !doc.flag(a, LINE) || !doc.is_cap_word(a) {
                continue;
            }
            let mut b = a;
            while b < n
                && b - a < 4
                && doc.flag(b, UPPER)
                && doc.kind(b) == Some(Kind::Word)
                && !doc.flag(b + 1, LINE)
            {
                b += 1;
            }
            // A known city in title case: "Conyers - After...".
            let mut w = 5.0;
            if b == a {
                match doc.at(a, self.cities).or_else(|| doc.at(a, self.towns)) {
                    Some((h, _)) => (b, w) = (h.t1 as usize, 4.0),
                    None => continue,
                }
            }
            if doc.at(a, self.not_cities).is_some() {
                continue;
            }
            let next = doc.word(b);
            let dash = matches!(next, "-" | "–" | "—");
            if (w > 4.5 && (next == "(" || dash || (next == "," && doc.is_cap_word(b + 1))))
                || (w < 4.5 && dash)
            {
                self.add_city(doc, cities, (a, b), w);
            }
        }
    }
}

fn state_cand(states: &mut Vec<(usize, Cand)>, i: usize) -> &mut Cand {
    let at = match states.iter().position(|(j, _)| *j == i) {
        Some(at) => at,
        None => {
            states.push((i, Cand::default()));
            states.len() - 1
        }
    };
    &mut states[at].1
}

/// The best candidate, with a confidence from its score and its lead over the next.
fn pick<'c, K>(cands: impl Iterator<Item = (K, &'c Cand)>) -> Option<(K, &'c Cand, f64)> {
    let mut all: Vec<(K, &Cand)> = cands.filter(|(_, c)| c.score > 0.0).collect();
    all.sort_by(|a, b| {
        b.1.score
            .total_cmp(&a.1.score)
            .then(b.1.best.total_cmp(&a.1.best))
    });
    let second = all.get(1).map_or(0.0, |x| x.1.score);
    let (k, c) = all.into_iter().next()?;
    let margin = (c.score - second) / c.score;
    let conf = (0.35 + 0.1 * c.score).min(0.95) * (0.55 + 0.45 * margin);
    Some((k, c, conf))
}
