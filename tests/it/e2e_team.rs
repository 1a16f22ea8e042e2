//! End to end, the real binary in a pseudo-terminal: two reviewers review the three samples, bob
//! counting one more injured on the first article than ann; `vetter agree` reports that one
//! disagreement; an adjudicator settles it with bob's value; `vetter export --gold` writes the
//! settled value (and the agreed articles as the reviewers gave them).

#[cfg(unix)]
mod unix {
    use crate::e2e_pty::pty::{Setup, Tui, FIRST};
    use assert_cmd::Command as AssertCommand;
    use std::ffi::OsString;
    use std::path::Path;

    fn spawn(s: &Setup, command: &str, reviewer: &str) -> Tui {
        let args: Vec<OsString> = vec![
            command.into(),
            crate::common::articles_dir().into(),
            "--annotations".into(),
            s.annotations.clone().into(),
            "--reviewer".into(),
            reviewer.into(),
        ];
        Tui::spawn(&args, &s.cwd, &s.config, true)
    }

    /// Reviews the three samples: every suggestion confirmed, the rest not mentioned, done; on
    /// the first article `injured` (if given) is typed over the suggested count of injured.
    fn review(s: &Setup, reviewer: &str, injured: Option<&str>) {
        let mut tui = spawn(s, "review", reviewer);
        for n in 1..=3 {
            tui.wait_for(&format!("{} finished, {} left", n - 1, 4 - n));
            tui.send("A");
            tui.wait_for(" Confirmed ");
            tui.send("R");
            tui.wait_for("not mentioned");
            if let (1, Some(value)) = (n, injured) {
                // Top of the form, then six rows down: Injured.
                tui.send("gjjjjjj");
                tui.wait_for("num_injured (integer) · confirmed");
                tui.send("e\x7f");
                tui.send(value);
                tui.send("\r");
                tui.wait_until("Injured corrected", |sc| {
                    sc.text().lines().any(|l| {
                        l.contains("✎ Injured") && l.split_whitespace().any(|w| w == value)
                    })
                });
            }
            tui.send("D");
            tui.wait_for(&format!("{n} finished, {} left", 3 - n));
        }
        tui.send("q");
        tui.wait_exit();
    }

    fn vetter(cwd: &Path) -> AssertCommand {
        let mut cmd = AssertCommand::cargo_bin("vetter").unwrap();
        cmd.current_dir(cwd)
            .env("NO_COLOR", "1")
            .env("VETTER_CONFIG", cwd.join("config"))
            .env("VETTER_DATA", cwd.join("data"))
            .timeout(std::time::Duration::from_secs(60));
        cmd
    }

    #[test]
    fn two_reviewers_disagree_once_agree_says_so_the_adjudicator_settles_it_and_export_has_it() {
        let s = Setup::new();
        review(&s, "ann", None);
        review(&s, "bob", Some("2"));

        // Agreement: one disagreement, on the first article's count of injured.
        let out = vetter(&s.cwd)
            .arg("agree")
            .arg(&s.annotations)
            .arg("--json")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let text = report.to_string();
        assert!(text.contains("num_injured"), "{text}");
        let table = vetter(&s.cwd)
            .arg("agree")
            .arg(&s.annotations)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let table = String::from_utf8(table).unwrap();
        let row = |name: &str| {
            table
                .lines()
                .find(|l| l.split_whitespace().next() == Some(name))
                .unwrap_or_else(|| panic!("no {name} row in\n{table}"))
                .to_string()
        };
        assert!(row("num_injured").contains("66.7%"), "{table}");
        assert!(row("city").contains("100.0%"), "{table}");
        let worst = row(FIRST);
        assert!(worst.contains("num_injured"), "{table}");
        assert_eq!(
            table
                .lines()
                .filter(|l| l.contains("farmington-officer-resigns-video")
                    || l.contains("kenosha-officer-knee-on-neck"))
                .count(),
            0,
            "only the first article disagrees:\n{table}"
        );

        // Adjudication: the first article waits with its disagreement; bob's count is taken.
        let mut tui = spawn(&s, "adjudicate", "lead");
        tui.wait_for("adjudicating: 3 waiting");
        tui.wait_for("1:1 2:2");
        tui.send("2");
        tui.wait_for("took 2 bob's value");
        tui.send("D");
        tui.wait_for("adjudicating: 2 waiting");
        tui.send("D");
        tui.wait_for("adjudicating: 1 waiting");
        tui.send("D");
        tui.wait_for("adjudicating: 0 waiting");
        tui.send("q");
        tui.wait_exit();

        // Export: the settled value for the first article, the agreed ones for the others.
        let out = vetter(&s.cwd)
            .arg("export")
            .arg(&s.annotations)
            .args(["--gold", "--format", "jsonl"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        let first = lines
            .iter()
            .find(|l| l["id"] == FIRST)
            .expect("the first article");
        assert_eq!(first["basis"], "adjudicated");
        assert_eq!(first["fields"]["num_injured"], 2);
        assert_eq!(first["reviewers"], serde_json::json!(["lead"]));
        let ann: serde_json::Value = {
            let a = vetter(&s.cwd)
                .arg("export")
                .arg(&s.annotations)
                .args(["--reviewer", "ann", "--format", "jsonl"])
                .assert()
                .success()
                .get_output()
                .stdout
                .clone();
            let a = String::from_utf8(a).unwrap();
            let line = a.lines().find(|l| l.contains(FIRST)).unwrap().to_string();
            serde_json::from_str(&line).unwrap()
        };
        assert_eq!(
            ann["fields"]["num_injured"], 1,
            "ann's own count is kept in her folder"
        );
        // Every other field of the settled article is what both reviewers gave.
        let (mut settled, mut given) = (first["fields"].clone(), ann["fields"].clone());
        settled["num_injured"] = serde_json::Value::Null;
        given["num_injured"] = serde_json::Value::Null;
        assert_eq!(settled, given);
    }
}
