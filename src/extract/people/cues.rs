//! The cue words around each mention, read as the person's role, gender and status, and whether
//! they are a source rather than a participant.
//!
//! A mention's window runs from the previous mention (or the sentence start, at most 8 tokens) to
//! the next one (or the sentence end, at most 12 tokens). A cue before the name must stand close to
//! it ("shot his estranged wife"); a cue after it, in the same clause ("Cha, 44, of Conyers,
//! died"). Lists share their cues ("identified the dead as A, B and C").

use super::mentions::{MKind, Mention};
use super::persons::Person;
use super::{vote, PeopleRule};
use crate::extract::choice::negated;
use crate::extract::doc::{Doc, Ev, Kind};
use crate::extract::given::BOTH;
use crate::extract::lexicon::ListId;
use crate::extract::Ctx;

/// The weight of a first name's vote for a gender: a pronoun's is 1, a noun's 2.
const GIVEN: f64 = 2.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Role(usize),
    Gender(usize),
    Status(usize),
    /// A status cue that this person did to another (see `active`).
    Acted,
    Speaker,
}

type Cues = Vec<(Cue, Ev)>;

impl PeopleRule {
    /// Tokens `a..b` hold only list glue: commas, "and", determiners, ages and nouns.
    fn glue(&self, doc: &Doc, a: usize, b: usize) -> bool {
        let mut i = a;
        while i < b {
            match doc
                .at(i, self.glue)
                .map(|(h, _)| h.t1 as usize)
                .filter(|&e| e <= b)
            {
                Some(e) => i = e,
                None if matches!(doc.word(i), "," | ";" | ":" | "-")
                    || doc.kind(i) == Some(Kind::Num) =>
                {
                    i += 1
                }
                None => return false,
            }
        }
        true
    }

    /// Whether a cue at `s..e` still speaks of the person starting at `t`: not right after an
    /// auxiliary ("was shot"), no "and" or "him" between, at most three words besides ages.
    fn close_before(&self, doc: &Doc, (s, e): (usize, usize), t: usize) -> bool {
        if doc.has(e, t, self.conjunctions)
            || doc.has(e, t, self.barriers)
            || doc.ending_at(s, self.auxiliaries).is_some()
        {
            return false;
        }
        let mut words = 0;
        let mut i = e;
        while i < t {
            if let Some((h, _)) = doc.at(i, self.age_after) {
                i = h.t1 as usize;
                continue;
            }
            if !(doc.kind(i) == Some(Kind::Num) || matches!(doc.word(i), "," | "-")) {
                words += 1;
            }
            i += 1;
        }
        words <= 3
    }

    /// Whether a cue starting at `t` still speaks of the person ending at `e`: no barrier ("and
    /// she") or speech ("said") between, at most ten words besides ages.
    fn close_after(&self, doc: &Doc, e: usize, t: usize) -> bool {
        if doc.has(e, t, self.barriers) || doc.has(e, t, self.speakers) {
            return false;
        }
        (e..t)
            .filter(|&i| doc.kind(i) == Some(Kind::Word) && doc.at(i, self.age_after).is_none())
            .count()
            <= 10
    }

    /// "A gunman killed a man", "an officer fatally shot the suspect": a status cue after a
    /// person that could also stand before one, not passive, and followed at once by its object
    /// (the next person in the sentence, or people: "wounded two officers", "killed his
    /// children"), says what this person did, not what happened to them. "Was critically wounded
    /// a block away", "killed this weekend": no person follows, so the status is the person's own.
    fn active(&self, doc: &Doc, (t0, t1): (usize, usize), e: u32, object: Option<usize>) -> bool {
        let passive = doc.ending_at(t0, self.auxiliaries).is_some()
            || (t0 > 0 && doc.ending_at(t0 - 1, self.auxiliaries).is_some());
        !passive
            && (object == Some(t1) || self.people_follow(doc, t1))
            && doc
                .in_range(t0, t0 + 1, self.cue_before)
                .any(|(h, be)| h.t1 as usize == t1 && be == e)
    }

    /// Status cues in `a..b` that end in a pronoun of the subject ("killed himself"): the
    /// status of the one who did something to someone before.
    fn reflexive(&self, doc: &Doc, (a, b): (usize, usize), out: &mut Cues) {
        let roles = self.roles.len();
        for (h, e) in doc.in_range(a, b, self.cue_after) {
            let (t0, t1, e) = (h.t0 as usize, h.t1 as usize, e as usize);
            let own = t1 > t0 + 1 && doc.at(t1 - 1, self.gender_after).is_some();
            if e >= roles && t1 <= b && own && !negated(doc, t0, self.negations) {
                out.push((Cue::Status(e - roles), doc.hit_ev(&h)));
            }
        }
    }

    /// "two officers", "his children", "the three Louisiana officers": from token `t`, a
    /// determiner or number, then within a few words (no punctuation) a noun of people.
    fn people_follow(&self, doc: &Doc, t: usize) -> bool {
        let opens = doc.kind(t) == Some(Kind::Num)
            || [
                self.numbers,
                self.indefinite,
                self.definite,
                self.possessive,
            ]
            .into_iter()
            .any(|l| doc.at(t, l).is_some());
        opens
            && (t + 1..t + 5)
                .take_while(|&i| matches!(doc.kind(i), Some(Kind::Word | Kind::Num)))
                .any(|i| doc.at(i, self.people_nouns).is_some())
    }

    /// The first cue of each role and status in tokens `a..b` of a combined list, not negated.
    /// After a person, `object` is where the next person in the sentence starts.
    fn find(
        &self,
        doc: &Doc,
        (a, b): (usize, usize),
        before: bool,
        list: ListId,
        object: Option<usize>,
        out: &mut Cues,
    ) {
        if b <= a {
            return;
        }
        // "was fatally shot by an officer": what comes before "by" is not about the officer.
        let agent = if before {
            doc.in_range(a, b, self.agents)
                .map(|(h, _)| h.t0 as usize)
                .last()
        } else {
            None
        };
        let roles = self.roles.len();
        let mut seen = 0u64;
        for (h, e) in doc.in_range(a, b, list) {
            let (t0, t1) = (h.t0 as usize, h.t1 as usize);
            let e = e as usize;
            if t1 > b || e >= 64 || seen & (1 << e) != 0 || agent.is_some_and(|g| t0 < g) {
                continue;
            }
            let close = if before {
                self.close_before(doc, (t0, t1), b)
            } else {
                self.close_after(doc, a, t0)
            };
            if close && !negated(doc, t0, self.negations) {
                let cue = if e < roles {
                    Cue::Role(e)
                } else if !before && self.active(doc, (t0, t1), e as u32, object) {
                    // Not this person's status (see `reflexive` for "... and then himself").
                    out.push((Cue::Acted, doc.hit_ev(&h)));
                    continue;
                } else {
                    Cue::Status(e - roles)
                };
                seen |= 1 << e;
                out.push((cue, doc.hit_ev(&h)));
            }
        }
    }

    pub(super) fn read_cues(&self, ctx: &Ctx, ms: &[Mention], persons: &mut [Person]) {
        let doc = &ctx.doc;
        let other = ctx.other_time();
        let n = ms.len();
        let mut before: Vec<Cues> = vec![Vec::new(); n];
        let mut after: Vec<Cues> = vec![Vec::new(); n];
        for (k, m) in ms.iter().enumerate() {
            let s = doc.sent(m.t0);
            let (sa, sb) = doc.sent_range(s);
            let prev = k
                .checked_sub(1)
                .map(|j| &ms[j])
                .filter(|o| doc.sent(o.t0) == s);
            let next = ms.get(k + 1).filter(|o| doc.sent(o.t0) == s);
            let b0 = sa.max(prev.map_or(0, |o| o.t1)).max(m.t0.saturating_sub(8));
            let mut a1 = sb.min(next.map_or(usize::MAX, |o| o.t0)).min(m.t1 + 12);
            if let Some(semi) = (m.t1..a1).find(|&i| doc.is(i, ";")) {
                a1 = semi;
            }
            // "Aden said ...", ", said Aden": an attribution, not a cue for what went before.
            let attributed = doc.at(m.t1, self.speakers).is_some()
                || doc.ending_at(m.t0, self.speakers).is_some();
            if !attributed {
                self.find(doc, (b0, m.t0), true, self.cue_before, None, &mut before[k]);
            }
            let object = next.map(|o| o.t0);
            self.find(
                doc,
                (m.t1, a1),
                false,
                self.cue_after,
                object,
                &mut after[k],
            );
            if after[k].iter().any(|(c, _)| *c == Cue::Acted) {
                // "killed his wife and then himself": past the object, up to the next person.
                let end = ms
                    .get(k + 2)
                    .filter(|o| doc.sent(o.t0) == s)
                    .map_or(sb, |o| o.t0)
                    .min(m.t1 + 30);
                self.reflexive(doc, (a1, end), &mut after[k]);
            }
            // "Giddings shot Sgt. Lee Jundt": the one before the verb did it.
            if let Some(o) = next.filter(|o| o.t0 <= m.t1 + 6 && !doc.has(m.t1, o.t0, self.agents))
            {
                let mut between = Vec::new();
                self.find(
                    doc,
                    (m.t1, o.t0),
                    false,
                    self.cue_between,
                    None,
                    &mut between,
                );
                after[k].extend(
                    between
                        .into_iter()
                        .filter(|(c, _)| matches!(c, Cue::Role(_))),
                );
            }
            // Another time's injuries are someone else's.
            if other.get(s).copied().unwrap_or(false) {
                before[k].retain(|(c, _)| !matches!(c, Cue::Status(_) | Cue::Acted));
                after[k].retain(|(c, _)| !matches!(c, Cue::Status(_) | Cue::Acted));
            }
            // "Two men were killed ... identified as John Smith and Mark Jones".
            if !before[k]
                .iter()
                .chain(&after[k])
                .any(|(c, _)| matches!(c, Cue::Status(_)))
            {
                if let Some((i, ev)) = self.group_status(doc, m) {
                    before[k].push((Cue::Status(i), ev));
                }
            }
            self.speaker_cues(doc, m, &mut after[k]);
            let named = matches!(m.kind, MKind::Named { .. } | MKind::Surname { .. });
            if named || self.pronoun_after_noun(doc, m) {
                // The first pronoun that follows, up to the next person: "he", "her". When no
                // one else is mentioned in this sentence, up to the end of the next one ("Smith
                // was shot Friday. Police said he was taken to a hospital"); else, for a name,
                // up to 20 tokens on, and for a noun of no gender ("the victim was shot in his
                // arm"), to the end of its sentence.
                let next_t0 = ms.get(k + 1).map_or(doc.len(), |o| o.t0);
                // "The 19-year-old later died": an age alone is read like a name.
                let bare_age = matches!(m.kind, MKind::Noun { n1, .. } if doc.at(n1 - 1, self.age_after).is_some());
                let end = if prev.is_none() && next.is_none() {
                    let next_end = doc.sent_range(s + 1).1.max(sb);
                    next_t0.min(next_end).max(m.t1)
                } else if named || bare_age {
                    next_t0.min(m.t1 + 20)
                } else {
                    next.map_or(sb, |o| o.t0)
                };
                if let Some((h, g)) = doc.in_range(m.t1, end, self.gender_after).next() {
                    after[k].push((Cue::Gender(g as usize), doc.hit_ev(&h)));
                }
            }
            if named {
                if let Some((h, g)) = doc
                    .in_range(m.t0.saturating_sub(2), m.t0 + 1, self.gender_before)
                    .next()
                {
                    before[k].push((Cue::Gender(g as usize), doc.hit_ev(&h)));
                }
            }
        }
        self.share_in_lists(doc, ms, &mut before, &mut after);
        for (k, m) in ms.iter().enumerate() {
            let Some(p) = m.person.and_then(|i| persons.get_mut(i)) else {
                continue;
            };
            for &(cue, ev) in before[k].iter().chain(after[k].iter()) {
                match cue {
                    Cue::Role(i) => vote(&mut p.roles, i, 1.0, ev),
                    Cue::Gender(i) => vote(&mut p.gender, i, 1.0, ev),
                    Cue::Status(i) => {
                        if let Some(s) = p.status.get_mut(i) {
                            s.get_or_insert(ev);
                        }
                    }
                    Cue::Acted => {
                        p.acted = true;
                        if let Some(r) = self.agent_role {
                            vote(&mut p.roles, r, 0.5, ev);
                        }
                    }
                    Cue::Speaker => p.speaker += 1.0,
                }
            }
            for &(a, b) in &m.nouns {
                if let Some(g) = Self::noun_choice(doc, self.gender_nouns, a, b) {
                    vote(&mut p.gender, g, 2.0, doc.ev(a, b));
                }
                if let Some(r) = Self::noun_choice(doc, self.role_nouns, a, b) {
                    vote(&mut p.roles, r, 1.5, doc.ev(a, b));
                }
            }
            if let MKind::Pronoun { gender } = m.kind {
                vote(&mut p.gender, gender, 1.0, doc.ev(m.t0, m.t1));
            }
        }
    }

    /// Whether a noun mention takes the gender of the pronoun after it: a noun that has none
    /// itself ("the victim", not "the girl"), not possessive ("the victim's aunt ... she").
    fn pronoun_after_noun(&self, doc: &Doc, m: &Mention) -> bool {
        let MKind::Noun { n1, .. } = m.kind else {
            return false;
        };
        let own = |w: &str| ["'s", "’s", "'", "’"].iter().any(|e| w.ends_with(e));
        let possessive = own(doc.word(n1.saturating_sub(1))) || own(doc.word(n1));
        !possessive && !self.gendered(doc, m)
    }

    /// A first name the rules know ("Maria", "James"): a weak vote for its gender, which any two
    /// words of the text about the person outweigh.
    pub(super) fn given_name(&self, doc: &Doc, persons: &mut [Person]) {
        let mut key = String::new();
        for p in persons.iter_mut() {
            let Some((n0, n1, _)) = p.name else { continue };
            // A first name the rules do not know, or give to both: the middle name's ("Vontay
            // Jamar Price"), when it is a word rather than an initial.
            let middle = (n1 > n0 + 2 && doc.word(n0 + 1).len() > 2).then_some(n0 + 1);
            let named = [Some(n0), middle]
                .into_iter()
                .flatten()
                .find_map(|w| Some((w, self.given_gender(doc.word(w), &mut key)?)));
            if let Some((w, g)) = named {
                vote(&mut p.gender, g, GIVEN, doc.ev(w, w + 1));
                p.given = Some(g);
            }
        }
    }

    /// The gender a first name suggests: written with a capital, in any case after it
    /// ("Maria", "MARIA").
    fn given_gender(&self, w: &str, key: &mut String) -> Option<usize> {
        if !w.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        self.given.gender(w, key).filter(|&g| g != BOTH)
    }

    /// Whether a word is a first name the rules know, of either gender.
    pub(super) fn is_given(&self, w: &str, key: &mut String) -> bool {
        self.given.contains(w, key)
    }

    /// "Aden said", "Mark Curnutt, attorney for", ", said John Doe.": a source, beside the name.
    fn speaker_cues(&self, doc: &Doc, m: &Mention, out: &mut Cues) {
        let beside = |a: usize, b: usize| {
            b >= a && b - a <= 1 && (a..b).all(|i| matches!(doc.word(i), "," | "("))
        };
        let inverted =
            matches!(doc.word(m.t1), "." | "," | ";" | ":") || doc.sent(m.t1) != doc.sent(m.t0);
        for (h, _) in doc.in_range(m.t0.saturating_sub(3), m.t1 + 3, self.speakers) {
            let (t0, t1) = (h.t0 as usize, h.t1 as usize);
            if (t1 <= m.t0 && beside(t1, m.t0) && inverted) || (t0 >= m.t1 && beside(m.t1, t0)) {
                out.push((Cue::Speaker, doc.hit_ev(&h)));
            }
        }
    }

    /// Lists share their cues: "identified the dead as A, B and C" (the cue before the first),
    /// "A, B and C were injured" (the cue after the last).
    fn share_in_lists(&self, doc: &Doc, ms: &[Mention], before: &mut [Cues], after: &mut [Cues]) {
        let n = ms.len();
        for k in 1..n {
            let (p, m) = (&ms[k - 1], &ms[k]);
            if doc.sent(p.t0) == doc.sent(m.t0) && self.glue(doc, p.t1, m.t0) {
                let inherited: Cues = before[k - 1]
                    .iter()
                    .filter(|(c, _)| !matches!(c, Cue::Gender(_)))
                    .copied()
                    .collect();
                before[k].extend(inherited);
            }
        }
        for k in (0..n.saturating_sub(1)).rev() {
            let (m, q) = (&ms[k], &ms[k + 1]);
            if doc.sent(q.t0) == doc.sent(m.t0) && self.glue(doc, m.t1, q.t0) {
                let inherited: Cues = after[k + 1]
                    .iter()
                    .filter(|(c, _)| matches!(c, Cue::Status(_) | Cue::Role(_) | Cue::Acted))
                    .copied()
                    .collect();
                after[k].extend(inherited);
            }
        }
    }
}
