//! A fast reader of whole annotation files written the way vetter writes them (`io::to_ron`),
//! on the tokens of `vetter stats`' fast reader ([`crate::batch::stats::fast::lex`]): what it
//! reads is exactly what [`parse_annotation`] reads, and anything it is not sure of (another
//! order, comments, other escapes, unknown fields...) it declines (`None`), for the full parser
//! to read and report. `tests::fast_reads_what_the_full_parser_reads` checks this on every
//! one-character change of a file.
//!
//! [`parse_annotation`]: crate::io::parse_annotation

use crate::batch::stats::fast::lex::P;
use crate::domain::annotation::{
    Adjudication, Annotation, ArticleRef, Draft, Entry, FieldAnn, FieldState, Flag, Record,
    SchemaRef, Settled, Source, Span, Status, Suggestion,
};
use crate::domain::value::Value;

/// Deepest nesting of records in records read here (deeper files are declined).
const MAX_DEPTH: usize = 4;

/// The annotation in a file's text: by the fast reader when the file is in vetter's own form,
/// else by the full parser (which names the position of what is wrong). For
/// [`Team::read_with`](crate::io::team::Team::read_with).
pub fn parse_or_full(
    text: &str,
    path: &std::path::Path,
) -> Result<Annotation, crate::io::StoreError> {
    parse(text).map_or_else(|| crate::io::parse_annotation(text, path), Ok)
}

/// The annotation in `text` (upgraded as [`Annotation::upgrade`] does), if it is in vetter's own
/// form; `None` to let the full parser decide.
pub fn parse(text: &str) -> Option<Annotation> {
    let mut p = P {
        t: text,
        b: text.as_bytes(),
        i: 0,
    };
    let mut a = annotation(&mut p)?;
    p.ws();
    if p.i != p.b.len() {
        return None;
    }
    a.upgrade();
    Some(a)
}

fn string(p: &mut P) -> Option<String> {
    p.string().map(|s| s.into_owned())
}

fn u32_of(p: &mut P) -> Option<u32> {
    u32::try_from(p.uint()?).ok()
}

fn usize_of(p: &mut P) -> Option<usize> {
    usize::try_from(p.uint()?).ok()
}

fn opt<T>(p: &mut P, read: impl FnOnce(&mut P) -> Option<T>) -> Option<Option<T>> {
    let mut out = None;
    p.option(|p| {
        out = Some(read(p)?);
        Some(())
    })?;
    Some(out)
}

fn list<T>(p: &mut P, mut read: impl FnMut(&mut P) -> Option<T>) -> Option<Vec<T>> {
    let mut out = Vec::new();
    p.list(|p| {
        out.push(read(p)?);
        Some(())
    })?;
    Some(out)
}

fn annotation(p: &mut P) -> Option<Annotation> {
    p.eat(b'(')?;
    p.key("format")?;
    let format = u32_of(p)?;
    p.then()?;
    p.key("schema")?;
    p.eat(b'(')?;
    p.key("name")?;
    let name = string(p)?;
    p.then()?;
    p.key("version")?;
    let version = u32_of(p)?;
    p.end()?;
    p.then()?;
    p.key("article")?;
    p.eat(b'(')?;
    p.key("id")?;
    let id = string(p)?;
    p.then()?;
    p.key("text_hash")?;
    let text_hash = string(p)?;
    p.end()?;
    p.then()?;
    p.key("reviewer")?;
    let reviewer = string(p)?;
    p.then()?;
    p.key("status")?;
    let status = match p.ident()? {
        b"InProgress" => Status::InProgress,
        b"Done" => Status::Done,
        b"Skipped" => Status::Skipped,
        b"NotRelevant" => Status::NotRelevant,
        b"Flagged" => Status::Flagged,
        _ => return None,
    };
    p.then()?;
    p.key("fields")?;
    let field_list = fields(p, 0)?;
    p.then()?;
    p.key("created")?;
    let created = string(p)?;
    p.then()?;
    p.key("updated")?;
    let updated = string(p)?;
    p.then()?;
    p.key("active_seconds")?;
    let active_seconds = p.uint()?;
    let mut a = Annotation {
        format,
        schema: SchemaRef { name, version },
        article: ArticleRef { id, text_hash },
        reviewer,
        status,
        fields: field_list,
        created,
        updated,
        active_seconds,
        draft: None,
        retired: Vec::new(),
        skip_reason: None,
        flag: None,
        note: None,
        adjudication: None,
    };
    // The optional fields, each at most once, in the order they are written.
    const OPTIONAL: [&str; 6] = [
        "draft",
        "retired",
        "skip_reason",
        "flag",
        "note",
        "adjudication",
    ];
    let mut next = 0;
    while p.more(b')')? {
        let name = p.ident()?;
        let at = OPTIONAL[next..].iter().position(|o| o.as_bytes() == name)? + next;
        next = at + 1;
        p.eat(b':')?;
        match OPTIONAL[at] {
            "draft" => {
                a.draft = opt(p, |p| {
                    p.eat(b'(')?;
                    p.key("field")?;
                    let field = string(p)?;
                    p.then()?;
                    p.key("text")?;
                    let text = string(p)?;
                    p.end()?;
                    Some(Draft { field, text })
                })?;
            }
            "retired" => a.retired = fields(p, 0)?,
            "skip_reason" => a.skip_reason = opt(p, string)?,
            "flag" => {
                a.flag = opt(p, |p| {
                    p.eat(b'(')?;
                    p.key("reason")?;
                    let reason = opt(p, string)?;
                    p.end()?;
                    Some(Flag { reason })
                })?;
            }
            "note" => a.note = opt(p, string)?,
            _ => a.adjudication = opt(p, adjudication)?,
        }
        if next == OPTIONAL.len() {
            p.end()?;
            break;
        }
    }
    Some(a)
}

fn adjudication(p: &mut P) -> Option<Adjudication> {
    p.eat(b'(')?;
    p.key("settled")?;
    let settled = list(p, string)?;
    p.then()?;
    p.key("fields")?;
    let fields = list(p, |p| {
        p.eat(b'(')?;
        p.key("key")?;
        let key = string(p)?;
        p.then()?;
        p.key("from")?;
        let from = match p.ident()? {
            b"Agreed" => Source::Agreed,
            b"Edited" => Source::Edited,
            b"Reviewer" => {
                p.eat(b'(')?;
                let who = string(p)?;
                p.eat(b')')?;
                Source::Reviewer(who)
            }
            _ => return None,
        };
        p.end()?;
        Some(Settled { key, from })
    })?;
    p.end()?;
    Some(Adjudication { settled, fields })
}

fn fields(p: &mut P, depth: usize) -> Option<Vec<FieldAnn>> {
    if depth > MAX_DEPTH {
        return None;
    }
    list(p, |p| field(p, depth))
}

fn field(p: &mut P, depth: usize) -> Option<FieldAnn> {
    p.eat(b'(')?;
    p.key("key")?;
    let key = string(p)?;
    p.then()?;
    p.key("state")?;
    let state = match p.ident()? {
        b"Unreviewed" => FieldState::Unreviewed,
        b"Confirmed" => FieldState::Confirmed,
        b"Corrected" => FieldState::Corrected,
        b"Rejected" => FieldState::Rejected,
        _ => return None,
    };
    p.then()?;
    p.key("value")?;
    let value = entry(p, depth)?;
    p.then()?;
    p.key("suggestion")?;
    let suggestion = opt(p, |p| {
        p.eat(b'(')?;
        p.key("value")?;
        let value = entry(p, depth)?;
        p.then()?;
        p.key("confidence")?;
        let confidence = opt(p, |p| {
            p.ws();
            let start = p.i;
            p.float()?;
            p.t[start..p.i].parse::<f32>().ok()
        })?;
        p.then()?;
        p.key("source")?;
        let source = string(p)?;
        p.end()?;
        Some(Suggestion {
            value,
            confidence,
            source,
        })
    })?;
    p.then()?;
    p.key("evidence")?;
    let evidence = list(p, span)?;
    p.then()?;
    p.key("note")?;
    let note = opt(p, string)?;
    p.end()?;
    Some(FieldAnn {
        key,
        state,
        value,
        suggestion,
        evidence,
        note,
    })
}

fn span(p: &mut P) -> Option<Span> {
    p.eat(b'(')?;
    p.key("start")?;
    let start = usize_of(p)?;
    p.then()?;
    p.key("end")?;
    let end = usize_of(p)?;
    p.then()?;
    p.key("quote")?;
    let quote = string(p)?;
    let mut stale = false;
    if p.more(b')')? {
        p.key("stale")?;
        stale = match p.ident()? {
            b"true" => true,
            b"false" => false,
            _ => return None,
        };
        p.end()?;
    }
    Some(Span {
        start,
        end,
        quote,
        stale,
    })
}

fn entry(p: &mut P, depth: usize) -> Option<Entry> {
    Some(match p.ident()? {
        b"Empty" => Entry::Empty,
        b"NotMentioned" => Entry::NotMentioned,
        b"Value" => {
            p.eat(b'(')?;
            let v = value(p)?;
            p.eat(b')')?;
            Entry::Value(v)
        }
        b"Records" => {
            p.eat(b'(')?;
            let records = list(p, |p| {
                p.eat(b'(')?;
                p.key("fields")?;
                let fields = fields(p, depth + 1)?;
                p.end()?;
                Some(Record { fields })
            })?;
            p.eat(b')')?;
            Entry::Records(records)
        }
        _ => return None,
    })
}

fn value(p: &mut P) -> Option<Value> {
    let variant = p.ident()?;
    p.eat(b'(')?;
    let v = match variant {
        b"Text" => Value::Text(string(p)?),
        b"Date" => Value::Date(string(p)?),
        b"Choice" => Value::Choice(string(p)?),
        b"Int" => Value::Int(p.int()?),
        b"Bool" => Value::Bool(match p.ident()? {
            b"true" => true,
            b"false" => false,
            _ => return None,
        }),
        b"Choices" => Value::Choices(list(p, string)?),
        _ => return None,
    };
    p.eat(b')')?;
    Some(v)
}

#[cfg(test)]
mod tests;
