use super::*;
use crate::core::action::{Action, Opened};
use crate::core::keymap::Keymap;
use crate::core::keys::KeyChord;
use crate::core::queue::Item;
use crate::core::update;
use crate::domain::annotation::Annotation;
use crate::domain::annotation::Status;
use crate::domain::article::Article;
use crate::domain::summary::Summary;
use std::sync::Arc;

fn summary(status: Status, flagged: bool, conf: Option<f32>, updated: &str) -> Summary {
    Summary {
        status,
        flagged,
        reason: None,
        active_seconds: 0,
        min_confidence: conf,
        corrected: 0,
        updated: updated.into(),
    }
}

fn item(id: &str, title: Option<&str>, summary: Option<Summary>) -> Item {
    Item {
        id: id.into(),
        title: title.map(Into::into),
        summary,
    }
}

/// Seven articles, one of each kind:
/// 0 new; 1 in progress, flagged, 0.9; 2 done, 0.2; 3 skipped, flagged; 4 not relevant, 0.5;
/// 5 new (titled "Kenosha"); 6 done, flagged, 0.2.
fn corpus() -> Queue {
    use Status::*;
    Queue::new(vec![
        item("a-new", Some("Farmington officer"), None),
        item(
            "b-prog",
            None,
            Some(summary(InProgress, true, Some(0.9), "2026-01-03T00:00:00Z")),
        ),
        item(
            "c-done",
            Some("Video"),
            Some(summary(Done, false, Some(0.2), "2026-01-01T00:00:00Z")),
        ),
        item(
            "d-skip",
            None,
            Some(summary(Skipped, true, None, "2026-01-05T00:00:00Z")),
        ),
        item(
            "e-norel",
            None,
            Some(summary(NotRelevant, false, Some(0.5), "")),
        ),
        item("f-new", Some("KENOSHA knee"), None),
        item(
            "g-done",
            None,
            Some(summary(Done, true, Some(0.2), "2026-01-04T00:00:00Z")),
        ),
    ])
}

fn state(queue: Queue) -> State {
    let schema = Arc::new(crate::io::schema_file::default_schema());
    let mut s = State::new(schema, Arc::new(Keymap::default_keymap()), "t", queue);
    update(
        &mut s,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    s
}

/// Opens article `index` as the services would (a new annotation).
fn open_article(s: &mut State, index: usize) {
    let id = s.queue.items()[index].id.to_string();
    let article = Article {
        id: id.clone(),
        title: "T".into(),
        text: "Some text.".into(),
        ..Article::default()
    };
    let annotation = Annotation::new(&s.schema, &id, &article.text_hash(), "t", "now");
    update(
        s,
        Action::Opened(Box::new(Opened {
            index,
            article,
            annotation,
            persisted: false,
            read_only: None,
            messages: Vec::new(),
        })),
    );
}

fn press(s: &mut State, keys: &[&str]) -> Vec<Effect> {
    keys.iter()
        .flat_map(|k| update(s, Action::Key(KeyChord::parse(k).unwrap())))
        .collect()
}

fn shown(s: &State) -> Vec<&str> {
    s.queue_view
        .rows()
        .iter()
        .map(|&i| &*s.queue.items()[i as usize].id)
        .collect()
}

#[test]
fn each_status_filter_and_its_cycle() {
    let mut s = state(corpus());
    press(&mut s, &["Q"]);
    assert_eq!(shown(&s).len(), 7);
    let want: [&[&str]; 7] = [
        &["a-new", "b-prog", "f-new"],
        &["a-new", "f-new"],
        &["b-prog"],
        &["c-done", "g-done"],
        &["d-skip"],
        &["e-norel"],
        &[
            "a-new", "b-prog", "c-done", "d-skip", "e-norel", "f-new", "g-done",
        ],
    ];
    for w in want {
        press(&mut s, &["t"]);
        assert_eq!(shown(&s), w, "{:?}", s.queue_view.filter.status);
    }
    assert_eq!(s.queue_view.filter.status, StatusFilter::All);
}

#[test]
fn filters_combine_and_text_matches_id_or_title_ignoring_case() {
    let mut s = state(corpus());
    press(&mut s, &["Q", "f"]);
    assert_eq!(shown(&s), ["b-prog", "d-skip", "g-done"]);
    press(&mut s, &["t", "t", "t", "t"]); // done
    assert_eq!(shown(&s), ["g-done"]);
    press(&mut s, &["f"]);
    assert_eq!(shown(&s), ["c-done", "g-done"]);
    s.queue_view.filter.status = StatusFilter::All;
    set_text(&mut s, "kenosha");
    assert_eq!(shown(&s), ["f-new"]);
    set_text(&mut s, "-N");
    assert_eq!(shown(&s), ["a-new", "e-norel", "f-new"]);
    s.queue_view.filter.status = StatusFilter::Unfinished;
    refresh(&mut s);
    assert_eq!(shown(&s), ["a-new", "f-new"]);
    // Non-ASCII text is compared in lower case too.
    s.queue.set_title(2, "ÉTÉ à Kenosha".into());
    s.queue_view.filter.status = StatusFilter::All;
    set_text(&mut s, "été");
    assert_eq!(shown(&s), ["c-done"]);
    set_text(&mut s, "");
    assert_eq!(shown(&s).len(), 7);
}

#[test]
fn sorts_put_unknown_confidence_and_never_edited_last() {
    let mut s = state(corpus());
    press(&mut s, &["Q", "o"]);
    assert_eq!(s.queue_view.sort, Sort::LeastConfident);
    // Ties (0.2) keep corpus order; unknown confidence last, in corpus order.
    assert_eq!(
        shown(&s),
        ["c-done", "g-done", "e-norel", "b-prog", "a-new", "d-skip", "f-new"]
    );
    press(&mut s, &["o"]);
    assert_eq!(
        shown(&s),
        ["d-skip", "g-done", "b-prog", "c-done", "a-new", "e-norel", "f-new"]
    );
    press(&mut s, &["o"]);
    assert_eq!(s.queue_view.sort, Sort::Corpus);
    assert_eq!(shown(&s)[0], "a-new");
    // A NaN confidence counts as unknown.
    let mut q = corpus();
    q.set(
        0,
        Some(summary(Status::InProgress, false, Some(f32::NAN), "")),
    );
    let rows = select(&q, &Filter::default(), Sort::LeastConfident);
    assert_eq!(rows[..4], [2, 6, 4, 1]);
    assert_eq!(rows[4..], [0, 3, 5]);
}

#[test]
fn the_cursor_stays_within_the_rows() {
    let ids: Vec<String> = (0..100).map(|i| format!("id{i:03}")).collect();
    let mut s = state(Queue::of_ids(&ids));
    press(&mut s, &["Q", "k"]);
    assert_eq!(s.queue_view.cursor, 0);
    // 24 rows less 5 of chrome: a page is 19.
    press(&mut s, &["PgDn"]);
    assert_eq!(
        (s.queue_view.cursor, s.queue_view.scroll),
        (19, 1),
        "the cursor's row is the last one shown"
    );
    press(&mut s, &["G", "j", "PgDn"]);
    assert_eq!((s.queue_view.cursor, s.queue_view.scroll), (99, 81));
    press(&mut s, &["PgUp", "g", "k"]);
    assert_eq!((s.queue_view.cursor, s.queue_view.scroll), (0, 0));
    // A filter without the article under the cursor starts from the top; one with it keeps it.
    press(&mut s, &["G"]);
    set_text(&mut s, "id01");
    assert_eq!(shown(&s).len(), 10);
    assert_eq!((s.queue_view.cursor, s.queue_view.scroll), (0, 0));
    press(&mut s, &["j", "j"]);
    set_text(&mut s, "id0");
    assert_eq!(s.queue_view.selected(), Some(12));
    // Items that change under the cursor keep its place, within the rows.
    set_text(&mut s, "id01");
    press(&mut s, &["G"]);
    assert_eq!(s.queue_view.selected(), Some(19));
    s.queue = Queue::of_ids(&ids[..15]);
    refresh(&mut s);
    assert_eq!(
        (s.queue_view.cursor, s.queue_view.selected()),
        (4, Some(14))
    );
    // None: Enter says so and opens nothing.
    set_text(&mut s, "nothing");
    assert_eq!(s.queue_view.cursor, 0);
    assert_eq!(press(&mut s, &["Enter"]), Vec::new());
    assert_eq!(s.mode, ModeState::Queue);
    assert!(s.message.is_some());
}

#[test]
fn enter_opens_the_article_under_the_cursor_after_filtering() {
    let mut s = state(corpus());
    open_article(&mut s, 0);
    press(&mut s, &["Q", "t", "t", "t", "t", "j"]);
    assert_eq!(shown(&s), ["c-done", "g-done"]);
    assert_eq!(press(&mut s, &["Enter"]), [Effect::Open(6)]);
    assert_eq!(s.mode, ModeState::Normal);
    // On the open article: back to it, nothing opened.
    open_article(&mut s, 6);
    assert_eq!(press(&mut s, &["Q", "Enter"]), []);
    assert_eq!((s.mode.clone(), s.queue.position), (ModeState::Normal, 6));
}

#[test]
fn esc_returns_to_the_same_article_and_focus_and_reopening_keeps_the_view() {
    let mut s = state(corpus());
    open_article(&mut s, 4);
    press(&mut s, &["j", "j", "j"]);
    let focus = s.focus;
    assert!(focus > 0);
    press(&mut s, &["Q"]);
    // The first time, the cursor is on the open article.
    assert_eq!(s.queue_view.selected(), Some(4));
    assert_eq!(s.mode, ModeState::Queue);
    press(&mut s, &["o", "k", "f"]);
    let cursor = s.queue_view.selected();
    assert_eq!(press(&mut s, &["Esc"]), []);
    assert_eq!(s.mode, ModeState::Normal);
    assert_eq!((s.queue.position, s.focus), (4, focus));
    assert_eq!(s.session.as_ref().unwrap().article.id, "e-norel");
    // Moving on in review does not move the queue's cursor; Q comes back as it was.
    open_article(&mut s, 0);
    press(&mut s, &["Q"]);
    assert_eq!(s.queue_view.selected(), cursor);
    assert_eq!(s.queue_view.sort, Sort::LeastConfident);
    assert!(s.queue_view.filter.flagged_only);
    press(&mut s, &["Q"]);
    assert_eq!(s.mode, ModeState::Normal);
}

#[test]
fn rows_follow_the_items_and_the_cursor_follows_its_article() {
    let mut s = state(corpus());
    press(&mut s, &["Q", "o", "g", "j", "j"]);
    assert_eq!(s.queue_view.selected(), Some(4)); // e-norel, 0.5
    let generation = s.queue.generation();
    // Cursor moves do not select the rows again.
    press(&mut s, &["j", "k"]);
    assert_eq!(s.queue_view.computed.as_ref().unwrap().0, generation);
    // The background scan finds a lower confidence for e-norel: it moves up, the cursor with it.
    s.queue
        .set(4, Some(summary(Status::NotRelevant, false, Some(0.1), "")));
    assert_ne!(s.queue.generation(), generation);
    update(
        &mut s,
        Action::Clock {
            now: "now".into(),
            active_seconds: 0,
        },
    );
    assert_eq!(shown(&s)[0], "e-norel");
    assert_eq!((s.queue_view.cursor, s.queue_view.selected()), (0, Some(4)));
}

#[test]
fn the_filter_prompt_sets_clears_or_keeps_the_text() {
    let mut s = state(corpus());
    press(&mut s, &["Q", "/", "n", "e", "w"]);
    assert!(matches!(&s.mode, ModeState::Prompt(p) if p.kind == PromptKind::QueueFilter));
    assert!(showing(&s));
    press(&mut s, &["Enter"]);
    assert_eq!(s.mode, ModeState::Queue);
    assert_eq!(shown(&s), ["a-new", "f-new"]);
    // The prompt opens on the current text; Esc keeps it.
    press(&mut s, &["/", "x", "Esc"]);
    assert_eq!(s.mode, ModeState::Queue);
    assert_eq!(s.queue_view.filter.text, "new");
    press(&mut s, &["/", "Ctrl-u", "Enter"]);
    assert_eq!(s.queue_view.filter.text, "");
    assert_eq!(shown(&s).len(), 7);
}

#[test]
fn go_to_and_help_from_the_queue_come_back_to_it() {
    let mut s = state(corpus());
    open_article(&mut s, 0);
    press(&mut s, &["Q", ":", "z", "Enter"]);
    assert_eq!(s.mode, ModeState::Queue, "no such article: still the queue");
    assert!(s.message.is_some());
    press(&mut s, &[":", "Esc"]);
    assert_eq!(s.mode, ModeState::Queue);
    press(&mut s, &["?"]);
    assert_eq!(
        s.mode,
        ModeState::Help {
            scroll: 0,
            from: Mode::Queue
        }
    );
    press(&mut s, &["Esc"]);
    assert_eq!(s.mode, ModeState::Queue);
    assert_eq!(press(&mut s, &[":", "g", "-", "Enter"]), [Effect::Open(6)]);
    assert_eq!(s.mode, ModeState::Normal);
}

#[test]
fn median_of_the_done_articles_time() {
    let mut q = corpus();
    let done = |secs| {
        let mut s = summary(Status::Done, false, None, "");
        s.active_seconds = secs;
        Some(s)
    };
    q.set(2, None);
    q.set(6, None);
    assert_eq!(median_done_seconds(&q), None);
    q.set(2, done(300));
    assert_eq!(median_done_seconds(&q), Some(300));
    q.set(6, done(101));
    assert_eq!(median_done_seconds(&q), Some(200));
    q.set(0, done(7));
    assert_eq!(median_done_seconds(&q), Some(101));
    q.set(5, done(u64::MAX));
    q.set(0, done(u64::MAX));
    assert_eq!(median_done_seconds(&q), Some(u64::MAX / 2 + 150));
    // Only done articles count.
    let mut s = summary(Status::Skipped, false, None, "");
    s.active_seconds = 1;
    q.set(1, Some(s));
    assert_eq!(median_done_seconds(&q), Some(u64::MAX / 2 + 150));
}

#[test]
fn time_in_the_queue_is_not_counted_on_the_open_article() {
    let mut s = state(corpus());
    open_article(&mut s, 0);
    let tick = |s: &mut State| {
        update(
            s,
            Action::Clock {
                now: "now".into(),
                active_seconds: 30,
            },
        )
    };
    tick(&mut s);
    press(&mut s, &["Q"]);
    tick(&mut s);
    press(&mut s, &["/"]);
    tick(&mut s);
    press(&mut s, &["Esc", "?"]);
    tick(&mut s);
    press(&mut s, &["Esc", "Esc"]);
    tick(&mut s);
    let ann = &s.session.as_ref().unwrap().annotation;
    assert_eq!(ann.active_seconds, 60);
}
