//! Dates as reviewers type them: "Aug. 27", "March 4, 2021", "last Thursday", "2021-08-27", read
//! with the schema's own date rules (the extractor's) and resolved against the article's
//! publication date. The form shows what a typed date resolves to before it is committed.

use super::form::{self, Row};
use super::state::{ModeState, State};
use crate::domain::article::Article;
use crate::domain::rules::{DateRules, FieldRules};
use crate::domain::schema::{FieldType, Schema};
use crate::domain::text::sanitize;
use crate::domain::value::is_iso_date;

/// The date rules for a row: its field's own, else those of the schema's first date field.
fn rules_for(schema: &Schema, row: Row) -> Option<&DateRules> {
    let own = form::def(schema, row).and_then(|d| d.extract.as_ref());
    let any = schema.fields.iter().filter_map(|f| f.extract.as_ref());
    own.into_iter().chain(any).find_map(|r| match r {
        FieldRules::Date(d) => Some(d),
        _ => None,
    })
}

/// Whether a row is a date field.
pub fn is_date(schema: &Schema, row: Row) -> bool {
    form::def(schema, row).is_some_and(|d| d.kind == FieldType::Date)
}

/// Reads what was typed into a date field as an ISO date (`YYYY-MM-DD`), or says why it cannot.
pub fn read(schema: &Schema, row: Row, article: &Article, typed: &str) -> Result<String, String> {
    let t = typed.trim();
    if t.is_empty() {
        return Err("the value is empty".into());
    }
    if is_iso_date(t) {
        return Ok(t.to_string());
    }
    let shown = sanitize(t);
    let Some(rules) = rules_for(schema, row) else {
        return Err(format!(
            "expected a date as YYYY-MM-DD, got {shown:?} (the schema has no date rules)"
        ));
    };
    let published = article.published.as_deref();
    let found = crate::extract::resolve_typed(rules, &schema.gazetteers, t, published)
        .map_err(|e| format!("the schema's date rules do not compile: {e}"))?;
    match (found.dates.as_slice(), found.unplaced) {
        ([one], _) => Ok(one.clone()),
        ([], true) => Err(match published.and_then(|p| p.get(..10)) {
            Some(p) => format!(
                "{shown:?} would be after the article's publication ({}): type the year",
                sanitize(p)
            ),
            None => format!(
                "{shown:?} cannot be placed: the article has no publication date; type the year"
            ),
        }),
        ([], false) => Err(format!(
            "expected a date as YYYY-MM-DD or as articles write one (Aug. 27, March 4, 2021, \
             last Thursday), got {shown:?}"
        )),
        (many, _) => Err(format!(
            "{shown:?} reads as several dates ({}): type one",
            many.join(", ")
        )),
    }
}

/// While a date field is being edited: what the text typed so far resolves to.
pub fn preview(state: &State) -> Option<Result<String, String>> {
    let ModeState::Edit {
        row,
        editor,
        note: false,
    } = &state.mode
    else {
        return None;
    };
    let s = state.session.as_ref()?;
    if !is_date(&state.schema, *row) || editor.text().trim().is_empty() {
        return None;
    }
    Some(read(&state.schema, *row, &s.article, editor.text()))
}
