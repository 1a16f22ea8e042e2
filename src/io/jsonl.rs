//! Reading JSONL lines: the pieces shared by the corpus and the predictions reader.

use crate::domain::article::first_line_title;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// A JSONL line without surrounding whitespace (and, on the first line, a byte order mark).
pub(crate) fn line_body(text: &str, line: usize) -> &str {
    let t = if line == 1 {
        text.strip_prefix('\u{feff}').unwrap_or(text)
    } else {
        text
    };
    t.trim()
}

/// serde_json's message, with the position inside the line as a column for syntax errors.
pub(crate) fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let msg = full.strip_suffix(&suffix).unwrap_or(&full);
    if e.is_syntax() || e.is_eof() {
        format!("invalid JSON at column {}: {msg}", e.column())
    } else {
        msg.to_string()
    }
}

/// A line's bytes as text, or why they are not: `not valid UTF-8 at byte N`.
pub(crate) fn utf8_line(buf: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(buf).map_err(|e| format!("not valid UTF-8 at byte {}", e.valid_up_to()))
}

/// What is wrong with a line that does not start with `{`: not JSON at all (where it fails), or
/// JSON of another kind.
pub(crate) fn not_an_object(body: &str) -> String {
    match serde_json::from_str::<IgnoredAny>(body) {
        Err(e) => json_message(&e),
        Ok(_) => "expected a JSON object".into(),
    }
}

/// What opening needs of a line: its id, and that it has a text. The text is not kept. Every
/// other value is read through ([`Checked`]) so that a line opening accepts is one that loading
/// ([`super::article_json::parse_article`]) reads too.
struct Head {
    id: Option<serde_json::Value>,
    text: Option<Titled<true>>,
    /// A string `title` (the last one, as loading reads it).
    title: Option<String>,
}

impl<'de> Deserialize<'de> for Head {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Head;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Head, A::Error> {
                let mut head = Head {
                    id: None,
                    text: None,
                    title: None,
                };
                while let Some(key) = m.next_key::<String>()? {
                    match key.as_str() {
                        "id" if head.id.is_some() => return Err(de::Error::duplicate_field("id")),
                        "id" => head.id = Some(m.next_value()?),
                        "text" if head.text.is_some() => {
                            return Err(de::Error::duplicate_field("text"))
                        }
                        "text" => head.text = Some(m.next_value()?),
                        "title" => head.title = m.next_value::<Titled<false>>()?.0,
                        _ => {
                            m.next_value::<Checked>()?;
                        }
                    }
                }
                Ok(head)
            }
        }
        d.deserialize_map(V)
    }
}

/// Any JSON value, read as a `serde_json::Value` would be (so a number out of range is an
/// error, as it is when the line is loaded) but not kept. `IgnoredAny` would skip such a number.
struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Skipped::visitor()).map(|_| Checked)
    }
}

/// A string value's first 200 characters (`TEXT` false: a `title`; blank: ""), or the title
/// its first line gives (`TEXT` true: the `text`, not kept); None for a value of another kind
/// (read through as [`Checked`] reads it).
struct Titled<const TEXT: bool>(Option<String>);

/// Most characters of a title kept by [`check_line_titled`] (as `first_line_title` keeps).
const TITLE_CHARS: usize = 200;

impl<'de, const TEXT: bool> Deserialize<'de> for Titled<TEXT> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<const T: bool>;
        impl<'de, const T: bool> Visitor<'de> for V<T> {
            type Value = Titled<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Titled<T>, E> {
                Ok(Titled(Some(if T {
                    first_line_title(s)
                } else if s.trim().is_empty() {
                    String::new()
                } else {
                    s.chars().take(TITLE_CHARS).collect()
                })))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Titled<T>, E> {
                Ok(Titled(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Titled<T>, E> {
                Ok(Titled(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Titled<T>, E> {
                Ok(Titled(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Titled<T>, E> {
                Ok(Titled(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Titled<T>, E> {
                Ok(Titled(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Titled<T>, A::Error> {
                while a.next_element::<Checked>()?.is_some() {}
                Ok(Titled(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Titled<T>, A::Error> {
                while a.next_entry::<IgnoredAny, Checked>()?.is_some() {}
                Ok(Titled(None))
            }
        }
        d.deserialize_any(V::<TEXT>)
    }
}

/// Any JSON value, read through and not kept (the visitor of [`Checked`]).
struct Skipped;

impl Skipped {
    fn visitor() -> impl for<'de> Visitor<'de, Value = Skipped> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Skipped;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Skipped, E> {
                Ok(Skipped)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skipped, E> {
                Ok(Skipped)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skipped, E> {
                Ok(Skipped)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skipped, E> {
                Ok(Skipped)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skipped, E> {
                Ok(Skipped)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Skipped, E> {
                Ok(Skipped)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Skipped, A::Error> {
                while a.next_element::<Checked>()?.is_some() {}
                Ok(Skipped)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Skipped, A::Error> {
                while a.next_entry::<IgnoredAny, Checked>()?.is_some() {}
                Ok(Skipped)
            }
        }
        V
    }
}

impl<'de> Deserialize<'de> for Skipped {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Skipped::visitor())
    }
}

/// Checks a line when opening; returns its id or what is wrong with it.
pub(crate) fn check_line(body: &str) -> Result<String, String> {
    check_line_titled(body).map(|(id, _)| id)
}

/// [`check_line`], with the article's title as loading gives it (the `title` if it is a
/// non-blank string, else the text's first line), cut to 200 characters.
pub(crate) fn check_line_titled(body: &str) -> Result<(String, String), String> {
    if !body.starts_with('{') {
        return Err("expected a JSON object".into());
    }
    let head: Head = serde_json::from_str(body).map_err(|e| json_message(&e))?;
    let id = match head.id {
        None | Some(serde_json::Value::Null) => return Err("missing \"id\"".into()),
        Some(serde_json::Value::String(s)) if s.is_empty() => return Err("empty \"id\"".into()),
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return Err("\"id\" must be a string".into()),
    };
    match head.text {
        None => Err("missing \"text\"".into()),
        Some(Titled(None)) => Err("\"text\" must be a string".into()),
        Some(Titled(Some(first_line))) => {
            let title = head.title.filter(|t| !t.is_empty());
            Ok((id, title.unwrap_or(first_line)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_line_reports_what_is_wrong() {
        assert_eq!(check_line(r#"{"id":"a","text":"t"}"#), Ok("a".into()));
        assert_eq!(check_line(r#"{"text":"t"}"#), Err("missing \"id\"".into()));
        assert_eq!(check_line(r#"{"id":"a"}"#), Err("missing \"text\"".into()));
        assert_eq!(
            check_line(r#"{"id":3,"text":"t"}"#),
            Err("\"id\" must be a string".into())
        );
        assert_eq!(
            check_line(r#"{"id":"a","text":{"x":[1]}}"#),
            Err("\"text\" must be a string".into())
        );
        assert_eq!(
            check_line(r#"["a","t"]"#),
            Err("expected a JSON object".into())
        );
        let e = check_line(r#"{"id":"a", "text": }"#).unwrap_err();
        assert!(e.starts_with("invalid JSON at column 20:"), "{e}");
    }
}
