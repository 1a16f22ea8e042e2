//! Every phrase of every rule, compiled once into one trie over words, and matched in one pass
//! over an article's tokens (a hash lookup per token).
//!
//! A *list* is a numbered set of *entries*; each entry is one or more phrases (a gazetteer entry's
//! name and aliases, or one word of a cue list). Rules ask which lists a hit belongs to.
//!
//! Matching is by whole tokens, case-insensitively; a phrase written with a capital letter must
//! also match as written or in capitals. `'` and `’` are the same. A phrase may end on a word's
//! possessive stem ("Sunday" in "Sunday's").

mod build;
mod scan;

use super::doc::{Tok, ASCII, CAP, INNER_CAP, UPPER};
use crate::domain::rules::Gazetteers;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

pub(crate) type ListId = u16;

/// A list that matches nothing (for optional rule parts).
pub(crate) const NO_LIST: ListId = ListId::MAX;

/// A small, fast hasher for short keys (FxHash-like); the keys are the rules' own words.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut v = [0u8; 8];
            v.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(v));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut v = [0u8; 8];
            v[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(v));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

pub(crate) type FxBuild = BuildHasherDefault<Fx>;
pub(crate) type FxSet<K> = HashSet<K, FxBuild>;
pub(crate) type FxMap<K, V> = HashMap<K, V, FxBuild>;

/// A phrase being compiled.
struct Phrase {
    /// Written with a capital: each token must match as written or in capitals.
    exact: Option<Vec<Exact>>,
    /// (list, entry) memberships.
    members: Vec<(ListId, u32)>,
}

pub(crate) struct Lexicon {
    /// The vocabulary in an open-addressing table of (`word_hash`, id), hashed as the tokenizer
    /// hashes a token, so that a word not in it costs a probe or two and no copy.
    slots: Vec<(u32, u32)>,
    mask: usize,
    /// The normalized words, by id (checked when a hash matches).
    words: Flat<u8>,
    /// The words of two to eight plain bytes packed in a number, by id (see `pack`), so that a
    /// short token is told from a word in one comparison; 0 for the other words.
    packed: Vec<u64>,
    /// Ids of single ASCII characters.
    ascii1: [u32; 128],
    /// The trie: node 0 is the root, reached from by word id through `root`; the other nodes'
    /// children are in `kids`, sorted by word id.
    root: Vec<u32>,
    nodes: Vec<Node>,
    kids: Vec<(u32, u32)>,
    /// The phrases ending at the nodes.
    ends: Vec<u32>,
    /// Per phrase written with a capital: each token as written and in capitals.
    exact: Vec<Option<Vec<Exact>>>,
    /// Each phrase's (list, entry) memberships, side by side.
    members: Flat<(ListId, u32)>,
    pub n_lists: usize,
    /// Gazetteer lists: entry names and what they lie within.
    pub terms: HashMap<ListId, Vec<(String, Option<String>)>>,
    /// Lower-case words that, written with a final '.', do not end a sentence.
    pub abbreviations: FxSet<String>,
}

pub(crate) struct LexBuilder<'g> {
    gaz: &'g Gazetteers,
    phrases: Vec<Phrase>,
    index: FxMap<Box<str>, u32>,
    keys: Vec<Vec<String>>,
    lists: u32,
    gaz_lists: HashMap<String, ListId>,
    terms: HashMap<ListId, Vec<(String, Option<String>)>>,
}

/// A trie node: its children are `kids[kids..][..n_kids]`, the phrases ending there
/// `ends[ends..][..n_ends]` (side by side, so that a step of the scan reads one place).
#[derive(Clone, Copy, Default)]
struct Node {
    kids: u32,
    n_kids: u32,
    ends: u32,
    n_ends: u32,
}

/// A word of a phrase written with a capital: as written and in capitals, and its shape (its
/// `CAP` and `INNER_CAP` flags), so that most tokens are told apart by their flags.
struct Exact {
    word: Box<str>,
    upper: Box<str>,
    shape: u8,
    ascii: bool,
}

impl Exact {
    /// Whether token `t`, which is this word in some case, is written like it or in capitals;
    /// `end` is where the token ends (before a possessive ending).
    #[inline]
    fn matches(&self, text: &str, t: &Tok, end: u32) -> bool {
        let shape = t.flags & (CAP | INNER_CAP);
        if t.flags & ASCII != 0 && self.ascii && end == t.b1 && shape & INNER_CAP == 0 {
            // The same letters in the same shape are the same word.
            return shape == self.shape || t.flags & UPPER != 0;
        }
        if self.shape & CAP != 0 && shape & CAP == 0 {
            return false;
        }
        let s = &text[t.b0 as usize..end as usize];
        let (w, up) = (&*self.word, &*self.upper);
        s == w || s == up || (!s.is_ascii() && (eq_quotes(s, w) || eq_quotes(s, up)))
    }
}

/// The normalized form of a word: lower case, `’` as `'`.
pub(crate) fn normalize(w: &str, out: &mut String) {
    out.clear();
    if w.is_ascii() {
        out.push_str(w);
        out.make_ascii_lowercase();
        return;
    }
    for c in w.chars() {
        match c {
            '’' | '‘' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Lists of items, all in one array: list i is `items[at[i]..at[i + 1]]`.
struct Flat<T> {
    at: Vec<u32>,
    items: Vec<T>,
}

impl<T> Flat<T> {
    fn new(lists: Vec<Vec<T>>) -> Self {
        let mut at = Vec::with_capacity(lists.len() + 1);
        at.push(0);
        let mut items = Vec::new();
        for l in lists {
            items.extend(l);
            at.push(items.len() as u32);
        }
        Flat { at, items }
    }

    #[inline]
    fn get(&self, i: u32) -> &[T] {
        let i = i as usize;
        match (self.at.get(i), self.at.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// The vocabulary ids of a token: as written, and of its possessive stem.
#[derive(Clone, Copy)]
pub(crate) struct Ids {
    full: u32,
    stem: u32,
    stem_len: u32,
}

const NONE: u32 = u32::MAX;

/// Equal, taking `’` for `'`.
fn eq_quotes(s: &str, w: &str) -> bool {
    s == w || (s.contains('’') && s.replace('’', "'") == w)
}
