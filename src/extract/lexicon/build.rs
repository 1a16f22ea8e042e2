//! Compiling the phrases of every rule into the lexicon's trie and vocabulary.

use super::scan::pack;
use super::{normalize, Exact, Flat, FxMap, FxSet, LexBuilder, Lexicon, ListId, Node, Phrase};
use super::{NONE, NO_LIST};
use crate::domain::rules::{Gazetteers, Term};
use crate::extract::doc::{self, word_hash, CAP, INNER_CAP};
use crate::extract::ExtractError;
use std::collections::HashMap;

impl<'g> LexBuilder<'g> {
    pub fn new(gaz: &'g Gazetteers) -> Self {
        LexBuilder {
            gaz,
            phrases: Vec::new(),
            index: FxMap::default(),
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
                let word = |t: &doc::Tok| &p[t.b0 as usize..t.b1 as usize];
                let keys = toks
                    .iter()
                    .map(|t| {
                        let mut key = String::new();
                        normalize(word(t), &mut key);
                        key
                    })
                    .collect();
                let exact = p.chars().any(char::is_uppercase).then(|| {
                    toks.iter()
                        .map(|t| {
                            let w = word(t);
                            let word: Box<str> = if w.contains('’') {
                                w.replace('’', "'").into()
                            } else {
                                w.into()
                            };
                            Exact {
                                ascii: word.is_ascii(),
                                upper: w.to_uppercase().replace('’', "'").into(),
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
                self.index.insert(p.into(), id);
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

    /// A list of `words`, or [`NO_LIST`] when there are none (no list for the scan to fill).
    pub fn list_or_none(&mut self, words: &[String]) -> Result<ListId, ExtractError> {
        if words.is_empty() {
            Ok(NO_LIST)
        } else {
            self.list(words)
        }
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
        let mut vocab: FxMap<&[u8], u32> = FxMap::default();
        let mut edges: FxMap<(u32, u32), u32> = FxMap::default();
        // (node, phrase) for the phrases ending at each node; node 0 is the root.
        let mut ending: Vec<(u32, u32)> = Vec::with_capacity(self.keys.len());
        let mut n_nodes = 1u32;
        let mut abbreviations = FxSet::default();
        for (pi, keys) in self.keys.iter().enumerate() {
            let mut node = 0u32;
            for (k, key) in keys.iter().enumerate() {
                let next = vocab.len() as u32;
                let w = *vocab.entry(key.as_bytes()).or_insert(next);
                node = *edges.entry((node, w)).or_insert_with(|| {
                    n_nodes += 1;
                    n_nodes - 1
                });
                // "Sgt." or "N.C.": a word before a '.' of the phrase is an abbreviation.
                if keys.get(k + 1).is_some_and(|x| x == ".") && key.chars().all(char::is_alphabetic)
                {
                    abbreviations.insert(key.clone());
                }
            }
            if node != 0 {
                ending.push((node, pi as u32));
            }
        }
        let mut root = vec![NONE; vocab.len()];
        // Each node's children (word, node), sorted by node and then by word.
        let mut kids: Vec<(u32, (u32, u32))> = Vec::with_capacity(edges.len());
        for (&(from, w), &to) in &edges {
            if from == 0 {
                root[w as usize] = to;
            } else {
                kids.push((from, (w, to)));
            }
        }
        kids.sort_unstable();
        ending.sort_unstable();
        let mut nodes = vec![Node::default(); n_nodes as usize];
        for (i, &(from, _)) in kids.iter().enumerate() {
            let n = &mut nodes[from as usize];
            if n.n_kids == 0 {
                n.kids = i as u32;
            }
            n.n_kids += 1;
        }
        for (i, &(node, _)) in ending.iter().enumerate() {
            let n = &mut nodes[node as usize];
            if n.n_ends == 0 {
                n.ends = i as u32;
            }
            n.n_ends += 1;
        }
        let kids: Vec<(u32, u32)> = kids.into_iter().map(|(_, k)| k).collect();
        let ended: Vec<u32> = ending.into_iter().map(|(_, p)| p).collect();
        let size = (vocab.len() * 2).next_power_of_two().max(16);
        let (mut slots, mask) = (vec![(0u32, NONE); size], size - 1);
        let mut words: Vec<Vec<u8>> = vec![Vec::new(); vocab.len()];
        for (k, id) in vocab {
            let h = word_hash(k);
            let mut i = h as usize & mask;
            while slots[i].1 != NONE {
                i = (i + 1) & mask;
            }
            slots[i] = (h, id);
            words[id as usize] = k.to_vec();
        }
        let (exact, members) = self
            .phrases
            .into_iter()
            .map(|p| (p.exact, p.members))
            .unzip();
        let packed = words.iter().map(|w| pack(w)).collect();
        let mut lex = Lexicon {
            slots,
            mask,
            words: Flat::new(words),
            packed,
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
