//! The background work of a review: after the first frame, the rest of a corpus that opened
//! by its first articles is counted ([`Action::Counted`]), then every article's annotation
//! file is checked (against the status index, reading what changed) in corpus order, and a
//! directory corpus's titles are read; the results reach the core as [`Action::Scanned`] and
//! [`Action::Titles`], in batches, while the reviewer works.

use crate::core::action::Action;
use crate::core::queue::{Item, ScanProgress};
use crate::io::corpus::Rest;
use crate::io::status_index::StatusIndex;
use crate::io::status_scan::{lock, Folder};
use crate::io::Corpus;
use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the background scan needs (owned: it runs on its own thread).
pub struct ScanJob {
    /// The corpus: its article ids, in order, and (a directory's) files, whose titles are
    /// read after the scan. Shared, so making the job copies nothing before the first frame.
    pub corpus: Arc<Corpus>,
    /// The reviewer's folder.
    pub dir: PathBuf,
    /// The folder's status index (without one, the annotation files are not scanned).
    pub index: Option<Arc<Mutex<StatusIndex>>>,
    /// Whether to remove the temporary files that killed saves left in the folder first
    /// (not in a read-only review); how many were removed is told as an [`Action::Notice`].
    pub clean_temps: bool,
    /// The rest of the corpus to count first, if it opened by its first articles.
    pub rest: Option<Rest>,
    /// Where the whole corpus is left once counted (the services take it from there when
    /// [`Action::Counted`] reaches them).
    pub counted: Arc<Mutex<Option<Arc<Corpus>>>>,
}

/// Largest batch of results sent at once, and longest a result waits before it is sent.
const BATCH: usize = 2000;
const BATCH_TIME: Duration = Duration::from_millis(100);

/// Starts the job on a thread that first waits for `start` (the first frame is drawn; a
/// dropped sender starts it too). `send` gives an action to the event loop and says whether
/// the loop is still there (false: the job stops).
pub fn spawn(
    job: ScanJob,
    start: Receiver<()>,
    send: impl FnMut(Action) -> bool + Send + 'static,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("vetter-scan".into())
        .spawn(move || {
            let _ = start.recv();
            run(job, send);
        })
        .map(|_| ())
}

/// The job itself, in line (the thread's body; tests call it directly).
pub fn run(mut job: ScanJob, mut send: impl FnMut(Action) -> bool) {
    if let Some(rest) = job.rest.take() {
        let (whole, counted) = count(&job, rest);
        job.corpus = whole;
        if !send(counted) {
            return;
        }
    }
    let Some(index) = job.index.clone() else {
        return;
    };
    if job.clean_temps {
        let cleaned = crate::io::atomic::temp::clean_stale(&job.dir);
        if cleaned > 0 && !send(Action::Notice(cleaned_notice(cleaned, &job.dir))) {
            return;
        }
    }
    let folder = Folder::list(&job.dir);
    let ids = job.corpus.ids();
    let total = ids.len();
    let mut items = Vec::new();
    let mut since = Instant::now();
    for (i, id) in ids.iter().enumerate() {
        items.push((i, folder.summary(id, &index)));
        if items.len() >= BATCH || since.elapsed() >= BATCH_TIME {
            let progress = ScanProgress {
                checked: i + 1,
                total,
            };
            if !send(scanned(std::mem::take(&mut items), progress)) {
                return;
            }
            since = Instant::now();
        }
    }
    {
        let mut index = lock(&index);
        index.retain(|name| folder.contains(name) || job.dir.join(name).exists());
        let _ = index.write();
    }
    let done = ScanProgress {
        checked: total,
        total,
    };
    if !send(scanned(items, done)) {
        return;
    }
    let Some(files) = job.corpus.files() else {
        return;
    };
    let mut titles = Vec::new();
    for (i, file) in files.iter().enumerate() {
        if let Ok(t) = Corpus::read_title(file) {
            titles.push((i, t.into_boxed_str()));
        }
        if titles.len() >= BATCH && !send(Action::Titles(std::mem::take(&mut titles))) {
            return;
        }
    }
    if !titles.is_empty() {
        send(Action::Titles(titles));
    }
}

/// The rest of the corpus counted: the corpus to go on with (the whole one, also left in
/// `job.counted`; the first one if counting failed) and the action that tells the core of its
/// other articles (their titles, and their summaries from the status index) and warnings.
fn count(job: &ScanJob, rest: Rest) -> (Arc<Corpus>, Action) {
    let mut whole = match rest.finish() {
        Ok(whole) => whole,
        Err(e) => {
            let failed = Action::Counted {
                items: Vec::new(),
                warnings: Vec::new(),
                error: Some(e.to_string()),
            };
            return (job.corpus.clone(), failed);
        }
    };
    let known = job.corpus.len().min(whole.len());
    let n = whole.len() - known;
    let summaries = match &job.index {
        Some(ix) => lock(ix).summaries_by_index(n, |id| {
            whole.index_of(id).and_then(|i| i.checked_sub(known))
        }),
        None => vec![None; n],
    };
    let titles = whole.take_titles().into_iter().skip(known);
    let items = summaries
        .into_iter()
        .zip(titles.map(Some).chain(std::iter::repeat(None)))
        .enumerate()
        .map(|(k, (summary, title))| Item {
            id: whole.id(known + k).into(),
            title,
            summary,
        })
        .collect();
    let said = job.corpus.warnings().len().min(whole.warnings().len());
    let warnings = whole.warnings()[said..].to_vec();
    let whole = Arc::new(whole);
    if let Ok(mut slot) = job.counted.lock() {
        *slot = Some(whole.clone());
    }
    let counted = Action::Counted {
        items,
        warnings,
        error: None,
    };
    (whole, counted)
}

/// What the reviewer is told of `n` temporary files removed from `dir`.
pub fn cleaned_notice(n: usize, dir: &std::path::Path) -> String {
    format!(
        "removed {n} temporary file(s) left by interrupted saves in {}",
        dir.display()
    )
}

/// `resume` is the event loop's to set (it knows whether the reviewer moved).
fn scanned(
    items: Vec<(usize, Option<crate::domain::summary::Summary>)>,
    progress: ScanProgress,
) -> Action {
    Action::Scanned {
        items,
        progress,
        resume: false,
    }
}
