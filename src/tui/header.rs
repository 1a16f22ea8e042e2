//! The top line: position, article, progress, reviewer.

use super::theme::Theme;
use crate::core::State;
use crate::domain::annotation::Status;
use crate::domain::text::sanitize;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw(f: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let q = &state.queue;
    let mut parts = vec![Span::styled(" vetter ", theme.bold())];
    parts.push(Span::raw(format!(
        "│ {}/{} ",
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
        "│ finished {}/{}, {} left ",
        q.counts().finished(),
        q.len(),
        q.remaining()
    )));
    if let Some(p) = &q.scan {
        // The counts are not final until the background scan of the annotations ends.
        parts.push(Span::raw(format!("│ scanning {}/{} ", p.checked, p.total)));
    }
    parts.push(Span::raw(format!("│ {} ", sanitize(&state.reviewer))));
    f.render_widget(
        Paragraph::new(Line::from(parts)).style(theme.header()),
        area,
    );
}
