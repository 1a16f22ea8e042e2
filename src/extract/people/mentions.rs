//! Mentions of people: full names ("Officer Zachary Christensen", "Lakeem Keon Scott, 37,"),
//! surnames met again ("Christiansen"), nouns ("a 12-year-old girl", "the suspect") and subject
//! pronouns that open a sentence ("She").

use super::persons::{key_of, same_surname};
use super::PeopleRule;
use crate::extract::doc::{Doc, Kind, ASCII, UPPER};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Det {
    /// "a", "one", or none: someone new (unless met as such before).
    New,
    /// "his", "her": someone new, unless the same noun was met before.
    Own,
    /// "another": someone new.
    Other,
    /// "the": someone met before.
    Known,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MKind {
    /// Name tokens `n0..n1`, with `core` capitalized name words.
    Named { n0: usize, n1: usize, core: usize },
    /// A surname alone, at token `n0`.
    Surname { n0: usize },
    /// A noun (tokens `n0..n1`) with its determiner.
    Noun { n0: usize, n1: usize, det: Det },
    /// A sentence-opening pronoun of a gender (by index).
    Pronoun { gender: usize },
}

#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub t0: usize,
    pub t1: usize,
    pub kind: MKind,
    /// Rank tokens before the name.
    pub rank: Option<(usize, usize)>,
    pub official: bool,
    /// Age and its tokens.
    pub age: Option<(i64, usize, usize)>,
    /// Nouns describing the person (the noun itself, or one in apposition to a name).
    pub nouns: Vec<(usize, usize)>,
    pub person: Option<usize>,
}

impl Mention {
    fn new(t0: usize, t1: usize, kind: MKind) -> Self {
        Mention {
            t0,
            t1,
            kind,
            rank: None,
            official: false,
            age: None,
            nouns: Vec::new(),
            person: None,
        }
    }
}

pub(crate) fn is_possessive(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("’s")
}

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
    fn named(&self, doc: &Doc, out: &mut Vec<Mention>) {
        // Names that are no names if their first word is also written in lower case ("Grand
        // Jury"): their places in `out` and that word's hash, all asked of the text at the end.
        let mut common: Vec<(usize, u32)> = Vec::new();
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
                    common.push((out.len(), t.h));
                }
                let mut m = Mention::new(start, n1, MKind::Named { n0, n1, core });
                m.rank = rank;
                m.official = official;
                out.push(m);
            }
            i = n1.max(i + 1);
        }
        let hashes: Vec<u32> = common.iter().map(|c| c.1).collect();
        let drop: Vec<usize> = (common.iter().zip(doc.written_lower(&hashes)))
            .filter_map(|(c, lower)| lower.then_some(c.0))
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
    fn surnames(&self, doc: &Doc, named: &[Mention], out: &mut Vec<Mention>) {
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

    /// Nouns of unnamed people, with their determiner and age. Of "female student" only the
    /// last noun counts.
    fn nouns(&self, doc: &Doc, out: &mut Vec<Mention>) {
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for (h, _) in doc.all(self.nouns) {
            if hits.last().is_none_or(|l| l.0 != h.t0 as usize) {
                hits.push((h.t0 as usize, h.t1 as usize));
            }
        }
        for (k, &(t0, t1)) in hits.iter().enumerate() {
            if let Some(&(n0, _)) = hits.get(k + 1) {
                if n0 >= t1 && n0 <= t1 + 1 && (t1..n0).all(|i| doc.kind(i) == Some(Kind::Word)) {
                    continue;
                }
            }
            let (sa, _) = doc.sent_range(doc.sent(t0));
            let (mut a, mut det, mut plural) = (t0, Det::New, false);
            while a > sa && t0 - a < 7 {
                let found = [
                    (self.another, Det::Other),
                    (self.indefinite, Det::New),
                    (self.definite, Det::Known),
                    (self.possessive, Det::Own),
                ]
                .into_iter()
                .find_map(|(l, d)| doc.ending_at(a, l).map(|(h, _)| (h.t0 as usize, d)));
                if let Some((at, d)) = found {
                    (a, det) = (at, d);
                    break;
                }
                let number = doc
                    .ending_at(a, self.numbers)
                    .filter(|(d, _)| doc.kind(d.t0 as usize) == Some(Kind::Word));
                if let Some((d, e)) = number {
                    plural = doc.lex.term(self.numbers, e).is_some_and(|t| t.0 != "1");
                    a = d.t0 as usize;
                    break;
                }
                match doc.kind(a - 1) {
                    Some(Kind::Word | Kind::Num) => a -= 1,
                    Some(Kind::Punct) if doc.is(a - 1, "-") => a -= 1,
                    _ => break,
                }
            }
            if plural {
                continue;
            }
            let mut m = Mention::new(
                a,
                t1,
                MKind::Noun {
                    n0: t0,
                    n1: t1,
                    det,
                },
            );
            m.nouns.push((t0, t1));
            m.age = (a..t0).find_map(|i| self.age_at(doc, i).map(|(v, e)| (v, i, e)));
            if m.age.is_none() && !is_possessive(doc.word(t1 - 1)) {
                m.age = self.age_after_name(doc, t1);
            }
            out.push(m);
        }
    }

    /// Every mention, in text order, nouns in apposition folded into the names they describe.
    pub(super) fn mentions(&self, doc: &Doc) -> Vec<Mention> {
        let mut named = Vec::new();
        self.named(doc, &mut named);
        for m in &mut named {
            let MKind::Named { n0, n1, .. } = m.kind else {
                continue;
            };
            // "45-year-old East Baton Rouge Parish Sheriff's Office Deputy Brad Garafola".
            let mut lead = m.t0;
            while lead > 0 && m.t0 - lead < 7 && doc.is_cap_word(lead - 1) {
                lead -= 1;
            }
            m.age = self.age_after_name(doc, n1).or_else(|| {
                [n0, m.t0, lead]
                    .into_iter()
                    .find_map(|to| self.age_before_at(doc, to))
            });
        }
        let mut all = Vec::new();
        self.surnames(doc, &named, &mut all);
        for m in &mut all {
            m.age = self
                .age_after_name(doc, m.t1)
                .or_else(|| self.age_before_at(doc, m.t0));
        }
        let mut nouns = Vec::new();
        self.nouns(doc, &mut nouns);
        all.append(&mut named);
        all.sort_by_key(|m| m.t0);
        // Nouns inside a name ("Officer") go; a noun's words before it stop at a name.
        let mut out: Vec<Mention> = Vec::with_capacity(all.len() + nouns.len());
        for mut n in nouns {
            let MKind::Noun { n0, n1, .. } = n.kind else {
                continue;
            };
            // Names do not overlap: only the last ones starting before the noun's end matter.
            let at = all.partition_point(|m| m.t0 < n1);
            let near = &all[at.saturating_sub(3)..at];
            if near.iter().any(|m| n0 < m.t1) {
                continue;
            }
            if let Some(m) = near.iter().rev().find(|m| m.t1 <= n0) {
                n.t0 = n.t0.max(m.t1);
            }
            out.push(n);
        }
        out.append(&mut all);
        out.sort_by_key(|m| m.t0);
        // "RELATED: ...": links to other stories.
        out.retain(|m| {
            m.t0 < m.t1
                && doc
                    .at(doc.sent_range(doc.sent(m.t0)).0, self.link_lines)
                    .is_none()
        });
        self.fold_appositions(doc, &mut out);
        self.pronoun_mentions(doc, &mut out);
        out
    }

    /// "suspect Barry Kirk", "her brother, 57-year-old Michael Oehme", "Risher, an 18-year-old
    /// black man", "the suspected shooter was a 14-year-old female student": one person.
    fn fold_appositions(&self, doc: &Doc, ms: &mut Vec<Mention>) {
        // Only commas, an age and "as" between: "their son, 7-year-old Landon Anderson".
        let gap_ok = |x: usize, y: usize| {
            y >= x
                && y - x <= 5
                && (x..y).all(|k| {
                    matches!(doc.word(k), "," | "-")
                        || doc.kind(k) == Some(Kind::Num)
                        || doc.at(k, self.age_after).is_some()
                        || doc
                            .at(k, self.copulas)
                            .is_some_and(|(h, _)| h.t1 as usize == k + 1)
                })
        };
        let plain_noun = |m: &Mention| matches!(m.kind, MKind::Noun { n1, .. } if !is_possessive(doc.word(n1 - 1)));
        let mut out: Vec<Mention> = Vec::with_capacity(ms.len());
        for b in ms.drain(..) {
            let Some(a) = out.last_mut() else {
                out.push(b);
                continue;
            };
            let noun_then_name = plain_noun(a)
                && matches!(b.kind, MKind::Named { .. } | MKind::Surname { .. })
                && gap_ok(a.t1, b.t0);
            let name_then_noun = matches!(a.kind, MKind::Named { .. })
                && plain_noun(&b)
                && matches!(
                    b.kind,
                    MKind::Noun {
                        det: Det::New | Det::Own,
                        ..
                    }
                )
                && b.t0 == a.t1 + 1
                && doc.is(a.t1, ",")
                && b.age.is_some();
            let copula = !matches!(a.kind, MKind::Pronoun { .. })
                && matches!(b.kind, MKind::Noun { det: Det::New, .. })
                && doc
                    .at(a.t1, self.copulas)
                    .is_some_and(|(h, _)| h.t1 as usize == b.t0);
            if noun_then_name {
                // The name stays; the noun describes it.
                let noun = std::mem::replace(a, b);
                a.nouns.extend(noun.nouns);
                a.age = a.age.or(noun.age);
            } else if name_then_noun || copula {
                a.nouns.extend(b.nouns);
                a.age = a.age.or(b.age);
            } else {
                out.push(b);
            }
        }
        *ms = out;
    }

    /// "She allegedly suffered neck injuries": a subject pronoun opening a sentence.
    fn pronoun_mentions(&self, doc: &Doc, ms: &mut Vec<Mention>) {
        let before = ms.len();
        for &(a, b) in &doc.sents {
            let mut t = a as usize;
            if matches!(doc.word(t), "\"" | "“") {
                t += 1;
            }
            if t >= b as usize {
                continue;
            }
            if let Some((h, g)) = doc.at(t, self.pronouns) {
                if h.t1 as usize == t + 1 {
                    ms.push(Mention::new(
                        t,
                        t + 1,
                        MKind::Pronoun { gender: g as usize },
                    ));
                }
            }
        }
        if ms.len() > before {
            ms.sort_by_key(|m| m.t0);
        }
    }
}
