//! Pop-ups over the review screen: help (from the keymap), the choice picker, delete confirmation.

use super::theme::Theme;
use crate::core::command::{Command, Mode};
use crate::core::form;
use crate::core::state::{ModeState, Picker};
use crate::core::State;
use crate::domain::text::sanitize;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// A centered rectangle of at most the given size.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn draw(f: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    match &state.mode {
        ModeState::Help { scroll, from } => help(f, area, state, *scroll, *from, theme),
        ModeState::Picker(p) => picker(f, area, state, p, theme),
        ModeState::ConfirmDelete { row } => {
            let what = form::def(&state.schema, form::Row::Field { field: row.field() })
                .map_or("record".into(), |d| d.label.clone());
            let n = match row {
                form::Row::Sub { record, .. } => record + 1,
                _ => 0,
            };
            let yes = state.keymap.key_for(Mode::Confirm, Command::Yes);
            let no = state.keymap.key_for(Mode::Confirm, Command::No);
            let keys = format!(
                "{} delete · {} keep",
                yes.map_or("?".into(), |k| k.to_string()),
                no.map_or("?".into(), |k| k.to_string())
            );
            let text = vec![
                Line::raw(sanitize(&format!("Delete {what} #{n}?"))),
                Line::styled(keys, theme.key()),
            ];
            confirm_box(f, area, text, 36);
        }
        ModeState::ConfirmReject { row, records } => {
            let what = form::def(&state.schema, *row).map_or("group".into(), |d| d.label.clone());
            let keys = format!(
                "{} reject · {} keep",
                key_of(state, Command::Yes),
                key_of(state, Command::No)
            );
            let text = vec![
                Line::raw(sanitize(&format!(
                    "Reject {what} (not mentioned) and delete its {records} record(s)?"
                ))),
                Line::styled(keys, theme.key()),
            ];
            confirm_box(f, area, text, 40);
        }
        ModeState::ConfirmQuit { discard } => confirm_quit(f, area, state, *discard, theme),
        _ => {}
    }
}

/// The first key bound to a command in confirm mode, for a pop-up's hint.
fn key_of(state: &State, c: Command) -> String {
    state
        .keymap
        .key_for(Mode::Confirm, c)
        .map_or("?".into(), |k| k.to_string())
}

/// A bordered box of `text`, wrapped to `width` (and so as tall as the wrapped text needs).
fn confirm_box(f: &mut Frame, area: Rect, text: Vec<Line<'static>>, width: u16) {
    let inner = usize::from(width.min(area.width).saturating_sub(2)).max(1);
    let rows: usize = text.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let r = centered(area, width, u16::try_from(rows + 2).unwrap_or(u16::MAX));
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(text)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(Block::new().borders(Borders::ALL).title(" Confirm ")),
        r,
    );
}

/// Quitting with unsaved annotations: what failed, and the ways on.
fn confirm_quit(f: &mut Frame, area: Rect, state: &State, discard: bool, theme: &Theme) {
    let key = |c| {
        state
            .keymap
            .key_for(Mode::Unsaved, c)
            .map_or("?".into(), |k| k.to_string())
    };
    let n = state.unsaved.len();
    let ids: Vec<String> = state.unsaved.ids().take(3).map(sanitize).collect();
    let mut text = vec![
        Line::styled(format!("{n} annotation(s) NOT saved:"), theme.bold()),
        Line::raw(ids.join(", ")),
        Line::raw(sanitize(state.unsaved.last_error().unwrap_or(""))),
    ];
    if discard {
        text.push(Line::styled(
            format!(
                "Quit and lose them? {} quit · {} back",
                key(Command::Yes),
                key(Command::No)
            ),
            theme.key(),
        ));
    } else {
        text.push(Line::styled(
            format!(
                "{} retry · {} write recovery file · {} quit anyway · {} back",
                key(Command::RetrySave),
                key(Command::WriteRecovery),
                key(Command::QuitAnyway),
                key(Command::No)
            ),
            theme.key(),
        ));
    }
    confirm_box(f, area, text, 72);
}

/// Every binding, the mode help was opened from first.
pub fn help_lines(state: &State, from: Mode, theme: &Theme) -> Vec<Line<'static>> {
    let mut modes = vec![from];
    modes.extend(Mode::ALL.iter().copied().filter(|m| *m != from));
    let mut lines = Vec::new();
    for m in modes {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(format!("{} mode", m.label()), theme.bold()));
        for b in state.keymap.bindings(m) {
            let keys = if b.keys.is_empty() {
                "(unbound)".to_string()
            } else {
                crate::core::keymap::keys_label(&b.keys)
            };
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<22}"), theme.key()),
                Span::raw(b.command.describe_in(m)),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(
        "Field marks: · unreviewed  ✓ confirmed  ✎ corrected  ∅ not mentioned  * required",
    ));
    lines
}

fn help(f: &mut Frame, area: Rect, state: &State, scroll: usize, from: Mode, theme: &Theme) {
    let r = centered(area, 90, area.height.saturating_sub(2).max(3));
    let lines = help_lines(state, from, theme);
    let max = lines
        .len()
        .saturating_sub(usize::from(r.height.saturating_sub(2)));
    let scroll = scroll.min(max) as u16;
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).scroll((scroll, 0)).block(
            Block::new()
                .borders(Borders::ALL)
                .title(" Help · keys from the keymap "),
        ),
        r,
    );
}

fn picker(f: &mut Frame, area: Rect, state: &State, p: &Picker, theme: &Theme) {
    let label = form::def(&state.schema, p.row).map_or(String::new(), |d| d.label.clone());
    let lines: Vec<Line> = p
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mark = match (p.multi, p.picked.get(i).copied().unwrap_or(false)) {
                (true, true) => "[x] ",
                (true, false) => "[ ] ",
                (false, _) if i == p.cursor => "> ",
                (false, _) => "  ",
            };
            // Digits 1-9 pick the first nine choices.
            let number = if i < 9 {
                format!("{} ", i + 1)
            } else {
                "  ".to_string()
            };
            let line = Line::from(vec![
                Span::styled(number, theme.key()),
                Span::raw(sanitize(&format!("{mark}{c}"))),
            ]);
            if i == p.cursor {
                line.style(theme.focus_row())
            } else {
                line
            }
        })
        .collect();
    let hint = if p.multi {
        "1-9/Space toggle, Enter saves"
    } else {
        "1-9 or Enter picks"
    };
    let title_bottom = if p.typed.is_empty() {
        format!(" {hint} ")
    } else {
        sanitize(&format!(" {hint} · {} ", p.typed))
    };
    let r = centered(area, 40, p.choices.len() as u16 + 2);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(
            Block::new()
                .borders(Borders::ALL)
                .title(sanitize(&format!(" {label} ")))
                .title_bottom(title_bottom),
        ),
        r,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::keymap::Keymap;
    use crate::core::state::Queue;
    use std::sync::Arc;

    #[test]
    fn the_core_knows_how_long_help_is() {
        let km = Keymap::default_keymap();
        let state = State::new(
            Arc::new(crate::io::default_schema()),
            Arc::new(km.clone()),
            "t",
            Queue::of_ids(&["a"]),
        );
        let lines = help_lines(&state, Mode::Normal, &Theme { color: false });
        assert_eq!(lines.len(), km.help_len());
    }
}
