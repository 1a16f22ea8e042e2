//! The fast half of saving: each change goes to a journal file beside the annotation at once
//! (written and renamed, no fsync), and the annotation file itself is rewritten durably
//! (atomically, with fsync) at most about once a second and whenever the reviewer leaves an
//! article or quits.
//!
//! So a killed process loses at most the keystroke in flight (the kernel keeps what was written
//! in its page cache), and a crash of the whole machine loses at most about a second of typing:
//! the annotation file is always whole, and a journal torn by the crash does not parse and is
//! ignored. The journal is `.<file name>.journal` in the annotation's directory; it is removed once
//! the annotation file holds the same content.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The journal of the annotation file at `path`.
pub fn path_of(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.journal"))
}

/// Writes the journal of `path`: a new file renamed over the old one, so a killed process leaves
/// either the previous journal or this one, never half of one. No fsync: that is the point.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let journal = path_of(path);
    let tmp = journal.with_file_name(format!(
        "{}.new",
        journal
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        drop(f);
        fs::rename(&tmp, &journal)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The journal's text, if there is one that is valid UTF-8.
pub fn read(path: &Path) -> Option<String> {
    let bytes = fs::read(path_of(path)).ok()?;
    String::from_utf8(bytes).ok()
}

/// Removes the journal (once the annotation file is durably written). A missing one is fine.
pub fn remove(path: &Path) -> io::Result<()> {
    match fs::remove_file(path_of(path)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_read_remove() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.ron");
        assert_eq!(read(&p), None);
        write(&p, b"one").unwrap();
        write(&p, b"two").unwrap();
        assert_eq!(read(&p).as_deref(), Some("two"));
        assert!(!p.exists(), "the annotation file itself is not touched");
        let names: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec![".a.ron.journal"]);
        remove(&p).unwrap();
        remove(&p).unwrap();
        assert_eq!(read(&p), None);
    }

    #[test]
    fn unwritable_directory_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        assert!(write(&d.path().join("missing").join("a.ron"), b"x").is_err());
    }
}
