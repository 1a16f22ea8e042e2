//! Places: the state (a gazetteer entry's full name) and the city, decided together from
//! datelines ("BRISTOL, Tenn. (WJHL) -"), "City, State" pairs, agencies ("Taunton police"),
//! "in City", and a gazetteer of cities with their states.

use super::doc::{Doc, Kind, LINE, UPPER};
use super::lexicon::{LexBuilder, ListId, NO_LIST};
use super::{title_case, Ctx, ExtractError, Found, Sugg};
use crate::domain::prediction::SpanJson;
use crate::domain::rules::{PlacePart, PlaceRules};
use std::collections::HashMap;

pub(crate) struct PlaceRule {
    part: PlacePart,
    states: ListId,
    cities: ListId,
    before: ListId,
    not_after: ListId,
    areas: ListId,
    agencies: ListId,
    not_cities: ListId,
    /// Lower-case city name -> the states it lies within.
    city_states: HashMap<String, Vec<String>>,
    /// Lower-case state names and aliases.
    state_words: HashMap<String, usize>,
}

/// Tokens the dateline may be found within.
const DATELINE_TOKENS: usize = 120;

#[derive(Default)]
struct Cand {
    score: f64,
    best: f64,
    span: Option<SpanJson>,
    display: String,
    /// Seen written other than in capitals.
    cased: bool,
    area: bool,
}

impl Cand {
    fn add(&mut self, w: f64, span: SpanJson) {
        self.score += w;
        if w > self.best {
            self.best = w;
            self.span = Some(span);
        }
    }
}

impl PlaceRule {
    pub fn compile(r: &PlaceRules, lb: &mut LexBuilder) -> Result<Self, ExtractError> {
        let states = lb.gazetteer(&r.states)?;
        let cities = match &r.cities {
            Some(c) => lb.gazetteer(c)?,
            None => NO_LIST,
        };
        let mut city_states: HashMap<String, Vec<String>> = HashMap::new();
        if let Some(c) = &r.cities {
            for (name, within) in lb_terms(lb, c) {
                let e = city_states.entry(name.to_lowercase()).or_default();
                if let Some(w) = within {
                    e.push(w);
                }
            }
        }
        let mut state_words = HashMap::new();
        for (i, (name, aliases)) in lb_aliases(lb, &r.states).into_iter().enumerate() {
            state_words.insert(name.to_lowercase(), i);
            for a in aliases {
                state_words.insert(a.to_lowercase(), i);
            }
        }
        Ok(PlaceRule {
            part: r.part,
            states,
            cities,
            before: lb.list(&r.before)?,
            not_after: lb.list(&r.not_after)?,
            areas: lb.list(&r.areas)?,
            agencies: lb.list(&r.agencies)?,
            not_cities: lb.list(&r.not_cities)?,
            city_states,
            state_words,
        })
    }

    pub fn is_city(&self) -> bool {
        self.part == PlacePart::City
    }

    /// Capitalized words right before token `end` (at most 4), as a token range.
    fn cap_run_before(&self, doc: &Doc, end: usize) -> Option<(usize, usize)> {
        let mut a = end;
        while a > 0 && end - a < 4 && !doc.flag(a, LINE) {
            let i = a - 1;
            if !doc.is_cap_word(i) || doc.at(i, self.not_cities).is_some() {
                break;
            }
            a = i;
        }
        // "Lincoln County": keep the area word, but not a leading one.
        (a < end && doc.at(a, self.areas).is_none()).then_some((a, end))
    }

    fn is_state_word(&self, s: &str) -> bool {
        self.state_words.contains_key(&s.to_lowercase())
    }

    fn add_city(&self, doc: &Doc, cands: &mut HashMap<String, Cand>, a: usize, b: usize, w: f64) {
        let text = doc.slice(a, b);
        if text.is_empty() || self.is_state_word(text) {
            return;
        }
        let key = text.to_lowercase();
        let upper = (a..b).all(|i| doc.flag(i, UPPER) || doc.word(i).chars().count() == 1);
        let area = doc.at(b - 1, self.areas).is_some();
        let c = cands.entry(key).or_default();
        c.add(if area { w * 0.5 } else { w }, doc.span(a, b));
        c.area = area;
        if c.display.is_empty() || (!upper && !c.cased) {
            c.display = if upper { title_case(text) } else { text.to_string() };
            c.cased |= !upper;
        }
    }

    pub fn run(&self, ctx: &Ctx) -> Found {
        let doc = &ctx.doc;
        let mut states: HashMap<usize, Cand> = HashMap::new();
        let mut cities: HashMap<String, Cand> = HashMap::new();
        let early = doc.sents.get(3).map_or(usize::MAX, |s| s.0 as usize);
        let mut covered = 0usize;
        for (h, e) in doc.all(self.states) {
            let (t0, t1) = (h.t0 as usize, h.t1 as usize);
            if t0 < covered || doc.in_range(t0, t0 + 1, self.cities).any(|(c, _)| c.t1 > h.t1) {
                continue;
            }
            covered = t1;
            if doc.at(t1, self.not_after).is_some() {
                continue;
            }
            let short = (h.b1 - h.b0) < 3;
            let comma = t0 >= 2 && doc.is(t0 - 1, ",");
            let run = if comma { self.cap_run_before(doc, t0 - 1) } else { None };
            let line0 = (0..=t0).rev().find(|&i| doc.flag(i, LINE)).unwrap_or(0);
            let after = doc.word(t1);
            let dateline = run.is_some_and(|(a, _)| a >= line0 && a - line0 <= 4)
                && t0 < DATELINE_TOKENS
                && (doc.flag(t1, LINE) || matches!(after, "(" | "-" | "–" | "—" | "," | ":"));
            let mut w = if dateline {
                6.0
            } else if run.is_some() {
                3.0
            } else if short {
                continue;
            } else if t0 > 0 && doc.at(t0 - 1, self.before).is_some_and(|(b, _)| b.t1 == h.t0) {
                2.0
            } else {
                1.0
            };
            if t0 < early {
                w *= 1.3;
            }
            states.entry(e as usize).or_default().add(w, doc.hit_span(&h));
            if let Some((a, b)) = run {
                self.add_city(doc, &mut cities, a, b, if dateline { 6.0 } else { 3.0 });
            }
        }
        self.datelines(doc, &mut cities);
        for (h, _) in doc.all(self.cities) {
            let (t0, t1) = (h.t0 as usize, h.t1 as usize);
            if doc.at(t1, self.not_after).is_some() {
                continue;
            }
            let w = if doc.at(t1, self.agencies).is_some() { 2.0 } else { 1.0 };
            self.add_city(doc, &mut cities, t0, t1, w);
        }
        for (h, _) in doc.all(self.agencies) {
            if let Some((a, b)) = self.cap_run_before(doc, h.t0 as usize) {
                if doc.at(a, self.cities).is_none() {
                    self.add_city(doc, &mut cities, a, b, 2.0);
                }
            }
        }
        for (h, _) in doc.all(self.before) {
            let a = h.t1 as usize;
            let mut b = a;
            while b < doc.len() && b - a < 3 && doc.is_cap_word(b) && doc.at(b, self.not_cities).is_none() {
                b += 1;
            }
            let next = doc.word(b);
            let ends = matches!(next, "," | "." | ";" | ")") || doc.kind(b) != Some(Kind::Word) || !doc.is_cap_word(b);
            if b > a && ends && doc.at(b, self.not_after).is_none() && doc.at(a, self.cities).is_none() {
                self.add_city(doc, &mut cities, a, b, 1.0);
            }
        }
        // Known cities vouch for their state.
        let names: Vec<(String, usize)> = self.state_names(doc);
        for (key, c) in &cities {
            let Some(within) = self.city_states.get(key) else { continue };
            for st in within {
                if let Some(&i) = self.state_words.get(&st.to_lowercase()) {
                    let s = states.entry(i).or_default();
                    s.score += 0.5 * c.score / within.len() as f64;
                    if s.span.is_none() {
                        s.span = c.span.clone();
                    }
                }
            }
        }
        let state = pick(states.iter().map(|(k, c)| (*k, c)));
        let state_name = state.and_then(|(i, _, _)| names.iter().find(|(_, j)| *j == i).map(|(n, _)| n.clone()));
        match self.part {
            PlacePart::State => match (state, state_name) {
                (Some((_, c, conf)), Some(name)) => match &c.span {
                    Some(span) => Found::One(Sugg::new(name, conf, span.clone())),
                    None => Found::Nothing,
                },
                _ => Found::Nothing,
            },
            PlacePart::City => {
                let st = state_name.map(|s| s.to_lowercase());
                for (key, c) in cities.iter_mut() {
                    match (self.city_states.get(key), &st) {
                        (Some(within), Some(s)) if !within.is_empty() => {
                            if within.iter().any(|w| w.to_lowercase() == *s) {
                                c.score *= 1.2;
                            } else {
                                c.score *= 0.25;
                            }
                        }
                        _ => {}
                    }
                }
                match pick(cities.iter().map(|(k, c)| (k.clone(), c))) {
                    Some((_, c, conf)) => match &c.span {
                        Some(span) if !c.display.is_empty() => {
                            let conf = if c.area { conf * 0.7 } else { conf };
                            Found::One(Sugg::new(c.display.clone(), conf, span.clone()))
                        }
                        _ => Found::Nothing,
                    },
                    None => Found::Nothing,
                }
            }
        }
    }

    /// Datelines without a state: "CHICAGO (CBS) —", "DENVER —", "STOCKTON-".
    fn datelines(&self, doc: &Doc, cities: &mut HashMap<String, Cand>) {
        let n = doc.len().min(DATELINE_TOKENS);
        for a in 0..n {
            if !doc.flag(a, LINE) || !doc.is_cap_word(a) {
                continue;
            }
            let mut b = a;
            while b < n && b - a < 4 && doc.flag(b, UPPER) && doc.kind(b) == Some(Kind::Word) && !doc.flag(b + 1, LINE) {
                b += 1;
            }
            // A known city in title case: "Conyers - After...".
            let known = doc.at(a, self.cities).map(|(h, _)| h.t1 as usize);
            let mut w = 5.0;
            if b == a {
                match known {
                    Some(k) => {
                        b = k;
                        w = 4.0;
                    }
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
                self.add_city(doc, cities, a, b, w);
            }
        }
    }

    fn state_names(&self, doc: &Doc) -> Vec<(String, usize)> {
        doc.lex
            .terms
            .get(&self.states)
            .map(|t| t.iter().enumerate().map(|(i, (n, _))| (n.clone(), i)).collect())
            .unwrap_or_default()
    }
}

/// The best candidate, with a confidence from its score and its lead over the next.
fn pick<'c, K>(cands: impl Iterator<Item = (K, &'c Cand)>) -> Option<(K, &'c Cand, f64)> {
    let mut all: Vec<(K, &Cand)> = cands.filter(|(_, c)| c.score > 0.0).collect();
    all.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(b.1.best.total_cmp(&a.1.best)));
    let second = all.get(1).map_or(0.0, |x| x.1.score);
    let (k, c) = all.into_iter().next()?;
    let margin = (c.score - second) / c.score;
    let conf = (0.35 + 0.1 * c.score).min(0.95) * (0.55 + 0.45 * margin);
    Some((k, c, conf))
}

fn lb_terms(lb: &LexBuilder, name: &str) -> Vec<(String, Option<String>)> {
    lb.terms_of(name)
        .iter()
        .map(|t| (t.name.clone(), (!t.within.is_empty()).then(|| t.within.clone())))
        .collect()
}

fn lb_aliases(lb: &LexBuilder, name: &str) -> Vec<(String, Vec<String>)> {
    lb.terms_of(name)
        .iter()
        .map(|t| (t.name.clone(), t.aliases.clone()))
        .collect()
}
