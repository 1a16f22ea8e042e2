//! The listing of a directory corpus (its text files' names, sorted), and its cache: keyed by
//! the directory's canonical path and identity (size, modification time in ns, device, inode),
//! which change whenever an entry is added, removed or renamed in it. A listing is cached only
//! when it cannot hide a change: not while the directory was modified less than [`SETTLED`]
//! before the listing began (a change in the same clock tick would keep the same mtime), and
//! not when an entry is a link or of unknown type (whether it counts depends on its target,
//! which can change without touching the directory).

use super::super::cachefile::{self, Dec, Enc, FileKey};
use super::{has_text_extension, io_err, CorpusError};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const MAGIC: &[u8; 8] = b"VTDIRL01";

/// How long a directory must have been left alone for its listing to be cached.
pub(crate) const SETTLED: Duration = Duration::from_secs(2);

/// What listing a directory corpus found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Listing {
    /// The regular files (or links to them) whose names end in `.txt` or `.md`, not hidden,
    /// sorted by name.
    pub names: Vec<String>,
    /// Text files whose names are not UTF-8 (as shown, with replacement characters).
    pub not_utf8: Vec<String>,
    /// Whether the listing may be cached (no entry whose kind depends on a link's target).
    pub cacheable: bool,
}

/// Lists `dir` (the caller's path, for errors).
pub(crate) fn list(dir: &Path) -> Result<Listing, CorpusError> {
    let mut out = Listing {
        names: Vec::new(),
        not_utf8: Vec::new(),
        cacheable: true,
    };
    for entry in fs::read_dir(dir).map_err(io_err(dir))? {
        let entry = entry.map_err(io_err(dir))?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            let shown = entry.file_name().to_string_lossy().into_owned();
            if has_text_extension(&shown) {
                out.not_utf8.push(shown);
            }
            continue;
        };
        if name.starts_with('.') || !has_text_extension(&name) {
            continue;
        }
        // The entry's own type needs no stat; a link (followed) to a text file counts.
        let is_file = match entry.file_type() {
            Ok(t) if t.is_file() => true,
            Ok(t) if t.is_dir() => false,
            _ => {
                out.cacheable = false;
                fs::metadata(entry.path()).is_ok_and(|m| m.is_file())
            }
        };
        if is_file {
            out.names.push(name);
        }
    }
    // File names in one directory are unique: sorting by name alone is the full order.
    out.names.sort_unstable();
    Ok(out)
}

fn path_in(cache_dir: &Path, canonical: &Path) -> PathBuf {
    cache_dir.join(cachefile::cache_name("dir", canonical))
}

fn encode(canonical: &Path, key: &FileKey, l: &Listing) -> Vec<u8> {
    let mut e = Enc::default();
    e.bytes(canonical.as_os_str().as_encoded_bytes());
    key.put(&mut e);
    for list in [&l.names, &l.not_utf8] {
        e.u64(list.len() as u64);
        for name in list {
            e.str(name);
        }
    }
    e.buf
}

fn decode(payload: &[u8], canonical: &Path, key: &FileKey) -> Option<Listing> {
    let mut d = Dec::new(payload);
    if d.bytes()? != canonical.as_os_str().as_encoded_bytes() || FileKey::get(&mut d)? != *key {
        return None;
    }
    let mut lists = [Vec::new(), Vec::new()];
    for list in &mut lists {
        let n = d.count(8)?;
        list.reserve_exact(n);
        for _ in 0..n {
            list.push(d.str()?.to_string());
        }
    }
    let [names, not_utf8] = lists;
    // A sound listing is sorted, unique and holds only names a listing keeps.
    let sound = names.windows(2).all(|w| w[0] < w[1])
        && names
            .iter()
            .all(|n| !n.starts_with('.') && has_text_extension(n) && !n.contains('/'));
    (sound && d.is_empty()).then_some(Listing {
        names,
        not_utf8,
        cacheable: true,
    })
}

/// The listing of the directory `dir` (whose metadata is `meta`), from the cache under
/// `cache_dir` when it holds one for exactly this directory as it is, else listed now (and
/// cached when it can be). The second value says whether it came from the cache.
pub(crate) fn load_or_list(
    dir: &Path,
    meta: &fs::Metadata,
    cache_dir: Option<&Path>,
) -> Result<(Listing, bool), CorpusError> {
    let Some(cache_dir) = cache_dir else {
        return Ok((list(dir)?, false));
    };
    // The key is read before the listing: a change during it gives the directory another.
    let key = FileKey::of(meta);
    let canonical = fs::canonicalize(dir).map_err(io_err(dir))?;
    let file = path_in(cache_dir, &canonical);
    if let Some(l) = cachefile::read(&file, MAGIC).and_then(|p| decode(&p, &canonical, &key)) {
        return Ok((l, true));
    }
    let began = SystemTime::now();
    let listing = list(dir)?;
    let settled = meta
        .modified()
        .ok()
        .and_then(|m| m.checked_add(SETTLED))
        .is_some_and(|t| t <= began);
    if listing.cacheable && settled {
        let _ = cachefile::write(&file, MAGIC, &encode(&canonical, &key, &listing));
    }
    Ok((listing, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_round_trips_and_a_damaged_or_unsorted_one_is_refused() {
        let key = FileKey::default();
        let canonical = Path::new("/c");
        let l = Listing {
            names: vec!["a.txt".into(), "b.md".into()],
            not_utf8: vec!["\u{fffd}.txt".into()],
            cacheable: true,
        };
        let bytes = encode(canonical, &key, &l);
        assert_eq!(decode(&bytes, canonical, &key), Some(l.clone()));
        assert_eq!(decode(&bytes, Path::new("/d"), &key), None);
        let other = FileKey { mtime_ns: 1, ..key };
        assert_eq!(decode(&bytes, canonical, &other), None);
        for cut in 0..bytes.len() {
            assert_eq!(decode(&bytes[..cut], canonical, &key), None, "cut {cut}");
        }
        for names in [
            vec!["b.md", "a.txt"],
            vec!["a.txt", "a.txt"],
            vec![".h.txt"],
        ] {
            let bad = Listing {
                names: names.into_iter().map(String::from).collect(),
                ..l.clone()
            };
            assert_eq!(
                decode(&encode(canonical, &key, &bad), canonical, &key),
                None
            );
        }
    }
}
