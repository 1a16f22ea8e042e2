//! Proper names ending in a head word: "Kenosha Police Department", "Lincoln Middle School",
//! "Volunteer Parkway"; common place nouns with one word before them ("the school cafeteria");
//! and regular expressions from the rules.

use super::doc::{Doc, Ev, Kind, CAP};
use super::lexicon::{LexBuilder, ListId};
use super::{Ctx, ExtractError, Found, Sugg};
use crate::domain::rules::NamedRules;
use regex::Regex;

pub(crate) struct NamedRule {
    heads: ListId,
    n_heads: usize,
    common: ListId,
    before: ListId,
    not_before: ListId,
    stop: ListId,
    patterns: Vec<Regex>,
    max_words: usize,
    prefer_city: bool,
    need_name: bool,
    proper_head: bool,
}

struct Cand {
    /// The value's bytes (trimmed when given).
    ev: Ev,
    score: f64,
    best: f64,
    /// Evidence of the best mention.
    span: Ev,
    first: usize,
}

impl NamedRule {
    pub fn compile(key: &str, r: &NamedRules, lb: &mut LexBuilder) -> Result<Self, ExtractError> {
        let mut patterns = Vec::new();
        for p in &r.patterns {
            patterns.push(Regex::new(p).map_err(|e| ExtractError::BadRegex {
                field: key.to_string(),
                pattern: p.clone(),
                message: e.to_string(),
            })?);
        }
        Ok(NamedRule {
            heads: lb.list(&r.heads)?,
            n_heads: r.heads.len().max(1),
            common: lb.list(&r.common)?,
            before: lb.list(&r.before)?,
            not_before: lb.list(&r.not_before)?,
            stop: lb.list(&r.stop)?,
            patterns,
            max_words: r.max_words.unwrap_or(4),
            prefer_city: r.prefer_city,
            need_name: r.need_name.unwrap_or(true),
            proper_head: r.proper_head.unwrap_or(true),
        })
    }

    /// Context bonus for a name starting at token `a`; None when the context rules it out.
    fn context(&self, doc: &Doc, a: usize) -> Option<f64> {
        let from = a.saturating_sub(4);
        if doc
            .in_range(from, a, self.not_before)
            .any(|(h, _)| h.t1 as usize <= a)
        {
            return None;
        }
        // "at Lincoln Middle School", "in the school cafeteria" (one word between at most).
        let lead = doc.ending_at(a, self.before).is_some()
            || (a > 0
                && doc.kind(a - 1) == Some(Kind::Word)
                && !doc.is_cap_word(a - 1)
                && doc.ending_at(a - 1, self.before).is_some());
        Some(if lead { 0.5 } else { 0.0 })
    }

    fn add(doc: &Doc, cands: &mut Vec<Cand>, ev: Ev, score: f64, at: usize) {
        let text = doc.text.get(ev.b0 as usize..ev.b1 as usize).unwrap_or("");
        let value = text.trim().trim_end_matches([',', ';', ':']);
        if value.is_empty() {
            return;
        }
        let b0 = ev.b0 + (text.len() - text.trim_start().len()) as u32;
        let ev = Ev {
            b0,
            b1: b0 + value.len() as u32,
        };
        let key = |c: &Cand| {
            doc.text
                .get(c.ev.b0 as usize..c.ev.b1 as usize)
                .unwrap_or("")
        };
        let full = cands.len() >= 256;
        match cands
            .iter_mut()
            .find(|c| key(c).eq_ignore_ascii_case(value))
        {
            Some(c) => {
                c.score += 0.3;
                if score > c.best {
                    c.best = score;
                    c.span = ev;
                    c.ev = ev;
                }
                c.score = c.score.max(score + 0.3);
            }
            None if !full => cands.push(Cand {
                ev,
                score,
                best: score,
                span: ev,
                first: at,
            }),
            None => {}
        }
    }

    pub fn run(&self, ctx: &Ctx) -> Found {
        let doc = &ctx.doc;
        let city = if self.prefer_city {
            ctx.city().map(|c| c.to_lowercase())
        } else {
            None
        };
        let mut cands: Vec<Cand> = Vec::new();
        let mut last_t0 = usize::MAX;
        for (h, e) in doc.all(self.heads) {
            let (t0, t1) = (h.t0 as usize, h.t1 as usize);
            if t0 == last_t0 {
                continue;
            }
            last_t0 = t0;
            // A capitalized word after the head continues some other name ("School District").
            if doc.is_cap_word(t1)
                && doc.toks[t1].sent == doc.toks[t0].sent
                && doc.at(t1, self.stop).is_none()
            {
                continue;
            }
            let mut a = t0;
            while a > 0 && t0 - a < self.max_words {
                let i = a - 1;
                let ok = (doc.is_cap_word(i) || doc.kind(i) == Some(Kind::Num))
                    && doc.at(i, self.stop).is_none()
                    && doc.sent(i) == doc.sent(t0);
                if !ok {
                    break;
                }
                a = i;
            }
            while a < t0
                && doc.kind(a) == Some(Kind::Num)
                && a + 1 < t0
                && doc.kind(a + 1) == Some(Kind::Num)
            {
                a += 1;
            }
            let named = (a..t0).any(|i| doc.is_cap_word(i));
            if self.need_name && !named {
                continue;
            }
            let Some(bonus) = self.context(doc, a) else {
                continue;
            };
            let head_cap = doc.toks[t0].flags & CAP != 0;
            if self.proper_head && !head_cap {
                continue;
            }
            let value = doc.slice(a, t1);
            let mut score = 1.0 + bonus + 0.6 * (1.0 - e as f64 / self.n_heads as f64);
            if head_cap {
                score += 0.4;
            }
            if city
                .as_ref()
                .is_some_and(|c| value.to_lowercase().contains(c.as_str()))
            {
                score += 1.0;
            }
            score += 0.5 / (1.0 + doc.sent(t0) as f64 / 5.0);
            Self::add(doc, &mut cands, doc.ev(a, t1), score, t0);
        }
        let mut covered = 0usize;
        for (h, _) in doc.all(self.common) {
            let (t0, t1) = (h.t0 as usize, h.t1 as usize);
            // "school cafeteria" holds "cafeteria": one mention.
            if t0 < covered {
                continue;
            }
            covered = t1;
            let a = t0;
            let Some(bonus) = self.context(doc, a) else {
                continue;
            };
            let score = 0.5 + bonus + 0.2 * (t1 - a) as f64;
            Self::add(doc, &mut cands, doc.ev(a, t1), score, t0);
        }
        for re in &self.patterns {
            for caps in re.captures_iter(doc.text).take(50) {
                let Some(m) = caps.get(1).or_else(|| caps.get(0)) else {
                    continue;
                };
                if m.start() == m.end() {
                    continue;
                }
                let at = doc.toks.partition_point(|t| (t.b1 as usize) <= m.start());
                let ev = Ev {
                    b0: m.start() as u32,
                    b1: m.end() as u32,
                };
                Self::add(doc, &mut cands, ev, 1.2, at);
            }
        }
        let best = cands
            .into_iter()
            .max_by(|a, b| a.score.total_cmp(&b.score).then(b.first.cmp(&a.first)));
        match best {
            Some(c) => {
                let conf = (0.3 + 0.15 * c.score).min(0.85);
                let value = doc
                    .text
                    .get(c.ev.b0 as usize..c.ev.b1 as usize)
                    .unwrap_or("")
                    .to_string();
                Found::One(Sugg::new(value, conf, doc.ev_span(c.span)))
            }
            None => Found::Nothing,
        }
    }
}
