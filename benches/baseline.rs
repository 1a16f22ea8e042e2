//! Issue 14's throughput condition: `vetter extract -j 1` against the Python regex baseline
//! (`../shared/eval/baselines/regex_baseline.py`), both on the same input in the same run, one
//! after the other, for several rounds. Each child's CPU time (user + system) is measured, and
//! per program the median CPU seconds and MB of input per CPU second are printed, with the
//! median of the rounds' ratios (baseline CPU / vetter CPU).
//!
//! `cargo bench --bench baseline`. `VETTER_BASELINE_ROUNDS` sets the number of rounds (default
//! 5); `VETTER_BASELINE_INPUT` another JSONL corpus (default gva-train's articles);
//! `VETTER_BASELINE_OTHER` the path of another vetter binary (an older build, say) to run in the
//! same rounds, so that a change is measured before and after on the same machine at the same
//! time: its output is compared with this build's, byte for byte. Without `../shared/eval` or
//! `python3` the bench says so and does nothing. Run by `cargo test --benches` (without
//! `--bench`), it does one round on the first 200 articles.

mod common;

use common::children_cpu;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// A program measured: how it is called, and what it is given.
struct Program {
    name: String,
    /// Reads the corpus from its standard input (the baseline) rather than from a path.
    stdin: bool,
    cmd: PathBuf,
    args: Vec<String>,
    cpu: Vec<Duration>,
}

impl Program {
    fn vetter(name: &str, bin: PathBuf, input: &Path) -> Program {
        let args = vec![
            "extract".into(),
            input.display().to_string(),
            "-j".into(),
            "1".into(),
        ];
        Program {
            name: name.into(),
            stdin: false,
            cmd: bin,
            args,
            cpu: Vec::new(),
        }
    }

    /// Runs once with its output into `out`; the child's CPU time.
    fn run(&self, input: &Path, out: &Path) -> Duration {
        let mut c = Command::new(&self.cmd);
        c.args(&self.args)
            .stdout(File::create(out).expect("a temporary output file"))
            .stderr(Stdio::piped());
        if self.stdin {
            c.stdin(File::open(input).expect("the input"));
        } else {
            c.stdin(Stdio::null());
        }
        let before = children_cpu();
        let run = c.output().expect("the program runs");
        let cpu = children_cpu() - before;
        assert!(
            run.status.success(),
            "{} failed: {}",
            self.name,
            String::from_utf8_lossy(&run.stderr)
        );
        cpu
    }
}

fn median<T: Copy + PartialOrd>(v: &[T]) -> T {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).expect("comparable"));
    s[s.len() / 2]
}

/// The first `n` lines of `from`, written to `to`.
fn head(from: &Path, to: &Path, n: usize) {
    let mut out = File::create(to).expect("a temporary input file");
    for line in BufReader::new(File::open(from).expect("the input"))
        .lines()
        .take(n)
    {
        writeln!(out, "{}", line.expect("a line of the input")).expect("written");
    }
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let eval = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
    let script = eval.join("baselines/regex_baseline.py");
    let input = std::env::var_os("VETTER_BASELINE_INPUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| eval.join("gva-train/articles.jsonl"));
    if !script.is_file() || !input.is_file() {
        println!(
            "skipped: {} or {} is missing",
            script.display(),
            input.display()
        );
        return;
    }
    let python = Command::new("python3")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !python {
        println!("skipped: python3 is not available");
        return;
    }
    let rounds: usize = std::env::var("VETTER_BASELINE_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(if benching { 5 } else { 1 });
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let input = if benching {
        input
    } else {
        let small = tmp.path().join("head.jsonl");
        head(&input, &small, 200);
        small
    };
    let bytes = std::fs::metadata(&input).expect("the input").len();
    let mut programs = vec![Program::vetter(
        "vetter extract -j 1",
        env!("CARGO_BIN_EXE_vetter").into(),
        &input,
    )];
    if let Some(other) = std::env::var_os("VETTER_BASELINE_OTHER") {
        let file = Path::new(&other).file_name().unwrap_or(other.as_os_str());
        let name = format!("other: {}", file.to_string_lossy());
        programs.push(Program::vetter(&name, other.into(), &input));
    }
    programs.push(Program {
        name: "python3 regex_baseline.py".into(),
        stdin: true,
        cmd: "python3".into(),
        args: vec![script.display().to_string()],
        cpu: Vec::new(),
    });
    println!(
        "input: {} ({:.1} MB), {rounds} round(s)",
        input.display(),
        bytes as f64 / 1e6
    );
    let outs: Vec<PathBuf> = (0..programs.len())
        .map(|i| tmp.path().join(format!("out-{i}.jsonl")))
        .collect();
    for r in 0..rounds {
        // The order turns each round, so that no program always runs after the same one.
        for k in 0..programs.len() {
            let i = (k + r) % programs.len();
            let cpu = programs[i].run(&input, &outs[i]);
            programs[i].cpu.push(cpu);
        }
    }
    let base = programs.last().expect("the baseline").cpu.clone();
    println!(
        "{:<40} {:>12} {:>12} {:>14}",
        "program", "CPU s (med)", "MB/CPU s", "ratio (med)"
    );
    for p in &programs {
        let secs = median(&p.cpu).as_secs_f64();
        let ratios: Vec<f64> = base
            .iter()
            .zip(&p.cpu)
            .map(|(b, c)| b.as_secs_f64() / c.as_secs_f64().max(1e-9))
            .collect();
        println!(
            "{:<40} {:>12.3} {:>12.1} {:>14.2}",
            p.name,
            secs,
            bytes as f64 / 1e6 / secs.max(1e-9),
            median(&ratios)
        );
    }
    let all: Vec<String> = programs
        .iter()
        .map(|p| {
            let s: Vec<String> = p
                .cpu
                .iter()
                .map(|d| format!("{:.3}", d.as_secs_f64()))
                .collect();
            format!("  {}: {}", p.name, s.join(" "))
        })
        .collect();
    println!("CPU s per round:\n{}", all.join("\n"));
    if programs.len() == 3 {
        let same = std::fs::read(&outs[0]).ok() == std::fs::read(&outs[1]).ok();
        println!(
            "this build's output and the other's are {}",
            if same { "byte-identical" } else { "DIFFERENT" }
        );
    }
}
