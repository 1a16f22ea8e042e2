//! Time to the first frame and memory of `vetter review` on generated corpora, run as a user
//! runs it: the release binary in a pseudo-terminal.
//!
//! `cargo bench --bench startup` generates JSONL corpora and directories of `.txt` files of
//! 1,000, 10,000 and 100,000 articles (about 5 KB of text each), without annotations and with
//! the first half of the articles done, and measures, for a cold cache (no corpus index, no
//! status index) and a warm one: the time from starting the process to the first frame (the
//! header on the PTY) and the peak RSS (VmHWM) at that moment; median of `RUNS` runs. A cold
//! JSONL corpus larger than 4 MiB opens by its first chunk and is counted in the background:
//! for a cold JSONL corpus, the time until its index cache is written (the whole corpus
//! counted) and the peak RSS then are measured too. The floor
//! is the same measurement of a one-article corpus. `VETTER_BENCH_SIZES=1000,10000` limits
//! the sizes; `VETTER_BENCH_RUNS` sets the runs.

use std::ffi::OsString;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(120);

fn text(i: usize) -> String {
    let words = [
        "officer",
        "police",
        "department",
        "county",
        "said",
        "report",
        "video",
        "incident",
        "arrest",
        "the",
        "a",
        "of",
        "and",
        "was",
        "in",
        "on",
        "sheriff",
        "deputy",
        "statement",
    ];
    let mut s = format!("Headline number {i}\n\n");
    let mut k = i;
    while s.len() < 5000 {
        k = k
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        s.push_str(words[(k >> 33) % words.len()]);
        s.push(if (k >> 20).is_multiple_of(13) {
            '.'
        } else {
            ' '
        });
    }
    s
}

fn id(i: usize) -> String {
    format!("article-{i:06}")
}

fn jsonl(dir: &Path, n: usize) -> PathBuf {
    use std::io::Write;
    let path = dir.join(format!("corpus-{n}.jsonl"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..n {
        let line = serde_json::json!({"id": id(i), "title": format!("Title {i}"), "text": text(i)});
        writeln!(out, "{line}").unwrap();
    }
    out.flush().unwrap();
    path
}

fn txt_dir(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join(format!("corpus-{n}"));
    std::fs::create_dir_all(&path).unwrap();
    for i in 0..n {
        std::fs::write(path.join(format!("{}.txt", id(i))), text(i)).unwrap();
    }
    path
}

/// The first half of the articles done, written as vetter writes them.
fn annotations(dir: &Path, n: usize) -> PathBuf {
    let root = dir.join(format!("ann-{n}"));
    let folder = root.join("bench");
    std::fs::create_dir_all(&folder).unwrap();
    let schema = vetter::io::default_schema();
    for i in 0..n / 2 {
        let mut a = vetter::domain::annotation::Annotation::new(
            &schema,
            &id(i),
            "sha256:00",
            "bench",
            "2026-01-01T00:00:00Z",
        );
        a.status = vetter::domain::annotation::Status::Done;
        a.active_seconds = 60;
        std::fs::write(
            folder.join(format!("{}.ron", id(i))),
            vetter::io::to_ron(&a),
        )
        .unwrap();
    }
    root
}

struct Run {
    ms: f64,
    rss_mb: f64,
    /// Time until the corpus index cache was written, and the peak RSS then (`counted` runs).
    counted: Option<(f64, f64)>,
}

/// The peak RSS (VmHWM) of process `pid` so far, in MB.
fn peak_rss_mb(pid: impl std::fmt::Display) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let hwm_kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(f64::NAN);
    hwm_kb / 1024.0
}

fn has_corpus_index(data: &Path) -> bool {
    std::fs::read_dir(data.join("cache")).is_ok_and(|d| {
        d.flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("corpus-"))
    })
}

/// Starts vetter on a 120x40 PTY, waits for the header, reads VmHWM; with `counted`, waits
/// for the corpus index cache to be written and reads VmHWM again; then either waits for the
/// status index to be written (`prime`) and quits, or kills it.
fn run_once(args: &[OsString], data: &Path, prime: bool, counted: bool) -> Run {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("stty cols 120 rows 40 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_vetter"))
        .args(args)
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1")
        .env("VETTER_CONFIG", data.join("config"))
        .env("VETTER_DATA", data);
    let started = Instant::now();
    let mut session = expectrl::Session::spawn(cmd).expect("spawn vetter in a PTY");
    let pid = session.get_process().pid();
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        match session.try_read(&mut buf) {
            Ok(0) => panic!("vetter exited: {}", String::from_utf8_lossy(&raw)),
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_micros(200))
            }
            Err(e) => panic!("reading the PTY: {e}\n{}", String::from_utf8_lossy(&raw)),
        }
        if raw.windows(11).any(|w| w == b" finished, ") {
            break;
        }
        assert!(started.elapsed() < DEADLINE, "no first frame");
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let rss_mb = peak_rss_mb(pid);
    let counted = counted.then(|| {
        while !has_corpus_index(data) {
            assert!(started.elapsed() < DEADLINE, "the corpus was never counted");
            let _ = session.try_read(&mut buf);
            std::thread::sleep(Duration::from_millis(2));
        }
        (started.elapsed().as_secs_f64() * 1000.0, peak_rss_mb(pid))
    });
    if prime {
        let until = Instant::now() + DEADLINE;
        while !has_status_index(data) && Instant::now() < until {
            let _ = session.try_read(&mut buf);
            std::thread::sleep(Duration::from_millis(20));
        }
        session.send("q").unwrap();
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            match session.try_read(&mut buf) {
                Ok(0) => break,
                Err(e) if e.kind() != ErrorKind::WouldBlock => break,
                _ => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    }
    let _ = session.get_process_mut().kill(expectrl::Signal::SIGKILL);
    let _ = session.get_process().wait();
    Run {
        ms,
        rss_mb,
        counted,
    }
}

fn has_status_index(data: &Path) -> bool {
    std::fs::read_dir(data.join("cache")).is_ok_and(|d| {
        d.flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("status-"))
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median first frame (ms) and RSS (MB), cold and warm; and for a JSONL corpus, the median
/// time and RSS of a cold run once the corpus is counted.
fn measure(corpus: &Path, ann: &Path, tmp: &Path, runs: usize) -> ([(f64, f64); 2], String) {
    let data = tmp.join("data");
    let args: Vec<OsString> = vec![
        "review".into(),
        corpus.into(),
        "--annotations".into(),
        ann.into(),
        "--reviewer".into(),
        "bench".into(),
    ];
    let mut cold = Vec::new();
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).unwrap();
        cold.push(run_once(&args, &data, false, corpus.is_file()));
    }
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).unwrap();
    run_once(&args, &data, true, false);
    let warm: Vec<Run> = (0..runs)
        .map(|_| run_once(&args, &data, false, false))
        .collect();
    let counted: Vec<(f64, f64)> = cold.iter().filter_map(|r| r.counted).collect();
    let counted = match counted.is_empty() {
        true => "–".to_string(),
        false => format!(
            "{:.0} ms, {:.0} MB",
            median(counted.iter().map(|c| c.0).collect()),
            median(counted.iter().map(|c| c.1).collect())
        ),
    };
    let med = |rs: &[Run]| {
        (
            median(rs.iter().map(|r| r.ms).collect()),
            median(rs.iter().map(|r| r.rss_mb).collect()),
        )
    };
    ([med(&cold), med(&warm)], counted)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this without it: then only
    // check that it builds.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let sizes: Vec<usize> = std::env::var("VETTER_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let runs: usize = std::env::var("VETTER_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let empty = t.join("ann-none");
    std::fs::create_dir_all(&empty).unwrap();
    println!("| corpus | articles | annotations | cold: first frame | cold: RSS | cold: all counted, RSS | warm: first frame | warm: RSS |");
    println!("|---|---:|---|---:|---:|---:|---:|---:|");
    let floor = jsonl(t, 1);
    let ([c, w], k) = measure(&floor, &empty, t, runs);
    println!(
        "| floor: JSONL | 1 | none | {:.0} ms | {:.0} MB | {k} | {:.0} ms | {:.0} MB |",
        c.0, c.1, w.0, w.1
    );
    for &n in &sizes {
        let ann = annotations(t, n);
        for kind in ["JSONL", "txt dir"] {
            let corpus = if kind == "JSONL" {
                jsonl(t, n)
            } else {
                txt_dir(t, n)
            };
            for (label, a) in [("none", &empty), ("half done", &ann)] {
                let ([c, w], k) = measure(&corpus, a, t, runs);
                println!(
                    "| {kind} | {n} | {label} | {:.0} ms | {:.0} MB | {k} | {:.0} ms | {:.0} MB |",
                    c.0, c.1, w.0, w.1
                );
            }
            if corpus.is_dir() {
                std::fs::remove_dir_all(&corpus).unwrap();
            } else {
                std::fs::remove_file(&corpus).unwrap();
            }
        }
        std::fs::remove_dir_all(&ann).unwrap();
    }
}
