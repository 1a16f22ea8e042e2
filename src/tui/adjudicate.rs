//! What the form shows while adjudicating: a mark on the fields the reviewers disagree on, their
//! values side by side on a field not settled yet (`1:Kenosha 2:Racine`), and in the box below
//! the form each reviewer's value of the focused field with its evidence and where the
//! adjudicated value came from.

use super::theme::Theme;
use crate::core::adjudicate::{self, settle};
use crate::core::form::Row;
use crate::core::State;
use crate::domain::annotation::{Entry, FieldAnn, Record, Source};
use crate::domain::text::sanitize;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// The mark between a row's state mark and its label: `≠` where the reviewers disagree.
pub fn mark(state: &State, row: Row) -> &'static str {
    let Some(adj) = adjudicate::active(state) else {
        return " ";
    };
    match (row, state.schema.fields.get(row.field())) {
        (Row::Field { .. }, Some(def)) if !settle::agreed(def, &adj.reviews) => "≠",
        _ => " ",
    }
}

/// A reviewer's value as a short text ("—" when they left it empty).
fn shown(fa: Option<&FieldAnn>) -> String {
    match fa.map(|f| &f.value) {
        None | Some(Entry::Empty) => "—".into(),
        Some(v) => sanitize(&v.display()),
    }
}

/// The row's value while its field is not settled and the reviewers disagree: each reviewer's,
/// numbered as the digits take them, in `width` columns. When they do not all fit, each gets a
/// fair share (what a short one leaves goes to the others), so every reviewer's value shows.
pub fn row_value(state: &State, row: Row, fa: &FieldAnn, width: usize) -> Option<String> {
    let adj = adjudicate::active(state)?;
    if !matches!(row, Row::Field { .. }) || fa.state.is_reviewed() || mark(state, row) == " " {
        return None;
    }
    let parts: Vec<String> = adj
        .candidates(state, row)
        .into_iter()
        .map(|(i, _, f)| format!("{}:{}", i + 1, shown(f)))
        .collect();
    Some(fit_all(&parts, width).join(" "))
}

/// Cuts parts (joined by single spaces) to fit `width`: the shortest keep their whole text and
/// the rest share what is left equally.
fn fit_all(parts: &[String], width: usize) -> Vec<String> {
    let n = parts.len();
    let mut room = width.saturating_sub(n.saturating_sub(1));
    let mut shares = vec![0; n];
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| parts[i].width());
    for (k, &i) in order.iter().enumerate() {
        let fair = room / (n - k);
        shares[i] = parts[i].width().min(fair);
        room -= shares[i];
    }
    parts
        .iter()
        .zip(shares)
        .map(|(p, w)| super::form::fit(p, w))
        .collect()
}

/// A record as one line: its sub-fields' values that are set, in schema order.
fn record_line(r: &Record) -> String {
    let vals: Vec<String> = r
        .fields
        .iter()
        .filter(|f| !matches!(f.value, Entry::Empty | Entry::NotMentioned))
        .map(|f| f.value.display())
        .collect();
    sanitize(&vals.join(" "))
}

/// The detail box's lines for the focused row while adjudicating: where the value came from,
/// then each reviewer's value (a group: their records) with its first evidence quote; the
/// reviewer shown with `c` is marked `▸`.
pub fn detail(state: &State, row: Row, theme: &Theme) -> Option<Vec<Line<'static>>> {
    let adj = adjudicate::active(state)?;
    let s = state.session.as_ref()?;
    let def = state.schema.fields.get(row.field())?;
    if !matches!(row, Row::Field { .. }) {
        return None;
    }
    let from = s
        .annotation
        .adjudication
        .as_ref()
        .and_then(|a| a.fields.iter().find(|f| f.key == def.key))
        .map(|f| match &f.from {
            Source::Agreed => "agreed".to_string(),
            Source::Reviewer(name) => format!("from {name}"),
            Source::Edited => "edited".to_string(),
        })
        .unwrap_or_else(|| "not settled".into());
    let agree = if settle::agreed(def, &adj.reviews) {
        ""
    } else {
        "≠ "
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(sanitize(&def.key), theme.bold()),
        Span::raw(sanitize(&format!(" ({}) · {agree}{from}", def.kind.name()))),
    ])];
    let marked = adj
        .shown
        .filter(|x| x.focus == state.focus)
        .map(|x| x.reviewer);
    for (i, c, fa) in adj.candidates(state, row) {
        let pointer = if marked == Some(i) { "▸" } else { " " };
        let mut text = format!("{pointer}{} {}: {}", i + 1, sanitize(&c.name), shown(fa));
        if let Some(e) = fa.and_then(|f| f.evidence.first()) {
            text.push_str(&sanitize(&format!(" \u{201c}{}\u{201d}", e.quote)));
        }
        let style = if marked == Some(i) {
            theme.bold()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::styled(text, style));
        for r in fa.map_or(&[][..], FieldAnn::records) {
            lines.push(Line::styled(
                format!("    · {}", record_line(r)),
                theme.dim(),
            ));
        }
    }
    Some(lines)
}

/// How many articles wait for adjudication (the header's and the queue's words).
pub fn waiting(state: &State) -> Option<String> {
    state
        .adjudication
        .as_ref()
        .map(|_| format!("adjudicating: {} waiting", state.queue.remaining()))
}

/// The header's part: how many articles wait for adjudication.
pub fn header(state: &State) -> Option<String> {
    waiting(state).map(|w| format!("│ {w} "))
}

#[cfg(test)]
mod tests {
    use super::fit_all;

    #[test]
    fn every_part_keeps_a_share_and_short_ones_stay_whole() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            fit_all(&p(&["1:Farmington", "2:Racine"]), 30),
            p(&["1:Farmington", "2:Racine"])
        );
        assert_eq!(
            fit_all(&p(&["1:Farmington", "2:Racine"]), 19),
            p(&["1:Farming…", "2:Racine"])
        );
        assert_eq!(
            fit_all(&p(&["1:Farmington", "2:Farmington"]), 15),
            p(&["1:Farm…", "2:Farm…"])
        );
        assert_eq!(fit_all(&p(&["1:a", "2:b"]), 0).len(), 2);
    }
}
