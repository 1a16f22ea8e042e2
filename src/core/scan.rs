//! What the background work reports: the rest of a corpus that opened by its first articles,
//! annotation summaries found by the scan of the reviewer's folder (with its progress, and the
//! resume rule), and article titles.

use super::action::{Action, Effect};
use super::changes::leave;
use super::queue::{Item, ScanProgress};
use super::state::{ModeState, State};
use crate::domain::summary::Summary;

/// Handles [`Action::Counted`], [`Action::Scanned`], [`Action::Titles`] and
/// [`Action::Notice`] (any other action: nothing).
pub fn background(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Counted {
            items,
            warnings,
            error,
        } => {
            counted(state, items, &warnings, error);
            Vec::new()
        }
        Action::Scanned {
            items,
            progress,
            resume,
        } => scanned(state, items, progress, resume),
        Action::Titles(titles) => {
            for (i, title) in titles {
                state.queue.set_title(i, title);
            }
            Vec::new()
        }
        Action::Notice(text) => {
            state.warn(text);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The rest of the corpus is counted: its articles join the queue (after the ones it held,
/// whose numbers stay), the scan's total becomes the whole corpus's, and what was skipped on
/// the way (or why the count failed: the review keeps the articles it has) is said.
pub fn counted(state: &mut State, items: Vec<Item>, warnings: &[String], error: Option<String>) {
    let before = state.queue.len();
    state.queue.extend(items);
    let total = state.queue.len();
    if let Some(p) = &mut state.queue.scan {
        p.total = total;
    }
    let mut said = Vec::new();
    if let Some(e) = error {
        said.push(format!(
            "{e} (this review has only its first {before} articles)"
        ));
    }
    if let Some(first) = warnings.first() {
        let more = match warnings.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        said.push(format!("corpus: {first}{more}"));
    }
    if !said.is_empty() {
        state.warn(said.join("; "));
    }
}

/// Records what the scan found. The open article is the session's to say (its annotation is
/// at least as new as its file). The scan's progress is kept in `queue.scan` until it ends.
///
/// Resume: while `resume` holds (the reviewer has neither moved nor changed anything) and
/// nothing is being typed or asked, the review goes to the first unfinished article as soon
/// as the scan, going in corpus order, has reached it; once the scan has ended with every
/// article finished, to the first article (where a review of a finished corpus starts).
pub fn scanned(
    state: &mut State,
    items: Vec<(usize, Option<Summary>)>,
    progress: ScanProgress,
    resume: bool,
) -> Vec<Effect> {
    let open = state.session.as_ref().map(|s| {
        let own = s.persisted.then(|| Summary::of(&s.annotation));
        (state.queue.position, own)
    });
    for (i, summary) in items {
        match &open {
            Some((p, own)) if *p == i => state.queue.set(i, own.clone()),
            _ => state.queue.set(i, summary),
        }
    }
    let total = state.queue.len();
    let checked = progress.checked.min(total);
    state.queue.scan = (checked < total).then_some(ScanProgress { checked, total });
    if !resume || !matches!(state.mode, ModeState::Normal) {
        return Vec::new();
    }
    let target = state.queue.items()[..checked]
        .iter()
        .position(|it| !it.is_finished())
        .or_else(|| (checked == total).then(|| state.queue.first_unfinished()));
    match target {
        Some(t) if t != state.queue.position => {
            let mut out = leave(state);
            out.push(Effect::Open(t));
            out
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
