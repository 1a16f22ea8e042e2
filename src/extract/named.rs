//! Proper names ending in a head word: "Kenosha Police Department", "Lincoln Middle School",
//! "Volunteer Parkway"; common place nouns with one word before them ("the school cafeteria");
//! and regular expressions from the rules.

use super::doc::{Doc, Kind, CAP};
use super::lexicon::{LexBuilder, ListId};
use super::{Ctx, ExtractError, Found, Sugg};
use crate::domain::prediction::SpanJson;
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
}

struct Cand {
    key: String,
    value: String,
    score: f64,
    best: f64,
    span: SpanJson,
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
        })
    }

    /// Context bonus for a name starting at token `a`; None when the context rules it out.
    fn context(&self, doc: &Doc, a: usize) -> Option<f64> {
        let from = a.saturating_sub(4);
        if doc.in_range(from, a, self.not_before).any(|(h, _)| h.t1 as usize <= a) {
            return None;
        }
        let lead = a.checked_sub(1).and_then(|p| doc.ending_at(p + 1, self.before));
        Some(if lead.is_some() { 0.5 } else { 0.0 })
    }

    fn add(cands: &mut Vec<Cand>, value: &str, score: f64, span: SpanJson, at: usize) {
        let value = value.trim().trim_end_matches([',', ';', ':']).to_string();
        if value.is_empty() {
            return;
        }
        let key = value.to_lowercase();
        match cands.iter_mut().find(|c| c.key == key) {
            Some(c) => {
                c.score += 0.3;
                if score > c.best {
                    c.best = score;
                    c.span = span;
                    c.value = value;
                }
                c.score = c.score.max(score + 0.3);
            }
            None => cands.push(Cand {
                key,
                value,
                score,
                best: score,
                span,
                first: at,
            }),
        }
    }

    pub fn run(&self, ctx: &Ctx) -> Found {
        let doc = &ctx.doc;
        let city = if self.prefer_city { ctx.city().map(|c| c.to_lowercase()) } else { None };
        let mut cands: Vec<Cand> = Vec::new();
        let mut last_t0 = usize::MAX;
        for (h, e) in doc.all(self.heads) {
            let (t0, t1) = (h.t0 as usize, h.t1 as usize);
            if t0 == last_t0 {
                continue;
            }
            last_t0 = t0;
            // A capitalized word after the head continues some other name ("School District").
            if doc.is_cap_word(t1) && doc.toks[t1].sent == doc.toks[t0].sent && doc.at(t1, self.stop).is_none() {
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
            while a < t0 && doc.kind(a) == Some(Kind::Num) && a + 1 < t0 && doc.kind(a + 1) == Some(Kind::Num) {
                a += 1;
            }
            let named = (a..t0).any(|i| doc.is_cap_word(i));
            if self.need_name && !named {
                continue;
            }
            let Some(bonus) = self.context(doc, a) else { continue };
            let head_cap = doc.toks[t0].flags & CAP != 0;
            let value = doc.slice(a, t1);
            let mut score = 1.0 + bonus + 0.6 * (1.0 - e as f64 / self.n_heads as f64);
            if head_cap {
                score += 0.4;
            }
            if city.as_ref().is_some_and(|c| value.to_lowercase().contains(c.as_str())) {
                score += 1.0;
            }
            score += 0.5 / (1.0 + doc.sent(t0) as f64 / 5.0);
            Self::add(&mut cands, value, score, doc.span(a, t1), t0);
        }
        let mut last_t0 = usize::MAX;
        for (h, _) in doc.all(self.common) {
            let (t0, t1) = (h.t0 as usize, h.t1 as usize);
            if t0 == last_t0 {
                continue;
            }
            last_t0 = t0;
            let a = t0;
            let Some(bonus) = self.context(doc, a) else { continue };
            let score = 0.5 + bonus + 0.2 * (t1 - a) as f64;
            Self::add(&mut cands, doc.slice(a, t1), score, doc.span(a, t1), t0);
        }
        for re in &self.patterns {
            for caps in re.captures_iter(doc.text).take(50) {
                let Some(m) = caps.get(1).or_else(|| caps.get(0)) else { continue };
                if m.start() == m.end() {
                    continue;
                }
                let at = doc.toks.partition_point(|t| (t.b1 as usize) <= m.start());
                Self::add(&mut cands, m.as_str(), 1.2, doc.byte_span(m.start(), m.end()), at);
            }
        }
        let best = cands
            .into_iter()
            .max_by(|a, b| a.score.total_cmp(&b.score).then(b.first.cmp(&a.first)));
        match best {
            Some(c) => {
                let conf = (0.3 + 0.15 * c.score).min(0.85);
                Found::One(Sugg::new(c.value, conf, c.span))
            }
            None => Found::Nothing,
        }
    }
}
