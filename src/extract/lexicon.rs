//! Every phrase of every rule, compiled once into one trie over words, and matched in one pass
//! over an article's tokens (a hash lookup per token).
//!
//! A *list* is a numbered set of *entries*; each entry is one or more phrases (a gazetteer entry's
//! name and aliases, or one word of a cue list). Rules ask which lists a hit belongs to.
//!
//! Matching is by whole tokens, case-insensitively; a phrase written with a capital letter must
//! also match as written or in capitals. `'` and `’` are the same. A phrase may end on a word's
//! possessive stem ("Sunday" in "Sunday's").

use super::doc::{self, word_hash, Hit, Tok, ASCII, CAP, INNER_CAP, LINE, QUOTE, UPPER};
use super::ExtractError;
use crate::domain::rules::{Gazetteers, Term};
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
    index: HashMap<String, u32>,
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
    word: String,
    upper: String,
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
        let (w, up) = (&self.word, &self.upper);
        s == w || s == up || (!s.is_ascii() && (eq_quotes(s, w) || eq_quotes(s, up)))
    }
}

/// The normalized form of a word: lower case, `’` as `'`.
pub(crate) fn normalize(w: &str, out: &mut String) {
    out.clear();
    for c in w.chars() {
        match c {
            '’' | '‘' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

impl<'g> LexBuilder<'g> {
    pub fn new(gaz: &'g Gazetteers) -> Self {
        LexBuilder {
            gaz,
            phrases: Vec::new(),
            index: HashMap::new(),
            keys: Vec::new(),
            lists: 0,
            gaz_lists: HashMap::new(),
            terms: HashMap::new(),
        }
    }

    fn new_list(&mut self) -> Result<ListId, ExtractError> {
        let id = self.lists;
        if id >= u32::from(NO_LIST) {
            return Err(ExtractError::TooManyLists);
        }
        self.lists += 1;
        Ok(id as ListId)
    }

    fn add(&mut self, phrase: &str, list: ListId, entry: u32) {
        let p = phrase.trim();
        if p.is_empty() {
            return;
        }
        let id = match self.index.get(p) {
            Some(&id) => id,
            None => {
                let toks = doc::tokenize(p);
                let words: Vec<&str> = toks
                    .iter()
                    .map(|t| &p[t.b0 as usize..t.b1 as usize])
                    .collect();
                let mut key = String::new();
                let keys = words
                    .iter()
                    .map(|w| {
                        normalize(w, &mut key);
                        key.clone()
                    })
                    .collect();
                let exact = p.chars().any(char::is_uppercase).then(|| {
                    words
                        .iter()
                        .zip(&toks)
                        .map(|(w, t)| {
                            let word = w.replace('’', "'");
                            Exact {
                                ascii: word.is_ascii(),
                                upper: w.to_uppercase().replace('’', "'"),
                                shape: t.flags & (CAP | INNER_CAP),
                                word,
                            }
                        })
                        .collect()
                });
                let id = self.phrases.len() as u32;
                self.phrases.push(Phrase {
                    exact,
                    members: Vec::new(),
                });
                self.keys.push(keys);
                self.index.insert(p.to_string(), id);
                id
            }
        };
        let m = &mut self.phrases[id as usize].members;
        if !m.contains(&(list, entry)) {
            m.push((list, entry));
        }
    }

    /// The terms of a gazetteer (none if it does not exist).
    pub fn terms_of(&self, name: &str) -> &'g [Term] {
        self.gaz.get(name).map_or(&[], |v| v.as_slice())
    }

    /// A word list: entry i is item i; `@name` items splice a gazetteer's names and aliases.
    pub fn list(&mut self, words: &[String]) -> Result<ListId, ExtractError> {
        let id = self.new_list()?;
        for (i, w) in words.iter().enumerate() {
            self.add_item(w, id, i as u32)?;
        }
        Ok(id)
    }

    fn add_item(&mut self, w: &str, id: ListId, entry: u32) -> Result<(), ExtractError> {
        if let Some(name) = w.strip_prefix('@') {
            let terms = self
                .gaz
                .get(name)
                .ok_or_else(|| ExtractError::NoGazetteer(name.to_string()))?;
            for t in terms {
                self.add(&t.name, id, entry);
                for a in &t.aliases {
                    self.add(a, id, entry);
                }
            }
        } else {
            self.add(w, id, entry);
        }
        Ok(())
    }

    /// Several word lists as one list, entry i being list i.
    pub fn entries(&mut self, lists: &[&[String]]) -> Result<ListId, ExtractError> {
        let id = self.new_list()?;
        for (i, words) in lists.iter().enumerate() {
            for w in words.iter() {
                self.add_item(w, id, i as u32)?;
            }
        }
        Ok(id)
    }

    /// A gazetteer as a list: entry i is term i (its name and aliases). Built once per name.
    pub fn gazetteer(&mut self, name: &str) -> Result<ListId, ExtractError> {
        if let Some(&id) = self.gaz_lists.get(name) {
            return Ok(id);
        }
        let terms = self
            .gaz
            .get(name)
            .ok_or_else(|| ExtractError::NoGazetteer(name.to_string()))?;
        let id = self.new_list()?;
        for (i, t) in terms.iter().enumerate() {
            self.add(&t.name, id, i as u32);
            for a in &t.aliases {
                self.add(a, id, i as u32);
            }
        }
        self.terms.insert(
            id,
            terms
                .iter()
                .map(|t| {
                    (
                        t.name.clone(),
                        (!t.within.is_empty()).then(|| t.within.clone()),
                    )
                })
                .collect(),
        );
        self.gaz_lists.insert(name.to_string(), id);
        Ok(id)
    }

    pub fn build(self) -> Result<Lexicon, ExtractError> {
        let mut vocab: HashMap<Vec<u8>, u32> = HashMap::new();
        let mut edges: HashMap<(u32, u32), u32> = HashMap::new();
        let mut ends: Vec<Vec<u32>> = vec![Vec::new()];
        let mut abbreviations = FxSet::default();
        for (pi, keys) in self.keys.iter().enumerate() {
            let mut node = 0u32;
            for (k, key) in keys.iter().enumerate() {
                let next = vocab.len() as u32;
                let w = *vocab.entry(key.as_bytes().to_vec()).or_insert(next);
                let n = ends.len() as u32;
                node = *edges.entry((node, w)).or_insert_with(|| {
                    ends.push(Vec::new());
                    n
                });
                // "Sgt." or "N.C.": a word before a '.' of the phrase is an abbreviation.
                if keys.get(k + 1).is_some_and(|x| x == ".") && key.chars().all(char::is_alphabetic)
                {
                    abbreviations.insert(key.clone());
                }
            }
            if node != 0 {
                ends[node as usize].push(pi as u32);
            }
        }
        let mut root = vec![NONE; vocab.len()];
        let mut by_node: Vec<Vec<(u32, u32)>> = vec![Vec::new(); ends.len()];
        for (&(from, w), &to) in &edges {
            if from == 0 {
                root[w as usize] = to;
            } else {
                by_node[from as usize].push((w, to));
            }
        }
        let (mut nodes, mut kids, mut ended) = (Vec::with_capacity(ends.len()), vec![], vec![]);
        for (mut v, e) in by_node.into_iter().zip(ends) {
            v.sort_unstable();
            nodes.push(Node {
                kids: kids.len() as u32,
                n_kids: v.len() as u32,
                ends: ended.len() as u32,
                n_ends: e.len() as u32,
            });
            kids.extend(v);
            ended.extend(e);
        }
        let size = (vocab.len() * 2).next_power_of_two().max(16);
        let (mut slots, mask) = (vec![(0u32, NONE); size], size - 1);
        let mut words: Vec<Vec<u8>> = vec![Vec::new(); vocab.len()];
        for (k, id) in vocab {
            let h = word_hash(&k);
            let mut i = h as usize & mask;
            while slots[i].1 != NONE {
                i = (i + 1) & mask;
            }
            slots[i] = (h, id);
            words[id as usize] = k;
        }
        let (exact, members) = self
            .phrases
            .into_iter()
            .map(|p| (p.exact, p.members))
            .unzip();
        let mut lex = Lexicon {
            slots,
            mask,
            words: Flat::new(words),
            ascii1: [NONE; 128],
            root,
            nodes,
            kids,
            ends: ended,
            exact,
            members: Flat::new(members),
            n_lists: self.lists as usize,
            terms: self.terms,
            abbreviations,
        };
        for b in 0..128u8 {
            lex.ascii1[b as usize] = lex.lookup(&[b], word_hash(&[b]));
        }
        Ok(lex)
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

impl Lexicon {
    /// The id of an ASCII word (in any case) with its `word_hash`, or of a normalized word.
    #[inline(always)]
    fn lookup(&self, k: &[u8], h: u32) -> u32 {
        let mut i = h as usize & self.mask;
        loop {
            let (kh, id) = self.slots[i];
            if id == NONE {
                return NONE;
            }
            if kh == h && self.words.get(id).eq_ignore_ascii_case(k) {
                return id;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The id of a word as written (the tokenizer's hash serves for ASCII tokens, see `scan`).
    fn id(&self, w: &str, buf: &mut String) -> u32 {
        if w.is_ascii() {
            return self.lookup(w.as_bytes(), word_hash(w.as_bytes()));
        }
        normalize(w, buf);
        let k = buf.as_bytes();
        self.lookup(k, word_hash(k))
    }

    /// The child of a trie node by word id.
    fn child(&self, node: u32, w: u32) -> Option<u32> {
        if node == 0 {
            return self.root.get(w as usize).copied().filter(|&n| n != NONE);
        }
        let n = self.nodes.get(node as usize)?;
        let kids = &self.kids[n.kids as usize..(n.kids + n.n_kids) as usize];
        kids.binary_search_by_key(&w, |k| k.0)
            .ok()
            .map(|i| kids[i].1)
    }

    /// Every phrase occurrence, by whole tokens, in token order (longest first at each token).
    /// `ids` is a buffer for the tokens' vocabulary ids (reused from article to article).
    pub fn scan(&self, text: &str, toks: &[Tok], ids: &mut Vec<Ids>, out: &mut Vec<Hit>) {
        let mut buf = String::with_capacity(32);
        let bytes = text.as_bytes();
        ids.clear();
        ids.reserve(toks.len());
        for t in toks {
            let (b0, b1) = (t.b0 as usize, t.b1 as usize);
            let full = if t.flags & ASCII == 0 {
                self.id(&text[b0..b1], &mut buf)
            } else if b1 - b0 == 1 {
                self.ascii1[usize::from(bytes[b0] & 0x7f)]
            } else {
                self.lookup(&bytes[b0..b1], t.h)
            };
            let mut id = Ids {
                full,
                stem: NONE,
                stem_len: 0,
            };
            if t.flags & QUOTE != 0 {
                let w = &text[b0..b1];
                let stem = ["'s", "’s", "'", "’"]
                    .iter()
                    .find_map(|s| w.strip_suffix(s))
                    .filter(|s| !s.is_empty());
                if let Some(s) = stem {
                    (id.stem, id.stem_len) = (self.id(s, &mut buf), s.len() as u32);
                }
            }
            ids.push(id);
        }
        for i in 0..toks.len() {
            if ids[i].full == NONE && ids[i].stem == NONE {
                continue;
            }
            // Hits from one token come out shortest first: reversed below (longest first).
            let from = out.len();
            let (mut node, mut j) = (0u32, i);
            loop {
                let id = ids[j];
                // A possessive stem ends a phrase here.
                if id.stem != NONE {
                    let n = self.child(node, id.stem).map(|n| self.nodes[n as usize]);
                    if let Some(nd) = n.filter(|nd| nd.n_ends != 0) {
                        let b1 = toks[j].b0 + id.stem_len;
                        self.emit(text, toks, nd, (i, j + 1, b1), out);
                    }
                }
                if id.full == NONE {
                    break;
                }
                let Some(n) = self.child(node, id.full) else {
                    break;
                };
                let nd = self.nodes[n as usize];
                if nd.n_ends != 0 {
                    self.emit(text, toks, nd, (i, j + 1, toks[j].b1), out);
                }
                j += 1;
                // (A phrase does not run on past the end of a line.)
                if nd.n_kids == 0 || j == toks.len() || toks[j].flags & LINE != 0 {
                    break;
                }
                node = n;
            }
            if out.len() - from > 1 {
                out[from..].reverse();
            }
        }
    }

    /// The hits of the phrases ending at a node, for tokens `t0..t1` ending at byte `b1`.
    fn emit(
        &self,
        text: &str,
        toks: &[Tok],
        node: Node,
        (t0, t1, b1): (usize, usize, u32),
        out: &mut Vec<Hit>,
    ) {
        let ends = &self.ends[node.ends as usize..(node.ends + node.n_ends) as usize];
        for &p in ends {
            if let Some(exact) = &self.exact[p as usize] {
                let ok = exact.iter().enumerate().all(|(k, x)| {
                    let t = &toks[t0 + k];
                    let end = if t0 + k + 1 == t1 { b1 } else { t.b1 };
                    x.matches(text, t, end)
                });
                if !ok {
                    continue;
                }
            }
            out.push(Hit {
                t0: t0 as u32,
                t1: t1 as u32,
                b0: toks[t0].b0,
                b1,
                phrase: p,
            });
        }
    }

    /// The (list, entry) memberships of a phrase.
    #[inline]
    pub fn members(&self, phrase: u32) -> &[(ListId, u32)] {
        self.members.get(phrase)
    }

    pub fn term(&self, list: ListId, entry: u32) -> Option<&(String, Option<String>)> {
        self.terms.get(&list)?.get(entry as usize)
    }
}

/// Equal, taking `’` for `'`.
fn eq_quotes(s: &str, w: &str) -> bool {
    s == w || (s.contains('’') && s.replace('’', "'") == w)
}
