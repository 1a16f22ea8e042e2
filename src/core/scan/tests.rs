use super::*;
use crate::core::keymap::Keymap;
use crate::core::queue::{Item, Queue};
use crate::domain::annotation::Status;
use std::sync::Arc;

fn state(n: usize) -> State {
    let ids: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
    let schema = Arc::new(crate::io::default_schema());
    State::new(
        schema,
        Arc::new(Keymap::default_keymap()),
        "r",
        Queue::of_ids(&ids),
    )
}

fn summary(status: Status) -> Option<Summary> {
    Some(Summary {
        status,
        flagged: false,
        reason: None,
        active_seconds: 0,
        min_confidence: None,
        corrected: 0,
        updated: String::new(),
    })
}

fn progress(checked: usize, total: usize) -> ScanProgress {
    ScanProgress { checked, total }
}

#[test]
fn the_scan_fills_the_queue_and_its_progress_shows_until_it_ends() {
    let mut s = state(4);
    s.queue.scan = Some(progress(0, 4));
    let items = vec![(0, summary(Status::Done)), (1, summary(Status::Skipped))];
    assert!(scanned(&mut s, items, progress(2, 4), false).is_empty());
    assert_eq!(s.queue.scan, Some(progress(2, 4)));
    assert_eq!((s.queue.counts().finished(), s.queue.remaining()), (2, 2));
    // A summary the index gave wrongly is corrected (here: the file is gone).
    let items = vec![(1, None), (3, summary(Status::NotRelevant))];
    scanned(&mut s, items, progress(4, 4), false);
    assert_eq!(s.queue.scan, None);
    assert_eq!(s.queue.counts().finished(), 2);
    assert_eq!(s.queue.item(1).unwrap().status(), None);
}

#[test]
fn resume_goes_to_the_first_unfinished_article_once_the_scan_has_reached_it() {
    let mut s = state(5);
    let done = |i| (i, summary(Status::Done));
    // Articles 0 and 1 are done: the first unfinished one is not known yet.
    assert!(scanned(&mut s, vec![done(0), done(1)], progress(2, 5), true).is_empty());
    let out = scanned(&mut s, vec![done(2)], progress(4, 5), true);
    assert_eq!(out, vec![Effect::Open(3)]);
    // Without `resume` (the reviewer moved), nothing moves.
    let mut s = state(5);
    assert!(scanned(&mut s, vec![done(0), done(1)], progress(5, 5), false).is_empty());
}

#[test]
fn a_finished_corpus_resumes_at_its_start_and_a_prompt_is_never_interrupted() {
    let mut s = state(2);
    s.queue.position = 1;
    let all = vec![(0, summary(Status::Done)), (1, summary(Status::Done))];
    assert!(scanned(&mut s, all.clone(), progress(1, 2), true).is_empty());
    assert_eq!(
        scanned(&mut s, all.clone(), progress(2, 2), true),
        vec![Effect::Open(0)]
    );
    let mut s = state(3);
    crate::core::prompt::open(&mut s, crate::core::prompt::PromptKind::GoTo, "");
    let out = scanned(
        &mut s,
        vec![(0, summary(Status::Done))],
        progress(3, 3),
        true,
    );
    assert!(out.is_empty());
}

#[test]
fn titles_are_set() {
    let mut s = state(2);
    background(&mut s, Action::Titles(vec![(1, "Second".into())]));
    assert_eq!(s.queue.item(1).unwrap().title.as_deref(), Some("Second"));
    assert_eq!(s.queue.item(0).unwrap().title, None);
}

#[test]
fn the_counted_rest_of_the_corpus_joins_the_queue_and_what_it_skipped_is_said() {
    let mut s = state(2);
    s.queue.counting = true;
    s.queue.scan = Some(progress(0, 2));
    let mut c = Item::new("c");
    c.summary = summary(Status::Done);
    let warnings = ["c.jsonl:9: bad".to_string(), "c.jsonl:12: bad".into()];
    counted(&mut s, vec![c, Item::new("d")], &warnings, None);
    assert!(!s.queue.counting);
    assert_eq!(s.queue.len(), 4);
    assert_eq!(s.queue.scan, Some(progress(0, 4)));
    assert_eq!((s.queue.counts().finished(), s.queue.remaining()), (1, 3));
    let said = s.message.as_ref().map(|m| m.text.as_str());
    assert_eq!(said, Some("corpus: c.jsonl:9: bad (and 1 more)"));
    // The scan's total is the whole corpus's: it ends only when it reaches the last article.
    assert!(scanned(&mut s, vec![(0, None), (1, None)], progress(2, 2), false).is_empty());
    assert_eq!(s.queue.scan, Some(progress(2, 4)));
}

#[test]
fn a_count_that_failed_keeps_the_queue_and_says_why() {
    let mut s = state(2);
    s.queue.counting = true;
    counted(&mut s, Vec::new(), &[], Some("c.jsonl: changed".into()));
    assert!(!s.queue.counting);
    assert_eq!(s.queue.len(), 2);
    let said = s
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(said.contains("changed (this review has only its first 2 articles)"));
}
