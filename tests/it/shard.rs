//! Shards of a corpus (`core::shard`, `batch::shard`): placement pinned to values computed
//! independently (Python's hashlib, same rule); determinism; stability when articles are added
//! or the corpus is reordered; coverage; the overlap fraction and the balance on 10,000 ids
//! (deterministic ids, bounds of 4 standard deviations); narrowing a corpus; the header and
//! the queue screen of a review narrowed to a shard.

use crate::common::{self, key, NOW};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use vetter::app::runtime::dispatch;
use vetter::batch::shard::{narrow, run};
use vetter::core::shard::{shards_of, Shard};
use vetter::io::Corpus;

fn ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("art-{i:06}")).collect()
}

fn write_corpus(path: &Path, ids: &[String]) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for id in ids {
        writeln!(
            out,
            "{{\"id\":\"{id}\",\"text\":\"Story {id}\\n\\nText.\"}}"
        )
        .unwrap();
    }
    out.flush().unwrap();
}

#[test]
fn placement_matches_values_computed_elsewhere_from_the_documented_rule() {
    let want = [
        (
            "farmington-officer-resigns-daily-mail",
            (2, None),
            (2, Some(1)),
        ),
        ("farmington-officer-resigns-video", (1, None), (1, Some(3))),
        ("kenosha-officer-knee-on-neck", (1, None), (1, Some(2))),
        ("art-000001", (1, None), (1, Some(3))),
        ("Ünïcode/ id", (3, Some(2)), (3, Some(2))),
    ];
    for (id, at_tenth, at_all) in want {
        assert_eq!(shards_of(id, 3, 0.1), at_tenth, "{id}");
        assert_eq!(shards_of(id, 3, 1.0), at_all, "{id}");
    }
}

#[test]
fn the_same_id_always_goes_to_the_same_shards() {
    for id in ids(0..2000) {
        let once = shards_of(&id, 5, 0.2);
        assert_eq!(shards_of(&id, 5, 0.2), once);
        assert_eq!(shards_of(&id.clone(), 5, 0.2), once);
    }
}

/// Each id's shards in `vetter shard`'s output over a corpus file.
fn plan(corpus: &Path, n: u32, p: f64) -> Vec<(String, Vec<u32>)> {
    let c = Corpus::open(corpus).unwrap();
    let mut out = Vec::new();
    run(&c, n, p, &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let shards = v["shards"].as_array().unwrap();
            let shards = shards.iter().map(|k| k.as_u64().unwrap() as u32).collect();
            (v["id"].as_str().unwrap().to_string(), shards)
        })
        .collect()
}

#[test]
fn adding_articles_or_reordering_the_corpus_moves_none() {
    let dir = tempfile::tempdir().unwrap();
    let (small, big) = (dir.path().join("small.jsonl"), dir.path().join("big.jsonl"));
    write_corpus(&small, &ids(0..1000));
    // 1,000 more, and everything in another order (a fixed permutation).
    let mut more = ids(0..2000);
    more.sort_by_key(|id| std::cmp::Reverse(id.bytes().rev().collect::<Vec<u8>>()));
    write_corpus(&big, &more);
    let before = plan(&small, 4, 0.15);
    let after: HashMap<String, Vec<u32>> = plan(&big, 4, 0.15).into_iter().collect();
    assert_eq!(before.len(), 1000);
    assert_eq!(after.len(), 2000);
    for (id, shards) in &before {
        assert_eq!(&after[id], shards, "{id} moved");
    }
    // The narrowed corpora agree too: shard 3's articles of the small corpus are exactly the
    // small corpus's articles among the big corpus's shard 3.
    let shard = Shard::parse("3/4", 0.15).unwrap();
    let (mut s, mut b) = (Corpus::open(&small).unwrap(), Corpus::open(&big).unwrap());
    narrow(&mut s, &shard).unwrap();
    narrow(&mut b, &shard).unwrap();
    let mut from_big: Vec<&String> = b
        .ids()
        .iter()
        .filter(|id| id.as_str() < "art-001000")
        .collect();
    from_big.sort();
    let mut from_small: Vec<&String> = s.ids().iter().collect();
    from_small.sort();
    assert_eq!(from_small, from_big);
}

#[test]
fn every_article_is_in_one_shard_or_two_in_the_overlap_and_the_shards_cover_the_corpus() {
    let all = ids(0..3000);
    for n in 1..=5u32 {
        for p in [0.0, 0.1, 0.5, 1.0] {
            let shards: Vec<Shard> = (1..=n)
                .map(|k| Shard::parse(&format!("{k}/{n}"), p).unwrap())
                .collect();
            for id in &all {
                let holding = shards.iter().filter(|s| s.contains(id)).count();
                let (first, second) = shards_of(id, n, p);
                let want = 1 + usize::from(second.is_some());
                assert_eq!(holding, want, "{id} in {n} shards, overlap {p}");
                assert!((1..=n).contains(&first));
                assert_ne!(Some(first), second);
                if n == 1 || p == 0.0 {
                    assert_eq!(second, None);
                }
                if n > 1 && p == 1.0 {
                    assert!(second.is_some());
                }
            }
        }
    }
}

#[test]
fn on_ten_thousand_ids_the_overlap_is_close_to_p_and_the_shards_are_balanced() {
    let all = ids(0..10_000);
    let n = all.len() as f64;
    for (shards, p) in [(3u32, 0.1), (4, 0.25), (2, 0.05)] {
        let mut first = vec![0usize; shards as usize];
        let mut second_of = vec![0usize; shards as usize];
        let mut in_two = 0usize;
        for id in &all {
            let (a, b) = shards_of(id, shards, p);
            first[a as usize - 1] += 1;
            if let Some(b) = b {
                in_two += 1;
                second_of[b as usize - 1] += 1;
            }
        }
        // Binomial: 4 standard deviations either side (the ids are fixed: this cannot flake).
        let sd = (p * (1.0 - p) / n).sqrt();
        let got = in_two as f64 / n;
        assert!((got - p).abs() < 4.0 * sd, "overlap {got} for P = {p}");
        let q = 1.0 / f64::from(shards);
        let sd = (q * (1.0 - q) / n).sqrt();
        for (k, count) in first.iter().enumerate() {
            let got = *count as f64 / n;
            assert!((got - q).abs() < 4.0 * sd, "shard {} holds {got}", k + 1);
        }
        // The second shards are spread over all shards too.
        assert!(second_of.iter().all(|&c| c > 0), "{second_of:?}");
    }
}

#[test]
fn narrowing_keeps_the_shards_articles_in_corpus_order_and_refuses_an_empty_shard() {
    let mut c = Corpus::open(&common::articles_dir()).unwrap();
    let kept = narrow(&mut c, &Shard::parse("1/2", 0.0).unwrap()).unwrap();
    assert_eq!(kept, 2);
    let want = [
        "farmington-officer-resigns-daily-mail",
        "farmington-officer-resigns-video",
    ];
    assert_eq!(c.ids(), want);
    assert_eq!(c.index_of(want[1]), Some(1));
    assert_eq!(c.index_of("kenosha-officer-knee-on-neck"), None);
    assert_eq!(c.load(1).unwrap().id, want[1]);
    assert!(c.load(2).is_err());

    // A JSONL corpus: the kept lines still load, titles follow their articles.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.jsonl");
    write_corpus(&path, &ids(0..50));
    let mut c = Corpus::open(&path).unwrap();
    let shard = Shard::parse("2/3", 0.0).unwrap();
    narrow(&mut c, &shard).unwrap();
    let want: Vec<String> = ids(0..50)
        .into_iter()
        .filter(|id| shard.contains(id))
        .collect();
    assert_eq!(c.ids(), want.as_slice());
    let titles = c.take_titles();
    assert_eq!(titles.len(), want.len());
    for (i, id) in want.iter().enumerate() {
        assert_eq!(c.load(i).unwrap().id, *id);
        assert_eq!(&*titles[i], format!("Story {id}"));
    }

    // Five shards of three articles: one of them is empty.
    let empty = (1..=5)
        .map(|k| Shard::parse(&format!("{k}/5"), 0.0).unwrap())
        .find(|s| {
            let ids = [
                "farmington-officer-resigns-daily-mail",
                "farmington-officer-resigns-video",
                "kenosha-officer-knee-on-neck",
            ];
            ids.iter().all(|id| !s.contains(id))
        })
        .expect("an empty shard of 5");
    let mut c = Corpus::open(&common::articles_dir()).unwrap();
    let err = narrow(&mut c, &empty).unwrap_err().to_string();
    assert!(
        err.contains(&format!("{empty} of ")) && err.contains("no article"),
        "{err}"
    );
}

#[test]
fn a_review_of_a_shard_queues_only_its_articles_and_shows_the_shard() {
    let store = tempfile::tempdir().unwrap();
    let mut services = common::services(&common::articles_dir(), store.path(), true);
    let shard = Shard::parse("1/2", 0.0).unwrap();
    let corpus = std::sync::Arc::get_mut(&mut services.corpus).expect("the only handle");
    narrow(corpus, &shard).unwrap();
    let mut queue = services.queue();
    queue.shard = Some(shard);
    let mut state = vetter::core::State::new(
        services.schema.clone(),
        std::sync::Arc::new(vetter::core::keymap::Keymap::default_keymap()),
        "tester",
        queue,
    );
    let clock = vetter::core::Action::Clock {
        now: NOW.into(),
        active_seconds: 0,
    };
    dispatch(&mut state, &services, clock);
    dispatch(
        &mut state,
        &services,
        vetter::core::Action::Resize {
            width: 120,
            height: 20,
        },
    );
    let opened = services.open(0, NOW);
    dispatch(&mut state, &services, opened);
    let rows = common::cell_rows(&common::draw_plain(&state, 120, 20));
    assert!(
        rows[0].contains("1/2 farmington-officer-resigns-daily-mail"),
        "{}",
        rows[0]
    );
    assert!(rows[0].contains("│ shard 1/2 │ tester"), "{}", rows[0]);
    assert!(rows[0].contains("0 finished, 2 left"), "{}", rows[0]);

    // The queue screen lists the shard's two articles only, and names the shard.
    dispatch(&mut state, &services, key("Q"));
    let screen = common::cell_rows(&common::draw_plain(&state, 120, 20)).join("\n");
    assert!(screen.contains(" shard 1/2 · finished 0/2 ·"), "{screen}");
    assert!(
        screen.contains(" 2 farmington-officer-resigns-vi"),
        "{screen}"
    );
    assert!(!screen.contains("kenosha"), "{screen}");

    // The next article is the shard's second; after it the shard ends (the corpus's third
    // article is another shard's).
    dispatch(&mut state, &services, key("Esc"));
    dispatch(&mut state, &services, key("]"));
    let rows = common::cell_rows(&common::draw_plain(&state, 120, 20));
    assert!(
        rows[0].contains("2/2 farmington-officer-resigns-video"),
        "{}",
        rows[0]
    );
    dispatch(&mut state, &services, key("]"));
    let screen = common::cell_rows(&common::draw_plain(&state, 120, 20)).join("\n");
    assert!(
        screen.contains("2/2 farmington-officer-resigns-video"),
        "{screen}"
    );
    assert!(screen.contains("This is the last article"), "{screen}");
}
