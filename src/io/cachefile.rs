//! Cache files under the data directory: a small binary encoding, sealed with a magic header
//! and a checksum. A cache is never needed for correctness: one that is missing, of another
//! format, truncated or corrupt is simply not used (and rebuilt by its owner).

use std::path::{Path, PathBuf};

/// Where vetter keeps its caches: `<data dir>/cache`.
pub fn default_dir() -> PathBuf {
    super::config::data_dir().join("cache")
}

/// `<kind>-<hash of key>.idx`: the name of the cache file for `key` (a canonical path).
pub fn cache_name(kind: &str, key: &Path) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(key.as_os_str().as_encoded_bytes());
    let hex: String = digest[..10].iter().map(|b| format!("{b:02x}")).collect();
    format!("{kind}-{hex}.idx")
}

/// A fast, non-cryptographic hasher for the maps built on the way to the first frame (article
/// ids, annotation file names): a multiply-rotate over 8-byte words, an order of magnitude
/// cheaper than SipHash on short keys. It does not resist chosen collisions; the keys come
/// from the reviewer's own corpus and folder, and a collision costs time, never correctness.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            h = (h.rotate_left(5) ^ w).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(K);
        }
        self.0 = h;
    }
    fn write_u8(&mut self, v: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(v)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_usize(&mut self, v: usize) {
        self.0 = (self.0.rotate_left(5) ^ v as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn finish(&self) -> u64 {
        // The multiplications carry each byte only upwards, and hashbrown picks buckets by
        // the low bits: a final mix (MurmurHash3's, a bijection) brings every bit to all.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// A `HashMap` hashed with [`FastHasher`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// A fast 64-bit checksum (word at a time, rotate-xor-multiply): it catches truncation and
/// damage, not tampering (a cache is checked against what it describes anyway).
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h: u64 = 0x243f_6a88_85a3_08d3 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    h ^ (h >> 29)
}

/// `magic`, the payload, and the payload's checksum.
pub(crate) fn seal(magic: &[u8; 8], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 16);
    out.extend_from_slice(magic);
    out.extend_from_slice(payload);
    out.extend_from_slice(&checksum(payload).to_le_bytes());
    out
}

/// The payload of a sealed file, if it has this magic and its checksum is right.
pub(crate) fn unseal<'a>(magic: &[u8; 8], bytes: &'a [u8]) -> Option<&'a [u8]> {
    let rest = bytes.strip_prefix(magic.as_slice())?;
    let (payload, sum) = rest.split_at_checked(rest.len().checked_sub(8)?)?;
    (checksum(payload).to_le_bytes() == sum).then_some(payload)
}

/// Writes a sealed cache file (creating its directory) by renaming a temporary file over it,
/// so a reader sees the old file or the new one. It is not synced to disk: a cache needs no
/// durability (a crash can at worst leave a file whose checksum fails, which is not used), and
/// an fsync costs tens of milliseconds on the way to the first frame. Errors are the caller's
/// to ignore: a cache that cannot be written is only slower next time.
pub(crate) fn write(path: &Path, magic: &[u8; 8], payload: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp.{}", std::process::id()));
    let result =
        std::fs::write(&tmp, seal(magic, payload)).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A sealed cache file's payload; None if it is missing, unreadable or not sound.
pub(crate) fn read(path: &Path, magic: &[u8; 8]) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).ok()?;
    unseal(magic, &bytes).map(<[u8]>::to_vec)
}

/// Appends values to a payload.
#[derive(Default)]
pub(crate) struct Enc {
    pub buf: Vec<u8>,
}

impl Enc {
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn i64(&mut self, v: i64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.buf.extend_from_slice(b);
    }
    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }
}

/// Reads values back; every read checks bounds (None past the end or on bad UTF-8).
pub(crate) struct Dec<'a> {
    buf: &'a [u8],
}

impl<'a> Dec<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Dec { buf }
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.buf.split_at_checked(n)?;
        self.buf = rest;
        Some(head)
    }
    pub fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A count of items that each take at least `min` bytes: refused if the rest is too short
    /// (so a damaged count never makes a huge allocation).
    pub fn count(&mut self, min: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n.checked_mul(min.max(1))? <= self.buf.len()).then_some(n)
    }
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.u64()?).ok()?;
        self.take(n)
    }
    pub fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
    pub fn opt_str(&mut self) -> Option<Option<&'a str>> {
        match self.u8()? {
            0 => Some(None),
            1 => self.str().map(Some),
            _ => None,
        }
    }
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
}

/// A file's identity as a cache keys it: size, modification time (ns) and, on Unix, device
/// and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileKey {
    pub size: u64,
    pub mtime_s: i64,
    pub mtime_ns: u32,
    pub dev: u64,
    pub ino: u64,
}

impl FileKey {
    pub fn of(meta: &std::fs::Metadata) -> FileKey {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileKey {
                size: meta.len(),
                mtime_s: meta.mtime(),
                mtime_ns: meta.mtime_nsec() as u32,
                dev: meta.dev(),
                ino: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let t = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .unwrap_or_default();
            FileKey {
                size: meta.len(),
                mtime_s: t.as_secs() as i64,
                mtime_ns: t.subsec_nanos(),
                dev: 0,
                ino: 0,
            }
        }
    }
    pub(crate) fn put(&self, e: &mut Enc) {
        e.u64(self.size);
        e.i64(self.mtime_s);
        e.u32(self.mtime_ns);
        e.u64(self.dev);
        e.u64(self.ino);
    }
    pub(crate) fn get(d: &mut Dec) -> Option<FileKey> {
        Some(FileKey {
            size: d.u64()?,
            mtime_s: d.i64()?,
            mtime_ns: d.u32()?,
            dev: d.u64()?,
            ino: d.u64()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys that differ only late (as generated ids do) still spread over the low bits, where
    /// a hash table picks its bucket.
    #[test]
    fn keys_that_differ_late_spread_over_the_low_bits() {
        use std::hash::BuildHasher;
        let build = std::hash::BuildHasherDefault::<FastHasher>::default();
        let mut buckets = std::collections::HashSet::new();
        for i in 0..4096 {
            buckets.insert(build.hash_one(format!("article-{i:06}")) & 0xfff);
        }
        assert!(buckets.len() > 2400, "{} of 4096 buckets", buckets.len());
    }

    #[test]
    fn a_sealed_payload_comes_back_and_any_damage_is_refused() {
        let magic = b"VTTEST01";
        let mut e = Enc::default();
        e.str("héllo");
        e.opt_str(None);
        e.u64(7);
        let sealed = seal(magic, &e.buf);
        let payload = unseal(magic, &sealed).unwrap();
        let mut d = Dec::new(payload);
        assert_eq!(d.str(), Some("héllo"));
        assert_eq!(d.opt_str(), Some(None));
        assert_eq!(d.u64(), Some(7));
        assert!(d.is_empty() && d.u8().is_none());
        for cut in 0..sealed.len() {
            assert!(unseal(magic, &sealed[..cut]).is_none(), "cut at {cut}");
        }
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x40;
            assert!(unseal(magic, &bad).is_none(), "flipped byte {i}");
        }
        assert!(unseal(b"VTTEST02", &sealed).is_none());
    }

    #[test]
    fn a_damaged_count_never_allocates_past_the_payload() {
        let mut e = Enc::default();
        e.u64(u64::MAX);
        assert_eq!(Dec::new(&e.buf).count(1), None);
        let mut e = Enc::default();
        e.u64(2);
        e.u64(0);
        assert_eq!(Dec::new(&e.buf).count(4), Some(2));
        assert_eq!(Dec::new(&e.buf).count(5), None);
    }
}
