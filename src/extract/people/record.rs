//! A person as the record the form gets: name, role, age, gender and status, each with its
//! confidence and evidence.

use super::persons::Person;
use super::{best, PeopleRule};
use crate::domain::prediction::SpanJson;
use crate::extract::doc::Doc;
use crate::extract::Sugg;

impl PeopleRule {
    /// Whether a role (by index) is the rank's role.
    pub(super) fn is_officer_role(&self, role: Option<usize>) -> bool {
        let c = role.and_then(|i| self.roles.get(i));
        c.is_some() && c == self.rank_role.as_ref()
    }

    /// The role a record will get: the rank's, the best cue's, or the default.
    pub(super) fn role_key(&self, p: &Person) -> Option<String> {
        if p.officer.is_some() || self.is_officer_role(p.noun_role) {
            return self.rank_role.clone();
        }
        best(&p.roles)
            .map(|(i, _)| self.roles[i].clone())
            .or_else(|| self.default_role.clone())
    }

    /// The gender with more votes than all the others.
    pub(super) fn gender_key(p: &Person) -> Option<usize> {
        Self::gender_lead(p).map(|(g, _)| g)
    }

    /// That gender and by how many votes it leads all the others together.
    pub(super) fn gender_lead(p: &Person) -> Option<(usize, f64)> {
        let (g, _) = best(&p.gender)?;
        let other: f64 = p
            .gender
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != g)
            .map(|(_, x)| x.0)
            .sum();
        let lead = p.gender[g].0 - other;
        (lead > 0.0).then_some((g, lead))
    }

    pub(super) fn record(&self, doc: &Doc, p: &Person) -> Vec<(String, Sugg)> {
        let mut out = Vec::new();
        let mention = p.mention.unwrap_or_default();
        if let (Some(k), Some((n0, n1, core))) = (&self.keys.name, p.name) {
            let last = self.last_core(doc, n1);
            let end = if n1 > last + 1 { n1 } else { last + 1 };
            let ev = doc.ev(n0, end);
            let raw = doc.text.get(ev.b0 as usize..ev.b1 as usize).unwrap_or("");
            let name = strip_possessive(raw);
            let span = doc.byte_span(ev.b0 as usize, ev.b0 as usize + name.len());
            let conf = if core >= 2 { 0.8 } else { 0.55 };
            out.push((k.clone(), Sugg::new(name.to_string(), conf, span)));
        }
        if let Some(k) = &self.keys.role {
            let noun_officer = || {
                let i = p.noun_role.filter(|_| self.is_officer_role(p.noun_role))?;
                p.roles.get(i).and_then(|r| r.1)
            };
            let pick = match (
                p.officer.or_else(noun_officer),
                best(&p.roles),
                &self.rank_role,
            ) {
                (Some(ev), _, Some(r)) => Some((r.clone(), 0.7, ev)),
                (_, Some((i, ev)), _) => Some((self.roles[i].clone(), 0.6, ev)),
                _ => self.default_role.clone().map(|r| (r, 0.4, mention)),
            };
            if let Some((r, c, ev)) = pick {
                out.push((k.clone(), Sugg::new(r, c, doc.ev_span(ev))));
            }
        }
        if let (Some(k), Some((v, ev))) = (&self.keys.age, p.age) {
            out.push((k.clone(), Sugg::new(v, 0.8, doc.ev_span(ev))));
        }
        if let (Some(k), Some((g, lead))) = (&self.keys.gender, Self::gender_lead(p)) {
            let conf = (0.45 + 0.1 * lead).min(0.85);
            if let Some(ev) = p.gender[g].1 {
                // "given": the first name voted and nothing voted for another gender (the
                // text's words may agree with it or be silent); else the text decided.
                let votes: f64 = p.gender.iter().map(|x| x.0).sum();
                let cue = if p.given.is_some() && votes <= lead {
                    "given"
                } else {
                    ""
                };
                out.push((
                    k.clone(),
                    Sugg::new(self.genders[g].clone(), conf, doc.ev_span(ev)).by(cue),
                ));
            }
        }
        if let Some(k) = &self.keys.status {
            // Killed rules out injured, injured rules out unharmed (as the rules say).
            let on: Vec<usize> = (0..p.status.len())
                .filter(|&i| p.status[i].is_some())
                .collect();
            let dropped: Vec<usize> = on
                .iter()
                .flat_map(|&i| self.drops[i].iter().copied())
                .collect();
            let kept: Vec<usize> = on.into_iter().filter(|i| !dropped.contains(i)).collect();
            if !kept.is_empty() {
                let values: Vec<serde_json::Value> = self
                    .status_order
                    .iter()
                    .filter(|o| kept.iter().any(|&i| &self.statuses[i] == *o))
                    .map(|o| serde_json::Value::String(o.clone()))
                    .collect();
                let mut ev: Vec<SpanJson> = kept
                    .iter()
                    .filter_map(|&i| p.status[i])
                    .map(|e| doc.ev_span(e))
                    .collect();
                ev.sort_by_key(|s| s.start);
                ev.dedup();
                let value = serde_json::Value::Array(values);
                out.push((
                    k.clone(),
                    Sugg {
                        value,
                        confidence: 0.55,
                        evidence: ev,
                        cue: "",
                    },
                ));
            }
        }
        out
    }
}

pub(super) fn strip_possessive(s: &str) -> &str {
    s.strip_suffix("'s")
        .or_else(|| s.strip_suffix("’s"))
        .or_else(|| s.strip_suffix('’'))
        .unwrap_or(s)
}
