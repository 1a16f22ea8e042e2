//! The queue screen's state: the cursor, the filters and the sort, and the rows they select
//! (kept as item indexes, recomputed only when the filter, the sort or the items change); the
//! keys of queue mode; the summary numbers.

use super::action::Effect;
use super::command::{Command, Mode};
use super::prompt::{self, PromptKind};
use super::queue::Queue;
use super::state::{ModeState, State};
use unicode_width::UnicodeWidthStr;

mod select;
pub use select::{median_done_seconds, select, Filter, Sort, StatusFilter};

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
    /// The widest id, in columns (for the id column's width).
    widest_id: usize,
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
    /// The widest id of the corpus, in columns (as stored; shown forms may be wider).
    pub fn widest_id(&self) -> usize {
        self.widest_id
    }

    /// Selects the rows again if the items, the filter or the sort changed since the last time;
    /// the cursor stays on its article while that article is shown.
    pub fn refresh(&mut self, queue: &Queue) {
        let key = (queue.generation(), self.filter.clone(), self.sort);
        if self.computed.as_ref() == Some(&key) {
            return;
        }
        let items_changed = self.computed.as_ref().map(|c| c.0) != Some(key.0);
        let view_changed = self
            .computed
            .as_ref()
            .is_none_or(|c| (&c.1, c.2) != (&key.1, key.2));
        let anchor = self.selected();
        self.rows = select(queue, &self.filter, self.sort);
        if items_changed {
            self.median = median_done_seconds(queue);
            self.widest_id = queue
                .items()
                .iter()
                .map(|i| i.id.width())
                .max()
                .unwrap_or(0);
        }
        self.computed = Some(key);
        match anchor.and_then(|a| self.row_of(a)) {
            Some(p) => self.cursor = p,
            // A new filter or sort without the article: from the top. Items that changed
            // under the cursor: the same place.
            None if view_changed => self.cursor = 0,
            None => {}
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
    super::goto::open(state, i)
}

#[cfg(test)]
#[path = "queue_view/tests.rs"]
mod tests;
