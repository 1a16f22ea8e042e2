//! What a file was when it was read, to tell before overwriting it whether it changed since.

use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::{self, Read};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// An annotation file as it was read or written: which file (path, device and inode), its length,
/// modification time (to the nanosecond) and the SHA-256 of its bytes. Two stamps are equal only
/// if all of these are, so a rewrite with the same bytes (a new inode or time), a change within
/// the same second and an in-place edit keeping the time are all seen as changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub path: PathBuf,
    pub len: u64,
    /// Seconds and nanoseconds since the epoch.
    pub mtime: (i64, i64),
    pub dev: u64,
    pub ino: u64,
    pub sha256: [u8; 32],
}

impl Stamp {
    fn new(path: &Path, meta: &fs::Metadata, bytes: &[u8]) -> Stamp {
        Stamp {
            path: path.to_path_buf(),
            len: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            dev: meta.dev(),
            ino: meta.ino(),
            sha256: Sha256::digest(bytes).into(),
        }
    }

    /// The stamp of a file just written with `bytes`.
    pub(super) fn of_written(path: &Path, bytes: &[u8]) -> io::Result<Stamp> {
        Ok(Stamp::new(path, &fs::metadata(path)?, bytes))
    }
}

/// Reads a file and stamps it; `None` if there is none. The metadata is taken from the open file
/// after reading, so it belongs to the bytes read even if the path is replaced meanwhile.
pub(super) fn read_stamped(path: &Path) -> io::Result<Option<(Vec<u8>, Stamp)>> {
    let mut f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)?;
    let meta = f.metadata()?;
    let stamp = Stamp::new(path, &meta, &bytes);
    Ok(Some((bytes, stamp)))
}

/// Why a file is not as its reader last saw it (for [`super::StoreError::Changed`]).
pub(super) fn change(expected: Option<&Stamp>, found: Option<&Stamp>) -> String {
    match (expected, found) {
        (None, Some(_)) => "was created by someone else since the article was opened".into(),
        (Some(_), None) => "was removed since it was read".into(),
        (Some(e), Some(f)) if e.path != f.path => format!(
            "is now stored in {} instead of the file that was read",
            f.path.display()
        ),
        (Some(e), Some(f)) if e.sha256 != f.sha256 => {
            format!(
                "changed on disk since it was read ({} bytes then, {} now)",
                e.len, f.len
            )
        }
        _ => "was rewritten since it was read (same content, another file or time)".into(),
    }
}
