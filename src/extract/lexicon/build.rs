//! Compiling the phrases of every rule into the lexicon's trie and vocabulary.

use super::scan::pack;
use super::{normalize, Exact, Flat, FxSet, LexBuilder, Lexicon, ListId, Node, Phrase};
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
