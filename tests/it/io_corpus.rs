//! Opening corpora: directories of text files and JSONL files.

use crate::devset;
use std::fs;
use std::path::{Path, PathBuf};
use vetter::io::{Corpus, CorpusError};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn directory_of_text_files() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "b-second.md", b"# Heading\n\nbody");
    write(d.path(), "a-first.txt", b"\n\n  First title  \nmore text\n");
    write(d.path(), "c-bad.txt", b"caf\xe9 au lait\nline two");
    write(d.path(), "notes.json", b"{}");
    write(d.path(), "README", b"not an article");
    write(d.path(), ".hidden.txt", b"hidden");
    fs::create_dir(d.path().join("sub.txt")).unwrap();
    write(&d.path().join("sub.txt"), "inner.txt", b"nested");

    let c = Corpus::open(d.path()).unwrap();
    assert_eq!(c.ids(), ["a-first", "b-second", "c-bad"]);
    assert_eq!(c.len(), 3);
    assert!(!c.is_empty());
    assert_eq!(c.id(1), "b-second");
    assert_eq!(c.id(99), "");
    assert_eq!(c.index_of("c-bad"), Some(2));
    assert_eq!(c.index_of("notes"), None);
    assert!(c.warnings().is_empty(), "{:?}", c.warnings());
    assert_eq!(c.path(), d.path());
    assert_eq!(c.describe(), format!("{} (3 articles)", d.path().display()));

    let a = c.load(0).unwrap();
    assert_eq!(a.id, "a-first");
    assert_eq!(a.title, "First title");
    assert_eq!(a.text, "\n\n  First title  \nmore text\n");
    assert!(a.warnings.is_empty());
    assert_eq!(c.load(1).unwrap().title, "# Heading");

    let bad = c.load(2).unwrap();
    assert_eq!(bad.text, "caf\u{fffd} au lait\nline two");
    assert_eq!(bad.warnings.len(), 1);
    let file = d.path().join("c-bad.txt");
    assert_eq!(
        bad.warnings[0],
        format!(
            "{}: not valid UTF-8; shown with replacement characters",
            file.display()
        )
    );
    assert!(matches!(
        c.load(3),
        Err(CorpusError::NoSuchIndex { index: 3, len: 3 })
    ));
}

#[test]
fn directory_texts_are_read_when_loaded() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "one.txt", b"before");
    let gone = write(d.path(), "two.txt", b"x");
    let c = Corpus::open(d.path()).unwrap();
    write(d.path(), "one.txt", b"after");
    fs::remove_file(&gone).unwrap();
    assert_eq!(c.load(0).unwrap().text, "after");
    let e = c.load(1).unwrap_err();
    assert!(e.to_string().contains("two.txt"), "{e}");
}

#[test]
fn directory_ids_from_different_extensions_clash() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "same.txt", b"t");
    write(d.path(), "same.md", b"m");
    write(d.path(), "UPPER.TXT", b"u");
    let c = Corpus::open(d.path()).unwrap();
    assert_eq!(c.ids(), ["UPPER", "same"]);
    assert_eq!(c.load(1).unwrap().text, "m");
    assert_eq!(c.warnings().len(), 1);
    assert!(c.warnings()[0].contains("same.txt"), "{:?}", c.warnings());
}

#[test]
fn jsonl_with_bad_lines_loads_the_rest() {
    let d = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id":"a","text":"Alpha text\nsecond","title":"Alpha","published":"2020-01-02","url":"http://a","source":"wire","tags":["x",1]}"#,
        r#"{"id":"b","text":"#,
        "",
        r#"{"text":"no id"}"#,
        r#"{"id":"c"}"#,
        r#"{"id":"a","text":"again"}"#,
        r#"{"id":"d","text":"\n\n  Dee first line\nrest"}"#,
        "not json at all",
        "{\"id\":\"e\",\"text\":\"caf\u{e9}\",\"title\":null}\r",
    ];
    let mut content = lines.join("\n").into_bytes();
    content.extend_from_slice(b"\n{\"id\":\"f\",\"text\":\"bad \xff byte\"}");
    let p = write(d.path(), "articles.jsonl", &content);
    let c = Corpus::open(&p).unwrap();
    assert_eq!(c.ids(), ["a", "d", "e", "f"]);

    let f = p.display().to_string();
    let w = c.warnings();
    assert_eq!(w.len(), 5, "{w:#?}");
    assert!(
        w[0].starts_with(&format!("{f}:2: invalid JSON at column")),
        "{}",
        w[0]
    );
    assert_eq!(w[1], format!("{f}:4: missing \"id\"; line skipped"));
    assert_eq!(w[2], format!("{f}:5: missing \"text\"; line skipped"));
    assert_eq!(
        w[3],
        format!("{f}:6: id \"a\" already used on line 1 (the first one wins); line skipped")
    );
    assert!(w[4].starts_with(&format!("{f}:8: ")), "{}", w[4]);

    let a = c.load(0).unwrap();
    assert_eq!(a.title, "Alpha");
    assert_eq!(a.text, "Alpha text\nsecond");
    assert_eq!(a.published.as_deref(), Some("2020-01-02"));
    assert_eq!(a.url.as_deref(), Some("http://a"));
    assert_eq!(a.metadata.len(), 2);
    assert_eq!(a.metadata["source"], serde_json::json!("wire"));
    assert_eq!(a.metadata["tags"], serde_json::json!(["x", 1]));
    assert!(a.warnings.is_empty());

    let dd = c.load(c.index_of("d").unwrap()).unwrap();
    assert_eq!(dd.title, "Dee first line");
    assert!(dd.metadata.is_empty());
    let e = c.load(2).unwrap();
    assert_eq!((e.text.as_str(), e.title.as_str()), ("café", "café"));

    let bad = c.load(3).unwrap();
    assert_eq!(bad.text, "bad \u{fffd} byte");
    assert_eq!(
        bad.warnings,
        [format!(
            "{f}:10: not valid UTF-8; shown with replacement characters"
        )]
    );
    assert_eq!(c.describe(), format!("{f} (4 articles)"));
}

#[test]
fn jsonl_byte_order_mark_and_change_detection() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "x.txt",
        "\u{feff}{\"id\":\"one\",\"text\":\"1\"}\n{\"id\":\"two\",\"text\":\"2\"}\n".as_bytes(),
    );
    let c = Corpus::open(&p).unwrap();
    assert_eq!(c.ids(), ["one", "two"]);
    assert_eq!(c.describe(), format!("{} (2 articles)", p.display()));
    // Same length, another id: loading notices rather than returning the wrong article.
    fs::write(
        &p,
        "\u{feff}{\"id\":\"one\",\"text\":\"1\"}\n{\"id\":\"owt\",\"text\":\"2\"}\n",
    )
    .unwrap();
    assert_eq!(c.load(0).unwrap().text, "1");
    let e = c.load(1).unwrap_err();
    assert!(matches!(e, CorpusError::Line { line: 2, .. }), "{e}");
    assert!(e.to_string().contains("\"two\""), "{e}");
}

#[test]
fn opening_errors_name_the_path() {
    let d = tempfile::tempdir().unwrap();
    let missing = d.path().join("missing");
    let e = Corpus::open(&missing).unwrap_err();
    assert!(matches!(e, CorpusError::NotFound { .. }));
    assert!(e.to_string().contains(&missing.display().to_string()));

    let empty_dir = d.path().join("empty");
    fs::create_dir(&empty_dir).unwrap();
    write(&empty_dir, "notes.json", b"{}");
    let e = Corpus::open(&empty_dir).unwrap_err();
    assert!(matches!(e, CorpusError::Empty { .. }), "{e}");
    assert!(e.to_string().contains(&empty_dir.display().to_string()));

    let blank = write(d.path(), "blank.jsonl", b"\n\n");
    let e = Corpus::open(&blank).unwrap_err();
    assert!(matches!(e, CorpusError::Empty { .. }), "{e}");

    let junk = write(d.path(), "junk.jsonl", b"{\"id\":1,\"text\":\"t\"}\nnope\n");
    let e = Corpus::open(&junk).unwrap_err().to_string();
    assert!(e.contains("2 line(s) skipped"), "{e}");
    assert!(e.contains("junk.jsonl:1: \"id\" must be a string"), "{e}");
}

#[test]
fn real_dev_set_opens() {
    let Some(path) = devset::file("articles.jsonl") else {
        return;
    };
    let c = Corpus::open(&path).unwrap();
    assert_eq!(c.len(), 63, "{:?}", c.warnings());
    assert!(c.warnings().is_empty(), "{:?}", c.warnings());
    for i in 0..c.len() {
        let a = c.load(i).unwrap();
        assert_eq!(a.id, c.id(i));
        assert!(!a.text.is_empty(), "{}", a.id);
        assert!(!a.title.is_empty(), "{}", a.id);
        assert_eq!(c.index_of(&a.id), Some(i));
    }
}
