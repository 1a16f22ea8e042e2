//! A fast reader for annotation files written the way vetter writes them (`io::to_ron`): it
//! takes only what `vetter stats` counts ([`Counted`]), and declines (`None`) anything it is not
//! sure of, for [`parse_annotation`](crate::io::parse_annotation) to read (and report).
//!
//! It accepts a strict subset of what the full parser accepts: every field of an annotation, in
//! the order vetter writes them, each value of its exact type (strings with the escapes vetter writes, plain
//! decimal numbers, the known variant names), ASCII whitespace only. Comments, other escapes, other
//! orders, unknown or missing fields, raw strings, extensions or any other form are declined. So
//! what it reads is what the full parser would read: `tests::fast_agrees_with_the_full_parser`
//! checks it on every one-character change of real files.

use super::accum::{Counted, CountedField};
use crate::domain::annotation::{FieldState, Status};
use std::borrow::Cow;

/// Deepest nesting of records in records read here (deeper files are declined).
const MAX_DEPTH: usize = 4;

/// What an annotation file counts for, if it is in vetter's own form; `None` to let the full
/// parser decide.
pub fn parse(text: &str) -> Option<Counted> {
    let mut p = P {
        t: text,
        b: text.as_bytes(),
        i: 0,
    };
    let c = p.annotation()?;
    p.ws();
    (p.i == p.b.len()).then_some(c)
}

struct P<'a> {
    /// The text, and its bytes: slices between ASCII bytes are on character boundaries.
    t: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> P<'a> {
    fn ws(&mut self) {
        const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
        let (b, mut i) = (self.b, self.i);
        // Indentation is most of a file: eight spaces at a time.
        while let Some(chunk) = b.get(i..i + 8) {
            let word = <[u8; 8]>::try_from(chunk).map(u64::from_ne_bytes);
            if word.ok() != Some(SPACES) {
                break;
            }
            i += 8;
        }
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        self.i = i;
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    fn ident(&mut self) -> Option<&'a [u8]> {
        self.ws();
        let (b, start) = (self.b, self.i);
        if !b
            .get(start)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            return None;
        }
        let mut i = start + 1;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        self.i = i;
        Some(&b[start..i])
    }

    /// `name:`
    fn key(&mut self, name: &str) -> Option<()> {
        (self.ident()? == name.as_bytes()).then_some(())?;
        self.eat(b':')
    }

    /// After a struct's field or a list's item: `Some(true)` if another follows (a comma, not
    /// followed by `close`), `Some(false)` at the end (`close` eaten).
    fn more(&mut self, close: u8) -> Option<bool> {
        self.ws();
        match self.b.get(self.i) {
            Some(&c) if c == close => {
                self.i += 1;
                Some(false)
            }
            Some(b',') => {
                self.i += 1;
                self.ws();
                if self.b.get(self.i) == Some(&close) {
                    self.i += 1;
                    Some(false)
                } else {
                    Some(true)
                }
            }
            _ => None,
        }
    }

    /// Another field follows in this struct (`Some(())`), else declined.
    fn then(&mut self) -> Option<()> {
        self.more(b')')?.then_some(())
    }

    /// The end of this struct.
    fn end(&mut self) -> Option<()> {
        (!self.more(b')')?).then_some(())
    }

    /// A string: its escapes those the full parser reads (`\"`, `\\`, `\'`, `\n`, `\r`,
    /// `\t`, `\0`, `\u{..}`; `io::to_ron` writes no other), any other declined.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.i;
        let len = self.b[start..]
            .iter()
            .position(|&c| c == b'"' || c == b'\\')?;
        self.i = start + len + 1;
        let plain = &self.t[start..start + len];
        if self.b[start + len] == b'"' {
            return Some(Cow::Borrowed(plain));
        }
        let mut out = plain.to_string();
        loop {
            // At the character after a backslash.
            let c = match *self.b.get(self.i)? {
                b'"' => '"',
                b'\\' => '\\',
                b'\'' => '\'',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'0' => '\0',
                b'u' => {
                    self.i += 1;
                    self.eat_here(b'{')?;
                    let hex = self.b[self.i..]
                        .iter()
                        .take(7)
                        .position(|&c| c == b'}')
                        .filter(|&n| n > 0)?;
                    let digits = std::str::from_utf8(&self.b[self.i..self.i + hex]).ok()?;
                    if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
                        return None;
                    }
                    self.i += hex;
                    char::from_u32(u32::from_str_radix(digits, 16).ok()?)?
                }
                _ => return None,
            };
            self.i += 1;
            out.push(c);
            let at = self.i;
            let len = self.b[at..].iter().position(|&c| c == b'"' || c == b'\\')?;
            out.push_str(&self.t[at..at + len]);
            self.i += len + 1;
            if self.b[at + len] == b'"' {
                return Some(Cow::Owned(out));
            }
        }
    }

    /// Decimal digits, no sign, no leading zero (but `0`), not followed by a digit, letter, `_`
    /// or `.`.
    fn digits(&mut self) -> Option<&'a str> {
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        let d = &self.b[start..self.i];
        let ok = !d.is_empty() && (d.len() == 1 || d[0] != b'0');
        let next = self.b.get(self.i);
        let ended = !next.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.'));
        (ok && ended).then(|| std::str::from_utf8(d).ok())?
    }

    fn uint(&mut self) -> Option<u64> {
        self.ws();
        self.digits()?.parse().ok()
    }

    fn int(&mut self) -> Option<i64> {
        self.ws();
        let neg = self.b.get(self.i) == Some(&b'-');
        if neg {
            self.i += 1;
        }
        let d = self.digits()?;
        if neg {
            format!("-{d}").parse().ok()
        } else {
            d.parse().ok()
        }
    }

    /// `digits.digits`, a finite f32.
    fn float(&mut self) -> Option<()> {
        self.ws();
        let start = self.i;
        let whole = |p: &mut P| {
            let s = p.i;
            while p.b.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i - s
        };
        let n = whole(self);
        if n == 0 || (n > 1 && self.b[start] == b'0') || self.eat_here(b'.').is_none() {
            return None;
        }
        if whole(self) == 0 {
            return None;
        }
        if self
            .b
            .get(self.i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.'))
        {
            return None;
        }
        let s = std::str::from_utf8(&self.b[start..self.i]).ok()?;
        s.parse::<f32>().ok().filter(|f| f.is_finite()).map(|_| ())
    }

    fn eat_here(&mut self, c: u8) -> Option<()> {
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    /// `None` or `Some(` value `)`; whether it was `Some`.
    fn option(&mut self, value: impl FnOnce(&mut Self) -> Option<()>) -> Option<bool> {
        match self.ident()? {
            b"None" => Some(false),
            b"Some" => {
                self.eat(b'(')?;
                value(self)?;
                self.eat(b')')?;
                Some(true)
            }
            _ => None,
        }
    }

    /// `[` items `]`, each read by `item`.
    fn list(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        self.ws();
        if self.eat_here(b']').is_some() {
            return Some(());
        }
        loop {
            item(self)?;
            if !self.more(b']')? {
                return Some(());
            }
        }
    }

    fn annotation(&mut self) -> Option<Counted> {
        self.eat(b'(')?;
        self.key("format")?;
        u32::try_from(self.uint()?).ok()?;
        self.then()?;
        self.key("schema")?;
        self.eat(b'(')?;
        self.key("name")?;
        self.string()?;
        self.then()?;
        self.key("version")?;
        u32::try_from(self.uint()?).ok()?;
        self.end()?;
        self.then()?;
        self.key("article")?;
        self.eat(b'(')?;
        self.key("id")?;
        let id = self.string()?.into_owned();
        self.then()?;
        self.key("text_hash")?;
        self.string()?;
        self.end()?;
        self.then()?;
        self.key("reviewer")?;
        self.string()?;
        self.then()?;
        self.key("status")?;
        let (status, mut flagged) = match self.ident()? {
            b"InProgress" => (Status::InProgress, false),
            b"Done" => (Status::Done, false),
            b"Skipped" => (Status::Skipped, false),
            b"NotRelevant" => (Status::NotRelevant, false),
            // Format 1's flagged status, upgraded as `Annotation::upgrade` does.
            b"Flagged" => (Status::InProgress, true),
            _ => return None,
        };
        self.then()?;
        self.key("fields")?;
        let fields = self.fields(0)?;
        self.then()?;
        for k in ["created", "updated"] {
            self.key(k)?;
            self.string()?;
            self.then()?;
        }
        self.key("active_seconds")?;
        let active_seconds = self.uint()?;
        // The optional fields, each at most once, in the order they are written.
        const OPTIONAL: [&str; 5] = ["draft", "retired", "skip_reason", "flag", "note"];
        let mut next = 0;
        while self.more(b')')? {
            let name = self.ident()?;
            let at = OPTIONAL[next..].iter().position(|o| o.as_bytes() == name)? + next;
            next = at + 1;
            self.eat(b':')?;
            match OPTIONAL[at] {
                "draft" => {
                    self.option(|p| {
                        p.eat(b'(')?;
                        p.key("field")?;
                        p.string()?;
                        p.then()?;
                        p.key("text")?;
                        p.string()?;
                        p.end()
                    })?;
                }
                "retired" => {
                    self.fields(0)?;
                }
                "flag" => {
                    flagged |= self.option(|p| {
                        p.eat(b'(')?;
                        p.key("reason")?;
                        p.option(|p| p.string().map(|_| ()))?;
                        p.end()
                    })?;
                }
                _ => {
                    self.option(|p| p.string().map(|_| ()))?;
                }
            }
            if next == OPTIONAL.len() {
                self.end()?;
                break;
            }
        }
        Some(Counted {
            id,
            status,
            flagged,
            active_seconds,
            fields,
        })
    }

    fn fields(&mut self, depth: usize) -> Option<Vec<CountedField>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut out = Vec::new();
        self.list(|p| {
            out.push(p.field(depth)?);
            Some(())
        })?;
        Some(out)
    }

    fn field(&mut self, depth: usize) -> Option<CountedField> {
        self.eat(b'(')?;
        self.key("key")?;
        let key = self.string()?.into_owned();
        self.then()?;
        self.key("state")?;
        let state = match self.ident()? {
            b"Unreviewed" => FieldState::Unreviewed,
            b"Confirmed" => FieldState::Confirmed,
            b"Corrected" => FieldState::Corrected,
            b"Rejected" => FieldState::Rejected,
            _ => return None,
        };
        self.then()?;
        self.key("value")?;
        let records = self.entry(depth)?;
        self.then()?;
        self.key("suggestion")?;
        let suggested = self.option(|p| {
            p.eat(b'(')?;
            p.key("value")?;
            p.entry(depth)?;
            p.then()?;
            p.key("confidence")?;
            p.option(P::float)?;
            p.then()?;
            p.key("source")?;
            p.string()?;
            p.end()
        })?;
        self.then()?;
        self.key("evidence")?;
        self.list(P::span)?;
        self.then()?;
        self.key("note")?;
        self.option(|p| p.string().map(|_| ()))?;
        self.end()?;
        Some(CountedField {
            key,
            state,
            suggested,
            records,
        })
    }

    fn span(&mut self) -> Option<()> {
        self.eat(b'(')?;
        self.key("start")?;
        self.uint()?;
        self.then()?;
        self.key("end")?;
        self.uint()?;
        self.then()?;
        self.key("quote")?;
        self.string()?;
        if self.more(b')')? {
            self.key("stale")?;
            match self.ident()? {
                b"true" | b"false" => {}
                _ => return None,
            }
            self.end()?;
        }
        Some(())
    }

    /// An entry; the records' fields if it holds records.
    fn entry(&mut self, depth: usize) -> Option<Vec<Vec<CountedField>>> {
        let mut records = Vec::new();
        match self.ident()? {
            b"Empty" | b"NotMentioned" => {}
            b"Value" => {
                self.eat(b'(')?;
                self.value()?;
                self.eat(b')')?;
            }
            b"Records" => {
                self.eat(b'(')?;
                self.list(|p| {
                    p.eat(b'(')?;
                    p.key("fields")?;
                    records.push(p.fields(depth + 1)?);
                    p.end()
                })?;
                self.eat(b')')?;
            }
            _ => return None,
        }
        Some(records)
    }

    fn value(&mut self) -> Option<()> {
        let variant = self.ident()?;
        self.eat(b'(')?;
        match variant {
            b"Text" | b"Date" | b"Choice" => {
                self.string()?;
            }
            b"Int" => {
                self.int()?;
            }
            b"Bool" => match self.ident()? {
                b"true" | b"false" => {}
                _ => return None,
            },
            b"Choices" => self.list(|p| p.string().map(|_| ()))?,
            _ => return None,
        }
        self.eat(b')')
    }
}
