//! The top line: position, article, progress, the reviewer's shard (if any), reviewer.

use super::theme::Theme;
use crate::core::State;
use crate::domain::annotation::Status;
use crate::domain::text::sanitize;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn draw(f: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let q = &state.queue;
    let mut parts = vec![Span::styled(" vetter ", theme.bold())];
    // While the corpus is counted, the queue holds only its first articles.
    let more = if q.counting { "+" } else { "" };
    parts.push(Span::raw(format!(
        "│ {}/{}{more} ",
        (q.position + 1).min(q.len()),
        q.len()
    )));
    if let Some(s) = &state.session {
        parts.push(Span::styled(
            format!("{} ", sanitize(&s.article.id)),
            theme.bold(),
        ));
        match s.annotation.status {
            Status::InProgress => {}
            other => parts.push(Span::raw(format!("[{}] ", other.label()))),
        }
        if s.annotation.flag.is_some() {
            parts.push(Span::styled("[flagged] ", theme.warn()));
        }
        if s.read_only.is_some() {
            parts.push(Span::raw("[read-only] "));
        }
    }
    if !state.unsaved.is_empty() {
        parts.push(Span::styled(
            format!("[unsaved {}] ", state.unsaved.len()),
            theme.error(),
        ));
    }
    parts.push(Span::raw(format!(
        "│ {} finished, {} left ",
        q.counts().finished(),
        q.remaining()
    )));
    parts.extend(super::adjudicate::header(state).map(Span::raw));
    if q.counting {
        parts.push(Span::raw("│ counting articles… "));
    } else if let Some(p) = &q.scan {
        // The counts are not final until the background scan of the annotations ends.
        parts.push(Span::raw(format!("│ scanning {}/{} ", p.checked, p.total)));
    }
    if let Some(shard) = &q.shard {
        parts.push(Span::raw(format!("│ {shard} ")));
    }
    parts.push(Span::raw(format!("│ {} ", sanitize(&state.reviewer))));
    if state.session.is_some() {
        shorten(&mut parts, ID, usize::from(area.width));
    }
    f.render_widget(
        Paragraph::new(Line::from(parts)).style(theme.header()),
        area,
    );
}

/// Where the article id is among the header's parts.
const ID: usize = 2;

/// Shortens part `i` (with "…") so that the whole line fits `width` when it can.
fn shorten(parts: &mut [Span<'static>], i: usize, width: usize) {
    let total: usize = parts.iter().map(|p| p.content.width()).sum();
    let Some(over) = total.checked_sub(width).filter(|o| *o > 0) else {
        return;
    };
    let Some(part) = parts.get_mut(i) else { return };
    let keep = part.content.width().saturating_sub(over + 2);
    let mut out = String::new();
    for c in part.content.chars() {
        if out.width() + c.width().unwrap_or(0) > keep {
            break;
        }
        out.push(c);
    }
    out.push_str("… ");
    part.content = out.into();
}
