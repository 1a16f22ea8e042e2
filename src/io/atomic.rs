//! Writing a file so that readers (and a crash) see either the old content or the new, never half.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes temporary files of concurrent writes within one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Replaces `path` with `bytes` atomically.
///
/// Writes a temporary file `.{name}.tmp.{pid}.{counter}` in the same directory (so the rename
/// cannot cross file systems), flushes it to disk, renames it over `path` and, on unix, flushes
/// the directory so the rename itself survives a crash. On any failure the temporary file is
/// removed and `path` is left as it was.
///
/// The new file gets default permissions (those of a newly created file); the old file's
/// permissions are not carried over. The directory must already exist.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// A file written in pieces that replaces its target only on [`AtomicFile::commit`]: until then
/// readers see the old file (or none), and a file dropped without commit leaves no trace.
pub struct AtomicFile {
    path: PathBuf,
    dir: PathBuf,
    tmp: PathBuf,
    file: Option<io::BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let name = path.file_name().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: not a file path", path.display()),
            )
        })?;
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let (tmp, file) = create_temp(&dir, &name.to_string_lossy())?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            dir,
            tmp,
            file: Some(io::BufWriter::new(file)),
        })
    }

    /// The temporary file being written (removed by `commit` or on drop).
    pub fn temp_path(&self) -> &Path {
        &self.tmp
    }

    /// Flushes to disk, renames over the target and flushes the directory.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(buf) = self.file.take() else {
            return Ok(());
        };
        let result = (|| {
            let file = buf.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
            drop(file);
            fs::rename(&self.tmp, &self.path)?;
            sync_dir(&self.dir)
        })();
        if result.is_err() {
            // The rename may have happened before a failing directory sync; then there is no
            // temporary file left and this removal fails harmlessly.
            let _ = fs::remove_file(&self.tmp);
        }
        result
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.file.as_mut() {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("already committed")),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().map_or(Ok(()), |f| f.flush())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Creates a new, uniquely named temporary file next to the target.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.tmp.{pid}.{n}"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            // Left over from a crashed process that had the same pid: try the next number.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writes_and_replaces_without_leftovers() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.ron");
        write_atomic(&p, b"one").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"two, longer").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two, longer");
        write_atomic(&p, b"").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"");
        assert_eq!(entries(d.path()), vec!["a.ron"]);
    }

    #[test]
    fn missing_directory_fails_and_leaves_nothing() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("nope").join("a.ron");
        assert!(write_atomic(&p, b"x").is_err());
        assert!(entries(d.path()).is_empty());
    }

    #[test]
    fn rename_failure_removes_temp_and_keeps_target() {
        // The target is a non-empty directory, so the rename fails after the temp was written.
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("t");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), b"keep").unwrap();
        assert!(write_atomic(&target, b"x").is_err());
        assert_eq!(entries(d.path()), vec!["t"]);
        assert_eq!(fs::read(target.join("inside")).unwrap(), b"keep");
    }

    #[test]
    fn path_without_file_name_is_rejected() {
        assert!(write_atomic(Path::new("/"), b"x").is_err());
    }
}
