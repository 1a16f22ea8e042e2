//! Every phrase of every rule, compiled into one Aho-Corasick automaton and matched in one pass.
//!
//! A *list* is a numbered set of *entries*; each entry is one or more phrases (a gazetteer entry's
//! name and aliases, or one word of a cue list). Rules ask which lists a hit belongs to.

use super::ExtractError;
use crate::domain::rules::Gazetteers;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::{HashMap, HashSet};

pub(crate) type ListId = u16;

/// A list that matches nothing (for optional rule parts).
pub(crate) const NO_LIST: ListId = ListId::MAX;

pub(crate) struct Phrase {
    /// As written in the rules.
    text: String,
    /// Written with a capital: match only as written or in capitals.
    exact: bool,
    upper: String,
    /// (list, entry) memberships.
    pub members: Vec<(ListId, u32)>,
}

pub(crate) struct Lexicon {
    ac: Option<AhoCorasick>,
    /// Automaton pattern id -> phrase id.
    pattern_phrase: Vec<u32>,
    pub phrases: Vec<Phrase>,
    /// Gazetteer lists: entry names and what they lie within.
    pub terms: HashMap<ListId, Vec<(String, Option<String>)>>,
    /// Lower-case words that, written with a final '.', do not end a sentence.
    pub abbreviations: HashSet<String>,
}

pub(crate) struct LexBuilder<'g> {
    gaz: &'g Gazetteers,
    phrases: Vec<Phrase>,
    index: HashMap<String, u32>,
    lists: u32,
    gaz_lists: HashMap<String, ListId>,
    terms: HashMap<ListId, Vec<(String, Option<String>)>>,
}

impl<'g> LexBuilder<'g> {
    pub fn new(gaz: &'g Gazetteers) -> Self {
        LexBuilder {
            gaz,
            phrases: Vec::new(),
            index: HashMap::new(),
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
                let id = self.phrases.len() as u32;
                self.phrases.push(Phrase {
                    text: p.to_string(),
                    exact: p.chars().any(char::is_uppercase),
                    upper: p.to_uppercase(),
                    members: Vec::new(),
                });
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
    pub fn terms_of(&self, name: &str) -> &'g [crate::domain::rules::Term] {
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
                .map(|t| (t.name.clone(), (!t.within.is_empty()).then(|| t.within.clone())))
                .collect(),
        );
        self.gaz_lists.insert(name.to_string(), id);
        Ok(id)
    }

    pub fn build(self) -> Result<Lexicon, ExtractError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_phrase = Vec::new();
        let mut abbreviations = HashSet::new();
        for (i, p) in self.phrases.iter().enumerate() {
            patterns.push(p.text.clone());
            pattern_phrase.push(i as u32);
            if p.text.contains('\'') {
                patterns.push(p.text.replace('\'', "’"));
                pattern_phrase.push(i as u32);
            }
            // "Sgt." or "N.C.": the word before each '.' is an abbreviation.
            for part in p.text.split_whitespace() {
                if let Some(w) = part.strip_suffix('.') {
                    let last = w.rsplit('.').next().unwrap_or(w);
                    if !last.is_empty() && last.chars().all(char::is_alphabetic) {
                        abbreviations.insert(last.to_lowercase());
                    }
                }
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(&patterns)
                    .map_err(|e| ExtractError::Automaton(e.to_string()))?,
            )
        };
        Ok(Lexicon {
            ac,
            pattern_phrase,
            phrases: self.phrases,
            terms: self.terms,
            abbreviations,
        })
    }
}

/// One phrase found in the text (byte offsets).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawHit {
    pub b0: usize,
    pub b1: usize,
    pub phrase: u32,
}

impl Lexicon {
    /// Every phrase occurrence at word boundaries, respecting each phrase's case rule.
    pub fn scan(&self, text: &str, out: &mut Vec<RawHit>) {
        let Some(ac) = &self.ac else {
            return;
        };
        let bytes = text.as_bytes();
        for m in ac.find_overlapping_iter(text) {
            let (b0, b1) = (m.start(), m.end());
            let phrase = self.pattern_phrase[m.pattern().as_usize()];
            let p = &self.phrases[phrase as usize];
            if !text.is_char_boundary(b0) || !text.is_char_boundary(b1) {
                continue;
            }
            let s = &text[b0..b1];
            if p.exact && s != p.text && s != p.upper && !same_but_quotes(s, &p.text) {
                continue;
            }
            let first = s.chars().next().unwrap_or(' ');
            let last = s.chars().next_back().unwrap_or(' ');
            if first.is_alphanumeric() && !left_boundary(bytes, text, b0) {
                continue;
            }
            if last.is_alphanumeric() && !right_boundary(bytes, text, b1) {
                continue;
            }
            out.push(RawHit { b0, b1, phrase });
        }
    }

    pub fn entry_in(&self, phrase: u32, list: ListId) -> Option<u32> {
        if list == NO_LIST {
            return None;
        }
        self.phrases[phrase as usize]
            .members
            .iter()
            .find(|(l, _)| *l == list)
            .map(|&(_, e)| e)
    }

    pub fn term(&self, list: ListId, entry: u32) -> Option<&(String, Option<String>)> {
        self.terms.get(&list)?.get(entry as usize)
    }
}

fn same_but_quotes(s: &str, p: &str) -> bool {
    s.contains('’') && s.replace('’', "'") == p
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn left_boundary(_bytes: &[u8], text: &str, b0: usize) -> bool {
    let mut before = text[..b0].chars().rev();
    match before.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('-') => !before.next().is_some_and(char::is_alphabetic),
        Some(_) => true,
    }
}

fn right_boundary(_bytes: &[u8], text: &str, b1: usize) -> bool {
    let mut after = text[b1..].chars();
    match after.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('-') => !after.next().is_some_and(char::is_alphabetic),
        Some(_) => true,
    }
}
