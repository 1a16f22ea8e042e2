//! Ages: "37-year-old", "Lakeem Keon Scott, 37,", "aged 37", "Thirty-one-year-old".

use super::PeopleRule;
use crate::extract::doc::{Doc, Kind, HYPHEN};

impl PeopleRule {
    /// A spelled-out age in one word: "Thirty-one-year-old".
    pub(super) fn spelled_age(&self, doc: &Doc, i: usize) -> Option<i64> {
        if !doc.flag(i, HYPHEN) {
            return None;
        }
        let w = doc.word(i);
        let stem = self.age_suffixes.iter().find_map(|s| {
            let cut = w.len().checked_sub(s.len())?;
            (w.is_char_boundary(cut) && w[cut..].eq_ignore_ascii_case(s)).then(|| &w[..cut])
        })?;
        let mut total = 0i64;
        for part in stem.split('-').filter(|p| !p.is_empty()) {
            total += self.number_value(part)?;
        }
        (1..=120).contains(&total).then_some(total)
    }

    /// An age right after tokens ending at `t1`: ", 37," "(37)", "— 51 —" or ", 15 years old".
    pub(super) fn age_after_name(&self, doc: &Doc, t1: usize) -> Option<(i64, usize, usize)> {
        if !matches!(doc.word(t1), "," | "(" | "—" | "–") {
            return None;
        }
        // ", 24 was shot", ", 66 and Ginger Reeves", ", 21 of Lynchburg": no comma after the
        // age, but a verb, "and" or "of".
        let comma = doc.is(t1, ",");
        let closes = |i: usize| {
            matches!(doc.word(i), "," | "." | ";" | ")" | ":" | "—" | "–" | "and")
                || (comma && (doc.is(i, "of") || doc.at(i, self.auxiliaries).is_some()))
        };
        let next = doc.word(t1 + 1);
        // ", age 9,", ", aged 37 of Dayton"; ", both 16,": the age of a list (see `mentions`);
        // ", also 18,".
        let aged = next.eq_ignore_ascii_case("age") || next.eq_ignore_ascii_case("aged");
        if comma && (aged || self.shared_age(next)) {
            let v = self.age_number(doc, t1 + 2)?;
            return closes(t1 + 3).then_some((v, t1 + 2, t1 + 3));
        }
        let v = self.age_number(doc, t1 + 1)?;
        // ", 15 years old," but not ", 30-year-old Christina Anderson" (the next one's age).
        if let Some((h, _)) = doc.at(t1 + 2, self.age_after) {
            let end = h.t1 as usize;
            return (closes(end) || end >= doc.len()).then_some((v, t1 + 1, end));
        }
        closes(t1 + 2).then_some((v, t1 + 1, t1 + 2))
    }

    /// "both", "each", "all", "also": a word before an age that a list of people shares (or
    /// that one person shares with another, "Davon Coleman, also 18").
    pub(super) fn shared_age(&self, w: &str) -> bool {
        ["both", "each", "all", "also"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(w))
    }

    fn age_number(&self, doc: &Doc, i: usize) -> Option<i64> {
        if doc.kind(i) != Some(Kind::Num) {
            return None;
        }
        let v: i64 = doc.word(i).parse().ok()?;
        (1..=120).contains(&v).then_some(v)
    }

    /// "37-year-old" starting at `i`, or "aged 37": the age and the token after it.
    pub(super) fn age_at(&self, doc: &Doc, i: usize) -> Option<(i64, usize)> {
        if let Some(v) = self.spelled_age(doc, i) {
            return Some((v, i + 1));
        }
        if let Some(v) = self.age_number(doc, i) {
            if let Some((h, _)) = doc.at(i + 1, self.age_after) {
                return Some((v, h.t1 as usize));
            }
        }
        let (h, _) = doc.at(i, self.age_before)?;
        let n = h.t1 as usize;
        self.age_number(doc, n).map(|v| (v, n + 1))
    }

    /// An age ending right before token `to`: "the 50-year-old Kirk".
    pub(super) fn age_before_at(&self, doc: &Doc, to: usize) -> Option<(i64, usize, usize)> {
        (to.saturating_sub(4)..to).find_map(|i| {
            self.age_at(doc, i)
                .filter(|&(_, e)| e == to)
                .map(|(v, _)| (v, i, to))
        })
    }
}
