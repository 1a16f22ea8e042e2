//! A large JSONL corpus with no index cache opens by its first chunk (4 MiB) and grows in the
//! background to exactly what a full open gives: same ids in the same order, same warnings
//! (a repeated id or a bad line in the rest included), same cache; the review opens before
//! the rest is counted and ends with the right counts, on the first unfinished article.

use crate::common::{cell_rows, draw_plain};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use vetter::app::runtime::dispatch;
use vetter::app::Services;
use vetter::core::command::Command;
use vetter::core::keymap::Keymap;
use vetter::core::{Action, State};
use vetter::domain::annotation::{Annotation, Status};
use vetter::io::corpus::Rest;
use vetter::io::{default_schema, AnnotationStore, Corpus, CorpusError};

const NOW: &str = "2026-01-01T00:00:00Z";
/// The first chunk's size (`io::corpus::scan`).
const PREFIX: usize = 4 << 20;
/// Bytes of text per article: the first chunk holds about 40 articles.
const TEXT: usize = 100_000;

fn article(id: &str) -> String {
    let body = "x".repeat(TEXT);
    format!("{{\"id\":\"{id}\",\"text\":\"Title of {id}\\n\\n{body}\"}}\n")
}

/// `n` articles `a0`.. with, in the first chunk, a bad line, a blank line and a repeated id,
/// and after it a line repeating an id of the first chunk and a line that is not JSON; the
/// first chunk ends inside a line (which it holds whole).
fn corpus_text(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&article(&format!("a{i}")));
        match i {
            2 => text.push_str("not json\n\n"),
            3 => text.push_str(&article("a1")),
            50 => text.push_str(&article("a7")),
            55 => text.push_str("{\"id\": 5}\n"),
            _ => {}
        }
    }
    assert!(text.len() > PREFIX + 10 * TEXT);
    text
}

fn cache_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .filter(|(name, _)| name.starts_with("corpus-"))
        .collect();
    out.sort();
    out
}

fn titles(c: &mut Corpus) -> Vec<String> {
    c.take_titles().iter().map(|t| t.to_string()).collect()
}

#[test]
fn a_corpus_opened_by_its_first_chunk_grows_to_exactly_what_a_full_open_gives() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("c.jsonl");
    std::fs::write(&path, corpus_text(60)).unwrap();
    let full_cache = tmp.path().join("full");
    let mut plain = Corpus::open_cached(&path, &full_cache).unwrap();
    let cache = tmp.path().join("cache");
    let (first, rest) = Corpus::open_growing(&path, &cache).unwrap();
    let rest: Rest = rest.expect("a large uncached file opens by its first chunk");
    assert!(
        cache_files(&cache).is_empty(),
        "nothing cached before the end"
    );
    let n = first.len();
    assert!(n > 10 && n < 45, "{n} articles in the first chunk");
    assert_eq!(first.ids(), &plain.ids()[..n]);
    assert_eq!(
        first.warnings(),
        &plain.warnings()[..2],
        "the bad line, a1 again"
    );
    // The last article of the chunk starts in it and ends after it: it is there whole.
    assert_eq!(first.load(n - 1).unwrap().text.len(), TEXT + 14);
    let mut whole = rest.finish().unwrap();
    assert_eq!(whole.ids(), plain.ids());
    assert_eq!(whole.len(), 60);
    assert_eq!(whole.warnings(), plain.warnings());
    assert_eq!(whole.warnings().len(), 4);
    assert!(whole.warnings()[2].contains("id \"a7\" already used on line"));
    assert!(whole.warnings()[3].contains("line skipped"));
    assert_eq!(titles(&mut whole), titles(&mut plain));
    for i in [0, n - 1, n, 59] {
        assert_eq!(whole.load(i).unwrap().id, plain.id(i));
    }
    // The same cache as a full open writes, and the next open uses it.
    assert_eq!(cache_files(&cache), cache_files(&full_cache));
    let (again, rest) = Corpus::open_growing(&path, &cache).unwrap();
    assert!(rest.is_none() && again.cached());
    assert_eq!(again.ids(), plain.ids());
    assert_eq!(again.warnings(), plain.warnings());
}

#[test]
fn a_small_file_or_one_with_no_article_in_its_first_chunk_opens_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let small = tmp.path().join("s.jsonl");
    std::fs::write(&small, article("a") + &article("b")).unwrap();
    let (c, rest) = Corpus::open_growing(&small, &cache).unwrap();
    assert!(rest.is_none());
    assert_eq!(c.ids(), ["a", "b"]);
    let junk = tmp.path().join("j.jsonl");
    let mut text = "not json\n".repeat(PREFIX / 9 + 1);
    text.push_str(&article("late"));
    std::fs::write(&junk, text).unwrap();
    let (c, rest) = Corpus::open_growing(&junk, &cache).unwrap();
    assert!(rest.is_none());
    assert_eq!(c.ids(), ["late"]);
}

#[test]
fn a_corpus_that_changed_before_the_rest_was_read_is_not_grown_nor_cached() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("c.jsonl");
    let text = corpus_text(60);
    std::fs::write(&path, &text).unwrap();
    let cache = tmp.path().join("cache");
    let (_, rest) = Corpus::open_growing(&path, &cache).unwrap();
    std::fs::write(&path, text + &article("new")).unwrap();
    let e = rest.unwrap().finish().unwrap_err();
    assert!(matches!(e, CorpusError::Changed { .. }), "{e}");
    assert!(e.to_string().contains("changed while it was being read"));
    assert!(cache_files(&cache).is_empty());
}

// ----------------------------------------------------------------------------------------------
// The review: it opens on the first chunk's articles, and the queue grows when the rest is in.

struct Env {
    tmp: tempfile::TempDir,
    corpus: PathBuf,
}

impl Env {
    fn new(n: usize) -> Env {
        let tmp = tempfile::tempdir().unwrap();
        let corpus = tmp.path().join("c.jsonl");
        std::fs::write(&corpus, corpus_text(n)).unwrap();
        Env { tmp, corpus }
    }
    fn store(&self) -> AnnotationStore {
        AnnotationStore::new(&self.tmp.path().join("ann"), "r")
    }
    fn cache(&self) -> PathBuf {
        self.tmp.path().join("cache")
    }
    fn annotate(&self, id: &str, status: Status) {
        let schema = default_schema();
        let mut a = Annotation::new(&schema, id, "sha256:00", "r", NOW);
        a.status = status;
        self.store().save(&a).unwrap();
    }
    /// As `vetter review` starts: the corpus opened by its first chunk, the rest to count.
    fn start(&self) -> (Services, State) {
        let schema = Arc::new(default_schema());
        let (corpus, rest) = Corpus::open_growing(&self.corpus, &self.cache()).unwrap();
        let mut s = Services::new(corpus, self.store(), None, schema.clone(), None);
        s.recovery_dir = self.tmp.path().join("recovery");
        if let Some(rest) = rest {
            s.count_later(rest);
        }
        s.use_index(&self.cache());
        let queue = s.startup_queue();
        let start = queue.first_unfinished();
        let mut state = State::new(schema, Arc::new(Keymap::default_keymap()), "r", queue);
        let clock = Action::Clock {
            now: NOW.into(),
            active_seconds: 0,
        };
        dispatch(&mut state, &s, clock);
        let size = Action::Resize {
            width: 120,
            height: 30,
        };
        dispatch(&mut state, &s, size);
        let opened = s.open(start, NOW);
        dispatch(&mut state, &s, opened);
        (s, state)
    }
}

/// The background work, in line: every action it sends, in order.
fn background(s: &Services) -> Vec<Action> {
    let mut actions = Vec::new();
    vetter::app::scan::run(s.scan_job().unwrap(), |a| {
        actions.push(a);
        true
    });
    actions
}

fn header(state: &State) -> String {
    cell_rows(&draw_plain(state, 120, 30)).remove(0)
}

#[test]
fn the_review_opens_on_the_first_chunk_and_grows_to_the_whole_corpus_with_exact_counts() {
    let env = Env::new(60);
    for i in 0..55 {
        env.annotate(&format!("a{i}"), Status::Done);
    }
    let (s, mut state) = env.start();
    let n = state.queue.len();
    assert!(n < 45 && state.queue.counting);
    assert_eq!(
        state.queue.position, 0,
        "no status index: the first article"
    );
    let top = header(&state);
    assert!(top.contains(&format!("1/{n}+ a0")), "{top}");
    assert!(top.contains("counting articles…"), "{top}");
    // GoTo an article the count has not reached yet.
    dispatch(&mut state, &s, Action::Command(Command::GoTo));
    dispatch(&mut state, &s, Action::Paste("a57".into()));
    dispatch(&mut state, &s, Action::Command(Command::Commit));
    let said = state
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(said.contains("still counting the corpus"), "{said}");
    assert_eq!(state.queue.position, 0);
    let mut actions = background(&s);
    let counted = actions.remove(0);
    assert!(
        matches!(&counted, Action::Counted { items, error: None, .. } if items.len() == 60 - n)
    );
    let counted = s.background(counted);
    dispatch(&mut state, &s, counted);
    assert!(!state.queue.counting);
    assert_eq!(state.queue.len(), 60);
    assert_eq!(s.corpus.len(), 60, "the services read the whole corpus now");
    assert_eq!(
        state.queue.item(57).unwrap().title.as_deref(),
        Some("Title of a57")
    );
    // What the rest skipped is said: a7 again (the first one wins), and the bad line.
    let said = state
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(
        said.contains("id \"a7\" already used") && said.contains("(and 1 more)"),
        "{said}"
    );
    for a in actions {
        let a = s.background(a);
        dispatch(&mut state, &s, a);
    }
    assert_eq!(state.queue.scan, None);
    assert_eq!(state.queue.counts().finished(), 55);
    assert_eq!(state.queue.remaining(), 5);
    assert_eq!(
        state.queue.position, 55,
        "resume: the first unfinished article"
    );
    assert_eq!(state.session.as_ref().unwrap().article.id, "a55");
    let top = header(&state);
    assert!(
        top.contains("56/60 a55") && top.contains("55 finished, 5 left"),
        "{top}"
    );
    assert!(
        !top.contains("counting") && !top.contains("scanning"),
        "{top}"
    );
}

#[test]
fn with_a_status_index_the_grown_articles_come_with_their_summaries() {
    let env = Env::new(60);
    env.annotate("a58", Status::Skipped);
    let (s, mut state) = env.start();
    for a in background(&s) {
        let a = s.background(a);
        dispatch(&mut state, &s, a);
    }
    s.finish();
    drop(s);
    // The corpus is cached now: a full open. Remove the cache to count again.
    for f in std::fs::read_dir(env.cache()).unwrap().flatten() {
        if f.file_name().to_string_lossy().starts_with("corpus-") {
            std::fs::remove_file(f.path()).unwrap();
        }
    }
    let (s, mut state) = env.start();
    assert!(state.queue.counting);
    let mut actions = background(&s);
    let counted = s.background(actions.remove(0));
    dispatch(&mut state, &s, counted);
    assert_eq!(
        state.queue.item(58).unwrap().status(),
        Some(Status::Skipped)
    );
    assert_eq!(state.queue.counts().skipped, 1);
    // The reviewer moved meanwhile: the scan does not move the review.
    dispatch(&mut state, &s, Action::Command(Command::NextArticle));
    for a in actions {
        let a = s.background(a);
        dispatch(&mut state, &s, a);
    }
    assert_eq!(state.queue.position, 1);
    assert_eq!(state.queue.counts().finished(), 1);
}
