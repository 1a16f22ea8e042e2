//! The index cache of a JSONL corpus: what the cold scan found (each line's offset, number,
//! id and title, or why it was skipped), keyed by the file's canonical path, size, modification
//! time (ns), device and inode. Used only when every part of the key matches and the file is
//! sound (magic, checksum, structure); otherwise the corpus is scanned again and the cache
//! rewritten. Loading an article still checks that its line holds the id the cache gave.

use super::super::cachefile::{self, Dec, Enc, FileKey};
use super::scan::Scanned;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"VTCORP01";

/// The cache file of the corpus at `canonical` under `dir`.
pub(crate) fn path_in(dir: &Path, canonical: &Path) -> PathBuf {
    dir.join(cachefile::cache_name("corpus", canonical))
}

pub(crate) fn encode(canonical: &Path, key: &FileKey, lines: &[Scanned]) -> Vec<u8> {
    let mut e = Enc::default();
    e.bytes(canonical.as_os_str().as_encoded_bytes());
    key.put(&mut e);
    e.u64(lines.len() as u64);
    for s in lines {
        match s {
            Scanned::Good {
                offset,
                line,
                id,
                title,
            } => {
                e.u8(0);
                e.u64(*line);
                e.u64(*offset);
                e.str(id);
                e.str(title);
            }
            Scanned::Bad { line, message } => {
                e.u8(1);
                e.u64(*line);
                e.str(message);
            }
        }
    }
    e.buf
}

/// The scan results a cache payload holds, if its key is exactly this one.
pub(crate) fn decode(payload: &[u8], canonical: &Path, key: &FileKey) -> Option<Vec<Scanned>> {
    let mut d = Dec::new(payload);
    if d.bytes()? != canonical.as_os_str().as_encoded_bytes() || FileKey::get(&mut d)? != *key {
        return None;
    }
    let n = d.count(1 + 8 + 8)?;
    let mut out = Vec::with_capacity(n);
    let mut last = (0u64, None::<u64>);
    for _ in 0..n {
        let tag = d.u8()?;
        let line = d.u64()?;
        // Lines come in order: a cache saying otherwise is not sound.
        if line <= last.0 {
            return None;
        }
        last.0 = line;
        out.push(match tag {
            0 => {
                let offset = d.u64()?;
                if last.1.is_some_and(|o| offset <= o) || offset >= key.size {
                    return None;
                }
                last.1 = Some(offset);
                Scanned::Good {
                    offset,
                    line,
                    id: d.str()?.to_string(),
                    title: d.str()?.to_string(),
                }
            }
            1 => Scanned::Bad {
                line,
                message: d.str()?.to_string(),
            },
            _ => return None,
        });
    }
    d.is_empty().then_some(out)
}

/// The cached scan of the corpus, if there is a sound one for exactly this file.
pub(crate) fn load(dir: &Path, canonical: &Path, key: &FileKey) -> Option<Vec<Scanned>> {
    let payload = cachefile::read(&path_in(dir, canonical), MAGIC)?;
    decode(&payload, canonical, key)
}

/// Writes the cache; a failure only costs a scan next time, so it is ignored.
pub(crate) fn store(dir: &Path, canonical: &Path, key: &FileKey, lines: &[Scanned]) {
    let payload = encode(canonical, key, lines);
    let _ = cachefile::write(&path_in(dir, canonical), MAGIC, &payload);
}
