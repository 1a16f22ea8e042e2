//! File names for article ids and reviewer names that cannot collide.

use sha2::{Digest, Sha256};

/// Longest kept part of an id in a file name (before the hash suffix).
const MAX_NAME: usize = 80;

/// Hex digits of the id's SHA-256 in a hashed name: 96 bits, so two ids sharing a stem would
/// need a 96-bit hash collision to share a name.
pub const HASH_HEX: usize = 24;

/// Hex digits of the hash in the names earlier versions wrote (still read).
const LEGACY_HASH_HEX: usize = 10;

/// Names Windows reserves, with or without an extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file or directory name for an article id or reviewer name, safe on every platform.
///
/// ASCII letters, digits, '-', '_' and '.' are kept; anything else becomes '_'; a leading '.'
/// becomes '_' (so the name is never hidden, "." or ".."); the result is cut to 80 characters.
/// If that changed the id in any way, or the id is empty, a Windows-reserved name (`CON`,
/// `nul.txt`, ...), contains an ASCII capital letter, or itself ends like a hashed name (`-`
/// and 10 or more hex digits), `-` and the first 24 hex digits (96 bits) of the id's SHA-256 are
/// appended. So an id that is already a safe name maps to itself, and no such name ever looks
/// like a hashed one: two ids get the same name only if their hashes agree in 96 bits. Ids with
/// capitals get the suffix too, so ids differing only in case stay apart on case-insensitive
/// file systems (macOS, Windows). The result never contains '/', '\\' or '+'.
pub fn safe_file_name(id: &str) -> String {
    name_with_hash(id, HASH_HEX, true)
}

/// The name earlier versions gave `id` (a 10-hex-digit hash, and ids looking hashed were kept).
pub(crate) fn legacy_file_name(id: &str) -> String {
    name_with_hash(id, LEGACY_HASH_HEX, false)
}

fn name_with_hash(id: &str, hex: usize, hash_hashlike: bool) -> String {
    let mut out: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with('.') {
        out.replace_range(0..1, "_");
    }
    out.truncate(MAX_NAME); // all ASCII now, so any byte index is a boundary
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    let needs_hash = out != id
        || out.is_empty()
        || RESERVED.contains(&stem.as_str())
        || id.bytes().any(|b| b.is_ascii_uppercase())
        || (hash_hashlike && looks_hashed(&out));
    if out.is_empty() {
        out.push('_');
    }
    if needs_hash {
        let digest = Sha256::digest(id.as_bytes());
        out.push('-');
        for b in &digest[..hex / 2] {
            out.push_str(&format!("{b:02x}"));
        }
    }
    out
}

/// Whether a name ends like one with a hash suffix: `-` and at least 10 hex digits.
fn looks_hashed(name: &str) -> bool {
    name.rsplit_once('-').is_some_and(|(_, tail)| {
        tail.len() >= LEGACY_HASH_HEX && tail.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// The name of the `n`-th file (from 2) for an id whose first name holds another article:
/// `{name}+{n}`. No id's own name contains '+', so these never meet one.
pub(crate) fn numbered(name: &str, n: usize) -> String {
    format!("{name}+{n}")
}

/// Where a file name stands among the names `id` may be stored under: 0 for its name, `n` for
/// the `n`-th numbered one, `usize::MAX` for its legacy name; `None` if none of them. (Lower
/// wins when several files hold the same id.)
pub(crate) fn rank(id: &str, file_stem: &str) -> Option<usize> {
    let name = safe_file_name(id);
    if file_stem == name {
        return Some(0);
    }
    if let Some(n) = file_stem
        .strip_prefix(name.as_str())
        .and_then(|rest| rest.strip_prefix('+'))
        .filter(|n| !n.starts_with('0'))
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|&n| n >= 2)
    {
        return Some(n);
    }
    (file_stem == legacy_file_name(id)).then_some(usize::MAX)
}

/// Whether `file_name` (with its `.ron`) is one `id` may be stored under.
pub fn is_name_for(id: &str, file_name: &str) -> bool {
    file_name
        .strip_suffix(".ron")
        .is_some_and(|stem| rank(id, stem).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        assert_eq!(safe_file_name("abc-1_2.x"), "abc-1_2.x");
        assert!(safe_file_name("a/b").starts_with("a_b-"));
        assert_ne!(safe_file_name("a/b"), safe_file_name("a_b"));
        assert_ne!(safe_file_name("a/b"), safe_file_name("a\\b"));
        assert_eq!(safe_file_name("a/b").len(), 3 + 1 + HASH_HEX);
        assert!(safe_file_name("..").starts_with("_.-"));
        assert!(safe_file_name("").starts_with("_-"));
        assert!(safe_file_name("con").starts_with("con-"));
        assert!(safe_file_name("Nul.txt").starts_with("Nul.txt-"));
        assert!(safe_file_name("console").eq("console"));
        assert_ne!(safe_file_name("Abc"), safe_file_name("abc"));
        assert_eq!(safe_file_name(&"x".repeat(80)), "x".repeat(80));
        assert_eq!(safe_file_name(&"x".repeat(81)).len(), 81 + HASH_HEX);
        assert_ne!(
            safe_file_name(&"x".repeat(81)),
            safe_file_name(&"x".repeat(82))
        );
    }

    #[test]
    fn an_id_shaped_like_a_hashed_name_is_hashed() {
        let hashed = safe_file_name("a/b");
        assert_ne!(safe_file_name(&hashed), hashed);
        // The collision of the earlier names: "a/b" and the literal "a_b-c14cddc033".
        let old = legacy_file_name("a/b");
        assert_eq!(old, "a_b-c14cddc033");
        assert_eq!(legacy_file_name(&old), old);
        assert_ne!(safe_file_name(&old), safe_file_name("a/b"));
        assert!(looks_hashed("x-0123456789") && !looks_hashed("x-012345678"));
        assert!(!looks_hashed("x-0123456789g") && !looks_hashed("plain"));
    }

    #[test]
    fn ranks_of_names() {
        let n = safe_file_name("a/b");
        assert_eq!(rank("a/b", &n), Some(0));
        assert_eq!(rank("a/b", &numbered(&n, 3)), Some(3));
        assert_eq!(rank("a/b", &format!("{n}+1")), None);
        assert_eq!(rank("a/b", &format!("{n}+03")), None);
        assert_eq!(rank("a/b", "a_b-c14cddc033"), Some(usize::MAX));
        assert_eq!(rank("a/b", "a_b"), None);
        assert!(is_name_for("x", "x.ron") && !is_name_for("x", "x"));
    }
}
