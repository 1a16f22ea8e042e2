//! The command line: help, version, argument errors, `validate` and the errors `review` gives
//! before it needs a terminal. Every run gets an empty config directory and a scratch working
//! directory, so neither the user's configuration nor the repository's files are involved.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;
use vetter::domain::annotation::{
    new_record, Annotation, Entry, FieldAnn, FieldState, Span, Status,
};
use vetter::domain::schema::Schema;
use vetter::domain::value::Value;
use vetter::io::{default_schema, AnnotationStore, Corpus};

const REVIEWER: &str = "tester";
const NOW: &str = "2024-05-01T12:00:00Z";

fn articles() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles")
}

/// A scratch working directory and an empty config directory.
struct Env {
    tmp: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("config")).unwrap();
        fs::create_dir(tmp.path().join("cwd")).unwrap();
        Env { tmp }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    fn vetter(&self) -> Command {
        let mut cmd = Command::cargo_bin("vetter").unwrap();
        cmd.current_dir(self.path("cwd"))
            .env("VETTER_CONFIG", self.path("config"))
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE")
            .timeout(Duration::from_secs(60));
        cmd
    }

    fn validate(&self, dir: &Path) -> Command {
        let mut cmd = self.vetter();
        cmd.arg("validate").arg(dir).arg("--corpus").arg(articles());
        cmd
    }
}

// ----------------------------------------------------------------------------------------------
// Annotations made with the library, as the program itself would save them.

struct Sample {
    id: String,
    text: String,
    hash: String,
}

fn samples() -> Vec<Sample> {
    let corpus = Corpus::open(&articles()).unwrap();
    assert_eq!(corpus.len(), 3, "the bundled samples");
    (0..corpus.len())
        .map(|i| {
            let a = corpus.load(i).unwrap();
            Sample {
                hash: a.text_hash(),
                id: a.id,
                text: a.text,
            }
        })
        .collect()
}

fn value(v: Value) -> Entry {
    Entry::Value(v)
}

/// The code point span of the first occurrence of `quote` in `text`.
fn span_of(text: &str, quote: &str) -> Span {
    let byte = text
        .find(quote)
        .unwrap_or_else(|| panic!("{quote:?} not in the article"));
    let start = text[..byte].chars().count();
    Span {
        start,
        end: start + quote.chars().count(),
        quote: quote.to_string(),
        stale: false,
    }
}

fn set<'a>(
    ann: &'a mut Annotation,
    key: &str,
    state: FieldState,
    entry: Entry,
) -> &'a mut FieldAnn {
    let f = ann.field_mut(key).unwrap();
    f.state = state;
    f.value = entry;
    f
}

/// A valid annotation of a sample: a few fields reviewed, one participant, city evidence.
fn good(schema: &Schema, s: &Sample) -> Annotation {
    let mut a = Annotation::new(schema, &s.id, &s.hash, REVIEWER, NOW);
    let city = if s.id.starts_with("kenosha") {
        "Kenosha"
    } else {
        "Farmington"
    };
    set(
        &mut a,
        "city",
        FieldState::Confirmed,
        value(Value::Text(city.into())),
    )
    .evidence
    .push(span_of(&s.text, city));
    set(
        &mut a,
        "num_killed",
        FieldState::Corrected,
        value(Value::Int(0)),
    );
    set(
        &mut a,
        "officer_outcome",
        FieldState::Confirmed,
        value(Value::Choice("resigned".into())),
    );
    set(
        &mut a,
        "incident_date",
        FieldState::Rejected,
        Entry::NotMentioned,
    );
    let Some(vetter::domain::schema::FieldType::Group(subs)) =
        schema.field("participants").map(|d| d.kind.clone())
    else {
        panic!("participants is a group")
    };
    let mut rec = new_record(&subs);
    let role = rec.fields.iter_mut().find(|f| f.key == "role").unwrap();
    role.state = FieldState::Corrected;
    role.value = value(Value::Choice("officer".into()));
    set(
        &mut a,
        "participants",
        FieldState::Corrected,
        Entry::Records(vec![rec]),
    );
    a
}

/// Saves annotations under `root/<reviewer>/`; the paths written.
fn save_all(root: &Path, anns: &[Annotation]) -> Vec<PathBuf> {
    let store = AnnotationStore::new(root, REVIEWER);
    anns.iter()
        .map(|a| {
            store.save(a).unwrap();
            store.path_for(&a.article.id)
        })
        .collect()
}

/// One annotation of the first sample, changed by `edit`, saved alone under `root`.
fn one_with(root: &Path, edit: impl FnOnce(&mut Annotation)) -> (PathBuf, String) {
    let schema = default_schema();
    let s = &samples()[0];
    let mut a = good(&schema, s);
    edit(&mut a);
    let path = save_all(root, &[a]).remove(0);
    let text = fs::read_to_string(&path).unwrap();
    (path, text)
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in\n{text}"))
        + 1
}

/// The 1-based line and column where `needle` (first) starts.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let line = line_of(text, needle);
    let col = text.lines().nth(line - 1).unwrap().find(needle).unwrap() + 1;
    (line, col)
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

// ----------------------------------------------------------------------------------------------
// Help and version.

#[test]
fn help_names_the_commands_and_the_config() {
    let env = Env::new();
    env.vetter()
        .arg("--help")
        .assert()
        .success()
        .stdout(
            contains("Usage: vetter [OPTIONS] [CORPUS]")
                .and(contains("vetter <COMMAND>"))
                .and(contains("review"))
                .and(contains("validate"))
                .and(contains("Review facts extracted from articles"))
                .and(contains("VETTER_CONFIG"))
                .and(contains("NO_COLOR"))
                .and(contains("--version")),
        )
        .stderr("");
}

#[test]
fn review_help_lists_its_options() {
    let env = Env::new();
    env.vetter()
        .args(["review", "--help"])
        .assert()
        .success()
        .stdout(
            contains("Usage: vetter review [OPTIONS] [CORPUS]")
                .and(contains("--schema <FILE>"))
                .and(contains("--annotations <DIR>"))
                .and(contains("[default: annotations]"))
                .and(contains("--reviewer <NAME>"))
                .and(contains("--predictions <FILE>"))
                .and(contains("--start <ID>")),
        );
}

#[test]
fn validate_help_lists_its_options() {
    let env = Env::new();
    env.vetter()
        .args(["validate", "--help"])
        .assert()
        .success()
        .stdout(
            contains("Usage: vetter validate [OPTIONS] [DIR]")
                .and(contains("--schema <FILE>"))
                .and(contains("--corpus <PATH>"))
                .and(contains("--no-corpus"))
                .and(contains("Check annotation files")),
        );
}

#[test]
fn help_subcommand_matches_help_flag() {
    let env = Env::new();
    let flag = env.vetter().args(["validate", "--help"]).output().unwrap();
    let sub = env.vetter().args(["help", "validate"]).output().unwrap();
    assert!(sub.status.success());
    assert_eq!(stdout_of(&flag), stdout_of(&sub));
}

#[test]
fn version_prints_name_and_crate_version() {
    let env = Env::new();
    env.vetter()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("vetter {}\n", env!("CARGO_PKG_VERSION")));
}

// ----------------------------------------------------------------------------------------------
// Argument errors: clap's usage error, exit status 2, nothing on stdout.

#[test]
fn unknown_flag_exits_2() {
    let env = Env::new();
    env.vetter()
        .arg("--bogus")
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("--bogus").and(contains("Usage")));
}

#[test]
fn unknown_subcommand_and_subcommand_flag_exit_2() {
    let env = Env::new();
    env.vetter()
        .arg("frobnicate")
        .assert()
        .code(2)
        .stderr(contains("\"frobnicate\" is neither a command nor a corpus"))
        .stderr(contains(
            "Commands: review, validate, schema, extract, eval, calibrate, migrate, stats, agree, \
             shard, adjudicate, export",
        ));
    env.vetter()
        .args(["validate", "--bogus"])
        .assert()
        .code(2)
        .stderr(contains("--bogus"));
    env.vetter()
        .args(["review", "--schema"])
        .assert()
        .code(2)
        .stderr(contains("--schema"));
}

#[test]
fn no_corpus_conflicts_with_corpus() {
    let env = Env::new();
    env.vetter()
        .args(["validate", "--no-corpus", "--corpus", "x"])
        .assert()
        .code(2)
        .stderr(contains("--no-corpus").and(contains("--corpus")));
}

// ----------------------------------------------------------------------------------------------
// validate: good files.

#[test]
fn validate_accepts_good_annotations() {
    let env = Env::new();
    let root = env.path("annotations");
    let schema = default_schema();
    let mut anns: Vec<Annotation> = samples().iter().map(|s| good(&schema, s)).collect();
    anns[1].status = Status::Done;
    anns[2].status = Status::Skipped;
    anns[2].skip_reason = Some("paywall".into());
    anns[2].flag = Some(vetter::domain::annotation::Flag {
        reason: Some("date?".into()),
    });
    anns[0].note = Some("two reports of one incident".into());
    let paths = save_all(&root, &anns);
    assert_eq!(paths.len(), 3);
    // Something that is not an annotation file is not looked at.
    fs::write(root.join(REVIEWER).join("notes.txt"), "not RON").unwrap();
    env.validate(&root)
        .assert()
        .success()
        .stdout("")
        .stderr(contains("no problems"));
    // One file works as well as a directory.
    env.validate(&paths[0]).assert().success().stdout("");
}

#[test]
fn validate_empty_directory_has_no_problems() {
    let env = Env::new();
    let root = env.path("annotations");
    fs::create_dir(&root).unwrap();
    env.validate(&root).assert().success().stdout("");
}

#[test]
fn validate_defaults_to_annotations_in_the_working_directory() {
    let env = Env::new();
    let schema = default_schema();
    let anns: Vec<Annotation> = samples().iter().map(|s| good(&schema, s)).collect();
    save_all(&env.path("cwd/annotations"), &anns);
    // No DIR and no --corpus: ./annotations against the bundled samples.
    env.vetter()
        .arg("validate")
        .assert()
        .success()
        .stdout("")
        .stderr(contains("annotations: no problems"));
}

// ----------------------------------------------------------------------------------------------
// validate: broken files, one `file:line:column: message` line each, exit status 1.

#[test]
fn validate_reports_a_ron_syntax_error_at_its_position() {
    let env = Env::new();
    let root = env.path("annotations");
    let (path, text) = one_with(&root, |_| {});
    // Drop the comma after the reviewer: the parser stops at the next field's name.
    let reviewer_line = line_of(&text, "reviewer: \"tester\",");
    let broken = text.replacen("reviewer: \"tester\",", "reviewer: \"tester\"", 1);
    fs::write(&path, &broken).unwrap();
    let next = broken.lines().nth(reviewer_line).unwrap();
    assert!(next.starts_with("    status:"), "{next:?}");
    let out = env.validate(&root).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = stdout_of(&out);
    let expected = format!("{}:{}:5: ", path.display(), reviewer_line + 1);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with(&expected),
        "expected {expected:?}, got {stdout:?}"
    );
    assert!(stdout.to_lowercase().contains("comma"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 problem"));
}

#[test]
fn validate_reports_a_syntax_error_column_in_code_points() {
    let env = Env::new();
    let root = env.path("annotations");
    let (path, text) = one_with(&root, |a| {
        a.field_mut("location").unwrap().note = Some("école".into());
    });
    // A stray character after a non-ASCII string: its column counts 'é' as one.
    let broken = text.replacen("\"école\"", "\"école\" %", 1);
    fs::write(&path, &broken).unwrap();
    let (line, col) = position_of(&broken, "%");
    let col_chars = broken.lines().nth(line - 1).unwrap()[..col - 1]
        .chars()
        .count()
        + 1;
    assert_eq!(
        col_chars,
        col - 1,
        "the line has one two-byte character before the error"
    );
    let out = env.validate(&root).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = stdout_of(&out);
    let expected = format!("{}:{line}:{col_chars}: ", path.display());
    assert!(
        stdout.starts_with(&expected),
        "expected {expected:?}, got {stdout:?}"
    );
}

#[test]
fn validate_reports_a_value_of_the_wrong_type() {
    let env = Env::new();
    let root = env.path("annotations");
    let (path, text) = one_with(&root, |a| {
        set(
            a,
            "num_injured",
            FieldState::Corrected,
            value(Value::Text("two".into())),
        );
    });
    let (line, col) = position_of(&text, "key: \"num_injured\"");
    env.validate(&root).assert().code(1).stdout(format!(
        "{}:{line}:{col}: field \"num_injured\": expected a whole number, got \"two\"\n",
        path.display()
    ));
}

#[test]
fn validate_reports_an_enum_value_not_in_the_schema() {
    let env = Env::new();
    let root = env.path("annotations");
    let (path, text) = one_with(&root, |a| {
        set(
            a,
            "officer_outcome",
            FieldState::Corrected,
            value(Value::Choice("promoted".into())),
        );
    });
    let (line, col) = position_of(&text, "key: \"officer_outcome\"");
    let out = env.validate(&root).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = stdout_of(&out);
    assert!(
        stdout.starts_with(&format!(
            "{}:{line}:{col}: field \"officer_outcome\": \"promoted\" is not one of: none, leave,",
            path.display()
        )),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
}

#[test]
fn validate_reports_an_unknown_field() {
    let env = Env::new();
    let root = env.path("annotations");
    let (path, text) = one_with(&root, |a| {
        let mut f = FieldAnn::new("weather");
        f.state = FieldState::Corrected;
        f.value = value(Value::Text("rain".into()));
        a.fields.push(f);
    });
    let (line, col) = position_of(&text, "key: \"weather\"");
    env.validate(&root).assert().code(1).stdout(format!(
        "{}:{line}:{col}: unknown field \"weather\"\n",
        path.display()
    ));
}

#[test]
fn validate_reports_an_unknown_field_inside_a_record() {
    let env = Env::new();
    let root = env.path("annotations");
    let (path, text) = one_with(&root, |a| {
        let p = a.field_mut("participants").unwrap();
        if let Entry::Records(recs) = &mut p.value {
            recs[0].fields.push(FieldAnn::new("badge"));
        }
    });
    let (line, col) = position_of(&text, "key: \"badge\"");
    env.validate(&root).assert().code(1).stdout(format!(
        "{}:{line}:{col}: unknown field \"participants[0].badge\"\n",
        path.display()
    ));
}

#[test]
fn validate_reports_a_changed_article_text() {
    let env = Env::new();
    let root = env.path("annotations");
    let (path, text) = one_with(&root, |a| {
        a.article.text_hash = format!("sha256:{}", "0".repeat(64));
    });
    let (line, col) = position_of(&text, "text_hash:");
    env.validate(&root).assert().code(1).stdout(format!(
        "{}:{line}:{col}: article text changed since annotation\n",
        path.display()
    ));
}

#[test]
fn validate_reports_an_evidence_quote_that_is_not_the_text() {
    let env = Env::new();
    let root = env.path("annotations");
    let (path, text) = one_with(&root, |a| {
        let city = a.field_mut("city").unwrap();
        city.evidence[0].quote = "Farmingtom".into();
    });
    let (start, end) = {
        let a = vetter::io::parse_annotation(&text, &path).unwrap();
        let e = &a.field("city").unwrap().evidence[0];
        (e.start, e.end)
    };
    let (line, col) = position_of(&text, "key: \"city\"");
    env.validate(&root).assert().code(1).stdout(format!(
        "{}:{line}:{col}: field \"city\": evidence quote \"Farmingtom\" is not the article text at {start}..{end}\n",
        path.display()
    ));
}

#[test]
fn validate_reports_an_article_not_in_the_corpus() {
    let env = Env::new();
    let root = env.path("annotations");
    let schema = default_schema();
    let s = Sample {
        id: "not-a-sample".into(),
        text: "Farmington".into(),
        hash: "sha256:00".into(),
    };
    let path = save_all(&root, &[good(&schema, &s)]).remove(0);
    let text = fs::read_to_string(&path).unwrap();
    let (line, col) = position_of(&text, "id:");
    let out = env.validate(&root).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = stdout_of(&out);
    assert!(
        stdout.starts_with(&format!(
            "{}:{line}:{col}: article \"not-a-sample\" is not in ",
            path.display()
        )),
        "{stdout}"
    );
    // Without a corpus the same file is fine.
    env.vetter()
        .arg("validate")
        .arg(&root)
        .arg("--no-corpus")
        .assert()
        .success()
        .stdout("");
}

#[test]
fn validate_reports_every_problem_in_path_order() {
    let env = Env::new();
    let root = env.path("annotations");
    let schema = default_schema();
    let samples = samples();
    let mut anns: Vec<Annotation> = samples.iter().map(|s| good(&schema, s)).collect();
    anns[0].article.text_hash = "sha256:0".into();
    set(
        &mut anns[1],
        "num_killed",
        FieldState::Corrected,
        value(Value::Text("x".into())),
    );
    anns[2].fields.push(FieldAnn::new("weather"));
    let paths = save_all(&root, &anns);
    let out = env.validate(&root).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = stdout_of(&out);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    let mut sorted = paths.clone();
    sorted.sort();
    for (line, path) in lines.iter().zip(&sorted) {
        let prefix = format!("{}:", path.display());
        assert!(
            line.starts_with(&prefix),
            "{line:?} should start with {prefix:?}"
        );
        let rest = &line[prefix.len()..];
        let mut parts = rest.splitn(3, ':');
        let l: usize = parts.next().unwrap().parse().expect("a line number");
        let c: usize = parts.next().unwrap().parse().expect("a column number");
        assert!(l >= 1 && c >= 1, "{line}");
        assert!(parts.next().unwrap().starts_with(' '), "{line}");
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 problem(s)"));
}

#[test]
fn no_corpus_skips_the_corpus_checks_only() {
    let env = Env::new();
    let root = env.path("annotations");
    let (_, _) = one_with(&root, |a| {
        a.article.text_hash = "sha256:0".into();
        a.field_mut("city").unwrap().evidence[0].quote = "Nowhere".into();
    });
    env.validate(&root).assert().code(1);
    env.vetter()
        .arg("validate")
        .arg(&root)
        .arg("--no-corpus")
        .assert()
        .success()
        .stdout("");
    // Schema checks still run without a corpus.
    let other = env.path("other");
    let (path, text) = one_with(&other, |a| a.fields.push(FieldAnn::new("weather")));
    let (line, col) = position_of(&text, "key: \"weather\"");
    env.vetter()
        .arg("validate")
        .arg(&other)
        .arg("--no-corpus")
        .assert()
        .code(1)
        .stdout(format!(
            "{}:{line}:{col}: unknown field \"weather\"\n",
            path.display()
        ));
}

#[test]
fn validate_missing_dir_fails_with_a_clear_message() {
    let env = Env::new();
    let missing = env.path("no-such-dir");
    env.validate(&missing)
        .assert()
        .failure()
        .stdout("")
        .stderr(contains(format!(
            "{}: no such file or directory",
            missing.display()
        )));
}

#[test]
fn validate_missing_corpus_fails_naming_it() {
    let env = Env::new();
    let root = env.path("annotations");
    fs::create_dir(&root).unwrap();
    let missing = env.path("no-articles-here");
    env.vetter()
        .arg("validate")
        .arg(&root)
        .arg("--corpus")
        .arg(&missing)
        .assert()
        .failure()
        .stderr(contains(missing.display().to_string()));
}

// ----------------------------------------------------------------------------------------------
// Bad schema files: file:line:column.

/// A schema file whose third line lacks a comma: the error is at the start of the fourth.
fn bad_schema(env: &Env) -> PathBuf {
    let path = env.path("bad-schema.ron");
    fs::write(
        &path,
        "(\n    name: \"mini\",\n    version: 1\n    fields: [],\n)\n",
    )
    .unwrap();
    path
}

#[test]
fn validate_with_a_malformed_schema_names_file_line_column() {
    let env = Env::new();
    let root = env.path("annotations");
    fs::create_dir(&root).unwrap();
    let schema = bad_schema(&env);
    env.vetter()
        .arg("validate")
        .arg(&root)
        .arg("--schema")
        .arg(&schema)
        .assert()
        .failure()
        .stdout("")
        .stderr(contains(format!("{}:4:5: ", schema.display())));
}

#[test]
fn review_with_a_malformed_schema_names_file_line_column() {
    let env = Env::new();
    let schema = bad_schema(&env);
    env.vetter()
        .arg("review")
        .arg(articles())
        .arg("--schema")
        .arg(&schema)
        .assert()
        .failure()
        .stdout("")
        .stderr(contains(format!("{}:4:5: ", schema.display())));
}

#[test]
fn missing_schema_file_is_named() {
    let env = Env::new();
    let missing = env.path("nope.ron");
    env.vetter()
        .arg("validate")
        .arg("--no-corpus")
        .arg("--schema")
        .arg(&missing)
        .assert()
        .failure()
        .stderr(contains(missing.display().to_string()));
}

// ----------------------------------------------------------------------------------------------
// review: corpus errors come before the terminal check, so they need no TTY.

#[test]
fn review_with_a_missing_corpus_names_the_path() {
    let env = Env::new();
    let missing = env.path("no-such-corpus");
    env.vetter()
        .arg("review")
        .arg(&missing)
        .arg("--annotations")
        .arg(env.path("annotations"))
        .assert()
        .failure()
        .stdout("")
        .stderr(
            contains(format!("{}: no such file or directory", missing.display()))
                .and(contains("terminal").not()),
        );
    assert!(!env.path("annotations").exists());
}

#[test]
fn review_with_an_empty_corpus_directory_names_the_path() {
    let env = Env::new();
    let empty = env.path("empty");
    fs::create_dir(&empty).unwrap();
    fs::write(empty.join("README"), "no articles in here").unwrap();
    env.vetter()
        .arg("review")
        .arg(&empty)
        .assert()
        .failure()
        .stdout("")
        .stderr(
            contains(format!("{}: no articles", empty.display())).and(contains("terminal").not()),
        );
}

#[test]
fn review_with_missing_predictions_names_the_file() {
    let env = Env::new();
    let missing = env.path("missing.jsonl");
    env.vetter()
        .arg("review")
        .arg(articles())
        .arg("--predictions")
        .arg(&missing)
        .assert()
        .failure()
        .stderr(contains(missing.display().to_string()));
}

#[test]
fn review_with_an_unknown_start_id_fails_after_the_terminal_check() {
    // Without a terminal, the terminal check comes first: the bad --start is not reached.
    let env = Env::new();
    env.vetter()
        .arg("review")
        .arg(articles())
        .args(["--start", "no-such-article"])
        .assert()
        .failure()
        .stderr(contains("terminal"));
}

#[test]
fn a_malformed_config_file_is_reported_with_its_position() {
    let env = Env::new();
    let config = env.path("config/config.ron");
    fs::write(&config, "(\n    reviewr: \"x\",\n)\n").unwrap();
    env.vetter()
        .arg("review")
        .arg(articles())
        .assert()
        .failure()
        .stderr(contains(format!("{}:2:", config.display())));
}

// ----------------------------------------------------------------------------------------------
// Error output.

#[test]
fn errors_are_plain_text_with_no_color() {
    let env = Env::new();
    let missing = env.path("no-such-corpus");
    let out = env.vetter().arg("review").arg(&missing).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no such file or directory"), "{stderr}");
    assert!(
        !stderr.contains('\x1b'),
        "NO_COLOR=1 and a pipe, yet escape sequences: {stderr:?}"
    );
}

#[test]
fn validate_reports_a_misspelt_key_in_an_annotation_file() {
    let env = Env::new();
    let root = env.path("annotations");
    let (path, text) = one_with(&root, |_| {});
    let broken = text.replacen("note: None,", "notes: Some(\"check the date\"),", 1);
    assert_ne!(broken, text);
    fs::write(&path, &broken).unwrap();
    let (line, col) = position_of(&broken, "notes:");
    let out = env.validate(&root).output().unwrap();
    let stdout = stdout_of(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "no problem reported for `notes:`"
    );
    assert!(
        stdout.starts_with(&format!("{}:{line}:", path.display())),
        "expected a problem on line {line} (column {col}): {stdout}"
    );
}
