//! The `terminal_input` target: a byte stream of terminal input through vetter's byte parser
//! ([`Parser`]) and the core's `update`, with the review screen drawn after every action.

use crate::core::action::{Action, Effect, Opened};
use crate::core::keys::KeyChord;
use crate::core::layout::Wrapped;
use crate::core::state::Queue;
use crate::core::{update, State};
use crate::domain::annotation::Annotation;
use crate::domain::article::Article;
use crate::tui::bytes::{InputEvent, Parser};
use crate::tui::{draw, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::collections::VecDeque;
use std::sync::Arc;

/// In the input, this byte (never part of UTF-8 text) stands for "no byte came for the timeout":
/// the parser is flushed there.
pub const FLUSH: u8 = 0xff;
/// The fuzzer's clock.
const NOW: &str = "2024-01-01T00:00:00Z";
/// The paste piece size of the second parser, small so that long pastes come in pieces.
const SMALL_PASTE: usize = 5;

/// The first two bytes are the screen's width and height (1..=250); the rest is terminal input,
/// split at [`FLUSH`] bytes into bursts, each burst fed to the parser in chunks cut after every
/// byte that is a multiple of 7, and the parser flushed after each burst. Every event is sent to
/// `update` as `Key` or `Paste`; effects are answered as the runtime would, without files.
///
/// Checked: the chunks give the same events as each burst fed whole, also for a parser that
/// delivers pastes in small pieces (the same text); after every action the focus is on a row
/// and the scroll within the wrapped text, and the screen draws (and once, at the end, is
/// written to the terminal); once flushed, Ctrl-c gets through.
pub fn terminal_input(data: &[u8]) {
    let mut review = drive(data);
    review.draw();
    review.send(Action::Key(KeyChord::ctrl('c')));
    review.draw();
}

/// The body of [`terminal_input`], returning the session it drove.
fn drive(data: &[u8]) -> Review {
    let (size, input) = data.split_at(data.len().min(2));
    let dim = |i: usize| size.get(i).map_or(80, |&b| 1 + u16::from(b) % 250);
    let (width, height) = (dim(0), dim(1));

    let mut parser = Parser::new();
    let mut events = Vec::new();
    let mut whole = Parser::new();
    let mut whole_events = Vec::new();
    let mut small = Parser::with_paste_limit(SMALL_PASTE);
    let mut small_events = Vec::new();
    for burst in input.split(|&b| b == FLUSH) {
        for chunk in burst.split_inclusive(|&b| b % 7 == 0) {
            events.extend(parser.feed(chunk));
            small_events.extend(small.feed(chunk));
        }
        events.extend(parser.flush());
        small_events.extend(small.flush());
        assert!(!parser.pending(), "pending after a flush");
        whole_events.extend(whole.feed(burst));
        whole_events.extend(whole.flush());
    }
    assert_eq!(events, whole_events, "chunks and whole bursts differ");
    assert_eq!(
        joined_pastes(&small_events),
        joined_pastes(&events),
        "small paste pieces differ"
    );
    let tail = parser.feed(&[0x03]);
    assert_eq!(
        tail.last(),
        Some(&InputEvent::Key(KeyChord::ctrl('c'))),
        "Ctrl-c after a flush: {tail:?}"
    );

    let mut review = Review::new(width, height);
    for event in events {
        review.send(match event {
            InputEvent::Key(k) => Action::Key(k),
            InputEvent::Paste(p) => Action::Paste(p),
        });
    }
    review
}

/// The events with consecutive pastes joined into one.
fn joined_pastes(events: &[InputEvent]) -> Vec<InputEvent> {
    let mut out: Vec<InputEvent> = Vec::new();
    for e in events {
        match (out.last_mut(), e) {
            (Some(InputEvent::Paste(p)), InputEvent::Paste(q)) => p.push_str(q),
            _ => out.push(e.clone()),
        }
    }
    out
}

/// The article every index of the fuzzer's two-article queue opens.
fn article() -> Article {
    Article {
        id: "fuzz".into(),
        title: "Officer kneels on neck".into(),
        text: super::ARTICLE_TEXT.into(),
        published: Some("2021-03-05".into()),
        ..Default::default()
    }
}

/// A review session in memory: the state, the screen it is drawn on, and the IO side's answers.
struct Review {
    state: State,
    terminal: Terminal<TestBackend>,
    theme: Theme,
}

impl Review {
    fn new(width: u16, height: u16) -> Review {
        let schema = Arc::new(super::shipped_schema().clone());
        let keymap = Arc::new(super::default_keymap().clone());
        let state = State::new(schema, keymap, "fuzz", Queue::of_ids(&["a", "b"]));
        let terminal = Terminal::new(TestBackend::new(width, height)).expect("a test backend");
        let mut review = Review {
            state,
            terminal,
            theme: Theme { color: true },
        };
        review.send(Action::Clock {
            now: NOW.into(),
            active_seconds: 0,
        });
        review.send(Action::Resize { width, height });
        review.send(review.opened(0));
        review
    }

    fn opened(&self, index: usize) -> Action {
        let article = article();
        let annotation = Annotation::new(
            &self.state.schema,
            &article.id,
            &article.text_hash(),
            "fuzz",
            NOW,
        );
        Action::Opened(Box::new(Opened {
            index,
            article,
            annotation,
            persisted: false,
            read_only: None,
            messages: Vec::new(),
        }))
    }

    /// Runs an action and what its effects send back, checking the state after each.
    fn send(&mut self, action: Action) {
        let mut queue = VecDeque::from([action]);
        while let Some(action) = queue.pop_front() {
            for effect in update(&mut self.state, action) {
                match effect {
                    Effect::Open(i) => queue.push_back(self.opened(i)),
                    Effect::Wrap { index, width } => {
                        let text = self.state.session.as_ref().map(|s| &s.article.text);
                        let wrapped = Wrapped::new(text.map_or("", |t| t), width);
                        queue.push_back(Action::Wrapped {
                            index,
                            wrapped: Box::new(wrapped),
                        });
                    }
                    Effect::Save(_) | Effect::Quit | Effect::Then(_) | Effect::Recover(_) => {}
                }
            }
            self.check();
        }
    }

    fn check(&mut self) {
        let state = &self.state;
        let rows = state.rows().len();
        assert!(
            rows == 0 || state.focus < rows,
            "focus {} of {rows} rows",
            state.focus
        );
        if let Some(s) = &state.session {
            let h = usize::from(state.screen.article_text.height).max(1);
            let lines = s.wrapped.lines.len();
            assert!(
                s.scroll <= lines.saturating_sub(h),
                "scroll {} with {lines} lines, {h} visible",
                s.scroll
            );
        }
        // The frame only: the terminal's diff and output, most of a draw's cost, run once at
        // the end ([`Review::draw`]).
        self.terminal.current_buffer_mut().reset();
        draw(&mut self.terminal.get_frame(), state, &self.theme);
    }

    /// A whole draw, as the runtime does it: the frame, then its diff written to the backend.
    fn draw(&mut self) {
        let (state, theme) = (&self.state, &self.theme);
        self.terminal
            .draw(|f| draw(f, state, theme))
            .expect("drawing on a test backend");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::state::ModeState;

    #[test]
    fn the_size_comes_first_and_typed_keys_reach_the_core() {
        let r = drive(b"\x4f\x17jjjyex");
        assert_eq!(r.terminal.size().unwrap(), (80, 24).into());
        let s = r.state.session.as_ref().expect("an article open");
        let fresh = Annotation::new(&r.state.schema, "fuzz", &article().text_hash(), "fuzz", NOW);
        assert_ne!(s.annotation, fresh, "y confirmed a field");
        assert!(matches!(r.state.mode, ModeState::Edit { .. }), "e edits");
    }

    #[test]
    fn a_paste_after_a_flush_marker_is_typed_into_the_editor() {
        let r = drive(b"\x00\x00e\x15\xff\x1b[200~Racine\x1b[201~");
        assert_eq!(r.terminal.size().unwrap(), (1, 1).into());
        match &r.state.mode {
            ModeState::Edit { editor, .. } => assert_eq!(editor.text(), "Racine"),
            m => panic!("{m:?}"),
        }
    }
}
