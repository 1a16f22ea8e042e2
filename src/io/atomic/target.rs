//! What a write to a path really writes to: the file at the end of its symbolic links, and how.

use std::fs::{self, Metadata};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Symbolic links followed before giving up (Linux's own limit is 40).
const MAX_LINKS: usize = 40;

/// How a write reaches its target.
#[derive(Debug)]
pub(super) enum Target {
    /// A regular file with one link, or nothing yet, at `path` (the end of any symbolic links):
    /// replaced by renaming a temporary file over it. `old` is the existing file, whose mode and
    /// owner the new one gets.
    Replace {
        path: PathBuf,
        old: Option<Metadata>,
    },
    /// A regular file with more than one hard link: rewritten in place, so every link keeps
    /// seeing it.
    InPlace { path: PathBuf },
    /// Something that exists and is not a regular file (a FIFO, a character device, a terminal, a
    /// socket), or a regular file reached through a link the kernel resolves by itself (such as
    /// `/dev/stdout` -> `/proc/self/fd/1`): opened at the given path and written directly.
    Direct,
}

/// Decides how to write `path`. What exists is decided by `stat` (which follows links the way
/// opening does); only for a regular file or nothing is the chain of links walked, to find where
/// the temporary file must go. A walk that ends on a file other than the one `stat` saw (a
/// `/proc` magic link, or links changed meanwhile) falls back to [`Target::Direct`].
pub(super) fn resolve(path: &Path) -> io::Result<Target> {
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            format!("{}: is a directory", path.display()),
        )),
        Ok(m) if !m.is_file() => Ok(Target::Direct),
        Ok(m) => {
            let end = follow_links(path)?;
            match fs::symlink_metadata(&end) {
                Ok(e) if e.dev() == m.dev() && e.ino() == m.ino() => {}
                _ => return Ok(Target::Direct),
            }
            if m.nlink() > 1 {
                Ok(Target::InPlace { path: end })
            } else {
                Ok(Target::Replace {
                    path: end,
                    old: Some(m),
                })
            }
        }
        // Nothing there, or a dangling link: the file is created where the links end.
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Target::Replace {
            path: follow_links(path)?,
            old: None,
        }),
        Err(e) => Err(e),
    }
}

/// The path at the end of `path`'s chain of symbolic links (`path` itself if it is none). A
/// relative link is relative to the directory holding it.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..=MAX_LINKS {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "{}: more than {MAX_LINKS} levels of symbolic links",
        path.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_are_followed_to_their_end() {
        let d = tempfile::tempdir().unwrap();
        let sub = d.path().join("sub");
        fs::create_dir(&sub).unwrap();
        symlink("sub/b", d.path().join("a")).unwrap();
        symlink("../c", sub.join("b")).unwrap();
        assert_eq!(follow_links(&d.path().join("a")).unwrap(), sub.join("../c"));
        let Target::Replace { path, old: None } = resolve(&d.path().join("a")).unwrap() else {
            panic!("a dangling chain is created at its end")
        };
        assert_eq!(path, sub.join("../c"));
    }

    #[test]
    fn a_loop_of_links_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        symlink("b", d.path().join("a")).unwrap();
        symlink("a", d.path().join("b")).unwrap();
        assert!(resolve(&d.path().join("a")).is_err());
        assert!(follow_links(&d.path().join("a")).is_err());
    }

    #[test]
    fn kinds_of_targets() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("f");
        fs::write(&f, b"x").unwrap();
        assert!(matches!(
            resolve(&f).unwrap(),
            Target::Replace { old: Some(_), .. }
        ));
        fs::hard_link(&f, d.path().join("g")).unwrap();
        assert!(matches!(resolve(&f).unwrap(), Target::InPlace { .. }));
        assert!(resolve(d.path()).is_err());
    }
}
