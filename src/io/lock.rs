//! One reviewer, one process: a review holds a lock on its reviewer's folder for the whole
//! session, so two `vetter review` processes never overwrite each other's work. The lock is an
//! advisory file lock (`flock`) on `<folder>/.vetter.lock`, released by the kernel when the
//! process ends in any way, so a crash never leaves a stale lock. The file says who holds it.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

pub const LOCK_FILE: &str = ".vetter.lock";

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{} is in use by another vetter review ({holder}); open it with --read-only to look without editing", dir.display())]
    Held { dir: PathBuf, holder: String },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// Held for as long as it lives.
#[derive(Debug)]
pub struct SessionLock {
    _file: File,
    pub path: PathBuf,
}

/// This machine's name, for the lock file.
fn host() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| fs::read_to_string(p).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown host".into())
}

/// Takes the lock of `dir` (created if needed), writing `pid`, host and `since` into it.
pub fn acquire(dir: &Path, since: &str) -> Result<SessionLock, LockError> {
    let path = dir.join(LOCK_FILE);
    let io_err = |source| LockError::Io {
        path: path.clone(),
        source,
    };
    fs::create_dir_all(dir).map_err(io_err)?;
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_err)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            return Err(LockError::Held {
                dir: dir.to_path_buf(),
                holder: if holder.is_empty() {
                    "holder unknown".into()
                } else {
                    holder.to_string()
                },
            });
        }
        Err(TryLockError::Error(e)) => return Err(io_err(e)),
    }
    let info = format!("pid {} on {} since {since}\n", std::process::id(), host());
    file.set_len(0).map_err(io_err)?;
    file.rewind().map_err(io_err)?;
    file.write_all(info.as_bytes()).map_err(io_err)?;
    Ok(SessionLock { _file: file, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_and_names_the_holder() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("dana");
        let first = acquire(&dir, "2026-01-01T00:00:00Z").unwrap();
        let e = acquire(&dir, "later").unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, LockError::Held { .. }), "{msg}");
        assert!(
            msg.contains(&format!("pid {}", std::process::id()))
                && msg.contains("since 2026-01-01"),
            "{msg}"
        );
        assert!(msg.contains("--read-only"), "{msg}");
        drop(first);
        // Released with its holder: the next one gets it.
        acquire(&dir, "now").unwrap();
    }

    #[test]
    fn an_unwritable_place_is_an_io_error() {
        let d = tempfile::tempdir().unwrap();
        let file = d.path().join("f");
        fs::write(&file, b"x").unwrap();
        assert!(matches!(
            acquire(&file.join("sub"), "now"),
            Err(LockError::Io { .. })
        ));
    }
}
