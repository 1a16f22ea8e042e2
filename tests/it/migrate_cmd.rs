//! Schema versions: `vetter migrate` on copies of annotation folders, `vetter validate` of older
//! and newer files, and `vetter schema --check` of migration rules. Every run works in a scratch
//! directory with an empty config directory.

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;
use vetter::domain::annotation::{Annotation, Entry};
use vetter::domain::value::Value;
use vetter::io::{load_schema, parse_annotation, to_ron};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn v2() -> PathBuf {
    root().join("assets/schema/examples/incident-v2.ron")
}

struct Env {
    tmp: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("config")).unwrap();
        Env { tmp }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    fn vetter(&self) -> Command {
        let mut cmd = Command::cargo_bin("vetter").unwrap();
        cmd.current_dir(self.tmp.path())
            .env("VETTER_CONFIG", self.path("config"))
            .env("NO_COLOR", "1")
            .timeout(Duration::from_secs(60));
        cmd
    }

    /// A copy of `annotations/example` at `rel`.
    fn example_copy(&self, rel: &str) -> PathBuf {
        let dir = self.path(rel);
        fs::create_dir_all(&dir).unwrap();
        for e in fs::read_dir(root().join("annotations/example")).unwrap() {
            let e = e.unwrap();
            fs::copy(e.path(), dir.join(e.file_name())).unwrap();
        }
        dir
    }

    fn migrate(&self, dir: &Path) -> Command {
        let mut cmd = self.vetter();
        cmd.arg("migrate").arg(dir).arg("--schema").arg(v2());
        cmd
    }

    fn validate(&self, dir: &Path) -> Command {
        let mut cmd = self.vetter();
        cmd.arg("validate")
            .arg(dir)
            .arg("--schema")
            .arg(v2())
            .arg("--corpus")
            .arg(root().join("assets/articles"));
        cmd
    }
}

fn load(path: &Path) -> Annotation {
    parse_annotation(&fs::read_to_string(path).unwrap(), path).unwrap()
}

/// Every file of a directory (not entering hidden ones) and its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .map(|p| {
            let bytes = fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_example_migrates_to_v2_validates_and_a_second_run_changes_nothing() {
    let env = Env::new();
    let dir = env.example_copy("copy/example");
    let before = snapshot(&dir);
    env.validate(&dir).assert().success();
    env.migrate(&dir)
        .assert()
        .success()
        .stdout(contains(
            "kenosha-officer-knee-on-neck.ron: migrated from version 1 to 2 \
             (renamed agency -> law_enforcement_agency; retired legal_action)",
        ))
        .stderr(contains(
            "3 file(s): 3 migrated, 0 already current, 0 error(s)",
        ));
    env.validate(&dir)
        .assert()
        .success()
        .stderr(contains("no problems"));
    let schema = load_schema(&v2()).unwrap();
    for (path, bytes) in &before {
        let old = parse_annotation(std::str::from_utf8(bytes).unwrap(), path).unwrap();
        let new = load(path);
        assert_eq!(new.schema.version, 2);
        let agency = old.field("agency").unwrap();
        let lea = new.field("law_enforcement_agency").unwrap();
        assert_eq!(lea.value, agency.value);
        assert!(matches!(lea.value, Entry::Value(Value::Text(_))));
        assert_eq!((lea.state, &lea.evidence), (agency.state, &agency.evidence));
        assert!(new.field("agency").is_none() && new.field("legal_action").is_none());
        assert_eq!(new.retired, [old.field("legal_action").unwrap().clone()]);
        // Everything else as it was.
        for f in old
            .fields
            .iter()
            .filter(|f| f.key != "agency" && f.key != "legal_action")
        {
            assert_eq!(new.field(&f.key), Some(f), "{}", f.key);
        }
        assert_eq!(
            (&new.article, &new.created, &new.updated),
            (&old.article, &old.created, &old.updated)
        );
        assert!(vetter::io::validate::check_annotation(&new, &schema).is_empty());
        assert_eq!(fs::read_to_string(path).unwrap(), to_ron(&new));
    }
    let migrated = snapshot(&dir);
    env.migrate(&dir)
        .assert()
        .success()
        .stdout(contains(
            "kenosha-officer-knee-on-neck.ron: already current (version 2)",
        ))
        .stderr(contains("0 migrated, 3 already current, 0 error(s)"));
    assert_eq!(snapshot(&dir), migrated);
}

#[test]
fn a_dry_run_writes_nothing() {
    let env = Env::new();
    let dir = env.example_copy("ex");
    let before = snapshot(&dir);
    env.migrate(&dir)
        .arg("--dry-run")
        .assert()
        .success()
        .stdout(contains("would migrate from version 1 to 2"))
        .stderr(contains("3 to migrate").and(contains("dry run: nothing written")));
    assert_eq!(snapshot(&dir), before);
    assert!(!dir.join(vetter::io::lock::LOCK_FILE).exists());
}

#[test]
fn files_that_cannot_be_migrated_are_reported_and_left_alone() {
    let env = Env::new();
    let dir = env.example_copy("mixed");
    let good = dir.join("kenosha-officer-knee-on-neck.ron");
    let text = fs::read_to_string(&good).unwrap();
    // A file that does not parse, one of a newer version, one with a field no migration
    // accounts for, one of another schema; in a sub-folder, so the walk is recursive; one name
    // with an escape sequence in it.
    let sub = dir.join("sub");
    fs::create_dir(&sub).unwrap();
    let broken = sub.join("broken\u{1b}[31m.ron");
    fs::write(&broken, "(format: 1, schema: (").unwrap();
    let newer = sub.join("newer.ron");
    fs::write(&newer, text.replacen("version: 1,", "version: 3,", 1)).unwrap();
    let unknown = sub.join("unknown.ron");
    fs::write(&unknown, text.replacen("key: \"city\"", "key: \"town\"", 1)).unwrap();
    let other = sub.join("other.ron");
    fs::write(
        &other,
        text.replacen("name: \"incident\"", "name: \"crash\"", 1),
    )
    .unwrap();
    let bad = [&broken, &newer, &unknown, &other];
    let before: Vec<_> = bad.iter().map(|p| fs::read(p).unwrap()).collect();
    let out = env.migrate(&dir).assert().code(1).get_output().clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(stdout.contains("broken␛[31m.ron:1:"), "{stdout}");
    assert!(
        stdout.contains(
            "newer.ron: error: annotated with version 3 of schema \"incident\", newer than the \
             schema in use (version 2); not changed"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("unknown.ron: error: field \"town\" is not in version 2"),
        "{stdout}"
    );
    assert!(
        stdout.contains("other.ron: error: annotated with schema \"crash\", not \"incident\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("kenosha-officer-knee-on-neck.ron: migrated"),
        "{stdout}"
    );
    assert!(
        stderr.contains("7 file(s): 3 migrated, 0 already current, 4 error(s)"),
        "{stderr}"
    );
    let after: Vec<_> = bad.iter().map(|p| fs::read(p).unwrap()).collect();
    assert_eq!(after, before);
    assert_eq!(load(&good).schema.version, 2);
}

#[test]
fn a_file_that_would_not_fit_after_migration_is_not_written() {
    let env = Env::new();
    let dir = env.path("one");
    fs::create_dir(&dir).unwrap();
    let src = root().join("annotations/example/kenosha-officer-knee-on-neck.ron");
    let path = dir.join("kenosha-officer-knee-on-neck.ron");
    let text = fs::read_to_string(src).unwrap();
    // A choice version 2 does not have: it does not migrate cleanly.
    let text = text.replace("Choice(\"resigned\")", "Choice(\"promoted\")");
    fs::write(&path, &text).unwrap();
    env.migrate(&path).assert().code(1).stdout(contains(
        "migrated, it would not fit version 2: field \"officer_outcome\"",
    ));
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    // validate says the same of the file.
    env.validate(&path)
        .assert()
        .code(1)
        .stdout(contains("\"promoted\" is not one of"));
}

#[test]
fn a_file_with_a_journal_or_a_folder_under_review_is_not_touched() {
    let env = Env::new();
    let dir = env.example_copy("j");
    let path = dir.join("kenosha-officer-knee-on-neck.ron");
    fs::write(vetter::io::journal::path_of(&path), "(unsaved)").unwrap();
    let before = snapshot(&dir);
    {
        let _lock = vetter::io::lock::acquire(&dir, "now").unwrap();
        let out = env.migrate(&dir).assert().code(1).get_output().clone();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            stdout.contains("kenosha-officer-knee-on-neck.ron: error: ")
                && stdout.contains(".kenosha-officer-knee-on-neck.ron.journal holds changes"),
            "{stdout}"
        );
        let held = "farmington-officer-resigns-video.ron: error: its folder is in use by a \
                    vetter review (pid ";
        assert!(stdout.contains(held), "{stdout}");
        assert_eq!(snapshot(&dir), before);
    }
    // With the review gone, the others migrate; the one with a journal still waits.
    env.migrate(&dir).assert().code(1);
    assert_eq!(load(&path).schema.version, 1);
    let other = dir.join("farmington-officer-resigns-video.ron");
    assert_eq!(load(&other).schema.version, 2);
}

#[test]
fn validate_reports_newer_versions_and_older_files_that_do_not_migrate() {
    let env = Env::new();
    let dir = env.example_copy("v");
    let path = dir.join("kenosha-officer-knee-on-neck.ron");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replacen("version: 1,", "version: 7,", 1)).unwrap();
    let unknown = dir.join("farmington-officer-resigns-video.ron");
    let t = fs::read_to_string(&unknown).unwrap();
    fs::write(&unknown, t.replacen("key: \"city\"", "key: \"town\"", 1)).unwrap();
    let out = env.validate(&dir).assert().code(1).get_output().clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let line = |p: &Path| format!("{}:5:9: schema version", p.display());
    assert!(
        stdout.contains(&format!(
            "{} 7 is newer than the schema in use (version 2); fields not checked",
            line(&path)
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{} 1 does not migrate to version 2: field \"town\" is not in version 2",
            line(&unknown)
        )),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
}

#[test]
fn an_older_annotation_in_memory_must_be_migrated_before_review() {
    let schema = load_schema(&v2()).unwrap();
    let path = root().join("annotations/example/kenosha-officer-knee-on-neck.ron");
    let old = load(&path);
    let problems = vetter::io::validate::check_annotation(&old, &schema);
    assert_eq!(
        problems,
        [
            "schema version 1 is older than the schema in use (version 2): migrate it first; \
          fields not checked"
        ]
    );
    let m = vetter::domain::migrate::migrate(&old, &schema).unwrap();
    assert!(vetter::io::validate::check_annotation(&m.annotation, &schema).is_empty());
}

/// The example schema with its migration rule's text replaced.
fn bad_rule(env: &Env, from: &str, to: &str) -> (PathBuf, String) {
    let text = fs::read_to_string(v2()).unwrap();
    assert!(text.contains(from), "{from}");
    let path = env.path("bad.ron");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    (path, text.replacen(from, to, 1))
}

fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text.rfind(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

#[test]
fn schema_check_points_at_bad_migration_rules() {
    let env = Env::new();
    let cases = [
        (
            "(\"agency\", \"law_enforcement_agency\")",
            "(\"agency\", \"police_agency\")",
            "\"police_agency\"",
            "migration from version 1: rename \"agency\" -> \"police_agency\": \
             \"police_agency\" is not a field of version 2",
        ),
        (
            "retired: [\"legal_action\"]",
            "retired: [\"legal_action\", \"city\"]",
            "\"city\"",
            "migration from version 1: retired \"city\" is still a field of version 2",
        ),
        (
            "from: 1,",
            "from: 2,",
            "(\n            from: 2",
            "migration from version 2: versions must increase: 2 is not below this \
             schema's version, 2",
        ),
        (
            "retired: [\"legal_action\"],",
            "retired: [\"legal_action\"],\n            choice_renames: [(field: \
             \"officer_outcome\", old: \"sacked\", new: \"promoted\")],",
            "\"promoted\"",
            "migration from version 1: choice rename of \"officer_outcome\" \"sacked\" -> \
             \"promoted\": \"promoted\" is not a choice of \"officer_outcome\" in version 2",
        ),
    ];
    for (from, to, at, msg) in cases {
        let (path, text) = bad_rule(&env, from, to);
        let (l, c) = line_col(&text, at);
        env.vetter()
            .arg("schema")
            .arg("--check")
            .arg(&path)
            .assert()
            .failure()
            .stderr(contains(format!("{}:{l}:{c}: {msg}", path.display())));
    }
}
