//! The queue screen's state: the cursor, the filters and the sort, and the rows they select
//! (kept as item indexes, recomputed only when the filter, the sort or the items change); the
//! keys of queue mode; the summary numbers.

use super::action::Effect;
use super::changes::leave;
use super::command::{Command, Mode};
use super::prompt::{self, PromptKind};
use super::queue::{Item, Queue};
use super::state::{ModeState, State};
use crate::domain::annotation::Status;
use std::cmp::Ordering;

/// Which statuses the queue shows (`QueueFilterStatus` cycles through them in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    /// New or in progress.
    Unfinished,
    /// No annotation file yet.
    New,
    InProgress,
    Done,
    Skipped,
    NotRelevant,
}

impl StatusFilter {
    pub const CYCLE: [StatusFilter; 7] = [
        StatusFilter::All,
        StatusFilter::Unfinished,
        StatusFilter::New,
        StatusFilter::InProgress,
        StatusFilter::Done,
        StatusFilter::Skipped,
        StatusFilter::NotRelevant,
    ];
    pub fn next(self) -> StatusFilter {
        let i = Self::CYCLE.iter().position(|&s| s == self).unwrap_or(0);
        Self::CYCLE[(i + 1) % Self::CYCLE.len()]
    }
    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Unfinished => "unfinished",
            StatusFilter::New => "new",
            StatusFilter::InProgress => "in progress",
            StatusFilter::Done => "done",
            StatusFilter::Skipped => "skipped",
            StatusFilter::NotRelevant => "not relevant",
        }
    }
    pub fn admits(self, item: &Item) -> bool {
        let status = item.status();
        match self {
            StatusFilter::All => true,
            StatusFilter::Unfinished => !item.is_finished(),
            StatusFilter::New => status.is_none(),
            // A format 1 "flagged" article is in progress (and flagged).
            StatusFilter::InProgress => {
                matches!(status, Some(Status::InProgress | Status::Flagged))
            }
            StatusFilter::Done => status == Some(Status::Done),
            StatusFilter::Skipped => status == Some(Status::Skipped),
            StatusFilter::NotRelevant => status == Some(Status::NotRelevant),
        }
    }
}

/// The order of the queue's rows (`QueueSort` cycles through them in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Corpus,
    /// The lowest suggestion confidence first; articles whose confidence is unknown last.
    LeastConfident,
    /// The most recently changed first; articles never edited last.
    LastEdited,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Corpus => Sort::LeastConfident,
            Sort::LeastConfident => Sort::LastEdited,
            Sort::LastEdited => Sort::Corpus,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Sort::Corpus => "corpus order",
            Sort::LeastConfident => "least confident first",
            Sort::LastEdited => "last edited first",
        }
    }
}

/// What the queue shows: every condition must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub status: StatusFilter,
    pub flagged_only: bool,
    /// Text the id or the title contains (ignoring case); empty for any.
    pub text: String,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }
    /// `needle` is `self.text` in lower case.
    fn admits(&self, item: &Item, needle: &str) -> bool {
        self.status.admits(item)
            && (!self.flagged_only || item.is_flagged())
            && (needle.is_empty()
                || contains_ignoring_case(&item.id, needle)
                || item
                    .title
                    .as_deref()
                    .is_some_and(|t| contains_ignoring_case(t, needle)))
    }
}

/// Whether `hay` contains `needle` (already in lower case), ignoring case.
fn contains_ignoring_case(hay: &str, needle: &str) -> bool {
    if needle.is_ascii() {
        // ASCII bytes of the needle only ever match ASCII bytes of the text.
        let n = needle.as_bytes();
        hay.as_bytes()
            .windows(n.len())
            .any(|w| w.eq_ignore_ascii_case(n))
    } else {
        hay.to_lowercase().contains(needle)
    }
}

/// The rows a filter and a sort select from the items, as item indexes.
pub fn select(queue: &Queue, filter: &Filter, sort: Sort) -> Vec<u32> {
    let items = queue.items();
    let needle = filter.text.to_lowercase();
    let mut rows: Vec<u32> = (0..items.len())
        .filter(|&i| filter.admits(&items[i], &needle))
        .filter_map(|i| u32::try_from(i).ok())
        .collect();
    let item = |i: &u32| &items[*i as usize];
    match sort {
        Sort::Corpus => {}
        // Stable sorts: ties keep corpus order.
        Sort::LeastConfident => rows.sort_by(|a, b| {
            let key = |i| {
                item(i)
                    .summary
                    .as_ref()
                    .and_then(|s| s.min_confidence)
                    .filter(|c| !c.is_nan())
            };
            match (key(a), key(b)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }),
        // RFC 3339 in UTC, as vetter writes it, sorts as text.
        Sort::LastEdited => rows.sort_by(|a, b| {
            let key = |i| {
                item(i)
                    .summary
                    .as_ref()
                    .map(|s| s.updated.as_str())
                    .filter(|u| !u.is_empty())
            };
            match (key(a), key(b)) {
                (Some(x), Some(y)) => y.cmp(x),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }),
    }
    rows
}

/// The median of the active seconds of the done articles (the mean of the middle two for an
/// even count, rounded down); None when none is done.
pub fn median_done_seconds(queue: &Queue) -> Option<u64> {
    let mut secs: Vec<u64> = queue
        .items()
        .iter()
        .filter_map(|i| i.summary.as_ref())
        .filter(|s| s.status == Status::Done)
        .map(|s| s.active_seconds)
        .collect();
    let n = secs.len();
    if n == 0 {
        return None;
    }
    let (_, &mut hi, _) = secs.select_nth_unstable(n / 2);
    if n % 2 == 1 {
        return Some(hi);
    }
    let lo = secs[..n / 2].iter().copied().max().unwrap_or(hi);
    Some(lo / 2 + hi / 2 + (lo % 2 + hi % 2) / 2)
}

/// The numbers of the queue's summary line (the whole corpus, whatever the filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueSummary {
    pub total: usize,
    pub finished: usize,
    pub done: usize,
    pub skipped: usize,
    pub not_relevant: usize,
    pub flagged: usize,
    pub remaining: usize,
    pub median_done_seconds: Option<u64>,
}

/// The queue screen's state, kept while the screen is closed.
#[derive(Debug, Clone, Default)]
pub struct QueueView {
    pub filter: Filter,
    pub sort: Sort,
    /// The row under the cursor (an index into `rows()`).
    pub cursor: usize,
    /// The first row shown.
    pub scroll: usize,
    rows: Vec<u32>,
    /// The queue generation, filter and sort `rows` were selected for.
    computed: Option<(u64, Filter, Sort)>,
    median: Option<u64>,
    /// Whether the cursor was put on the open article (the first time the screen opened).
    placed: bool,
}

impl QueueView {
    /// The rows shown, as item indexes into the queue.
    pub fn rows(&self) -> &[u32] {
        &self.rows
    }
    /// The item under the cursor.
    pub fn selected(&self) -> Option<usize> {
        self.rows.get(self.cursor).map(|&i| i as usize)
    }
    pub fn median_done_seconds(&self) -> Option<u64> {
        self.median
    }

    /// Selects the rows again if the items, the filter or the sort changed since the last time;
    /// the cursor stays on its article while that article is shown.
    pub fn refresh(&mut self, queue: &Queue) {
        let key = (queue.generation(), self.filter.clone(), self.sort);
        if self.computed.as_ref() == Some(&key) {
            return;
        }
        let items_changed = self.computed.as_ref().map(|c| c.0) != Some(key.0);
        let anchor = self.selected();
        self.rows = select(queue, &self.filter, self.sort);
        if items_changed {
            self.median = median_done_seconds(queue);
        }
        self.computed = Some(key);
        if let Some(p) = anchor.and_then(|a| self.row_of(a)) {
            self.cursor = p;
        }
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    /// Where an item is among the rows.
    pub fn row_of(&self, item: usize) -> Option<usize> {
        self.rows.iter().position(|&r| r as usize == item)
    }

    /// The first row to show in a list of `height` rows: the scroll, moved as little as keeps
    /// the cursor in sight and the list filled.
    pub fn first_visible(&self, height: usize) -> usize {
        let height = height.max(1);
        let mut top = self.scroll.min(self.cursor);
        if self.cursor >= top + height {
            top = self.cursor + 1 - height;
        }
        top.min(self.rows.len().saturating_sub(height))
    }

    fn move_to(&mut self, row: usize, height: usize) {
        self.cursor = row.min(self.rows.len().saturating_sub(1));
        self.scroll = self.first_visible(height);
    }
    fn move_by(&mut self, delta: isize, height: usize) {
        self.move_to(self.cursor.saturating_add_signed(delta), height);
    }
}

/// Rows of the screen that are not list rows: a title line, the summary, the column headings,
/// the hint bar and the status line.
pub const CHROME_ROWS: u16 = 5;

/// How many list rows a screen of this height shows.
pub fn list_height(screen_height: u16) -> usize {
    usize::from(screen_height.saturating_sub(CHROME_ROWS)).max(1)
}

fn screen_height(state: &State) -> u16 {
    state.screen.status.y + state.screen.status.height
}

/// Whether the queue screen is on (itself, or beneath its prompt or its help).
pub fn showing(state: &State) -> bool {
    match &state.mode {
        ModeState::Queue => true,
        ModeState::Prompt(p) => p.from == Mode::Queue,
        ModeState::Help { from, .. } => *from == Mode::Queue,
        _ => false,
    }
}

/// Keeps the rows current while the screen is on (called after every update).
pub fn refresh(state: &mut State) {
    if showing(state) {
        state.queue_view.refresh(&state.queue);
        let h = list_height(screen_height(state));
        state.queue_view.scroll = state.queue_view.first_visible(h);
    }
}

/// The summary line's numbers.
pub fn summary(state: &State) -> QueueSummary {
    let c = state.queue.counts();
    QueueSummary {
        total: state.queue.len(),
        finished: c.finished(),
        done: c.done,
        skipped: c.skipped,
        not_relevant: c.not_relevant,
        flagged: c.flagged,
        remaining: state.queue.remaining(),
        median_done_seconds: state.queue_view.median,
    }
}

/// Opens the queue screen (the first time with the cursor on the open article).
pub fn open(state: &mut State) {
    state.mode = ModeState::Queue;
    refresh(state);
    let h = list_height(screen_height(state));
    let v = &mut state.queue_view;
    if !v.placed {
        v.placed = true;
        if let Some(p) = v.row_of(state.queue.position) {
            v.move_to(p, h);
        }
    }
}

/// Sets the text filter (an empty text removes it) and shows the queue again.
pub fn set_text(state: &mut State, text: &str) {
    state.queue_view.filter.text = text.to_string();
    state.mode = ModeState::Queue;
    refresh(state);
}

/// A command of queue mode.
pub fn run(state: &mut State, cmd: Command) -> Vec<Effect> {
    let h = list_height(screen_height(state));
    let page = isize::try_from(h).unwrap_or(isize::MAX);
    let v = &mut state.queue_view;
    match cmd {
        Command::PickDown => v.move_by(1, h),
        Command::PickUp => v.move_by(-1, h),
        Command::PageDown => v.move_by(page, h),
        Command::PageUp => v.move_by(-page, h),
        Command::Top => v.move_to(0, h),
        Command::Bottom => v.move_to(usize::MAX, h),
        Command::QueueFilterStatus => v.filter.status = v.filter.status.next(),
        Command::QueueFilterFlag => v.filter.flagged_only = !v.filter.flagged_only,
        Command::QueueSort => v.sort = v.sort.next(),
        Command::QueueFilterText => {
            let text = v.filter.text.clone();
            prompt::open(state, PromptKind::QueueFilter, &text);
        }
        Command::GoTo => prompt::open(state, PromptKind::GoTo, ""),
        Command::Help => {
            state.mode = ModeState::Help {
                scroll: 0,
                from: Mode::Queue,
            }
        }
        Command::Cancel => state.mode = ModeState::Normal,
        Command::Commit => return enter(state),
        _ => {}
    }
    refresh(state);
    Vec::new()
}

/// Opens the article under the cursor (the open one is saved first).
fn enter(state: &mut State) -> Vec<Effect> {
    let Some(i) = state.queue_view.selected() else {
        state.warn("No article matches the filter");
        return Vec::new();
    };
    state.mode = ModeState::Normal;
    if i == state.queue.position && state.session.is_some() {
        return Vec::new();
    }
    let mut out = leave(state);
    out.push(Effect::Open(i));
    out
}

#[cfg(test)]
#[path = "queue_view/tests.rs"]
mod tests;
