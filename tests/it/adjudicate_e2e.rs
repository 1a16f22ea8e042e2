//! `vetter adjudicate`, the real binary: it refuses without articles to settle or without a
//! terminal; in a pseudo-terminal it opens on two reviewers' annotations of the samples, takes
//! bob's city and ann's count of injured on the article they disagree on, finishes it with `D`
//! (on to the next waiting), and saves the settled values under the adjudicator's own folder.

use crate::adjudicate::{write_team, FIRST};
use assert_cmd::Command as AssertCommand;
use predicates::str::contains;
use std::path::{Path, PathBuf};

fn articles() -> PathBuf {
    crate::common::articles_dir()
}

fn adjudicate(tmp: &Path, annotations: &Path) -> AssertCommand {
    let mut cmd = AssertCommand::cargo_bin("vetter").unwrap();
    cmd.current_dir(tmp)
        .env("VETTER_CONFIG", tmp.join("config"))
        .env("VETTER_DATA", tmp.join("data"))
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .arg("adjudicate")
        .arg(articles())
        .arg("--annotations")
        .arg(annotations)
        .arg("--reviewer")
        .arg("lead")
        .timeout(std::time::Duration::from_secs(30));
    cmd
}

#[test]
fn adjudicate_says_when_no_article_waits() {
    let tmp = tempfile::tempdir().unwrap();
    let annotations = tmp.path().join("annotations");
    std::fs::create_dir_all(annotations.join("ann")).unwrap();
    adjudicate(tmp.path(), &annotations)
        .assert()
        .failure()
        .stderr(contains("finished by two or more reviewers"));
    assert!(!annotations.join("lead").exists());
}

#[test]
fn adjudicate_needs_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let annotations = tmp.path().join("annotations");
    write_team(&annotations);
    adjudicate(tmp.path(), &annotations)
        .assert()
        .failure()
        .stderr(contains("needs a terminal"));
    assert!(!annotations.join("lead").exists());
}

#[cfg(unix)]
#[test]
fn adjudicate_settles_a_disagreement_and_saves_it_under_the_adjudicators_folder() {
    use crate::e2e_pty::pty::{Setup, Tui};
    use std::ffi::OsString;
    use vetter::domain::annotation::{Entry, Settled, Source, Status};
    use vetter::domain::value::Value;
    let s = Setup::new();
    write_team(&s.annotations);
    let before = |name: &str| std::fs::read(s.annotations.join(name).join(format!("{FIRST}.ron")));
    let (ann0, bob0) = (before("ann").unwrap(), before("bob").unwrap());
    let args: Vec<OsString> = vec![
        "adjudicate".into(),
        articles().into(),
        "--annotations".into(),
        s.annotations.clone().into(),
        "--reviewer".into(),
        "lead".into(),
    ];
    let mut tui = Tui::spawn(&args, &s.cwd, &s.config, true);
    tui.wait_for("adjudicating: 3 waiting");
    tui.wait_for("1:Farmington 2:Racine");
    // The focus starts on the city, the first field to settle.
    tui.send("2");
    tui.wait_for("City: took 2 bob's value");
    tui.send("D");
    tui.wait_for("Not done: 1 field unreviewed");
    tui.send("1");
    tui.wait_for("Injured: took 1 ann's value");
    tui.send("D");
    tui.wait_for("adjudicating: 2 waiting");
    assert!(tui.header().contains("2/3"), "{}", tui.header());
    tui.send("q");
    tui.wait_exit();
    let path = s.annotations.join("lead").join(format!("{FIRST}.ron"));
    let text = std::fs::read_to_string(&path).unwrap();
    let saved = vetter::io::parse_annotation(&text, &path).unwrap();
    assert_eq!(saved.reviewer, "lead");
    assert_eq!(saved.status, Status::Done);
    assert_eq!(
        saved.field("city").unwrap().value,
        Entry::Value(Value::Text("Racine".into()))
    );
    let rec = saved.adjudication.expect("an adjudication record");
    assert_eq!(rec.settled, ["ann", "bob"]);
    assert!(rec.fields.contains(&Settled {
        key: "city".into(),
        from: Source::Reviewer("bob".into()),
    }));
    assert!(rec.fields.contains(&Settled {
        key: "state".into(),
        from: Source::Agreed,
    }));
    // The reviewers' files are as they were.
    assert_eq!(before("ann").unwrap(), ann0);
    assert_eq!(before("bob").unwrap(), bob0);
}
