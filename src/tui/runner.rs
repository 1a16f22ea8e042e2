//! The event loop: terminal events become actions, the core updates, effects run, the screen redraws.

use super::draw::draw;
use super::keys::chord;
use super::terminal::Guard;
use super::theme::Theme;
use crate::app::services::{Next, Services};
use crate::core::action::Action;
use crate::core::command::Command;
use crate::core::command::Mode;
use crate::core::keymap::Keymap;
use crate::core::keys::KeyChord;
use crate::core::{update, State};
use crossterm::event::{self, Event};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A pause longer than this is not counted as review time.
const IDLE: Duration = Duration::from_secs(120);

pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// Runs the actions (and the effects they lead to) until none are left; true to quit.
pub fn dispatch(state: &mut State, services: &Services, first: Action) -> bool {
    let mut queue = VecDeque::from([first]);
    let mut quit = false;
    while let Some(action) = queue.pop_front() {
        for effect in update(state, action) {
            let now = state.now.clone();
            match services.run(effect, &now) {
                Next::Action(a) => queue.push_back(a),
                Next::Quit => quit = true,
                Next::Nothing => {}
            }
        }
    }
    quit
}

/// Seconds of review time, carried over fractions.
struct ActiveTime {
    last: Instant,
    carry: Duration,
}

impl ActiveTime {
    fn tick(&mut self) -> u64 {
        let now = Instant::now();
        let gap = now - self.last;
        self.last = now;
        if gap < IDLE {
            self.carry += gap;
        }
        let secs = self.carry.as_secs();
        self.carry -= Duration::from_secs(secs);
        secs
    }
}

pub struct Startup {
    pub start: usize,
    pub messages: Vec<String>,
    /// Each article's saved status (from `Services::queue`).
    pub queue: crate::core::state::Queue,
}

pub fn run(
    services: Services,
    keymap: Keymap,
    reviewer: &str,
    theme: Theme,
    startup: Startup,
) -> std::io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    let mut guard = Guard::new()?;
    let mut state = State::new(
        services.schema.clone(),
        Arc::new(keymap),
        reviewer,
        startup.queue,
    );
    let size = guard.term.size()?;
    let clock = Action::Clock {
        now: now_rfc3339(),
        active_seconds: 0,
    };
    dispatch(&mut state, &services, clock);
    dispatch(
        &mut state,
        &services,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    let first = services.open(startup.start, &state.now);
    dispatch(&mut state, &services, first);
    if !startup.messages.is_empty() {
        let mut all = startup.messages.clone();
        all.extend(state.message.take().map(|m| m.text));
        state.warn(all.join("; "));
    }
    let mut active = ActiveTime {
        last: Instant::now(),
        carry: Duration::ZERO,
    };
    let events = spawn_input_thread();
    loop {
        guard.term.draw(|f| draw(f, &state, &theme))?;
        if stop.load(Ordering::Relaxed) {
            dispatch(&mut state, &services, Action::Command(Command::Quit));
            return Ok(());
        }
        let first = match events.recv_timeout(Duration::from_millis(250)) {
            Ok(ev) => ev,
            Err(RecvTimeoutError::Timeout) => {
                // A vanished terminal (closed window, dropped SSH) answers no size query.
                if crossterm::terminal::size().is_err() {
                    stop.store(true, Ordering::Relaxed);
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => {
                stop.store(true, Ordering::Relaxed);
                continue;
            }
        };
        // Handle everything already typed before drawing again.
        for ev in std::iter::once(first).chain(events.try_iter()) {
            match handle(ev, &mut state, &services, &mut active, &mut guard)? {
                Flow::Quit => return Ok(()),
                Flow::Go => {}
            }
        }
    }
}

enum Flow {
    Go,
    Quit,
}

/// Reads terminal events on a thread of its own. crossterm's poll spins without returning once
/// the terminal is gone (its reader loops on end-of-file), so the main loop must not wait in it:
/// it waits on this channel with a timeout, and so still sees signals and hang-ups.
fn spawn_input_thread() -> Receiver<Event> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            if tx.send(ev).is_err() {
                break;
            }
        }
    });
    rx
}

fn handle(
    ev: Event,
    state: &mut State,
    services: &Services,
    active: &mut ActiveTime,
    guard: &mut Guard,
) -> std::io::Result<Flow> {
    let action = match ev {
        Event::Key(k) => match chord(&k) {
            #[cfg(unix)]
            Some(c) if c == KeyChord::ctrl('z') => {
                guard.suspend()?;
                return Ok(Flow::Go);
            }
            Some(c) => Action::Key(c),
            None => return Ok(Flow::Go),
        },
        // Pasted text goes only into an open input, never to review commands.
        Event::Paste(text) => {
            let typing = matches!(state.mode.mode(), Mode::Edit | Mode::Search);
            for c in text.chars().filter(|c| typing && !c.is_control()) {
                let key = KeyChord::plain(crate::core::keys::Key::Char(c));
                if dispatch(state, services, Action::Key(key)) {
                    return Ok(Flow::Quit);
                }
            }
            return Ok(Flow::Go);
        }
        Event::Resize(w, h) => Action::Resize {
            width: w,
            height: h,
        },
        _ => return Ok(Flow::Go),
    };
    let tick = Action::Clock {
        now: now_rfc3339(),
        active_seconds: active.tick(),
    };
    dispatch(state, services, tick);
    Ok(if dispatch(state, services, action) {
        Flow::Quit
    } else {
        Flow::Go
    })
}
