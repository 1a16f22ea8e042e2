//! Annotation file names that cannot collide: long hashes, hashed-looking ids hashed again, a
//! check of the id inside before writing, and the names of earlier versions still read.

use proptest::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fs;
use std::path::Path;
use vetter::domain::annotation::{Annotation, Status};
use vetter::io::{default_schema, parse_annotation, safe_file_name, to_ron, AnnotationStore};

fn ann(id: &str) -> Annotation {
    Annotation::new(
        &default_schema(),
        id,
        "sha256:00",
        "anna",
        "2026-01-01T00:00:00Z",
    )
}

fn ron_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn id_in(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    parse_annotation(&text, path).unwrap().article.id
}

/// The name the previous version gave a sanitized stem: `-` and 10 hex digits of the id's hash.
fn legacy(stem: &str, id: &str) -> String {
    let d = Sha256::digest(id.as_bytes());
    let hex: String = d[..5].iter().map(|b| format!("{b:02x}")).collect();
    format!("{stem}-{hex}")
}

#[test]
fn a_literal_id_shaped_like_a_hashed_name_gets_its_own_file() {
    let old = legacy("a_b", "a/b");
    assert_eq!(old, "a_b-c14cddc033");
    assert_ne!(safe_file_name("a/b"), safe_file_name(&old));
    let d = tempfile::tempdir().unwrap();
    let st = AnnotationStore::new(d.path(), "anna");
    st.save(&ann("a/b")).unwrap();
    st.save(&ann(&old)).unwrap();
    assert_ne!(st.path_for("a/b"), st.path_for(&old));
    assert_eq!(st.load("a/b").unwrap().unwrap().article.id, "a/b");
    assert_eq!(st.load(&old).unwrap().unwrap().article.id, old);
    assert_eq!(st.summaries().len(), 2);
}

#[test]
fn hashes_are_long_enough() {
    // 96 bits: a birthday collision needs about 2^48 ids with one stem, not 2^20.
    let n = safe_file_name("a/b");
    let (_, hex) = n.rsplit_once('-').unwrap();
    assert!(hex.len() >= 20, "{n}");
    assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn a_file_of_another_article_at_the_computed_name_is_not_overwritten() {
    // What two ids whose names collided would do: the first name holds the other article.
    let d = tempfile::tempdir().unwrap();
    let st = AnnotationStore::new(d.path(), "anna");
    fs::create_dir_all(st.dir()).unwrap();
    let first = st.dir().join(format!("{}.ron", safe_file_name("k/1")));
    fs::write(&first, to_ron(&ann("intruder"))).unwrap();
    let mut a = ann("k/1");
    a.status = Status::Done;
    st.save(&a).unwrap();
    assert_eq!(
        id_in(&first),
        "intruder",
        "the other article's file is kept"
    );
    let second = st.path_for("k/1");
    assert_eq!(
        second.file_name().unwrap().to_string_lossy(),
        format!("{}+2.ron", safe_file_name("k/1"))
    );
    assert_eq!(st.load("k/1").unwrap(), Some(a.clone()));
    // Saved again, it stays there; statuses find it.
    a.status = Status::NotRelevant;
    st.save(&a).unwrap();
    assert_eq!(ron_files(&st.dir()).len(), 2);
    assert_eq!(st.summaries()["k/1"].status, Status::NotRelevant);
    // A third article colliding too gets +3.
    fs::write(st.dir().join("z.ron"), to_ron(&ann("y"))).unwrap();
    fs::write(st.dir().join("z+2.ron"), to_ron(&ann("x"))).unwrap();
    st.save(&ann("z")).unwrap();
    assert_eq!(st.path_for("z"), st.dir().join("z+3.ron"));
    assert_eq!(id_in(&st.dir().join("z+3.ron")), "z");
    let problems = vetter::io::validate_dir(&st.dir().join("z+3.ron"), &default_schema(), None);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn files_under_the_previous_names_are_loaded_and_saved_in_place() {
    let d = tempfile::tempdir().unwrap();
    // A reviewer with a capital had a hashed directory name too.
    let st = AnnotationStore::new(d.path(), "Anna");
    let old_dir = d.path().join(legacy("Anna", "Anna"));
    fs::create_dir_all(&old_dir).unwrap();
    assert_eq!(st.dir(), old_dir);
    let old_file = old_dir.join(format!("{}.ron", legacy("a_b", "a/b")));
    let mut a = ann("a/b");
    a.status = Status::Skipped;
    fs::write(&old_file, to_ron(&a)).unwrap();
    assert_eq!(st.load("a/b").unwrap(), Some(a.clone()));
    assert_eq!(st.summaries()["a/b"].status, Status::Skipped);
    a.status = Status::Done;
    st.save(&a).unwrap();
    assert_eq!(
        ron_files(&old_dir),
        [old_file.file_name().unwrap().to_string_lossy()]
    );
    assert_eq!(st.load("a/b").unwrap(), Some(a));
    // The literal id that had the same old name gets a file of its own.
    st.save(&ann("a_b-c14cddc033")).unwrap();
    assert_eq!(id_in(&old_file), "a/b");
    assert_eq!(ron_files(&old_dir).len(), 2);
    assert!(vetter::io::validate_dir(&old_dir, &default_schema(), None).is_empty());
}

/// Ids built to collide: plain ones, their safe names, and names shaped like the old hashes.
fn tricky_ids() -> impl Strategy<Value = Vec<String>> {
    let base = prop_oneof![
        "[a-c/_.\\-]{0,4}",
        "[a-cA-C]{1,3}",
        any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ];
    proptest::collection::vec(base, 1..5).prop_map(|ids| {
        let mut out = Vec::new();
        for id in ids {
            out.push(safe_file_name(&id));
            let stem: String = safe_file_name(&id).split('-').next().unwrap_or("").into();
            out.push(legacy(&stem, &id));
            out.push(format!("{}+2", safe_file_name(&id)));
            out.push(id);
        }
        let mut seen = HashSet::new();
        out.retain(|i| seen.insert(i.clone()));
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn distinct_ids_never_share_a_path_in_one_store(ids in tricky_ids()) {
        let d = tempfile::tempdir().unwrap();
        let st = AnnotationStore::new(d.path(), "r");
        for id in &ids {
            st.save(&ann(id)).unwrap();
        }
        let mut paths = HashSet::new();
        for id in &ids {
            let p = st.path_for(id);
            prop_assert!(paths.insert(p.clone()), "{id:?} shares {}", p.display());
            prop_assert_eq!(id_in(&p), id.clone());
            prop_assert_eq!(st.load(id).unwrap().unwrap().article.id, id.clone());
        }
        prop_assert_eq!(st.summaries().len(), ids.len());
    }
}
