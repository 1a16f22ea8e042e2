//! Matching the lexicon's phrases against an article's tokens, in one pass.

use super::{normalize, Ids, Lexicon, ListId, Node, NONE};
use crate::extract::doc::{word_hash, Hit, Tok, ASCII, LINE, QUOTE};

impl Lexicon {
    /// The id of an ASCII word (in any case) with its `word_hash`, or of a normalized word.
    #[inline(always)]
    pub(super) fn lookup(&self, k: &[u8], h: u32) -> u32 {
        self.probe(h, |id| self.words.get(id).eq_ignore_ascii_case(k))
    }

    /// The vocabulary's open-addressing walk: the first word id with hash `h` that `is` accepts.
    #[inline(always)]
    fn probe(&self, h: u32, is: impl Fn(u32) -> bool) -> u32 {
        let mut i = h as usize & self.mask;
        loop {
            let (kh, id) = self.slots[i];
            if id == NONE {
                return NONE;
            }
            if kh == h && is(id) {
                return id;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// `lookup` for the ASCII token at bytes `b0..b1` of the text, with its hash. A token of up
    /// to eight bytes is read as one number and compared with the packed words.
    #[inline(always)]
    fn lookup_token(&self, bytes: &[u8], (b0, b1): (usize, usize), h: u32) -> u32 {
        let len = b1 - b0;
        let chunk = bytes.get(b0..b0 + 8).filter(|_| (2..=8).contains(&len));
        let Some(Ok(chunk)) = chunk.map(<[u8; 8]>::try_from) else {
            return self.lookup(&bytes[b0..b1], h);
        };
        let keep = u64::MAX >> (64 - 8 * len);
        let raw = u64::from_le_bytes(chunk) & keep;
        // Bytes below 0x20 would pass for others once 0x20 is set: such a token goes the slow way.
        let high = (raw & 0xE0E0_E0E0_E0E0_E0E0) | !keep;
        if high.wrapping_sub(0x0101_0101_0101_0101) & !high & 0x8080_8080_8080_8080 != 0 {
            return self.lookup(&bytes[b0..b1], h);
        }
        // Setting 0x20 lowers a capital and leaves the other bytes of a packed word as they are.
        let low = (raw | 0x2020_2020_2020_2020) & keep;
        self.probe(h, |id| {
            let p = self.packed[id as usize];
            p == low || (p == 0 && self.words.get(id).eq_ignore_ascii_case(&bytes[b0..b1]))
        })
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
                self.lookup_token(bytes, (b0, b1), t.h)
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

/// A word of two to eight bytes, each a lower-case letter, a digit or one of `'-.,`, packed
/// little-endian into a number; 0 for any other word. Such bytes all have 0x20 set, so a token
/// with 0x20 set in each byte equals the word exactly when it is the word in some case.
pub(super) fn pack(w: &[u8]) -> u64 {
    let plain = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"'-.,".contains(b);
    if !(2..=8).contains(&w.len()) || !w.iter().all(plain) {
        return 0;
    }
    w.iter().rev().fold(0, |x, &b| (x << 8) | u64::from(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::doc::tokenize;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn lex() -> &'static Lexicon {
        static LEX: OnceLock<crate::extract::Extractor> = OnceLock::new();
        &LEX.get_or_init(|| crate::extract::Extractor::new(&crate::io::default_schema()).unwrap())
            .lex
    }

    /// Every ASCII token of `text` is found by the packed comparison as by the plain one.
    fn same_ids(text: &str) -> Result<(), TestCaseError> {
        let lex = lex();
        for t in tokenize(text).iter().filter(|t| t.flags & ASCII != 0) {
            let (b0, b1) = (t.b0 as usize, t.b1 as usize);
            let plain = lex.lookup(&text.as_bytes()[b0..b1], t.h);
            let fast = lex.lookup_token(text.as_bytes(), (b0, b1), t.h);
            prop_assert_eq!(fast, plain, "token {:?} in {:?}", &text[b0..b1], text);
        }
        Ok(())
    }

    #[test]
    fn packed_words_are_found_in_any_case() {
        let text =
            "The POLICE said the Officer shot a 12-year-old in N.C. on Sunday's walk, 1,000 ft.";
        same_ids(text).unwrap();
        let lex = lex();
        let toks = tokenize(text);
        let police = toks
            .iter()
            .find(|t| &text[t.b0 as usize..t.b1 as usize] == "POLICE");
        let t = police.unwrap();
        let id = lex.lookup_token(text.as_bytes(), (t.b0 as usize, t.b1 as usize), t.h);
        assert_ne!(id, NONE);
        assert_ne!(lex.packed[id as usize], 0);
        assert_eq!(pack(b"po@ice"), 0);
        assert_eq!(pack(b"a"), 0);
        assert_eq!(pack(b"ab"), 0x6261);
    }

    proptest! {
        #[test]
        fn packed_lookup_is_the_plain_lookup(
            words in prop::collection::vec(
                prop_oneof![
                    Just("police".to_string()), Just("Police".to_string()),
                    Just("POLICE".to_string()), Just("the".to_string()),
                    Just("year-old".to_string()), Just("shot".to_string()),
                    Just("Sgt".to_string()), Just("killed".to_string()),
                    "[a-zA-Z0-9'.,@`_\\-\\[\\]\\x00-\\x1f]{1,10}",
                ],
                1..12,
            ),
            seps in prop::collection::vec(prop_oneof![Just(" "), Just(""), Just("\n"), Just("-")], 12),
        ) {
            let mut text = String::new();
            for (w, s) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(s);
            }
            same_ids(&text)?;
        }
    }
}
