//! Entering and leaving the terminal's raw, alternate-screen mode, on every way out.

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::ExecutableCommand;
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{stdout, Stdout};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Puts the terminal back as it was. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = stdout();
    let _ = out.execute(DisableBracketedPaste);
    let _ = out.execute(LeaveAlternateScreen);
    let _ = out.execute(Show);
}

fn enter() -> std::io::Result<()> {
    enable_raw_mode()?;
    let mut out = stdout();
    out.execute(EnterAlternateScreen)?;
    out.execute(EnableBracketedPaste)?;
    Ok(())
}

/// The terminal in review mode; restored when dropped (normal exit, error, or unwinding panic).
pub struct Guard {
    pub term: Term,
}

impl Guard {
    pub fn new() -> std::io::Result<Guard> {
        install_panic_hook();
        if let Err(e) = enter() {
            restore();
            return Err(e);
        }
        let term = match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(t) => t,
            Err(e) => {
                restore();
                return Err(e);
            }
        };
        Ok(Guard { term })
    }

    /// Ctrl-Z or SIGTSTP: give the terminal back, stop the process, and take the terminal again
    /// once it is continued. (SIGSTOP, since vetter handles SIGTSTP itself.)
    #[cfg(unix)]
    pub fn suspend(&mut self) -> std::io::Result<()> {
        restore();
        signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
        self.resume()
    }

    /// Takes the terminal again (after SIGCONT: the shell may have reset it) and redraws all.
    /// (Not `Terminal::clear`, which asks the terminal for the cursor position: the reply would
    /// go to vetter's input reader, and the query would time out.)
    pub fn resume(&mut self) -> std::io::Result<()> {
        enter()?;
        let size = self.term.size()?;
        self.term
            .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Restores the terminal before the panic message prints (then the previous hook runs).
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
