//! Saving only over the file that was read: `load_stamped` and `save_checked`.

use std::fs;
use std::os::unix::fs::MetadataExt;
use vetter::domain::annotation::{Annotation, Status};
use vetter::io::{default_schema, to_ron, AnnotationStore, StoreError};

fn ann(id: &str) -> Annotation {
    Annotation::new(
        &default_schema(),
        id,
        "sha256:00",
        "anna",
        "2026-01-01T00:00:00Z",
    )
}

fn store() -> (tempfile::TempDir, AnnotationStore) {
    let d = tempfile::tempdir().unwrap();
    let st = AnnotationStore::new(d.path(), "anna");
    (d, st)
}

#[test]
fn a_new_file_then_saves_chained_on_their_stamps() {
    let (_d, st) = store();
    assert!(st.load_stamped("a").unwrap().is_none());
    let mut a = ann("a");
    let s1 = st.save_checked(&a, None).unwrap();
    let (back, s_read) = st.load_stamped("a").unwrap().unwrap();
    assert_eq!(back, a);
    assert_eq!(
        s_read, s1,
        "the stamp of the save is the stamp of the file read back"
    );
    a.status = Status::Done;
    let s2 = st.save_checked(&a, Some(&s1)).unwrap();
    assert_ne!(s2, s1);
    assert_eq!(s2.len, fs::metadata(st.path_for("a")).unwrap().len());
    a.status = Status::NotRelevant;
    st.save_checked(&a, Some(&s2)).unwrap();
    assert_eq!(st.load("a").unwrap().unwrap().status, Status::NotRelevant);
    // The plain API still works alongside.
    st.save(&ann("b")).unwrap();
    assert!(st.load("b").unwrap().is_some());
}

#[test]
fn a_file_changed_since_it_was_read_is_not_overwritten() {
    let (_d, st) = store();
    st.save(&ann("a")).unwrap();
    let (mut mine, stamp) = st.load_stamped("a").unwrap().unwrap();
    // Someone else saves the same article meanwhile.
    let mut theirs = ann("a");
    theirs.status = Status::Skipped;
    st.save(&theirs).unwrap();
    let on_disk = fs::read(st.path_for("a")).unwrap();
    mine.status = Status::Done;
    let e = st.save_checked(&mine, Some(&stamp)).unwrap_err();
    let StoreError::Changed { path, .. } = &e else {
        panic!("{e}")
    };
    assert_eq!(path, &st.path_for("a"));
    assert!(
        e.to_string().contains("changed on disk since it was read"),
        "{e}"
    );
    assert!(
        e.to_string()
            .starts_with(&st.path_for("a").display().to_string()),
        "{e}"
    );
    assert_eq!(
        fs::read(st.path_for("a")).unwrap(),
        on_disk,
        "nothing written"
    );
}

#[test]
fn the_same_bytes_rewritten_or_an_in_place_edit_are_changes_too() {
    let (_d, st) = store();
    st.save(&ann("a")).unwrap();
    let (a, stamp) = st.load_stamped("a").unwrap().unwrap();
    let p = st.path_for("a");
    // Same bytes, new file (another inode).
    let bytes = fs::read(&p).unwrap();
    let copy = p.with_extension("copy");
    fs::write(&copy, &bytes).unwrap();
    fs::rename(&copy, &p).unwrap();
    let e = st.save_checked(&a, Some(&stamp)).unwrap_err();
    assert!(matches!(e, StoreError::Changed { .. }), "{e}");
    // Edited in place with the same length, the time set back: the hash still tells.
    let (_, stamp) = st.load_stamped("a").unwrap().unwrap();
    let ino = fs::metadata(&p).unwrap().ino();
    let mut edited = bytes.clone();
    let at = edited.iter().position(|&b| b == b'0').unwrap();
    edited[at] = b'7';
    let f = fs::OpenOptions::new().write(true).open(&p).unwrap();
    std::io::Write::write_all(&mut &f, &edited).unwrap();
    let t = std::time::UNIX_EPOCH
        + std::time::Duration::new(stamp.mtime.0 as u64, stamp.mtime.1 as u32);
    f.set_modified(t).unwrap();
    drop(f);
    assert_eq!(fs::metadata(&p).unwrap().ino(), ino);
    let e = st.save_checked(&a, Some(&stamp)).unwrap_err();
    assert!(matches!(e, StoreError::Changed { .. }), "{e}");
    assert_eq!(fs::read(&p).unwrap(), edited);
}

#[test]
fn created_or_removed_since_opening_is_a_change() {
    let (_d, st) = store();
    // Opened when there was no file; someone saved it meanwhile.
    st.save(&ann("a")).unwrap();
    let before = fs::read(st.path_for("a")).unwrap();
    let e = st.save_checked(&ann("a"), None).unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::Changed {
                expected: None,
                found: Some(_),
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("created by someone else"), "{e}");
    assert_eq!(fs::read(st.path_for("a")).unwrap(), before);
    // Read, then removed.
    let (a, stamp) = st.load_stamped("a").unwrap().unwrap();
    fs::remove_file(st.path_for("a")).unwrap();
    let e = st.save_checked(&a, Some(&stamp)).unwrap_err();
    assert!(matches!(e, StoreError::Changed { found: None, .. }), "{e}");
    assert!(!st.path_for("a").exists());
}

#[test]
fn load_stamped_reports_bad_files_like_load() {
    let (_d, st) = store();
    fs::create_dir_all(st.dir()).unwrap();
    fs::write(st.path_for("a"), "(\n  format: \"one\",\n)").unwrap();
    let e = st.load_stamped("a").unwrap_err();
    assert!(matches!(e, StoreError::Parse { line: 2, .. }), "{e}");
    fs::write(st.path_for("b"), b"\xff").unwrap();
    assert!(matches!(
        st.load_stamped("b"),
        Err(StoreError::Parse { .. })
    ));
    fs::write(st.dir().join("c.ron"), to_ron(&ann("c"))).unwrap();
    assert_eq!(st.load_stamped("c").unwrap().unwrap().0, ann("c"));
}
