//! The event loop: inputs become actions, the core updates, effects run, the screen redraws.
//! It knows no terminal library: the screen and the inputs come from outside (see `tui`).

use super::services::{Next, Services};
use crate::core::action::Action;
use crate::core::command::Command;
use crate::core::keys::KeyChord;
use crate::core::layout::Wrapped;
use crate::core::{update, Effect, State};
use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// A pause longer than this is not counted as review time.
const IDLE: Duration = Duration::from_secs(120);

/// How often the loop wakes with nothing to do (to flush saves and notice a lost terminal).
const TICK: Duration = Duration::from_millis(250);

/// What reaches the loop from the terminal, the signals and its own workers.
#[derive(Debug)]
pub enum Input {
    Key(KeyChord),
    Paste(String),
    /// The terminal's size changed (SIGWINCH).
    Resize,
    /// A signal arrived (SIGTERM, SIGTSTP, SIGCONT...).
    Signal(i32),
    /// The terminal is gone (end of file or an error reading it).
    Hangup,
    /// A re-wrap finished in the background.
    Wrapped {
        index: usize,
        wrapped: Box<Wrapped>,
    },
    /// What other background work found (the annotation scan, titles); not a key, so it
    /// counts no review time.
    Background(Action),
}

/// The terminal, as the loop needs it.
pub trait Screen {
    fn draw(&mut self, state: &State) -> std::io::Result<()>;
    /// The size now; an error when the terminal is gone.
    fn size(&mut self) -> std::io::Result<(u16, u16)>;
    /// Gives the terminal back and stops the process (Ctrl-Z, SIGTSTP); takes it again on resume.
    fn suspend(&mut self) -> std::io::Result<()>;
    /// Takes the terminal again after the process was continued (SIGCONT).
    fn resume(&mut self) -> std::io::Result<()>;
}

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

/// Runs a re-wrap the core asked for: at once (giving the result back) or in the background.
pub type Wrapper<'w> = dyn FnMut(&State, usize, usize) -> Option<Action> + 'w;

/// Runs the actions (and the effects they lead to) until none are left; true to quit.
pub fn dispatch_with(
    state: &mut State,
    services: &Services,
    first: Action,
    wrap: &mut Wrapper<'_>,
) -> bool {
    let mut queue = VecDeque::from([first]);
    let mut quit = false;
    while let Some(action) = queue.pop_front() {
        for effect in update(state, action) {
            if let Effect::Wrap { index, width } = effect {
                queue.extend(wrap(state, index, width));
                continue;
            }
            let now = state.now.clone();
            match services.run(effect, &now) {
                Next::Actions(a) => queue.extend(a),
                Next::Quit => quit = true,
            }
        }
    }
    quit
}

/// [`dispatch_with`] where re-wraps run in line (tests, and anything without a loop).
pub fn dispatch(state: &mut State, services: &Services, first: Action) -> bool {
    dispatch_with(state, services, first, &mut wrap_now)
}

fn wrap_now(state: &State, index: usize, width: usize) -> Option<Action> {
    let text = &state.session.as_ref()?.article.text;
    Some(Action::Wrapped {
        index,
        wrapped: Box::new(Wrapped::new(text, width)),
    })
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

/// How the review ended.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The signal that ended it, if one did.
    pub signal: Option<i32>,
    /// Articles whose annotation could not be saved (and were not written to recovery files).
    pub unsaved: Vec<String>,
    /// Recovery files written.
    pub recovered: Vec<String>,
}

impl Outcome {
    /// 0 when everything is saved; 128 + the signal when one ended the review; 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self.signal {
            Some(n) => 128 + n,
            None if self.unsaved.is_empty() && self.recovered.is_empty() => 0,
            None => 1,
        }
    }
}

/// The review loop, from the first article to quitting.
pub struct Runtime<'a> {
    pub state: State,
    pub services: &'a Services,
    pub inputs: Receiver<Input>,
    /// Where background re-wraps report (the sender of `inputs`).
    pub wrap_tx: Sender<Input>,
    active: ActiveTime,
}

impl<'a> Runtime<'a> {
    pub fn new(
        state: State,
        services: &'a Services,
        inputs: Receiver<Input>,
        wrap_tx: Sender<Input>,
    ) -> Self {
        Runtime {
            state,
            services,
            inputs,
            wrap_tx,
            active: ActiveTime {
                last: Instant::now(),
                carry: Duration::ZERO,
            },
        }
    }

    fn dispatch(&mut self, action: Action) -> bool {
        let tx = self.wrap_tx.clone();
        let mut wrap = move |state: &State, index: usize, width: usize| {
            let text = state.session.as_ref()?.article.text.clone();
            let tx = tx.clone();
            std::thread::spawn(move || {
                let wrapped = Box::new(Wrapped::new(&text, width));
                let _ = tx.send(Input::Wrapped { index, wrapped });
            });
            None
        };
        dispatch_with(&mut self.state, self.services, action, &mut wrap)
    }

    /// Opens the first article, then handles inputs until the reviewer quits, a fatal signal
    /// arrives or the terminal goes away.
    pub fn run(
        mut self,
        screen: &mut dyn Screen,
        start: usize,
        messages: &[String],
    ) -> std::io::Result<Outcome> {
        self.dispatch(Action::Clock {
            now: now_rfc3339(),
            active_seconds: 0,
        });
        let (w, h) = screen.size()?;
        self.dispatch(Action::Resize {
            width: w,
            height: h,
        });
        let first = self.services.open(start, &self.state.now);
        self.dispatch(first);
        if !messages.is_empty() {
            let mut all = messages.to_vec();
            all.extend(self.state.message.take().map(|m| m.text));
            self.state.warn(all.join("; "));
        }
        loop {
            screen.draw(&self.state)?;
            let first = match self.inputs.recv_timeout(TICK) {
                Ok(i) => i,
                Err(RecvTimeoutError::Timeout) => {
                    self.flush_due();
                    if screen.size().is_err() {
                        return Ok(self.stop(None));
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(self.stop(None)),
            };
            // Everything already waiting is handled before drawing again; of several resizes
            // only the last counts.
            let mut batch: Vec<Input> = std::iter::once(first)
                .chain(self.inputs.try_iter())
                .collect();
            let last_resize = batch.iter().rposition(|i| matches!(i, Input::Resize));
            let mut i = 0;
            batch.retain(|input| {
                let keep = !matches!(input, Input::Resize) || Some(i) == last_resize;
                i += 1;
                keep
            });
            for input in batch {
                if let Some(outcome) = self.handle(input, screen)? {
                    return Ok(outcome);
                }
            }
            self.flush_due();
        }
    }

    fn flush_due(&mut self) {
        for a in self.services.flush_due(Instant::now()) {
            self.dispatch(a);
        }
    }

    /// One input; `Some` when the review ends.
    fn handle(
        &mut self,
        input: Input,
        screen: &mut dyn Screen,
    ) -> std::io::Result<Option<Outcome>> {
        let action = match input {
            #[cfg(unix)]
            Input::Key(c) if c == KeyChord::ctrl('z') => {
                self.flush_all();
                screen.suspend()?;
                self.resized(screen);
                return Ok(None);
            }
            Input::Key(c) => Action::Key(c),
            Input::Paste(text) => Action::Paste(text),
            Input::Resize => {
                self.resized(screen);
                return Ok(None);
            }
            Input::Wrapped { index, wrapped } => Action::Wrapped { index, wrapped },
            Input::Background(a) => {
                let a = self.services.background(a);
                return Ok(self.dispatch(a).then(|| self.outcome(None)));
            }
            Input::Hangup => return Ok(Some(self.stop(None))),
            Input::Signal(n) => return self.signal(n, screen),
        };
        let tick = Action::Clock {
            now: now_rfc3339(),
            active_seconds: self.active.tick(),
        };
        self.dispatch(tick);
        if self.dispatch(action) {
            return Ok(Some(self.outcome(None)));
        }
        Ok(None)
    }

    fn resized(&mut self, screen: &mut dyn Screen) {
        if let Ok((width, height)) = screen.size() {
            self.dispatch(Action::Resize { width, height });
        }
    }

    fn signal(&mut self, n: i32, screen: &mut dyn Screen) -> std::io::Result<Option<Outcome>> {
        use signal_hook::consts::*;
        match n {
            SIGTSTP => {
                self.flush_all();
                screen.suspend()?;
                self.resized(screen);
                Ok(None)
            }
            SIGCONT => {
                screen.resume()?;
                self.resized(screen);
                Ok(None)
            }
            SIGWINCH => {
                self.resized(screen);
                Ok(None)
            }
            _ => Ok(Some(self.stop(Some(n)))),
        }
    }

    fn flush_all(&mut self) {
        for a in self.services.flush() {
            self.dispatch(a);
        }
    }

    /// Ends the review with no one to ask (a signal, a lost terminal): saves what can be saved,
    /// and writes what cannot to recovery files.
    fn stop(&mut self, signal: Option<i32>) -> Outcome {
        self.dispatch(Action::Command(Command::Quit));
        self.flush_all();
        if !self.state.unsaved.is_empty() {
            // Nobody can answer the question: keep the work outside the folder.
            self.dispatch(Action::Command(Command::WriteRecovery));
        }
        self.outcome(signal)
    }

    fn outcome(&self, signal: Option<i32>) -> Outcome {
        Outcome {
            signal,
            unsaved: self.state.unsaved.ids().map(str::to_string).collect(),
            recovered: self.state.unsaved.recovered.clone(),
        }
    }
}
