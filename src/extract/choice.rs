//! Cue words to choices (an enum takes the first listed cue found, a multi every one), and short
//! text snippets: the sentence parts that hold the strongest cues.

use super::doc::Doc;
use super::lexicon::{LexBuilder, ListId};
use super::{Ctx, ExtractError, Found, Sugg};
use crate::domain::prediction::SpanJson;
use crate::domain::rules::{ChoiceRules, SnippetRules};

struct Cue {
    choice: String,
    words: ListId,
    near: Option<ListId>,
    not_near: Option<ListId>,
}

pub(crate) struct ChoiceRule {
    cues: Vec<Cue>,
    negations: ListId,
    /// The field's choices, in schema order.
    order: Vec<String>,
    multi: bool,
}

impl ChoiceRule {
    pub fn compile(
        _key: &str,
        r: &ChoiceRules,
        choices: &[String],
        multi: bool,
        lb: &mut LexBuilder,
    ) -> Result<Self, ExtractError> {
        let mut cues = Vec::new();
        for c in &r.cues {
            cues.push(Cue {
                choice: c.choice.clone(),
                words: lb.list(&c.words)?,
                near: if c.near.is_empty() {
                    None
                } else {
                    Some(lb.list(&c.near)?)
                },
                not_near: if c.not_near.is_empty() {
                    None
                } else {
                    Some(lb.list(&c.not_near)?)
                },
            });
        }
        Ok(ChoiceRule {
            cues,
            negations: lb.list(&r.negations)?,
            order: choices.to_vec(),
            multi,
        })
    }

    /// The first hit of a cue that its conditions allow.
    fn first_hit(&self, doc: &Doc, cue: &Cue) -> Option<SpanJson> {
        doc.all(cue.words).find_map(|(h, _)| {
            let t0 = h.t0 as usize;
            let (a, b) = doc.sent_range(doc.sent(t0));
            if cue.near.is_some_and(|l| !doc.has(a, b, l))
                || cue.not_near.is_some_and(|l| doc.has(a, b, l))
            {
                return None;
            }
            if negated(doc, t0, self.negations) {
                return None;
            }
            Some(doc.hit_span(&h))
        })
    }

    pub fn run(&self, ctx: &Ctx) -> Found {
        let doc = &ctx.doc;
        if !self.multi {
            return self
                .cues
                .iter()
                .find_map(|c| {
                    self.first_hit(doc, c)
                        .map(|s| Found::One(Sugg::new(c.choice.clone(), 0.6, s)))
                })
                .unwrap_or_default();
        }
        let mut picked: Vec<(&str, SpanJson)> = Vec::new();
        for c in &self.cues {
            if picked.iter().any(|(p, _)| *p == c.choice) {
                continue;
            }
            if let Some(s) = self.first_hit(doc, c) {
                picked.push((&c.choice, s));
            }
        }
        if picked.is_empty() {
            return Found::Nothing;
        }
        let values: Vec<serde_json::Value> = self
            .order
            .iter()
            .filter(|o| picked.iter().any(|(p, _)| p == o))
            .map(|o| serde_json::Value::String(o.clone()))
            .collect();
        let mut spans: Vec<SpanJson> = picked.into_iter().map(|(_, s)| s).collect();
        spans.sort_by_key(|s| s.start);
        Found::One(Sugg {
            value: serde_json::Value::Array(values),
            confidence: 0.5,
            evidence: spans,
            cue: "",
        })
    }
}

/// Whether a negation stands within three words before token `t0`, in the same sentence
/// ("did not use a Taser").
pub(crate) fn negated(doc: &Doc, t0: usize, negations: ListId) -> bool {
    let from = t0.saturating_sub(3);
    let s = doc.sent(t0);
    doc.in_range(from, t0, negations)
        .any(|(h, _)| doc.sent(h.t0 as usize) == s && h.t1 as usize <= t0)
}

pub(crate) struct SnippetRule {
    cues: ListId,
    parts: usize,
    max_chars: usize,
}

impl SnippetRule {
    pub fn compile(r: &SnippetRules, lb: &mut LexBuilder) -> Result<Self, ExtractError> {
        Ok(SnippetRule {
            cues: lb.list(&r.cues)?,
            parts: r.parts.unwrap_or(2).max(1),
            max_chars: r.max_chars.unwrap_or(160).max(20),
        })
    }

    /// The clause around token `t`: the sentence, cut at `;` and then at commas to fit.
    fn clause(&self, doc: &Doc, t: usize) -> (usize, usize) {
        let (mut a, mut b) = doc.sent_range(doc.sent(t));
        // A long "sentence" (a page without stops) is cut around the cue.
        (a, b) = (a.max(t.saturating_sub(60)), b.min(t + 60));
        for i in (a..t).rev() {
            if doc.is(i, ";") {
                a = i + 1;
                break;
            }
        }
        for i in t..b {
            if doc.is(i, ";") {
                b = i;
                break;
            }
        }
        let chars = |a: usize, b: usize| (doc.toks[b - 1].c1 - doc.toks[a].c0) as usize;
        while b > a + 1 && chars(a, b) > self.max_chars {
            let left = (a..t)
                .rev()
                .find(|&i| matches!(doc.word(i), "," | "\"" | "“" | "”"));
            let right = (t + 1..b).find(|&i| matches!(doc.word(i), "," | "\"" | "“" | "”"));
            match (left, right) {
                (Some(l), _) if t - l > b - t => a = l + 1,
                (_, Some(r)) => b = r,
                (Some(l), None) => a = l + 1,
                (None, None) => {
                    // No comma: a window of words around the cue.
                    a = a.max(t.saturating_sub(8));
                    b = b.min(t + 14);
                    break;
                }
            }
        }
        while b > a + 1 && matches!(doc.word(b - 1), "." | "," | ":" | "\"" | "”" | "“") {
            b -= 1;
        }
        while a + 1 < b && matches!(doc.word(a), "\"" | "“" | "”" | "," | "-" | "—") {
            a += 1;
        }
        (a, b)
    }

    pub fn run(&self, ctx: &Ctx) -> Found {
        let doc = &ctx.doc;
        let mut hits: Vec<(u32, usize)> = doc
            .all(self.cues)
            .map(|(h, e)| (e, h.t0 as usize))
            .collect();
        hits.sort();
        let mut parts: Vec<(usize, usize)> = Vec::new();
        for (_, t) in hits {
            if parts.len() >= self.parts {
                break;
            }
            let (a, b) = self.clause(doc, t);
            if b <= a || parts.iter().any(|&(x, y)| a < y && x < b) {
                continue;
            }
            parts.push((a, b));
        }
        if parts.is_empty() {
            return Found::Nothing;
        }
        let text: Vec<&str> = parts.iter().map(|&(a, b)| doc.slice(a, b)).collect();
        let value = text
            .join("; ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        Found::One(Sugg {
            value: value.into(),
            confidence: 0.45,
            evidence: parts.iter().map(|&(a, b)| doc.span(a, b)).collect(),
            cue: "",
        })
    }
}
