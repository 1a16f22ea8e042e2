//! Opening articles (with their annotation or suggestions) and saving annotations.

use super::saver::Saver;
use super::scan::ScanJob;
use crate::core::action::{Action, Effect, Opened};
use crate::core::queue::{Item, Queue, ScanProgress};
use crate::domain::annotation::Annotation;
use crate::domain::prediction::{self, Suggest};
use crate::domain::schema::Schema;
use crate::io::corpus::{CorpusCell, Rest};
use crate::io::status_index::StatusIndex;
use crate::io::status_scan::lock;
use crate::io::{
    journal, parse_annotation, safe_file_name, AnnotationStore, Corpus, PredictionSet,
};
use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

pub struct Services {
    /// Shared with the background scan (which reads its ids and files). A corpus that opened
    /// with only its first articles ([`count_later`](Self::count_later)) is replaced by the
    /// whole one when [`Action::Counted`] comes.
    pub corpus: CorpusCell,
    /// The rest of the corpus, to count in the background (until the scan job takes it).
    rest: RefCell<Option<Rest>>,
    /// Where the scan job leaves the whole corpus it counted, for [`background`](Self::background).
    counted: Arc<Mutex<Option<Arc<Corpus>>>>,
    pub store: AnnotationStore,
    pub predictions: Option<PredictionSet>,
    pub schema: Arc<Schema>,
    /// Suggests values for a new article that has no predictions (run as it is opened).
    pub suggester: Option<Box<dyn Suggest>>,
    /// Where annotations that cannot be saved are written when the reviewer asks
    /// (`<data dir>/recovery` by default).
    pub recovery_dir: PathBuf,
    /// Why every article is read-only (`--read-only`), if it is.
    pub read_only: Option<String>,
    saver: Saver,
    /// The status index of the reviewer's folder, if one is kept ([`use_index`](Self::use_index)).
    index: Option<Arc<Mutex<StatusIndex>>>,
    /// Whether the review may still go to the first unfinished article when the background
    /// scan reaches it: until the reviewer opens another article or changes one.
    resume: Cell<bool>,
    /// While adjudicating: the articles waiting (the queue's indexes are the plan's) and where
    /// the reviewers' annotations of each are.
    pub adjudicate: Option<super::adjudicate::Plan>,
}

/// What running an effect asks of the caller.
pub enum Next {
    /// Actions to feed back to the core, in order.
    Actions(Vec<Action>),
    Quit,
}

impl Services {
    pub fn new(
        corpus: Corpus,
        store: AnnotationStore,
        predictions: Option<PredictionSet>,
        schema: Arc<Schema>,
        suggester: Option<Box<dyn Suggest>>,
    ) -> Services {
        Services {
            corpus: CorpusCell::new(corpus),
            rest: RefCell::new(None),
            counted: Arc::default(),
            store,
            predictions,
            schema,
            suggester,
            recovery_dir: crate::io::config::data_dir().join("recovery"),
            read_only: None,
            saver: Saver::default(),
            index: None,
            resume: Cell::new(true),
            adjudicate: None,
        }
    }

    /// Keeps the reviewer folder's status index under `cache_dir` (loaded now, if there is a
    /// sound one; told of every save; written when the scan ends and by [`finish`](Self::finish)).
    /// Returns whether one was loaded.
    pub fn use_index(&mut self, cache_dir: &Path) -> bool {
        let index = StatusIndex::load(cache_dir, &self.store.dir());
        let loaded = index.loaded;
        let index = Arc::new(Mutex::new(index));
        self.saver.index = Some(index.clone());
        self.index = Some(index);
        loaded
    }

    /// The corpus opened with only its first articles ([`Corpus::open_growing`]): the
    /// background scan counts the rest first, and the queue grows when it is counted.
    pub fn count_later(&mut self, rest: Rest) {
        *self.rest.get_mut() = Some(rest);
    }

    /// The queue to start with, at once: each article's id, its title where the corpus scan
    /// gave one, and its summary from the status index (none without one). The background
    /// scan ([`scan_job`](Self::scan_job)) checks every file and corrects what is stale; until
    /// it ends the queue says it is scanning.
    pub fn startup_queue(&mut self) -> Queue {
        let n = self.corpus.len();
        let saved = match &self.index {
            Some(ix) => lock(ix).summaries_by_index(n, |id| self.corpus.index_of(id)),
            None => Vec::new(),
        };
        let mut saved = saved.into_iter();
        // Taken before the scan shares the corpus (after, there are none to take).
        let titles = Arc::get_mut(&mut self.corpus).map(Corpus::take_titles);
        let mut titles = titles.unwrap_or_default().into_iter();
        let items = (0..n)
            .map(|i| Item {
                id: self.corpus.id(i).into(),
                title: titles.next(),
                summary: saved.next().flatten(),
            })
            .collect();
        let mut queue = Queue::new(items);
        queue.scan = Some(ScanProgress {
            checked: 0,
            total: queue.len(),
        });
        queue.counting = self.rest.borrow().is_some();
        queue
    }

    /// The background work to run after the first frame (None without a status index and
    /// nothing to count): it takes the rest of the corpus to count.
    pub fn scan_job(&self) -> Option<ScanJob> {
        let rest = self.rest.borrow_mut().take();
        if rest.is_none() && self.index.is_none() {
            return None;
        }
        Some(ScanJob {
            corpus: Arc::clone(&self.corpus),
            dir: self.store.dir(),
            index: self.index.clone(),
            clean_temps: self.read_only.is_none(),
            rest,
            counted: self.counted.clone(),
        })
    }

    /// Whether the review may still go to the first unfinished article (false once the
    /// reviewer moved; set false at the start when told where to start).
    pub fn set_resume(&self, resume: bool) {
        self.resume.set(resume);
    }

    /// An action from the background work, made ready for the core: the whole corpus, once
    /// counted, takes the first one's place (before the core's queue grows); for an article saved in
    /// this session, the summary of what was saved stands instead of what the scan read (it
    /// may have read the file before the save), and the core is told whether the review may
    /// still move to the first unfinished article.
    pub fn background(&self, action: Action) -> Action {
        match action {
            Action::Scanned {
                mut items,
                progress,
                ..
            } => {
                for (i, summary) in &mut items {
                    if let Some(own) = self.saver.saved(self.corpus.id(*i)) {
                        *summary = Some(own);
                    }
                }
                Action::Scanned {
                    items,
                    progress,
                    resume: self.resume.get(),
                }
            }
            counted @ Action::Counted { .. } => {
                let whole = self.counted.lock().ok().and_then(|mut c| c.take());
                if let Some(whole) = whole {
                    self.corpus.grow(whole);
                }
                counted
            }
            other => other,
        }
    }

    /// At the end of a review: the status index is written (if it changed).
    pub fn finish(&self) {
        if let Some(ix) = &self.index {
            let _ = lock(ix).write();
        }
    }

    /// Each article's id and saved summary, from the annotation files (article texts are not
    /// read).
    pub fn queue(&self) -> Queue {
        let mut saved = self.store.summaries();
        let items = (0..self.corpus.len())
            .map(|i| {
                let id = self.corpus.id(i);
                Item {
                    id: id.into(),
                    title: None,
                    summary: saved.remove(id),
                }
            })
            .collect();
        Queue::new(items)
    }

    pub fn run(&self, effect: Effect, now: &str) -> Next {
        if matches!(effect, Effect::Save(_) | Effect::Open(_)) {
            self.resume.set(false);
        }
        match effect {
            Effect::Save(ann) => Next::Actions(vec![match self.saver.save(&self.store, &ann) {
                Ok(()) => Action::Saved {
                    id: ann.article.id.clone(),
                },
                Err(error) => Action::SaveFailed {
                    annotation: ann,
                    error,
                },
            }]),
            Effect::Open(i) => {
                // Leaving an article: its file is brought up to date first.
                let mut out = self.flush();
                out.push(self.open(i, now));
                Next::Actions(out)
            }
            Effect::Recover(anns) => {
                Next::Actions(vec![Action::Recovered(self.recover(&anns, now))])
            }
            Effect::Then(after) => {
                let mut out = self.flush();
                out.push(after.into());
                Next::Actions(out)
            }
            // Re-wraps need the open article: the event loop runs them (see `runtime`).
            Effect::Wrap { .. } => Next::Actions(Vec::new()),
            Effect::Quit => Next::Quit,
        }
    }

    /// Durable writes of everything in the journal; the failures, as actions for the core.
    pub fn flush(&self) -> Vec<Action> {
        self.saver.flush(&self.store)
    }

    /// Flushes if a change has waited long enough (the event loop calls this on every tick).
    pub fn flush_due(&self, now: Instant) -> Vec<Action> {
        if self.saver.due(now) {
            self.flush()
        } else {
            Vec::new()
        }
    }

    /// Whether every change is durably in its annotation file.
    pub fn all_flushed(&self) -> bool {
        self.saver.is_clean()
    }

    /// Writes each annotation to `<recovery dir>/<reviewer>/<id>.<time>.ron`.
    pub fn recover(&self, anns: &[Annotation], now: &str) -> Result<Vec<String>, String> {
        let dir = self
            .recovery_dir
            .join(safe_file_name(self.store.reviewer()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let stamp: String = now.chars().filter(char::is_ascii_digit).collect();
        anns.iter()
            .map(|a| {
                let path = dir.join(format!("{}.{stamp}.ron", safe_file_name(&a.article.id)));
                crate::io::write_atomic(&path, crate::io::to_ron(a).as_bytes())
                    .map(|()| path.display().to_string())
                    .map_err(|e| format!("{}: {e}", path.display()))
            })
            .collect()
    }

    /// The newest state of an article's annotation: its journal (changes not yet written
    /// durably, left by a killed session) when that parses as this article's, else the file.
    /// What the file was is noted, so a later save does not overwrite another writer's change.
    fn load_newest(&self, id: &str) -> Result<Option<Annotation>, crate::io::StoreError> {
        let path = self.store.path_for(id);
        let stamped = self.store.load_stamped(id);
        let stamp = match &stamped {
            Ok(found) => found.as_ref().map(|(_, s)| s.clone()),
            // A file that cannot be read stays as it is: the article opens read-only.
            Err(_) => None,
        };
        self.saver.read(id, path.clone(), stamp);
        if let Some(text) = journal::read(&path) {
            if let Ok(ann) = parse_annotation(&text, &journal::path_of(&path)) {
                if ann.article.id == id && stamped.is_ok() {
                    // Into the saver, so the file catches up with it.
                    let _ = self.saver.save(&self.store, &ann);
                    return Ok(Some(ann));
                }
            }
        }
        stamped.map(|found| found.map(|(ann, _)| ann))
    }

    pub fn open(&self, index: usize, now: &str) -> Action {
        let at = self
            .adjudicate
            .as_ref()
            .map_or(index, |p| p.corpus_index(index));
        let article = match self.corpus.load(at) {
            Ok(a) => a,
            Err(e) => {
                return Action::OpenFailed {
                    index,
                    message: e.to_string(),
                }
            }
        };
        let mut messages = article.warnings.clone();
        let hash = article.text_hash();
        let reviewer = self.store.reviewer();
        let fresh = || {
            let mut ann = Annotation::new(&self.schema, &article.id, &hash, reviewer, now);
            let mut problems = Vec::new();
            if let Some(p) = self.predictions.as_ref().and_then(|p| p.get(&article.id)) {
                problems = prediction::apply(p, &self.schema, &article.text, &mut ann);
            } else if let Some(s) = &self.suggester {
                let p = s.suggest(&article);
                problems = prediction::apply(&p, &self.schema, &article.text, &mut ann);
            }
            (ann, problems)
        };
        let (annotation, persisted, read_only) = match self.load_newest(&article.id) {
            Ok(Some(ann)) => {
                let (ann, read_only) = self.reopened(ann, &article, &hash, &mut messages);
                (ann, true, read_only)
            }
            Ok(None) => {
                let (ann, problems) = fresh();
                messages.extend(problems.into_iter().map(|p| format!("predictions: {p}")));
                (ann, false, None)
            }
            Err(e) => {
                let (ann, _) = fresh();
                messages.push(format!("{e} — opened read-only; fix the file to edit"));
                (ann, true, Some(e.to_string()))
            }
        };
        let read_only = read_only.or_else(|| self.read_only.clone());
        let opened = Opened {
            index,
            article,
            annotation,
            persisted,
            read_only,
            messages,
        };
        match &self.adjudicate {
            // With the reviewers' annotations of the article.
            Some(plan) => plan.opened(opened),
            None => Action::Opened(Box::new(opened)),
        }
    }
}
