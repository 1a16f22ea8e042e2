//! End to end: `vetter review` of a generated corpus of 100,000 articles with 50,000 done
//! annotation files opens, and lands on article 50,001 (the first not finished): first with
//! no index (the background scan finds it, and the review moves there), then with the status
//! index the first run left, at once. No timing is asserted (see `benches/startup.rs`).

#[cfg(unix)]
mod unix {
    use crate::e2e_pty::pty::{Setup, Tui};
    use std::ffi::OsString;
    use std::io::Write;
    use std::path::Path;
    use vetter::domain::annotation::{Annotation, Status};

    const N: usize = 100_000;
    const DONE: usize = 50_000;

    fn id(i: usize) -> String {
        format!("art-{i:06}")
    }

    fn generate(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
        let corpus = dir.join("big.jsonl");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&corpus).unwrap());
        for i in 0..N {
            writeln!(
                out,
                "{{\"id\":\"{}\",\"text\":\"Story {i}\\n\\nA short text.\"}}",
                id(i)
            )
            .unwrap();
        }
        out.flush().unwrap();
        let root = dir.join("annotations");
        let folder = root.join("e2e");
        std::fs::create_dir_all(&folder).unwrap();
        // One small annotation as RON, the id swapped in (ids are all the same length).
        let schema = vetter::io::default_schema();
        let mut a = Annotation::new(&schema, &id(0), "sha256:00", "e2e", "2026-01-01T00:00:00Z");
        a.fields.clear();
        a.status = Status::Done;
        let template = vetter::io::to_ron(&a);
        assert!(template.contains(&id(0)));
        for i in 0..DONE {
            let text = template.replace(&id(0), &id(i));
            std::fs::write(folder.join(format!("{}.ron", id(i))), text).unwrap();
        }
        (corpus, root)
    }

    fn review(env: &Setup, corpus: &Path, root: &Path) -> Tui {
        let args: Vec<OsString> = vec![
            "review".into(),
            corpus.into(),
            "--annotations".into(),
            root.into(),
            "--reviewer".into(),
            "e2e".into(),
            "--no-extract".into(),
        ];
        Tui::spawn(&args, &env.cwd, &env.config, true)
    }

    fn at_first_unfinished(s: &crate::e2e_pty::pty::Screen) -> bool {
        let h = s.line(0);
        h.contains(&format!("{}/{N} {}", DONE + 1, id(DONE)))
            && h.contains(&format!("{DONE} finished, {} left", N - DONE))
            && !h.contains("scanning")
    }

    #[test]
    fn a_hundred_thousand_articles_half_done_open_on_the_first_unfinished() {
        let env = Setup::new();
        let (corpus, root) = generate(env.cwd.as_path());
        // No index yet: the first frame comes before the corpus is counted (its first chunk
        // only), and the scan moves the review on once the rest is in.
        let mut tui = review(&env, &corpus, &root);
        tui.wait_for(" finished, ");
        let raw = String::from_utf8_lossy(&tui.raw).into_owned();
        assert!(
            raw.contains("counting articles…"),
            "the first frame waits for no count: {}",
            tui.header()
        );
        tui.wait_until(
            "the review on the first unfinished article",
            at_first_unfinished,
        );
        tui.send("q");
        tui.wait_exit();
        // With the index the first run left, the first frame is already there.
        let mut tui = review(&env, &corpus, &root);
        tui.wait_for(" finished, ");
        let raw = String::from_utf8_lossy(&tui.raw).into_owned();
        let first = raw
            .find(&format!("/{N} "))
            .expect("a position in the header");
        assert!(
            raw[..first].ends_with(&(DONE + 1).to_string()),
            "the first frame shows another article: {}",
            tui.header()
        );
        tui.wait_until("the scan to confirm the index", at_first_unfinished);
        tui.send("q");
        tui.wait_exit();
    }
}
