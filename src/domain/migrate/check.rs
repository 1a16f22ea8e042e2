//! Checking a schema's migration rules as far as one file allows: the old versions are not at
//! hand, so an old name cannot be checked, but every new name can be followed to this version.

use crate::domain::schema::{valid_key, Fate, FieldType, Migration, Schema, SchemaProblem};
use std::collections::BTreeSet;

/// Checks the `migrations` of a schema: versions increase and stay below the schema's; names are
/// field paths; within a migration no name is renamed twice, no two names get the same new
/// name, no name is both renamed and a new name (so no cycles and no chains in one step) or both
/// renamed and retired, and sub-fields stay in their group; every new name (of a field or a
/// choice), followed through the later migrations, is this version's, unless a later migration
/// retires it; a field retired by the last migration is not one of this version.
///
/// The last migration is checked first: a wrong new name is reported where it was written, not
/// at an earlier migration whose names lead to it.
pub fn check_migrations(schema: &Schema) -> Result<(), SchemaProblem> {
    let problem = |index: usize, name: Option<&str>, msg: String| {
        let from = schema.migrations[index].from;
        Err(SchemaProblem::in_migration(index, from, name, msg))
    };
    for (index, m) in schema.migrations.iter().enumerate() {
        let next = schema.migrations.get(index + 1);
        let to = next.map_or(schema.version, |n| n.from);
        if m.from >= to {
            let what = match next {
                Some(_) => "the next migration's",
                None => "this schema's version,",
            };
            let msg = format!(
                "versions must increase: {} is not below {what} {to}",
                m.from
            );
            return problem(index, None, msg);
        }
    }
    for (index, m) in schema.migrations.iter().enumerate().rev() {
        Step {
            schema,
            index,
            m,
            last: index + 1 == schema.migrations.len(),
        }
        .check()
        .or_else(|(name, msg)| problem(index, name.as_deref(), msg))?;
    }
    Ok(())
}

/// A problem: the name it is about and the message.
type Found = (Option<String>, String);

struct Step<'a> {
    schema: &'a Schema,
    index: usize,
    m: &'a Migration,
    last: bool,
}

fn valid_path(p: &str) -> bool {
    match p.split_once('.') {
        Some((g, s)) => valid_key(g) && valid_key(s),
        None => valid_key(p),
    }
}

fn at(name: &str, msg: String) -> Result<(), Found> {
    Err((Some(name.to_string()), msg))
}

impl Step<'_> {
    fn check(&self) -> Result<(), Found> {
        self.names()?;
        self.renames()?;
        self.retired()?;
        self.choices()
    }

    /// Every name is a path of one or two keys.
    fn names(&self) -> Result<(), Found> {
        let m = self.m;
        let names = m.renames.iter().flat_map(|(a, b)| [a, b]);
        let names = names
            .chain(&m.retired)
            .chain(m.choice_renames.iter().map(|c| &c.field));
        for n in names {
            if !valid_path(n) {
                return at(
                    n,
                    format!("{n:?} is not a field path (`key` or `group.key`)"),
                );
            }
        }
        Ok(())
    }

    fn renames(&self) -> Result<(), Found> {
        let m = self.m;
        let (mut olds, mut news) = (BTreeSet::new(), BTreeSet::new());
        for (old, new) in &m.renames {
            if !olds.insert(old) {
                return at(old, format!("{old:?} is renamed twice"));
            }
            if !news.insert(new) {
                return at(new, format!("two fields are renamed to {new:?}"));
            }
            if m.retired.contains(old) {
                return at(old, format!("{old:?} is both renamed and retired"));
            }
        }
        for (old, new) in &m.renames {
            if olds.contains(new) {
                return at(
                    new,
                    format!(
                        "{new:?} is both an old and a new name (a cycle or a chain: \
                         give each version its own migration)"
                    ),
                );
            }
            if old.contains('.') != new.contains('.') {
                return at(
                    new,
                    format!("{old:?} -> {new:?}: a field and a sub-field cannot trade places"),
                );
            }
            if let (Some((g, _)), Some((ng, _))) = (old.split_once('.'), new.split_once('.')) {
                if self.m.map_path(g) != Fate::Kept(ng.to_string()) {
                    return at(
                        new,
                        format!("{old:?} -> {new:?}: a sub-field stays in its group"),
                    );
                }
            }
            self.exists_later(new, &format!("rename {old:?} -> {new:?}"))?;
        }
        Ok(())
    }

    /// A path of the version this migration leads to, followed to this schema's version, is a
    /// field there (or is retired on the way). Returns the field's path in this version.
    fn exists_later(&self, path: &str, what: &str) -> Result<Option<String>, Found> {
        match self.schema.fate_after(self.index, path) {
            Fate::Retired => Ok(None),
            Fate::Kept(p) if self.schema.def_at(&p).is_some() => Ok(Some(p)),
            Fate::Kept(p) => {
                let later = if p == path {
                    String::new()
                } else {
                    format!(" (named {p:?} by later migrations)")
                };
                let v = self.schema.version;
                Err((
                    Some(path.to_string()),
                    format!("{what}: {path:?}{later} is not a field of version {v}"),
                ))
            }
        }
    }

    fn retired(&self) -> Result<(), Found> {
        let mut seen = BTreeSet::new();
        for r in &self.m.retired {
            if !seen.insert(r) {
                return at(r, format!("{r:?} is retired twice"));
            }
            if self.last && self.schema.def_at(r).is_some() {
                let v = self.schema.version;
                return at(r, format!("retired {r:?} is still a field of version {v}"));
            }
        }
        Ok(())
    }

    fn choices(&self) -> Result<(), Found> {
        let m = self.m;
        let (mut olds, mut news) = (BTreeSet::new(), BTreeSet::new());
        for c in &m.choice_renames {
            let f = &c.field;
            let what = format!("choice rename of {f:?} {:?} -> {:?}", c.old, c.new);
            if !olds.insert((f, &c.old)) {
                return at(f, format!("{what}: {:?} is renamed twice", c.old));
            }
            if !news.insert((f, &c.new)) {
                return at(f, format!("{what}: two choices are renamed to {:?}", c.new));
            }
            let Fate::Kept(path) = m.map_path(f) else {
                return at(f, format!("{what}: the field is retired"));
            };
            let Some(now) = self.exists_later(&path, &what)? else {
                continue;
            };
            let Some(def) = self.schema.def_at(&now) else {
                continue;
            };
            let (FieldType::Enum(choices) | FieldType::Multi(choices)) = &def.kind else {
                let k = def.kind.name();
                return at(
                    f,
                    format!("{what}: {now:?} is a {k} field, not enum or multi"),
                );
            };
            let choice = self.choice_later(&path, &c.new);
            if !choices.contains(&choice) {
                let later = if choice == c.new {
                    String::new()
                } else {
                    format!(" (named {choice:?} by later migrations)")
                };
                let v = self.schema.version;
                return at(
                    &c.new,
                    format!(
                        "{what}: {:?}{later} is not a choice of {now:?} in version {v}",
                        c.new
                    ),
                );
            }
        }
        for c in &m.choice_renames {
            if olds.contains(&(&c.field, &c.new)) {
                return at(
                    &c.new,
                    format!(
                        "choice {:?} of {:?} is both an old and a new name (a cycle or a chain)",
                        c.new, c.field
                    ),
                );
            }
        }
        Ok(())
    }

    /// A choice of the field at `path` (in the version this migration leads to), as the later
    /// migrations name it.
    fn choice_later(&self, path: &str, choice: &str) -> String {
        let (mut path, mut choice) = (path.to_string(), choice.to_string());
        for later in self.schema.migrations.iter().skip(self.index + 1) {
            choice = later.map_choice(&path, &choice).to_string();
            match later.map_path(&path) {
                Fate::Kept(p) => path = p,
                Fate::Retired => break,
            }
        }
        choice
    }
}
