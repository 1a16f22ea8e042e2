//! The input thread over a pipe and a pty: bytes in, events out; an unfinished sequence is given
//! up after the parser's timeout; a closed or vanished input is one `Hangup`, then the thread ends.

#![cfg(unix)]

use std::io::Write;
use std::os::fd::{FromRawFd, OwnedFd};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;
use vetter::core::keys::KeyChord;
use vetter::tui::bytes::InputEvent;
use vetter::tui::reader::{spawn, Input};

/// Generous: only to keep a broken reader from hanging the test run, never a timing claim.
const PATIENCE: Duration = Duration::from_secs(2);

fn key(s: &str) -> Input {
    Input::Event(InputEvent::Key(KeyChord::parse(s).unwrap()))
}

fn start() -> (std::io::PipeWriter, Receiver<Input>) {
    let (r, w) = std::io::pipe().expect("pipe");
    let (tx, rx) = mpsc::channel();
    spawn(OwnedFd::from(r), tx).expect("spawn the reader");
    (w, rx)
}

fn next(rx: &Receiver<Input>) -> Input {
    rx.recv_timeout(PATIENCE)
        .expect("an input within the patience")
}

#[test]
fn bytes_in_events_out() {
    let (mut w, rx) = start();
    w.write_all(b"j\x1b[1;5A\x1b[200~a\rb\x1b[201~").unwrap();
    assert_eq!(next(&rx), key("j"));
    assert_eq!(next(&rx), key("Ctrl-Up"));
    assert_eq!(next(&rx), Input::Event(InputEvent::Paste("a\rb".into())));
}

#[test]
fn a_lone_escape_is_given_up_after_the_timeout() {
    let (mut w, rx) = start();
    w.write_all(b"\x1b").unwrap();
    // No further byte comes: only the reader's timeout can deliver it.
    assert_eq!(next(&rx), key("Esc"));
    drop(w);
    assert_eq!(next(&rx), Input::Hangup);
}

#[test]
fn ctrl_c_after_a_dead_sequence_and_silence_arrives() {
    let (mut w, rx) = start();
    w.write_all(b"\x1b[?").unwrap();
    std::thread::sleep(Duration::from_millis(150));
    w.write_all(b"\x03").unwrap();
    assert_eq!(next(&rx), key("Ctrl-c"), "the dead prefix gives nothing");
    w.write_all(b"\x1b[<0;3;4Mq").unwrap();
    assert_eq!(next(&rx), key("q"));
}

#[test]
fn closing_the_write_end_is_one_hangup_and_the_thread_ends() {
    let (mut w, rx) = start();
    w.write_all(b"x\x1b[").unwrap();
    drop(w);
    assert_eq!(next(&rx), key("x"));
    // What was buffered is given up before the hang-up.
    assert_eq!(next(&rx), key("Alt-["));
    assert_eq!(next(&rx), Input::Hangup);
    // The thread dropped its sender: it ended instead of spinning on end-of-file.
    assert_eq!(
        rx.recv_timeout(PATIENCE),
        Err(RecvTimeoutError::Disconnected)
    );
}

#[test]
fn a_vanished_terminal_is_a_hangup() {
    let pty = nix::pty::openpty(None, None).expect("openpty");
    // SAFETY: openpty returned fresh descriptors that nothing else owns.
    let master = unsafe { OwnedFd::from_raw_fd(pty.master) };
    let slave = unsafe { OwnedFd::from_raw_fd(pty.slave) };
    let (tx, rx) = mpsc::channel();
    spawn(slave, tx).expect("spawn the reader");
    drop(master);
    assert_eq!(next(&rx), Input::Hangup);
    assert_eq!(
        rx.recv_timeout(PATIENCE),
        Err(RecvTimeoutError::Disconnected)
    );
}

#[test]
fn the_thread_ends_when_the_receiver_is_gone() {
    let (r, mut w) = std::io::pipe().expect("pipe");
    let (tx, rx) = mpsc::channel();
    let handle = spawn(OwnedFd::from(r), tx).expect("spawn the reader");
    drop(rx);
    w.write_all(b"q").unwrap();
    handle.join().expect("the reader ends without panicking");
}
