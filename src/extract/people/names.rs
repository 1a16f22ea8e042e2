//! Names of people: full names with the ranks and titles before them ("Officer Zachary
//! Christensen", "Lakeem Keon Scott, 37,"), and surnames met again alone ("Christiansen").

use super::mentions::{is_possessive, MKind, Mention};
use super::surname::{key_of, same_surname};
use super::PeopleRule;
use crate::extract::doc::{Doc, Kind, ASCII, UPPER};

/// Whether a word's second character is a letter ("Li", not "A." or "J.R.").
fn second_is_letter(w: &str) -> bool {
    match w.as_bytes().get(1) {
        Some(b) if b.is_ascii() => b.is_ascii_alphabetic(),
        _ => w.chars().nth(1).is_some_and(char::is_alphabetic),
    }
}

fn is_quote(x: &str) -> bool {
    matches!(x, "\"" | "“" | "”" | "(" | ")")
}

impl PeopleRule {
    pub(super) fn name_word(&self, doc: &Doc, i: usize) -> bool {
        doc.is_cap_word(i)
            && !doc.flag(i, UPPER)
            && second_is_letter(doc.word(i))
            && doc.at(i, self.name_stops).is_none()
            && self.spelled_age(doc, i).is_none()
    }

    /// Name tokens from `j`: capitalized words, initials, particles, a nickname, a suffix.
    fn name_run(&self, doc: &Doc, j: usize) -> Option<(usize, usize, usize)> {
        let s = doc.sent(j);
        let (mut i, mut end, mut core) = (j, j, 0usize);
        while i < doc.len() && doc.sent(i) == s && i - j < 8 {
            if core >= 1 {
                let suffix = doc.at(i, self.suffixes).or_else(|| {
                    doc.is(i, ",")
                        .then(|| doc.at(i + 1, self.suffixes))
                        .flatten()
                });
                if let Some((h, _)) = suffix {
                    end = h.t1 as usize;
                    break;
                }
            }
            if self.name_word(doc, i) {
                i += 1;
                end = i;
                core += 1;
                if is_possessive(doc.word(i - 1)) {
                    break;
                }
                continue;
            }
            let w = doc.word(i);
            // An initial: "Todd C. Scott".
            if doc.kind(i) == Some(Kind::Word)
                && w.chars().count() == 1
                && doc.is_cap_word(i)
                && doc.is(i + 1, ".")
            {
                i += 2;
                continue;
            }
            if core >= 1 && doc.at(i, self.particles).is_some() && self.name_word(doc, i + 1) {
                i += 1;
                continue;
            }
            // A nickname: Mark "Cornbread" Cormier, Earnest (Scoop) Fells.
            if core >= 1
                && is_quote(w)
                && self.name_word(doc, i + 1)
                && is_quote(doc.word(i + 2))
                && self.name_word(doc, i + 3)
            {
                i += 3;
                continue;
            }
            break;
        }
        (core > 0).then_some((j, end, core))
    }

    /// Full names, with the ranks and titles before them.
    pub(super) fn named(&self, doc: &Doc, out: &mut Vec<Mention>) {
        // Names that are no names if their first word is also written in lower case ("Grand
        // Jury"): their places in `out` and that word's hash, all asked of the text at the end;
        // with the first word's token when the name is dropped only if that word is no first
        // name the rules know.
        let mut common: Vec<(usize, u32, Option<usize>)> = Vec::new();
        let mut i = 0;
        while i < doc.len() {
            // Names, ranks and titles all start with a capital.
            if !doc.is_cap_word(i) {
                i += 1;
                continue;
            }
            let start = i;
            let (mut j, mut rank, mut official, mut titled) = (i, None, false, false);
            loop {
                if let Some((h, _)) = doc.at(j, self.ranks) {
                    rank = Some((rank.map_or(j, |r: (usize, usize)| r.0), h.t1 as usize));
                    j = h.t1 as usize;
                } else if let Some((h, _)) = doc.at(j, self.officials) {
                    official = true;
                    j = h.t1 as usize;
                } else if let Some((h, _)) = doc.at(j, self.titles) {
                    titled = true;
                    j = h.t1 as usize;
                } else {
                    break;
                }
                if doc.is(j, ".") {
                    j += 1;
                }
            }
            let prefixed = rank.is_some() || official || titled;
            let Some((n0, n1, core)) = self.name_run(doc, j) else {
                i = j.max(i + 1);
                continue;
            };
            if (core >= 2 || prefixed) && !self.not_a_person(doc, (start, n0, n1), prefixed) {
                let t = &doc.toks[n0];
                if !prefixed && t.flags & ASCII != 0 {
                    common.push((out.len(), t.h, None));
                }
                // "Teen Shot", "Garden Way": no first name the rules know, and a last word
                // written in lower case elsewhere.
                let last = &doc.toks[self.last_core(doc, n1)];
                if !prefixed && last.flags & ASCII != 0 {
                    common.push((out.len(), last.h, Some(n0)));
                }
                let mut m = Mention::new(start, n1, MKind::Named { n0, n1, core });
                m.rank = rank;
                m.official = official;
                out.push(m);
            }
            i = n1.max(i + 1);
        }
        let hashes: Vec<u32> = common.iter().map(|c| c.1).collect();
        let mut key = String::new();
        let drop: Vec<usize> = (common.iter().zip(doc.written_lower(&hashes)))
            .filter(|(c, lower)| {
                *lower && c.2.is_none_or(|n0| !self.is_given(doc.word(n0), &mut key))
            })
            .map(|(c, _)| c.0)
            .collect();
        if !drop.is_empty() {
            let mut k = 0;
            out.retain(|_| {
                k += 1;
                drop.binary_search(&(k - 1)).is_err()
            });
        }
    }

    /// A capitalized run that names a thing or a place: "Punta Gorda Police", "in Bristol View",
    /// "@LAPDSoutheast", "Ron Page/Post Crescent", "a silver Dodger Neon". (A run whose first word
    /// is a common word, "Active Shooter", is told later, for all runs at once: see `named`.)
    fn not_a_person(
        &self,
        doc: &Doc,
        (start, n0, n1): (usize, usize, usize),
        prefixed: bool,
    ) -> bool {
        if doc.at(n1, self.name_stops).is_some() && !is_possessive(doc.word(n1 - 1)) {
            return true;
        }
        if doc
            .at(n0, self.places)
            .is_some_and(|(h, _)| h.t1 as usize >= n1)
        {
            return true;
        }
        if (start > 0 && matches!(doc.word(start - 1), "@" | "#")) || doc.is(n1, "/") {
            return true;
        }
        if prefixed {
            return false;
        }
        let det = |e: usize| doc.ending_at(e, self.indefinite).is_some();
        let thing = n0 > 0
            && (det(n0)
                || (doc.kind(n0 - 1) == Some(Kind::Word)
                    && !doc.is_cap_word(n0 - 1)
                    && doc.at(n0 - 1, self.nouns).is_none()
                    && det(n0 - 1)));
        thing || (start > 0 && doc.ending_at(start, self.before_place).is_some())
    }

    /// Surnames met alone ("Christensen replied", "Christiansen’s supervisor").
    pub(super) fn surnames(&self, doc: &Doc, named: &[Mention], out: &mut Vec<Mention>) {
        let mut keys: Vec<String> = named
            .iter()
            .filter_map(|m| match m.kind {
                MKind::Named { n1, .. } => Some(key_of(doc.word(self.last_core(doc, n1)))),
                _ => None,
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        if keys.is_empty() {
            return;
        }
        // The first letters of the surnames, to pass over most words at once.
        // (Words that open with a non-ASCII letter are all looked at.)
        let mut initials = [false; 256];
        initials[0x80..].fill(true);
        for k in &keys {
            if let Some(&b) = k.as_bytes().first() {
                initials[usize::from(b)] = true;
            }
        }
        let mut covered = named.iter().map(|m| (m.t0, m.t1));
        let mut cur = covered.next();
        let bytes = doc.text.as_bytes();
        for (i, t) in doc.toks.iter().enumerate() {
            if !t.is_cap_word() || !initials[usize::from(bytes[t.b0 as usize].to_ascii_lowercase())]
            {
                continue;
            }
            while cur.is_some_and(|(_, b)| b <= i) {
                cur = covered.next();
            }
            if cur.is_some_and(|(a, b)| a <= i && i < b) || !self.name_word(doc, i) {
                continue;
            }
            // Lowered on the stack: this runs for every capitalized word.
            let w = doc.word(i);
            let mut low = [0u8; 40];
            let matched = if w.len() <= low.len() && w.is_ascii() {
                for (d, s) in low.iter_mut().zip(w.bytes()) {
                    *d = s.to_ascii_lowercase();
                }
                let k = std::str::from_utf8(&low[..w.len()]).unwrap_or("");
                let k = k.trim_end_matches('.');
                let k = k
                    .strip_suffix("'s")
                    .or_else(|| k.strip_suffix('\''))
                    .unwrap_or(k);
                let first = k.as_bytes().first().copied().unwrap_or(0);
                let lo =
                    keys.partition_point(|s| s.as_bytes().first().copied().unwrap_or(0) < first);
                keys[lo..]
                    .iter()
                    .take_while(|s| s.as_bytes().first() == Some(&first))
                    .any(|s| same_surname(s, k))
            } else {
                let k = key_of(w);
                keys.iter().any(|s| same_surname(s, &k))
            };
            if matched {
                out.push(Mention::new(i, i + 1, MKind::Surname { n0: i }));
            }
        }
    }

    /// The last capitalized name word of a name ending at `n1` (before a suffix).
    pub(super) fn last_core(&self, doc: &Doc, n1: usize) -> usize {
        let mut i = n1.saturating_sub(1);
        while i > 0 && (doc.at(i, self.suffixes).is_some() || !self.name_word(doc, i)) {
            i -= 1;
        }
        i
    }
}
