//! Nothing vetter prints is raw: file names, ids, keys and values from hostile files (terminal
//! escape sequences that set the window title or write the clipboard, C1 controls, bidi
//! overrides, zero-width characters) reach stdout and stderr only through the display sanitizer,
//! and the JSON vetter writes escapes them. Every run gets a scratch directory and an empty
//! config directory; hostile file names are created inside it.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;
use vetter::domain::text::{is_format, is_hidden};

/// OSC 52 (write the clipboard), OSC 0 (set the window title), CSI as the C1 control U+009B,
/// a right-to-left override and a zero-width space.
const OSC52: &str = "\u{1b}]52;c;aGVsbG8=\u{7}";
const OSC0: &str = "\u{1b}]0;pwned\u{7}";
const CSI: &str = "\u{9b}31m";
const RLO: &str = "\u{202e}";
const ZWSP: &str = "\u{200b}";

/// All five in one string.
fn hostile(tag: &str) -> String {
    format!("{tag}{OSC52}{OSC0}{CSI}{RLO}{ZWSP}x")
}

/// A hostile piece that is still a valid file name component (no `/`).
fn hostile_name(tag: &str) -> String {
    format!("{tag}-{OSC0}{CSI}{RLO}{ZWSP}")
}

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
            .env_remove("NO_COLOR")
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE")
            .timeout(Duration::from_secs(60));
        cmd
    }
}

/// The first character a terminal would act on or hide, with its position.
fn first_unsafe(s: &str) -> Option<(usize, char)> {
    s.char_indices()
        .find(|&(_, c)| c != '\n' && (c.is_control() || is_hidden(c) || is_format(c)))
}

/// Panics if `bytes` (one output stream) holds a raw control, bidi or format character.
fn assert_clean(bytes: &[u8], what: &str) -> String {
    let s = String::from_utf8(bytes.to_vec()).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    if let Some((at, c)) = first_unsafe(&s) {
        panic!(
            "{what}: raw U+{:04X} at byte {at}: {:?}",
            c as u32,
            &s[at.saturating_sub(60)..(at + 20).min(s.len())]
        );
    }
    s
}

/// Runs `cmd` and checks both streams; returns (status, stdout, stderr).
fn run_clean(cmd: &mut Command, what: &str) -> (Option<i32>, String, String) {
    let out = cmd.output().unwrap();
    let stdout = assert_clean(&out.stdout, &format!("{what}: stdout"));
    let stderr = assert_clean(&out.stderr, &format!("{what}: stderr"));
    (out.status.code(), stdout, stderr)
}

/// The shown form of the hostile markers: what was there is visible, not dropped.
fn shows_sanitized(s: &str) -> bool {
    s.contains("␛]0;pwned␇") && s.contains("⟨U+202E⟩") && s.contains("⟨U+200B⟩")
}

fn articles() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles")
}

/// A gold JSONL and a predictions JSONL whose ids, keys and values are hostile, in a directory
/// with a hostile name.
fn eval_files(env: &Env) -> (PathBuf, PathBuf) {
    let dir = env.path(&hostile_name("eval"));
    fs::create_dir(&dir).unwrap();
    let id = hostile("id");
    let gold = dir.join(format!("{}.jsonl", hostile_name("gold")));
    let lines = [
        serde_json::json!({"id": id, "fields": {"city": hostile("city"), "num_killed": 1,
            "force_used": [hostile("choice")], hostile("key"): hostile("value")}}),
        serde_json::json!({"id": hostile("gold-only"), "fields": {"city": "Reno"}}),
        serde_json::json!({"id": id, "fields": {}}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    fs::write(&gold, text).unwrap();
    let pred = dir.join(format!("{}.jsonl", hostile_name("pred")));
    let lines = [
        serde_json::json!({"id": id, "fields": {"city": hostile("pcity"),
            "num_killed": hostile("not-a-number"), hostile("pkey"): 1}}),
        serde_json::json!({"id": hostile("pred-only"), "fields": {}}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    fs::write(&pred, text).unwrap();
    (gold, pred)
}

#[test]
fn eval_table_and_warnings_are_sanitized() {
    let env = Env::new();
    let (gold, pred) = eval_files(&env);
    let (code, stdout, stderr) = run_clean(
        env.vetter()
            .arg("eval")
            .arg("--gold")
            .arg(&gold)
            .arg("--pred")
            .arg(&pred),
        "eval",
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(shows_sanitized(&stdout), "{stdout}");
    // The ids on one side only, the choice gold does not have, the value that does not fit.
    for tag in ["gold-only", "pred-only", "choice", "not-a-number"] {
        assert!(stdout.contains(tag), "{tag} not in {stdout}");
    }
}

#[test]
fn eval_json_escapes_and_keeps_the_values() {
    let env = Env::new();
    let (gold, pred) = eval_files(&env);
    let (code, stdout, stderr) = run_clean(
        env.vetter()
            .args(["eval", "--json", "--gold"])
            .arg(&gold)
            .arg("--pred")
            .arg(&pred),
        "eval --json",
    );
    assert_eq!(code, Some(0), "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["sources"]["gold"], gold.display().to_string());
    assert_eq!(v["articles"]["gold_only"][0], hostile("gold-only"));
    assert_eq!(v["articles"]["predicted_only"][0], hostile("pred-only"));
    assert!(stdout.contains(r"\u001b]52;c;aGVsbG8=\u0007"), "{stdout}");
    assert!(stdout.contains(r"\u009b31m\u202e\u200bx"), "{stdout}");
}

#[test]
fn eval_parse_errors_are_sanitized() {
    let env = Env::new();
    let (gold, _) = eval_files(&env);
    let bad = env.path(&format!("{}.jsonl", hostile_name("broken")));
    // A line that is not an object, then one whose id is not a string: each quotes the input.
    for body in [
        format!(
            "{{\"id\": \"a\"}}\n[\"{}\"]\n",
            hostile("arr").replace('\u{1b}', "\\u001b")
        ),
        format!("{{\"id\": {{\"{}\": 1}}}}\n", hostile("idkey")),
        format!("{{\"id\": \"a\", {}}}\n", hostile("garbage")),
    ] {
        fs::write(&bad, body).unwrap();
        for (side, other) in [("--pred", &gold), ("--gold", &gold)] {
            let mut cmd = env.vetter();
            cmd.arg("eval").arg(side).arg(&bad);
            cmd.arg(if side == "--pred" { "--gold" } else { "--pred" })
                .arg(other);
            let (code, stdout, stderr) = run_clean(&mut cmd, "eval (parse error)");
            assert_ne!(code, Some(0));
            assert_eq!(stdout, "");
            assert!(stderr.contains("broken-␛]0;pwned␇"), "{stderr}");
            assert!(stderr.contains(".jsonl:"), "{stderr}");
        }
    }
}

#[test]
fn eval_of_a_missing_gold_file_with_a_hostile_name_is_sanitized() {
    let env = Env::new();
    let missing = env.path(&hostile("missing"));
    let (code, _, stderr) = run_clean(
        env.vetter()
            .arg("eval")
            .arg("--gold")
            .arg(&missing)
            .arg("--pred")
            .arg(&missing),
        "eval (missing)",
    );
    assert_ne!(code, Some(0));
    assert!(shows_sanitized(&stderr), "{stderr}");
}

/// An annotations directory (hostile name) holding a file with a hostile name that is not RON.
fn hostile_annotations(env: &Env) -> PathBuf {
    let root = env.path(&hostile_name("annotations"));
    fs::create_dir(&root).unwrap();
    let file = root.join(format!("{}.ron", hostile_name("file")));
    fs::write(&file, format!("(schema: \"{}\"\n", hostile("value"))).unwrap();
    root
}

#[test]
fn validate_problems_and_summary_are_sanitized() {
    let env = Env::new();
    let root = hostile_annotations(&env);
    let (code, stdout, stderr) = run_clean(
        env.vetter()
            .arg("validate")
            .arg(&root)
            .arg("--corpus")
            .arg(articles()),
        "validate",
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.contains("file-␛]0;pwned␇"), "{stdout}");
    assert!(stderr.contains("problem"), "{stderr}");
    // An empty directory with a hostile name: the "no problems" line names it.
    let empty = env.path(&hostile_name("empty"));
    fs::create_dir(&empty).unwrap();
    let (code, _, stderr) = run_clean(
        env.vetter().arg("validate").arg(&empty).arg("--no-corpus"),
        "validate (empty)",
    );
    assert_eq!(code, Some(0));
    assert!(stderr.contains("empty-␛]0;pwned␇"), "{stderr}");
    // A directory that does not exist.
    let (code, _, stderr) = run_clean(
        env.vetter()
            .arg("validate")
            .arg(env.path(&hostile("nowhere")))
            .arg("--no-corpus"),
        "validate (missing)",
    );
    assert_ne!(code, Some(0));
    assert!(shows_sanitized(&stderr), "{stderr}");
}

#[test]
fn extract_warnings_are_sanitized_and_its_json_escaped() {
    let env = Env::new();
    let corpus = env.path(&format!("{}.jsonl", hostile_name("corpus")));
    let good = serde_json::json!({"id": hostile("art"), "text": format!("Police in Reno said. {}", hostile("text")),
        "title": 7});
    let lines = format!(
        "{good}\n{{\"id\": \"{}\"\n{{\"text\": \"no id\"}}\n",
        hostile("broken")
    );
    fs::write(&corpus, lines).unwrap();
    let out = env.path("out.jsonl");
    let (code, stdout, stderr) = run_clean(
        env.vetter()
            .args(["extract", "-j", "1", "-o"])
            .arg(&out)
            .arg(&corpus),
        "extract",
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("corpus-␛]0;pwned␇"), "{stderr}");
    assert!(
        stderr.contains("1 articles") || stderr.contains("extracted 1"),
        "{stderr}"
    );
    let written = fs::read(&out).unwrap();
    let text = assert_clean(&written, "extract output");
    let v: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(v["id"], hostile("art"));
    assert!(text.contains(r"\u009b31m\u202e\u200bx"), "{text}");
}

#[test]
fn extract_of_a_missing_corpus_with_a_hostile_name_is_sanitized() {
    let env = Env::new();
    let (code, _, stderr) = run_clean(
        env.vetter()
            .arg("extract")
            .arg(env.path(&format!("{}.jsonl", hostile("nowhere")))),
        "extract (missing)",
    );
    assert_ne!(code, Some(0));
    assert!(shows_sanitized(&stderr), "{stderr}");
}

/// A valid schema whose name, labels and help are hostile, in a file with a hostile name.
fn hostile_schema(env: &Env) -> PathBuf {
    let path = env.path(&format!("{}.ron", hostile_name("schema")));
    let text = format!(
        "(\n    name: \"{}\",\n    version: 1,\n    fields: [\n        (key: \"city\", label: \"{}\", help: \"{}\", type: Text),\n    ],\n)\n",
        hostile("name"),
        hostile("label"),
        hostile("help")
    );
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn schema_check_and_print_are_sanitized() {
    let env = Env::new();
    let path = hostile_schema(&env);
    let (code, stdout, stderr) = run_clean(
        env.vetter().arg("schema").arg("--check").arg(&path),
        "schema --check",
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("schema-␛]0;pwned␇"), "{stdout}");
    assert!(stdout.contains("is valid (1 fields)"), "{stdout}");
    let (code, stdout, stderr) = run_clean(env.vetter().arg("schema").arg(&path), "schema (print)");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(shows_sanitized(&stdout), "{stdout}");
    // A malformed schema with a hostile name: its error names it, sanitized.
    fs::write(
        &path,
        format!("(\n name: \"{}\"\n version: 1\n)\n", hostile("x")),
    )
    .unwrap();
    let (code, _, stderr) = run_clean(
        env.vetter().arg("schema").arg("--check").arg(&path),
        "schema --check (bad)",
    );
    assert_ne!(code, Some(0));
    assert!(stderr.contains("schema-␛]0;pwned␇"), "{stderr}");
}

#[test]
fn schema_json_schema_escapes_and_keeps_the_values() {
    let env = Env::new();
    let path = hostile_schema(&env);
    let (code, stdout, stderr) = run_clean(
        env.vetter().args(["schema", "--json-schema"]).arg(&path),
        "schema --json-schema",
    );
    assert_eq!(code, Some(0), "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let description = v["properties"]["city"]["description"].as_str().unwrap();
    assert!(description.contains(&hostile("help")), "{v}");
    assert!(stdout.contains(r"\u009b31m\u202e\u200bx"), "{stdout}");
}

#[test]
fn review_startup_warnings_and_errors_are_sanitized() {
    let env = Env::new();
    // Predictions for ids the corpus does not have: warned about before the terminal check.
    let preds = env.path(&format!("{}.jsonl", hostile_name("preds")));
    fs::write(
        &preds,
        format!(
            "{}\n",
            serde_json::json!({"id": hostile("ghost"), "fields": {}})
        ),
    )
    .unwrap();
    let (code, _, stderr) = run_clean(
        env.vetter()
            .arg("review")
            .arg(articles())
            .arg("--predictions")
            .arg(&preds),
        "review (predictions)",
    );
    assert_ne!(code, Some(0));
    assert!(stderr.contains("ghost"), "{stderr}");
    assert!(stderr.contains("terminal"), "{stderr}");
    // Malformed predictions, a missing corpus, a missing schema: errors naming hostile files.
    fs::write(&preds, format!("{{\"id\": \"{}\"\n", hostile("cut"))).unwrap();
    for args in [
        vec![articles(), "--predictions".into(), preds.clone()],
        vec![env.path(&hostile("no-corpus"))],
        vec![
            articles(),
            "--schema".into(),
            env.path(&format!("{}.ron", hostile("no-schema"))),
        ],
    ] {
        let (code, stdout, stderr) = run_clean(
            env.vetter().arg("review").args(&args),
            "review (startup error)",
        );
        assert_ne!(code, Some(0));
        assert_eq!(stdout, "");
        assert!(stderr.contains("␛]0;pwned␇"), "{args:?}: {stderr}");
    }
}

#[test]
fn argument_errors_are_sanitized() {
    let env = Env::new();
    // clap's error quotes the unknown flag (up to an `=`; its plain text drops escape
    // sequences but keeps C1 and bidi controls); a mistyped command is quoted by vetter.
    for (arg, shown) in [
        (format!("--{}", hostile_name("flag")), "⟨U+202E⟩"),
        (hostile("word"), "pwned"),
    ] {
        let (code, stdout, stderr) = run_clean(env.vetter().arg(&arg), "arguments");
        assert_eq!(code, Some(2), "{stderr}");
        assert_eq!(stdout, "");
        assert!(stderr.contains(shown), "{stderr}");
    }
}
