//! The terminal side of a review: a [`Screen`] that draws into the real terminal, and the inputs
//! (keys, pastes, resizes, signals) for the event loop in [`crate::app::runtime`].

use super::draw::draw;
use super::terminal::Guard;
use super::theme::Theme;
use crate::app::runtime::{Input, Outcome, Runtime, Screen};
use crate::app::services::Services;
use crate::core::keymap::Keymap;
use crate::core::State;
use std::sync::mpsc::{self, Sender};
use std::sync::Arc;

pub struct Startup {
    pub start: usize,
    pub messages: Vec<String>,
    /// Each article's saved status (from `Services::startup_queue` or `Services::queue`).
    pub queue: crate::core::state::Queue,
}

/// The real terminal as the event loop's screen.
struct Terminal {
    guard: Guard,
    theme: Theme,
    /// Told once the first frame is on screen (the background scan waits for it).
    first_frame: Option<Sender<()>>,
}

impl Screen for Terminal {
    fn draw(&mut self, state: &State) -> std::io::Result<()> {
        let theme = &self.theme;
        self.guard.term.draw(|f| draw(f, state, theme))?;
        if let Some(tx) = self.first_frame.take() {
            let _ = tx.send(());
        }
        Ok(())
    }
    fn size(&mut self) -> std::io::Result<(u16, u16)> {
        crossterm::terminal::size()
    }
    fn suspend(&mut self) -> std::io::Result<()> {
        self.guard.suspend()
    }
    fn resume(&mut self) -> std::io::Result<()> {
        self.guard.resume()
    }
}

/// Signals the loop handles: the fatal ones end the review (saved, terminal restored, exit
/// 128 + n); SIGTSTP and SIGCONT suspend and resume; SIGWINCH is a resize.
#[cfg(unix)]
pub const SIGNALS: &[i32] = {
    use signal_hook::consts::*;
    &[
        SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
        SIGXFSZ, SIGTSTP, SIGCONT, SIGWINCH,
    ]
};

#[cfg(unix)]
fn spawn_signals(tx: Sender<Input>) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new(SIGNALS)?;
    std::thread::spawn(move || {
        for sig in signals.forever() {
            let input = if sig == signal_hook::consts::SIGWINCH {
                Input::Resize
            } else {
                Input::Signal(sig)
            };
            if tx.send(input).is_err() {
                break;
            }
        }
    });
    Ok(())
}

/// Reads the terminal's bytes on a thread of its own with vetter's own parser (`bytes`), which
/// gives up an unfinished escape sequence after a timeout and never lets one swallow Ctrl-c; a
/// second thread hands its events to the loop.
#[cfg(unix)]
fn spawn_input_thread(tx: Sender<Input>) -> std::io::Result<()> {
    use super::bytes::InputEvent;
    use super::reader;
    use std::os::fd::AsFd;
    let (rtx, rrx) = mpsc::channel();
    reader::spawn(std::io::stdin().as_fd().try_clone_to_owned()?, rtx)?;
    std::thread::spawn(move || {
        for input in rrx {
            let input = match input {
                reader::Input::Event(InputEvent::Key(k)) => Input::Key(k),
                reader::Input::Event(InputEvent::Paste(text)) => Input::Paste(text),
                reader::Input::Hangup => Input::Hangup,
            };
            if tx.send(input).is_err() {
                return;
            }
        }
    });
    Ok(())
}

pub fn run(
    services: Services,
    keymap: Keymap,
    reviewer: &str,
    theme: Theme,
    startup: Startup,
) -> std::io::Result<Outcome> {
    let (tx, rx) = mpsc::channel();
    #[cfg(unix)]
    spawn_signals(tx.clone())?;
    let guard = Guard::new()?;
    let (first_tx, first_rx) = mpsc::channel();
    if let Some(job) = services.scan_job() {
        let tx = tx.clone();
        crate::app::scan::spawn(job, first_rx, move |a| {
            tx.send(Input::Background(a)).is_ok()
        })?;
    }
    let mut screen = Terminal {
        guard,
        theme,
        first_frame: Some(first_tx),
    };
    let state = State::new(
        services.schema.clone(),
        Arc::new(keymap),
        reviewer,
        startup.queue,
    );
    #[cfg(unix)]
    spawn_input_thread(tx.clone())?;
    let runtime = Runtime::new(state, &services, rx, tx);
    let outcome = runtime.run(&mut screen, startup.start, &startup.messages);
    services.finish();
    outcome
}
