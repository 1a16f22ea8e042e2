//! One article, analysed once: tokens (with byte and code point offsets), sentences, and the
//! lexicon's hits mapped onto tokens. Every rule family reads from this.

mod sentences;
mod spans;

use super::lexicon::{Ids, Lexicon, ListId, NO_LIST};
pub(crate) use super::token::{
    tokenize, tokenize_into, word_hash, Kind, Tok, ASCII, CAP, HYPHEN, INNER_CAP, LINE, QUOTE,
    SPACE, UPPER,
};

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
}

/// Makes `v` hold `n` copies of `x`, in its own memory.
fn refill<T: Copy>(v: &mut Vec<T>, n: usize, x: T) {
    v.clear();
    v.resize(n, x);
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
