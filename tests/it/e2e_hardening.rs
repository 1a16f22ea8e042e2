//! End to end, in a pseudo-terminal: signals restore the terminal, escape-sequence prefixes never
//! swallow Ctrl-c or `q`, one reviewer folder is one process, and unsaved work keeps vetter from
//! quitting quietly.
#![cfg(unix)]

use crate::e2e_pty::pty::{Setup, Tui, FIRST, ROWS};
use expectrl::{Signal, WaitStatus};

/// The alternate screen is left (the terminal is given back) after byte `from` of the output.
fn left_alt_screen(tui: &Tui, from: usize) -> bool {
    tui.raw[from..].windows(8).any(|w| w == b"\x1b[?1049l")
}

fn started(env: &Setup) -> Tui {
    let mut tui = env.review();
    tui.wait_until("the first article in the header", |s| {
        s.line(0).contains(&format!("1/3 {FIRST}"))
    });
    tui
}

fn exit_code(status: WaitStatus) -> i32 {
    match status {
        WaitStatus::Exited(_, code) => code,
        other => panic!("not a normal exit: {other:?}"),
    }
}

/// The first article's annotation cannot be written (root ignores permissions, so a directory
/// takes the place of the file's journal), while the folder still reads.
fn block_saves(env: &Setup) {
    let journal =
        vetter::io::journal::path_of(&env.annotations.join("e2e").join(format!("{FIRST}.ron")));
    std::fs::create_dir_all(journal.join("in the way")).unwrap();
}

#[test]
fn every_fatal_signal_restores_the_terminal_and_exits_128_plus_n() {
    for (sig, n) in [
        (Signal::SIGINT, 2),
        (Signal::SIGQUIT, 3),
        (Signal::SIGUSR1, 10),
        (Signal::SIGHUP, 1),
    ] {
        let env = Setup::new();
        let mut tui = started(&env);
        tui.send("y");
        tui.wait_for("city (text) · unreviewed");
        let at = tui.raw.len();
        tui.session.get_process_mut().kill(sig).unwrap();
        let code = exit_code(tui.wait_exit());
        assert_eq!(code, 128 + n, "{sig:?}");
        assert!(left_alt_screen(&tui, at), "{sig:?}: terminal not restored");
        // What was done before the signal is in the file.
        let file = env.annotations.join("e2e").join(format!("{FIRST}.ron"));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{sig:?}: {e}"));
        assert!(text.contains("Confirmed"), "{sig:?}");
    }
}

#[test]
fn sigtstp_then_sigcont_leaves_vetter_usable() {
    let env = Setup::new();
    let mut tui = started(&env);
    let at = tui.raw.len();
    tui.session.get_process_mut().kill(Signal::SIGTSTP).unwrap();
    // It stops after giving the terminal back.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !left_alt_screen(&tui, at) {
        tui.pump();
        assert!(std::time::Instant::now() < deadline, "not suspended");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let pid = tui.session.get_process().pid();
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
        let state = stat.rsplit(')').next().unwrap().trim().chars().next();
        if state == Some('T') {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never stopped: {stat}"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    tui.session.get_process_mut().kill(Signal::SIGCONT).unwrap();
    tui.wait_until("the screen redrawn", |s| s.line(0).contains(FIRST));
    // Raw mode again: a single key, with no newline, is acted on.
    tui.send("j");
    tui.wait_for("city (text) · unreviewed");
    tui.send("q");
    assert_eq!(exit_code(tui.wait_exit()), 0);
}

#[test]
fn an_unfinished_escape_sequence_never_swallows_ctrl_c_or_q() {
    for (prefix, key) in [
        ("\x1b[?", "\x03"),
        ("\x1b[<", "\x03"),
        ("\x1b[?", "q"),
        ("\x1b[<1;2", "q"),
    ] {
        let env = Setup::new();
        let mut tui = started(&env);
        tui.send(prefix);
        // The parser gives the sequence up after its timeout; the key then quits.
        std::thread::sleep(std::time::Duration::from_millis(200));
        tui.send(key);
        assert_eq!(exit_code(tui.wait_exit()), 0, "{prefix:?} then {key:?}");
    }
}

#[test]
fn ctrl_c_inside_an_unfinished_sequence_gets_through_at_once() {
    let env = Setup::new();
    let mut tui = started(&env);
    tui.send("\x1b[?1;2\x03");
    assert_eq!(exit_code(tui.wait_exit()), 0);
}

#[test]
fn a_second_review_of_the_same_folder_is_refused_and_says_who_holds_it() {
    let env = Setup::new();
    let mut first = started(&env);
    let mut second = env.review();
    let code = exit_code(second.wait_exit());
    assert_eq!(code, 1);
    let out = String::from_utf8_lossy(&second.raw).to_string();
    let pid = first.session.get_process().pid();
    assert!(out.contains("in use by another vetter review"), "{out}");
    assert!(out.contains(&format!("pid {pid}")), "{out}");
    assert!(out.contains("--read-only"), "{out}");
    // Read-only is allowed beside it, and changes nothing.
    let mut look = env.review_with(&["--read-only"], true);
    look.wait_until("the first article", |s| s.line(0).contains(FIRST));
    look.send("y");
    look.wait_for("read-only");
    look.send("q");
    assert_eq!(exit_code(look.wait_exit()), 0);
    first.send("q");
    assert_eq!(exit_code(first.wait_exit()), 0);
}

/// A folder that cannot be written: each change says so, the header says unsaved, quitting asks,
/// and quitting anyway exits 1 naming what was lost.
#[test]
fn unsaved_work_blocks_a_quiet_quit() {
    let env = Setup::new();
    block_saves(&env);
    let mut tui = started(&env);
    tui.send("y");
    tui.wait_until("the unsaved mark", |s| s.line(0).contains("[unsaved 1]"));
    tui.wait_for("could not save");
    tui.send("q");
    tui.wait_for("NOT saved");
    tui.send("Q");
    tui.wait_for("Quit and lose them?");
    tui.send("y");
    let code = exit_code(tui.wait_exit());
    assert_eq!(code, 1);
    let out = String::from_utf8_lossy(&tui.raw).to_string();
    assert!(out.contains(&format!("NOT saved: {FIRST}")), "{out}");
}

#[test]
fn unsaved_work_goes_to_a_recovery_file_on_request() {
    let env = Setup::new();
    block_saves(&env);
    let mut tui = started(&env);
    tui.send("y");
    tui.wait_until("the unsaved mark", |s| s.line(0).contains("[unsaved 1]"));
    tui.send("q");
    tui.wait_for("write recovery file");
    tui.send("w");
    assert_eq!(exit_code(tui.wait_exit()), 1);
    let dir = env.config.join("data").join("recovery").join("e2e");
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(files[0].path()).unwrap();
    assert!(text.contains("Confirmed") && text.contains(FIRST), "{text}");
    let out = String::from_utf8_lossy(&tui.raw).to_string();
    assert!(out.contains("recovery file"), "{out}");
}

#[test]
fn a_bracketed_paste_is_typed_into_the_field_and_never_runs_commands() {
    let env = Setup::new();
    let mut tui = started(&env);
    tui.send("j");
    tui.wait_for("city (text) · unreviewed");
    tui.send("e");
    tui.wait_until("edit mode", |s| s.line(ROWS - 2).starts_with(" edit "));
    tui.send("\x15"); // Ctrl-u clears
    let pasted = "Saint Paul DqA".repeat(200);
    tui.send(&format!("\x1b[200~{pasted}\x1b[201~"));
    tui.send("\r");
    tui.wait_for("state (text)");
    tui.send("q");
    assert_eq!(exit_code(tui.wait_exit()), 0);
    let file = env.annotations.join("e2e").join(format!("{FIRST}.ron"));
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(&pasted), "the whole paste is the value");
    assert!(
        !text.contains("Done"),
        "the D in the paste did not mark the article done"
    );
}
