//! `vetter extract -o FILE` that could read no article fails and leaves FILE as it was.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use std::fs;

fn vetter() -> Command {
    let mut c = Command::cargo_bin("vetter").unwrap();
    c.env("NO_COLOR", "1");
    c
}

#[test]
fn all_lines_malformed_leaves_the_output_as_it_was() {
    let d = tempfile::tempdir().unwrap();
    let bad = d.path().join("bad.jsonl");
    fs::write(&bad, "not json\n{\"id\": \"no text\"}\n[1, 2]\n").unwrap();
    let out = d.path().join("out.jsonl");
    fs::write(&out, "precious\n").unwrap();
    vetter()
        .arg("extract")
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("extracted 0 articles").and(contains("3 skipped")))
        .stderr(contains("no article could be read").and(contains("left as it was")));
    assert_eq!(fs::read_to_string(&out).unwrap(), "precious\n");
    let names: Vec<_> = fs::read_dir(d.path()).unwrap().collect();
    assert_eq!(names.len(), 2, "no temporary file left");
}

#[test]
fn empty_input_leaves_the_output_as_it_was() {
    let d = tempfile::tempdir().unwrap();
    let empty = d.path().join("empty.jsonl");
    fs::write(&empty, "").unwrap();
    let out = d.path().join("out.jsonl");
    fs::write(&out, "precious\n").unwrap();
    vetter()
        .arg("extract")
        .arg(&empty)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("0 skipped").and(contains("no article could be read")));
    assert_eq!(fs::read_to_string(&out).unwrap(), "precious\n");
    // From standard input too, and with no output file nothing is written.
    vetter()
        .args(["extract", "-"])
        .write_stdin("\n\n")
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("<stdin>").and(contains("nothing written")));
}

#[test]
fn a_good_run_reports_zero_skipped() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out.jsonl");
    vetter()
        .args(["extract", "-", "-o"])
        .arg(&out)
        .write_stdin("{\"id\":\"a\",\"text\":\"Shots in Reno.\"}\n")
        .assert()
        .success()
        .stderr(contains("extracted 1 articles").and(contains("; 0 skipped")));
    assert!(fs::read_to_string(&out)
        .unwrap()
        .starts_with("{\"id\":\"a\""));
}
