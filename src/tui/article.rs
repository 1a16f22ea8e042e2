//! The article pane: title, metadata, and only the visible wrapped lines, with highlights.

use super::theme::Theme;
use crate::core::form;
use crate::core::State;
use crate::domain::annotation::{Entry, FieldAnn};
use crate::domain::text::{sanitize, sanitize_char};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

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
    out.extend(f.evidence.iter().filter(|e| !e.stale).map(|e| (e.start, e.end)));
    if let Entry::Records(recs) = &f.value {
        for sub in recs.iter().flat_map(|r| &r.fields) {
            collect_evidence(sub, out);
        }
    }
}

pub fn draw(f: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let block = Block::new().borders(Borders::ALL).title(" Article ");
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
    f.render_widget(Paragraph::new(head), Rect { height: inner.height.min(2), ..inner });

    let h = usize::from(text_area.height);
    let visible = s.wrapped.lines.iter().skip(s.scroll).take(h);
    let (lo, hi) = match (s.wrapped.lines.get(s.scroll), s.wrapped.lines.get(s.scroll + h)) {
        (Some(a), Some(b)) => (a.char_start, b.char_start),
        (Some(a), None) => (a.char_start, usize::MAX),
        _ => (0, 0),
    };
    let near = |r: &(usize, usize)| r.1 > lo && r.0 < hi;
    let mut focus = Vec::new();
    if let Some(fa) = state
        .focused_row()
        .and_then(|row| form::get(&state.schema, &s.annotation, row))
    {
        collect_evidence(fa, &mut focus);
    }
    let mut other = Vec::new();
    s.annotation.fields.iter().for_each(|fa| collect_evidence(fa, &mut other));
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
    let lines: Vec<Line> = visible
        .map(|l| render_line(&s.article.text[l.byte_start..l.byte_end], l.char_start, &marks, theme))
        .collect();
    f.render_widget(Paragraph::new(lines), text_area);
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

/// One wrapped line: each raw character sanitized, runs of one style joined into a span.
fn render_line<'a>(raw: &str, char0: usize, marks: &Marks, theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    let mut buf = String::new();
    let mut cur = Style::new();
    let mut col = 0;
    for (i, c) in raw.chars().enumerate() {
        let st = marks.style(char0 + i, theme);
        if st != cur && !buf.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut buf), cur));
        }
        cur = st;
        let before = buf.len();
        sanitize_char(c, col, &mut buf);
        col += buf[before..].width();
    }
    if !buf.is_empty() {
        spans.push(Span::styled(buf, cur));
    }
    Line::from(spans)
}
