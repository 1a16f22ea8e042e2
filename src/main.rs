//! vetter's binary: arguments, configuration, then the review loop or a batch command.

use clap::Parser;
use color_eyre::eyre::{eyre, Result, WrapErr};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use vetter::app::Services;
use vetter::batch::extract::ExtractCmdError;
use vetter::cli::{
    AdjudicateArgs, AgreeCliArgs, CalibrateCliArgs, Cli, Cmd, EvalCliArgs, ExtractArgs,
    MigrateArgs, ReviewArgs, SchemaArgs, ShardCliArgs, StatsCliArgs, ValidateArgs,
};
use vetter::core::keymap::Keymap;
use vetter::domain::schema::Schema;
use vetter::domain::text::{sanitize_line, sanitize_lines};
use vetter::extract::Extractor;
use vetter::io::{self, AnnotationStore, Corpus};
use vetter::tui::runner::{self, Startup};
use vetter::tui::Theme;

/// mimalloc: the extractor makes many small, short-lived allocations per article.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The bundled sample corpus: next to the working directory, else where the crate was built.
fn default_corpus() -> PathBuf {
    let here = PathBuf::from("assets/articles");
    if here.is_dir() {
        return here;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles")
}

fn schema(path: Option<&Path>) -> Result<Schema> {
    match path {
        Some(p) => Ok(io::load_schema(p)?),
        None => Ok(io::default_schema()),
    }
}

/// color-eyre's report, in colour only when stderr is a terminal and `NO_COLOR` is not set.
fn install_error_hook() -> Result<()> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut hook = color_eyre::config::HookBuilder::default()
        .display_location_section(false)
        .display_env_section(false);
    if no_color || !std::io::stderr().is_terminal() {
        hook = hook.theme(color_eyre::config::Theme::new());
    }
    hook.install()
}

fn main() -> Result<()> {
    install_error_hook()?;
    let cli = parse_args();
    let result = match cli.command.unwrap_or(Cmd::Review(cli.review)) {
        Cmd::Review(args) => review(args),
        Cmd::Validate(args) => validate(args),
        Cmd::Schema(args) => schema_cmd(args),
        Cmd::Extract(args) => extract_cmd(args),
        Cmd::Eval(args) => eval_cmd(args),
        Cmd::Calibrate(args) => calibrate_cmd(args),
        Cmd::Migrate(args) => migrate_cmd(args),
        Cmd::Stats(args) => stats(args),
        Cmd::Agree(args) => agree(args),
        Cmd::Shard(args) => shard_cmd(args),
        Cmd::Adjudicate(args) => adjudicate(args),
        Cmd::Export(args) => export_cmd(args),
    };
    result.map_err(printable_report)
}

/// The arguments. clap's usage errors quote what was given, so they are printed through the
/// sanitizer (as plain text); help and version are vetter's own text and clap prints them.
fn parse_args() -> Cli {
    use clap::error::ErrorKind;
    match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
            _ => {
                eprint!("{}", sanitize_lines(&e.render().to_string()));
                std::process::exit(e.exit_code());
            }
        },
    }
}

fn migrate_cmd(args: MigrateArgs) -> Result<()> {
    let schema = io::load_schema(&args.schema)?;
    if !args.dir.exists() {
        let dir = vetter::domain::text::sanitize(&args.dir.display().to_string());
        return Err(eyre!("{dir}: no such file or directory"));
    }
    let report = vetter::batch::migrate::run(&args.dir, &schema, args.dry_run, &runner_now());
    for line in report.lines() {
        println!("{line}");
    }
    eprintln!("vetter: {}", report.summary());
    match report.errors() {
        0 => Ok(()),
        _ => std::process::exit(1),
    }
}

/// The error report printed at the edge (by color-eyre, as `main` returns it): its messages hold
/// paths, ids and values from files, so each one passes through the sanitizer. A report whose
/// messages are all clean is returned as it is (with its backtrace, if one was captured).
fn printable_report(report: color_eyre::Report) -> color_eyre::Report {
    let messages: Vec<String> = report.chain().map(|e| e.to_string()).collect();
    if messages
        .iter()
        .all(|m| matches!(sanitize_lines(m), std::borrow::Cow::Borrowed(_)))
    {
        return report;
    }
    let mut safe = messages
        .iter()
        .rev()
        .map(|m| sanitize_lines(m).into_owned());
    let innermost = safe.next().unwrap_or_default();
    safe.fold(eyre!(innermost), |r, m| r.wrap_err(m))
}

fn eval_cmd(args: EvalCliArgs) -> Result<()> {
    let run = vetter::eval::EvalArgs {
        gold: args.gold,
        pred: args.pred,
        corpus: args.corpus,
        schema: schema(args.schema.as_deref())?,
        json: args.json,
        pick: vetter::eval::GoldPick::from_flags(args.reviewer, args.gold_adjudicated),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.calibration {
        let warnings =
            vetter::eval::calibration::run_calibration(&run, args.plot.as_ref(), &mut out)?;
        std::io::Write::flush(&mut out)?;
        for w in warnings {
            eprintln!("vetter: warning: {}", sanitize_line(&w));
        }
        return Ok(());
    }
    if args.errors {
        let warnings = vetter::eval::errors::run_errors(&run, &mut out)?;
        std::io::Write::flush(&mut out)?;
        for w in warnings {
            eprintln!("vetter: warning: {}", sanitize_line(&w));
        }
        return Ok(());
    }
    vetter::eval::run(&run, &mut out)?;
    std::io::Write::flush(&mut out)?;
    Ok(())
}

fn calibrate_cmd(args: CalibrateCliArgs) -> Result<()> {
    use vetter::batch::calibrate::{run, Labels, RunArgs};
    let labels = match (args.gold, args.from) {
        (Some(gold), _) => Labels::Gold(gold),
        (None, Some(dir)) => Labels::Reviews(dir),
        (None, None) => return Err(eyre!("give --gold or --from")),
    };
    let run_args = RunArgs {
        labels,
        articles: args.articles,
        schema: args.schema,
        output: args.output,
        write: args.write,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut note = |m: &str| eprintln!("{}", sanitize_lines(m));
    run(&run_args, &mut out, &mut note)?;
    Ok(())
}

fn extract_cmd(args: ExtractArgs) -> Result<()> {
    let schema = schema(args.schema.as_deref())?;
    let extractor = Extractor::new(&schema)?;
    let run = vetter::batch::extract::ExtractArgs {
        corpus: args.corpus,
        output: args.output,
        threads: args.threads.map(usize::from),
    };
    let mut warn = |m: &str| eprintln!("vetter: warning: {}", sanitize_line(m));
    match vetter::batch::extract::run(&run, &extractor, &mut warn) {
        Ok(summary) => {
            eprintln!("vetter: {}", sanitize_line(&summary.line()));
            Ok(())
        }
        // The reader went away (`| head`): stop quietly, as pipeline tools do.
        Err(ExtractCmdError::Io { source, .. })
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            Ok(())
        }
        Err(e) => {
            // Nothing could be read: the summary (with its count of skipped lines) still, then
            // the error (exit 1); the output was left as it was.
            if let ExtractCmdError::NothingRead { summary, .. } = &e {
                eprintln!("vetter: {}", summary.line());
            }
            Err(e.into())
        }
    }
}

fn schema_cmd(args: SchemaArgs) -> Result<()> {
    if let Some(path) = &args.check {
        let s = io::load_schema(path)?;
        let line = format!(
            "{}: schema {:?} v{} is valid ({} fields)",
            path.display(),
            s.name,
            s.version,
            s.fields.len()
        );
        println!("{}", sanitize_line(&line));
        return Ok(());
    }
    if args.json_schema {
        let s = schema(args.schema.as_deref())?;
        let js = vetter::domain::json_schema::fields_schema(&s);
        println!("{}", io::json_out::to_string_pretty(&js)?);
        return Ok(());
    }
    // A schema file is shown through the sanitizer too (its strings may hold anything).
    match &args.schema {
        Some(p) => {
            io::load_schema(p)?;
            print!("{}", sanitize_lines(&std::fs::read_to_string(p)?));
        }
        None => print!("{}", sanitize_lines(io::DEFAULT_SCHEMA)),
    }
    Ok(())
}

fn keymap(cfg: &io::Config) -> Result<Keymap> {
    let km = Keymap::default_keymap();
    match io::keymap_override_path(cfg) {
        Some(p) => {
            let text = std::fs::read_to_string(&p)
                .wrap_err_with(|| format!("reading the keymap {}", p.display()))?;
            km.with_override(&text)
                .map_err(|e| eyre!("{}:{e}", p.display()))
        }
        None => Ok(km),
    }
}

/// `vetter frobnicate`: a bare word that is no file is more likely a mistyped command.
fn reject_mistyped_command(corpus: Option<&Path>) {
    let Some(word) = corpus.and_then(Path::to_str) else {
        return;
    };
    let bare = !word.contains(['/', '.', '\\']);
    if bare && !Path::new(word).exists() {
        use clap::CommandFactory;
        let commands: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        eprintln!(
            "error: {} is neither a command nor a corpus\n\n\
             Commands: {} (see 'vetter --help')",
            sanitize_line(&format!("{word:?}")),
            commands.join(", ")
        );
        std::process::exit(2);
    }
}

fn review(args: ReviewArgs) -> Result<()> {
    reject_mistyped_command(args.corpus.as_deref());
    let cfg = io::load_config()?;
    let reviewer = io::resolve_reviewer(args.reviewer.as_deref(), &cfg);
    let schema = Arc::new(schema(args.schema.as_deref())?);
    let keymap = keymap(&cfg)?;
    // A JSONL corpus's index is cached (keyed by the file's path, size and mtime). Without a
    // cache, a large one opens by its first chunk and the rest is counted in the background;
    // --start, --predictions and --shard need the whole corpus first.
    let cache_dir = io::cachefile::default_dir();
    let path = args.corpus.clone().unwrap_or_else(default_corpus);
    let (mut corpus, rest) =
        if args.start.is_none() && args.predictions.is_none() && args.shard.is_none() {
            Corpus::open_growing(&path, &cache_dir)?
        } else {
            (Corpus::open_cached(&path, &cache_dir)?, None)
        };
    let mut messages: Vec<String> = corpus.warnings().to_vec();
    let predictions = match &args.predictions {
        Some(p) => {
            let set = io::load_predictions(p, &schema)?;
            messages.extend(set.warnings.iter().cloned());
            messages.extend(set.warn_unknown_ids(&corpus));
            Some(set)
        }
        None => None,
    };
    for m in &messages {
        eprintln!("vetter: warning: {}", sanitize_line(m));
    }
    // `--shard K/N`: the review sees only the shard's articles (predictions were checked
    // against the whole corpus).
    let shard = vetter::batch::shard::for_review(&mut corpus, args.shard, args.overlap)?;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(eyre!(
            "vetter review needs a terminal (stdin and stdout must be a TTY)"
        ));
    }
    let start = match &args.start {
        Some(id) => Some(corpus.index_of(id).ok_or_else(|| {
            let of = shard.map(|s| format!("{s} of ")).unwrap_or_default();
            eyre!("--start: no article {id:?} in {of}{}", corpus.describe())
        })?),
        None => None,
    };
    let suggester: Option<Box<dyn vetter::domain::prediction::Suggest>> = if args.no_extract {
        None
    } else {
        Some(Box::new(Extractor::new(&schema)?))
    };
    let store = AnnotationStore::new(&args.annotations, &reviewer);
    // One reviewer, one process: held until vetter exits (the kernel releases it on a crash).
    let _lock = if args.read_only {
        None
    } else {
        lock_folder(&store)?
    };
    // Temporary files left by killed saves are removed by the background scan (`app::scan`).
    let mut services = Services::new(corpus, store, predictions, schema, suggester);
    if let Some(rest) = rest {
        services.count_later(rest);
    }
    if args.read_only {
        services.read_only = Some("opened with --read-only".into());
    }
    // The queue comes from the status index at once; every annotation file is checked in the
    // background after the first frame (see `app::scan`).
    services.use_index(&cache_dir);
    let mut queue = services.startup_queue();
    queue.shard = shard;
    if start.is_some() {
        services.set_resume(false);
    }
    let start = start.unwrap_or_else(|| queue.first_unfinished());
    let startup = Startup {
        start,
        messages,
        queue,
    };
    let outcome = runner::run(services, keymap, &reviewer, Theme::from_env(), startup)?;
    report_outcome(&outcome);
    match outcome.exit_code() {
        0 => Ok(()),
        code => std::process::exit(code),
    }
}

fn runner_now() -> String {
    vetter::app::runtime::now_rfc3339()
}

/// After the terminal is restored: what could not be saved, and where it went.
fn report_outcome(outcome: &vetter::app::runtime::Outcome) {
    for path in &outcome.recovered {
        eprintln!(
            "vetter: could not save; the annotation was written to the recovery file {}",
            sanitize_line(path)
        );
    }
    if !outcome.unsaved.is_empty() {
        eprintln!(
            "vetter: {} annotation(s) NOT saved: {}",
            outcome.unsaved.len(),
            sanitize_line(&outcome.unsaved.join(", "))
        );
    }
}

/// What opening the corpus skipped (unreadable lines, repeated ids), on stderr.
fn warn_corpus(corpus: &Corpus) {
    for w in corpus.warnings() {
        eprintln!("vetter: warning: {}", sanitize_line(w));
    }
}

fn validate(args: ValidateArgs) -> Result<()> {
    let schema = schema(args.schema.as_deref())?;
    let corpus = if args.no_corpus {
        None
    } else {
        Some(Corpus::open(&args.corpus.unwrap_or_else(default_corpus))?)
    };
    if let Some(c) = &corpus {
        warn_corpus(c);
    }
    if !args.dir.exists() {
        return Err(eyre!("{}: no such file or directory", args.dir.display()));
    }
    let problems = io::validate_dir(&args.dir, &schema, corpus.as_ref());
    for p in &problems {
        println!("{}", sanitize_line(&p.to_string()));
    }
    if problems.is_empty() {
        let line = format!("{}: no problems", args.dir.display());
        eprintln!("vetter: {}", sanitize_line(&line));
        Ok(())
    } else {
        eprintln!("vetter: {} problem(s)", problems.len());
        std::process::exit(1);
    }
}

fn stats(args: StatsCliArgs) -> Result<()> {
    use std::io::Write;
    let corpus = optional_corpus(args.corpus.as_deref())?;
    let run = vetter::batch::stats::StatsArgs {
        dir: &args.dir,
        corpus: corpus.as_ref(),
    };
    let report = vetter::batch::stats::run(&run)?;
    for w in &report.warnings {
        eprintln!("vetter: warning: {}", sanitize_line(w));
    }
    if report.files.counted == 0 {
        let what = match &corpus {
            Some(c) => format!("no annotation of an article of {}", c.describe()),
            None => "no annotation could be read".into(),
        };
        return Err(eyre!("{}: {what}", args.dir.display()));
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = if args.json {
        let json = io::json_out::to_string_pretty(&report)?;
        writeln!(out, "{json}")
    } else {
        report.table().iter().try_for_each(|l| writeln!(out, "{l}"))
    };
    match written.and_then(|()| out.flush()) {
        // The reader went away (`| head`): stop quietly, as pipeline tools do.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        other => other?,
    }
    eprintln!("vetter: {}", sanitize_line(&report.summary()));
    Ok(())
}

fn agree(args: AgreeCliArgs) -> Result<()> {
    use std::io::Write;
    let schema = schema(args.schema.as_deref())?;
    let corpus = optional_corpus(args.corpus.as_deref())?;
    let run = vetter::batch::agree::AgreeArgs {
        dir: &args.dir,
        schema: &schema,
        corpus: corpus.as_ref(),
    };
    let report = vetter::batch::agree::run(&run)?;
    for w in &report.warnings {
        eprintln!("vetter: warning: {}", sanitize_line(w));
    }
    eprintln!("vetter: {}", sanitize_line(&report.summary()));
    if report.articles.compared == 0 {
        return Err(eyre!(
            "{}: no article was marked done by two reviewers or more",
            args.dir.display()
        ));
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = if args.json {
        let json = io::json_out::to_string_pretty(&report)?;
        writeln!(out, "{json}")
    } else {
        report.table().iter().try_for_each(|l| writeln!(out, "{l}"))
    };
    match written.and_then(|()| out.flush()) {
        // The reader went away (`| head`): stop quietly, as pipeline tools do.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn shard_cmd(args: ShardCliArgs) -> Result<()> {
    let corpus = Corpus::open(&args.corpus)?;
    warn_corpus(&corpus);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match vetter::batch::shard::run(&corpus, args.shards, args.overlap, &mut out) {
        Ok(summary) => eprintln!("vetter: {}", summary.line()),
        // The reader went away (`| head`): stop quietly, as pipeline tools do.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// `vetter adjudicate`: the review loop over the articles two or more reviewers finished, each
/// opened with their annotations (see `app::adjudicate`), saving under the adjudicator's folder.
fn adjudicate(args: AdjudicateArgs) -> Result<()> {
    let cfg = io::load_config()?;
    let reviewer = io::resolve_reviewer(args.reviewer.as_deref(), &cfg);
    let schema = Arc::new(schema(args.schema.as_deref())?);
    let keymap = keymap(&cfg)?;
    let cache_dir = io::cachefile::default_dir();
    let mut corpus = Corpus::open_cached(&args.corpus.unwrap_or_else(default_corpus), &cache_dir)?;
    warn_corpus(&corpus);
    let team = io::team::Team::open(&args.annotations)?;
    let found = vetter::app::adjudicate::Plan::find(team, &reviewer, &mut corpus);
    for m in &found.messages {
        eprintln!("vetter: warning: {}", sanitize_line(m));
    }
    if found.plan.is_empty() {
        let dir = args.annotations.display().to_string();
        return Err(eyre!(
            "{}: no article of {} was finished by two or more reviewers",
            sanitize_line(&dir),
            corpus.describe()
        ));
    }
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(eyre!(
            "vetter adjudicate needs a terminal (stdin and stdout must be a TTY)"
        ));
    }
    let store = AnnotationStore::new(&args.annotations, &reviewer);
    let _lock = lock_folder(&store)?;
    let mut services = Services::new(corpus, store, None, schema, None);
    services.adjudicate = Some(found.plan);
    let start = found.queue.first_unfinished();
    let startup = Startup {
        start,
        messages: found.messages,
        queue: found.queue,
    };
    let outcome = runner::run(services, keymap, &reviewer, Theme::from_env(), startup)?;
    report_outcome(&outcome);
    match outcome.exit_code() {
        0 => Ok(()),
        code => std::process::exit(code),
    }
}

fn export_cmd(args: vetter::cli::ExportCliArgs) -> Result<()> {
    use vetter::batch::export::{self, ExportArgs, ExportError, Format};
    use vetter::cli::ExportFormat;
    let schema = schema(args.schema.as_deref())?;
    let format = match args.format {
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Spans => Format::Spans,
    };
    // Texts are read when needed, or when a corpus is named (then only its articles go out).
    let needs = format == Format::Spans || args.pseudonymise;
    let corpus = match (&args.corpus, needs) {
        (Some(p), _) => Some(Corpus::open(p)?),
        (None, true) => Some(Corpus::open(&default_corpus())?),
        (None, false) => None,
    };
    if let Some(c) = &corpus {
        warn_corpus(c);
    }
    let run = ExportArgs {
        dir: &args.dir,
        schema: &schema,
        format,
        reviewer: args.reviewer.as_deref(),
        gold: args.gold,
        table: args.table.as_deref(),
        texts: corpus.as_ref(),
        byte_offsets: args.byte_offsets,
        pseudonymise: args.pseudonymise,
    };
    let mut note = |m: &str| eprintln!("vetter: {}", sanitize_line(m));
    let mut file = match &args.output {
        Some(p) => {
            Some(io::atomic::AtomicFile::create(p).wrap_err_with(|| p.display().to_string())?)
        }
        None => None,
    };
    let stdout = std::io::stdout();
    let mut lock = std::io::BufWriter::new(stdout.lock());
    let out: &mut dyn std::io::Write = match file.as_mut() {
        Some(f) => f,
        None => &mut lock,
    };
    let summary = match export::run(&run, out, &mut note) {
        Ok(s) => s,
        // The reader went away (`| head`): stop quietly, as pipeline tools do.
        Err(ExportError::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    eprintln!("vetter: {}", sanitize_line(&summary.line()));
    if summary.exported == 0 {
        // Dropped without commit, an output file keeps what it held.
        drop(file);
        return Err(eyre!("{}: no annotation to export", args.dir.display()));
    }
    if let Some(f) = file {
        f.commit()?;
    }
    Ok(())
}

/// Locks a reviewer's folder for this process (held until vetter exits; the kernel releases it on
/// a crash). Another process holding it is an error; a lock that cannot be taken for another
/// reason (a file system without locks) is a warning, and the review goes on unlocked.
fn lock_folder(store: &AnnotationStore) -> Result<Option<io::lock::SessionLock>> {
    match io::lock::acquire(&store.dir(), &runner_now()) {
        Ok(lock) => Ok(Some(lock)),
        Err(e @ io::lock::LockError::Held { .. }) => Err(e.into()),
        Err(e) => {
            eprintln!(
                "vetter: warning: could not lock the annotations folder: {}",
                sanitize_line(&e.to_string())
            );
            Ok(None)
        }
    }
}

/// The corpus a batch command was given, if any (its warnings printed).
fn optional_corpus(path: Option<&Path>) -> Result<Option<Corpus>> {
    let Some(path) = path else { return Ok(None) };
    let corpus = Corpus::open(path)?;
    warn_corpus(&corpus);
    Ok(Some(corpus))
}
