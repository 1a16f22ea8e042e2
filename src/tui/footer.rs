//! The hint bar (generated from the keymap) and the status line.

use super::theme::Theme;
use crate::core::state::Level;
use crate::core::State;
use crate::domain::text::sanitize;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub fn draw_hints(f: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mode = state.mode.mode();
    let adjudicating = state.adjudication.is_some();
    let label = match mode {
        crate::core::command::Mode::Normal if adjudicating => "adjudicate",
        _ => mode.label(),
    };
    let mut spans = vec![Span::styled(format!(" {label} "), theme.header())];
    let mut used = spans[0].content.width();
    // Adjudicating, its own commands come first; reviewing, they are left out.
    let mut hints = state
        .keymap
        .hints_where(mode, |c| adjudicating && c.adjudicating_only());
    hints.extend(state.keymap.hints_where(mode, |c| !c.adjudicating_only()));
    for (key, label) in hints {
        let piece = key.width() + label.width() + 3;
        if used + piece > usize::from(area.width) {
            break;
        }
        used += piece;
        spans.push(Span::raw(" "));
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {label} ")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn draw_status(f: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let line = match &state.message {
        Some(m) => {
            let style = match m.level {
                Level::Info => theme.ok(),
                Level::Warn => theme.warn(),
                Level::Error => theme.error(),
            };
            Line::styled(format!(" {}", sanitize(&m.text)), style)
        }
        None if state.mode.mode() != crate::core::command::Mode::Normal => Line::raw(""),
        None => {
            let help = state
                .keymap
                .key_for(
                    crate::core::command::Mode::Normal,
                    crate::core::command::Command::Help,
                )
                .map_or_else(String::new, |k| format!(" {k} for help"));
            Line::styled(help, theme.dim())
        }
    };
    f.render_widget(Paragraph::new(line), area);
}
