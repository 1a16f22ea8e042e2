//! The event loop with a stand-in screen: resizes are coalesced, a long article re-wraps off
//! the input path, saves are flushed, and the loop ends on a hang-up or a fatal signal with the
//! right outcome.

use crate::common::{self, Harness};
use std::sync::mpsc;
use vetter::app::runtime::{Input, Runtime, Screen};
use vetter::core::keys::KeyChord;
use vetter::core::{update, Action, Effect, State};

/// A screen that records how often it was drawn and asked for its size.
struct Fake {
    size: (u16, u16),
    draws: usize,
    size_calls: usize,
}

impl Fake {
    fn new(width: u16, height: u16) -> Fake {
        Fake {
            size: (width, height),
            draws: 0,
            size_calls: 0,
        }
    }
}

impl Screen for Fake {
    fn draw(&mut self, _: &State) -> std::io::Result<()> {
        self.draws += 1;
        Ok(())
    }
    fn size(&mut self) -> std::io::Result<(u16, u16)> {
        self.size_calls += 1;
        Ok(self.size)
    }
    fn suspend(&mut self) -> std::io::Result<()> {
        Ok(())
    }
    fn resume(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn key(name: &str) -> Input {
    Input::Key(KeyChord::parse(name).unwrap())
}

/// A corpus of one article of about `bytes` bytes, in a temporary directory.
fn long_corpus(bytes: usize) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let para = "The officer said the man ran toward the car before shots were fired. ";
    let mut text = String::from("A long report\n\n");
    while text.len() < bytes {
        text.push_str(para);
        if text.len() % 1000 < para.len() {
            text.push('\n');
        }
    }
    std::fs::write(d.path().join("long.txt"), text).unwrap();
    d
}

#[test]
fn forty_resizes_waiting_together_are_handled_as_one() {
    let h = Harness::new();
    let (tx, rx) = mpsc::channel();
    for _ in 0..40 {
        tx.send(Input::Resize).unwrap();
    }
    tx.send(key("q")).unwrap();
    let mut screen = Fake::new(100, 30);
    let state = common::fresh_state(&h.services, 80, 24);
    let out = Runtime::new(state, &h.services, rx, tx)
        .run(&mut screen, 0, &[])
        .unwrap();
    assert_eq!(out.exit_code(), 0);
    // One size query at start, one for the 40 resizes.
    assert_eq!(screen.size_calls, 2);
}

#[test]
fn a_hang_up_saves_and_ends_the_loop() {
    let h = Harness::new();
    let (tx, rx) = mpsc::channel();
    tx.send(key("y")).unwrap();
    tx.send(Input::Hangup).unwrap();
    let mut screen = Fake::new(80, 24);
    let state = common::fresh_state(&h.services, 80, 24);
    let out = Runtime::new(state, &h.services, rx, tx)
        .run(&mut screen, 0, &[])
        .unwrap();
    assert_eq!(out.exit_code(), 0);
    let id = h.services.corpus.id(0).to_string();
    let saved = h
        .services
        .store
        .load(&id)
        .unwrap()
        .expect("saved on the way out");
    assert_eq!(
        saved.fields[0].state,
        vetter::domain::annotation::FieldState::Confirmed
    );
    assert!(h.services.all_flushed(), "durably, not only in the journal");
}

#[test]
fn a_fatal_signal_ends_with_128_plus_n() {
    let h = Harness::new();
    let (tx, rx) = mpsc::channel();
    tx.send(Input::Signal(15)).unwrap();
    let mut screen = Fake::new(80, 24);
    let state = common::fresh_state(&h.services, 80, 24);
    let out = Runtime::new(state, &h.services, rx, tx)
        .run(&mut screen, 0, &[])
        .unwrap();
    assert_eq!(out.exit_code(), 143);
}

#[test]
fn a_long_article_rewraps_off_the_input_path() {
    let corpus = long_corpus(3 << 20);
    let mut h = Harness::build(
        corpus.path(),
        tempfile::tempdir().unwrap(),
        false,
        80,
        24,
        0,
    );
    let old = h.session().wrapped.width;
    let fx = update(
        &mut h.state,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    let want = usize::from(h.state.screen.article_text.width);
    assert_ne!(want, old);
    assert_eq!(
        fx,
        vec![Effect::Wrap {
            index: 0,
            width: want
        }]
    );
    // Meanwhile the old wrap is drawn and keys work.
    assert_eq!(h.session().wrapped.width, old);
    h.key("J");
    assert_eq!(h.session().scroll, 1);
    // A wrap for a width no longer wanted is dropped; the wanted one is taken, and the first
    // visible character stays at the top.
    let top = h.session().wrapped.lines[h.session().scroll].char_start;
    let text = h.session().article.text.clone();
    let stale = vetter::core::layout::Wrapped::new(&text, want + 7);
    update(
        &mut h.state,
        Action::Wrapped {
            index: 0,
            wrapped: Box::new(stale),
        },
    );
    assert_eq!(h.session().wrapped.width, old);
    let fresh = vetter::core::layout::Wrapped::new(&text, want);
    update(
        &mut h.state,
        Action::Wrapped {
            index: 0,
            wrapped: Box::new(fresh),
        },
    );
    let s = h.session();
    assert_eq!(s.wrapped.width, want);
    assert!(s.wrapped.lines[s.scroll].char_start <= top);
    assert!(s.wrap_pending.is_none());
}

#[test]
fn a_short_article_rewraps_at_once() {
    let mut h = Harness::new();
    let fx = update(
        &mut h.state,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(
        h.session().wrapped.width,
        usize::from(h.state.screen.article_text.width)
    );
}
