//! The form's schema: which fields an article is reviewed for, loaded from a RON file.

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
#[error("{0}")]
pub struct SchemaProblem(pub String);

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

fn check_fields(fields: &[FieldDef], prefix: &str, top: bool) -> Result<(), SchemaProblem> {
    if fields.is_empty() {
        return Err(SchemaProblem(format!("{prefix}fields: the list is empty")));
    }
    let mut seen = BTreeSet::new();
    for f in fields {
        let at = format!("{prefix}{}", f.key);
        if !valid_key(&f.key) {
            return Err(SchemaProblem(format!(
                "field key {:?}: use lowercase letters, digits and '_' (not starting with a digit)",
                f.key
            )));
        }
        if !seen.insert(f.key.as_str()) {
            return Err(SchemaProblem(format!("field key {at:?} appears twice")));
        }
        match &f.kind {
            FieldType::Enum(c) | FieldType::Multi(c) => {
                if c.is_empty() {
                    return Err(SchemaProblem(format!("field {at:?}: no choices")));
                }
                let set: BTreeSet<_> = c.iter().collect();
                if set.len() != c.len() {
                    return Err(SchemaProblem(format!(
                        "field {at:?}: a choice appears twice"
                    )));
                }
            }
            FieldType::Group(subs) => {
                if !top {
                    return Err(SchemaProblem(format!(
                        "field {at:?}: groups cannot be nested"
                    )));
                }
                check_fields(subs, &format!("{at}."), false)?;
            }
            _ => {}
        }
    }
    Ok(())
}
