//! Checking a schema's rules beyond what the parser checks.

use super::*;
use crate::domain::schema::{FieldDef, FieldType, Schema, SchemaProblem};

/// Checks what the parser cannot: gazetteers named by the rules exist, choices and keys named by
/// the rules are the field's, regular expressions compile. Errors name the field.
pub fn check_rules(schema: &Schema) -> Result<(), SchemaProblem> {
    let gaz = &schema.gazetteers;
    for (name, terms) in gaz {
        for t in terms {
            if t.name.trim().is_empty() {
                return Err(SchemaProblem::new(format!(
                    "gazetteer {name:?}: an entry has no name"
                )));
            }
        }
    }
    for f in &schema.fields {
        check_field(schema, f, "")?;
        if let FieldType::Group(subs) = &f.kind {
            for s in subs {
                if s.extract.is_some() {
                    return Err(SchemaProblem::of(
                        &format!("{}.{}", f.key, s.key),
                        "extraction rules go on the group, not its sub-fields",
                    ));
                }
            }
        }
    }
    Ok(())
}

fn problem(field: &str, msg: impl std::fmt::Display) -> SchemaProblem {
    SchemaProblem::of(field, format!("extract: {msg}"))
}

fn check_field(schema: &Schema, f: &FieldDef, _prefix: &str) -> Result<(), SchemaProblem> {
    let Some(rules) = &f.extract else {
        return Ok(());
    };
    let key = f.key.as_str();
    let gaz = |name: &str| -> Result<(), SchemaProblem> {
        if schema.gazetteers.contains_key(name) {
            Ok(())
        } else {
            Err(problem(key, format!("no gazetteer named {name:?}")))
        }
    };
    let lists = |words: &[String]| -> Result<(), SchemaProblem> {
        for w in words {
            if let Some(g) = w.strip_prefix('@') {
                gaz(g)?;
            } else if w.trim().is_empty() {
                return Err(problem(key, "an empty word in a list"));
            }
        }
        Ok(())
    };
    let want = |ok: bool, what: &str| -> Result<(), SchemaProblem> {
        if ok {
            Ok(())
        } else {
            Err(problem(
                key,
                format!(
                    "{what} rules need a field of another type (this one is {})",
                    f.kind.name()
                ),
            ))
        }
    };
    match rules {
        FieldRules::Date(r) => {
            want(matches!(f.kind, FieldType::Date), "Date")?;
            gaz(&r.months)?;
            gaz(&r.weekdays)?;
            if schema.gazetteers[&r.months].len() != 12 {
                return Err(problem(
                    key,
                    format!("gazetteer {:?} must list 12 months", r.months),
                ));
            }
            if schema.gazetteers[&r.weekdays].len() != 7 {
                return Err(problem(
                    key,
                    format!("gazetteer {:?} must list 7 weekdays", r.weekdays),
                ));
            }
            for l in [&r.last, &r.event, &r.other, &r.said] {
                lists(l)?;
            }
            for rel in &r.relative {
                lists(&rel.words)?;
            }
        }
        FieldRules::Place(r) => {
            want(matches!(f.kind, FieldType::Text), "Place")?;
            gaz(&r.states)?;
            for c in r.cities.iter().chain(&r.towns).chain(&r.counties) {
                gaz(c)?;
            }
            // Each entry of the counties gazetteer is a state, by its name in `states`.
            if let (Some(c), Some(states)) = (&r.counties, schema.gazetteers.get(&r.states)) {
                let stray = schema
                    .gazetteers
                    .get(c)
                    .into_iter()
                    .flatten()
                    .find(|t| !states.iter().any(|s| s.name == t.name));
                if let Some(t) = stray {
                    return Err(problem(
                        key,
                        format!(
                            "counties gazetteer {c:?}: {:?} is no entry of {:?}",
                            t.name, r.states
                        ),
                    ));
                }
            }
            for l in [
                &r.before,
                &r.not_after,
                &r.areas,
                &r.agencies,
                &r.not_cities,
                &r.away,
                &r.state_agencies,
            ] {
                lists(l)?;
            }
        }
        FieldRules::Named(r) => {
            want(matches!(f.kind, FieldType::Text), "Named")?;
            if r.heads.is_empty() && r.patterns.is_empty() && r.common.is_empty() {
                return Err(problem(
                    key,
                    "Named rules need heads, common nouns or patterns",
                ));
            }
            for l in [&r.heads, &r.common, &r.before, &r.not_before, &r.stop] {
                lists(l)?;
            }
            for p in &r.patterns {
                regex::Regex::new(p)
                    .map_err(|e| problem(key, format!("bad regular expression {p:?}: {e}")))?;
            }
        }
        FieldRules::Count(r) => {
            want(matches!(f.kind, FieldType::Integer), "Count")?;
            gaz(&r.numbers)?;
            for l in [
                &r.cues,
                &r.totals,
                &r.persons,
                &r.none,
                &r.negations,
                &r.units,
                &r.zero_unless,
                &r.zero_otherwise,
            ] {
                lists(l)?;
            }
            if let Some(o) = &r.overlap {
                lists(&o.cues)?;
                count_field(schema, key, &o.minus)?;
            }
            if let Some(z) = &r.zero_beside {
                count_field(schema, key, z)?;
            }
            if let Some(g) = &r.from_group {
                let sub = schema
                    .sub_field(&g.group, &g.field)
                    .ok_or_else(|| problem(key, format!("no field {}.{}", g.group, g.field)))?;
                choice_of(key, &sub.kind, &g.choice)?;
            }
        }
        FieldRules::Choice(r) => {
            if !matches!(f.kind, FieldType::Enum(_) | FieldType::Multi(_)) {
                want(false, "Choice")?;
            }
            for c in &r.cues {
                choice_of(key, &f.kind, &c.choice)?;
                for l in [&c.words, &c.near, &c.not_near] {
                    lists(l)?;
                }
            }
            lists(&r.negations)?;
        }
        FieldRules::Snippet(r) => {
            want(matches!(f.kind, FieldType::Text), "Snippet")?;
            if r.cues.is_empty() {
                return Err(problem(key, "Snippet rules need cues"));
            }
            lists(&r.cues)?;
        }
        FieldRules::People(r) => {
            let FieldType::Group(subs) = &f.kind else {
                return want(false, "People");
            };
            gaz(&r.numbers)?;
            let sub = |k: &Option<String>| -> Result<Option<&FieldDef>, SchemaProblem> {
                match k {
                    None => Ok(None),
                    Some(k) => subs
                        .iter()
                        .find(|s| &s.key == k)
                        .map(Some)
                        .ok_or_else(|| problem(key, format!("no sub-field {k:?}"))),
                }
            };
            sub(&r.keys.name)?;
            sub(&r.keys.age)?;
            let role = sub(&r.keys.role)?;
            let gender = sub(&r.keys.gender)?;
            let status = sub(&r.keys.status)?;
            let check_cues = |cues: &[PersonCue], def: Option<&FieldDef>| {
                for c in cues {
                    if let Some(d) = def {
                        choice_of(key, &d.kind, &c.choice)?;
                        for x in &c.drops {
                            choice_of(key, &d.kind, x)?;
                        }
                    }
                    for l in [&c.before, &c.after, &c.between, &c.nouns] {
                        lists(l)?;
                    }
                }
                Ok::<(), SchemaProblem>(())
            };
            check_cues(&r.roles, role)?;
            check_cues(&r.genders, gender)?;
            check_cues(&r.pronouns, gender)?;
            check_cues(&r.statuses, status)?;
            // The agent's vote goes to a role entry of the rules; without one it would do nothing.
            if let Some(a) = &r.agent_role {
                if !r.roles.iter().any(|c| &c.choice == a) {
                    return Err(problem(
                        key,
                        format!("agent_role {a:?} is not among the roles"),
                    ));
                }
            }
            if let Some(d) = status {
                for c in &r.serious {
                    choice_of(key, &d.kind, c)?;
                }
            }
            if let Some(d) = role {
                for c in [&r.rank_role, &r.default_role, &r.agent_role]
                    .into_iter()
                    .flatten()
                {
                    choice_of(key, &d.kind, c)?;
                }
            }
            for l in [
                &r.ranks,
                &r.titles,
                &r.nouns,
                &r.plurals,
                &r.indefinite,
                &r.definite,
                &r.possessive,
                &r.another,
                &r.copulas,
                &r.barriers,
                &r.auxiliaries,
                &r.agents,
                &r.age_after,
                &r.age_before,
                &r.speakers,
                &r.officials,
                &r.not_names,
                &r.places,
                &r.before_place,
                &r.link_lines,
                &r.suffixes,
                &r.particles,
                &r.negations,
                &r.conjunctions,
            ] {
                lists(l)?;
            }
        }
    }
    Ok(())
}

fn count_field(schema: &Schema, key: &str, other: &str) -> Result<(), SchemaProblem> {
    match schema.field(other).map(|f| &f.kind) {
        Some(FieldType::Integer) => Ok(()),
        _ => Err(problem(key, format!("{other:?} is not an integer field"))),
    }
}

fn choice_of(key: &str, kind: &FieldType, choice: &str) -> Result<(), SchemaProblem> {
    match kind {
        FieldType::Enum(c) | FieldType::Multi(c) if c.iter().any(|x| x == choice) => Ok(()),
        FieldType::Enum(c) | FieldType::Multi(c) => Err(problem(
            key,
            format!("{choice:?} is not one of: {}", c.join(", ")),
        )),
        _ => Err(problem(
            key,
            format!("{choice:?}: the field has no choices"),
        )),
    }
}
