//! One article, analysed once: tokens (with byte and code point offsets), sentences, and the
//! lexicon's hits mapped onto tokens. Every rule family reads from this.

use super::lexicon::{Lexicon, ListId, NO_LIST};
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
/// The token is all ASCII (its `h` is set).
pub(crate) const ASCII: u8 = 16;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub b0: u32,
    pub b1: u32,
    pub c0: u32,
    pub c1: u32,
    pub sent: u32,
    /// `word_hash` of the token, when it is all ASCII (`ASCII` flag).
    pub h: u32,
    pub kind: Kind,
    pub flags: u8,
}

/// A hash of a word's bytes in lower case (FNV-1a); the lexicon's keys use it too.
pub(crate) fn word_hash(bytes: &[u8]) -> u32 {
    bytes.iter().fold(FNV, |h, &b| fnv(h, b))
}

pub(crate) const FNV: u32 = 0x811c_9dc5;

#[inline]
pub(crate) fn fnv(h: u32, b: u8) -> u32 {
    (h ^ u32::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0193)
}

/// A piece of evidence while a rule works: bytes of the text (made a span only for the output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Ev {
    pub b0: u32,
    pub b1: u32,
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
    /// The hits of list l, in order, with their entries: `by_list[list_at[l]..list_at[l + 1]]`.
    list_at: Vec<u32>,
    by_list: Vec<(u32, u32)>,
    /// Per token, a bit per list that has a hit starting there (`stride` words a token).
    starts: Vec<u64>,
    stride: usize,
    /// Hashes of the words written in lower case in the text (built when first asked).
    lower: std::cell::OnceCell<Vec<u32>>,
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
        lex.scan(text, &toks, &mut raw);
        let hits: Vec<Hit> = raw
            .iter()
            .map(|r| Hit {
                t0: r.t0,
                t1: r.t1,
                b0: toks[r.t0 as usize].b0,
                b1: r.b1,
                phrase: r.phrase,
            })
            .collect();
        // Index the hits by list, in text order.
        let mut list_at = vec![0u32; lex.n_lists + 1];
        for h in &hits {
            for &(l, _) in &lex.phrases[h.phrase as usize].members {
                list_at[l as usize + 1] += 1;
            }
        }
        for l in 0..lex.n_lists {
            list_at[l + 1] += list_at[l];
        }
        let mut fill = list_at.clone();
        let mut by_list = vec![(0u32, 0u32); list_at[lex.n_lists] as usize];
        let stride = lex.n_lists.div_ceil(64).max(1);
        let mut starts = vec![0u64; toks.len() * stride];
        for (i, h) in hits.iter().enumerate() {
            for &(l, e) in &lex.phrases[h.phrase as usize].members {
                let at = &mut fill[l as usize];
                by_list[*at as usize] = (i as u32, e);
                *at += 1;
                starts[h.t0 as usize * stride + l as usize / 64] |= 1 << (l % 64);
            }
        }
        let mut doc = Doc {
            text,
            lex,
            toks,
            sents: Vec::new(),
            hits,
            list_at,
            by_list,
            starts,
            stride,
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
            self.toks
                .iter()
                .filter(|t| {
                    t.kind == Kind::Word
                        && t.flags & (CAP | ASCII) == ASCII
                        && self.text.as_bytes()[t.b0 as usize].is_ascii_lowercase()
                })
                .map(|t| t.h)
                .collect()
        });
        if !w.is_ascii() {
            return false;
        }
        let h = word_hash(w.as_bytes());
        set.contains(&h)
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
    fn of(&self, list: ListId) -> &[(u32, u32)] {
        if list == NO_LIST || list as usize >= self.lex.n_lists {
            return &[];
        }
        let l = list as usize;
        &self.by_list[self.list_at[l] as usize..self.list_at[l + 1] as usize]
    }

    /// Whether a hit of `list` starts at token `t` (a bit test).
    fn starts_at(&self, t: usize, list: ListId) -> bool {
        list != NO_LIST
            && (list as usize) < self.lex.n_lists
            && self
                .starts
                .get(t * self.stride + list as usize / 64)
                .is_some_and(|w| w & (1 << (list % 64)) != 0)
    }

    /// The longest hit of `list` starting at token `t`, with its entry.
    pub fn at(&self, t: usize, list: ListId) -> Option<(Hit, u32)> {
        if !self.starts_at(t, list) {
            return None;
        }
        self.in_range(t, t + 1, list).next()
    }

    /// Hits of `list` starting in tokens `a..b`, in order.
    pub fn in_range(
        &self,
        a: usize,
        b: usize,
        list: ListId,
    ) -> impl Iterator<Item = (Hit, u32)> + use<'_, 'a> {
        let of = self.of(list);
        let lo = of.partition_point(|&(h, _)| (self.hits[h as usize].t0 as usize) < a);
        of[lo..]
            .iter()
            .map(|&(h, e)| (self.hits[h as usize], e))
            .take_while(move |(h, _)| (h.t0 as usize) < b)
    }

    /// Whether a hit of `list` lies wholly within tokens `a..b`.
    pub fn has(&self, a: usize, b: usize, list: ListId) -> bool {
        self.in_range(a, b, list).any(|(h, _)| h.t1 as usize <= b)
    }

    /// A hit of `list` ending exactly at token `t1` (exclusive), the longest.
    pub fn ending_at(&self, t1: usize, list: ListId) -> Option<(Hit, u32)> {
        let a = t1.saturating_sub(6);
        if !(a..t1).any(|t| self.starts_at(t, list)) {
            return None;
        }
        self.in_range(a, t1, list)
            .filter(|(h, _)| h.t1 as usize == t1)
            .min_by_key(|(h, _)| h.t0)
    }

    /// Every hit of `list`, in order.
    pub fn all(&self, list: ListId) -> impl Iterator<Item = (Hit, u32)> + use<'_, 'a> {
        self.of(list)
            .iter()
            .map(|&(h, e)| (self.hits[h as usize], e))
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
            if t.kind != Kind::Punct {
                pending = false;
            } else {
                let w = self.word(i);
                if matches!(w, "." | "!" | "?") {
                    pending = !(w == "." && self.abbreviation_before(i));
                } else if !(pending && is_closing(w)) {
                    // (`said." Next`: the quote closes the sentence that just ended.)
                    pending = false;
                }
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

/// The character at byte `b` (a char boundary) and its length; ASCII without decoding.
fn char_at(text: &str, b: usize) -> Option<(char, usize)> {
    let x = *text.as_bytes().get(b)?;
    if x < 0x80 {
        return Some((x as char, 1));
    }
    let ch = text.get(b..)?.chars().next()?;
    Some((ch, ch.len_utf8()))
}

/// Per ASCII byte: 1 a letter or digit, 2 a letter, 4 a capital (0 for anything else).
const ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_digit() {
            t[i] = 1;
        } else if b.is_ascii_lowercase() {
            t[i] = 3;
        } else if b.is_ascii_uppercase() {
            t[i] = 7;
        }
        i += 1;
    }
    t
};

/// Splits text into words, numbers and single punctuation characters.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut toks = Vec::with_capacity(text.len() / 5 + 1);
    let (mut b, mut c) = (0usize, 0u32);
    let (mut line, mut space) = (true, false);
    while b < bytes.len() {
        let x = bytes[b];
        // ASCII spaces and punctuation without decoding.
        if x < 0x80 && !x.is_ascii_alphanumeric() {
            if x.is_ascii_whitespace() {
                line |= x == b'\n';
                space = true;
                b += 1;
                c += 1;
                continue;
            }
            let flags = (u8::from(line) * LINE) | (u8::from(space || b == 0) * SPACE);
            let h = fnv(FNV, x);
            toks.push(Tok {
                b0: b as u32,
                b1: b as u32 + 1,
                c0: c,
                c1: c + 1,
                sent: 0,
                h,
                kind: Kind::Punct,
                flags: flags | ASCII,
            });
            (line, space) = (false, false);
            b += 1;
            c += 1;
            continue;
        }
        let (ch, len) = if x < 0x80 {
            (x as char, 1)
        } else {
            let Some(cl) = char_at(text, b) else { break };
            cl
        };
        let (b0, c0) = (b, c);
        b += len;
        c += 1;
        if x >= 0x80 && ch.is_whitespace() {
            line |= ch == '\u{2028}' || ch == '\u{2029}';
            space = true;
            continue;
        }
        let mut flags = (u8::from(line) * LINE) | (u8::from(space || b0 == 0) * SPACE);
        (line, space) = (false, false);
        let mut ascii = ch.is_ascii();
        let mut h = if ascii { fnv(FNV, ch as u8) } else { 0 };
        let kind = if ch.is_alphanumeric() {
            let num = ch.is_ascii_digit();
            let (mut letters, mut uppers) = (
                usize::from(ch.is_alphabetic()),
                usize::from(ch.is_uppercase()),
            );
            if ch.is_uppercase() {
                flags |= CAP;
            }
            loop {
                // ASCII letters and digits go on without decoding.
                let y = bytes.get(b).copied().unwrap_or(b' ');
                let class = ASCII_CLASS[y as usize];
                if class != 0 {
                    letters += usize::from(class & 2 != 0);
                    uppers += usize::from(class & 4 != 0);
                    h = fnv(h, y);
                    b += 1;
                    c += 1;
                    continue;
                }
                let Some((nc, nlen)) = char_at(text, b) else {
                    break;
                };
                let joins = if nc.is_alphanumeric() {
                    true
                } else if num {
                    // 1,000 and 9.9 stay one number.
                    matches!(nc, ',' | '.') && next_is(text, b + nlen, |x| x.is_ascii_digit())
                } else {
                    // O'Reilly, Coleman-Singleton, Wal-Mart.
                    matches!(nc, '\'' | '’' | '-') && next_is(text, b + nlen, char::is_alphabetic)
                };
                if !joins {
                    break;
                }
                if nc.is_ascii() {
                    h = fnv(h, nc as u8);
                } else {
                    ascii = false;
                }
                b += nlen;
                c += 1;
                letters += usize::from(nc.is_alphabetic());
                uppers += usize::from(nc.is_uppercase());
            }
            if letters >= 2 && uppers == letters {
                flags |= UPPER;
            }
            if num {
                Kind::Num
            } else {
                Kind::Word
            }
        } else {
            Kind::Punct
        };
        if ascii {
            flags |= ASCII;
        }
        toks.push(Tok {
            b0: b0 as u32,
            b1: b as u32,
            c0,
            c1: c,
            sent: 0,
            h,
            kind,
            flags,
        });
    }
    toks
}

fn next_is(text: &str, b: usize, f: impl Fn(char) -> bool) -> bool {
    char_at(text, b).is_some_and(|(c, _)| f(c))
}
