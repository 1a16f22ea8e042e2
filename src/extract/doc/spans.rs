//! Evidence: token and byte ranges turned into spans (code point offsets and quotes).

use super::{Doc, Ev, Hit};
use crate::domain::prediction::SpanJson;

impl<'a> Doc<'a> {
    /// Evidence (bytes) for tokens `t0..t1`.
    pub fn ev(&self, t0: usize, t1: usize) -> Ev {
        match (self.toks.get(t0), self.toks.get(t1.max(t0 + 1) - 1)) {
            (Some(a), Some(b)) => Ev { b0: a.b0, b1: b.b1 },
            _ => Ev::default(),
        }
    }

    /// Evidence (bytes) for a hit.
    pub fn hit_ev(&self, h: &Hit) -> Ev {
        Ev { b0: h.b0, b1: h.b1 }
    }

    /// The span of some evidence.
    pub fn ev_span(&self, e: Ev) -> SpanJson {
        self.byte_span(e.b0 as usize, e.b1 as usize)
    }

    /// Evidence for tokens `t0..t1`.
    pub fn span(&self, t0: usize, t1: usize) -> SpanJson {
        let (Some(a), Some(b)) = (self.toks.get(t0), self.toks.get(t1.max(t0 + 1) - 1)) else {
            return SpanJson {
                start: 0,
                end: 0,
                quote: Some(String::new()),
            };
        };
        SpanJson {
            start: a.c0 as usize,
            end: b.c1 as usize,
            quote: Some(self.text[a.b0 as usize..b.b1 as usize].to_string()),
        }
    }

    /// Evidence for a hit (its exact bytes, which may be part of a token).
    pub fn hit_span(&self, h: &Hit) -> SpanJson {
        self.byte_span(h.b0 as usize, h.b1 as usize)
    }

    /// Evidence for bytes `b0..b1` (on character boundaries).
    pub fn byte_span(&self, b0: usize, b1: usize) -> SpanJson {
        let b1 = b1.min(self.text.len());
        let b0 = b0.min(b1);
        let c0 = self.char_of(b0);
        let quote = self.text.get(b0..b1).unwrap_or("").to_string();
        let c1 = c0 + quote.chars().count();
        SpanJson {
            start: c0,
            end: c1,
            quote: Some(quote),
        }
    }

    /// The text of tokens `t0..t1`.
    pub fn slice(&self, t0: usize, t1: usize) -> &'a str {
        match (self.toks.get(t0), self.toks.get(t1.max(t0 + 1) - 1)) {
            (Some(a), Some(b)) => &self.text[a.b0 as usize..b.b1 as usize],
            _ => "",
        }
    }

    /// The code point offset of a byte offset.
    pub fn char_of(&self, b: usize) -> usize {
        let i = self.toks.partition_point(|t| (t.b0 as usize) <= b);
        let (c, from) = match i.checked_sub(1).and_then(|j| self.toks.get(j)) {
            Some(t) => (t.c0 as usize, t.b0 as usize),
            None => (0, 0),
        };
        c + self.text.get(from..b).map_or(0, |s| s.chars().count())
    }
}
