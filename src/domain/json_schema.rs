//! A JSON Schema (draft 2020-12) of a predictions line's `fields` object, to hand to an LLM as
//! its structured-output schema: its reply is then the `fields` of one line of a predictions file.
//!
//! Every field is listed as required and may be `null`, meaning "not mentioned in the article"
//! (strict structured-output modes require every property to be present; `null` is how the
//! model says it found nothing). No other keys are allowed.

use super::schema::{FieldDef, FieldType, Schema};
use serde_json::{json, Map, Value};

/// The schema of the `fields` object.
pub fn fields_schema(schema: &Schema) -> Value {
    let mut root = object_of(&schema.fields);
    let obj = root.as_object_mut().expect("object_of returns an object");
    obj.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    obj.insert(
        "title".into(),
        json!(format!("{} v{} fields", schema.name, schema.version)),
    );
    if !schema.description.is_empty() {
        obj.insert("description".into(), json!(schema.description));
    }
    // Keep the meta keys first for readers: rebuild in a fixed order.
    let mut ordered = Map::new();
    for k in [
        "$schema",
        "title",
        "description",
        "type",
        "properties",
        "required",
        "additionalProperties",
    ] {
        if let Some(v) = obj.remove(k) {
            ordered.insert(k.into(), v);
        }
    }
    Value::Object(ordered)
}

fn object_of(fields: &[FieldDef]) -> Value {
    let mut props = Map::new();
    for f in fields {
        props.insert(f.key.clone(), field_schema(f));
    }
    json!({
        "type": "object",
        "properties": props,
        "required": fields.iter().map(|f| f.key.clone()).collect::<Vec<_>>(),
        "additionalProperties": false,
    })
}

fn describe(f: &FieldDef) -> String {
    if f.help.is_empty() {
        format!("{}. null if the article does not mention it.", f.label)
    } else {
        format!(
            "{}: {} null if the article does not mention it.",
            f.label, f.help
        )
    }
}

fn field_schema(f: &FieldDef) -> Value {
    let mut s = match &f.kind {
        FieldType::Text => json!({"type": ["string", "null"]}),
        FieldType::Integer => {
            let mut s = json!({"type": ["integer", "null"]});
            if let Some(min) = f.min {
                s["minimum"] = json!(min);
            }
            if let Some(max) = f.max {
                s["maximum"] = json!(max);
            }
            s
        }
        FieldType::Boolean => json!({"type": ["boolean", "null"]}),
        FieldType::Date => json!({
            "type": ["string", "null"],
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        }),
        FieldType::Enum(choices) => {
            let mut all: Vec<Value> = choices.iter().map(|c| json!(c)).collect();
            all.push(Value::Null);
            json!({"type": ["string", "null"], "enum": all})
        }
        // No `uniqueItems`: strict structured-output modes refuse it, and a choice given twice is
        // read once anyway.
        FieldType::Multi(choices) => json!({
            "type": ["array", "null"],
            "items": {"type": "string", "enum": choices},
        }),
        FieldType::Group(subs) => json!({
            "type": ["array", "null"],
            "items": object_of(subs),
        }),
    };
    if let Some(obj) = s.as_object_mut() {
        obj.insert("description".into(), json!(describe(f)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_required_and_nullable() {
        let schema = crate::io::default_schema();
        let js = fields_schema(&schema);
        let req = js["required"].as_array().unwrap();
        assert_eq!(req.len(), schema.fields.len());
        assert_eq!(js["additionalProperties"], json!(false));
        assert_eq!(
            js["properties"]["num_killed"]["type"],
            json!(["integer", "null"])
        );
        let role = &js["properties"]["participants"]["items"]["properties"]["role"];
        assert!(role["enum"].as_array().unwrap().contains(&Value::Null));
        assert_eq!(
            js["properties"]["force_used"]["items"]["enum"][0],
            json!("physical")
        );
    }

    /// Only keywords that strict structured-output modes accept (no `uniqueItems`, no length
    /// bounds). An integer field's `min`/`max` are given as `minimum`/`maximum`, which the
    /// current strict modes accept for numbers.
    #[test]
    fn only_strict_friendly_keywords() {
        fn walk(n: &Value, keys: &mut std::collections::BTreeSet<String>) {
            let Some(obj) = n.as_object() else { return };
            keys.extend(obj.keys().cloned());
            if let Some(props) = obj.get("properties").and_then(Value::as_object) {
                props.values().for_each(|v| walk(v, keys));
            }
            if let Some(items) = obj.get("items") {
                walk(items, keys);
            }
        }
        let mut keys = std::collections::BTreeSet::new();
        walk(&fields_schema(&crate::io::default_schema()), &mut keys);
        let allowed = [
            "$schema",
            "additionalProperties",
            "description",
            "enum",
            "format",
            "items",
            "maximum",
            "minimum",
            "pattern",
            "properties",
            "required",
            "title",
            "type",
        ];
        let odd: Vec<&String> = keys
            .iter()
            .filter(|k| !allowed.contains(&k.as_str()))
            .collect();
        assert!(odd.is_empty(), "{odd:?}");
    }
}
