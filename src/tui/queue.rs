//! The queue screen: the whole corpus as a list (only the visible rows are drawn), a summary
//! line, the filter and the sort in use, the hint bar and the status or prompt line.

use super::draw::input_line;
use super::footer;
use super::theme::Theme;
use crate::core::command::{Command, Mode};
use crate::core::queue::Item;
use crate::core::queue_view::{summary, QueueSummary, QueueView};
use crate::core::shard::Shard;
use crate::core::state::ModeState;
use crate::core::State;
use crate::domain::annotation::Status;
use crate::domain::text::sanitize;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn draw(f: &mut Frame, state: &State, theme: &Theme) {
    let [top, sums, heads, list, hints, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(f.area());
    let width = usize::from(f.area().width);
    let v = &state.queue_view;
    f.render_widget(
        Paragraph::new(title_line(state, width)).style(theme.header()),
        top,
    );
    let sums_line = summary_line(&summary(state), state.queue.shard.as_ref(), width);
    f.render_widget(Paragraph::new(sums_line), sums);
    let cols = Columns::new(width, state.queue.len(), v.widest_id());
    f.render_widget(
        Paragraph::new(Line::styled(cols.headings(), theme.bold())),
        heads,
    );
    draw_rows(f, list, state, v, &cols, theme);
    match &state.mode {
        ModeState::Queue => draw_hints(f, hints, state, theme),
        _ => footer::draw_hints(f, hints, state, theme),
    }
    match &state.mode {
        ModeState::Prompt(p) => input_line(f, status, p.kind.label(), &p.editor, theme),
        _ => footer::draw_status(f, status, state, theme),
    }
}

/// "vetter · queue", how many rows the filter shows, the filter and the sort, the scan.
fn title_line(state: &State, width: usize) -> String {
    let v = &state.queue_view;
    let total = state.queue.len();
    let shown = v.rows().len();
    let mut parts = vec![" vetter · queue".to_string()];
    parts.extend(super::adjudicate::waiting(state));
    parts.push(match shown {
        0 => format!("none of {total} shown"),
        _ if shown == total => format!("row {}/{total}", v.cursor + 1),
        _ => format!("row {}/{shown} ({total} in all)", v.cursor + 1),
    });
    parts.push(format!("status: {}", v.filter.status.label()));
    if v.filter.flagged_only {
        parts.push("flagged only".into());
    }
    if !v.filter.text.is_empty() {
        parts.push(format!(
            "text: \u{201c}{}\u{201d}",
            sanitize(&v.filter.text)
        ));
    }
    parts.push(format!("sort: {}", v.sort.label()));
    if state.queue.counting {
        parts.push("counting articles… (the first ones only so far)".into());
    } else if let Some(p) = state.queue.scan {
        parts.push(format!("checking annotations {}/{}", p.checked, p.total));
    }
    let mut line = String::new();
    for p in parts {
        if !line.is_empty() && line.width() + p.width() + 3 > width {
            break;
        }
        if !line.is_empty() {
            line.push_str(" │ ");
        }
        line.push_str(&p);
    }
    line
}

/// The whole corpus's numbers (the shard's, led by its name, under `--shard`); shorter words
/// when the long ones do not fit.
fn summary_line(s: &QueueSummary, shard: Option<&Shard>, width: usize) -> String {
    let median = s.median_done_seconds.map_or("–".into(), duration);
    let mut long = [
        format!("finished {}/{}", s.finished, s.total),
        format!("done {}", s.done),
        format!("skipped {}", s.skipped),
        format!("not relevant {}", s.not_relevant),
        format!("flagged {}", s.flagged),
        format!("remaining {}", s.remaining),
        format!("median {median} per done article"),
    ];
    let longest = long.join(" · ");
    long[6] = format!("median {median}");
    let short = [
        format!("fin {}", s.finished),
        format!("done {}", s.done),
        format!("skip {}", s.skipped),
        format!("n/r {}", s.not_relevant),
        format!("flag {}", s.flagged),
        format!("left {}", s.remaining),
        format!("med {median}"),
    ];
    [longest, long.join(" · "), short.join("  "), short.join(" ")]
        .into_iter()
        .map(|l| match shard {
            Some(shard) => format!(" {shard} · {l}"),
            None => format!(" {l}"),
        })
        .reduce(|fits, next| if fits.width() <= width { fits } else { next })
        .unwrap_or_default()
}

/// Time spent: 45s, 3m20s, 2h05m.
pub fn duration(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m{:02}s", secs / 60, secs % 60),
        _ => format!("{}h{:02}m", secs / 3600, secs % 3600 / 60),
    }
}

/// Column widths for a screen width: the title and the reason take what is left; narrow
/// screens get short status words and lose the reason first.
struct Columns {
    pos: usize,
    id: usize,
    title: usize,
    status: usize,
    flag: usize,
    time: usize,
    conf: usize,
    corr: usize,
    reason: usize,
}

impl Columns {
    fn new(width: usize, len: usize, widest_id: usize) -> Columns {
        let wide = width >= 110;
        let mut c = Columns {
            pos: len.max(1).to_string().len(),
            id: widest_id.clamp(2, (width / 4).clamp(10, 48)),
            title: 0,
            status: if width >= 100 { 12 } else { 8 },
            flag: if wide { 4 } else { 1 },
            time: 6,
            conf: 4,
            corr: if wide { 9 } else { 4 },
            reason: 0,
        };
        // The open-article mark, the fixed columns, and a space before each column but the first.
        let fixed = 1 + c.pos + c.id + c.status + c.flag + c.time + c.conf + c.corr + 8;
        let rest = width.saturating_sub(fixed);
        if rest >= 24 {
            c.reason = (rest * 2 / 5).clamp(8, 40);
            c.title = rest - c.reason;
        } else {
            c.title = rest + 1;
        }
        c
    }

    fn headings(&self) -> String {
        let wide = self.flag > 1;
        let cells = [
            cell("#", self.pos, true),
            cell("id", self.id, false),
            cell("title", self.title, false),
            cell("status", self.status, false),
            cell(if wide { "flag" } else { "F" }, self.flag, false),
            cell("time", self.time, true),
            cell("conf", self.conf, true),
            cell(if wide { "corrected" } else { "corr" }, self.corr, true),
            cell("reason", self.reason, false),
        ];
        format!(" {}", join_cells(&cells))
    }

    /// One item's row, as styled cells.
    fn row(&self, index: usize, item: &Item, open: bool, theme: &Theme) -> Vec<Span<'static>> {
        let s = item.summary.as_ref();
        let status = match s.map(|s| s.status) {
            None => "new",
            Some(Status::InProgress | Status::Flagged) if self.status < 12 => "in prog.",
            Some(Status::NotRelevant) if self.status < 12 => "not rel.",
            Some(Status::InProgress | Status::Flagged) => "in progress",
            Some(other) => other.label(),
        };
        let status_style = match s.map(|s| s.status) {
            Some(Status::Done) => theme.ok(),
            Some(Status::Skipped | Status::NotRelevant) => theme.dim(),
            _ => Style::new(),
        };
        let flag = match (item.is_flagged(), self.flag > 1) {
            (false, _) => "",
            (true, true) => "flag",
            (true, false) => "F",
        };
        let (title, title_style) = match &item.title {
            Some(t) => (sanitize(t), Style::new()),
            None => ("…".to_string(), theme.dim()),
        };
        let conf = s
            .and_then(|s| s.min_confidence)
            .filter(|c| c.is_finite())
            .map_or(String::new(), |c| format!("{c:.2}"));
        let corr = s
            .map(|s| s.corrected)
            .filter(|&n| n > 0)
            .map_or(String::new(), |n| n.to_string());
        let time = s.map_or(String::new(), |s| duration(s.active_seconds));
        let reason = s
            .and_then(|s| s.reason.as_deref())
            .map_or(String::new(), sanitize);
        // Neighbouring cells of one style are one span: fewer spans, a faster draw.
        let head = format!(
            "{}{} {} ",
            if open { ">" } else { " " },
            cell(&(index + 1).to_string(), self.pos, true),
            cell(&sanitize(&item.id), self.id, false),
        );
        let mut tail = format!(
            " {} {} {}",
            cell(&time, self.time, true),
            cell(&conf, self.conf, true),
            cell(&corr, self.corr, true),
        );
        if self.reason > 0 {
            tail.push(' ');
            tail.push_str(&cell(&reason, self.reason, false));
        }
        vec![
            Span::raw(head),
            Span::styled(cell(&title, self.title, false), title_style),
            Span::raw(" "),
            Span::styled(cell(status, self.status, false), status_style),
            Span::raw(" "),
            Span::styled(cell(flag, self.flag, false), theme.warn()),
            Span::raw(tail),
        ]
    }
}

fn join_cells(cells: &[String]) -> String {
    cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text (already sanitized) fitted to exactly `width` columns: cut with "…", padded.
fn cell(text: &str, width: usize, right: bool) -> String {
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    if text.width() <= width {
        out.push_str(text);
    } else {
        let mut used = 0;
        for c in text.chars() {
            let w = c.width().unwrap_or(0);
            if used + w + 1 > width {
                break;
            }
            used += w;
            out.push(c);
        }
        out.push('…');
    }
    let pad = " ".repeat(width.saturating_sub(out.width()));
    if right {
        pad + &out
    } else {
        out + &pad
    }
}

/// The visible rows only: the list's height from the first visible row.
fn draw_rows(f: &mut Frame, area: Rect, state: &State, v: &QueueView, cols: &Columns, t: &Theme) {
    let height = usize::from(area.height);
    if v.rows().is_empty() {
        let line = Line::styled(
            " No article matches the filter (t status, f flag, / text)",
            t.dim(),
        );
        f.render_widget(Paragraph::new(line), area);
        return;
    }
    let first = v.first_visible(height);
    let open = state.session.as_ref().map(|_| state.queue.position);
    let width = usize::from(area.width);
    let lines: Vec<Line> = v.rows()[first..]
        .iter()
        .take(height)
        .enumerate()
        .filter_map(|(k, &i)| {
            let index = i as usize;
            let item = state.queue.item(index)?;
            let mut spans = cols.row(index, item, open == Some(index), t);
            let used: usize = spans.iter().map(Span::width).sum();
            spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
            let line = Line::from(spans);
            Some(match first + k == v.cursor {
                true => line.style(t.focus_row()),
                false => line,
            })
        })
        .collect();
    f.render_widget(Paragraph::new(lines), area);
}

/// The hint bar's first commands (the rest follow in the keymap's order, as room allows).
const FIRST_HINTS: [Command; 8] = [
    Command::Commit,
    Command::Cancel,
    Command::QueueFilterText,
    Command::QueueFilterStatus,
    Command::QueueFilterFlag,
    Command::QueueSort,
    Command::GoTo,
    Command::Help,
];

/// The queue's keys from the keymap: opening, leaving, filtering and sorting first.
fn draw_hints(f: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut spans = vec![Span::styled(
        format!(" {} ", Mode::Queue.label()),
        theme.header(),
    )];
    let mut used = spans[0].content.width();
    let rank = |c: Command| {
        FIRST_HINTS
            .iter()
            .position(|&f| f == c)
            .unwrap_or(FIRST_HINTS.len())
    };
    let mut ordered: Vec<_> = state.keymap.bindings(Mode::Queue).iter().collect();
    ordered.sort_by_key(|b| rank(b.command));
    for b in ordered {
        let Some(key) = b.keys.first().map(ToString::to_string) else {
            continue;
        };
        let label = b.command.short_in(Mode::Queue);
        let piece = key.width() + label.width() + 3;
        if used + piece > usize::from(area.width) {
            continue;
        }
        used += piece;
        spans.push(Span::raw(" "));
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {label} ")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
