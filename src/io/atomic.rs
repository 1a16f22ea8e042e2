//! Writing a file so that readers (and a crash) see either the old content or the new, never half,
//! and so that what the path is (a symbolic link, a FIFO, a device, a file with several hard
//! links, a file with a restrictive mode) stays what it was.

mod target;
pub mod temp;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use target::Target;

/// Writes `bytes` to `path` the way [`AtomicFile`] does (see there).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// A file written in pieces that reaches its target only on [`AtomicFile::commit`]; dropped
/// without commit it leaves the target as it was and no temporary file.
///
/// What `path` is decides how, found with `stat` (which follows links as opening does):
///
/// - **Nothing, or a regular file with one link** (also at the end of a chain of symbolic links,
///   relative or absolute, or of a dangling link, which thus creates its target): a temporary
///   file `.{name}.tmp.{host}-{boot}.{pid}.{n}` (see [`temp`]) is written in the directory of the
///   file at the end of the links, flushed to disk, renamed over that file, and the directory is
///   flushed so the rename itself survives a crash. The links stay links. The new file gets the
///   old file's permission bits and, best effort (it needs root), its owner and group; a new
///   file gets the default mode. Readers see the old file or the new one, never a mix.
/// - **A regular file with more than one hard link**: renaming would split it (the other names
///   would keep the old content), so it is rewritten in place. The content is first written to
///   a temporary file as above, so failing or stopping before `commit` leaves the target
///   untouched; `commit` then copies it over the file's content, cuts the file to the new length
///   and flushes it to disk. The trade-off: a crash or a signal during that copy leaves the file
///   part old, part new, and a reader during it can see that mix. Mode, owner and every link are
///   kept, as they are the same file.
/// - **Anything else that exists** (a FIFO, a character device such as a terminal or
///   `/dev/null`, `/dev/stdout`): opened for writing at `path` and written directly, with no
///   temporary file and no rename. A regular file reached through a link that the kernel
///   resolves by itself (`/dev/stdout` -> `/proc/self/fd/1` when standard output is a file) is
///   written this way too, from its start, cut to the new length; it is only emptied once the
///   first byte is written, so a dropped file leaves it as it was.
///
/// Every error (of writing, flushing to disk, renaming or flushing the directory) is returned;
/// on an error before the rename the temporary file is removed. A directory is an error.
pub struct AtomicFile {
    mode: Mode,
    file: Option<io::BufWriter<Sink>>,
}

enum Mode {
    Replace {
        path: PathBuf,
        dir: PathBuf,
        tmp: PathBuf,
    },
    InPlace {
        path: PathBuf,
        tmp: PathBuf,
    },
    Direct {
        path: PathBuf,
        regular: bool,
    },
}

/// The open file, emptied before its first write when it is an existing regular file written
/// directly.
struct Sink {
    file: File,
    empty_first: bool,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.empty_first && !buf.is_empty() {
            self.file.set_len(0)?;
            self.empty_first = false;
        }
        self.file.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// The directory holding `path` (`.` for a bare name) and its file name.
fn split(path: &Path) -> io::Result<(PathBuf, String)> {
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
    Ok((dir, name.to_string_lossy().into_owned()))
}

impl AtomicFile {
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        split(path)?;
        let (mode, file) = match target::resolve(path)? {
            Target::Replace { path, old } => {
                let (dir, name) = split(&path)?;
                // Private until the old file's mode is set; a new file gets the default mode.
                let mode = if old.is_some() { 0o600 } else { 0o666 };
                let (tmp, file) = temp::create(&dir, &name, mode)?;
                if let Some(old) = &old {
                    if let Err(e) = carry_over(&file, old) {
                        drop(file);
                        let _ = fs::remove_file(&tmp);
                        return Err(e);
                    }
                }
                (Mode::Replace { path, dir, tmp }, file)
            }
            Target::InPlace { path } => {
                let (dir, name) = split(&path)?;
                // Open the target now, so a file that cannot be written fails at once.
                OpenOptions::new().write(true).open(&path)?;
                let (tmp, file) = temp::create(&dir, &name, 0o600)?;
                (Mode::InPlace { path, tmp }, file)
            }
            Target::Direct => {
                let file = OpenOptions::new().write(true).open(path)?;
                let regular = file.metadata()?.is_file();
                let mode = Mode::Direct {
                    path: path.to_path_buf(),
                    regular,
                };
                (mode, file)
            }
        };
        let empty_first = matches!(mode, Mode::Direct { regular: true, .. });
        Ok(AtomicFile {
            mode,
            file: Some(io::BufWriter::new(Sink { file, empty_first })),
        })
    }

    /// The temporary file being written (removed by `commit` or on drop); `None` when the
    /// target is written directly.
    pub fn temp_path(&self) -> Option<&Path> {
        match &self.mode {
            Mode::Replace { tmp, .. } | Mode::InPlace { tmp, .. } => Some(tmp),
            Mode::Direct { .. } => None,
        }
    }

    /// The file the content goes to (the end of any symbolic links, or the path as given when
    /// written directly).
    pub fn target_path(&self) -> &Path {
        match &self.mode {
            Mode::Replace { path, .. } | Mode::InPlace { path, .. } | Mode::Direct { path, .. } => {
                path
            }
        }
    }

    /// Puts the content in place (see [`AtomicFile`] for how) and flushes it to disk.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(buf) = self.file.take() else {
            return Ok(());
        };
        let result = (|| {
            let sink = buf.into_inner().map_err(|e| e.into_error())?;
            match &self.mode {
                Mode::Replace { path, dir, tmp } => {
                    sink.file.sync_all()?;
                    drop(sink);
                    fs::rename(tmp, path)?;
                    sync_dir(dir)
                }
                Mode::InPlace { path, tmp } => {
                    drop(sink);
                    copy_in_place(tmp, path)?;
                    // The content is in place; a temporary file that will not go is harmless.
                    let _ = fs::remove_file(tmp);
                    Ok(())
                }
                Mode::Direct { regular, .. } => {
                    if sink.empty_first {
                        sink.file.set_len(0)?;
                    }
                    match sink.file.sync_all() {
                        // FIFOs, terminals and most devices cannot be flushed to disk.
                        Err(e) if !regular && is_unsupported(&e) => Ok(()),
                        other => other,
                    }
                }
            }
        })();
        if result.is_err() {
            if let Some(tmp) = self.temp_path() {
                // The rename may have happened before a failing directory sync; then there is
                // no temporary file left and this removal fails harmlessly.
                let _ = fs::remove_file(tmp);
            }
        }
        result
    }
}

fn is_unsupported(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
    )
}

/// Gives the new file the old one's owner and group (best effort: only root may) and then its
/// permission bits (after the owner, since changing the owner clears set-id bits).
fn carry_over(file: &File, old: &fs::Metadata) -> io::Result<()> {
    let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    file.set_permissions(fs::Permissions::from_mode(old.mode() & 0o7777))
}

/// Copies `from` over the content of `to` (not truncating first: the file is cut to the new
/// length at the end) and flushes `to` to disk.
fn copy_in_place(from: &Path, to: &Path) -> io::Result<()> {
    let mut src = File::open(from)?;
    let mut dst = OpenOptions::new().write(true).open(to)?;
    dst.rewind()?;
    let n = io::copy(&mut src, &mut dst)?;
    dst.set_len(n)?;
    dst.sync_all()
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
            if let Some(tmp) = self.temp_path() {
                let _ = fs::remove_file(tmp);
            }
        }
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
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
