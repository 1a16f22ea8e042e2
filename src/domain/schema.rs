//! The form's schema: which fields an article is reviewed for, loaded from a RON file.

use super::value::{Value, ValueError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A field's type. Group fields hold a list of records of scalar sub-fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FieldType {
    Text,
    Integer,
    Date,
    Boolean,
    Enum(Vec<String>),
    Multi(Vec<String>),
    Group(Vec<FieldDef>),
}

impl FieldType {
    pub fn name(&self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Integer => "integer",
            FieldType::Date => "date",
            FieldType::Boolean => "boolean",
            FieldType::Enum(_) => "enum",
            FieldType::Multi(_) => "multi",
            FieldType::Group(_) => "group",
        }
    }

    /// The choices of an enum or multi field (booleans offer yes/no).
    pub fn choices(&self) -> Option<Vec<String>> {
        match self {
            FieldType::Enum(c) | FieldType::Multi(c) => Some(c.clone()),
            FieldType::Boolean => Some(vec!["true".into(), "false".into()]),
            _ => None,
        }
    }

    pub fn is_group(&self) -> bool {
        matches!(self, FieldType::Group(_))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub help: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    #[serde(default)]
    pub required: bool,
    /// For an integer field: the least value it may hold (`min: 0` for counts and ages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// For an integer field: the greatest value it may hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extract: Option<crate::domain::rules::FieldRules>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    pub name: String,
    pub version: u32,
    #[serde(default)]
    pub description: String,
    pub fields: Vec<FieldDef>,
    /// Shared word lists for the extraction rules (US states, cities, number words...).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub gazetteers: crate::domain::rules::Gazetteers,
    /// What changed since earlier versions, oldest first (see [`Migration`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub migrations: Vec<Migration>,
    /// What the rules' raw scores mean as probabilities, per field and cue (see
    /// [`crate::domain::calibration`]); written by `vetter calibrate`, last in the file.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub calibration: crate::domain::calibration::Calibration,
}

/// The changes from one version of a schema to the next listed one: from `from` to the next
/// migration's `from`, or to the schema's `version` for the last. Fields and sub-fields are named
/// by path (`agency`, `participants.role`). Every name in a migration is the name in version
/// `from`, except a rename's new name, which is the name in the version it leads to. Fields the
/// schema adds need no rule: they appear unreviewed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Migration {
    pub from: u32,
    /// `(old path, new path)`; a sub-field stays in its group (`("participants.role",
    /// "participants.kind")`), and follows its group when the group is renamed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renames: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choice_renames: Vec<ChoiceRename>,
    /// Fields (or sub-fields) no longer asked for: annotations keep their values, read-only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<String>,
}

/// A choice of an enum or multi field renamed: `(field: "officer_outcome", old: "fired", new:
/// "dismissed")`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceRename {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// What a migration makes of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// The field's path in the version the migration leads to.
    Kept(String),
    Retired,
}

impl Migration {
    /// What this migration makes of a field path of version `from`.
    pub fn map_path(&self, path: &str) -> Fate {
        if self.retired.iter().any(|r| r == path) {
            return Fate::Retired;
        }
        if let Some((_, new)) = self.renames.iter().find(|(old, _)| old == path) {
            return Fate::Kept(new.clone());
        }
        match path.split_once('.') {
            Some((group, sub)) => match self.map_path(group) {
                Fate::Kept(g) => Fate::Kept(format!("{g}.{sub}")),
                Fate::Retired => Fate::Retired,
            },
            None => Fate::Kept(path.to_string()),
        }
    }

    /// The name in the next version of a choice of the field at `path` (a path of version `from`).
    pub fn map_choice<'a>(&'a self, path: &str, choice: &'a str) -> &'a str {
        self.choice_renames
            .iter()
            .find(|r| r.field == path && r.old == choice)
            .map_or(choice, |r| r.new.as_str())
    }
}

/// A problem found while checking a schema's content (after it parsed).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct SchemaProblem {
    pub message: String,
    /// The field it is about, as a path (`participants.role`), so that a file can point at it;
    /// for a problem of a migration rule, the name in the rule it is about.
    pub field: Option<String>,
    /// Whether it is about the second definition of that key.
    pub repeated: bool,
    /// For a problem of a migration rule: the rule's index in `migrations`.
    pub migration: Option<usize>,
}

impl SchemaProblem {
    /// A problem of the schema as a whole.
    pub fn new(message: impl Into<String>) -> Self {
        SchemaProblem {
            message: message.into(),
            field: None,
            repeated: false,
            migration: None,
        }
    }

    /// A problem of the migration at `index` (from version `from`), about `name` if given.
    pub fn in_migration(
        index: usize,
        from: u32,
        name: Option<&str>,
        message: impl std::fmt::Display,
    ) -> Self {
        SchemaProblem {
            migration: Some(index),
            field: name.map(str::to_string),
            ..SchemaProblem::new(format!("migration from version {from}: {message}"))
        }
    }

    /// A problem of one field (a path such as `participants.role`): `field "path": message`.
    pub fn of(field: &str, message: impl std::fmt::Display) -> Self {
        SchemaProblem {
            message: format!("field {field:?}: {message}"),
            field: Some(field.to_string()),
            repeated: false,
            migration: None,
        }
    }

    /// A key defined twice (the problem points at the second).
    pub fn repeated(field: &str) -> Self {
        SchemaProblem {
            repeated: true,
            ..SchemaProblem::of(field, "the key appears twice")
        }
    }
}

impl FieldDef {
    /// Whether a value fits the field: its type ([`Value::fits`]) and, for an integer, the
    /// field's `min` and `max`.
    pub fn check_value(&self, v: &Value) -> Result<(), ValueError> {
        v.fits(&self.kind)?;
        if let Value::Int(n) = *v {
            if let Some(min) = self.min.filter(|&m| n < m) {
                return Err(ValueError::BelowMin { value: n, min });
            }
            if let Some(max) = self.max.filter(|&m| n > m) {
                return Err(ValueError::AboveMax { value: n, max });
            }
        }
        Ok(())
    }

    /// A JSON value read strictly as a value of this field ([`Value::from_json`], then
    /// [`FieldDef::check_value`]).
    pub fn value_from_json(&self, j: &serde_json::Value) -> Result<Value, ValueError> {
        let v = Value::from_json(&self.kind, j)?;
        self.check_value(&v)?;
        Ok(v)
    }
}

impl Schema {
    pub fn field(&self, key: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The definition of a sub-field of a group.
    pub fn sub_field(&self, group: &str, key: &str) -> Option<&FieldDef> {
        match &self.field(group)?.kind {
            FieldType::Group(subs) => subs.iter().find(|f| f.key == key),
            _ => None,
        }
    }

    /// Checks what the parser cannot: unique keys, usable names, non-empty choices, no nested groups.
    pub fn check(&self) -> Result<(), SchemaProblem> {
        check_fields(&self.fields, "", true)?;
        crate::domain::rules::check_rules(self)?;
        crate::domain::migrate::check_migrations(self)?;
        crate::domain::calibration::check(self)
    }

    /// The definition of a field path of this version (`agency`, `participants.role`).
    pub fn def_at(&self, path: &str) -> Option<&FieldDef> {
        match path.split_once('.') {
            Some((group, sub)) => self.sub_field(group, sub),
            None => self.field(path),
        }
    }

    /// The migrations an annotation of version `version` goes through to reach this one.
    pub fn migrations_from(&self, version: u32) -> impl Iterator<Item = (usize, &Migration)> {
        self.migrations
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.from >= version)
    }

    /// What the migrations after the one at `index` make of a path of the version it leads to.
    pub fn fate_after(&self, index: usize, path: &str) -> Fate {
        let mut path = path.to_string();
        for m in self.migrations.iter().skip(index + 1) {
            match m.map_path(&path) {
                Fate::Kept(p) => path = p,
                Fate::Retired => return Fate::Retired,
            }
        }
        Fate::Kept(path)
    }
}

pub(crate) fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 64
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !key.starts_with(|c: char| c.is_ascii_digit())
}

/// `min` and `max` belong to integer fields only, and `min` is not above `max`.
fn check_bounds(f: &FieldDef, at: &str) -> Result<(), SchemaProblem> {
    if (f.min.is_some() || f.max.is_some()) && f.kind != FieldType::Integer {
        return Err(SchemaProblem::of(
            at,
            format!(
                "min and max apply to integer fields, not to a {} field",
                f.kind.name()
            ),
        ));
    }
    match (f.min, f.max) {
        (Some(lo), Some(hi)) if lo > hi => Err(SchemaProblem::of(
            at,
            format!("min {lo} is more than max {hi}"),
        )),
        _ => Ok(()),
    }
}

fn check_fields(fields: &[FieldDef], prefix: &str, top: bool) -> Result<(), SchemaProblem> {
    if fields.is_empty() {
        return Err(SchemaProblem::new(format!(
            "{prefix}fields: the list is empty"
        )));
    }
    let mut seen = BTreeSet::new();
    for f in fields {
        let at = format!("{prefix}{}", f.key);
        if !valid_key(&f.key) {
            return Err(SchemaProblem::of(
                &at,
                "use lowercase letters, digits and '_' in a key (not starting with a digit)",
            ));
        }
        if !seen.insert(f.key.as_str()) {
            return Err(SchemaProblem::repeated(&at));
        }
        check_bounds(f, &at)?;
        match &f.kind {
            FieldType::Enum(c) | FieldType::Multi(c) => {
                if c.is_empty() {
                    return Err(SchemaProblem::of(&at, "no choices"));
                }
                let set: BTreeSet<_> = c.iter().collect();
                if set.len() != c.len() {
                    return Err(SchemaProblem::of(&at, "a choice appears twice"));
                }
            }
            FieldType::Group(subs) => {
                if !top {
                    return Err(SchemaProblem::of(&at, "groups cannot be nested"));
                }
                check_fields(subs, &format!("{at}."), false)?;
            }
            _ => {}
        }
    }
    Ok(())
}
