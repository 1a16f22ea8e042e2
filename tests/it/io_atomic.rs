//! Writes go through links and special files instead of replacing them: symbolic links stay
//! links, FIFOs and devices are written, modes and hard links are kept.

use nix::sys::stat::{mknod, Mode, SFlag};
use nix::unistd::mkfifo;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::{symlink, FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;
use vetter::io::atomic::AtomicFile;
use vetter::io::write_atomic;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn is_link(p: &Path) -> bool {
    fs::symlink_metadata(p).unwrap().file_type().is_symlink()
}

#[test]
fn a_symlink_stays_a_link_and_its_target_gets_the_content() {
    let d = tempfile::tempdir().unwrap();
    let target = d.path().join("real.txt");
    fs::write(&target, b"old").unwrap();
    let link = d.path().join("link.txt");
    symlink(&target, &link).unwrap();
    write_atomic(&link, b"new").unwrap();
    assert!(is_link(&link));
    assert_eq!(fs::read_link(&link).unwrap(), target);
    assert_eq!(fs::read(&target).unwrap(), b"new");
    assert_eq!(names(d.path()), ["link.txt", "real.txt"]);
}

#[test]
fn a_relative_link_into_another_directory_is_written_there() {
    let d = tempfile::tempdir().unwrap();
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    fs::create_dir(&a).unwrap();
    fs::create_dir(&b).unwrap();
    fs::write(b.join("t"), b"old").unwrap();
    symlink("../b/t", a.join("l")).unwrap();
    write_atomic(&a.join("l"), b"new").unwrap();
    assert!(is_link(&a.join("l")));
    assert_eq!(fs::read(b.join("t")).unwrap(), b"new");
    // The temporary file went next to the target, and is gone.
    assert_eq!(names(&a), ["l"]);
    assert_eq!(names(&b), ["t"]);
}

#[test]
fn a_chain_of_links_stays_and_its_end_is_written() {
    let d = tempfile::tempdir().unwrap();
    let sub = d.path().join("sub");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("end"), b"old").unwrap();
    symlink("sub/mid", d.path().join("first")).unwrap();
    symlink(sub.join("end"), sub.join("mid")).unwrap();
    write_atomic(&d.path().join("first"), b"new").unwrap();
    assert!(is_link(&d.path().join("first")));
    assert!(is_link(&sub.join("mid")));
    assert_eq!(fs::read(sub.join("end")).unwrap(), b"new");
    assert_eq!(names(&sub), ["end", "mid"]);
}

#[test]
fn a_dangling_link_creates_its_target() {
    let d = tempfile::tempdir().unwrap();
    let link = d.path().join("l");
    symlink("made.txt", &link).unwrap();
    write_atomic(&link, b"hello").unwrap();
    assert!(is_link(&link));
    assert_eq!(fs::read(d.path().join("made.txt")).unwrap(), b"hello");
    assert_eq!(names(d.path()), ["l", "made.txt"]);
}

#[test]
fn a_dangling_link_into_a_missing_directory_fails_and_leaves_the_link() {
    let d = tempfile::tempdir().unwrap();
    let link = d.path().join("l");
    symlink("nowhere/x", &link).unwrap();
    assert!(write_atomic(&link, b"x").is_err());
    assert!(is_link(&link));
    assert_eq!(names(d.path()), ["l"]);
}

#[test]
fn the_mode_of_the_old_file_is_kept() {
    let d = tempfile::tempdir().unwrap();
    // A new file gets the mode any new file gets (0666 less the umask).
    fs::write(d.path().join("reference"), b"").unwrap();
    let default = fs::metadata(d.path().join("reference")).unwrap().mode() & 0o7777;
    write_atomic(&d.path().join("fresh"), b"x").unwrap();
    assert_eq!(
        fs::metadata(d.path().join("fresh")).unwrap().mode() & 0o7777,
        default
    );
    let p = d.path().join("secret");
    fs::write(&p, b"old").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
    write_atomic(&p, b"new").unwrap();
    assert_eq!(fs::metadata(&p).unwrap().mode() & 0o7777, 0o600);
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    write_atomic(&p, b"newer").unwrap();
    assert_eq!(fs::metadata(&p).unwrap().mode() & 0o7777, 0o640);
    assert_eq!(fs::read(&p).unwrap(), b"newer");
}

#[test]
fn the_owner_of_the_old_file_is_kept_when_root() {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("skipped: needs root to give a file away");
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("theirs");
    fs::write(&p, b"old").unwrap();
    std::os::unix::fs::chown(&p, Some(4242), Some(4343)).unwrap();
    write_atomic(&p, b"new").unwrap();
    let m = fs::metadata(&p).unwrap();
    assert_eq!((m.uid(), m.gid()), (4242, 4343));
}

#[test]
fn a_hard_linked_file_is_not_split() {
    let d = tempfile::tempdir().unwrap();
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    fs::write(&a, b"a much longer old content").unwrap();
    fs::hard_link(&a, &b).unwrap();
    let ino = fs::metadata(&a).unwrap().ino();
    write_atomic(&a, b"short").unwrap();
    assert_eq!(fs::read(&b).unwrap(), b"short");
    assert_eq!(fs::metadata(&a).unwrap().ino(), ino);
    assert_eq!(fs::metadata(&a).unwrap().nlink(), 2);
    assert_eq!(names(d.path()), ["a", "b"]);
    // A longer content too, and an uncommitted write leaves it alone.
    write_atomic(&b, b"a content longer than before").unwrap();
    assert_eq!(fs::read(&a).unwrap(), b"a content longer than before");
    let mut f = AtomicFile::create(&a).unwrap();
    f.write_all(b"never").unwrap();
    drop(f);
    assert_eq!(fs::read(&a).unwrap(), b"a content longer than before");
    assert_eq!(names(d.path()), ["a", "b"]);
}

/// Reads a FIFO to its end in another thread.
fn read_in_thread(p: &Path) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let p = p.to_path_buf();
    std::thread::spawn(move || {
        let mut s = String::new();
        fs::File::open(&p).unwrap().read_to_string(&mut s).unwrap();
        let _ = tx.send(s);
    });
    rx
}

/// What the reader got. (A write that replaced the FIFO instead leaves the reader waiting for a
/// writer forever; the generous limit only keeps such a failure from hanging the run.)
fn received(rx: mpsc::Receiver<String>) -> String {
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the reader of the FIFO got everything written")
}

#[test]
fn a_fifo_is_written_not_replaced() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("pipe");
    mkfifo(&p, Mode::from_bits_truncate(0o600)).unwrap();
    let reader = read_in_thread(&p);
    let mut f = AtomicFile::create(&p).unwrap();
    assert!(f.temp_path().is_none());
    f.write_all(b"through the pipe\n").unwrap();
    f.commit().unwrap();
    assert_eq!(received(reader), "through the pipe\n");
    assert!(fs::symlink_metadata(&p).unwrap().file_type().is_fifo());
    assert_eq!(names(d.path()), ["pipe"]);
}

#[test]
fn a_symlink_to_a_fifo_writes_the_fifo() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("pipe");
    mkfifo(&p, Mode::from_bits_truncate(0o600)).unwrap();
    symlink("pipe", d.path().join("l")).unwrap();
    let reader = read_in_thread(&p);
    write_atomic(&d.path().join("l"), b"via link").unwrap();
    assert_eq!(received(reader), "via link");
    assert!(is_link(&d.path().join("l")));
    assert!(fs::metadata(&p).unwrap().file_type().is_fifo());
}

#[test]
fn a_character_device_is_written_not_replaced() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("null");
    // The same device as /dev/null (1, 3), made here: writing to it is harmless.
    let dev = nix::sys::stat::makedev(1, 3);
    if let Err(e) = mknod(&p, SFlag::S_IFCHR, Mode::from_bits_truncate(0o600), dev) {
        eprintln!("skipped: cannot make a device node here ({e}); needs root");
        return;
    }
    write_atomic(&p, b"into the void").unwrap();
    let m = fs::symlink_metadata(&p).unwrap();
    assert!(m.file_type().is_char_device(), "still a device");
    assert_eq!(m.rdev(), dev);
    assert_eq!(names(d.path()), ["null"]);
}

#[test]
fn a_directory_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    assert!(write_atomic(d.path(), b"x").is_err());
    symlink(".", d.path().join("here")).unwrap();
    assert!(write_atomic(&d.path().join("here"), b"x").is_err());
    assert_eq!(names(d.path()), ["here"]);
}

#[test]
fn extract_output_through_a_symlink_keeps_the_link() {
    let d = tempfile::tempdir().unwrap();
    let corpus = d.path().join("c.jsonl");
    fs::write(
        &corpus,
        "{\"id\":\"a1\",\"text\":\"Officer Jane Doe said a 30-year-old man was shot in Reno.\"}\n",
    )
    .unwrap();
    let out_dir = d.path().join("out");
    fs::create_dir(&out_dir).unwrap();
    fs::write(out_dir.join("p.jsonl"), "old\n").unwrap();
    fs::set_permissions(out_dir.join("p.jsonl"), fs::Permissions::from_mode(0o600)).unwrap();
    let link = d.path().join("latest.jsonl");
    symlink("out/p.jsonl", &link).unwrap();
    assert_cmd::Command::cargo_bin("vetter")
        .unwrap()
        .arg("extract")
        .arg(&corpus)
        .arg("-o")
        .arg(&link)
        .assert()
        .success();
    assert!(is_link(&link));
    let written = fs::read_to_string(out_dir.join("p.jsonl")).unwrap();
    assert!(written.starts_with("{\"id\":\"a1\""), "{written}");
    let mode = fs::metadata(out_dir.join("p.jsonl")).unwrap().mode() & 0o7777;
    assert_eq!(mode, 0o600);
    assert_eq!(names(&out_dir), ["p.jsonl"]);
}

#[test]
fn a_link_to_a_pipe_through_proc_is_written_like_dev_stdout() {
    // What `-o /dev/stdout` meets when standard output is a pipe: a link to
    // /proc/self/fd/N, whose own link text is "pipe:[...]", not a path. Made with a pipe of our
    // own and a link inside a temporary directory.
    use std::os::fd::AsRawFd;
    let d = tempfile::tempdir().unwrap();
    let (mut rx, tx) = std::io::pipe().unwrap();
    let link = d.path().join("stdout");
    symlink(format!("/proc/self/fd/{}", tx.as_raw_fd()), &link).unwrap();
    let mut f = AtomicFile::create(&link).unwrap();
    assert!(f.temp_path().is_none(), "written directly");
    f.write_all(b"down the pipe").unwrap();
    f.commit().unwrap();
    drop(tx);
    let mut got = String::new();
    rx.read_to_string(&mut got).unwrap();
    assert_eq!(got, "down the pipe");
    assert!(is_link(&link));
    assert_eq!(names(d.path()), ["stdout"]);
}
