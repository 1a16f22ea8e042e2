//! The one way vetter writes JSON: serde_json, with the characters a terminal or an editor would
//! act on or hide escaped as `\uXXXX`.
//!
//! serde_json escapes only `"`, `\` and the controls below U+0020. Written through
//! [`SafeFormatter`], strings (and keys) also escape C1 controls (U+0080–U+009F), every invisible
//! format character (Unicode category Cf: bidi controls, zero-width characters, the byte order
//! mark, soft hyphen, tags…) and the line and paragraph separators U+2028/U+2029. A character
//! outside the Basic Multilingual Plane is written as its UTF-16 surrogate pair. The JSON value
//! is the same; only its bytes differ.

use crate::domain::text::is_format;
use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter, PrettyFormatter};
use std::io::{self, Write};

/// True for a character (beyond ASCII) that vetter's JSON writes as `\uXXXX`.
pub fn escaped(c: char) -> bool {
    matches!(c as u32, 0x80..=0x9F | 0x2028 | 0x2029) || is_format(c)
}

/// A serde_json formatter that escapes [`escaped`] characters and otherwise does what `F` does.
#[derive(Debug, Clone, Default)]
pub struct SafeFormatter<F>(pub F);

fn write_escaped_char<W: ?Sized + Write>(w: &mut W, c: char) -> io::Result<()> {
    let mut units = [0u16; 2];
    for u in c.encode_utf16(&mut units) {
        write!(w, "\\u{u:04x}")?;
    }
    Ok(())
}

/// Writes `fragment` (already free of what serde_json escapes itself), escaping [`escaped`]
/// characters.
#[inline]
fn write_fragment<W: ?Sized + Write>(w: &mut W, fragment: &str) -> io::Result<()> {
    // Fast path: ASCII only, most of a prediction line. Every escaped character starts with a
    // byte of 0xC2 or more (the first byte of any character from U+0080 on), so a fragment with
    // no byte at or above 0x80 has none; `is_ascii` checks a word at a time.
    if fragment.is_ascii() {
        w.write_all(fragment.as_bytes())
    } else {
        write_non_ascii(w, fragment)
    }
}

#[inline(never)]
fn write_non_ascii<W: ?Sized + Write>(w: &mut W, fragment: &str) -> io::Result<()> {
    let bytes = fragment.as_bytes();
    let first = bytes
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(bytes.len());
    let mut start = 0;
    for (i, c) in fragment[first..].char_indices() {
        if (c as u32) >= 0x80 && escaped(c) {
            let at = first + i;
            w.write_all(&bytes[start..at])?;
            write_escaped_char(w, c)?;
            start = at + c.len_utf8();
        }
    }
    w.write_all(&bytes[start..])
}

impl<F: Formatter> Formatter for SafeFormatter<F> {
    #[inline]
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_fragment(writer, fragment)
    }

    // Everything else is `F`'s (the layout of a pretty formatter, numbers, escapes).
    fn write_null<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.write_null(w)
    }
    fn write_bool<W: ?Sized + Write>(&mut self, w: &mut W, v: bool) -> io::Result<()> {
        self.0.write_bool(w, v)
    }
    fn write_i8<W: ?Sized + Write>(&mut self, w: &mut W, v: i8) -> io::Result<()> {
        self.0.write_i8(w, v)
    }
    fn write_i16<W: ?Sized + Write>(&mut self, w: &mut W, v: i16) -> io::Result<()> {
        self.0.write_i16(w, v)
    }
    fn write_i32<W: ?Sized + Write>(&mut self, w: &mut W, v: i32) -> io::Result<()> {
        self.0.write_i32(w, v)
    }
    fn write_i64<W: ?Sized + Write>(&mut self, w: &mut W, v: i64) -> io::Result<()> {
        self.0.write_i64(w, v)
    }
    fn write_i128<W: ?Sized + Write>(&mut self, w: &mut W, v: i128) -> io::Result<()> {
        self.0.write_i128(w, v)
    }
    fn write_u8<W: ?Sized + Write>(&mut self, w: &mut W, v: u8) -> io::Result<()> {
        self.0.write_u8(w, v)
    }
    fn write_u16<W: ?Sized + Write>(&mut self, w: &mut W, v: u16) -> io::Result<()> {
        self.0.write_u16(w, v)
    }
    fn write_u32<W: ?Sized + Write>(&mut self, w: &mut W, v: u32) -> io::Result<()> {
        self.0.write_u32(w, v)
    }
    fn write_u64<W: ?Sized + Write>(&mut self, w: &mut W, v: u64) -> io::Result<()> {
        self.0.write_u64(w, v)
    }
    fn write_u128<W: ?Sized + Write>(&mut self, w: &mut W, v: u128) -> io::Result<()> {
        self.0.write_u128(w, v)
    }
    fn write_f32<W: ?Sized + Write>(&mut self, w: &mut W, v: f32) -> io::Result<()> {
        self.0.write_f32(w, v)
    }
    fn write_f64<W: ?Sized + Write>(&mut self, w: &mut W, v: f64) -> io::Result<()> {
        self.0.write_f64(w, v)
    }
    fn write_number_str<W: ?Sized + Write>(&mut self, w: &mut W, v: &str) -> io::Result<()> {
        self.0.write_number_str(w, v)
    }
    fn begin_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_string(w)
    }
    fn end_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_string(w)
    }
    fn write_char_escape<W: ?Sized + Write>(&mut self, w: &mut W, e: CharEscape) -> io::Result<()> {
        self.0.write_char_escape(w, e)
    }
    fn write_byte_array<W: ?Sized + Write>(&mut self, w: &mut W, v: &[u8]) -> io::Result<()> {
        self.0.write_byte_array(w, v)
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
    fn write_raw_fragment<W: ?Sized + Write>(&mut self, w: &mut W, f: &str) -> io::Result<()> {
        self.0.write_raw_fragment(w, f)
    }
}

/// Compact JSON (one line) into `writer`.
pub fn to_writer<W: Write, T: ?Sized + Serialize>(writer: W, value: &T) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(
        writer,
        SafeFormatter(serde_json::ser::CompactFormatter),
    );
    value.serialize(&mut ser)
}

/// Compact JSON (one line).
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(128);
    to_writer(&mut out, value)?;
    Ok(utf8(out))
}

/// Indented JSON (two spaces), as `serde_json::to_string_pretty` lays it out.
pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(128);
    let mut ser =
        serde_json::Serializer::with_formatter(&mut out, SafeFormatter(PrettyFormatter::new()));
    value.serialize(&mut ser)?;
    Ok(utf8(out))
}

/// The serializer writes whole characters or ASCII escapes, so its output is UTF-8; a lossy
/// conversion rather than an unwrap all the same.
fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn hostile_characters_are_escaped_and_the_value_kept() {
        let s = "a\u{1b}]52;c;eA==\u{7}\u{9b}\u{85}\u{202e}\u{200b}\u{ad}\u{feff}\u{2028}\u{2029}\u{e0001}é’z";
        let v = json!({ s: [s, {"k": s}] });
        let out = to_string(&v).unwrap();
        for bad in [
            '\u{1b}',
            '\u{7}',
            '\u{9b}',
            '\u{85}',
            '\u{202e}',
            '\u{200b}',
            '\u{ad}',
            '\u{feff}',
            '\u{2028}',
            '\u{2029}',
            '\u{e0001}',
        ] {
            assert!(!out.contains(bad), "{out}");
        }
        assert!(out.contains(r"\u009b\u0085\u202e\u200b\u00ad\ufeff\u2028\u2029\udb40\udc01é’z"));
        assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), v);
        let pretty = to_string_pretty(&v).unwrap();
        let plain = serde_json::to_string_pretty(&v).unwrap();
        assert_eq!(pretty.lines().count(), plain.lines().count());
        assert_eq!(serde_json::from_str::<Value>(&pretty).unwrap(), v);
    }

    #[test]
    fn plain_text_is_written_as_serde_json_writes_it() {
        let v = json!({"id": "a-1", "text": "Smith said “no” — 3 ½ é\t\"q\"\\", "n": [1, 2.5, null, true]});
        assert_eq!(to_string(&v).unwrap(), serde_json::to_string(&v).unwrap());
        assert_eq!(
            to_string_pretty(&v).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }
}
