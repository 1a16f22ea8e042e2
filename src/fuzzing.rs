//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs`), one per loader (and one for
//! terminal input), each taking the raw bytes of an input. They are here, not in the fuzz crate, so that `cargo test` replays the kept
//! inputs (`tests/fuzz_regressions/<target>/`) through exactly the code the fuzzer ran.
//!
//! A body returns normally for any input, whether it loads or not; it panics only when a loader
//! panics or breaks one of the properties checked here (an error placed outside the text, a
//! corpus line that opens but does not load, an annotation that does not save and load back, a
//! keymap key that does not read back as shown; for terminal input, a key the parser loses or a
//! state the review screen cannot be in). A panic is what the fuzzer reports as a crash.
//!
//! To add a target: write a `pub fn name(data: &[u8])` here, list it in [`TARGETS`], add
//! `fuzz/fuzz_targets/name.rs` calling it (and its `[[bin]]` in `fuzz/Cargo.toml`) and a folder
//! `tests/fuzz_regressions/name/`.

use crate::core::command::Mode;
use crate::core::keymap::Keymap;
use crate::domain::annotation::Annotation;
use crate::domain::article::Article;
use crate::domain::prediction::apply;
use crate::domain::schema::Schema;
use crate::extract::Extractor;
use crate::io::config::parse_config;
use crate::io::jsonl::{check_line, line_body, utf8_line};
use crate::io::schema_file::{default_schema, parse_schema};
use crate::io::stream::{ArticleStream, Item};
use crate::io::validate::validate_text;
use crate::io::{parse_annotation, to_ron, ConfigError, Corpus, SchemaFileError, StoreError};
use std::io::Cursor;
use std::path::Path;
use std::sync::OnceLock;

mod terminal;
pub use terminal::{terminal_input, FLUSH};

/// A target's body: one input's bytes.
pub type Body = fn(&[u8]);

/// Every target by name: the name of its fuzz binary and of its regression folder.
pub const TARGETS: &[(&str, Body)] = &[
    ("corpus_line", corpus_line),
    ("predictions_line", predictions_line),
    ("annotation", annotation),
    ("schema", schema),
    ("keymap", keymap),
    ("config", config),
    ("terminal_input", terminal_input),
];

/// The article predictions are applied to and schemas extract from (one of the shipped ones).
const ARTICLE_TEXT: &str = include_str!("../assets/articles/kenosha-officer-knee-on-neck.txt");

fn shipped_schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    S.get_or_init(default_schema)
}

/// The shipped articles (`assets/articles`), which the example annotations are about; `None`
/// when the source tree is not where it was built.
fn shipped_corpus() -> Option<&'static Corpus> {
    static C: OnceLock<Option<Corpus>> = OnceLock::new();
    C.get_or_init(|| {
        Corpus::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles")).ok()
    })
    .as_ref()
}

/// A reported position must be in the text: 1-based, on one of its lines and at most one past
/// that line's last character.
fn assert_in_text(text: &str, line: usize, col: usize, what: &dyn std::fmt::Display) {
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        (1..=lines.len()).contains(&line),
        "line {line} of a {}-line text: {what}",
        lines.len()
    );
    let len = lines[line - 1].chars().count();
    assert!(
        (1..=len + 1).contains(&col),
        "column {col} on a line of {len} characters: {what}"
    );
}

/// An annotation saved and read back saves as the same text.
fn assert_round_trip(ann: &Annotation) {
    let saved = to_ron(ann);
    let back = parse_annotation(&saved, Path::new("saved.ron"))
        .unwrap_or_else(|e| panic!("a saved annotation does not load: {e}\n{saved}"));
    assert_eq!(
        to_ron(&back),
        saved,
        "an annotation changed on save and load"
    );
}

/// Corpus JSONL: the whole input streamed as `vetter extract` reads it, and each line checked as
/// opening a corpus checks it then loaded as `Corpus::load` reads it.
pub fn corpus_line(data: &[u8]) {
    let mut stream = ArticleStream::lines(Box::new(Cursor::new(data.to_vec())), "fuzz");
    loop {
        let chunk = stream
            .next_chunk(4, u64::MAX)
            .expect("reading memory cannot fail");
        if chunk.is_empty() {
            break;
        }
        for item in chunk {
            match item {
                Item::Article(a) => {
                    let _ = a.text_hash();
                }
                Item::Skipped(why) => assert!(why.starts_with("fuzz:"), "{why}"),
            }
        }
    }
    assert_eq!(stream.bytes_read(), data.len() as u64);
    for (i, raw) in data.split_inclusive(|&b| b == b'\n').enumerate() {
        let text = String::from_utf8_lossy(raw);
        let body = line_body(&text, i + 1);
        if body.is_empty() {
            continue;
        }
        if let Ok(id) = check_line(body) {
            let article = crate::io::article_json::parse_article(body, "fuzz:1")
                .unwrap_or_else(|e| panic!("a line the corpus opens does not load: {e}"));
            assert_eq!(article.id, id);
        }
    }
}

/// One predictions line, read as `load_predictions` reads each line, then applied to a new
/// annotation of the shipped schema, which must still save and load.
pub fn predictions_line(data: &[u8]) {
    let Ok(text) = utf8_line(data) else { return };
    let body = line_body(text, 1);
    if body.is_empty() {
        return;
    }
    let Ok(raw) = crate::io::predictions::parse_line(body) else {
        return;
    };
    let schema = shipped_schema();
    let (pred, _problems) = crate::domain::prediction_check::check_prediction(raw, schema);
    let hash = crate::domain::article::text_hash(ARTICLE_TEXT);
    let mut ann = Annotation::new(schema, &pred.id, &hash, "fuzz", "2024-01-01T00:00:00Z");
    let _problems = apply(&pred, schema, ARTICLE_TEXT, &mut ann);
    assert_round_trip(&ann);
}

/// An annotation file: parsed, saved and read back, and validated against the shipped schema
/// and articles.
pub fn annotation(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.ron");
    match parse_annotation(text, path) {
        Ok(ann) => {
            let _ = ann.missing_required(shipped_schema());
            assert_round_trip(&ann);
        }
        Err(StoreError::Parse { line, col, .. }) => assert_in_text(text, line, col, &"parse"),
        Err(e) => panic!("parsing text gave {e}"),
    }
    for p in validate_text(text, path, shipped_schema(), shipped_corpus()) {
        assert!(p.path == path, "{p}");
        if p.line != 0 {
            assert_in_text(text, p.line, p.column, &p);
        }
    }
}

/// A schema file: parsed and checked, its rules compiled into an extractor, which extracts from
/// a shipped article predictions that fit the schema and survive the JSONL round trip.
pub fn schema(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let schema = match parse_schema(text, Path::new("fuzz.ron")) {
        Ok(s) => s,
        Err(SchemaFileError::Parse { line, col, .. }) => {
            return assert_in_text(text, line, col, &"parse")
        }
        Err(SchemaFileError::Invalid { at, problem, .. }) => {
            if let Some((line, col)) = at {
                assert_in_text(text, line, col, &problem);
            }
            return;
        }
        Err(e) => panic!("parsing text gave {e}"),
    };
    let Ok(extractor) = Extractor::new(&schema) else {
        return;
    };
    let article = Article {
        id: "a".into(),
        text: ARTICLE_TEXT.into(),
        published: Some("2021-03-05".into()),
        ..Default::default()
    };
    let pred = extractor.extract(&article);
    let line = serde_json::to_string(&pred).expect("a prediction serializes");
    let raw = crate::io::predictions::parse_line(&line)
        .unwrap_or_else(|e| panic!("a written prediction does not read back: {e}\n{line}"));
    let (back, checked) = crate::domain::prediction_check::check_prediction(raw, &schema);
    assert!(
        checked.is_empty(),
        "the extractor's own line: {checked:?}\n{line}"
    );
    assert_eq!(serde_json::to_string(&back).ok().as_deref(), Some(&*line));
    let hash = article.text_hash();
    let mut ann = Annotation::new(&schema, "a", &hash, "fuzz", "2024-01-01T00:00:00Z");
    let problems = apply(&pred, &schema, &article.text, &mut ann);
    assert!(
        problems.is_empty(),
        "the extractor's own suggestions: {problems:?}"
    );
    assert_round_trip(&ann);
}

fn default_keymap() -> &'static Keymap {
    static K: OnceLock<Keymap> = OnceLock::new();
    K.get_or_init(Keymap::default_keymap)
}

/// A keymap file: read as a whole keymap and as a user's override of the built-in one. Every
/// bound key reads back from how the help screen shows it and finds a command.
pub fn keymap(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for km in [
        Keymap::from_ron(text),
        default_keymap().clone().with_override(text),
    ] {
        match km {
            Ok(km) => exercise_keymap(&km),
            Err(e) => assert_in_text(text, e.line, e.column, &e),
        }
    }
}

fn exercise_keymap(km: &Keymap) {
    let _ = km.help_len();
    for m in Mode::ALL {
        let _ = km.hints(m);
        for b in km.bindings(m) {
            for k in &b.keys {
                let shown = k.to_string();
                assert_eq!(
                    crate::core::keys::KeyChord::parse(&shown).as_ref(),
                    Ok(k),
                    "{shown:?}"
                );
                assert!(km.lookup(m, k).is_some(), "{shown:?} in {m:?}");
            }
        }
    }
}

/// A configuration file (`config.ron`).
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_config(text, Path::new("config.ron")) {
        Ok(cfg) => {
            let _ = crate::io::resolve_reviewer(None, &cfg);
        }
        Err(ConfigError::Parse { line, col, .. }) => assert_in_text(text, line, col, &"parse"),
        Err(e) => panic!("parsing text gave {e}"),
    }
}
