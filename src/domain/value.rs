//! Field values: parsing what a reviewer types, and showing values as text.

use super::schema::FieldType;
use serde::{Deserialize, Serialize};

/// A scalar value of a field. Group fields hold records instead (see `annotation`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Text(String),
    Int(i64),
    /// ISO 8601 calendar date, `YYYY-MM-DD`.
    Date(String),
    Bool(bool),
    Choice(String),
    Choices(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("expected a whole number, got {0:?}")]
    NotInteger(String),
    #[error("expected a date as YYYY-MM-DD, got {0:?}")]
    NotDate(String),
    #[error("expected true or false, got {0:?}")]
    NotBool(String),
    #[error("{0:?} is not one of: {1}")]
    NotAChoice(String, String),
    #[error("a group field has records, not a single value")]
    Group,
    #[error("the value is empty")]
    Empty,
    /// A JSON value of the wrong kind (a number for a text, a string for a number...).
    #[error("expected {expected}, got {got}")]
    Json { expected: &'static str, got: String },
    /// A stored value of another type than the field's (a text in an integer field).
    #[error("expected a value of type {expected}, got {value:?} of type {got}")]
    WrongType {
        expected: &'static str,
        got: &'static str,
        value: String,
    },
    #[error("{value} is less than the minimum {min}")]
    BelowMin { value: i64, min: i64 },
    #[error("{value} is more than the maximum {max}")]
    AboveMax { value: i64, max: i64 },
}

/// The largest magnitude up to which every whole number is exactly a JSON (f64) number: 2^53.
const EXACT_F64: f64 = 9_007_199_254_740_992.0;

/// A JSON value as a short text for messages (long strings, arrays and objects cut).
fn shown(j: &serde_json::Value) -> String {
    let s = j.to_string();
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s,
    }
}

/// A JSON number as an exact whole number in the i64 range, or `None`: `3` and `3.0` are 3 (JSON
/// does not tell them apart from a float's text); `1.5`, `1e300` and numbers beyond the i64 range
/// are not. A number written with a fraction or exponent is a float: it is accepted only up to
/// 2^53 in magnitude, where floats hold every whole number exactly.
pub fn exact_integer(n: &serde_json::Number) -> Option<i64> {
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    if n.is_u64() {
        return None;
    }
    let f = n.as_f64()?;
    (f.is_finite() && f.fract() == 0.0 && f.abs() <= EXACT_F64).then_some(f as i64)
}

/// Checks an ISO calendar date `YYYY-MM-DD`, including month lengths and leap years.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

impl Value {
    /// Parses what a reviewer typed into a value of the given type.
    pub fn parse(kind: &FieldType, input: &str) -> Result<Value, ValueError> {
        let t = input.trim();
        if t.is_empty() {
            return Err(ValueError::Empty);
        }
        match kind {
            FieldType::Text => Ok(Value::Text(t.to_string())),
            FieldType::Integer => t
                .parse::<i64>()
                .map(Value::Int)
                .map_err(|_| ValueError::NotInteger(t.to_string())),
            FieldType::Date => {
                if is_iso_date(t) {
                    Ok(Value::Date(t.to_string()))
                } else {
                    Err(ValueError::NotDate(t.to_string()))
                }
            }
            FieldType::Boolean => match t.to_ascii_lowercase().as_str() {
                "true" | "yes" | "y" => Ok(Value::Bool(true)),
                "false" | "no" | "n" => Ok(Value::Bool(false)),
                _ => Err(ValueError::NotBool(t.to_string())),
            },
            FieldType::Enum(c) => {
                if c.iter().any(|x| x == t) {
                    Ok(Value::Choice(t.to_string()))
                } else {
                    Err(ValueError::NotAChoice(t.to_string(), c.join(", ")))
                }
            }
            FieldType::Multi(c) => {
                let mut picked = Vec::new();
                for part in t.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    if !c.iter().any(|x| x == part) {
                        return Err(ValueError::NotAChoice(part.to_string(), c.join(", ")));
                    }
                    picked.push(part.to_string());
                }
                Ok(Value::Choices(normalize_choices(c, &picked)))
            }
            FieldType::Group(_) => Err(ValueError::Group),
        }
    }

    /// Whether the value fits the type (used to check files and imported predictions): the
    /// value is of the field's own kind (a text is not an integer, even `Text("3")`), a date is
    /// a calendar date and choices are the field's.
    pub fn fits(&self, kind: &FieldType) -> Result<(), ValueError> {
        match (self, kind) {
            (Value::Text(_), FieldType::Text) | (Value::Int(_), FieldType::Integer) => Ok(()),
            (Value::Bool(_), FieldType::Boolean) => Ok(()),
            (Value::Date(d), FieldType::Date) if is_iso_date(d) => Ok(()),
            (Value::Date(d), FieldType::Date) => Err(ValueError::NotDate(d.clone())),
            (Value::Choice(v), FieldType::Enum(c)) if c.contains(v) => Ok(()),
            (Value::Choice(v), FieldType::Enum(c)) => {
                Err(ValueError::NotAChoice(v.clone(), c.join(", ")))
            }
            (Value::Choices(vs), FieldType::Multi(c)) => match vs.iter().find(|v| !c.contains(v)) {
                Some(bad) => Err(ValueError::NotAChoice(bad.clone(), c.join(", "))),
                None => Ok(()),
            },
            (_, FieldType::Group(_)) => Err(ValueError::Group),
            (v, FieldType::Integer) => Err(ValueError::NotInteger(v.display())),
            (v, FieldType::Date) => Err(ValueError::NotDate(v.display())),
            (v, FieldType::Boolean) => Err(ValueError::NotBool(v.display())),
            (v, k) => Err(ValueError::WrongType {
                expected: k.name(),
                got: v.kind_name(),
                value: v.display(),
            }),
        }
    }

    /// The name of the value's kind, as [`FieldType::name`] names types.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Text(_) => "text",
            Value::Int(_) => "integer",
            Value::Date(_) => "date",
            Value::Bool(_) => "boolean",
            Value::Choice(_) => "enum",
            Value::Choices(_) => "multi",
        }
    }

    /// The value as a reviewer sees and types it.
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) | Value::Date(s) | Value::Choice(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Choices(v) => v.join(", "),
        }
    }

    /// Converts a JSON value from a predictions or gold file into a value of the given type,
    /// strictly: an integer is a JSON number that is an exact whole number in range (see
    /// [`exact_integer`]); text, a date and an enum choice are JSON strings; a boolean is
    /// `true` or `false`; a multi value is a list of strings. Nothing is converted from another
    /// JSON kind (`"3"` is not an integer, `{}` is not a text). Strings are trimmed; an empty one
    /// (or an empty list) is [`ValueError::Empty`].
    pub fn from_json(kind: &FieldType, j: &serde_json::Value) -> Result<Value, ValueError> {
        use serde_json::Value as J;
        let wrong = |expected| ValueError::Json {
            expected,
            got: shown(j),
        };
        match (kind, j) {
            (FieldType::Integer, J::Number(n)) => exact_integer(n)
                .map(Value::Int)
                .ok_or_else(|| ValueError::NotInteger(n.to_string())),
            (FieldType::Integer, _) => Err(wrong("a whole number")),
            (FieldType::Boolean, J::Bool(b)) => Ok(Value::Bool(*b)),
            (FieldType::Boolean, _) => Err(wrong("true or false")),
            (FieldType::Multi(_), J::Array(items)) => {
                let mut parts = Vec::with_capacity(items.len());
                for i in items {
                    match i.as_str() {
                        Some(s) if s.contains(',') => {
                            return Err(ValueError::NotAChoice(s.to_string(), kind_choices(kind)))
                        }
                        Some(s) => parts.push(s),
                        None => return Err(wrong("a list of strings")),
                    }
                }
                Value::parse(kind, &parts.join(","))
            }
            (FieldType::Multi(_), _) => Err(wrong("a list of strings")),
            (FieldType::Group(_), _) => Err(ValueError::Group),
            (_, J::String(s)) => Value::parse(kind, s),
            (_, _) => Err(wrong("a string")),
        }
    }

    /// The value as JSON, for the interchange format.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Text(s) | Value::Date(s) | Value::Choice(s) => J::String(s.clone()),
            Value::Int(n) => J::from(*n),
            Value::Bool(b) => J::Bool(*b),
            Value::Choices(v) => J::Array(v.iter().cloned().map(J::String).collect()),
        }
    }
}

fn kind_choices(kind: &FieldType) -> String {
    kind.choices().unwrap_or_default().join(", ")
}

/// Orders picked choices as the schema lists them, without repeats.
pub fn normalize_choices(all: &[String], picked: &[String]) -> Vec<String> {
    all.iter().filter(|c| picked.contains(c)).cloned().collect()
}
