//! One article, analysed once: tokens (with byte and code point offsets), sentences, and the
//! lexicon's hits mapped onto tokens. Every rule family reads from this.

use super::lexicon::{Ids, Lexicon, ListId, NO_LIST};
pub(crate) use super::token::{
    tokenize, tokenize_into, word_hash, Kind, Tok, ASCII, CAP, HYPHEN, INNER_CAP, LINE, QUOTE,
    UPPER,
};
use crate::domain::prediction::SpanJson;

/// Only this much of an article is analysed (a page of boilerplate can be huge).
pub(crate) const MAX_BYTES: usize = 1 << 20;

/// A piece of evidence while a rule works: bytes of the text (made a span only for the output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Ev {
    pub b0: u32,
    pub b1: u32,
}

/// A phrase hit on tokens `t0..t1`.
#[derive(Debug, Clone, Copy, Default)]
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
    /// The hits starting at token t are `hits[first[t]..first[t + 1]]`.
    first: Vec<u32>,
    /// The hits of list l, in order, with their entries: `by_list[list_at[l]..list_at[l + 1]]`
    /// (copies, so that a search by token reads one array).
    list_at: Vec<u32>,
    by_list: Vec<(Hit, u32)>,
    /// Per token, a bit per list that has a hit starting there (`stride` words a token).
    starts: Vec<u64>,
    stride: usize,
    /// Buffers used while building, kept for the next article.
    spare: (Vec<Ids>, Vec<u32>),
}

/// The buffers of an article's analysis, handed on to the next article: filling them again
/// costs less than allocating them anew for every article.
#[derive(Default)]
pub(crate) struct Buffers {
    toks: Vec<Tok>,
    sents: Vec<(u32, u32)>,
    hits: Vec<Hit>,
    ids: Vec<Ids>,
    first: Vec<u32>,
    list_at: Vec<u32>,
    fill: Vec<u32>,
    by_list: Vec<(Hit, u32)>,
    starts: Vec<u64>,
}

impl Buffers {
    /// Whether the buffers are small enough to keep (a huge page should not pin its memory).
    pub fn worth_keeping(&self) -> bool {
        self.toks.capacity() <= 1 << 16
    }
}

impl<'a> Doc<'a> {
    #[cfg(test)]
    pub fn new(full: &'a str, lex: &'a Lexicon) -> Doc<'a> {
        Doc::with_buffers(full, lex, Buffers::default())
    }

    /// Analyses an article in the buffers of an earlier one.
    pub fn with_buffers(full: &'a str, lex: &'a Lexicon, buf: Buffers) -> Doc<'a> {
        let Buffers {
            mut toks,
            mut sents,
            mut hits,
            mut ids,
            mut first,
            mut list_at,
            mut fill,
            mut by_list,
            mut starts,
        } = buf;
        let mut end = full.len().min(MAX_BYTES);
        while !full.is_char_boundary(end) {
            end -= 1;
        }
        let text = &full[..end];
        tokenize_into(text, &mut toks);
        hits.clear();
        lex.scan(text, &toks, &mut ids, &mut hits);
        // Where each token's hits begin (hits are in token order).
        refill(&mut first, toks.len() + 1, 0);
        for h in &hits {
            first[h.t0 as usize + 1] += 1;
        }
        for t in 1..first.len() {
            first[t] += first[t - 1];
        }
        // Index the hits by list, in text order.
        refill(&mut list_at, lex.n_lists + 1, 0);
        for h in &hits {
            for &(l, _) in lex.members(h.phrase) {
                list_at[l as usize + 1] += 1;
            }
        }
        for l in 0..lex.n_lists {
            list_at[l + 1] += list_at[l];
        }
        fill.clear();
        fill.extend_from_slice(&list_at);
        refill(
            &mut by_list,
            list_at[lex.n_lists] as usize,
            Default::default(),
        );
        let stride = lex.n_lists.div_ceil(64).max(1);
        refill(&mut starts, toks.len() * stride, 0);
        for h in &hits {
            for &(l, e) in lex.members(h.phrase) {
                let at = &mut fill[l as usize];
                by_list[*at as usize] = (*h, e);
                *at += 1;
                starts[h.t0 as usize * stride + l as usize / 64] |= 1 << (l % 64);
            }
        }
        sents.clear();
        let mut doc = Doc {
            text,
            lex,
            toks,
            sents,
            hits,
            first,
            list_at,
            by_list,
            starts,
            stride,
            spare: (ids, fill),
        };
        doc.split_sentences();
        doc
    }

    /// The buffers, for the next article.
    pub fn into_buffers(self) -> Buffers {
        let (ids, fill) = self.spare;
        Buffers {
            toks: self.toks,
            sents: self.sents,
            hits: self.hits,
            ids,
            first: self.first,
            list_at: self.list_at,
            fill,
            by_list: self.by_list,
            starts: self.starts,
        }
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
        self.toks.get(i).is_some_and(Tok::is_cap_word)
    }

    pub fn is(&self, i: usize, s: &str) -> bool {
        self.word(i) == s
    }

    /// For each word hash (`word_hash`, as in a token's `h`), whether a word with it is written
    /// in lower case somewhere in the text: a common word. One pass over the tokens answers
    /// every question an article has.
    pub fn written_lower(&self, hashes: &[u32]) -> Vec<bool> {
        let mut keys = hashes.to_vec();
        keys.sort_unstable();
        keys.dedup();
        let mut seen = vec![false; keys.len()];
        let bit = |h: u32| 1u64 << ((h ^ (h >> 16)) % 64);
        let mask = keys.iter().fold(0u64, |m, &h| m | bit(h));
        let bytes = self.text.as_bytes();
        for t in &self.toks {
            if mask & bit(t.h) == 0
                || t.kind != Kind::Word
                || t.flags & (CAP | ASCII) != ASCII
                || !bytes[t.b0 as usize].is_ascii_lowercase()
            {
                continue;
            }
            if let Ok(k) = keys.binary_search(&t.h) {
                seen[k] = true;
            }
        }
        hashes
            .iter()
            .map(|h| keys.binary_search(h).is_ok_and(|k| seen[k]))
            .collect()
    }

    pub fn sent(&self, i: usize) -> usize {
        self.toks.get(i).map_or(usize::MAX, |t| t.sent as usize)
    }

    pub fn sent_range(&self, s: usize) -> (usize, usize) {
        self.sents
            .get(s)
            .map_or((0, 0), |&(a, b)| (a as usize, b as usize))
    }

    /// The hits of a list, with their entries, in text order.
    fn of(&self, list: ListId) -> &[(Hit, u32)] {
        if list == NO_LIST || list as usize >= self.lex.n_lists {
            return &[];
        }
        let l = list as usize;
        &self.by_list[self.list_at[l] as usize..self.list_at[l + 1] as usize]
    }

    /// Whether a hit of `list` starts at token `t` (a bit test).
    #[inline]
    fn starts_at(&self, t: usize, list: ListId) -> bool {
        list != NO_LIST
            && (list as usize) < self.lex.n_lists
            && self
                .starts
                .get(t * self.stride + list as usize / 64)
                .is_some_and(|w| w & (1 << (list % 64)) != 0)
    }

    /// The longest hit of `list` starting at token `t`, with its entry.
    #[inline]
    pub fn at(&self, t: usize, list: ListId) -> Option<(Hit, u32)> {
        if !self.starts_at(t, list) {
            return None;
        }
        self.at_hit(t, list)
    }

    fn at_hit(&self, t: usize, list: ListId) -> Option<(Hit, u32)> {
        self.hits_at(t)
            .find_map(|h| self.entry(h, list).map(|e| (*h, e)))
    }

    /// The hits starting at token `t`, longest first.
    fn hits_at(&self, t: usize) -> impl Iterator<Item = &Hit> {
        let a = self.first.get(t).map_or(0, |&a| a as usize);
        let b = self.first.get(t + 1).map_or(a, |&b| b as usize);
        self.hits.get(a..b).unwrap_or(&[]).iter()
    }

    /// The entry of `list` that a hit is (its first, if several).
    fn entry(&self, h: &Hit, list: ListId) -> Option<u32> {
        self.lex
            .members(h.phrase)
            .iter()
            .find(|m| m.0 == list)
            .map(|m| m.1)
    }

    /// Hits of `list` starting in tokens `a..b`, in order.
    pub fn in_range(
        &self,
        a: usize,
        b: usize,
        list: ListId,
    ) -> impl Iterator<Item = (Hit, u32)> + use<'_, 'a> {
        let of = self.of(list);
        let lo = of.partition_point(|(h, _)| (h.t0 as usize) < a);
        of[lo..]
            .iter()
            .copied()
            .take_while(move |(h, _)| (h.t0 as usize) < b)
    }

    /// Whether a hit of `list` lies wholly within tokens `a..b`.
    pub fn has(&self, a: usize, b: usize, list: ListId) -> bool {
        self.in_range(a, b, list).any(|(h, _)| h.t1 as usize <= b)
    }

    /// A hit of `list` ending exactly at token `t1` (exclusive), the longest.
    pub fn ending_at(&self, t1: usize, list: ListId) -> Option<(Hit, u32)> {
        (t1.saturating_sub(6)..t1)
            .filter(|&t| self.starts_at(t, list))
            .find_map(|t| {
                self.hits_at(t).find_map(|h| {
                    let e = self.entry(h, list).filter(|_| h.t1 as usize == t1)?;
                    Some((*h, e))
                })
            })
    }

    /// Every hit of `list`, in order.
    pub fn all(&self, list: ListId) -> impl Iterator<Item = (Hit, u32)> + use<'_, 'a> {
        self.of(list).iter().copied()
    }

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
            self.toks[i].sent = self.sents.len() as u32;
            // (A sign is one character: its first byte tells an ASCII one.)
            let first = self.text.as_bytes()[t.b0 as usize];
            if t.kind != Kind::Punct {
                pending = false;
            } else if matches!(first, b'.' | b'!' | b'?') {
                pending = !(first == b'.' && self.abbreviation_before(i));
            } else if !(pending && is_closing(self.word(i))) {
                // (`said." Next`: the quote closes the sentence that just ended.)
                pending = false;
            }
            i += 1;
        }
        if start < n {
            self.sents.push((start as u32, n as u32));
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
        let mut buf = [0u8; 12];
        if w.len() > buf.len() || !w.is_ascii() {
            return false;
        }
        for (d, s) in buf.iter_mut().zip(w.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        std::str::from_utf8(&buf[..w.len()]).is_ok_and(|l| self.lex.abbreviations.contains(l))
    }
}

/// Makes `v` hold `n` copies of `x`, in its own memory.
fn refill<T: Copy>(v: &mut Vec<T>, n: usize, x: T) {
    v.clear();
    v.resize(n, x);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_written_in_lower_case_somewhere() {
        let lex = super::super::Extractor::new(&crate::io::default_schema())
            .map(|e| e.lex)
            .unwrap();
        let doc = Doc::new(
            "Will Grand saw a grand house. Will went. Mays said NO, no",
            &lex,
        );
        let ask = ["grand", "will", "mays", "house", "no", "Said", "gone"]
            .map(|w| word_hash(w.as_bytes()));
        assert_eq!(
            doc.written_lower(&ask),
            [true, false, false, true, true, true, false]
        );
        assert!(doc.written_lower(&[]).is_empty());
    }
}
