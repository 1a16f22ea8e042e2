//! `vetter shard` (the real binary): one JSON line per article in corpus order with the shards
//! `core::shard` gives, the summary on stderr, usage errors; and `vetter review --shard` in a
//! pseudo-terminal: the header, the queue screen and the navigation see only the shard.

use assert_cmd::Command;
use predicates::str::contains;
use std::path::{Path, PathBuf};
use std::time::Duration;
use vetter::core::shard::shards_of;

fn vetter(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("vetter").unwrap();
    cmd.current_dir(cwd)
        .env("VETTER_CONFIG", cwd.join("config"))
        .env("VETTER_DATA", cwd.join("data"))
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60));
    cmd
}

fn articles() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/articles")
}

#[test]
fn shard_prints_each_articles_shards_in_corpus_order_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.jsonl");
    let ids: Vec<String> = (0..300).map(|i| format!("id-{i}")).collect();
    let text: String = ids
        .iter()
        .map(|id| format!("{{\"id\":\"{id}\",\"text\":\"t\"}}\n"))
        .collect();
    std::fs::write(&corpus, text).unwrap();
    let out = vetter(dir.path())
        .args(["shard", "c.jsonl", "--shards", "3", "--overlap", "0.2"])
        .assert()
        .success();
    let out = out.get_output();
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), ids.len());
    let (mut per, mut two) = ([0usize; 3], 0usize);
    for (line, id) in lines.iter().zip(&ids) {
        let (a, b) = shards_of(id, 3, 0.2);
        let want = match b {
            Some(b) => format!("{{\"id\":\"{id}\",\"shards\":[{a},{b}]}}"),
            None => format!("{{\"id\":\"{id}\",\"shards\":[{a}]}}"),
        };
        assert_eq!(*line, want);
        per[a as usize - 1] += 1;
        if let Some(b) = b {
            per[b as usize - 1] += 1;
            two += 1;
        }
    }
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    let want = format!(
        "vetter: 300 articles in 3 shards (shard 1: {}, shard 2: {}, shard 3: {}); {two} in two \
         shards ({:.1}%)\n",
        per[0],
        per[1],
        per[2],
        two as f64 / 3.0
    );
    assert_eq!(stderr, want);
    assert!(two > 0);
}

#[test]
fn shard_of_the_samples_with_no_overlap_and_one_shard() {
    let dir = tempfile::tempdir().unwrap();
    vetter(dir.path())
        .arg("shard")
        .arg(articles())
        .args(["--shards", "2"])
        .assert()
        .success()
        .stdout(
            "{\"id\":\"farmington-officer-resigns-daily-mail\",\"shards\":[1]}\n\
             {\"id\":\"farmington-officer-resigns-video\",\"shards\":[1]}\n\
             {\"id\":\"kenosha-officer-knee-on-neck\",\"shards\":[2]}\n",
        )
        .stderr(contains(
            "3 articles in 2 shards (shard 1: 2, shard 2: 1); 0 in two",
        ));
    vetter(dir.path())
        .arg("shard")
        .arg(articles())
        .args(["--shards", "1", "--overlap", "1"])
        .assert()
        .success()
        .stderr(contains(
            "3 articles in 1 shard (shard 1: 3); 0 in two shards (0.0%)",
        ));
}

#[test]
fn bad_shard_arguments_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 6] = [
        (&["shard", "x.jsonl", "--shards", "0"], "--shards"),
        (
            &["shard", "x.jsonl", "--shards", "2", "--overlap", "1.5"],
            "from 0 to 1",
        ),
        (&["shard", "x.jsonl"], "--shards"),
        (
            &["review", "x.jsonl", "--shard", "3/2"],
            "K must be from 1 to N (2)",
        ),
        (&["review", "x.jsonl", "--shard", "two"], "expected K/N"),
        (&["review", "x.jsonl", "--overlap", "0.1"], "--shard"),
    ];
    for (args, says) in cases {
        vetter(dir.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(contains(says))
            .stdout("");
    }
}

#[test]
fn shard_of_a_missing_corpus_names_it() {
    let dir = tempfile::tempdir().unwrap();
    vetter(dir.path())
        .args(["shard", "nope.jsonl", "--shards", "2"])
        .assert()
        .failure()
        .stderr(contains("nope.jsonl: no such file or directory"))
        .stdout("");
}

#[test]
fn review_of_an_empty_shard_says_so_before_opening_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    // Of 5 shards of the 3 samples, shard 3 holds none (see `core::shard`'s rule).
    let empty = (1..=5u32)
        .find(|k| {
            [
                "farmington-officer-resigns-daily-mail",
                "farmington-officer-resigns-video",
                "kenosha-officer-knee-on-neck",
            ]
            .iter()
            .all(|id| shards_of(id, 5, 0.0).0 != *k)
        })
        .unwrap();
    vetter(dir.path())
        .arg("review")
        .arg(articles())
        .args(["--shard", &format!("{empty}/5"), "--annotations"])
        .arg(dir.path().join("annotations"))
        .assert()
        .failure()
        .stderr(contains(format!("shard {empty}/5 of ")))
        .stderr(contains("holds no article"));
}

#[cfg(unix)]
mod pty {
    use crate::e2e_pty::pty::Setup;

    /// Shard 1/2 of the samples holds the two Farmington articles; the Kenosha one is shard 2's.
    #[test]
    fn review_of_a_shard_shows_the_shard_and_only_its_articles() {
        let env = Setup::new();
        let mut tui = env.review_with(&["--shard", "1/2", "--no-extract"], true);
        tui.wait_until("the shard's first article", |s| {
            let h = s.line(0);
            h.contains("1/2 farmington-officer-resigns-daily-mail") && h.contains("│ shard 1/2 │")
        });
        tui.send("Q");
        tui.wait_for("shard 1/2 · finished 0/2");
        assert!(!tui.screen.contains("kenosha"), "{}", tui.screen.text());
        // Go to the Kenosha article by id: it is not in this shard.
        tui.send(":kenosha-officer-knee-on-neck\r");
        tui.wait_for("No article id starts with \"kenosha-officer-knee-on-neck\"");
        assert!(!tui.header().contains("kenosha"), "{}", tui.screen.text());
        tui.send("\x03");
        tui.wait_exit();
    }
}
