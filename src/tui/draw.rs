//! Drawing the whole screen from the state. Reads state only; never changes it.

use super::theme::Theme;
use super::{article, footer, form, header, overlay};
use crate::core::layout::{Area, Screen};
use crate::core::state::ModeState;
use crate::core::State;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

fn rect(a: Area) -> Rect {
    Rect::new(a.x, a.y, a.width, a.height)
}

pub fn draw(f: &mut Frame, state: &State, theme: &Theme) {
    let area = f.area();
    let screen = Screen::compute(area.width, area.height);
    header::draw(f, rect(screen.header), state, theme);
    article::draw(f, rect(screen.article), state, theme);
    form::draw(f, rect(screen.form), state, theme);
    footer::draw_hints(f, rect(screen.hints), state, theme);
    if let ModeState::Search { editor, .. } = &state.mode {
        let status = rect(screen.status);
        let text = crate::domain::text::sanitize(editor.text());
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("/", theme.key()),
                Span::raw(text.clone()),
            ])),
            status,
        );
        let before = crate::domain::text::sanitize(&editor.text()[..editor.cursor()]);
        let w = unicode_width::UnicodeWidthStr::width(before.as_str());
        let x = status
            .x
            .saturating_add(1)
            .saturating_add(u16::try_from(w).unwrap_or(u16::MAX));
        let pos = Position::new(x, status.y);
        if status.contains(pos) {
            f.set_cursor_position(pos);
        }
    } else {
        footer::draw_status(f, rect(screen.status), state, theme);
    }
    overlay::draw(f, area, state, theme);
}
