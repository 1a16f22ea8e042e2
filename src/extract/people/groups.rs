//! People told of as a group before they are named: "Two men were killed Friday. The victims
//! were identified as John Smith and Mark Jones."

use super::mentions::{MKind, Mention};
use super::persons::Person;
use super::{vote, PeopleRule};
use crate::extract::doc::{Doc, Ev};

/// How many sentences back the group may be told of.
const GROUP_SENTENCES: usize = 2;

/// How many sentences back a group of one gender may be told of for a person of none.
const GENDER_GROUP_SENTENCES: usize = 5;

impl PeopleRule {
    /// Whether a name is given as who someone was: "identified as John Smith", "identified the
    /// victims as John Smith" (the first name of a list; the others share its cues).
    fn identified(&self, doc: &Doc, m: &Mention) -> bool {
        let MKind::Named { .. } = m.kind else {
            return false;
        };
        if m.t0 == 0 || !doc.word(m.t0 - 1).eq_ignore_ascii_case("as") {
            return false;
        }
        let (sa, _) = doc.sent_range(doc.sent(m.t0));
        (m.t0.saturating_sub(6).max(sa)..m.t0 - 1)
            .any(|i| doc.word(i).eq_ignore_ascii_case("identified"))
    }

    /// The status an identified name takes from people told of just before ("Two men were
    /// killed", "A woman was shot"): a noun of people right before a status cue, in this
    /// sentence or the two before it. The status (by index) and its evidence.
    pub(super) fn group_status(&self, doc: &Doc, m: &Mention) -> Option<(usize, Ev)> {
        if !self.identified(doc, m) {
            return None;
        }
        let s = doc.sent(m.t0);
        let a = doc.sent_range(s.saturating_sub(GROUP_SENTENCES)).0;
        let roles = self.roles.len();
        doc.in_range(a, m.t0, self.cue_after)
            .filter(|(h, e)| {
                *e as usize >= roles && doc.ending_at(h.t0 as usize, self.people_nouns).is_some()
            })
            .last()
            .map(|(h, e)| (e as usize - roles, doc.hit_ev(&h)))
    }

    /// The gender a person of no gender takes from a group of one told of earlier in the
    /// sentence: "Two men were taken to Stroger Hospital: an 18-year-old shot in the back and a
    /// 22-year-old shot in the face". The nearest group decides; its noun is the evidence.
    pub(super) fn group_gender(&self, doc: &Doc, ms: &[Mention], persons: &mut [Person]) {
        for m in ms {
            let Some(p) = m.person.and_then(|i| persons.get_mut(i)) else {
                continue;
            };
            if p.gender.iter().any(|g| g.0 > 0.0) {
                continue;
            }
            let s = doc.sent(m.t0);
            let (sa, _) = doc.sent_range(s.saturating_sub(GENDER_GROUP_SENTENCES));
            if let Some((h, g)) = doc.in_range(sa, m.t0, self.gender_groups).last() {
                vote(&mut p.gender, g as usize, 1.0, doc.hit_ev(&h));
            }
        }
    }
}
