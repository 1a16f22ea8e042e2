//! The article pane: title, metadata, and only the visible wrapped lines, with highlights.

use super::theme::Theme;
use crate::core::form;
use crate::core::State;
use crate::domain::annotation::{Entry, FieldAnn};
use crate::domain::text::{sanitize, sanitize_char};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Code point ranges to highlight, strongest first.
struct Marks {
    current: Option<(usize, usize)>,
    focus: Vec<(usize, usize)>,
    matches: Vec<(usize, usize)>,
    other: Vec<(usize, usize)>,
}

impl Marks {
    fn style(&self, c: usize, theme: &Theme) -> Style {
        let inside = |r: &(usize, usize)| r.0 <= c && c < r.1;
        if self.current.as_ref().is_some_and(inside) {
            theme.search_current()
        } else if self.focus.iter().any(inside) {
            theme.evidence_focus()
        } else if self.matches.iter().any(inside) {
            theme.search_match()
        } else if self.other.iter().any(inside) {
            theme.evidence_other()
        } else {
            Style::new()
        }
    }
}

fn collect_evidence(f: &FieldAnn, out: &mut Vec<(usize, usize)>) {
    out.extend(
        f.evidence
            .iter()
            .filter(|e| !e.stale)
            .map(|e| (e.start, e.end)),
    );
    if let Entry::Records(recs) = &f.value {
        for sub in recs.iter().flat_map(|r| &r.fields) {
            collect_evidence(sub, out);
        }
    }
}

/// The pane's title: "Article", then the verdict's words when there are any (the skip reason,
/// the flag and its reason, the article's note).
fn title(state: &State) -> String {
    let mut parts = vec!["Article".to_string()];
    if let Some(a) = state.session.as_ref().map(|s| &s.annotation) {
        if let Some(r) = a.skip_reason.as_deref() {
            parts.push(format!("skipped: {r}"));
        }
        match a.flag.as_ref().map(|f| f.reason.as_deref()) {
            Some(Some(r)) => parts.push(format!("flagged: {r}")),
            Some(None) => parts.push("flagged".into()),
            None => {}
        }
        if let Some(n) = a.note.as_deref() {
            parts.push(format!("note: {n}"));
        }
    }
    format!(" {} ", sanitize(&parts.join(" · ")))
}

pub fn draw(f: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let block = Block::new().borders(Borders::ALL).title(title(state));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(s) = &state.session else {
        f.render_widget(Paragraph::new("No article open"), inner);
        return;
    };
    let text_area = Rect {
        y: inner.y.saturating_add(2).min(inner.bottom()),
        height: inner.height.saturating_sub(2),
        ..inner
    };
    let mut meta = vec![s.article.id.clone()];
    meta.extend(s.article.published.clone());
    meta.extend(s.article.url.clone());
    let head = vec![
        Line::styled(sanitize(&s.article.title), theme.bold()),
        Line::styled(sanitize(&meta.join(" · ")), theme.dim()),
    ];
    f.render_widget(
        Paragraph::new(head),
        Rect {
            height: inner.height.min(2),
            ..inner
        },
    );

    let h = usize::from(text_area.height);
    let visible = s.wrapped.lines.iter().skip(s.scroll).take(h);
    let (lo, hi) = match (
        s.wrapped.lines.get(s.scroll),
        s.wrapped.lines.get(s.scroll + h),
    ) {
        (Some(a), Some(b)) => (a.char_start, b.char_start),
        (Some(a), None) => (a.char_start, usize::MAX),
        _ => (0, 0),
    };
    let near = |r: &(usize, usize)| r.1 > lo && r.0 < hi;
    let mut focus = Vec::new();
    if let Some(shown) = crate::core::adjudicate::shown_evidence(state) {
        // Adjudicating: the evidence of the reviewer's value shown with `c`.
        focus = shown;
    } else if let Some(fa) = state
        .focused_row()
        .and_then(|row| form::get(&state.schema, &s.annotation, row))
    {
        collect_evidence(fa, &mut focus);
    }
    let mut other = Vec::new();
    s.annotation
        .fields
        .iter()
        .for_each(|fa| collect_evidence(fa, &mut other));
    // Matches are sorted: find the window by binary search, not by scanning them all.
    let m = &s.search.matches;
    let first = m.partition_point(|r| r.1 <= lo);
    let last = m.partition_point(|r| r.0 < hi);
    let marks = Marks {
        current: s.search.current_match(),
        focus: focus.into_iter().filter(near).collect(),
        matches: m[first..last.max(first)].to_vec(),
        other: other.into_iter().filter(near).collect(),
    };
    let text = &s.article.text;
    let buf = f.buffer_mut();
    for (dy, l) in visible.enumerate() {
        let raw = &text[l.byte_start..l.byte_end];
        put_line(
            buf,
            text_area,
            text_area.y + dy as u16,
            raw,
            l.char_start,
            &marks,
            theme,
        );
    }
    if s.wrapped.lines.len() > h && area.height > 2 {
        let pct = (s.scroll + h).min(s.wrapped.lines.len()) * 100 / s.wrapped.lines.len().max(1);
        let label = format!(" {pct}% ");
        let w = label.width() as u16;
        if area.width > w + 2 {
            let at = Rect::new(area.right() - w - 1, area.bottom() - 1, w, 1);
            f.render_widget(Paragraph::new(label).style(theme.dim()), at);
        }
    }
}

/// Writes one wrapped line straight into the buffer: each raw character sanitized, styled by the
/// highlight it falls in. Cells are set directly (no re-wrapping, no re-segmenting by widgets),
/// so a frame costs the same whatever the article's length.
fn put_line(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    raw: &str,
    char0: usize,
    marks: &Marks,
    theme: &Theme,
) {
    let mut x = area.x;
    let right = area.right();
    let mut col = 0;
    let mut tmp = String::new();
    let mut last: Option<u16> = None;
    for (i, c) in raw.chars().enumerate() {
        if x >= right {
            break;
        }
        let style = marks.style(char0 + i, theme);
        tmp.clear();
        sanitize_char(c, col, &mut tmp);
        for shown in tmp.chars() {
            let w = shown.width().unwrap_or(0);
            if w == 0 {
                // A combining mark joins the character before it.
                if let Some(cell) = last.and_then(|lx| buf.cell_mut((lx, y))) {
                    let mut sym = cell.symbol().to_string();
                    sym.push(shown);
                    cell.set_symbol(&sym);
                }
                continue;
            }
            if x + w as u16 > right {
                x = right;
                break;
            }
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.set_char(shown).set_style(style);
            }
            for k in 1..w as u16 {
                if let Some(cell) = buf.cell_mut((x + k, y)) {
                    cell.reset();
                }
            }
            last = Some(x);
            x += w as u16;
            col += w;
        }
    }
}
