//! Finding annotation files (and the temporary files that interrupted saves left beside them).

use super::{whole, Problem};
use crate::io::atomic::temp::TempFile;
use std::fs;
use std::path::{Path, PathBuf};

/// The `*.ron` files under `dir` (or `dir` itself if it is a file), in path order, as
/// [`validate_dir`](super::validate_dir) finds them; and the directories that could not be read.
pub fn annotation_files(dir: &Path) -> (Vec<PathBuf>, Vec<Problem>) {
    let (files, _, problems) = walk(dir);
    (files, problems)
}

/// [`annotation_files`], with the temporary files of saves found on the way.
pub(super) fn walk(dir: &Path) -> (Vec<PathBuf>, Vec<TempFile>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut temps = Vec::new();
    let mut problems = Vec::new();
    if dir.is_file() {
        files.push(dir.to_path_buf());
    } else if dir.is_dir() {
        collect(dir, &mut files, &mut temps, &mut problems);
    } else {
        problems.push(whole(dir, "no such file or directory".into()));
    }
    files.sort();
    (files, temps, problems)
}

fn collect(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    temps: &mut Vec<TempFile>,
    problems: &mut Vec<Problem>,
) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return problems.push(whole(dir, e.to_string())),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(ft) = entry.file_type() else { continue };
        if entry.file_name().to_string_lossy().starts_with('.') {
            if ft.is_file() {
                temps.extend(TempFile::parse(&path));
            }
            continue;
        }
        if ft.is_dir() {
            collect(&path, files, temps, problems);
        } else if path.extension().is_some_and(|e| e == "ron") && (ft.is_file() || path.is_file()) {
            files.push(path);
        }
    }
}
