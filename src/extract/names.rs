//! Mentions of people: full names ("Officer Zachary Christensen", "Lakeem Keon Scott, 37,"),
//! surnames met again ("Christiansen"), nouns ("a 12-year-old girl", "the suspect") and subject
//! pronouns that start a sentence ("She").

use super::doc::{Doc, Kind, UPPER};
use super::people::PeopleRule;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Det {
    /// "a", "one", or none: someone new (unless the very same words were met before).
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
    /// A sentence-initial pronoun of a gender choice.
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

/// The lower-case surname key of a name token: possessive and trailing dots dropped.
pub(crate) fn key_of(w: &str) -> String {
    let w = w.trim_end_matches('.');
    let w = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .or_else(|| w.strip_suffix('’'))
        .or_else(|| w.strip_suffix('\''))
        .unwrap_or(w);
    w.to_lowercase()
}

/// Whether two surnames are the same allowing one slip (for names of five letters or more).
pub(crate) fn same_surname(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if x.len().min(y.len()) < 5 || x.len().abs_diff(y.len()) > 1 || x[0] != y[0] {
        return false;
    }
    osa_distance(&x, &y) <= 1
}

/// Optimal string alignment distance (edits and swaps of neighbours).
fn osa_distance(a: &[char], b: &[char]) -> usize {
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, v) in d.iter_mut().enumerate().take(w) {
        *v = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

fn is_possessive(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("’s")
}

impl PeopleRule {
    fn name_word(&self, doc: &Doc, i: usize) -> bool {
        doc.is_cap_word(i)
            && !doc.flag(i, UPPER)
            && doc.word(i).chars().nth(1).is_some_and(char::is_alphabetic)
            && doc.at(i, self.not_names).is_none()
            && doc.at(i, self.ranks).is_none()
            && doc.at(i, self.officials).is_none()
            && doc.at(i, self.titles).is_none()
            && self.spelled_age(doc, i).is_none()
    }

    /// A spelled-out age in one word: "Thirty-one-year-old".
    pub(crate) fn spelled_age(&self, doc: &Doc, i: usize) -> Option<i64> {
        let w = doc.word(i).to_lowercase();
        let stem = self.age_suffixes.iter().find_map(|s| w.strip_suffix(s.as_str()))?;
        let mut total = 0i64;
        for part in stem.trim_end_matches('-').split('-').filter(|p| !p.is_empty()) {
            total += self.number_value(part)?;
        }
        (1..=120).contains(&total).then_some(total)
    }

    /// Name tokens from `j`: capitalized words, initials, particles, a nickname, a suffix.
    fn name_run(&self, doc: &Doc, j: usize) -> Option<(usize, usize, usize)> {
        let s = doc.sent(j);
        let (mut i, mut end, mut core) = (j, j, 0usize);
        while i < doc.len() && doc.sent(i) == s && i - j < 8 {
            if core >= 1 {
                if let Some((h, _)) = doc.at(i, self.suffixes).or_else(|| {
                    doc.is(i, ",").then(|| doc.at(i + 1, self.suffixes)).flatten()
                }) {
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
            if doc.kind(i) == Some(Kind::Word) && w.chars().count() == 1 && doc.is_cap_word(i) && doc.is(i + 1, ".") {
                i += 2;
                continue;
            }
            if core >= 1 && doc.at(i, self.particles).is_some() && self.name_word(doc, i + 1) {
                i += 1;
                continue;
            }
            let quote = |x: &str| matches!(x, "\"" | "“" | "”" | "(" | ")");
            if core >= 1 && quote(w) && self.name_word(doc, i + 1) && quote(doc.word(i + 2)) && self.name_word(doc, i + 3) {
                i += 3;
                continue;
            }
            break;
        }
        (core > 0).then_some((j, end, core))
    }

    /// Full names, with the ranks and titles before them.
    fn named(&self, doc: &Doc, out: &mut Vec<Mention>) {
        let mut i = 0;
        while i < doc.len() {
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
            let follows = |l| doc.at(n1, l).is_some();
            let org = (follows(self.not_names) || follows(self.officials) || follows(self.ranks)) && !is_possessive(doc.word(n1 - 1));
            let org = org || (!prefixed && start > 0 && doc.ending_at(start, self.before_place).is_some());
            // "@LAPDSoutheast", "Ron Page/Post Crescent": handles and photo credits.
            let org = org || (start > 0 && matches!(doc.word(start - 1), "@" | "#")) || doc.is(n1, "/");
            // "a silver Dodger Neon": a thing after a determiner and an adjective.
            let det = |e: usize| doc.ending_at(e, self.indefinite).is_some();
            let org = org
                || (!prefixed
                    && n0 > 0
                    && (det(n0)
                        || (doc.kind(n0 - 1) == Some(Kind::Word)
                            && !doc.is_cap_word(n0 - 1)
                            && doc.at(n0 - 1, self.nouns).is_none()
                            && det(n0 - 1))));
            let place = doc.at(n0, self.places).is_some_and(|(h, _)| h.t1 as usize >= n1);
            // "Active Shooter Situation": a first word also written in lower case is no name.
            let org = org || (!prefixed && doc.written_lower(doc.word(n0)));
            if (core >= 2 || prefixed) && !org && !place {
                let mut m = Mention::new(start, n1, MKind::Named { n0, n1, core });
                m.rank = rank;
                m.official = official;
                out.push(m);
            }
            i = n1.max(i + 1);
        }
    }

    /// Surnames met alone ("Christensen replied", "Christiansen’s supervisor").
    fn surnames(&self, doc: &Doc, named: &[Mention], out: &mut Vec<Mention>) {
        let keys: Vec<String> = named
            .iter()
            .filter_map(|m| match m.kind {
                MKind::Named { n1, .. } => Some(key_of(doc.word(self.last_core(doc, n1)))),
                _ => None,
            })
            .collect();
        if keys.is_empty() {
            return;
        }
        let mut covered = named.iter().map(|m| (m.t0, m.t1)).peekable();
        let mut cur = covered.next();
        for i in 0..doc.len() {
            while cur.is_some_and(|(_, b)| b <= i) {
                cur = covered.next();
            }
            if cur.is_some_and(|(a, b)| a <= i && i < b) || !self.name_word(doc, i) {
                continue;
            }
            let k = key_of(doc.word(i));
            if keys.iter().any(|s| same_surname(s, &k)) {
                out.push(Mention::new(i, i + 1, MKind::Surname { n0: i }));
            }
        }
    }

    /// The last capitalized name word of a name ending at `n1` (before a suffix).
    pub(crate) fn last_core(&self, doc: &Doc, n1: usize) -> usize {
        let mut i = n1.saturating_sub(1);
        while i > 0 && (doc.at(i, self.suffixes).is_some() || !self.name_word(doc, i)) {
            i -= 1;
        }
        i
    }

    /// An age right after tokens ending at `t1`: ", 37," or "(37)".
    fn age_after_name(&self, doc: &Doc, t1: usize) -> Option<(i64, usize, usize)> {
        if !matches!(doc.word(t1), "," | "(") {
            return None;
        }
        let v = self.age_number(doc, t1 + 1)?;
        let close = doc.word(t1 + 2);
        matches!(close, "," | "." | ";" | ")" | ":").then_some((v, t1 + 1, t1 + 2))
    }

    fn age_number(&self, doc: &Doc, i: usize) -> Option<i64> {
        if doc.kind(i) != Some(Kind::Num) {
            return None;
        }
        let v: i64 = doc.word(i).parse().ok()?;
        (1..=120).contains(&v).then_some(v)
    }

    /// "37-year-old" starting at `i`, or "aged 37": the age and the tokens after it.
    fn age_at(&self, doc: &Doc, i: usize) -> Option<(i64, usize)> {
        if let Some(v) = self.spelled_age(doc, i) {
            return Some((v, i + 1));
        }
        if let Some(v) = self.age_number(doc, i) {
            if let Some((h, _)) = doc.at(i + 1, self.age_after) {
                return Some((v, h.t1 as usize));
            }
        }
        if let Some((h, _)) = doc.at(i, self.age_before) {
            let n = h.t1 as usize;
            return self.age_number(doc, n).map(|v| (v, n + 1));
        }
        None
    }

    /// Nouns of unnamed people, with their determiner and age. Of "female student" only the
    /// last noun counts.
    fn nouns(&self, doc: &Doc, out: &mut Vec<Mention>) {
        let hits: Vec<(usize, usize)> = {
            let mut v: Vec<(usize, usize)> = Vec::new();
            for (h, _) in doc.all(self.nouns) {
                if v.last().is_some_and(|l| l.0 == h.t0 as usize) {
                    continue;
                }
                v.push((h.t0 as usize, h.t1 as usize));
            }
            v
        };
        for (k, &(t0, t1)) in hits.iter().enumerate() {
            if let Some(&(n0, _)) = hits.get(k + 1) {
                if n0 >= t1 && n0 <= t1 + 1 && (t1..n0).all(|i| doc.kind(i) == Some(Kind::Word)) {
                    continue;
                }
            }
            let (sa, _) = doc.sent_range(doc.sent(t0));
            let (mut a, mut det, mut plural) = (t0, Det::New, false);
            while a > sa && t0 - a < 7 {
                let p = a - 1;
                if let Some((d, _)) = doc.ending_at(a, self.another) {
                    (a, det) = (d.t0 as usize, Det::Other);
                    break;
                }
                if let Some((d, _)) = doc.ending_at(a, self.indefinite) {
                    a = d.t0 as usize;
                    break;
                }
                if let Some((d, _)) = doc.ending_at(a, self.definite) {
                    (a, det) = (d.t0 as usize, Det::Known);
                    break;
                }
                if let Some((d, _)) = doc.ending_at(a, self.possessive) {
                    (a, det) = (d.t0 as usize, Det::Own);
                    break;
                }
                if let Some((d, e)) = doc.ending_at(a, self.numbers) {
                    plural = doc.lex.term(self.numbers, e).is_some_and(|t| t.0 != "1");
                    a = d.t0 as usize;
                    break;
                }
                match doc.kind(p) {
                    Some(Kind::Word | Kind::Num) => a = p,
                    Some(Kind::Punct) if doc.is(p, "-") => a = p,
                    _ => break,
                }
            }
            if plural {
                continue;
            }
            let mut m = Mention::new(a, t1, MKind::Noun { n0: t0, n1: t1, det });
            m.nouns.push((t0, t1));
            m.age = (a..t0).find_map(|i| self.age_at(doc, i).map(|(v, e)| (v, i, e)));
            if m.age.is_none() && !is_possessive(doc.word(t1 - 1)) {
                m.age = self.age_after_name(doc, t1);
            }
            out.push(m);
        }
    }

    /// Every mention, in text order, nouns in apposition folded into the names they describe.
    pub(crate) fn mentions(&self, doc: &Doc) -> Vec<Mention> {
        let mut named = Vec::new();
        self.named(doc, &mut named);
        for m in &mut named {
            let MKind::Named { n0, n1, .. } = m.kind else { continue };
            m.age = self.age_after_name(doc, n1).or_else(|| {
                // "the 50-year-old Kirk"
                let from = n0.saturating_sub(4);
                (from..n0).find_map(|i| self.age_at(doc, i).filter(|&(_, e)| e == n0).map(|(v, _)| (v, i, n0)))
            });
        }
        let mut all = Vec::new();
        self.surnames(doc, &named, &mut all);
        for m in &mut all {
            let n0 = m.t0;
            m.age = self.age_after_name(doc, m.t1).or_else(|| {
                let from = n0.saturating_sub(4);
                (from..n0).find_map(|i| self.age_at(doc, i).filter(|&(_, e)| e == n0).map(|(v, _)| (v, i, n0)))
            });
        }
        let mut nouns = Vec::new();
        self.nouns(doc, &mut nouns);
        all.append(&mut named);
        all.sort_by_key(|m| m.t0);
        // Nouns inside a name ("Officer") go; a noun's words before it stop at a name.
        let mut out: Vec<Mention> = Vec::with_capacity(all.len() + nouns.len());
        for mut n in nouns {
            let MKind::Noun { n0, n1, .. } = n.kind else { continue };
            if all.iter().any(|m| m.t0 < n1 && n0 < m.t1) {
                continue;
            }
            if let Some(m) = all.iter().rev().find(|m| m.t1 <= n0) {
                n.t0 = n.t0.max(m.t1);
            }
            out.push(n);
        }
        out.append(&mut all);
        out.sort_by_key(|m| m.t0);
        out.retain(|m| m.t0 < m.t1);
        // "RELATED: ...": links to other stories.
        out.retain(|m| {
            let (a, _) = doc.sent_range(doc.sent(m.t0));
            doc.at(a, self.link_lines).is_none()
        });
        self.fold_appositions(doc, &mut out);
        self.pronoun_mentions(doc, &mut out);
        out
    }

    /// "suspect Barry Kirk", "her brother, 57-year-old Michael Oehme", "Risher, an 18-year-old
    /// black man": the noun describes the named person.
    fn fold_appositions(&self, doc: &Doc, ms: &mut Vec<Mention>) {
        let mut i = 0;
        while i + 1 < ms.len() {
            let (a, b) = (&ms[i], &ms[i + 1]);
            // Only commas and an age between: "their son, 7-year-old Landon Anderson".
            let gap_ok = |x: usize, y: usize| {
                y >= x
                    && y - x <= 5
                    && (x..y).all(|k| {
                        matches!(doc.word(k), "," | "-")
                            || doc.kind(k) == Some(Kind::Num)
                            || doc.at(k, self.age_after).is_some()
                            || doc.at(k, self.copulas).is_some_and(|(h, _)| h.t1 as usize == k + 1)
                    })
            };
            let noun_then_name = matches!(a.kind, MKind::Noun { n1, .. } if !is_possessive(doc.word(n1 - 1)))
                && matches!(b.kind, MKind::Named { .. } | MKind::Surname { .. })
                && gap_ok(a.t1, b.t0);
            let name_then_noun = matches!(a.kind, MKind::Named { .. })
                && matches!(b.kind, MKind::Noun { n1, det: Det::New | Det::Own, .. } if !is_possessive(doc.word(n1 - 1)))
                && b.t0 == a.t1 + 1
                && doc.is(a.t1, ",")
                && b.age.is_some();
            // "the suspected shooter was a 14-year-old female student".
            let copula = !matches!(a.kind, MKind::Pronoun { .. })
                && matches!(b.kind, MKind::Noun { det: Det::New, .. })
                && doc.at(a.t1, self.copulas).is_some_and(|(h, _)| h.t1 as usize == b.t0);
            if copula {
                let f = ms.remove(i + 1);
                let k = &mut ms[i];
                k.nouns.extend(f.nouns);
                k.age = k.age.or(f.age);
                continue;
            }
            if noun_then_name || name_then_noun {
                let (keep, fold) = if noun_then_name { (i + 1, i) } else { (i, i + 1) };
                let f = ms[fold].clone();
                let k = &mut ms[keep];
                k.nouns.extend(f.nouns);
                k.age = k.age.or(f.age);
                ms.remove(fold);
                continue;
            }
            i += 1;
        }
    }

    /// "She allegedly suffered neck injuries": a subject pronoun opening a sentence.
    fn pronoun_mentions(&self, doc: &Doc, ms: &mut Vec<Mention>) {
        let mut add = Vec::new();
        for &(a, b) in &doc.sents {
            let mut t = a as usize;
            if matches!(doc.word(t), "\"" | "“") {
                t += 1;
            }
            if t >= b as usize {
                continue;
            }
            for cue in &self.pronouns {
                let Some(g) = self.genders.iter().position(|x| x.choice == cue.choice) else { continue };
                if doc.at(t, cue.nouns).is_some_and(|(h, _)| h.t1 as usize == t + 1) {
                    add.push(Mention::new(t, t + 1, MKind::Pronoun { gender: g }));
                }
            }
        }
        if !add.is_empty() {
            ms.extend(add);
            ms.sort_by_key(|m| m.t0);
        }
    }
}
