//! Replays the fuzzers' kept inputs (`tests/fuzz_regressions/<target>/`) and the repository files
//! the fuzzers are seeded with through the same target bodies the fuzzers run
//! (`vetter::fuzzing`), so a crash once found stays fixed. See fuzz/run.sh.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use vetter::fuzzing::TARGETS;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// The repository files fuzz/run.sh seeds a target with (besides its regression folder).
fn repo_seeds(target: &str) -> Vec<PathBuf> {
    let r = root();
    match target {
        "predictions_line" => vec![r.join("tests/fixtures/samples.predictions.jsonl")],
        "annotation" => files_in(&r.join("annotations/example")),
        "schema" => vec![r.join("assets/schema/incident.ron")],
        "keymap" => vec![r.join("assets/keymap.ron")],
        _ => Vec::new(),
    }
}

/// An input as the fuzzer gets it: the predictions fixture is seeded one line per input.
fn inputs_of(target: &str, file: &Path) -> Vec<Vec<u8>> {
    let data = fs::read(file).unwrap();
    if target == "predictions_line" && file.ends_with("samples.predictions.jsonl") {
        return data.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    }
    vec![data]
}

#[test]
fn every_target_has_a_regression_folder_and_no_folder_lacks_a_target() {
    let dir = root().join("tests/fuzz_regressions");
    let mut folders: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut names: Vec<String> = TARGETS.iter().map(|(n, _)| n.to_string()).collect();
    names.sort();
    assert_eq!(folders, names);
    for (name, _) in TARGETS {
        let bin = root().join(format!("fuzz/fuzz_targets/{name}.rs"));
        let src = fs::read_to_string(&bin).unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
        assert!(src.contains(&format!("vetter::fuzzing::{name}(")), "{src}");
    }
}

#[test]
fn every_kept_input_and_seed_replays_without_a_panic() {
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (name, body) in TARGETS {
        let kept = files_in(&root().join("tests/fuzz_regressions").join(name));
        assert!(!kept.is_empty(), "no kept input for {name}");
        for file in kept.iter().chain(&repo_seeds(name)) {
            for data in inputs_of(name, file) {
                replayed += 1;
                if let Err(p) = catch_unwind(AssertUnwindSafe(|| body(&data))) {
                    let msg = p
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    failures.push(format!("{name} {}: {msg}", file.display()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(replayed >= 2 * TARGETS.len());
}

/// Found by the corpus_line target: opening skipped over other keys' values without reading
/// them, so a number too large for a float (`1e400`) passed when the corpus was opened, and
/// loading the article then failed ("the file changed since it was opened?"). Now opening reads
/// every value as loading does and skips the line with the reason.
#[test]
fn a_corpus_line_with_a_number_out_of_range_is_skipped_when_opening() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("c.jsonl");
    let kept =
        fs::read(root().join("tests/fuzz_regressions/corpus_line/number-out-of-range.jsonl"));
    let mut text = kept.unwrap();
    text.extend_from_slice(b"{\"id\":\"b\",\"text\":\"t\",\"n\":[1e308,{\"m\":-1e308}]}\n");
    fs::write(&p, text).unwrap();
    let c = vetter::io::Corpus::open(&p).unwrap();
    assert_eq!(c.ids(), ["b"]);
    let w = c.warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].ends_with(":1: invalid JSON at column 30: number out of range; line skipped"),
        "{w:?}"
    );
    assert_eq!(c.load(0).unwrap().id, "b");
}

/// Found by the keymap target: a keymap error gave ron's column, counted in bytes, so on a line
/// with non-ASCII text it pointed past the end of the line. It is now counted in characters,
/// like the other files' errors.
#[test]
fn a_keymap_error_column_counts_characters() {
    let text = "// é\n(normal: [(command: Confirm, keys: [\"é\"] x)])";
    let e = vetter::core::keymap::Keymap::from_ron(text).unwrap_err();
    // `x` is the 42nd character of line 2 (and its 43rd byte: `é` is two).
    assert_eq!((e.line, e.column), (2, 42), "{e}");
}
