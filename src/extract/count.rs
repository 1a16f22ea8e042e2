//! Counts of people: "one person is dead and four others were injured", "two killed", "killing
//! nine people", "no one was hurt"; else the group's records with the status; else, for an article
//! that counts the other way and never uses a cue word, 0.

use super::doc::{Doc, Kind};
use super::lexicon::{LexBuilder, ListId, NO_LIST};
use super::{Ctx, ExtractError, Found, Sugg};
use crate::domain::prediction::SpanJson;
use crate::domain::rules::{CountRules, GroupCount};

pub(crate) struct CountRule {
    numbers: ListId,
    cues: ListId,
    totals: ListId,
    persons: ListId,
    none: ListId,
    negations: ListId,
    units: ListId,
    overlap: Option<(ListId, String)>,
    from_group: Option<GroupCount>,
    zero_unless: ListId,
    zero_beside: Option<String>,
    zero_otherwise: ListId,
}

/// How the counted people are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Noun {
    /// "people", "others", or none ("two killed"): the whole count.
    Total,
    /// "staff member", "officers": a part of it.
    Part,
}

#[derive(Debug, Clone)]
struct Statement {
    value: i64,
    noun: Noun,
    t0: usize,
    t1: usize,
}

/// Tokens a number may stand before its cue.
const GAP: usize = 5;

/// Counts told in the first sentences are the article's own; later ones are often background.
const EARLY: usize = 6;

impl CountRule {
    pub fn compile(_key: &str, r: &CountRules, lb: &mut LexBuilder) -> Result<Self, ExtractError> {
        Ok(CountRule {
            numbers: lb.gazetteer(&r.numbers)?,
            cues: lb.list(&r.cues)?,
            totals: lb.list(&r.totals)?,
            persons: lb.list(&r.persons)?,
            none: lb.list(&r.none)?,
            negations: lb.list(&r.negations)?,
            units: lb.list(&r.units)?,
            overlap: match &r.overlap {
                Some(o) => Some((lb.list(&o.cues)?, o.minus.clone())),
                None => None,
            },
            from_group: r.from_group.clone(),
            zero_unless: lb.list_or_none(&r.zero_unless)?,
            zero_beside: r.zero_beside.clone(),
            zero_otherwise: lb.list_or_none(&r.zero_otherwise)?,
        })
    }

    /// A number at token `i`: digits or a number word. Returns the value and the token after it.
    fn number(&self, doc: &Doc, i: usize) -> Option<(i64, usize)> {
        match doc.kind(i)? {
            Kind::Num => {
                let w = doc.word(i);
                if !w.bytes().all(|b| b.is_ascii_digit()) || w.len() > 3 {
                    return None;
                }
                // Times, prices and ages are not counts.
                let next = doc.word(i + 1);
                if matches!(next, ":" | "-" | "/" | "%")
                    || (i > 0 && matches!(doc.word(i - 1), "$" | "#" | "-" | ":"))
                {
                    return None;
                }
                Some((w.parse().ok()?, i + 1))
            }
            Kind::Word => {
                let (h, e) = doc.at(i, self.numbers)?;
                let v = doc.lex.term(self.numbers, e)?.0.parse().ok()?;
                if doc.word(h.t1 as usize) == "-" {
                    return None;
                }
                Some((v, h.t1 as usize))
            }
            Kind::Punct => None,
        }
    }

    /// What the words between a number and a cue (or after a number) say about who is counted.
    fn noun(&self, doc: &Doc, a: usize, b: usize) -> Noun {
        if doc.has(a, b, self.persons) && !doc.has(a, b, self.totals) {
            Noun::Part
        } else {
            Noun::Total
        }
    }

    /// Words that may stand between a number and its cue: lower-case words and hyphens.
    fn gap_ok(doc: &Doc, a: usize, b: usize) -> bool {
        (a..b).all(|i| match doc.kind(i) {
            Some(Kind::Word) => !doc.is_cap_word(i) || i == a,
            Some(Kind::Punct) => matches!(doc.word(i), "-" | "—" | "–"),
            _ => false,
        })
    }

    fn statements(&self, doc: &Doc, cues: ListId) -> Vec<Statement> {
        let mut out: Vec<Statement> = Vec::new();
        let mut last = usize::MAX;
        for (h, _) in doc.all(cues) {
            let (c0, c1) = (h.t0 as usize, h.t1 as usize);
            if c0 == last {
                continue;
            }
            last = c0;
            // "three customers who weren't injured" (the negation right before the cue; "two who
            // were not involved were wounded" still counts).
            if doc.ending_at(c0, self.negations).is_some() {
                continue;
            }
            let s = doc.sent(c0);
            // "four others were injured": a number before the cue.
            let from = c0.saturating_sub(GAP + 1);
            let mut found = None;
            for n in (from..c0).rev() {
                if doc.sent(n) != s {
                    break;
                }
                if let Some((v, after)) = self.number(doc, n) {
                    // "no one was injured" is said by `none_said`.
                    let nobody = doc
                        .in_range(n.saturating_sub(3), n + 1, self.none)
                        .any(|(h, _)| h.t1 as usize > n);
                    // "10 days after a gunman killed": days, not people (the unit right after
                    // the number: "two men in separate cars were shot" counts men).
                    let unit = doc.at(after, self.units).is_some();
                    if after <= c0 && Self::gap_ok(doc, after, c0) && !nobody && !unit {
                        found = Some((v, n, self.noun(doc, after, c0)));
                    }
                    break;
                }
            }
            // "three others, including one police officer, were injured".
            if found.is_none() {
                for n in (c0.saturating_sub(10)..c0).rev() {
                    if doc.sent(n) != s {
                        break;
                    }
                    let Some((v, after)) = self.number(doc, n) else {
                        continue;
                    };
                    let total = doc
                        .at(after, self.totals)
                        .is_some_and(|(h, _)| (h.t1 as usize) < c0);
                    let commas = (after..c0).filter(|&i| doc.is(i, ",")).count();
                    if total && commas == 2 && !doc.is(c0 - 1, ",") {
                        found = Some((v, n, Noun::Total));
                    }
                    break;
                }
            }
            if let Some((value, n, noun)) = found {
                out.push(Statement {
                    value,
                    noun,
                    t0: n,
                    t1: c1,
                });
                continue;
            }
            // "killing nine people": a number right after the cue, and a noun.
            for n in c1..(c1 + 1).min(doc.len()) {
                if doc.sent(n) != s {
                    break;
                }
                if let Some((value, after)) = self.number(doc, n) {
                    let end = (after + 3).min(doc.len());
                    let noun_at = (after..end).find(|&i| {
                        doc.at(i, self.totals).is_some() || doc.at(i, self.persons).is_some()
                    });
                    if let Some(k) = noun_at {
                        if Self::gap_ok(doc, after, k) {
                            let noun = self.noun(doc, after, k + 1);
                            out.push(Statement {
                                value,
                                noun,
                                t0: c0,
                                t1: k + 1,
                            });
                        }
                    }
                    break;
                }
            }
        }
        out
    }

    /// "no one was hurt": a none-word with a cue shortly after, in the same sentence.
    fn none_said(&self, doc: &Doc) -> Option<SpanJson> {
        doc.all(self.none).find_map(|(h, _)| {
            let a = h.t1 as usize;
            let s = doc.sent(a.saturating_sub(1));
            // "no one was hurt", not "no officers were injured" (a part, not all).
            doc.in_range(a, a + 5, self.cues)
                .find(|(c, _)| {
                    doc.sent(c.t0 as usize) == s && !doc.has(a, c.t0 as usize, self.persons)
                })
                .map(|(c, _)| doc.span(h.t0 as usize, c.t1 as usize))
        })
    }

    /// The count of this kind to trust: the largest in the first third of the text, else the
    /// first one.
    fn pick(doc: &Doc, st: &[Statement], noun: Noun) -> Option<(Statement, bool)> {
        let third = doc.len() / 3;
        let early = st
            .iter()
            .filter(|s| s.noun == noun && (s.t0 <= third || doc.sent(s.t0) < EARLY))
            .max_by_key(|s| (s.value, std::cmp::Reverse(s.t0)));
        match early {
            Some(s) => Some((s.clone(), true)),
            None => st
                .iter()
                .find(|s| s.noun == noun)
                .map(|s| (s.clone(), false)),
        }
    }

    fn group_count(&self, ctx: &Ctx) -> Option<(i64, Vec<SpanJson>, &'static str)> {
        let g = self.from_group.as_ref()?;
        let found = ctx.field(&g.group);
        let Found::Records(recs) = &*found else {
            return None;
        };
        let (mut named, mut unnamed) = ((0, Vec::new()), (0, Vec::new()));
        let mut roles: Vec<&serde_json::Value> = Vec::new();
        for rec in recs {
            let has = |(k, s): &&(String, Sugg)| {
                k == &g.field
                    && s.value
                        .as_array()
                        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(g.choice.as_str())))
            };
            let Some((_, s)) = rec.iter().find(has) else {
                continue;
            };
            let is_named = match &g.name {
                Some(key) => rec.iter().any(|(k, _)| k == key),
                None => true,
            };
            if !is_named {
                let role = g
                    .role
                    .as_ref()
                    .and_then(|key| rec.iter().find(|(k, _)| k == key))
                    .map_or(&serde_json::Value::Null, |(_, s)| &s.value);
                if roles.contains(&role) {
                    continue;
                }
                roles.push(role);
            }
            let (n, ev) = if is_named { &mut named } else { &mut unnamed };
            *n += 1;
            ev.extend(s.evidence.iter().take(1).cloned());
        }
        let count = if named.0 > 0 { named } else { unnamed };
        if count.0 == 0 {
            return None;
        }
        let within = g
            .within
            .as_ref()
            .and_then(|key| ctx.field(key).one()?.value.as_i64());
        match within {
            Some(k) if count.0 <= k => Some((0, count.1, "records-within")),
            _ => Some((count.0, count.1, "records")),
        }
    }

    pub fn run(&self, ctx: &Ctx) -> Found {
        let doc = &ctx.doc;
        let other = ctx.other_time();
        let now = |s: &Statement| !other.get(doc.sent(s.t0)).copied().unwrap_or(false);
        let st: Vec<Statement> = self
            .statements(doc, self.cues)
            .into_iter()
            .filter(now)
            .collect();
        let span = |s: &Statement| doc.span(s.t0, s.t1);
        if let Some((s, early)) = Self::pick(doc, &st, Noun::Total) {
            return Found::One(Sugg::new(s.value, if early { 0.75 } else { 0.6 }, span(&s)));
        }
        if let Some((cues, other_field)) = &self.overlap {
            let all: Vec<Statement> = self
                .statements(doc, *cues)
                .into_iter()
                .filter(now)
                .collect();
            if let Some((s, _)) =
                Self::pick(doc, &all, Noun::Total).or_else(|| Self::pick(doc, &all, Noun::Part))
            {
                let k = ctx
                    .field(other_field)
                    .one()
                    .and_then(|x| x.value.as_i64())
                    .unwrap_or(0);
                if s.value > k {
                    return Found::One(Sugg::new(s.value - k, 0.5, span(&s)));
                }
                if k > 0 {
                    // "two people were shot" and two died: none was only injured.
                    return Found::One(Sugg::new(0, 0.5, span(&s)).by("overlap-all"));
                }
            }
        }
        let part = Self::pick(doc, &st, Noun::Part).map(|(s, _)| s);
        match (part, self.group_count(ctx)) {
            (Some(p), Some((n, ev, cue))) if n > p.value => Found::One(Sugg {
                value: n.into(),
                confidence: 0.45,
                evidence: ev,
                cue,
            }),
            (Some(p), _) => Found::One(Sugg::new(p.value, 0.5, span(&p))),
            (None, Some((n, ev, cue))) => Found::One(Sugg {
                value: n.into(),
                confidence: 0.45,
                evidence: ev,
                cue,
            }),
            (None, None) => match self.none_said(doc) {
                Some(span) => Found::One(Sugg::new(0, 0.6, span)),
                None => match self.zero_if_silent(ctx) {
                    Found::Nothing => self.zero_otherwise(doc),
                    found => found,
                },
            },
        }
    }

    /// Nothing gives a count, and the article reports an incident of the kind counted: 0.
    fn zero_otherwise(&self, doc: &Doc) -> Found {
        if self.zero_otherwise == NO_LIST {
            return Found::Nothing;
        }
        match doc.all(self.zero_otherwise).next() {
            Some((h, _)) => Found::One(
                Sugg::new(0, 0.2, doc.span(h.t0 as usize, h.t1 as usize)).by("otherwise"),
            ),
            None => Found::Nothing,
        }
    }

    /// The article counts the other way ("four men were shot") and never uses a cue word: 0.
    fn zero_if_silent(&self, ctx: &Ctx) -> Found {
        let Some(other) = &self.zero_beside else {
            return Found::Nothing;
        };
        if self.zero_unless == NO_LIST || ctx.doc.all(self.zero_unless).next().is_some() {
            return Found::Nothing;
        }
        let found = ctx.field(other);
        let Some(s) = found.one() else {
            return Found::Nothing;
        };
        if s.value.as_i64().unwrap_or(0) <= 0 {
            return Found::Nothing;
        }
        Found::One(Sugg {
            value: 0.into(),
            confidence: 0.3,
            evidence: s.evidence.clone(),
            cue: "silent",
        })
    }
}
