//! One JSONL line read straight into an [`Article`]: the text and the known keys as strings, any
//! other key kept whole as metadata. (No intermediate JSON tree: the text is copied once.)

use super::jsonl::{json_message, not_an_object};
use crate::domain::article::{first_line_title, Article};
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// Reads a line's body (`{...}`). `at` (file:line) prefixes the article's warnings; an error is
/// the message alone.
pub(crate) fn parse_article(body: &str, at: &str) -> Result<Article, String> {
    if !body.starts_with('{') {
        return Err(not_an_object(body));
    }
    let line: Line = serde_json::from_str(body).map_err(|e| json_message(&e))?;
    line.into_article(at)
}

/// A value that is a string, or any other JSON value.
enum Val {
    Str(String),
    Other(Value),
}

/// The keys of a line, as read.
#[derive(Default)]
struct Line {
    id: Option<Val>,
    text: Option<Val>,
    title: Option<Val>,
    published: Option<Val>,
    url: Option<Val>,
    rest: BTreeMap<String, Value>,
}

impl Line {
    fn into_article(self, at: &str) -> Result<Article, String> {
        let Some(Val::Str(id)) = self.id else {
            return Err("\"id\" is missing or not a string".into());
        };
        let Some(Val::Str(text)) = self.text else {
            return Err("\"text\" is missing or not a string".into());
        };
        let mut metadata = self.rest;
        let mut warnings = Vec::new();
        let mut take = |key: &str, v: Option<Val>| match v {
            None | Some(Val::Other(Value::Null)) => None,
            Some(Val::Str(s)) => Some(s),
            Some(Val::Other(other)) => {
                warnings.push(format!("{at}: {key:?} is not a string; kept as metadata"));
                metadata.insert(key.to_string(), other);
                None
            }
        };
        let title = take("title", self.title).filter(|t| !t.trim().is_empty());
        let published = take("published", self.published);
        let url = take("url", self.url);
        Ok(Article {
            title: title.unwrap_or_else(|| first_line_title(&text)),
            id,
            text,
            published,
            url,
            metadata,
            warnings,
        })
    }
}

impl<'de> Deserialize<'de> for Line {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Line;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Line, A::Error> {
                let mut line = Line::default();
                // A repeated key keeps its last value, as a JSON object read whole would.
                while let Some(Key(k)) = m.next_key()? {
                    let slot = match &*k {
                        "id" => &mut line.id,
                        "text" => &mut line.text,
                        "title" => &mut line.title,
                        "published" => &mut line.published,
                        "url" => &mut line.url,
                        _ => {
                            line.rest.insert(k.into_owned(), m.next_value()?);
                            continue;
                        }
                    };
                    *slot = Some(m.next_value()?);
                }
                Ok(line)
            }
        }
        d.deserialize_map(V)
    }
}

/// An object key, borrowed from the line when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_string())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s)))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Val {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Val;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Val, E> {
                Ok(Val::Str(s.to_string()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Val, E> {
                Ok(Val::Str(s))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Val, E> {
                Ok(Val::Other(Value::Bool(b)))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Val, E> {
                Ok(Val::Other(Value::from(n)))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Val, E> {
                Ok(Val::Other(Value::from(n)))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Val, E> {
                Ok(Val::Other(
                    serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number),
                ))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Val, E> {
                Ok(Val::Other(Value::Null))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, a: A) -> Result<Val, A::Error> {
                Value::deserialize(SeqAccessDeserializer::new(a)).map(Val::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, m: A) -> Result<Val, A::Error> {
                Value::deserialize(MapAccessDeserializer::new(m)).map(Val::Other)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// The plain way, as a reference: the whole line read as a JSON object, the known keys
    /// taken out of it.
    fn via_object(body: &str) -> Result<Article, String> {
        let Value::Object(mut obj) =
            serde_json::from_str::<Value>(body).map_err(|e| e.to_string())?
        else {
            return Err("expected a JSON object".into());
        };
        let Some(Value::String(id)) = obj.remove("id") else {
            return Err("\"id\" is missing or not a string".into());
        };
        let Some(Value::String(text)) = obj.remove("text") else {
            return Err("\"text\" is missing or not a string".into());
        };
        let mut warnings = Vec::new();
        let mut take = |key: &str| match obj.remove(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                warnings.push(format!("f:1: {key:?} is not a string; kept as metadata"));
                obj.insert(key.to_string(), other);
                None
            }
        };
        let title = take("title").filter(|t| !t.trim().is_empty());
        let (published, url) = (take("published"), take("url"));
        Ok(Article {
            title: title.unwrap_or_else(|| first_line_title(&text)),
            id,
            text,
            published,
            url,
            metadata: obj.into_iter().collect(),
            warnings,
        })
    }

    #[test]
    fn a_line_becomes_an_article() {
        let body = r#"{"id":"x","text":"\n  Headline \nbody \"q\" \u00e9","url":"http://u","published":2020,"source":"wire","n":[1,{"a":null}],"f":1.5,"t":true}"#;
        let a = parse_article(body, "f:1").unwrap();
        assert_eq!(a.title, "Headline");
        assert_eq!(a.text, "\n  Headline \nbody \"q\" é");
        assert_eq!(a.url.as_deref(), Some("http://u"));
        assert_eq!(a.published, None);
        assert_eq!(a.metadata["published"], json!(2020));
        assert_eq!(a.metadata["source"], json!("wire"));
        assert_eq!(a.metadata["n"], json!([1, {"a": null}]));
        assert_eq!(
            a.warnings,
            vec!["f:1: \"published\" is not a string; kept as metadata"]
        );
        assert_eq!(Ok(a), via_object(body));
    }

    #[test]
    fn the_same_article_as_reading_the_whole_object() {
        for body in [
            r#"{"id":"a","text":"t","title":null,"url":null}"#,
            r#"{"id":"a","text":"t","title":"  "}"#,
            r#"{"id":"a","id":"b","text":"one","text":"two"}"#,
            r#"{"text":"t","id":"a","title":{"x":1},"\u0069d2":"k"}"#,
            r#"{"id":"a","text":"t","big":18446744073709551616,"neg":-3}"#,
            r#"{"id":"a"}"#,
            r#"{"id":3,"text":"t"}"#,
            r#"{"id":"a","text":["t"]}"#,
            r#"{}"#,
        ] {
            assert_eq!(parse_article(body, "f:1"), via_object(body), "{body}");
        }
    }

    #[test]
    fn bad_json_says_where() {
        assert_eq!(
            parse_article("[1]", "f:1"),
            Err("expected a JSON object".into())
        );
        let e = parse_article("not json", "f:1").unwrap_err();
        assert!(
            e.starts_with("invalid JSON at column 2: expected ident"),
            "{e}"
        );
        let e = parse_article(r#"{"id":"a", "text": }"#, "f:1").unwrap_err();
        assert!(e.starts_with("invalid JSON at column 20:"), "{e}");
        let e = parse_article(r#"{"id":"a", "text": "x"#, "f:1").unwrap_err();
        assert!(e.starts_with("invalid JSON at column"), "{e}");
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (-1e9f64..1e9).prop_map(Value::from),
            any::<String>().prop_map(Value::String),
            "[a-z \n\t\"\\\\é]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                prop::collection::btree_map("[a-z]{1,3}", inner, 0..3)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Any object, repeated keys included, reads as the whole-object reading reads it.
        #[test]
        fn reads_like_the_whole_object(
            text in any::<String>(),
            entries in prop::collection::vec(
                (prop::sample::select(vec!["id", "text", "title", "published", "url", "x", "é"]),
                 json_value()),
                0..8,
            )
        ) {
            // An id and a text first (later entries may repeat them), so most lines are articles.
            let mut parts = vec![format!("\"id\":\"a\",\"text\":{}", Value::from(text))];
            parts.extend(entries.iter().map(|(k, v)| format!("{}:{v}", Value::from(*k))));
            let body = format!("{{{}}}", parts.join(","));
            let got = parse_article(&body, "f:1");
            prop_assert_eq!(&got, &via_object(&body));
        }
    }
}
