//! Starting a review at any size: the JSONL corpus index cache, the status index of the
//! reviewer's folder, and the background scan that checks every annotation file after the
//! first frame (and the resume rule while it runs).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use vetter::app::runtime::dispatch;
use vetter::app::Services;
use vetter::core::command::Command;
use vetter::core::keymap::Keymap;
use vetter::core::{Action, State};
use vetter::domain::annotation::{Annotation, Status};
use vetter::io::status_index::StatusIndex;
use vetter::io::{default_schema, AnnotationStore, Corpus};

const NOW: &str = "2026-01-01T00:00:00Z";

fn line(id: &str) -> String {
    format!("{{\"id\":\"{id}\",\"text\":\"Title of {id}\\n\\nSome text.\"}}\n")
}

fn cache_file(dir: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("corpus-")
        })
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.pop().unwrap()
}

fn ids(c: &Corpus) -> Vec<String> {
    c.ids().to_vec()
}

#[test]
fn a_warm_open_uses_the_cache_and_gives_what_a_scan_gives() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let path = tmp.path().join("c.jsonl");
    let text = format!("{}not json\n\n{}{}", line("a"), line("b"), line("a"));
    std::fs::write(&path, text).unwrap();
    let plain = Corpus::open(&path).unwrap();
    let cold = Corpus::open_cached(&path, &cache).unwrap();
    let mut warm = Corpus::open_cached(&path, &cache).unwrap();
    assert!(!cold.cached() && warm.cached());
    for c in [&cold, &warm] {
        assert_eq!(ids(c), ids(&plain));
        assert_eq!(c.warnings(), plain.warnings());
        assert_eq!(c.load(1).unwrap().id, "b");
    }
    assert_eq!(plain.warnings().len(), 2);
    let titles: Vec<String> = warm.take_titles().iter().map(|t| t.to_string()).collect();
    assert_eq!(titles, ["Title of a", "Title of b"]);
}

#[test]
fn the_cache_is_rebuilt_when_the_corpus_changes_size_or_mtime() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let path = tmp.path().join("c.jsonl");
    std::fs::write(&path, format!("{}{}", line("a1"), line("b1"))).unwrap();
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    Corpus::open_cached(&path, &cache).unwrap();
    // Same size, other ids, another mtime.
    let later = mtime + Duration::from_secs(5);
    write_at(&path, &format!("{}{}", line("c1"), line("d1")), later);
    let c = Corpus::open_cached(&path, &cache).unwrap();
    assert!(!c.cached());
    assert_eq!(ids(&c), ["c1", "d1"]);
    // Another size, the same mtime.
    write_at(&path, &format!("{}{}", line("e1"), line("ff1")), later);
    let c = Corpus::open_cached(&path, &cache).unwrap();
    assert!(!c.cached());
    assert_eq!(ids(&c), ["e1", "ff1"]);
    assert_eq!(c.load(1).unwrap().id, "ff1");
    assert!(Corpus::open_cached(&path, &cache).unwrap().cached());
}

/// Writes `text` to `path` and gives the file this modification time.
fn write_at(path: &std::path::Path, text: &str, mtime: SystemTime) {
    std::fs::write(path, text).unwrap();
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(mtime).unwrap();
}

#[test]
fn a_corrupt_or_truncated_cache_is_never_used() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let path = tmp.path().join("c.jsonl");
    std::fs::write(&path, format!("{}{}", line("aa"), line("bb"))).unwrap();
    Corpus::open_cached(&path, &cache).unwrap();
    let file = cache_file(&cache);
    let good = std::fs::read(&file).unwrap();
    // An id changed inside the cache (same length: only the checksum can tell).
    let at = good.windows(2).position(|w| w == b"bb").unwrap();
    let mut bad = good.clone();
    bad[at] = b'x';
    std::fs::write(&file, &bad).unwrap();
    let c = Corpus::open_cached(&path, &cache).unwrap();
    assert!(!c.cached());
    assert_eq!(ids(&c), ["aa", "bb"]);
    for cut in [0, 5, good.len() / 2, good.len() - 1] {
        std::fs::write(&file, &good[..cut]).unwrap();
        let c = Corpus::open_cached(&path, &cache).unwrap();
        assert!(!c.cached(), "cut at {cut}");
        assert_eq!(ids(&c), ["aa", "bb"]);
    }
    std::fs::write(&file, b"").unwrap();
    assert_eq!(
        ids(&Corpus::open_cached(&path, &cache).unwrap()),
        ["aa", "bb"]
    );
}

/// Sets a directory's modification time (as a change `ago` in the past would have left it).
fn settle(dir: &Path, ago: Duration) {
    let f = std::fs::File::open(dir).unwrap();
    f.set_modified(SystemTime::now() - ago).unwrap();
}

#[test]
fn a_settled_directory_listing_is_cached_and_any_change_in_the_directory_lists_it_again() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let dir = tmp.path().join("articles");
    std::fs::create_dir(&dir).unwrap();
    for name in ["b.txt", "a.md", "a.txt", "notes.csv", ".hidden.txt"] {
        std::fs::write(dir.join(name), format!("Title of {name}\n\nText.")).unwrap();
    }
    settle(&dir, Duration::from_secs(60));
    let plain = Corpus::open(&dir).unwrap();
    let cold = Corpus::open_cached(&dir, &cache).unwrap();
    let warm = Corpus::open_cached(&dir, &cache).unwrap();
    assert!(!cold.cached() && warm.cached());
    for c in [&cold, &warm] {
        assert_eq!(ids(c), ["a", "b"]);
        assert_eq!(c.warnings(), plain.warnings());
        assert_eq!(c.load(1).unwrap().title, "Title of b.txt");
    }
    assert_eq!(plain.warnings().len(), 1, "a.txt after a.md");
    // A file added: the directory changed, so it is listed again, and not cached while the
    // change is this recent (another one in the same clock tick would not change the mtime).
    std::fs::write(dir.join("c.txt"), "C").unwrap();
    for _ in 0..2 {
        let c = Corpus::open_cached(&dir, &cache).unwrap();
        assert!(!c.cached());
        assert_eq!(ids(&c), ["a", "b", "c"]);
    }
    settle(&dir, Duration::from_secs(30));
    assert!(!Corpus::open_cached(&dir, &cache).unwrap().cached());
    let c = Corpus::open_cached(&dir, &cache).unwrap();
    assert!(c.cached());
    assert_eq!(ids(&c), ["a", "b", "c"]);
    // A file removed (the directory left alone since): listed again.
    std::fs::remove_file(dir.join("b.txt")).unwrap();
    settle(&dir, Duration::from_secs(20));
    let c = Corpus::open_cached(&dir, &cache).unwrap();
    assert!(!c.cached());
    assert_eq!(ids(&c), ["a", "c"]);
}

#[cfg(unix)]
#[test]
fn a_listing_with_a_link_is_never_cached() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let dir = tmp.path().join("articles");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(tmp.path().join("target.txt"), "T").unwrap();
    std::fs::write(dir.join("a.txt"), "A").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("target.txt"), dir.join("l.txt")).unwrap();
    settle(&dir, Duration::from_secs(60));
    for _ in 0..2 {
        let c = Corpus::open_cached(&dir, &cache).unwrap();
        assert!(!c.cached(), "whether l.txt counts depends on its target");
        assert_eq!(ids(&c), ["a", "l"]);
    }
    // The target becomes a directory: the link no longer counts, though `articles` is as it was.
    std::fs::remove_file(tmp.path().join("target.txt")).unwrap();
    std::fs::create_dir(tmp.path().join("target.txt")).unwrap();
    assert_eq!(ids(&Corpus::open_cached(&dir, &cache).unwrap()), ["a"]);
}

// ----------------------------------------------------------------------------------------------
// The status index and the background scan, through the services and the core.

struct Env {
    tmp: tempfile::TempDir,
    corpus: PathBuf,
}

impl Env {
    fn new(n: usize) -> Env {
        let tmp = tempfile::tempdir().unwrap();
        let corpus = tmp.path().join("c.jsonl");
        let text: String = (0..n).map(|i| line(&format!("a{i}"))).collect();
        std::fs::write(&corpus, text).unwrap();
        Env { tmp, corpus }
    }
    fn store(&self) -> AnnotationStore {
        AnnotationStore::new(&self.tmp.path().join("ann"), "r")
    }
    fn cache(&self) -> PathBuf {
        self.tmp.path().join("cache")
    }
    /// Writes article `i`'s annotation with this status, as another session would have.
    fn annotate(&self, i: usize, status: Status) {
        let schema = default_schema();
        let mut a = Annotation::new(&schema, &format!("a{i}"), "sha256:00", "r", NOW);
        a.status = status;
        self.store().save(&a).unwrap();
    }
    /// Services with the status index, the startup queue, and the start article open.
    fn start(&self) -> (Services, State) {
        let schema = Arc::new(default_schema());
        let corpus = Corpus::open_cached(&self.corpus, &self.cache()).unwrap();
        let mut s = Services::new(corpus, self.store(), None, schema.clone(), None);
        s.recovery_dir = self.tmp.path().join("recovery");
        s.use_index(&self.cache());
        let queue = s.startup_queue();
        let start = queue.first_unfinished();
        let mut state = State::new(schema, Arc::new(Keymap::default_keymap()), "r", queue);
        let clock = Action::Clock {
            now: NOW.into(),
            active_seconds: 0,
        };
        dispatch(&mut state, &s, clock);
        dispatch(
            &mut state,
            &s,
            Action::Resize {
                width: 100,
                height: 30,
            },
        );
        let opened = s.open(start, NOW);
        dispatch(&mut state, &s, opened);
        (s, state)
    }
}

/// Runs the background scan in line, feeding each batch to the core as the event loop does.
fn scan(s: &Services, state: &mut State) {
    let mut actions = Vec::new();
    vetter::app::scan::run(s.scan_job().unwrap(), |a| {
        actions.push(a);
        true
    });
    assert!(!actions.is_empty());
    for a in actions {
        let a = s.background(a);
        dispatch(state, s, a);
    }
}

fn status(state: &State, i: usize) -> Option<Status> {
    state.queue.item(i).unwrap().status()
}

#[test]
fn the_index_is_updated_on_save_and_resume_is_known_at_once_next_time() {
    let env = Env::new(4);
    env.annotate(0, Status::Done);
    let (s, mut state) = env.start();
    // No index yet: only the article opened (the first) is known before the scan.
    assert_eq!(state.queue.counts().finished(), 1);
    assert_eq!(state.queue.counts().done, 1);
    scan(&s, &mut state);
    assert_eq!(state.queue.position, 1, "the scan found article 0 done");
    dispatch(&mut state, &s, Action::Command(Command::NotRelevant));
    assert_eq!(state.queue.position, 2);
    s.flush();
    s.finish();
    let index = StatusIndex::load(&env.cache(), &env.store().dir());
    assert!(index.loaded);
    assert_eq!(index.summaries()["a1"].status, Status::NotRelevant);
    // Next time the queue is right before any file is read, and the review starts at a2.
    let (s2, state2) = env.start();
    assert_eq!(state2.queue.position, 2);
    assert_eq!(status(&state2, 1), Some(Status::NotRelevant));
    assert_eq!(state2.queue.counts().finished(), 2);
    assert_eq!(state2.queue.scan.map(|p| p.checked), Some(0));
    drop(s2);
}

#[test]
fn a_file_changed_behind_the_index_is_read_again_and_resume_follows_it() {
    let env = Env::new(4);
    env.annotate(0, Status::Done);
    env.annotate(1, Status::Done);
    let (s, mut state) = env.start();
    scan(&s, &mut state);
    s.finish();
    drop(s);
    // Another program puts article 0 back in progress: the index is stale.
    std::thread::sleep(Duration::from_millis(10));
    env.annotate(0, Status::InProgress);
    let (s, mut state) = env.start();
    assert_eq!(
        state.queue.position, 2,
        "the stale index says 0 and 1 are done"
    );
    scan(&s, &mut state);
    assert_eq!(status(&state, 0), Some(Status::InProgress));
    assert_eq!(state.queue.counts().finished(), 1);
    assert_eq!(state.queue.position, 0, "the reviewer had not moved");
    assert_eq!(state.queue.scan, None);
}

#[test]
fn once_the_reviewer_moved_the_scan_never_moves_the_review() {
    let env = Env::new(4);
    env.annotate(0, Status::Done);
    env.annotate(1, Status::Done);
    let (s, mut state) = env.start();
    assert_eq!(state.queue.position, 0, "no index: article 0 first");
    dispatch(&mut state, &s, Action::Command(Command::NextArticle));
    assert_eq!(state.queue.position, 1);
    scan(&s, &mut state);
    assert_eq!(state.queue.position, 1);
    assert_eq!(state.queue.counts().finished(), 2);
}

#[test]
fn the_scan_never_overrides_what_this_session_saved() {
    let env = Env::new(3);
    let (s, mut state) = env.start();
    dispatch(&mut state, &s, Action::Command(Command::NotRelevant));
    // The scan read article 0's file before the save reached it.
    let stale = Action::Scanned {
        items: vec![(0, None), (1, None)],
        progress: vetter::core::queue::ScanProgress {
            checked: 3,
            total: 3,
        },
        resume: false,
    };
    let a = s.background(stale);
    dispatch(&mut state, &s, a);
    assert_eq!(status(&state, 0), Some(Status::NotRelevant));
}

/// A temporary file as a save of a process that is gone leaves it, in `dir`.
fn dead_save_temp(dir: &Path, target: &str) -> PathBuf {
    let mut c = std::process::Command::new("true").spawn().unwrap();
    let pid = c.id().to_string();
    c.wait().unwrap();
    let f = vetter::io::atomic::AtomicFile::create(&dir.join(target)).unwrap();
    let mine = f.temp_path().unwrap().to_path_buf();
    drop(f);
    let name = mine.file_name().unwrap().to_string_lossy().into_owned();
    let mut parts: Vec<&str> = name.rsplitn(3, '.').collect();
    parts[1] = &pid;
    parts.reverse();
    let p = dir.join(parts.join("."));
    std::fs::write(&p, b"partial").unwrap();
    p
}

#[test]
fn temporary_files_of_dead_saves_are_removed_by_the_background_scan_which_says_so() {
    let env = Env::new(2);
    env.annotate(0, Status::Done);
    let dir = env.store().dir();
    let temp = dead_save_temp(&dir, "a0.ron");
    let (s, mut state) = env.start();
    assert!(
        temp.exists(),
        "nothing is listed or removed before the first frame"
    );
    let mut actions = Vec::new();
    vetter::app::scan::run(s.scan_job().unwrap(), |a| {
        actions.push(a);
        true
    });
    assert!(!temp.exists());
    let said = vetter::app::scan::cleaned_notice(1, &dir);
    assert!(matches!(&actions[0], Action::Notice(t) if *t == said));
    dispatch(&mut state, &s, actions.remove(0));
    assert_eq!(
        state.message.as_ref().map(|m| m.text.as_str()),
        Some(&*said)
    );
    // A read-only review removes nothing.
    let temp = dead_save_temp(&dir, "a1.ron");
    let (mut s, _) = env.start();
    s.read_only = Some("read-only".into());
    vetter::app::scan::run(s.scan_job().unwrap(), |a| !matches!(a, Action::Notice(_)));
    assert!(temp.exists());
}
