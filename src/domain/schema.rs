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
}

/// A problem found while checking a schema's content (after it parsed).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct SchemaProblem {
    pub message: String,
    /// The field it is about, as a path (`participants.role`), so that a file can point at it.
    pub field: Option<String>,
    /// Whether it is about the second definition of that key.
    pub repeated: bool,
}

impl SchemaProblem {
    /// A problem of the schema as a whole.
    pub fn new(message: impl Into<String>) -> Self {
        SchemaProblem {
            message: message.into(),
            field: None,
            repeated: false,
        }
    }

    /// A problem of one field (a path such as `participants.role`): `field "path": message`.
    pub fn of(field: &str, message: impl std::fmt::Display) -> Self {
        SchemaProblem {
            message: format!("field {field:?}: {message}"),
            field: Some(field.to_string()),
            repeated: false,
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
        crate::domain::rules::check_rules(self)
    }
}

fn valid_key(key: &str) -> bool {
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
