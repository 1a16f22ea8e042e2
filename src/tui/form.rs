//! The form pane: one line per field or sub-field, and a detail box for the focused one.

use super::theme::Theme;
use crate::core::editor::LineEditor;
use crate::core::form::{self, Row};
use crate::core::state::ModeState;
use crate::core::State;
use crate::domain::annotation::{Entry, FieldAnn, FieldState};
use crate::domain::text::sanitize;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// The state's mark: readable without colour.
pub fn state_mark(s: FieldState) -> &'static str {
    match s {
        FieldState::Unreviewed => "·",
        FieldState::Confirmed => "✓",
        FieldState::Corrected => "✎",
        FieldState::Rejected => "∅",
    }
}

fn state_style(s: FieldState, theme: &Theme) -> Style {
    match s {
        FieldState::Unreviewed => theme.dim(),
        FieldState::Confirmed | FieldState::Corrected => theme.ok(),
        FieldState::Rejected => theme.warn(),
    }
}

/// Truncates a sanitized string to a display width, with an ellipsis.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > width {
            break;
        }
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

fn value_text(fa: &FieldAnn) -> String {
    match &fa.value {
        Entry::Empty => "—".into(),
        other => sanitize(&other.display()),
    }
}

pub fn draw(f: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let title = format!(" {} v{} ", state.schema.name, state.schema.version);
    let mut block = Block::new().borders(Borders::ALL).title(sanitize(&title));
    let inner = block.inner(area);
    let rows = state.rows();
    let detail_h = if inner.height >= 14 { 6 } else { 0 };
    let list_h = usize::from(inner.height.saturating_sub(detail_h));
    let Some(s) = &state.session else {
        f.render_widget(block, area);
        return;
    };
    let retired = super::retired::lines(&s.annotation);
    let extra = if retired.is_empty() {
        0
    } else {
        retired.len() + 1
    };
    // Keep the focus one row above the bottom once the list scrolls; on the last row, show what
    // follows the rows (the retired values) too.
    let mut offset = (state.focus + 2).saturating_sub(list_h).min(state.focus);
    if state.focus + 1 == rows.len() {
        offset = (rows.len() + extra).saturating_sub(list_h).min(state.focus);
    }
    let scrolls = rows.len() > list_h && list_h > 0;
    if scrolls {
        let last = (offset + list_h).min(rows.len());
        let room = usize::from(area.width).saturating_sub(title.width() + 4);
        let long = format!(" rows {}-{last} of {} ", offset + 1, rows.len());
        let short = format!(" {}-{last}/{} ", offset + 1, rows.len());
        let shown = [long, short].into_iter().find(|t| t.width() <= room);
        if let Some(t) = shown {
            block = block.title(Line::from(t).right_aligned());
        }
    }
    f.render_widget(block, area);
    if scrolls {
        scrollbar(f, area, inner.y, list_h, offset, rows.len(), theme);
    }
    let w = usize::from(inner.width);
    let label_w = (w / 3).clamp(4, 18);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, row) in rows.iter().enumerate().skip(offset).take(list_h) {
        let Some(fa) = form::get(&state.schema, &s.annotation, *row) else {
            continue;
        };
        let Some(def) = form::def(&state.schema, *row) else {
            continue;
        };
        let (indent, label) = match row {
            Row::Field { .. } => (String::new(), def.label.clone()),
            Row::Sub { record, sub: 0, .. } => (format!("#{} ", record + 1), def.label.clone()),
            Row::Sub { .. } => ("   ".into(), def.label.clone()),
        };
        let req = if def.required { "*" } else { "" };
        let label = fit(&sanitize(&format!("{indent}{label}{req}")), label_w);
        // The confidence is the suggestion's: shown only while the suggestion stands.
        let stands = matches!(fa.state, FieldState::Unreviewed | FieldState::Confirmed);
        let conf = fa
            .suggestion
            .as_ref()
            .and_then(|x| x.confidence)
            .filter(|_| stands)
            .map_or(String::new(), |c| format!(" {:>3.0}%", c * 100.0));
        let value_w = w.saturating_sub(2 + label_w + 1 + conf.width());
        let focused = i == state.focus;
        let value = match (&state.mode, focused) {
            (ModeState::Edit { editor, note, .. }, true) => {
                let prefix = if *note { "note: " } else { "" };
                let (shown, col) = scroll_input(prefix, editor, value_w);
                let x = inner.x as usize + 2 + label_w + 1 + col;
                cursor = Some(Position::new(x as u16, inner.y + (i - offset) as u16));
                shown
            }
            _ => fit(
                &super::adjudicate::row_value(state, *row, fa, value_w)
                    .unwrap_or_else(|| value_text(fa)),
                value_w,
            ),
        };
        let mut spans = vec![
            Span::styled(
                format!(
                    "{}{}",
                    state_mark(fa.state),
                    super::adjudicate::mark(state, *row)
                ),
                state_style(fa.state, theme),
            ),
            Span::styled(
                format!("{label:<label_w$} "),
                if focused { theme.bold() } else { Style::new() },
            ),
            Span::raw(format!("{value:<value_w$}")),
            Span::styled(conf, theme.dim()),
        ];
        if focused {
            spans = spans
                .into_iter()
                .map(|sp| sp.patch_style(theme.focus_row()))
                .collect();
        }
        lines.push(Line::from(spans));
    }
    if !retired.is_empty() {
        let head = format!(
            "── retired, not in {} v{} (read-only) ",
            state.schema.name, state.schema.version
        );
        let tail = std::iter::once(Line::styled(fit(&sanitize(&head), w), theme.dim())).chain(
            retired
                .iter()
                .map(|l| Line::styled(fit(&format!("⊘ {l}"), w), theme.dim())),
        );
        let room = list_h.saturating_sub(lines.len());
        lines.extend(tail.take(room));
    }
    f.render_widget(
        Paragraph::new(lines),
        Rect {
            height: list_h as u16,
            ..inner
        },
    );
    if let Some(pos) = cursor {
        if inner.contains(pos) {
            f.set_cursor_position(pos);
        }
    }
    if detail_h > 0 {
        let area = Rect {
            y: inner.y + list_h as u16,
            height: detail_h,
            ..inner
        };
        draw_detail(f, area, state, theme, w.saturating_sub(2 + label_w + 1));
    }
}

/// A scroll bar on the form's right border beside the rows: where the visible rows are.
fn scrollbar(
    f: &mut Frame,
    area: Rect,
    top: u16,
    list_h: usize,
    offset: usize,
    total: usize,
    theme: &Theme,
) {
    let x = area.right().saturating_sub(1);
    let total = total.max(1);
    let from = offset * list_h / total;
    let to = ((offset + list_h) * list_h)
        .div_ceil(total)
        .clamp(from + 1, list_h);
    let buf = f.buffer_mut();
    for i in from..to {
        let y = top + i as u16;
        if let Some(cell) = buf.cell_mut(Position::new(x, y)) {
            cell.set_symbol("┃").set_style(theme.bold());
        }
    }
}

/// An input's text fitted to `width` columns with the cursor kept in view: when the text before
/// the cursor does not fit, its start is cut (shown as `…`). The text and the cursor's column.
pub fn scroll_input(prefix: &str, editor: &LineEditor, width: usize) -> (String, usize) {
    let before = sanitize(&format!("{prefix}{}", &editor.text()[..editor.cursor()]));
    let full = sanitize(&format!("{prefix}{}", editor.text()));
    let after = full.strip_prefix(before.as_str()).unwrap_or("").to_string();
    if before.width() < width {
        return (fit(&full, width), before.width());
    }
    // Keep the end of the text before the cursor: "…" and as much as fits with the cursor cell.
    let room = width.saturating_sub(2);
    let mut kept: Vec<char> = Vec::new();
    let mut used = 0;
    for c in before.chars().rev() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > room {
            break;
        }
        used += cw;
        kept.push(c);
    }
    let tail: String = kept.into_iter().rev().collect();
    let ellipsis = if width > 1 { "…" } else { "" };
    let shown = fit(&format!("{ellipsis}{tail}{after}"), width);
    (shown, (ellipsis.width() + used).min(width))
}

/// What the focused field is, what was suggested and by whom, and its evidence. While editing:
/// the whole text typed so far, wrapped, and what a date resolves to; else the whole value when
/// its row (`value_w` columns) cuts it.
fn draw_detail(f: &mut Frame, area: Rect, state: &State, theme: &Theme, value_w: usize) {
    let (Some(row), Some(s)) = (state.focused_row(), &state.session) else {
        return;
    };
    let (Some(def), Some(fa)) = (
        form::def(&state.schema, row),
        form::get(&state.schema, &s.annotation, row),
    ) else {
        return;
    };
    let adjudicating = match &state.mode {
        ModeState::Edit { .. } => None,
        _ => super::adjudicate::detail(state, row, theme),
    };
    if let Some(lines) = adjudicating {
        let block = Block::new().borders(Borders::TOP);
        let inner = block.inner(area);
        f.render_widget(block, area);
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        return;
    }
    let mut lines = vec![Line::from(vec![
        Span::styled(sanitize(&form::path(&state.schema, row)), theme.bold()),
        Span::raw(format!(" ({}) · {}", def.kind.name(), fa.state.label())),
    ])];
    match &state.mode {
        ModeState::Edit { editor, note, .. } => {
            let what = if *note { "note" } else { "typed" };
            lines.push(Line::raw(sanitize(&format!("{what}: {}", editor.text()))));
            match crate::core::dates::preview(state) {
                Some(Ok(iso)) => lines.push(Line::styled(format!("→ {iso}"), theme.ok())),
                Some(Err(why)) => lines.push(Line::styled(format!("✗ {why}"), theme.warn())),
                None => {}
            }
        }
        _ => {
            let value = value_text(fa);
            if value.width() > value_w {
                lines.push(Line::raw(format!("value: {value}")));
            }
        }
    }
    if !def.help.is_empty() {
        lines.push(Line::styled(sanitize(&def.help), theme.dim()));
    }
    lines.push(Line::raw(match &fa.suggestion {
        Some(sug) => {
            let conf = sug
                .confidence
                .map_or(String::new(), |c| format!(" at {c:.2}"));
            sanitize(&format!(
                "suggested: {} (by {}{conf})",
                match &sug.value {
                    Entry::Empty => "nothing".to_string(),
                    v => v.display(),
                },
                sug.source
            ))
        }
        None => "no suggestion".into(),
    }));
    if let Some(note) = &fa.note {
        lines.push(Line::raw(sanitize(&format!("note: {note}"))));
    }
    for e in fa.evidence.iter().take(2) {
        let stale = if e.stale {
            " (not found in the text)"
        } else {
            ""
        };
        lines.push(Line::raw(sanitize(&format!(
            "evidence: \u{201c}{}\u{201d}{stale}",
            e.quote
        ))));
    }
    let block = Block::new().borders(Borders::TOP);
    let inner = block.inner(area);
    f.render_widget(block, area);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
