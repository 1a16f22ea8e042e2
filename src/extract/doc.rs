//! One article, analysed once: tokens (with byte and code point offsets), sentences, and the
//! lexicon's hits mapped onto tokens. Every rule family reads from this.

use super::lexicon::{Lexicon, ListId, RawHit};
use crate::domain::prediction::SpanJson;

/// Only this much of an article is analysed (a page of boilerplate can be huge).
pub(crate) const MAX_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

pub(crate) const CAP: u8 = 1;
pub(crate) const UPPER: u8 = 2;
pub(crate) const LINE: u8 = 4;
pub(crate) const SPACE: u8 = 8;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub b0: u32,
    pub b1: u32,
    pub c0: u32,
    pub c1: u32,
    pub sent: u32,
    pub kind: Kind,
    pub flags: u8,
}

/// A phrase hit on tokens `t0..t1`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub t0: u32,
    pub t1: u32,
    pub b0: u32,
    pub b1: u32,
    pub phrase: u32,
}

pub(crate) struct Doc<'a> {
    pub text: &'a str,
    pub lex: &'a Lexicon,
    pub toks: Vec<Tok>,
    /// Token ranges of sentences.
    pub sents: Vec<(u32, u32)>,
    pub hits: Vec<Hit>,
    /// Hits starting at token i are `hits[hit_at[i]..hit_at[i + 1]]`.
    hit_at: Vec<u32>,
    /// Words written in lower case somewhere in the text (built when first asked).
    lower: std::cell::OnceCell<std::collections::HashSet<&'a str>>,
}

impl<'a> Doc<'a> {
    pub fn new(full: &'a str, lex: &'a Lexicon) -> Doc<'a> {
        let mut end = full.len().min(MAX_BYTES);
        while !full.is_char_boundary(end) {
            end -= 1;
        }
        let text = &full[..end];
        let toks = tokenize(text);
        let mut raw = Vec::new();
        lex.scan(text, &mut raw);
        let hits = place_hits(&toks, &raw);
        let mut hit_at = vec![0u32; toks.len() + 1];
        for h in &hits {
            hit_at[h.t0 as usize + 1] += 1;
        }
        for i in 0..toks.len() {
            hit_at[i + 1] += hit_at[i];
        }
        let mut doc = Doc {
            text,
            lex,
            toks,
            sents: Vec::new(),
            hits,
            hit_at,
            lower: std::cell::OnceCell::new(),
        };
        doc.split_sentences();
        doc
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn word(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => &self.text[t.b0 as usize..t.b1 as usize],
            None => "",
        }
    }

    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub fn flag(&self, i: usize, f: u8) -> bool {
        self.toks.get(i).is_some_and(|t| t.flags & f != 0)
    }

    pub fn is_cap_word(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == Kind::Word && t.flags & CAP != 0)
    }

    pub fn is(&self, i: usize, s: &str) -> bool {
        self.word(i) == s
    }

    /// Whether `w` (in any case) is written in lower case somewhere in the text: a common word.
    pub fn written_lower(&self, w: &str) -> bool {
        let set = self.lower.get_or_init(|| {
            (0..self.toks.len())
                .filter(|&i| self.toks[i].kind == Kind::Word && self.word(i).starts_with(|c: char| c.is_lowercase()))
                .map(|i| self.word(i))
                .collect()
        });
        set.contains(w.to_lowercase().as_str())
    }

    pub fn sent(&self, i: usize) -> usize {
        self.toks.get(i).map_or(usize::MAX, |t| t.sent as usize)
    }

    pub fn sent_range(&self, s: usize) -> (usize, usize) {
        self.sents
            .get(s)
            .map_or((0, 0), |&(a, b)| (a as usize, b as usize))
    }

    /// Hits starting at token `t`, longest first.
    pub fn hits_at(&self, t: usize) -> &[Hit] {
        if t >= self.toks.len() {
            return &[];
        }
        &self.hits[self.hit_at[t] as usize..self.hit_at[t + 1] as usize]
    }

    /// The longest hit of `list` starting at token `t`, with its entry.
    pub fn at(&self, t: usize, list: ListId) -> Option<(Hit, u32)> {
        self.hits_at(t)
            .iter()
            .find_map(|h| self.lex.entry_in(h.phrase, list).map(|e| (*h, e)))
    }

    /// Hits of `list` starting in tokens `a..b`, in order.
    pub fn in_range(&self, a: usize, b: usize, list: ListId) -> impl Iterator<Item = (Hit, u32)> + use<'_, 'a> {
        let a = a.min(self.toks.len());
        let b = b.min(self.toks.len()).max(a);
        let lo = self.hit_at[a] as usize;
        let hi = self.hit_at[b] as usize;
        self.hits[lo..hi]
            .iter()
            .filter_map(move |h| self.lex.entry_in(h.phrase, list).map(|e| (*h, e)))
    }

    /// Whether a hit of `list` lies wholly within tokens `a..b`.
    pub fn has(&self, a: usize, b: usize, list: ListId) -> bool {
        self.in_range(a, b, list).any(|(h, _)| h.t1 as usize <= b)
    }

    /// A hit of `list` ending exactly at token `t1` (exclusive), the longest.
    pub fn ending_at(&self, t1: usize, list: ListId) -> Option<(Hit, u32)> {
        let a = t1.saturating_sub(6);
        self.in_range(a, t1, list)
            .filter(|(h, _)| h.t1 as usize == t1)
            .min_by_key(|(h, _)| h.t0)
    }

    /// Every hit of `list`, in order.
    pub fn all(&self, list: ListId) -> impl Iterator<Item = (Hit, u32)> + use<'_, 'a> {
        self.in_range(0, self.toks.len(), list)
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

    fn split_sentences(&mut self) {
        let n = self.toks.len();
        let mut start = 0usize;
        let mut pending = false;
        let mut i = 0usize;
        while i < n {
            let t = self.toks[i];
            let new = i > start && ((t.flags & LINE) != 0 || (pending && opens_sentence(self, i)));
            if new {
                self.sents.push((start as u32, i as u32));
                start = i;
                pending = false;
            }
            let w = self.word(i);
            if t.kind == Kind::Punct && matches!(w, "." | "!" | "?") {
                pending = !(w == "." && self.abbreviation_before(i));
            } else if pending && t.kind == Kind::Punct && is_closing(w) {
                // `said." Next`: the quote closes the sentence that just ended.
            } else {
                pending = false;
            }
            i += 1;
        }
        if start < n {
            self.sents.push((start as u32, n as u32));
        }
        for (s, &(a, b)) in self.sents.iter().enumerate() {
            for t in &mut self.toks[a as usize..b as usize] {
                t.sent = s as u32;
            }
        }
    }

    fn abbreviation_before(&self, dot: usize) -> bool {
        let Some(p) = dot.checked_sub(1) else {
            return false;
        };
        let prev = self.toks[p];
        if prev.kind != Kind::Word || prev.b1 != self.toks[dot].b0 {
            return false;
        }
        let w = self.word(p);
        if w.chars().count() == 1 {
            return true;
        }
        w.len() <= 12 && self.lex.abbreviations.contains(&w.to_lowercase())
    }
}

fn is_closing(w: &str) -> bool {
    matches!(w, "\"" | "”" | "’" | "'" | ")" | "]")
}

fn opens_sentence(doc: &Doc, i: usize) -> bool {
    let t = doc.toks[i];
    match t.kind {
        Kind::Word => t.flags & CAP != 0,
        Kind::Num => true,
        Kind::Punct => matches!(doc.word(i), "\"" | "“" | "‘" | "'" | "(" | "-" | "—" | "–"),
    }
}

/// Splits text into words, numbers and single punctuation characters.
fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 5 + 1);
    let mut it = text.char_indices().peekable();
    let mut c = 0u32;
    let mut line = true;
    let mut space = false;
    while let Some((b, ch)) = it.next() {
        let c0 = c;
        c += 1;
        if ch.is_whitespace() {
            if ch == '\n' || ch == '\u{2028}' || ch == '\u{2029}' {
                line = true;
            }
            space = true;
            continue;
        }
        let mut flags = 0u8;
        if line {
            flags |= LINE;
        }
        if space || b == 0 {
            flags |= SPACE;
        }
        line = false;
        space = false;
        let kind;
        let mut end = b + ch.len_utf8();
        if ch.is_alphanumeric() {
            let num = ch.is_ascii_digit();
            kind = if num { Kind::Num } else { Kind::Word };
            let mut letters = usize::from(ch.is_alphabetic());
            let mut uppers = usize::from(ch.is_uppercase());
            if ch.is_uppercase() {
                flags |= CAP;
            }
            while let Some(&(nb, nc)) = it.peek() {
                let joins = if nc.is_alphanumeric() {
                    true
                } else if num {
                    // 1,000 and 9.9 stay one number.
                    matches!(nc, ',' | '.') && next_is(text, nb + nc.len_utf8(), |x| x.is_ascii_digit())
                } else {
                    // O'Reilly, Coleman-Singleton, Wal-Mart.
                    matches!(nc, '\'' | '’' | '-') && next_is(text, nb + nc.len_utf8(), char::is_alphabetic)
                };
                if !joins {
                    break;
                }
                it.next();
                c += 1;
                end = nb + nc.len_utf8();
                letters += usize::from(nc.is_alphabetic());
                uppers += usize::from(nc.is_uppercase());
            }
            if letters >= 2 && uppers == letters {
                flags |= UPPER;
            }
        } else {
            kind = Kind::Punct;
        }
        toks.push(Tok {
            b0: b as u32,
            b1: end as u32,
            c0,
            c1: c,
            sent: 0,
            kind,
            flags,
        });
    }
    toks
}

fn next_is(text: &str, b: usize, f: impl Fn(char) -> bool) -> bool {
    text.get(b..).and_then(|s| s.chars().next()).is_some_and(f)
}

/// Maps byte hits onto tokens, sorted by first token, longest first.
fn place_hits(toks: &[Tok], raw: &[RawHit]) -> Vec<Hit> {
    let mut hits: Vec<Hit> = raw
        .iter()
        .filter_map(|r| {
            let t0 = toks.partition_point(|t| (t.b1 as usize) <= r.b0);
            let t1 = toks.partition_point(|t| (t.b0 as usize) < r.b1);
            (t0 < t1 && t1 <= toks.len()).then_some(Hit {
                t0: t0 as u32,
                t1: t1 as u32,
                b0: r.b0 as u32,
                b1: r.b1 as u32,
                phrase: r.phrase,
            })
        })
        .collect();
    hits.sort_by(|a, b| a.t0.cmp(&b.t0).then(b.t1.cmp(&a.t1)).then(a.b0.cmp(&b.b0)));
    hits
}
