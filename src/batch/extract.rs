//! `vetter extract`: predictions (the interchange format) for every article of a corpus.
//!
//! Input is read in bounded chunks; each chunk is extracted on all threads and written in input
//! order before the next is read, so memory stays bounded however large the corpus.

use crate::domain::prediction::Prediction;
use crate::domain::prediction::Suggest;
use crate::io::atomic::AtomicFile;
use crate::io::stream::{ArticleStream, Item};
use crate::io::Corpus;
use rayon::prelude::*;
use signal_hook::iterator::Signals;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Articles per chunk, and input bytes per chunk: whichever comes first.
const CHUNK_ITEMS: usize = 1024;
const CHUNK_BYTES: u64 = 16 << 20;

pub struct ExtractArgs {
    /// A directory, a JSONL file, or `-` for JSONL on standard input.
    pub corpus: PathBuf,
    /// Where to write; standard output when `None`.
    pub output: Option<PathBuf>,
    /// Worker threads; all cores when `None`.
    pub threads: Option<usize>,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    pub articles: u64,
    pub skipped: u64,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl Summary {
    pub fn line(&self) -> String {
        let mb = self.bytes as f64 / 1e6;
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        format!(
            "extracted {} articles ({mb:.1} MB of input) in {secs:.2} s: {:.1} MB/s; {} skipped",
            self.articles,
            mb / secs,
            self.skipped
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExtractCmdError {
    #[error(transparent)]
    Corpus(#[from] crate::io::CorpusError),
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("could not start {0} threads: {1}")]
    Threads(usize, rayon::ThreadPoolBuildError),
    /// Not one article could be read (the input was empty, or every line was skipped): nothing
    /// was written, and an output file was left exactly as it was.
    #[error("no article could be read from {input} ({} line(s) skipped); {}", summary.skipped, match output {
        Some(o) => format!("{o} was left as it was"),
        None => "nothing written".to_string(),
    })]
    NothingRead {
        input: String,
        output: Option<String>,
        summary: Summary,
    },
}

fn open_input(args: &ExtractArgs) -> Result<(ArticleStream, Option<u64>), ExtractCmdError> {
    let p = &args.corpus;
    if p.as_os_str() == "-" {
        let reader: Box<dyn BufRead + Send> = Box::new(BufReader::new(io::stdin()));
        return Ok((ArticleStream::lines(reader, "<stdin>"), None));
    }
    if p.is_dir() {
        let corpus = Corpus::open(p)?;
        return Ok((ArticleStream::corpus(corpus), None));
    }
    let name = p.display().to_string();
    let file = std::fs::File::open(p).map_err(|source| ExtractCmdError::Io {
        path: name.clone(),
        source,
    })?;
    let size = file.metadata().ok().map(|m| m.len());
    let reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(1 << 20, file));
    Ok((ArticleStream::lines(reader, &name), size))
}

/// Runs the extraction; problems with single articles go to `warn` and are counted as skipped.
/// When not one article could be read, nothing is committed and the result is
/// [`ExtractCmdError::NothingRead`] (an output file keeps its old content).
pub fn run(
    args: &ExtractArgs,
    extractor: &dyn Suggest,
    warn: &mut dyn FnMut(&str),
) -> Result<Summary, ExtractCmdError> {
    let started = Instant::now();
    let threads = args.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| ExtractCmdError::Threads(threads, e))?;
    let (mut input, size) = open_input(args)?;
    let out_name = args
        .output
        .as_ref()
        .map_or("<stdout>".to_string(), |p| p.display().to_string());
    let io_err = |source| ExtractCmdError::Io {
        path: out_name.clone(),
        source,
    };
    // Set once the output is in place: a signal after that has nothing to clean up.
    let committed = Arc::new(AtomicBool::new(false));
    let mut atomic = match &args.output {
        Some(p) => {
            // Listening before the temporary file exists, so no signal finds it unguarded.
            let signals = stop_signals().map_err(io_err)?;
            let f = AtomicFile::create(p).map_err(io_err)?;
            let tmp = f.temp_path().map(Path::to_path_buf);
            remove_on_signal(signals, tmp, Arc::clone(&committed));
            Some(f)
        }
        None => None,
    };
    let stdout = io::stdout();
    let mut lock = io::BufWriter::new(stdout.lock());
    let progress = Progress::new(size);
    let mut summary = Summary::default();
    loop {
        let chunk = input
            .next_chunk(CHUNK_ITEMS, CHUNK_BYTES)
            .map_err(|source| ExtractCmdError::Io {
                path: args.corpus.display().to_string(),
                source,
            })?;
        if chunk.is_empty() {
            break;
        }
        // What reading found odd in an article (bytes that were not UTF-8, a title that is not
        // a string), said once, before its predictions.
        for item in &chunk {
            if let Item::Article(a) = item {
                a.warnings.iter().for_each(|w| warn(w));
            }
        }
        let lines: Vec<Result<Vec<u8>, String>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|item| match item {
                    Item::Article(a) => Ok(to_line(&extractor.suggest(a))),
                    Item::Skipped(why) => Err(why.clone()),
                })
                .collect()
        });
        let out: &mut dyn Write = match atomic.as_mut() {
            Some(f) => f,
            None => &mut lock,
        };
        for line in lines {
            match line {
                Ok(l) => {
                    out.write_all(&l).map_err(io_err)?;
                    out.write_all(b"\n").map_err(io_err)?;
                    summary.articles += 1;
                }
                Err(why) => {
                    warn(&why);
                    summary.skipped += 1;
                }
            }
        }
        progress.set(input.bytes_read(), summary.articles);
    }
    lock.flush().map_err(io_err)?;
    progress.finish();
    summary.bytes = input.bytes_read();
    summary.elapsed = started.elapsed();
    if summary.articles == 0 {
        // Dropping the output file without commit leaves the target as it was.
        drop(atomic);
        return Err(ExtractCmdError::NothingRead {
            input: input_name(args),
            output: args.output.as_ref().map(|p| p.display().to_string()),
            summary,
        });
    }
    if let Some(f) = atomic {
        f.commit().map_err(io_err)?;
        committed.store(true, Ordering::SeqCst);
    }
    Ok(summary)
}

fn input_name(args: &ExtractArgs) -> String {
    if args.corpus.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        args.corpus.display().to_string()
    }
}

/// Killed by SIGTERM, SIGINT or SIGHUP before the output is complete, the run removes its
/// temporary output file (the target is left as it was) and exits with 128 + the signal. After
/// the commit there is nothing to remove; it still exits so. (A signal during the commit finds
/// the target either as it was or whole: the rename is atomic.)
fn remove_on_signal(mut signals: Signals, tmp: Option<PathBuf>, committed: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            if let Some(tmp) = tmp.filter(|_| !committed.load(Ordering::SeqCst)) {
                let _ = std::fs::remove_file(&tmp);
            }
            std::process::exit(128 + sig);
        }
    });
}

fn stop_signals() -> io::Result<Signals> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    Signals::new([SIGTERM, SIGINT, SIGHUP])
}

/// A prediction as a JSON line (without its newline), written by [`crate::io::json_out`]:
/// characters a terminal or editor would act on or hide are escaped.
fn to_line(p: &Prediction) -> Vec<u8> {
    use crate::io::json_out;
    // (Room for a typical line at once, rather than growing it step by step.)
    let mut out = Vec::with_capacity(4096);
    match json_out::to_writer(&mut out, p) {
        Ok(()) => out,
        Err(e) => json_out::to_string(&serde_json::json!({ "error": e.to_string() }))
            .unwrap_or_default()
            .into_bytes(),
    }
}

/// A progress bar on stderr, shown only when stderr is a terminal.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(total: Option<u64>) -> Progress {
        if !io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = match total {
            Some(n) => indicatif::ProgressBar::new(n).with_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {msg} eta {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            ),
            None => indicatif::ProgressBar::new_spinner().with_style(
                indicatif::ProgressStyle::with_template("{spinner} {bytes} {bytes_per_sec} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            ),
        };
        Progress(Some(bar))
    }
    fn set(&self, bytes: u64, articles: u64) {
        if let Some(b) = &self.0 {
            b.set_position(bytes);
            b.set_message(format!("{articles} articles"));
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}
