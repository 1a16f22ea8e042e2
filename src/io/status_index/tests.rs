use super::*;
use crate::domain::annotation::Annotation;
use crate::io::status_scan::Folder;
use crate::io::{to_ron, AnnotationStore};
use std::sync::Mutex;

fn ann(id: &str, status: Status) -> Annotation {
    let schema = crate::io::default_schema();
    let mut a = Annotation::new(&schema, id, "sha256:00", "r", "2026-01-01T00:00:00Z");
    a.status = status;
    a
}

struct Env {
    _tmp: tempfile::TempDir,
    cache: PathBuf,
    store: AnnotationStore,
}

fn env() -> Env {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let store = AnnotationStore::new(&tmp.path().join("ann"), "r");
    Env {
        _tmp: tmp,
        cache,
        store,
    }
}

fn scan_all(e: &Env, ids: &[&str]) -> (Vec<Option<Status>>, Mutex<StatusIndex>) {
    let index = Mutex::new(StatusIndex::load(&e.cache, &e.store.dir()));
    let folder = Folder::list(&e.store.dir());
    let out = ids
        .iter()
        .map(|id| folder.summary(id, &index).map(|s| s.status))
        .collect();
    (out, index)
}

#[test]
fn the_index_round_trips_and_gives_what_the_files_give() {
    let e = env();
    e.store.save(&ann("a", Status::Done)).unwrap();
    e.store.save(&ann("b", Status::Skipped)).unwrap();
    std::fs::write(e.store.dir().join("c.ron"), "not ron").unwrap();
    let (found, index) = scan_all(&e, &["a", "b", "c"]);
    assert_eq!(found, vec![Some(Status::Done), Some(Status::Skipped), None]);
    let mut index = index.into_inner().unwrap();
    assert!(!index.loaded);
    index.write().unwrap();
    let again = StatusIndex::load(&e.cache, &e.store.dir());
    assert!(again.loaded);
    assert_eq!(again.len(), 3, "the unparseable file is indexed too");
    assert_eq!(again.summaries(), e.store.summaries());
}

#[test]
fn a_file_changed_behind_the_index_is_read_again() {
    let e = env();
    e.store.save(&ann("a", Status::Done)).unwrap();
    let (_, index) = scan_all(&e, &["a"]);
    index.into_inner().unwrap().write().unwrap();
    // Another program rewrites the file in place.
    let path = e.store.path_for("a");
    std::fs::write(&path, to_ron(&ann("a", Status::Skipped))).unwrap();
    let stale = StatusIndex::load(&e.cache, &e.store.dir());
    assert_eq!(
        stale.summaries()["a"].status,
        Status::Done,
        "the index is stale"
    );
    let (found, _) = scan_all(&e, &["a"]);
    assert_eq!(found, vec![Some(Status::Skipped)]);
}

#[test]
fn a_damaged_or_foreign_index_is_not_used() {
    let e = env();
    e.store.save(&ann("a", Status::Done)).unwrap();
    let (_, index) = scan_all(&e, &["a"]);
    let mut index = index.into_inner().unwrap();
    index.write().unwrap();
    let file = index.file().to_path_buf();
    let bytes = std::fs::read(&file).unwrap();
    for cut in [0, 8, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&file, &bytes[..cut]).unwrap();
        let ix = StatusIndex::load(&e.cache, &e.store.dir());
        assert!(!ix.loaded && ix.is_empty(), "cut at {cut}");
    }
    let mut flipped = bytes.clone();
    let at = flipped.len() - 12;
    flipped[at] ^= 1;
    std::fs::write(&file, &flipped).unwrap();
    assert!(!StatusIndex::load(&e.cache, &e.store.dir()).loaded);
    // Another folder's index under this folder's name is refused.
    let other = tempfile::tempdir().unwrap();
    let mut theirs = StatusIndex::load(&e.cache, other.path());
    theirs.insert(
        "a.ron",
        Entry {
            key: FileKey::default(),
            held: None,
        },
    );
    theirs.write().unwrap();
    std::fs::copy(theirs.file(), &file).unwrap();
    assert!(!StatusIndex::load(&e.cache, &e.store.dir()).loaded);
}

#[test]
fn a_numbered_file_counts_for_its_article_as_the_store_says() {
    let e = env();
    // `a.ron` holds another article, so "a" is saved as `a+2.ron`.
    e.store.save(&ann("a", Status::Done)).unwrap();
    let own = e.store.path_for("a");
    let mut other = ann("zz", Status::InProgress);
    other.article.id = "zz".into();
    std::fs::write(&own, to_ron(&other)).unwrap();
    e.store.save(&ann("a", Status::NotRelevant)).unwrap();
    assert!(e.store.path_for("a").ends_with("a+2.ron"));
    let (found, index) = scan_all(&e, &["a", "zz"]);
    assert_eq!(found, vec![Some(Status::NotRelevant), None]);
    let index = index.into_inner().unwrap();
    assert_eq!(index.summaries(), e.store.summaries());
    let ids = ["zz", "a", "b"];
    let placed = index.summaries_by_index(3, |id| ids.iter().position(|x| *x == id));
    let statuses: Vec<_> = placed
        .iter()
        .map(|s| s.as_ref().map(|s| s.status))
        .collect();
    assert_eq!(statuses, vec![None, Some(Status::NotRelevant), None]);
}

#[test]
fn an_index_of_the_first_format_is_rebuilt_and_ranks_come_back_as_written() {
    let e = env();
    e.store.save(&ann("a", Status::Done)).unwrap();
    let (_, index) = scan_all(&e, &["a"]);
    let mut index = index.into_inner().unwrap();
    index.write().unwrap();
    let file = index.file().to_path_buf();
    let sealed = std::fs::read(&file).unwrap();
    let payload = cachefile::unseal(MAGIC, &sealed).unwrap().to_vec();
    // The same payload under the first format's magic is not read as this format.
    std::fs::write(&file, cachefile::seal(b"VTSTAT01", &payload)).unwrap();
    assert!(!StatusIndex::load(&e.cache, &e.store.dir()).loaded);
    // As written, each entry keeps its name's rank: "a.ron" is rank 0 of article "a", and a
    // name that article is never stored under has none.
    let mut back = decode(&payload, index.dir()).unwrap();
    assert_eq!(back["a.ron"].rank, Some(0));
    let held = back["a.ron"].entry.clone();
    assert_eq!(Slot::new("b.ron", held.clone()).rank, None);
    back.insert("b.ron".into(), Slot::new("b.ron", held));
    let again = decode(&encode(index.dir(), &back), index.dir()).unwrap();
    assert_eq!(again, back);
}
