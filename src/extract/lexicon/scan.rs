//! Matching the lexicon's phrases against an article's tokens, in one pass.

use super::{normalize, Ids, Lexicon, ListId, Node, NONE};
use crate::extract::doc::{word_hash, Hit, Tok, ASCII, LINE, QUOTE};

impl Lexicon {
    /// The id of an ASCII word (in any case) with its `word_hash`, or of a normalized word.
    #[inline(always)]
    pub(super) fn lookup(&self, k: &[u8], h: u32) -> u32 {
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
