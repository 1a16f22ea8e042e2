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
use lex::P;

pub(crate) mod lex;

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

impl P<'_> {
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

/// Every text made from `text` by putting one of `replacements` in place of one of its
/// characters: (byte offset, replacement, text), for the tests that check that the fast readers
/// read what the full parser reads, whatever they accept.
#[cfg(test)]
pub(crate) fn one_char_changes<'a>(
    text: &'a str,
    replacements: &'a [&'a str],
) -> impl Iterator<Item = (usize, &'a str, String)> + 'a {
    text.char_indices().flat_map(move |(i, c)| {
        replacements.iter().map(move |r| {
            let mut m = String::with_capacity(text.len() + 2);
            m.push_str(&text[..i]);
            m.push_str(r);
            m.push_str(&text[i + c.len_utf8()..]);
            (i, *r, m)
        })
    })
}
