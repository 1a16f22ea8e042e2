//! Temporary files of saves: their names, and finding the ones a killed process left behind.
//!
//! A temporary file is named `.{target name}.tmp.{host}-{boot}.{pid}.{n}`: `host` is 8 hex
//! digits of a hash of this machine's host name and `boot` 8 hex digits of a hash of its boot id
//! (Linux's `/proc/sys/kernel/random/boot_id`), so a folder shared between machines is never
//! cleaned of another machine's files, and a pid from before a reboot is never mistaken for a
//! running process. Files named the way earlier versions did, `.{target name}.tmp.{pid}.{n}`, are
//! still recognised.

use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

/// Distinguishes temporary files of concurrent writes within one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A file in the older naming (no machine in it) is only cleaned once it is this old: it may
/// belong to an older vetter on another machine sharing the folder, and a save takes far less.
pub const LEGACY_MIN_AGE: Duration = Duration::from_secs(10 * 60);

/// `{host}-{boot}` of this machine, as written in temporary file names.
fn machine_tag() -> &'static str {
    static TAG: OnceLock<String> = OnceLock::new();
    TAG.get_or_init(|| {
        let host = fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| fs::read_to_string("/etc/hostname"))
            .ok()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .unwrap_or_default();
        let boot = fs::read_to_string("/proc/sys/kernel/random/boot_id").unwrap_or_default();
        format!("{}-{}", hex8(host.trim()), hex8(boot.trim()))
    })
}

fn hex8(s: &str) -> String {
    Sha256::digest(s.as_bytes())[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Creates a new, uniquely named temporary file in `dir` for a target called `name`, with
/// `mode` (less the umask): the default `0o666` for a new file, `0o600` when the caller sets the
/// final mode afterwards.
pub(super) fn create(dir: &Path, name: &str, mode: u32) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    let tag = machine_tag();
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.tmp.{tag}.{pid}.{n}"));
        let opened = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&tmp);
        match opened {
            Ok(f) => return Ok((tmp, f)),
            // Left over from a crashed process that had the same pid: try the next number.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Where the process that wrote a temporary file ran, as far as its name tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// This machine, since its last boot.
    ThisBoot,
    /// This machine, before its last boot: the process is gone.
    EarlierBoot,
    /// Another machine (its host tag is given).
    OtherHost(String),
    /// An older vetter's name, which does not say.
    Unknown,
}

/// A file named like one of our temporary files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TempFile {
    pub path: PathBuf,
    /// The name of the file it would have replaced.
    pub target: String,
    pub pid: u32,
    pub origin: Origin,
}

impl TempFile {
    /// Parses a file name; `None` unless it is named like a temporary file.
    pub fn parse(path: &Path) -> Option<TempFile> {
        let name = path.file_name()?.to_str()?.strip_prefix('.')?;
        let mut parts = name.rsplitn(4, '.');
        let n = parts.next()?;
        let pid = parts.next()?;
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let pid: u32 = pid
            .parse()
            .ok()
            .filter(|_| pid.bytes().all(|b| b.is_ascii_digit()))?;
        let third = parts.next()?;
        let rest = parts.next()?;
        let (target, origin) = if third == "tmp" {
            (rest, Origin::Unknown)
        } else {
            let (host, boot) = third.split_once('-')?;
            let hex = |s: &str| s.len() == 8 && s.bytes().all(|b| b.is_ascii_hexdigit());
            let target = rest.strip_suffix(".tmp")?;
            if !hex(host) || !hex(boot) {
                return None;
            }
            let (my_host, my_boot) = machine_tag().split_once('-')?;
            let origin = if host != my_host {
                Origin::OtherHost(host.to_string())
            } else if boot != my_boot {
                Origin::EarlierBoot
            } else {
                Origin::ThisBoot
            };
            (target, origin)
        };
        if target.is_empty() {
            return None;
        }
        Some(TempFile {
            path: path.to_path_buf(),
            target: target.to_string(),
            pid,
            origin,
        })
    }

    /// Whether the process that wrote it is certainly gone, so the file can be removed. Files
    /// of another machine never are; of an older vetter only when their pid is not running here
    /// and the file is older than [`LEGACY_MIN_AGE`]. Without `/proc` a pid counts as running.
    pub fn is_stale(&self) -> bool {
        match &self.origin {
            Origin::EarlierBoot => true,
            Origin::ThisBoot => !pid_alive(self.pid),
            Origin::OtherHost(_) => false,
            Origin::Unknown => {
                let old = fs::symlink_metadata(&self.path)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| SystemTime::now().duration_since(t).ok())
                    .is_some_and(|age| age >= LEGACY_MIN_AGE);
                old && !pid_alive(self.pid)
            }
        }
    }

    /// Whether it is being written right now: its process runs on this machine since this boot.
    pub fn in_progress(&self) -> bool {
        self.origin == Origin::ThisBoot && pid_alive(self.pid)
    }

    /// What the file is, for `vetter validate`.
    pub fn describe(&self) -> String {
        let what = format!(
            "temporary file of an unfinished save of {:?} by process {}",
            self.target, self.pid
        );
        match &self.origin {
            Origin::OtherHost(h) => format!(
                "{what} on another machine (host tag {h}); it can be removed once no vetter runs there"
            ),
            Origin::ThisBoot | Origin::Unknown if pid_alive(self.pid) => format!(
                "{what}, which is still running; it can be removed if that process is not vetter"
            ),
            _ => format!("{what}, which is no longer running; it can be removed"),
        }
    }
}

/// Whether a process with this pid runs on this machine (in this pid namespace).
fn pid_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if !Path::new("/proc/self").exists() {
        return true; // no way to tell: assume it runs
    }
    Path::new("/proc").join(pid.to_string()).exists()
}

/// The files in `dir` (not below it) named like temporary files, in name order.
pub fn list(dir: &Path) -> Vec<TempFile> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<TempFile> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| TempFile::parse(&e.path()))
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Removes the temporary files in `dir` whose process is certainly gone
/// ([`TempFile::is_stale`]); returns how many were removed.
pub fn clean_stale(dir: &Path) -> usize {
    list(dir)
        .iter()
        .filter(|t| t.is_stale())
        .filter(|t| fs::remove_file(&t.path).is_ok())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        let d = tempfile::tempdir().unwrap();
        let (p, _f) = create(d.path(), "a.b.ron", 0o600).unwrap();
        let t = TempFile::parse(&p).unwrap();
        assert_eq!(t.target, "a.b.ron");
        assert_eq!(t.pid, std::process::id());
        assert_eq!(t.origin, Origin::ThisBoot);
        assert!(!t.is_stale(), "our own process runs");
        let legacy = TempFile::parse(Path::new("d/.x.ron.tmp.12.3")).unwrap();
        assert_eq!((legacy.target.as_str(), legacy.pid), ("x.ron", 12));
        assert_eq!(legacy.origin, Origin::Unknown);
        let other = TempFile::parse(Path::new(".x.tmp.0000000g-00000000.1.2"));
        assert!(other.is_none(), "not hex");
        for name in [
            "x.ron",
            ".x.ron",
            ".x.tmp.1",
            ".x.tmp.a.1",
            "..tmp.1.2",
            ".x.tmp.1.2b",
        ] {
            assert!(TempFile::parse(Path::new(name)).is_none(), "{name}");
        }
    }
}
