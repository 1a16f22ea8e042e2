//! Where the development set is: `$VETTER_DEV_SET`, else `../shared/eval/gva-dev` beside the
//! checkout (read in place, never copied into the repository).
//!
//! Away from CI a missing set skips the tests that need it, with a note. Under CI (`CI` set)
//! it is an error: there the dev-set tests must run, not pass by skipping.

use std::path::PathBuf;

/// The dev set's file `name` (`articles.jsonl`, `gold.jsonl`), or `None` when it is absent here.
pub fn file(name: &str) -> Option<PathBuf> {
    set_file("VETTER_DEV_SET", "gva-dev", name)
}

/// The same for the large set `../shared/eval/gva-train` (or `$VETTER_TRAIN_SET`).
pub fn train_file(name: &str) -> Option<PathBuf> {
    set_file("VETTER_TRAIN_SET", "gva-train", name)
}

fn set_file(var: &str, set: &str, name: &str) -> Option<PathBuf> {
    let dir = match std::env::var_os(var) {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/eval")
            .join(set),
    };
    let path = dir.join(name);
    if path.is_file() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!(
            "the evaluation set {set} is missing ({} is not a file); under CI the tests that \
             read it must run: put the set there or set {var}",
            path.display()
        );
    }
    eprintln!("note: {} is absent; skipping", path.display());
    None
}
