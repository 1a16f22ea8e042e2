//! Bringing an annotation made under an older version of its schema up to the current one, by
//! the schema's `migrations`: nothing is lost. Pure: no files.

mod check;

pub use check::check_migrations;

use super::annotation::{Annotation, Entry, FieldAnn, Record};
use super::schema::{Fate, FieldType, Migration, Schema};
use super::value::Value;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrateError {
    #[error("annotated with schema {found:?}, not {expected:?}")]
    OtherSchema { found: String, expected: String },
    #[error(
        "annotated with version {found} of schema {name:?}, newer than the schema in use \
         (version {version})"
    )]
    Newer {
        name: String,
        found: u32,
        version: u32,
    },
    #[error("field {path:?} is not in version {version} and no migration renames or retires it")]
    Unknown { path: String, version: u32 },
    #[error("two fields would both be {path:?} after the migration from version {from}")]
    Collision { path: String, from: u32 },
}

/// A migrated annotation and what the migration did.
#[derive(Debug, Clone, PartialEq)]
pub struct Migrated {
    pub annotation: Annotation,
    /// The schema version the annotation had.
    pub from: u32,
    /// Each renamed field or sub-field the annotation held: (old path, new path).
    pub renamed: Vec<(String, String)>,
    /// Each field or sub-field moved to `retired`, by the path it had then.
    pub retired: Vec<String>,
    /// Each field or sub-field that appeared, unreviewed.
    pub added: Vec<String>,
    /// How many times a value or suggested value had a choice renamed, counted per migration (a
    /// multi value counts once).
    pub choices: usize,
}

impl Migrated {
    /// Whether the annotation was of an older version (and so differs from the input).
    pub fn changed(&self) -> bool {
        self.from != self.annotation.schema.version
    }
}

/// Migrates `ann` to `schema`'s version through the schema's migrations from the annotation's
/// version on: renamed fields, sub-fields and choices (in values and suggestions) map over;
/// retired fields move, whole, to [`Annotation::retired`] (a retired sub-field goes there under
/// its group's key, in records parallel to the group's, holding only the retired sub-fields);
/// fields the schema adds appear unreviewed; states, evidence, notes and suggestions are kept;
/// fields take the schema's order; the version becomes the schema's. An annotation of the
/// current version comes back unchanged. Errors: another schema name, a newer version, a field
/// the migrations do not account for, two fields renamed into one.
pub fn migrate(ann: &Annotation, schema: &Schema) -> Result<Migrated, MigrateError> {
    if ann.schema.name != schema.name {
        return Err(MigrateError::OtherSchema {
            found: ann.schema.name.clone(),
            expected: schema.name.clone(),
        });
    }
    let from = ann.schema.version;
    if from > schema.version {
        return Err(MigrateError::Newer {
            name: schema.name.clone(),
            found: from,
            version: schema.version,
        });
    }
    let mut out = Migrated {
        annotation: ann.clone(),
        from,
        renamed: Vec::new(),
        retired: Vec::new(),
        added: Vec::new(),
        choices: 0,
    };
    if from == schema.version {
        return Ok(out);
    }
    for (_, m) in schema.migrations_from(from) {
        out.step(m)?;
    }
    out.fit(schema)?;
    out.annotation.schema.version = schema.version;
    Ok(out)
}

fn note(list: &mut Vec<String>, path: &str) {
    if !list.iter().any(|p| p == path) {
        list.push(path.to_string());
    }
}

/// The sub-field key of a path `group.sub` (or the path itself).
fn leaf(path: &str) -> &str {
    path.split_once('.').map_or(path, |(_, s)| s)
}

impl Migrated {
    /// One migration: renames, choice renames and retirements.
    fn step(&mut self, m: &Migration) -> Result<(), MigrateError> {
        let mut kept: Vec<FieldAnn> = Vec::new();
        for mut fa in std::mem::take(&mut self.annotation.fields) {
            let old = fa.key.clone();
            let new = match m.map_path(&old) {
                Fate::Retired => {
                    note(&mut self.retired, &old);
                    self.annotation.retired.push(fa);
                    continue;
                }
                Fate::Kept(new) => new,
            };
            if new != old && !self.renamed.iter().any(|r| r.0 == old) {
                self.renamed.push((old.clone(), new.clone()));
            }
            self.choices += rename_choices(&mut fa, m, &old);
            let gone = self.records(&mut fa, m, &old)?;
            if let Some(g) = gone {
                self.annotation.retired.push(g);
            }
            if kept.iter().any(|k| k.key == new) {
                return Err(MigrateError::Collision {
                    path: new,
                    from: m.from,
                });
            }
            fa.key = new;
            kept.push(fa);
        }
        self.annotation.fields = kept;
        if let Some(d) = &mut self.annotation.draft {
            d.field = draft_path(&d.field, m);
        }
        Ok(())
    }

    /// The migration of a group's records (in its value and its suggestion); the retired
    /// sub-fields, as a group-shaped retired field, if there are any.
    fn records(
        &mut self,
        fa: &mut FieldAnn,
        m: &Migration,
        group: &str,
    ) -> Result<Option<FieldAnn>, MigrateError> {
        let mut gone = FieldAnn {
            key: group.to_string(),
            state: fa.state,
            ..FieldAnn::default()
        };
        let mut any = false;
        if let Entry::Records(recs) = &mut fa.value {
            let mut out = Vec::new();
            for r in recs {
                let g = self.record(r, m, group)?;
                any |= !g.fields.is_empty();
                out.push(g);
            }
            gone.value = Entry::Records(out);
        }
        if let Some(s) = &mut fa.suggestion {
            if let Entry::Records(recs) = &mut s.value {
                let mut out = Vec::new();
                for r in recs {
                    let g = self.record(r, m, group)?;
                    any |= !g.fields.is_empty();
                    out.push(g);
                }
                gone.suggestion = Some(super::annotation::Suggestion {
                    value: Entry::Records(out),
                    ..s.clone()
                });
            }
        }
        Ok(any.then_some(gone))
    }

    /// One record: its sub-fields renamed (choices too) or taken out when retired.
    fn record(
        &mut self,
        r: &mut Record,
        m: &Migration,
        group: &str,
    ) -> Result<Record, MigrateError> {
        let mut gone = Record::default();
        let mut kept: Vec<FieldAnn> = Vec::new();
        for mut f in std::mem::take(&mut r.fields) {
            let old = format!("{group}.{}", f.key);
            match m.map_path(&old) {
                Fate::Retired => {
                    note(&mut self.retired, &old);
                    gone.fields.push(f);
                }
                Fate::Kept(new) => {
                    if new != old && !self.renamed.iter().any(|r| r.0 == old) {
                        self.renamed.push((old.clone(), new.clone()));
                    }
                    self.choices += rename_choices(&mut f, m, &old);
                    let key = leaf(&new).to_string();
                    if kept.iter().any(|k| k.key == key) {
                        return Err(MigrateError::Collision {
                            path: new,
                            from: m.from,
                        });
                    }
                    f.key = key;
                    kept.push(f);
                }
            }
        }
        r.fields = kept;
        Ok(gone)
    }

    /// The fields in the schema's order, those it adds unreviewed; anything else is an error.
    fn fit(&mut self, schema: &Schema) -> Result<(), MigrateError> {
        let version = schema.version;
        let unknown = |path: String| MigrateError::Unknown { path, version };
        let ann = &mut self.annotation;
        if let Some(f) = ann.fields.iter().find(|f| schema.field(&f.key).is_none()) {
            return Err(unknown(f.key.clone()));
        }
        let mut old = std::mem::take(&mut ann.fields);
        for def in &schema.fields {
            let mut fa = match old.iter().position(|f| f.key == def.key) {
                Some(i) => old.remove(i),
                None => {
                    note(&mut self.added, &def.key);
                    FieldAnn::new(&def.key)
                }
            };
            if let FieldType::Group(subs) = &def.kind {
                let suggested = fa.suggestion.as_mut().map(|s| &mut s.value);
                for (entry, fill) in [(Some(&mut fa.value), true), (suggested, false)] {
                    let Some(Entry::Records(recs)) = entry else {
                        continue;
                    };
                    for r in recs {
                        if let Some(f) = r
                            .fields
                            .iter()
                            .find(|f| !subs.iter().any(|s| s.key == f.key))
                        {
                            return Err(unknown(format!("{}.{}", def.key, f.key)));
                        }
                        if !fill {
                            continue;
                        }
                        let mut fields = std::mem::take(&mut r.fields);
                        for s in subs {
                            r.fields
                                .push(match fields.iter().position(|f| f.key == s.key) {
                                    Some(i) => fields.remove(i),
                                    None => {
                                        note(&mut self.added, &format!("{}.{}", def.key, s.key));
                                        FieldAnn::new(&s.key)
                                    }
                                });
                        }
                    }
                }
            }
            ann.fields.push(fa);
        }
        Ok(())
    }
}

/// Renames the choices of a field's value and suggestion; how many of the two changed.
fn rename_choices(fa: &mut FieldAnn, m: &Migration, path: &str) -> usize {
    let mut n = usize::from(rename_in(&mut fa.value, m, path));
    if let Some(s) = &mut fa.suggestion {
        n += usize::from(rename_in(&mut s.value, m, path));
    }
    n
}

fn rename_in(e: &mut Entry, m: &Migration, path: &str) -> bool {
    let mut changed = false;
    let mut one = |c: &mut String| {
        let new = m.map_choice(path, c);
        if new != c {
            *c = new.to_string();
            changed = true;
        }
    };
    match e {
        Entry::Value(Value::Choice(c)) => one(c),
        Entry::Value(Value::Choices(cs)) => {
            cs.iter_mut().for_each(one);
            // Two old choices renamed into one are one choice.
            let mut seen = BTreeSet::new();
            cs.retain(|c| seen.insert(c.clone()));
        }
        _ => {}
    }
    changed
}

/// A draft's field (`key`, `group[i].sub`, either with `#note`) under the migration's names; a
/// draft of a retired field keeps its path.
fn draft_path(draft: &str, m: &Migration) -> String {
    let (field, note) = match draft.find('#') {
        Some(i) => draft.split_at(i),
        None => (draft, ""),
    };
    let (top, rest) = match field.find('[') {
        Some(i) => field.split_at(i),
        None => (field, ""),
    };
    let sub = rest.rsplit_once("].").map(|(_, s)| s);
    if sub.is_none() && !rest.is_empty() {
        return draft.to_string();
    }
    let path = sub.map_or(top.to_string(), |s| format!("{top}.{s}"));
    match m.map_path(&path) {
        Fate::Retired => draft.to_string(),
        Fate::Kept(p) => match (p.split_once('.'), sub) {
            (Some((g, s)), Some(old_sub)) => {
                let index = &rest[..rest.len() - old_sub.len()];
                format!("{g}{index}{s}{note}")
            }
            _ => format!("{p}{note}"),
        },
    }
}

#[cfg(test)]
mod tests;
