//! When the terminal goes away (window closed, SSH dropped), vetter saves and exits instead of
//! spinning: crossterm's reader loops on end-of-file, so vetter must notice the hang-up itself.

#![cfg(unix)]

use nix::pty::{openpty, Winsize};
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn stdio(fd: &OwnedFd) -> Stdio {
    Stdio::from(fd.try_clone().expect("dup the pty slave"))
}

#[test]
fn closing_the_terminal_saves_the_draft_and_exits() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let ws = Winsize {
        ws_row: 30,
        ws_col: 100,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let pty = openpty(Some(&ws), None).expect("openpty");
    // SAFETY: openpty returned fresh descriptors that nothing else owns.
    let master = unsafe { OwnedFd::from_raw_fd(pty.master) };
    let slave = unsafe { OwnedFd::from_raw_fd(pty.slave) };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vetter"));
    cmd.arg("review")
        .arg(root.join("assets/articles"))
        .arg("--annotations")
        .arg(tmp.path().join("ann"))
        .args(["--reviewer", "hup", "--predictions"])
        .arg(root.join("tests/fixtures/samples.predictions.jsonl"))
        .env("TERM", "xterm-256color")
        .env("VETTER_CONFIG", tmp.path())
        .current_dir(tmp.path())
        .stdin(stdio(&slave))
        .stdout(stdio(&slave))
        .stderr(stdio(&slave));
    let master_fd = master.as_raw_fd();
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            // The child must not hold the terminal's other end open, or it never goes away.
            nix::libc::close(master_fd);
            nix::unistd::setsid().map_err(std::io::Error::from)?;
            // Make the pty the controlling terminal, as a login or terminal emulator does.
            if nix::libc::ioctl(0, nix::libc::TIOCSCTTY as _, 0) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("spawn vetter");
    drop(slave);

    let mut master = std::fs::File::from(master);
    let mut seen = Vec::new();
    // Reads what vetter draws until `what` appears; never blocks past the deadline.
    // Reads whatever vetter drew in the next 100 ms, so its writes never block.
    fn pump(master: &mut std::fs::File, seen: &mut Vec<u8>) {
        use nix::poll::{poll, PollFd, PollFlags};
        let mut buf = [0u8; 4096];
        let mut fds = [PollFd::new(master.as_raw_fd(), PollFlags::POLLIN)];
        if poll(&mut fds, 100).expect("poll the pty") > 0 {
            let n = master.read(&mut buf).expect("read the pty");
            seen.extend_from_slice(&buf[..n]);
        }
    }
    let wait_for = |master: &mut std::fs::File, seen: &mut Vec<u8>, what: &str| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !String::from_utf8_lossy(seen).contains(what) {
            assert!(Instant::now() < deadline, "never saw {what:?}");
            pump(master, seen);
        }
    };
    wait_for(&mut master, &mut seen, "0 finished");
    use std::io::Write;
    // Confirm the date (a "not mentioned" suggestion); the focus moves to City. Then edit it.
    // Keys are handled in order, so they can go at once. Each keystroke of an edit is saved as
    // a draft: wait until the file has all three.
    master.write_all(b"yeXYZ").unwrap();
    let file = tmp
        .path()
        .join("ann/hup/farmington-officer-resigns-daily-mail.ron");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !std::fs::read_to_string(&file).is_ok_and(|t| t.contains("FarmingtonXYZ")) {
        assert!(
            Instant::now() < deadline,
            "the draft never reached the disk"
        );
        pump(&mut master, &mut seen);
    }

    drop(master); // the terminal goes away

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("vetter still running 10 s after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // It may end by its own hand (0) or by the hang-up signal's default action; either way the
    // edit in progress was saved when it was typed.
    let _ = status;
    let text = std::fs::read_to_string(&file).expect("annotation saved");
    let ann = vetter::io::parse_annotation(&text, &file).unwrap();
    let draft = ann.draft.expect("the edit in progress is on disk");
    assert_eq!(draft.field, "city");
    assert_eq!(draft.text, "FarmingtonXYZ");
}
