//! The status index of a reviewer's folder: for each annotation file, its name, identity (size,
//! modification time in ns, device, inode), the article it holds and its [`Summary`]. It lets
//! a review start without parsing every annotation file; the files stay the only truth: an
//! entry counts only while its file's identity is unchanged, a background scan re-reads what
//! changed, and an index that is missing, of another folder or not sound is rebuilt.

use super::cachefile::{self, Dec, Enc, FastMap, FileKey};
use super::store::names::rank;
use crate::domain::annotation::Status;
use crate::domain::summary::Summary;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Format 2 keeps each entry's name rank (see [`rank`]), so loading computes none.
const MAGIC: &[u8; 8] = b"VTSTAT02";

/// What the index knows of one annotation file.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: FileKey,
    /// The article the file holds and its summary; None if the file did not parse.
    pub held: Option<(String, Summary)>,
}

/// A reviewer folder's index, as loaded or rebuilt, kept up to date by the scan and the saves.
#[derive(Debug)]
pub struct StatusIndex {
    /// The index file.
    file: PathBuf,
    /// The reviewer folder (absolute).
    dir: PathBuf,
    entries: FastMap<String, Slot>,
    /// Whether the index file was there and sound when loaded.
    pub loaded: bool,
    changed: bool,
    written: Option<Instant>,
}

/// An entry and, if its file holds an article, the file name's [`rank`] for that article
/// (None: a name that article is never stored under), worked out once when it is inserted.
#[derive(Debug, Clone, PartialEq)]
struct Slot {
    entry: Entry,
    rank: Option<usize>,
}

impl Slot {
    fn new(name: &str, entry: Entry) -> Slot {
        let rank = entry.held.as_ref().and_then(|(id, _)| {
            let stem = name.strip_suffix(".ron")?;
            rank(id, stem)
        });
        Slot { entry, rank }
    }
}

/// The reviewer folder as the index names it: canonical if it exists, else absolute.
fn folder(dir: &Path) -> PathBuf {
    fs::canonicalize(dir)
        .or_else(|_| std::path::absolute(dir))
        .unwrap_or_else(|_| dir.to_path_buf())
}

impl StatusIndex {
    /// The index of `reviewer_dir` kept under `cache_dir` (empty if there is none, or it is
    /// not sound, or it is another folder's).
    pub fn load(cache_dir: &Path, reviewer_dir: &Path) -> StatusIndex {
        let dir = folder(reviewer_dir);
        let file = cache_dir.join(cachefile::cache_name("status", &dir));
        let entries = cachefile::read(&file, MAGIC).and_then(|p| decode(&p, &dir));
        StatusIndex {
            file,
            dir,
            loaded: entries.is_some(),
            entries: entries.unwrap_or_default(),
            changed: false,
            written: None,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry of the file `name`, if its identity is still `key`.
    pub fn get(&self, name: &str, key: &FileKey) -> Option<&Entry> {
        self.entries
            .get(name)
            .map(|s| &s.entry)
            .filter(|e| e.key == *key)
    }

    pub fn insert(&mut self, name: &str, entry: Entry) {
        if self.entries.get(name).map(|s| &s.entry) != Some(&entry) {
            self.entries
                .insert(name.to_string(), Slot::new(name, entry));
            self.changed = true;
        }
    }

    /// Forgets the files for which `keep` is false.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        let before = self.entries.len();
        self.entries.retain(|name, _| keep(name));
        self.changed |= self.entries.len() != before;
    }

    /// Records a file just written (its identity read now) with the annotation it holds.
    pub fn record_written(&mut self, path: &Path, id: &str, summary: Summary) {
        let (Some(name), Ok(meta)) = (
            path.file_name().and_then(|n| n.to_str()),
            fs::metadata(path),
        ) else {
            return;
        };
        let entry = Entry {
            key: FileKey::of(&meta),
            held: Some((id.to_string(), summary)),
        };
        self.insert(name, entry);
    }

    /// Article id → summary, as [`AnnotationStore::summaries`] would give it if every entry
    /// is current: of several files holding one article, the one its name ranks first.
    ///
    /// [`AnnotationStore::summaries`]: super::AnnotationStore::summaries
    pub fn summaries(&self) -> HashMap<String, Summary> {
        let mut best: HashMap<&str, (usize, &Summary)> = HashMap::new();
        for slot in self.entries.values() {
            let (Some((id, summary)), Some(r)) = (&slot.entry.held, slot.rank) else {
                continue;
            };
            match best.get(id.as_str()) {
                Some((old, _)) if *old <= r => {}
                _ => {
                    best.insert(id, (r, summary));
                }
            }
        }
        best.into_iter()
            .map(|(id, (_, s))| (id.to_string(), s.clone()))
            .collect()
    }

    /// [`summaries`](Self::summaries) placed by article: entry `i` is the summary of the
    /// article `index_of` says is number `i` (of `n`); articles it does not know are left out.
    pub fn summaries_by_index(
        &self,
        n: usize,
        index_of: impl Fn(&str) -> Option<usize>,
    ) -> Vec<Option<Summary>> {
        let mut best: Vec<Option<(usize, &Summary)>> = vec![None; n];
        for s in self.entries.values() {
            let (Some((id, summary)), Some(r)) = (&s.entry.held, s.rank) else {
                continue;
            };
            let Some(slot) = index_of(id).and_then(|i| best.get_mut(i)) else {
                continue;
            };
            if slot.is_none_or(|(old, _)| r < old) {
                *slot = Some((r, summary));
            }
        }
        best.into_iter()
            .map(|b| b.map(|(_, s)| s.clone()))
            .collect()
    }

    /// Writes the index if it changed (atomically; a cache that cannot be written is only
    /// slower next time, so the error is for the caller to ignore).
    pub fn write(&mut self) -> std::io::Result<()> {
        if !self.changed && self.loaded {
            return Ok(());
        }
        cachefile::write(&self.file, MAGIC, &encode(&self.dir, &self.entries))?;
        self.changed = false;
        self.loaded = true;
        self.written = Some(Instant::now());
        Ok(())
    }

    /// [`write`](Self::write), at most once per `every` (the first time at once).
    pub fn write_at_most_every(&mut self, every: std::time::Duration) -> std::io::Result<()> {
        match self.written {
            Some(t) if t.elapsed() < every => Ok(()),
            _ => self.write(),
        }
    }
}

fn status_code(s: Status) -> u8 {
    match s {
        Status::InProgress => 0,
        Status::Done => 1,
        Status::Skipped => 2,
        Status::NotRelevant => 3,
        Status::Flagged => 4,
    }
}

fn status_of(code: u8) -> Option<Status> {
    Some(match code {
        0 => Status::InProgress,
        1 => Status::Done,
        2 => Status::Skipped,
        3 => Status::NotRelevant,
        4 => Status::Flagged,
        _ => return None,
    })
}

fn encode(dir: &Path, entries: &FastMap<String, Slot>) -> Vec<u8> {
    let mut e = Enc::default();
    e.bytes(dir.as_os_str().as_encoded_bytes());
    e.u64(entries.len() as u64);
    for (name, slot) in entries {
        e.str(name);
        slot.entry.key.put(&mut e);
        match &slot.entry.held {
            None => e.u8(0),
            Some((id, s)) => {
                e.u8(1);
                e.str(id);
                e.u64(slot.rank.map_or(NO_RANK, |r| r as u64));
                e.u8(status_code(s.status));
                e.u8(u8::from(s.flagged));
                e.opt_str(s.reason.as_deref());
                e.u64(s.active_seconds);
                match s.min_confidence {
                    None => e.u8(0),
                    Some(c) => {
                        e.u8(1);
                        e.u32(c.to_bits());
                    }
                }
                e.u32(s.corrected);
                e.str(&s.updated);
            }
        }
    }
    e.buf
}

/// How an entry without a rank stores it.
const NO_RANK: u64 = u64::MAX;

fn decode(payload: &[u8], dir: &Path) -> Option<FastMap<String, Slot>> {
    let mut d = Dec::new(payload);
    if d.bytes()? != dir.as_os_str().as_encoded_bytes() {
        return None;
    }
    let n = d.count(8 + 36 + 1)?;
    let mut entries = FastMap::with_capacity_and_hasher(n, Default::default());
    for _ in 0..n {
        let name = d.str()?.to_string();
        let key = FileKey::get(&mut d)?;
        let mut rank = None;
        let held = match d.u8()? {
            0 => None,
            1 => {
                let id = d.str()?.to_string();
                rank = match d.u64()? {
                    NO_RANK => None,
                    r => Some(usize::try_from(r).ok()?),
                };
                let status = status_of(d.u8()?)?;
                let flagged = match d.u8()? {
                    0 => false,
                    1 => true,
                    _ => return None,
                };
                let reason = d.opt_str()?.map(str::to_string);
                let active_seconds = d.u64()?;
                let min_confidence = match d.u8()? {
                    0 => None,
                    1 => Some(f32::from_bits(d.u32()?)),
                    _ => return None,
                };
                let summary = Summary {
                    status,
                    flagged,
                    reason,
                    active_seconds,
                    min_confidence,
                    corrected: d.u32()?,
                    updated: d.str()?.to_string(),
                };
                Some((id, summary))
            }
            _ => return None,
        };
        let slot = Slot {
            entry: Entry { key, held },
            rank,
        };
        if entries.insert(name, slot).is_some() {
            return None;
        }
    }
    d.is_empty().then_some(entries)
}

#[cfg(test)]
mod tests;
