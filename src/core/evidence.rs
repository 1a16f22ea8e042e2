//! The evidence rule: a corrected value never keeps evidence that does not support it. When a
//! value is committed as corrected, evidence whose quote does not contain it is dropped; when the
//! value is found in the article, its mention nearest the old evidence becomes the new evidence.
//! Picked choices are found by their text and by the cue words the schema's rules give them.

use super::dates;
use super::form::{self, Row};
use crate::domain::annotation::{Entry, Span};
use crate::domain::article::Article;
use crate::domain::rules::{FieldRules, Gazetteers};
use crate::domain::schema::Schema;
use crate::domain::text::slice_chars;
use crate::domain::value::Value;

/// The evidence a corrected value of `row` keeps or gets, given the field's evidence before
/// (`old`) and, for a date, the text the reviewer typed.
pub fn for_corrected(
    schema: &Schema,
    row: Row,
    article: &Article,
    old: &[Span],
    entry: &Entry,
    typed: Option<&str>,
) -> Vec<Span> {
    let Entry::Value(value) = entry else {
        return Vec::new();
    };
    let targets: Vec<Vec<String>> = match value {
        Value::Text(s) => vec![vec![s.clone()]],
        Value::Int(n) => vec![number_needles(schema, *n)],
        Value::Date(d) => vec![typed
            .into_iter()
            .map(str::to_string)
            .chain([d.clone()])
            .collect()],
        // A boolean's text is never what an article says: no quote supports it.
        Value::Bool(_) => Vec::new(),
        Value::Choice(c) => vec![choice_needles(schema, row, c)],
        Value::Choices(cs) => cs.iter().map(|c| choice_needles(schema, row, c)).collect(),
    };
    let text = fold(&article.text);
    let anchor = old.first().map(|s| s.start);
    let mut out: Vec<Span> = Vec::new();
    for needles in &targets {
        let needles: Vec<Vec<char>> = needles
            .iter()
            .map(|n| fold(n.trim()))
            .filter(|n| !n.is_empty())
            .collect();
        let supports = |quote: &str| {
            let q = fold(quote);
            needles.iter().any(|n| !find(&q, n).is_empty())
                || matches!(value, Value::Date(d)
                    if dates::read(schema, row, article, quote).as_ref() == Ok(d))
        };
        let kept: Vec<&Span> = old
            .iter()
            .filter(|s| !s.stale && supports(&s.quote))
            .collect();
        let found = if kept.is_empty() {
            nearest(&text, &needles, anchor).map(|(start, end)| Span {
                start,
                end,
                quote: slice_chars(&article.text, start, end).to_string(),
                stale: false,
            })
        } else {
            None
        };
        for s in kept.into_iter().cloned().chain(found) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// The mention of any needle nearest `anchor` (the first one without an anchor).
fn nearest(text: &[char], needles: &[Vec<char>], anchor: Option<usize>) -> Option<(usize, usize)> {
    let all = needles.iter().flat_map(|n| find(text, n));
    match anchor {
        Some(a) => all.min_by_key(|&(s, _)| (s.abs_diff(a), s)),
        None => all.min_by_key(|&(s, _)| s),
    }
}

/// One char per code point, lowercased (so offsets stay code point offsets), ’ read as '.
fn fold(s: &str) -> Vec<char> {
    s.chars()
        .map(|c| match c {
            '\u{2019}' => '\'',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

/// Every match of `needle` in `hay` (both folded): whole words only, a space in the needle
/// matching any run of white space. Code point ranges, end exclusive.
fn find(hay: &[char], needle: &[char]) -> Vec<(usize, usize)> {
    let words: Vec<&[char]> = needle
        .split(|c| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let Some(first) = words.first().and_then(|w| w.first()) else {
        return Vec::new();
    };
    let last = words.last().and_then(|w| w.last()).copied().unwrap_or(' ');
    let word_char = |c: &char| c.is_alphanumeric();
    let mut out = Vec::new();
    for i in 0..hay.len() {
        if hay[i] != *first {
            continue;
        }
        if word_char(first) && i > 0 && word_char(&hay[i - 1]) {
            continue;
        }
        let Some(end) = match_at(hay, i, &words) else {
            continue;
        };
        if word_char(&last) && hay.get(end).is_some_and(word_char) {
            continue;
        }
        out.push((i, end));
    }
    out
}

fn match_at(hay: &[char], i: usize, words: &[&[char]]) -> Option<usize> {
    let mut j = i;
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            let from = j;
            while hay.get(j).is_some_and(|c| c.is_whitespace()) {
                j += 1;
            }
            if j == from {
                return None;
            }
        }
        if hay.get(j..j + w.len())? != *w {
            return None;
        }
        j += w.len();
    }
    Some(j)
}

/// A number as digits and as the number words of the schema's number gazetteers ("four").
fn number_needles(schema: &Schema, n: i64) -> Vec<String> {
    let digits = n.to_string();
    let mut out = vec![digits.clone()];
    let gazetteers = schema.fields.iter().filter_map(|f| match &f.extract {
        Some(FieldRules::Count(r)) => Some(r.numbers.as_str()),
        Some(FieldRules::People(r)) => Some(r.numbers.as_str()),
        _ => None,
    });
    for g in gazetteers {
        for t in schema.gazetteers.get(g).into_iter().flatten() {
            if t.name == digits {
                out.extend(t.aliases.iter().cloned());
            }
        }
    }
    out
}

/// A choice as written (an underscore read as a space) and its cue words in the field's rules:
/// a choice field's cues, or for a sub-field of people the role, gender or status cues.
fn choice_needles(schema: &Schema, row: Row, choice: &str) -> Vec<String> {
    let mut out = vec![choice.to_string(), choice.replace('_', " ")];
    let top = schema
        .fields
        .get(row.field())
        .and_then(|f| f.extract.as_ref());
    let words: Vec<&String> = match (row, top) {
        (Row::Field { .. }, Some(FieldRules::Choice(r))) => r
            .cues
            .iter()
            .filter(|c| c.choice == choice)
            .flat_map(|c| &c.words)
            .collect(),
        (Row::Sub { .. }, Some(FieldRules::People(r))) => {
            let key = form::def(schema, row).map(|d| d.key.as_str());
            let k = &r.keys;
            let cues = if key == k.role.as_deref() {
                &r.roles
            } else if key == k.gender.as_deref() {
                &r.genders
            } else if key == k.status.as_deref() {
                &r.statuses
            } else {
                return out;
            };
            cues.iter()
                .filter(|c| c.choice == choice)
                .flat_map(|c| c.before.iter().chain(&c.after).chain(&c.nouns))
                .collect()
        }
        _ => Vec::new(),
    };
    for w in words {
        expand(&schema.gazetteers, w, &mut out);
    }
    out.dedup();
    out
}

/// A cue word, or for `@name` every name and alias of that gazetteer.
fn expand(gazetteers: &Gazetteers, w: &str, out: &mut Vec<String>) {
    match w.strip_prefix('@') {
        Some(name) => {
            for t in gazetteers.get(name).into_iter().flatten() {
                out.push(t.name.clone());
                out.extend(t.aliases.iter().cloned());
            }
        }
        None => out.push(w.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(hay: &str, needle: &str) -> Vec<(usize, usize)> {
        find(&fold(hay), &fold(needle))
    }

    #[test]
    fn finds_whole_words_case_insensitively_across_white_space() {
        assert_eq!(spans("a 19-year-old, 2019", "19"), [(2, 4)]);
        assert_eq!(spans("Kenosha\n  Police said", "kenosha police"), [(0, 16)]);
        assert_eq!(spans("Aug. 27 and aug. 27", "Aug. 27"), [(0, 7), (12, 19)]);
        assert_eq!(spans("policeman", "police"), []);
        assert_eq!(spans("é", ""), []);
    }
}
