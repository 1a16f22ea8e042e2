//! `--pseudonymise`: participants under 18 get a placeholder (`[minor 1]`, `[minor 2]`...,
//! numbered per article by first appearance in the text) instead of their name, in every value
//! and in the article text, with every evidence span moved to where its text now is.
//!
//! A record of a group field is a minor's when its `age` sub-field is under 18; when it gives no
//! age, when a minor's cue ([`MINOR_WORDS`], or an age under 18: "11-year-old", "aged 11",
//! "Jane Doe, 11,") is in its own values or evidence, among the three words just before an
//! occurrence of the name in the text ("a 12-year-old girl, Jane Doe"), or in an apposition just
//! after it ("Jane Doe, a 16-year-old student,"). The name is replaced where it occurs as whole
//! words (case-sensitively), and so is each of its words (first name, surname) that no other
//! participant's name shares.
//!
//! The extractor has no list of minors' words (its people nouns mix ages), so the list is here.

use crate::domain::annotation::{Annotation, Entry, FieldAnn, Span};
use crate::domain::value::Value;

/// Words that mark a person as a child (lower case; plurals, for lists of people, too).
pub const MINOR_WORDS: &[&str] = &[
    "girl",
    "girls",
    "boy",
    "boys",
    "child",
    "children",
    "kid",
    "kids",
    "student",
    "students",
    "schoolgirl",
    "schoolboy",
    "teen",
    "teens",
    "teenager",
    "teenagers",
    "teenage",
    "preteen",
    "toddler",
    "infant",
    "baby",
    "newborn",
    "juvenile",
    "youth",
];

const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
];

/// Lower-case words of `s`: letters, digits and inner hyphens.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

fn under_18(w: &str) -> bool {
    w.parse::<u32>()
        .map_or_else(|_| NUMBER_WORDS.contains(&w), |n| n < 18)
}

/// Whether the text holds a minor's cue: a word of [`MINOR_WORDS`], "N-year-old" (or "N year
/// old", "N-month-old"), "aged N" with N under 18.
pub fn has_cue(s: &str) -> bool {
    let ws = words(s);
    ws.iter().enumerate().any(|(i, w)| {
        if MINOR_WORDS.contains(&w.as_str()) {
            return true;
        }
        let next = |k: usize| ws.get(i + k).map_or("", String::as_str);
        let mut parts = w.splitn(2, '-');
        let (n, rest) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let unit = |u: &str| {
            matches!(
                u,
                "year-old" | "years-old" | "month-old" | "months-old" | "week-old" | "day-old"
            )
        };
        (under_18(n) && unit(rest))
            || (under_18(w)
                && matches!(next(1), "year" | "years" | "month" | "months")
                && next(2) == "old")
            || (w == "aged" && under_18(next(1)))
    })
}

/// One participant: where its record is, its name, and whether it is a minor.
struct Person {
    field: usize,
    record: usize,
    name: String,
    terms: Vec<Vec<char>>,
    minor: bool,
}

/// Whole-word, case-sensitive occurrences of `term` in `hay`, as code point ranges.
fn occurrences(hay: &[char], term: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if term.is_empty() || term.len() > hay.len() {
        return out;
    }
    let edge = |i: Option<&char>| i.is_none_or(|c| !c.is_alphanumeric());
    let mut i = 0;
    while i + term.len() <= hay.len() {
        let e = i + term.len();
        if hay[i..e] == *term && (i == 0 || edge(hay.get(i - 1))) && edge(hay.get(e)) {
            out.push((i, e));
            i = e;
        } else {
            i += 1;
        }
    }
    out
}

/// Non-overlapping occurrences of any of `terms`, leftmost first, the longest at a position.
fn matches(hay: &[char], terms: &[(&[char], usize)]) -> Vec<(usize, usize, usize)> {
    let mut all: Vec<(usize, usize, usize)> = terms
        .iter()
        .flat_map(|(t, who)| occurrences(hay, t).into_iter().map(|(s, e)| (s, e, *who)))
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for m in all {
        if out.last().is_none_or(|l| m.0 >= l.1) {
            out.push(m);
        }
    }
    out
}

/// Text before an occurrence (its last three words, within the sentence) and the apposition
/// after it (from a comma, up to the next comma or the sentence end, at most six words).
fn around(text: &[char], (s, e): (usize, usize)) -> String {
    let stop = |c: &char| matches!(c, '.' | '!' | '?' | ';' | '\n');
    let mut a = s;
    while a > 0 && s - a < 60 && !stop(&text[a - 1]) {
        a -= 1;
    }
    let before: String = text[a..s].iter().collect();
    let ws = words(&before);
    let mut out = ws[ws.len().saturating_sub(3)..].join(" ");
    let mut i = e;
    while i < text.len() && text[i] == ' ' {
        i += 1;
    }
    if text.get(i) == Some(&',') {
        let mut j = i + 1;
        while j < text.len() && j - i < 60 && text[j] != ',' && !stop(&text[j]) {
            j += 1;
        }
        let after: String = text[i + 1..j].iter().collect();
        let ws = words(&after);
        if ws.len() <= 6 {
            out.push(' ');
            out.push_str(&ws.join(" "));
        }
    }
    out
}

/// The participants of every group field of `a`.
fn people(a: &Annotation, text: &[char]) -> Vec<Person> {
    let mut out = Vec::new();
    for (fi, f) in a.fields.iter().enumerate() {
        for (ri, r) in f.records().iter().enumerate() {
            let sub = |k: &str| r.fields.iter().find(|s| s.key == k).map(|s| &s.value);
            let Some(Entry::Value(Value::Text(name))) = sub("name") else {
                continue;
            };
            let age = match sub("age") {
                Some(Entry::Value(Value::Int(n))) => Some(*n),
                _ => None,
            };
            let mut own = String::new();
            for s in &r.fields {
                if s.key != "name" {
                    own.push_str(&s.value.display());
                    own.push('\n');
                }
                for sp in &s.evidence {
                    own.push_str(&sp.quote);
                    own.push('\n');
                }
            }
            out.push((fi, ri, name.trim().to_string(), age, own));
        }
    }
    let names: Vec<Vec<String>> = out.iter().map(|p| words(&p.2)).collect();
    out.into_iter()
        .enumerate()
        .map(|(i, (field, record, name, age, own))| {
            let mut terms: Vec<Vec<char>> = vec![name.chars().collect()];
            for part in name.split_whitespace() {
                let part = part.trim_matches(|c: char| !c.is_alphanumeric());
                let lower = part.to_lowercase();
                let shared = names
                    .iter()
                    .enumerate()
                    .any(|(j, n)| j != i && n.contains(&lower));
                let p: Vec<char> = part.chars().collect();
                if p.len() >= 2 && !shared && !terms.contains(&p) {
                    terms.push(p);
                }
            }
            let minor = match age {
                Some(n) => n < 18,
                None => {
                    has_cue(&own)
                        || terms.iter().any(|t| {
                            occurrences(text, t)
                                .into_iter()
                                .any(|o| has_cue(&around(text, o)))
                        })
                }
            };
            Person {
                field,
                record,
                name,
                terms,
                minor,
            }
        })
        .collect()
}

/// Replaces every occurrence in `s` of the minors' terms (`terms`: term, placeholder index).
fn replace(s: &str, terms: &[(&[char], usize)], placeholders: &[String]) -> (String, Vec<Rep>) {
    let chars: Vec<char> = s.chars().collect();
    let ms = matches(&chars, terms);
    let mut out = String::with_capacity(s.len());
    let mut reps = Vec::with_capacity(ms.len());
    let mut at = 0;
    for (st, e, who) in ms {
        out.extend(&chars[at..st]);
        let p = &placeholders[who];
        out.push_str(p);
        reps.push(Rep {
            start: st,
            end: e,
            len: p.chars().count(),
        });
        at = e;
    }
    out.extend(&chars[at..]);
    (out, reps)
}

/// One replacement: the code points `start..end` became `len` code points.
#[derive(Debug, Clone, Copy)]
struct Rep {
    start: usize,
    end: usize,
    len: usize,
}

/// Where offset `p` of the old text is in the new one; an offset inside a replaced name moves to
/// the start of its placeholder (or, for an end, to the end).
fn moved(reps: &[Rep], p: usize, is_end: bool) -> usize {
    let mut shift: isize = 0;
    for r in reps {
        if r.end <= p {
            shift += r.len as isize - (r.end - r.start) as isize;
        } else if r.start < p {
            let s = (r.start as isize + shift) as usize;
            return if is_end { s + r.len } else { s };
        } else {
            break;
        }
    }
    (p as isize + shift) as usize
}

fn move_spans(spans: &mut [Span], reps: &[Rep], text: &[char]) {
    for s in spans {
        s.start = moved(reps, s.start, false).min(text.len());
        s.end = moved(reps, s.end, true).clamp(s.start, text.len());
        s.quote = text[s.start..s.end].iter().collect();
    }
}

fn rewrite_field(
    f: &mut FieldAnn,
    terms: &[(&[char], usize)],
    ph: &[String],
    reps: &[Rep],
    text: &[char],
) {
    if let Entry::Value(Value::Text(t)) = &f.value {
        f.value = Entry::Value(Value::Text(replace(t, terms, ph).0));
    }
    f.suggestion = None;
    f.note = None;
    move_spans(&mut f.evidence, reps, text);
    if let Entry::Records(recs) = &mut f.value {
        for sf in recs.iter_mut().flat_map(|r| r.fields.iter_mut()) {
            rewrite_field(sf, terms, ph, reps, text);
        }
    }
}

/// Pseudonymises `a` and its article `text` in place; returns the number of minors.
pub fn apply(a: &mut Annotation, text: &mut String) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let people = people(a, &chars);
    let mut minors: Vec<(usize, &Person)> = people
        .iter()
        .filter(|p| p.minor)
        .map(|p| {
            let first = p
                .terms
                .iter()
                .filter_map(|t| occurrences(&chars, t).first().map(|o| o.0))
                .min()
                .unwrap_or(usize::MAX);
            (first, p)
        })
        .collect();
    if minors.is_empty() {
        return 0;
    }
    minors.sort_by_key(|m| m.0);
    // The same name in two records is one person.
    let mut placeholders: Vec<String> = Vec::new();
    let mut named: Vec<(&str, usize)> = Vec::new();
    let mut terms: Vec<(&[char], usize)> = Vec::new();
    let mut of_record: Vec<(usize, usize, usize)> = Vec::new();
    for (_, p) in &minors {
        let k = match named.iter().find(|(n, _)| *n == p.name) {
            Some((_, k)) => *k,
            None => {
                placeholders.push(format!("[minor {}]", placeholders.len() + 1));
                named.push((&p.name, placeholders.len() - 1));
                placeholders.len() - 1
            }
        };
        terms.extend(p.terms.iter().map(|t| (t.as_slice(), k)));
        of_record.push((p.field, p.record, k));
    }
    let (new_text, reps) = replace(text, &terms, &placeholders);
    let new_chars: Vec<char> = new_text.chars().collect();
    for f in &mut a.fields {
        rewrite_field(f, &terms, &placeholders, &reps, &new_chars);
    }
    for (field, record, k) in of_record {
        if let Entry::Records(recs) = &mut a.fields[field].value {
            if let Some(name) = recs[record].fields.iter_mut().find(|s| s.key == "name") {
                name.value = Entry::Value(Value::Text(placeholders[k].clone()));
            }
        }
    }
    *text = new_text;
    placeholders.len()
}
