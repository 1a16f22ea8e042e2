//! Temporary files of saves killed midway: cleaned when their process is gone, reported by
//! validate, never another machine's.

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};
use vetter::io::atomic::AtomicFile;
use vetter::io::{default_schema, validate_dir, AnnotationStore};

fn temps(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp."))
        .collect();
    v.sort();
    v
}

/// Starts `vetter extract - -o target` and SIGKILLs it once its temporary file exists: what a
/// save killed midway leaves.
fn killed_write(target: &Path) {
    let dir = target.parent().unwrap();
    let before = temps(dir).len();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vetter"))
        .args(["extract", "-", "-o"])
        .arg(target)
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"{\"id\":\"a\",\"text\":\"t\"}\n").unwrap();
    let started = Instant::now();
    while temps(dir).len() == before && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(20));
    }
    kill(Pid::from_raw(child.id() as i32), Signal::SIGKILL).unwrap();
    child.wait().unwrap();
    drop(stdin);
    assert_eq!(
        temps(dir).len(),
        before + 1,
        "the killed run left its temporary file"
    );
}

/// A pid that ran and is gone.
fn dead_pid() -> u32 {
    let mut c = std::process::Command::new("true").spawn().unwrap();
    let pid = c.id();
    c.wait().unwrap();
    pid
}

/// A temporary file named as this machine names them, with another pid in its name.
fn temp_of_pid(dir: &Path, target: &str, pid: u32) -> PathBuf {
    let f = AtomicFile::create(&dir.join(target)).unwrap();
    let mine = f.temp_path().unwrap().to_path_buf();
    drop(f);
    let name = mine.file_name().unwrap().to_string_lossy().into_owned();
    let mut parts: Vec<&str> = name.rsplitn(3, '.').collect();
    let pid = pid.to_string();
    parts[1] = &pid;
    parts.reverse();
    let p = dir.join(parts.join("."));
    fs::write(&p, b"partial").unwrap();
    p
}

#[test]
fn temps_of_killed_saves_are_cleaned_and_the_annotations_kept() {
    let d = tempfile::tempdir().unwrap();
    let st = AnnotationStore::new(d.path(), "anna");
    fs::create_dir_all(st.dir()).unwrap();
    let kept = st.dir().join("a.ron");
    fs::write(&kept, b"saved before").unwrap();
    for _ in 0..3 {
        killed_write(&kept);
    }
    assert_eq!(temps(&st.dir()).len(), 3);
    assert_eq!(st.clean_stale_temps(), 3);
    assert!(temps(&st.dir()).is_empty());
    assert_eq!(fs::read(&kept).unwrap(), b"saved before");
    assert_eq!(st.clean_stale_temps(), 0);
}

#[test]
fn live_foreign_and_recent_legacy_temps_are_left_alone() {
    let d = tempfile::tempdir().unwrap();
    let st = AnnotationStore::new(d.path(), "anna");
    let dir = st.dir();
    fs::create_dir_all(&dir).unwrap();
    // Being written by a live process (this one).
    let live = temp_of_pid(&dir, "a.ron", std::process::id());
    // Another machine's, with a pid that is not running here.
    let foreign = dir.join(format!(".b.ron.tmp.0badf00d-12345678.{}.0", dead_pid()));
    fs::write(&foreign, b"x").unwrap();
    // An older vetter's name: recent, so it may be another machine's save in progress.
    let legacy_new = dir.join(format!(".c.ron.tmp.{}.0", dead_pid()));
    fs::write(&legacy_new, b"x").unwrap();
    // An older vetter's name, an hour old, dead pid: removed.
    let legacy_old = dir.join(format!(".d.ron.tmp.{}.7", dead_pid()));
    let f = fs::File::create(&legacy_old).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    drop(f);
    // A dead process of this machine: removed.
    let dead = temp_of_pid(&dir, "e.ron", dead_pid());
    // Not a temporary file at all.
    fs::write(dir.join(".notes"), b"mine").unwrap();
    assert_eq!(st.clean_stale_temps(), 2);
    for p in [&live, &foreign, &legacy_new] {
        assert!(p.exists(), "{} kept", p.display());
    }
    assert!(!legacy_old.exists() && !dead.exists());
    assert!(dir.join(".notes").exists());
}

#[test]
fn validate_reports_stray_temps() {
    let d = tempfile::tempdir().unwrap();
    let st = AnnotationStore::new(d.path(), "anna");
    fs::create_dir_all(st.dir()).unwrap();
    let dead = temp_of_pid(&st.dir(), "x.ron", dead_pid());
    let _live = temp_of_pid(&st.dir(), "y.ron", std::process::id());
    let foreign = st.dir().join(".z.ron.tmp.0badf00d-12345678.1.0");
    fs::write(&foreign, b"x").unwrap();
    let problems = validate_dir(d.path(), &default_schema(), None);
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 2, "{shown:#?}");
    assert_eq!(problems[0].path, dead);
    assert!(shown[0].contains("temporary file"), "{}", shown[0]);
    assert!(shown[0].contains("\"x.ron\""), "{}", shown[0]);
    assert!(
        shown[0].contains("no longer running; it can be removed"),
        "{}",
        shown[0]
    );
    assert_eq!(problems[1].path, foreign);
    assert!(shown[1].contains("another machine"), "{}", shown[1]);
}
