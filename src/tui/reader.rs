//! The input thread: raw bytes from a file descriptor (the terminal's stdin, or a pipe or pty in
//! tests) through [`Parser`] to a channel. It waits for bytes with `poll`, with the parser's
//! [`TIMEOUT`] while a sequence is unfinished (then gives it up with [`Parser::flush`]) and
//! without a limit otherwise. End of file, EIO and POLLHUP/POLLERR/POLLNVAL are one
//! [`Input::Hangup`], after which the thread ends: it never spins on a vanished terminal. It
//! also ends when the receiver is gone (noticed at its next send).

use super::bytes::{InputEvent, Parser, TIMEOUT};
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::Instant;

#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Event(InputEvent),
    /// The input is gone (end of file, EIO, hang-up). Sent once, last.
    Hangup,
}

/// Starts the input thread on `fd`, which it owns and closes when it ends. For the terminal,
/// pass a duplicate of stdin: `std::io::stdin().as_fd().try_clone_to_owned()?`.
pub fn spawn(fd: OwnedFd, tx: Sender<Input>) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("vetter-input".into())
        .spawn(move || run(fd.as_fd(), &tx))
}

/// What one wait on the descriptor found.
enum Ready {
    Readable,
    TimedOut,
    Gone,
}

/// Reads `fd` until it hangs up or `tx`'s receiver is gone; blocks the calling thread.
pub fn run(fd: BorrowedFd<'_>, tx: &Sender<Input>) {
    let mut parser = Parser::new();
    let mut buf = vec![0u8; 16 * 1024];
    // When the unfinished sequence in the parser is given up.
    let mut deadline: Option<Instant> = None;
    loop {
        let wait = match deadline {
            Some(d) if parser.pending() => Some(d.saturating_duration_since(Instant::now())),
            _ => None,
        };
        let ready = match wait {
            Some(w) if w.is_zero() => Ready::TimedOut,
            _ => match wait_readable(fd, wait.map(|w| w.as_millis().max(1))) {
                Ok(r) => r,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => Ready::Gone,
            },
        };
        match ready {
            Ready::TimedOut => {
                deadline = None;
                if !send_all(tx, parser.flush()) {
                    return;
                }
            }
            Ready::Gone => return hang_up(tx, &mut parser),
            Ready::Readable => match read(fd, &mut buf) {
                // A spurious wake-up on a non-blocking descriptor: wait again.
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Ok(0) | Err(_) => return hang_up(tx, &mut parser),
                Ok(n) => {
                    deadline = Some(Instant::now() + TIMEOUT);
                    if !send_all(tx, parser.feed(&buf[..n])) {
                        return;
                    }
                }
            },
        }
    }
}

/// Gives up what the parser holds, then reports the hang-up.
fn hang_up(tx: &Sender<Input>, parser: &mut Parser) {
    if send_all(tx, parser.flush()) {
        let _ = tx.send(Input::Hangup);
    }
}

/// Sends every event; false if the receiver is gone.
fn send_all(tx: &Sender<Input>, events: Vec<InputEvent>) -> bool {
    events.into_iter().all(|e| tx.send(Input::Event(e)).is_ok())
}

/// Waits until `fd` is readable or hung up, or `millis` pass (`None`: no limit).
fn wait_readable(fd: BorrowedFd<'_>, millis: Option<u128>) -> io::Result<Ready> {
    let mut pfd = libc::pollfd {
        fd: fd.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let timeout = millis.map_or(-1, |m| libc::c_int::try_from(m).unwrap_or(libc::c_int::MAX));
    // SAFETY: `pfd` is one valid pollfd that lives across the call, and we pass its count 1.
    let n = unsafe { libc::poll(&mut pfd, 1, timeout) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    if n == 0 {
        return Ok(Ready::TimedOut);
    }
    // Data still buffered before a hang-up is read first: POLLHUP is reported by read's EOF.
    if pfd.revents & (libc::POLLIN | libc::POLLHUP) != 0 {
        Ok(Ready::Readable)
    } else {
        Ok(Ready::Gone)
    }
}

/// One `read`, retried on EINTR. `Ok(0)` is the end of file.
fn read(fd: BorrowedFd<'_>, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        // SAFETY: `buf` is valid for writes of `buf.len()` bytes for the whole call.
        let n = unsafe { libc::read(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
        if n >= 0 {
            return Ok(n as usize);
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}
