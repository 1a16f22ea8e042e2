//! Mentions of people: full names and surnames met again (found in `names.rs`), nouns ("a
//! 12-year-old girl", "the suspect") and subject pronouns that open a sentence ("She").

use super::PeopleRule;
use crate::extract::doc::{Doc, Kind};

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
    /// A name told of someone met before: "the toddler has been identified as Carter Epps".
    pub known: bool,
    pub person: Option<usize>,
}

impl Mention {
    pub(super) fn new(t0: usize, t1: usize, kind: MKind) -> Self {
        Mention {
            t0,
            t1,
            kind,
            rank: None,
            official: false,
            age: None,
            nouns: Vec::new(),
            known: false,
            person: None,
        }
    }
}

pub(crate) fn is_possessive(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("’s")
}

impl PeopleRule {
    /// Nouns of unnamed people, with their determiner and age. Of "female student" the last noun
    /// is the mention's head; both describe the person.
    fn nouns(&self, doc: &Doc, out: &mut Vec<Mention>) {
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for (h, _) in doc.all(self.nouns) {
            if hits.last().is_none_or(|l| l.0 != h.t0 as usize) {
                hits.push((h.t0 as usize, h.t1 as usize));
            }
        }
        // "A 16-year-old was shot": an age that is the subject of a verb names a person.
        let mut bare = Vec::new();
        for (h, _) in doc.all(self.age_after) {
            let (t0, t1) = (h.t0 as usize, h.t1 as usize);
            if t0 == 0 || doc.kind(t0 - 1) != Some(Kind::Num) {
                continue;
            }
            // "A 19-year-old later died", "the 19-year-old died": a cue of what befell them.
            let cue = |i: usize| {
                doc.at(i, self.cue_after)
                    .is_some_and(|(c, _)| c.t0 as usize == i)
            };
            let adverb = doc.kind(t1) == Some(Kind::Word)
                && !doc.is_cap_word(t1)
                && doc.at(t1, self.nouns).is_none();
            if doc.at(t1, self.auxiliaries).is_some() || cue(t1) || (adverb && cue(t1 + 1)) {
                bare.push((t0, t1));
            }
        }
        if !bare.is_empty() {
            hits.extend(bare);
            hits.sort_unstable();
        }
        // Where the nouns before this one began ("male" of "male victim"), if not possessive.
        let mut lead: Option<usize> = None;
        for (k, &(t0, t1)) in hits.iter().enumerate() {
            if let Some(&(n0, _)) = hits.get(k + 1) {
                if n0 >= t1 && n0 <= t1 + 1 && (t1..n0).all(|i| doc.kind(i) == Some(Kind::Word)) {
                    lead = (!is_possessive(doc.word(t1 - 1))).then(|| lead.unwrap_or(t0));
                    continue;
                }
            }
            let first = lead.take().unwrap_or(t0);
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
            // The nouns before the last describe the person too ("female student").
            m.nouns.push((first, t1));
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
        // "Nathaniel Webb and Jonathan Stoner, both 16": one age for the names listed before.
        let mut shared = false;
        for k in (1..named.len()).rev() {
            let (head, tail) = named.split_at_mut(k);
            let (p, m) = (&mut head[k - 1], &tail[0]);
            shared = shared
                || m.age.is_some_and(|(_, a, _)| {
                    a == m.t1 + 2 && doc.is(m.t1, ",") && self.shared_age(doc.word(m.t1 + 1))
                });
            let listed = doc.sent(p.t0) == doc.sent(m.t0)
                && m.t0 > p.t1
                && (p.t1..m.t0).all(|i| matches!(doc.word(i), "," | "and"));
            if shared && listed && p.age.is_none() {
                p.age = m.age;
            } else {
                shared = false;
            }
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
        // A copula of several words ("has been identified as") counts as one.
        let gap_ok = |x: usize, y: usize| {
            if y < x || y - x > 5 {
                return false;
            }
            let mut k = x;
            while k < y {
                k = match doc.at(k, self.copulas) {
                    Some((h, _)) if h.t1 as usize <= y => h.t1 as usize,
                    _ if matches!(doc.word(k), "," | "-")
                        || doc.kind(k) == Some(Kind::Num)
                        || doc.at(k, self.age_after).is_some() =>
                    {
                        k + 1
                    }
                    _ => return false,
                };
            }
            true
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
            // "Another victim, a woman, was also injured": a noun of no gender, then one of a
            // gender, a comma between.
            let noun_then_noun = plain_noun(a)
                && plain_noun(&b)
                && matches!(b.kind, MKind::Noun { det: Det::New, .. })
                && b.t0 == a.t1 + 1
                && doc.is(a.t1, ",")
                && !self.gendered(doc, a)
                && self.gendered(doc, &b);
            let copula = !matches!(a.kind, MKind::Pronoun { .. })
                && matches!(b.kind, MKind::Noun { det: Det::New, .. })
                && doc
                    .at(a.t1, self.copulas)
                    .is_some_and(|(h, _)| h.t1 as usize == b.t0);
            if noun_then_name {
                // The name stays; the noun describes it.
                let told = (a.t1..b.t0).any(|k| doc.at(k, self.copulas).is_some());
                let noun = std::mem::replace(a, b);
                a.known = told
                    && matches!(
                        noun.kind,
                        MKind::Noun {
                            det: Det::Known,
                            ..
                        }
                    );
                a.nouns.extend(noun.nouns);
                a.age = a.age.or(noun.age);
            } else if name_then_noun || noun_then_noun || copula {
                a.nouns.extend(b.nouns);
                a.age = a.age.or(b.age);
            } else {
                out.push(b);
            }
        }
        // "Police identified him as Marcus Lyman", "He was identified as Marcus Lyman".
        for m in out.iter_mut() {
            if matches!(m.kind, MKind::Named { .. }) && !m.known {
                m.known = doc.ending_at(m.t0, self.copulas).is_some_and(|(h, _)| {
                    let Some(p) = (h.t0 as usize).checked_sub(1) else {
                        return false;
                    };
                    doc.at(p, self.gender_after)
                        .is_some_and(|(g, _)| g.t1 as usize == p + 1 && !is_possessive(doc.word(p)))
                });
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
