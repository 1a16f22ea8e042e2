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

    /// Whether the value fits the type (used to check files and imported predictions).
    pub fn fits(&self, kind: &FieldType) -> Result<(), ValueError> {
        match (self, kind) {
            (Value::Text(_), FieldType::Text) | (Value::Int(_), FieldType::Integer) => Ok(()),
            (Value::Bool(_), FieldType::Boolean) => Ok(()),
            (Value::Date(d), FieldType::Date) if is_iso_date(d) => Ok(()),
            (Value::Date(d), FieldType::Date) => Err(ValueError::NotDate(d.clone())),
            (Value::Choice(v), FieldType::Enum(c)) if c.contains(v) => Ok(()),
            (Value::Choices(vs), FieldType::Multi(c)) => match vs.iter().find(|v| !c.contains(v)) {
                Some(bad) => Err(ValueError::NotAChoice(bad.clone(), c.join(", "))),
                None => Ok(()),
            },
            (v, FieldType::Enum(c)) => Err(ValueError::NotAChoice(v.display(), c.join(", "))),
            (_, FieldType::Group(_)) => Err(ValueError::Group),
            (v, k) => Value::parse(k, &v.display()).map(|_| ()),
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

    /// Converts a JSON value from a predictions or gold file into a value of the given type.
    pub fn from_json(kind: &FieldType, j: &serde_json::Value) -> Result<Value, ValueError> {
        use serde_json::Value as J;
        match (kind, j) {
            (FieldType::Integer, J::Number(n)) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                .map(Value::Int)
                .ok_or_else(|| ValueError::NotInteger(n.to_string())),
            (FieldType::Boolean, J::Bool(b)) => Ok(Value::Bool(*b)),
            (FieldType::Multi(_), J::Array(items)) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|i| {
                        i.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| i.to_string())
                    })
                    .collect();
                Value::parse(kind, &parts.join(","))
            }
            (FieldType::Multi(_), J::String(s)) => Value::parse(kind, s),
            (FieldType::Group(_), _) => Err(ValueError::Group),
            (_, J::String(s)) => Value::parse(kind, s),
            (_, other) => Value::parse(kind, &other.to_string()),
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

/// Orders picked choices as the schema lists them, without repeats.
pub fn normalize_choices(all: &[String], picked: &[String]) -> Vec<String> {
    all.iter().filter(|c| picked.contains(c)).cloned().collect()
}
