//! A date as a reviewer types it into a date field ("Aug. 27", "last Thursday", "2021-08-27"),
//! read with the same date rules as articles and resolved against the publication date.

use super::{iso_checked, parse_iso, DateRule};
use crate::domain::rules::{DateRules, Gazetteers, Term};
use crate::extract::doc::Doc;
use crate::extract::lexicon::{LexBuilder, Lexicon};
use crate::extract::ExtractError;
use std::cell::RefCell;

/// What a typed text says as a date.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TypedDate {
    /// The distinct dates its date mentions resolve to (`YYYY-MM-DD`), in the order typed.
    pub dates: Vec<String>,
    /// A date was read that could not be placed: no publication date to count from, or a day
    /// without a year that would fall shortly after the publication date (a date to come).
    pub unplaced: bool,
}

/// Reads `text` as the extractor reads dates in an article published on `published`
/// (`YYYY-MM-DD...`): absolute dates, weekdays ("last Thursday": the one before publication) and
/// relative days ("yesterday"). `rules` and `gazetteers` are the schema's.
pub fn resolve_typed(
    rules: &DateRules,
    gazetteers: &Gazetteers,
    text: &str,
    published: Option<&str>,
) -> Result<TypedDate, ExtractError> {
    let key = Key::of(rules, gazetteers);
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let compiled = match cache.take() {
            Some(c) if c.key == key => c,
            _ => compile(rules, gazetteers, key)?,
        };
        let out = read(&compiled, text, published);
        *cache = Some(compiled);
        Ok(out)
    })
}

/// What the compiled rules were compiled from: the rules and the gazetteers they use.
#[derive(PartialEq)]
struct Key {
    rules: DateRules,
    gazetteers: Vec<Option<Vec<Term>>>,
}

impl Key {
    fn of(rules: &DateRules, gazetteers: &Gazetteers) -> Key {
        let words = rules
            .last
            .iter()
            .chain(rules.relative.iter().flat_map(|r| &r.words));
        let names = [rules.months.as_str(), rules.weekdays.as_str()]
            .into_iter()
            .chain(words.filter_map(|w| w.strip_prefix('@')));
        Key {
            rules: rules.clone(),
            gazetteers: names.map(|n| gazetteers.get(n).cloned()).collect(),
        }
    }
}

struct Compiled {
    key: Key,
    rule: DateRule,
    lex: Lexicon,
}

thread_local! {
    /// The last rules compiled (a reviewer types into one schema's date fields): a date is read
    /// on each key while it is typed.
    static CACHE: RefCell<Option<Compiled>> = const { RefCell::new(None) };
}

fn compile(rules: &DateRules, gazetteers: &Gazetteers, key: Key) -> Result<Compiled, ExtractError> {
    // Only the lists that find and place dates: a typed date has no sentence to score.
    let mut lb = LexBuilder::new(gazetteers);
    let rel_words: Vec<&[String]> = rules.relative.iter().map(|x| x.words.as_slice()).collect();
    let none = lb.list(&[])?;
    let rule = DateRule {
        months: lb.gazetteer(&rules.months)?,
        weekdays: lb.gazetteer(&rules.weekdays)?,
        last: lb.list(&rules.last)?,
        relative: lb.entries(&rel_words)?,
        rel: rules
            .relative
            .iter()
            .map(|x| (x.days, x.weight.unwrap_or(0.8)))
            .collect(),
        event: none,
        other: none,
        said: none,
        times: none,
        parts: none,
        after: none,
    };
    let lex = lb.build()?;
    Ok(Compiled { key, rule, lex })
}

fn read(c: &Compiled, text: &str, published: Option<&str>) -> TypedDate {
    let doc = Doc::with_buffers(text, &c.lex, Default::default());
    let anchor = published.and_then(parse_iso);
    let mut out = TypedDate::default();
    for m in c.rule.mentions(&doc, &mut Vec::new()) {
        match DateRule::resolve(m.what, anchor, true).and_then(iso_checked) {
            Some(d) if !out.dates.contains(&d) => out.dates.push(d),
            Some(_) => {}
            None => out.unplaced = true,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::FieldRules;

    fn read(text: &str, published: Option<&str>) -> TypedDate {
        let schema = crate::io::default_schema();
        let rules = schema
            .fields
            .iter()
            .find_map(|f| match &f.extract {
                Some(FieldRules::Date(r)) => Some(r.clone()),
                _ => None,
            })
            .unwrap();
        resolve_typed(&rules, &schema.gazetteers, text, published).unwrap()
    }

    fn one(d: &str) -> TypedDate {
        TypedDate {
            dates: vec![d.to_string()],
            unplaced: false,
        }
    }

    #[test]
    fn typed_dates_resolve_against_publication() {
        let p = Some("2021-09-02T10:00:00Z");
        assert_eq!(read("Aug. 27", p), one("2021-08-27"));
        assert_eq!(read("March 4, 2021", p), one("2021-03-04"));
        // 2021-09-02 is a Thursday: "last Thursday" is the week before.
        assert_eq!(read("last Thursday", p), one("2021-08-26"));
        assert_eq!(read("Thursday", p), one("2021-09-02"));
        assert_eq!(read("yesterday", p), one("2021-09-01"));
        assert_eq!(read("2021-08-27", None), one("2021-08-27"));
        assert_eq!(read("8/27/21", None), one("2021-08-27"));
        // A day shortly after publication is a date to come; without publication, no year.
        assert!(read("Sept. 20", p).unplaced);
        assert!(read("Aug. 27", None).unplaced);
        assert_eq!(read("soon", p), TypedDate::default());
    }
}
