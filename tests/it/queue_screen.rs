//! The queue screen drawn into a test backend: a corpus of 100,000 hand-made summaries at 80x24
//! and 200x50, filtered and sorted, its prompt and help, hostile text, small sizes, and the
//! bundled corpus through the real services.

use crate::common::{key, Harness, NOW};
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use ratatui::Terminal;
use std::sync::Arc;
use vetter::core::command::Mode;
use vetter::core::keymap::Keymap;
use vetter::core::queue::{Item, Queue};
use vetter::core::state::{ModeState, State};
use vetter::core::{update, Action, Effect};
use vetter::domain::annotation::Status;
use vetter::domain::summary::Summary;

fn draw(state: &State, width: u16, height: u16) -> Terminal<TestBackend> {
    crate::common::draw_plain(state, width, height)
}

fn rows(t: &Terminal<TestBackend>) -> Vec<String> {
    crate::common::cell_rows(t)
}

/// Article `i` of the generated corpus: every status, flags, reasons, times, confidences,
/// corrections and edit times vary with `i`; every fifth title is not known yet.
fn generated(i: usize) -> Item {
    let status = match i % 7 {
        0 => None,
        1 | 6 => Some(Status::InProgress),
        2 | 5 => Some(Status::Done),
        3 => Some(Status::Skipped),
        _ => Some(Status::NotRelevant),
    };
    let flagged = i % 7 == 5 || i % 7 == 6;
    let summary = status.map(|status| Summary {
        status,
        flagged,
        reason: match (status, flagged) {
            (Status::Skipped, _) => Some("paywall".into()),
            (_, true) => Some("check the date".into()),
            _ => None,
        },
        active_seconds: (i as u64 * 37) % 4000,
        min_confidence: (!i.is_multiple_of(3)).then(|| ((i * 13) % 100) as f32 / 100.0),
        corrected: (i % 4) as u32,
        updated: format!("2026-01-{:02}T{:02}:00:00Z", 1 + i % 28, i % 24),
    });
    Item {
        id: format!("art-{i:06}").into(),
        title: (i % 5 != 4).then(|| format!("Officer story number {i} from the wire").into()),
        summary,
    }
}

fn big_state(n: usize, width: u16, height: u16) -> State {
    let schema = Arc::new(vetter::io::default_schema());
    let mut queue = Queue::new((0..n).map(generated).collect());
    queue.position = 41;
    let mut s = State::new(schema, Arc::new(Keymap::default_keymap()), "tester", queue);
    update(&mut s, Action::Resize { width, height });
    s
}

fn press(s: &mut State, keys: &[&str]) -> Vec<Effect> {
    keys.iter().flat_map(|k| update(s, key(k))).collect()
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        update(s, key(&c.to_string()));
    }
}

#[test]
fn queue_of_100k_at_80x24() {
    let mut s = big_state(100_000, 80, 24);
    press(&mut s, &["Q"]);
    assert_eq!(
        s.queue_view.selected(),
        Some(41),
        "starts on the open article"
    );
    let t = draw(&s, 80, 24);
    insta::assert_snapshot!("queue_80x24", t.backend());
    // The cursor's row is reversed and is article 42; the row above is not reversed.
    let shown = rows(&t);
    let y = shown.iter().position(|r| r.contains("art-000041")).unwrap() as u16;
    let buf = t.backend().buffer();
    assert!((0..80).all(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED)));
    assert!(!buf[(5, y - 1)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn queue_of_100k_at_200x50_scrolled_to_the_end() {
    let mut s = big_state(100_000, 200, 50);
    press(&mut s, &["Q", "G"]);
    let t = draw(&s, 200, 50);
    let shown = rows(&t);
    assert!(shown[47].contains("art-099999"), "{}", shown[47]);
    assert!(shown[0].contains("row 100000/100000"), "{}", shown[0]);
    insta::assert_snapshot!("queue_200x50", t.backend());
}

#[test]
fn queue_filtered_by_status_flag_and_text() {
    let mut s = big_state(100_000, 80, 24);
    press(&mut s, &["Q", "t", "f", "/"]);
    type_text(&mut s, "officer story number 12");
    // The prompt is drawn over the queue's status line, the queue beneath.
    let t = draw(&s, 80, 24);
    let shown = rows(&t);
    assert!(shown[23].starts_with("filter (text in id or title): officer"));
    assert!(shown[3].contains("art-"), "{}", shown[3]);
    press(&mut s, &["Enter"]);
    assert_eq!(s.mode, ModeState::Queue);
    let t = draw(&s, 80, 24);
    for r in &rows(&t)[3..22] {
        let r = r.trim_end();
        assert!(r.is_empty() || r.contains(" F "), "flagged only: {r}");
    }
    insta::assert_snapshot!("queue_filtered", t.backend());
    // Enter opens the article under the cursor: the second one shown.
    let second = s.queue_view.rows()[1] as usize;
    assert_eq!(press(&mut s, &["j", "Enter"]), [Effect::Open(second)]);
}

#[test]
fn queue_sorted_least_confident_first_at_200x50() {
    let mut s = big_state(2000, 200, 50);
    press(&mut s, &["Q", "o", "g"]);
    let t = draw(&s, 200, 50);
    let text = rows(&t).join("\n");
    assert!(text.contains("sort: least confident first"), "{text}");
    insta::assert_snapshot!("queue_sorted", t.backend());
    press(&mut s, &["o"]);
    let t = draw(&s, 200, 50);
    assert!(rows(&t)[0].contains("sort: last edited first"));
    insta::assert_snapshot!("queue_sorted_last_edited", t.backend());
}

#[test]
fn the_summary_line_counts_the_whole_corpus_and_the_median() {
    let mut s = big_state(7, 120, 12);
    press(&mut s, &["Q", "t"]);
    let t = draw(&s, 120, 12);
    // Done: articles 2 (74s) and 5 (185s): the median is 129s.
    assert_eq!(
        rows(&t)[1].trim_end(),
        " finished 4/7 · done 2 · skipped 1 · not relevant 1 · flagged 2 · remaining 3 \
         · median 2m09s per done article"
    );
    let t = draw(&s, 80, 12);
    assert_eq!(
        rows(&t)[1].trim_end(),
        " fin 4  done 2  skip 1  n/r 1  flag 2  left 3  med 2m09s"
    );
    let t = draw(&s, 100, 12);
    assert_eq!(
        rows(&t)[1].trim_end(),
        " finished 4/7 · done 2 · skipped 1 · not relevant 1 · flagged 2 · remaining 3 · median 2m09s"
    );
}

#[test]
fn help_from_the_queue_is_drawn_over_it_and_goes_back_to_it() {
    let mut s = big_state(50, 100, 30);
    press(&mut s, &["Q", "?"]);
    assert_eq!(
        s.mode,
        ModeState::Help {
            scroll: 0,
            from: Mode::Queue
        }
    );
    let text = rows(&draw(&s, 100, 30)).join("\n");
    assert!(text.contains("Help"), "{text}");
    assert!(text.contains("vetter · queue"), "the queue beneath: {text}");
    press(&mut s, &["Esc"]);
    assert_eq!(s.mode, ModeState::Queue);
}

#[test]
fn hostile_ids_titles_and_reasons_are_drawn_sanitized() {
    let mut s = big_state(3, 120, 10);
    let mut evil = generated(3);
    evil.id = "evil\u{1b}]0;pwned\u{7}\u{202e}id".into();
    evil.title = Some("title\u{1b}[2J\tend\u{200b}".into());
    evil.summary.as_mut().unwrap().reason = Some("reason\u{9b}31m\u{2066}".into());
    s.queue = Queue::new(vec![generated(0), evil, generated(2)]);
    press(&mut s, &["Q"]);
    let t = draw(&s, 120, 10);
    let text = rows(&t).join("\n");
    for c in text.chars() {
        assert!(
            c == '\n' || !c.is_control(),
            "raw control {c:?} drawn: {text}"
        );
        assert!(
            c == '\n' || !vetter::domain::text::is_hidden(c),
            "{c:?}: {text}"
        );
    }
    assert!(text.contains("evil␛]0;pwned␇"), "{text}");
    assert!(text.contains("title␛[2J   end⟨U+200B⟩"), "{text}");
    assert!(text.contains("reason⟨U+009B⟩31m"), "{text}");
}

#[test]
fn every_small_size_draws_without_panicking() {
    let mut s = big_state(100, 80, 24);
    press(&mut s, &["Q", "G"]);
    for (w, h) in [(1, 1), (10, 3), (20, 5), (40, 12), (79, 6), (300, 100)] {
        update(
            &mut s,
            Action::Resize {
                width: w,
                height: h,
            },
        );
        draw(&s, w, h);
    }
    // Empty filter result.
    press(&mut s, &["/"]);
    type_text(&mut s, "no such article");
    press(&mut s, &["Enter"]);
    let text = rows(&draw(&s, 80, 24)).join("\n");
    assert!(text.contains("No article matches the filter"), "{text}");
    assert!(text.contains("none of 100 shown"), "{text}");
}

/// The bundled corpus through the real services: verdicts on two articles, then the queue.
fn sample_harness(width: u16, height: u16) -> Harness {
    let mut h = Harness::sized(width, height);
    // Titles are read in the background on a large corpus; here, as if that had finished.
    for i in 0..h.services.corpus.len() {
        let title = h.services.corpus.load(i).unwrap().title;
        h.state.queue.set_title(i, title.into());
    }
    let spent = |h: &mut Harness, secs| {
        h.send(Action::Clock {
            now: NOW.into(),
            active_seconds: secs,
        })
    };
    spent(&mut h, 200);
    h.start_edit("city", "Farmington, NM");
    h.key("Enter");
    h.finish_all();
    h.key("D");
    assert_eq!(h.index(), 1);
    spent(&mut h, 45);
    h.key("S");
    for c in "paywall".chars() {
        h.key(&c.to_string());
    }
    h.key("Enter");
    assert_eq!(h.index(), 2);
    spent(&mut h, 70);
    h.key("x");
    h.key("f");
    h.type_text("check the age");
    h.key("Enter");
    h
}

#[test]
fn the_sample_corpus_in_the_queue_through_the_services() {
    let mut h = sample_harness(100, 20);
    let focus = h.state.focus;
    h.key("Q");
    assert_eq!(h.state.queue_view.selected(), Some(2));
    let t = draw(&h.state, 100, 20);
    let text = rows(&t).join("\n");
    assert!(text.contains("done") && text.contains("paywall"), "{text}");
    assert!(text.contains("check the age"), "the flag's reason: {text}");
    insta::assert_snapshot!("queue_samples_100x20", t.backend());
    // Esc: the same article and focus.
    h.key("Esc");
    assert_eq!((h.index(), h.state.focus), (2, focus));
    assert_eq!(h.state.mode, ModeState::Normal);
    // Done only, Enter: article 1 opens (article 3 was saved first: its flag is on disk).
    h.keys(&["Q", "t", "t", "t", "t", "Enter"]);
    assert_eq!(h.index(), 0);
    assert_eq!(h.ann().status, Status::Done);
    let third = h
        .services
        .store
        .load(h.services.corpus.id(2))
        .unwrap()
        .unwrap();
    assert!(third.flag.is_some());
    // GoTo from the queue.
    h.keys(&["Q", ":", "3", "Enter"]);
    assert_eq!((h.index(), h.state.mode.clone()), (2, ModeState::Normal));
}
