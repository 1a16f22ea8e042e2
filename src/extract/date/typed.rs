//! A date as a reviewer types it into a date field ("Aug. 27", "last Thursday", "2021-08-27"),
//! read with the same date rules as articles and resolved against the publication date.

use super::{iso_checked, parse_iso, DateRule};
use crate::domain::rules::{DateRules, Gazetteers};
use crate::extract::doc::Doc;
use crate::extract::lexicon::LexBuilder;
use crate::extract::ExtractError;

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
    let mut lb = LexBuilder::new(gazetteers);
    let rule = DateRule::compile(rules, &mut lb)?;
    let lex = lb.build()?;
    let doc = Doc::with_buffers(text, &lex, Default::default());
    let anchor = published.and_then(parse_iso);
    let mut out = TypedDate::default();
    for m in rule.mentions(&doc, &mut Vec::new()) {
        match DateRule::resolve(m.what, anchor, true).and_then(iso_checked) {
            Some(d) if !out.dates.contains(&d) => out.dates.push(d),
            Some(_) => {}
            None => out.unplaced = true,
        }
    }
    Ok(out)
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
