//! Drawing the whole screen from the state. Reads state only; never changes it.

use super::theme::Theme;
use super::{article, footer, form, header, overlay, queue};
use crate::core::editor::LineEditor;
use crate::core::layout::{Area, Screen};
use crate::core::state::ModeState;
use crate::core::State;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

fn rect(a: Area) -> Rect {
    Rect::new(a.x, a.y, a.width, a.height)
}

pub fn draw(f: &mut Frame, state: &State, theme: &Theme) {
    let area = f.area();
    if crate::core::queue_view::showing(state) {
        // The queue, beneath its prompt line or its help.
        queue::draw(f, state, theme);
        overlay::draw(f, area, state, theme);
        return;
    }
    let screen = Screen::compute(area.width, area.height);
    header::draw(f, rect(screen.header), state, theme);
    article::draw(f, rect(screen.article), state, theme);
    form::draw(f, rect(screen.form), state, theme);
    footer::draw_hints(f, rect(screen.hints), state, theme);
    let status = rect(screen.status);
    match &state.mode {
        ModeState::Search { editor, .. } => input_line(f, status, "/", editor, theme),
        ModeState::Prompt(p) => input_line(f, status, p.kind.label(), &p.editor, theme),
        _ => footer::draw_status(f, status, state, theme),
    }
    overlay::draw(f, area, state, theme);
}

/// A prompt and the text typed into it, with the terminal's cursor at the editor's; a text
/// longer than the line scrolls to keep the cursor in view.
pub fn input_line(f: &mut Frame, area: Rect, prompt: &str, editor: &LineEditor, theme: &Theme) {
    let room = usize::from(area.width).saturating_sub(prompt.width());
    let (text, col) = form::scroll_input("", editor, room);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt.to_string(), theme.key()),
            Span::raw(text),
        ])),
        area,
    );
    let w = prompt.width() + col;
    let x = area.x.saturating_add(u16::try_from(w).unwrap_or(u16::MAX));
    let pos = Position::new(x, area.y);
    if area.contains(pos) {
        f.set_cursor_position(pos);
    }
}
