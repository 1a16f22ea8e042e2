//! A repeated article id in a corpus (`a.md` beside `a.txt`, or a JSONL id given twice) is
//! reported by every command that opens a corpus, with the rule: the first one wins, and the
//! warning names what won and what was ignored. `extract` skips the repeats.

use assert_cmd::Command;
use std::fs;
use std::path::PathBuf;
use std::time::Duration;
use vetter::io::stream::{ArticleStream, Item};
use vetter::io::Corpus;

struct Env {
    tmp: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let tmp = tempfile::tempdir().unwrap();
        for d in ["config", "cwd", "dir", "annotations"] {
            fs::create_dir(tmp.path().join(d)).unwrap();
        }
        // A directory corpus: a.md and a.txt both give id "a"; a.md comes first.
        fs::write(tmp.path().join("dir/a.md"), "Alpha from md.").unwrap();
        fs::write(tmp.path().join("dir/a.txt"), "Alpha from txt.").unwrap();
        fs::write(tmp.path().join("dir/b.txt"), "Bravo.").unwrap();
        // A JSONL corpus with "a" on lines 1 and 3.
        fs::write(
            tmp.path().join("c.jsonl"),
            "{\"id\":\"a\",\"text\":\"First a.\"}\n{\"id\":\"b\",\"text\":\"B.\"}\n{\"id\":\"a\",\"text\":\"Second a.\"}\n",
        )
        .unwrap();
        Env { tmp }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    fn vetter(&self) -> Command {
        let mut cmd = Command::cargo_bin("vetter").unwrap();
        cmd.current_dir(self.path("cwd"))
            .env("VETTER_CONFIG", self.path("config"))
            .env("NO_COLOR", "1")
            .timeout(Duration::from_secs(60));
        cmd
    }

    /// The warning about the directory's repeat: a.txt ignored, a.md used.
    fn dir_warning(&self) -> String {
        format!(
            "{}: same article id \"a\" as {} (the first one wins); skipped",
            self.path("dir/a.txt").display(),
            self.path("dir/a.md").display()
        )
    }

    fn jsonl_warning(&self, file: &str) -> String {
        format!("{file}:3: id \"a\" already used on line 1 (the first one wins); line skipped")
    }
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_corpus_names_what_won_and_what_was_ignored() {
    let env = Env::new();
    let dir = Corpus::open(&env.path("dir")).unwrap();
    assert_eq!(dir.ids(), ["a", "b"]);
    assert_eq!(dir.warnings(), [env.dir_warning()]);
    assert!(dir.load(0).unwrap().text.contains("from md"));
    let jsonl = Corpus::open(&env.path("c.jsonl")).unwrap();
    assert_eq!(jsonl.ids(), ["a", "b"]);
    let f = env.path("c.jsonl").display().to_string();
    assert_eq!(jsonl.warnings(), [env.jsonl_warning(&f)]);
}

#[test]
fn review_reports_it() {
    let env = Env::new();
    // Without a terminal review stops, but only after saying what it found in the corpus.
    let out = env
        .vetter()
        .arg("review")
        .arg(env.path("dir"))
        .arg("--no-extract")
        .arg("--annotations")
        .arg(env.path("annotations"))
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains(&env.dir_warning()),
        "{}",
        stderr(&out)
    );
}

#[test]
fn validate_with_a_corpus_reports_it() {
    let env = Env::new();
    for corpus in ["dir", "c.jsonl"] {
        let out = env
            .vetter()
            .arg("validate")
            .arg(env.path("annotations"))
            .arg("--corpus")
            .arg(env.path(corpus))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let want = match corpus {
            "dir" => env.dir_warning(),
            _ => env.jsonl_warning(&env.path(corpus).display().to_string()),
        };
        assert!(stderr(&out).contains(&want), "{}", stderr(&out));
    }
}

/// The ids of extract's output lines, and its stderr.
fn extract(env: &Env, input: &str, stdin: Option<PathBuf>) -> (Vec<String>, String) {
    let mut cmd = env.vetter();
    cmd.arg("extract").arg(input);
    if let Some(p) = stdin {
        cmd.pipe_stdin(p).unwrap();
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let ids = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    (ids, stderr(&out))
}

#[test]
fn extract_reports_and_skips_the_repeats() {
    let env = Env::new();
    let (ids, err) = extract(&env, env.path("dir").to_str().unwrap(), None);
    assert_eq!(ids, ["\"a\"", "\"b\""]);
    assert!(err.contains(&env.dir_warning()), "{err}");
    assert!(err.contains("1 skipped"), "{err}");

    let file = env.path("c.jsonl");
    let (ids, err) = extract(&env, file.to_str().unwrap(), None);
    assert_eq!(ids, ["\"a\"", "\"b\""]);
    assert!(
        err.contains(&env.jsonl_warning(file.to_str().unwrap())),
        "{err}"
    );
    assert!(err.contains("1 skipped"), "{err}");

    let (ids, err) = extract(&env, "-", Some(file));
    assert_eq!(ids, ["\"a\"", "\"b\""]);
    assert!(err.contains(&env.jsonl_warning("<stdin>")), "{err}");
}

#[test]
fn the_stream_keeps_the_first_article_of_an_id() {
    let input = "{\"id\":\"a\",\"text\":\"one\"}\n{\"id\":\"a\",\"text\":\"two\"}\n";
    let mut s = ArticleStream::lines(Box::new(std::io::Cursor::new(input.as_bytes())), "in");
    let items = s.next_chunk(10, u64::MAX).unwrap();
    assert_eq!(items.len(), 2);
    assert!(matches!(&items[0], Item::Article(a) if a.text == "one"));
    assert!(
        matches!(&items[1], Item::Skipped(m) if m.starts_with("in:2: ") && m.contains("first one wins"))
    );
}

#[test]
fn eval_with_a_corpus_reports_it() {
    let env = Env::new();
    let gold = env.path("gold.jsonl");
    fs::write(&gold, "{\"id\":\"a\",\"fields\":{\"city\":\"Reno\"}}\n").unwrap();
    let out = env
        .vetter()
        .arg("eval")
        .arg("--gold")
        .arg(&gold)
        .arg("--pred")
        .arg(&gold)
        .arg("--corpus")
        .arg(env.path("dir"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains(&env.dir_warning()), "{shown}");
}
