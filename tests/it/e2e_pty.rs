//! End to end: the real `vetter` binary driven through a pseudo-terminal.
//!
//! The PTY output is fed to a tiny screen model (cursor moves, clears, printable text; styles
//! ignored), so assertions read the screen as a person would, whatever escape sequences ratatui
//! chose to redraw it with. Every wait is for something visible on the screen (or the process
//! exiting), with a generous deadline; nothing is timed by sleeping.

use assert_cmd::Command as AssertCommand;
use predicates::str::contains;
use std::path::PathBuf;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn articles() -> PathBuf {
    manifest().join("assets/articles")
}

/// `review` without a terminal stops before touching the screen, and says why.
#[test]
fn review_refuses_to_run_without_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let ann = tmp.path().join("annotations");
    AssertCommand::cargo_bin("vetter")
        .unwrap()
        .current_dir(tmp.path())
        .env("VETTER_CONFIG", tmp.path().join("config"))
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .arg("review")
        .arg(articles())
        .arg("--annotations")
        .arg(&ann)
        .arg("--reviewer")
        .arg("e2e")
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .failure()
        .stderr(contains("terminal"))
        .stdout("");
    assert!(!ann.exists(), "nothing may be written without a terminal");
}

#[cfg(unix)]
pub(crate) mod pty {
    use super::*;
    use expectrl::{Session, Signal, WaitStatus};
    use std::ffi::OsString;
    use std::io::ErrorKind;
    use std::path::Path;
    use std::process::Command;
    use std::time::{Duration, Instant};
    use vetter::domain::annotation::{Annotation, Entry, FieldAnn, FieldState, Status};
    use vetter::domain::value::Value;

    pub(crate) fn fixture() -> PathBuf {
        manifest().join("tests/fixtures/samples.predictions.jsonl")
    }

    pub(crate) const COLS: usize = 120;
    pub(crate) const ROWS: usize = 40;
    /// Long enough for a debug build on a slow, busy CI machine.
    pub(crate) const DEADLINE: Duration = Duration::from_secs(20);

    // ------------------------------------------------------------------------------------------
    // A minimal terminal screen.

    /// The characters on a `COLS`x`ROWS` screen, as the program's output left them.
    pub(crate) struct Screen {
        cells: Vec<Vec<char>>,
        row: usize,
        col: usize,
        /// Output not yet interpreted: an unfinished escape sequence or UTF-8 character.
        pending: Vec<u8>,
    }

    impl Screen {
        pub(crate) fn new() -> Screen {
            Screen {
                cells: vec![vec![' '; COLS]; ROWS],
                row: 0,
                col: 0,
                pending: Vec::new(),
            }
        }

        fn clear(&mut self) {
            for line in &mut self.cells {
                line.fill(' ');
            }
        }

        fn put(&mut self, c: char) {
            if self.row < ROWS && self.col < COLS {
                self.cells[self.row][self.col] = c;
            }
            self.col += 1;
        }

        /// Interprets a CSI sequence: `params` between `ESC [` and the final byte.
        fn csi(&mut self, params: &str, fin: u8) {
            let nums: Vec<usize> = params
                .trim_start_matches('?')
                .split(';')
                .map(|p| p.parse().unwrap_or(0))
                .collect();
            let n = |i: usize| nums.get(i).copied().filter(|&v| v > 0).unwrap_or(1);
            match fin {
                b'H' | b'f' => {
                    self.row = n(0) - 1;
                    self.col = n(1) - 1;
                }
                b'A' => self.row = self.row.saturating_sub(n(0)),
                b'B' => self.row = (self.row + n(0)).min(ROWS - 1),
                b'C' => self.col = (self.col + n(0)).min(COLS - 1),
                b'D' => self.col = self.col.saturating_sub(n(0)),
                b'G' => self.col = n(0) - 1,
                b'J' => match nums.first().copied().unwrap_or(0) {
                    0 => {
                        if let Some(line) = self.cells.get_mut(self.row) {
                            line[self.col.min(COLS)..].fill(' ');
                        }
                        for line in self.cells.iter_mut().skip(self.row + 1) {
                            line.fill(' ');
                        }
                    }
                    _ => self.clear(),
                },
                b'K' => {
                    if let Some(line) = self.cells.get_mut(self.row) {
                        match nums.first().copied().unwrap_or(0) {
                            0 => line[self.col.min(COLS)..].fill(' '),
                            1 => line[..(self.col + 1).min(COLS)].fill(' '),
                            _ => line.fill(' '),
                        }
                    }
                }
                // Entering or leaving the alternate screen: a fresh screen either way (the
                // main screen's contents are not needed here).
                b'h' | b'l' if params == "?1049" => self.clear(),
                _ => {} // styles, modes, cursor visibility
            }
        }

        /// Interprets more output.
        fn feed(&mut self, bytes: &[u8]) {
            self.pending.extend_from_slice(bytes);
            let buf = std::mem::take(&mut self.pending);
            let mut i = 0;
            while i < buf.len() {
                let b = buf[i];
                match b {
                    0x1b => {
                        let Some(&next) = buf.get(i + 1) else { break };
                        match next {
                            b'[' => {
                                let Some(end) =
                                    buf[i + 2..].iter().position(|c| (0x40..=0x7e).contains(c))
                                else {
                                    break;
                                };
                                let j = i + 2 + end;
                                let params = String::from_utf8_lossy(&buf[i + 2..j]).into_owned();
                                self.csi(&params, buf[j]);
                                i = j + 1;
                            }
                            b']' => {
                                // OSC, ended by BEL or ESC \.
                                let rest = &buf[i + 2..];
                                let Some(end) = rest.iter().position(|&c| c == 0x07 || c == 0x1b)
                                else {
                                    break;
                                };
                                let skip = if rest[end] == 0x1b { 2 } else { 1 };
                                if i + 2 + end + skip > buf.len() {
                                    break;
                                }
                                i += 2 + end + skip;
                            }
                            b'(' | b')' => i += 3,
                            _ => i += 2,
                        }
                    }
                    b'\r' => {
                        self.col = 0;
                        i += 1;
                    }
                    b'\n' => {
                        self.row = (self.row + 1).min(ROWS - 1);
                        i += 1;
                    }
                    0x08 => {
                        self.col = self.col.saturating_sub(1);
                        i += 1;
                    }
                    0..=0x1f | 0x7f => i += 1,
                    _ => {
                        let len = match b {
                            0xc0..=0xdf => 2,
                            0xe0..=0xef => 3,
                            0xf0..=0xf7 => 4,
                            _ => 1,
                        };
                        if i + len > buf.len() {
                            break;
                        }
                        let c = std::str::from_utf8(&buf[i..i + len])
                            .ok()
                            .and_then(|s| s.chars().next())
                            .unwrap_or('\u{fffd}');
                        self.put(c);
                        i += len;
                    }
                }
            }
            self.pending = buf[i.min(buf.len())..].to_vec();
        }

        pub(crate) fn line(&self, row: usize) -> String {
            self.cells[row].iter().collect()
        }

        pub(crate) fn text(&self) -> String {
            (0..ROWS)
                .map(|r| self.line(r).trim_end().to_string())
                .collect::<Vec<_>>()
                .join("\n")
        }

        pub(crate) fn contains(&self, needle: &str) -> bool {
            (0..ROWS).any(|r| self.line(r).contains(needle))
        }
    }

    #[test]
    fn screen_model_follows_cursor_moves_and_clears() {
        let mut s = Screen::new();
        s.feed(b"\x1b[?1049h\x1b[2;3Hab\x1b[1mc\x1b[0m\x1b[1;1H\xe2\x9c");
        assert_eq!(s.line(1).trim_end(), "  abc");
        s.feed(b"\x93 done\x1b[");
        assert!(s.line(0).starts_with("✓ done"), "{:?}", s.line(0));
        s.feed(b"2J");
        assert!(!s.contains("abc"));
    }

    // ------------------------------------------------------------------------------------------
    // Driving the binary.

    pub(crate) struct Tui {
        pub(crate) session: Session,
        pub(crate) screen: Screen,
        /// Everything the program wrote, escape sequences included.
        pub(crate) raw: Vec<u8>,
        eof: bool,
    }

    impl Tui {
        /// Starts `vetter` on a `COLS`x`ROWS` terminal, in `cwd`, with `config` as its config
        /// directory (empty: no user configuration is read).
        pub(crate) fn spawn(args: &[OsString], cwd: &Path, config: &Path, no_color: bool) -> Tui {
            // The size is set on the terminal before vetter starts (stty runs on the PTY, then
            // the shell execs vetter in its place), so no resize races the first draw.
            let mut cmd = Command::new("sh");
            cmd.arg("-c")
                .arg(format!(
                    "stty cols {COLS} rows {ROWS} && exec \"$0\" \"$@\""
                ))
                .arg(env!("CARGO_BIN_EXE_vetter"))
                .args(args)
                .current_dir(cwd)
                .env("TERM", "xterm-256color")
                .env("VETTER_CONFIG", config)
                .env("VETTER_DATA", config.join("data"))
                .env_remove("COLORTERM")
                .env_remove("RUST_BACKTRACE")
                .env_remove("RUST_LIB_BACKTRACE");
            if no_color {
                cmd.env("NO_COLOR", "1");
            } else {
                cmd.env_remove("NO_COLOR");
            }
            let mut session = Session::spawn(cmd).expect("spawn vetter in a PTY");
            session
                .get_process_mut()
                .set_window_size(COLS as u16, ROWS as u16)
                .expect("set the PTY size");
            Tui {
                session,
                screen: Screen::new(),
                raw: Vec::new(),
                eof: false,
            }
        }

        /// Reads whatever output is available; true if there was some.
        pub(crate) fn pump(&mut self) -> bool {
            let mut buf = [0u8; 8192];
            let mut any = false;
            while !self.eof {
                match self.session.try_read(&mut buf) {
                    Ok(0) => self.eof = true,
                    Ok(n) => {
                        self.raw.extend_from_slice(&buf[..n]);
                        self.screen.feed(&buf[..n]);
                        any = true;
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    // EIO: the program closed the terminal (it exited).
                    Err(_) => self.eof = true,
                }
            }
            any
        }

        fn fail(&mut self, what: &str) -> ! {
            self.pump();
            let _ = self.session.get_process_mut().kill(Signal::SIGKILL);
            panic!(
                "timed out waiting for {what}\n--- screen ---\n{}\n--------------",
                self.screen.text()
            );
        }

        /// Waits until the screen satisfies `ok`.
        pub(crate) fn wait_until(&mut self, what: &str, ok: impl Fn(&Screen) -> bool) {
            let deadline = Instant::now() + DEADLINE;
            loop {
                let fresh = self.pump();
                if ok(&self.screen) {
                    return;
                }
                if self.eof {
                    self.fail(&format!("{what} (the program exited)"));
                }
                if Instant::now() > deadline {
                    self.fail(what);
                }
                if !fresh {
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
        }

        pub(crate) fn wait_for(&mut self, text: &str) {
            self.wait_until(&format!("{text:?} on screen"), |s| s.contains(text));
        }

        pub(crate) fn header(&self) -> String {
            self.screen.line(0)
        }

        pub(crate) fn send(&mut self, keys: &str) {
            self.session.send(keys).expect("write to the PTY");
        }

        /// Waits for the program to exit, reading its output to the end; its exit status.
        pub(crate) fn wait_exit(&mut self) -> WaitStatus {
            let deadline = Instant::now() + DEADLINE;
            while !self.eof {
                if !self.pump() && !self.eof {
                    if Instant::now() > deadline {
                        self.fail("the program to exit");
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
            loop {
                match self.session.get_process().status() {
                    Ok(WaitStatus::StillAlive) if Instant::now() <= deadline => {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    Ok(WaitStatus::StillAlive) => self.fail("the program to exit"),
                    Ok(status) => return status,
                    Err(e) => panic!("waitpid: {e}"),
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------

    pub(crate) const FIRST: &str = "farmington-officer-resigns-daily-mail";
    pub(crate) const SECOND: &str = "farmington-officer-resigns-video";
    pub(crate) const TYPED: &str = "family taking legal action";

    pub(crate) struct Setup {
        _tmp: tempfile::TempDir,
        pub(crate) cwd: PathBuf,
        pub(crate) config: PathBuf,
        pub(crate) annotations: PathBuf,
    }

    impl Setup {
        pub(crate) fn new() -> Setup {
            let tmp = tempfile::tempdir().unwrap();
            let cwd = tmp.path().join("cwd");
            let config = tmp.path().join("config");
            std::fs::create_dir_all(&cwd).unwrap();
            std::fs::create_dir_all(&config).unwrap();
            let annotations = tmp.path().join("annotations");
            Setup {
                _tmp: tmp,
                cwd,
                config,
                annotations,
            }
        }

        /// `vetter review` of the samples with the fixture's predictions, plus `extra`.
        pub(crate) fn review_with(&self, extra: &[&str], no_color: bool) -> Tui {
            let mut args: Vec<OsString> = vec!["review".into(), articles().into()];
            args.extend(["--annotations".into(), self.annotations.clone().into()]);
            args.extend(["--reviewer".into(), "e2e".into()]);
            args.extend(["--predictions".into(), fixture().into()]);
            args.extend(extra.iter().map(OsString::from));
            Tui::spawn(&args, &self.cwd, &self.config, no_color)
        }

        pub(crate) fn review(&self) -> Tui {
            self.review_with(&[], true)
        }

        fn file(&self, id: &str) -> PathBuf {
            self.annotations.join("e2e").join(format!("{id}.ron"))
        }

        fn load(&self, id: &str) -> Annotation {
            let path = self.file(id);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            vetter::io::parse_annotation(&text, &path).unwrap()
        }
    }

    fn field<'a>(ann: &'a Annotation, key: &str) -> &'a FieldAnn {
        ann.field(key).unwrap_or_else(|| panic!("no field {key}"))
    }

    fn sub<'a>(ann: &'a Annotation, key: &str, record: usize, sub: &str) -> &'a FieldAnn {
        field(ann, key).records()[record]
            .fields
            .iter()
            .find(|f| f.key == sub)
            .unwrap_or_else(|| panic!("no field {key}[{record}].{sub}"))
    }

    fn text(s: &str) -> Entry {
        Entry::Value(Value::Text(s.into()))
    }

    /// The SGR sequences in `raw` that set a colour (resets to the default colours excluded).
    pub(crate) fn colour_sequences(raw: &[u8]) -> Vec<String> {
        let text = String::from_utf8_lossy(raw);
        let mut out = Vec::new();
        for piece in text.split("\x1b[").skip(1) {
            let Some(end) = piece.find(|c: char| ('\x40'..='\x7e').contains(&c)) else {
                continue;
            };
            if !piece[end..].starts_with('m') {
                continue;
            }
            let params = &piece[..end];
            let colour = params.split(';').any(|p| {
                matches!(
                    p.parse::<u32>(),
                    Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
                )
            });
            if colour {
                out.push(params.to_string());
            }
        }
        out
    }

    /// Every field (records' sub-fields too) that had a suggestion with a value.
    fn suggested(fields: &[FieldAnn], out: &mut Vec<FieldAnn>) {
        for f in fields {
            if f.suggestion
                .as_ref()
                .is_some_and(|s| s.value != Entry::Empty)
            {
                out.push(f.clone());
            }
            for r in f.records() {
                suggested(&r.fields, out);
            }
        }
    }

    /// Confirm all, reject one field, correct another by typing, mark done, quit; then a
    /// second run resumes at the next article and leaves the finished one alone.
    #[test]
    fn review_confirm_correct_done_quit_then_resume() {
        let started = Instant::now();
        let env = Setup::new();
        let mut tui = env.review();

        tui.wait_until("the first article in the header", |s| {
            let h = s.line(0);
            h.contains(&format!("1/3 {FIRST}")) && h.contains("0 finished") && h.contains("e2e")
        });

        // Confirm every suggestion.
        tui.send("A");
        tui.wait_until("the confirm-all message", |s| {
            s.line(ROWS - 1).starts_with(" Confirmed ")
        });
        let confirmed_msg = tui.screen.line(ROWS - 1);
        let shown: usize = confirmed_msg
            .split("Confirmed ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .expect("\"Confirmed N suggestions\" on screen");

        // Row 10 is participants[0].age, which the fixture leaves empty: not mentioned.
        tui.send(&"j".repeat(10));
        tui.wait_for("participants[0].age (integer) · unreviewed");
        tui.send("x"); // not mentioned, and on to the next field as Enter does
        tui.wait_for("participants[0].gender (enum)");

        // Row 20, the last, is Legal action: a text field without a suggestion.
        tui.send(&"j".repeat(9));
        tui.wait_for("legal_action (text) · unreviewed");
        assert!(
            tui.screen.contains("no suggestion"),
            "{}",
            tui.screen.text()
        );
        tui.send("e");
        tui.wait_until("edit mode", |s| s.line(ROWS - 2).starts_with(" edit "));
        tui.send(TYPED);
        tui.wait_for(TYPED);
        tui.send("\r");
        tui.wait_for("legal_action (text) · corrected");
        assert!(tui.screen.line(ROWS - 2).starts_with(" review "));

        // Every field left unreviewed is not mentioned; done: the next article opens.
        tui.send("R");
        tui.wait_until("the reject-rest message", |s| {
            s.line(ROWS - 1).contains("fields not mentioned")
        });
        tui.send("D");
        tui.wait_until("the second article in the header", |s| {
            let h = s.line(0);
            h.contains(&format!("2/3 {SECOND}")) && h.contains("1 finished")
        });
        tui.send("q");
        let status = tui.wait_exit();
        assert!(
            matches!(status, WaitStatus::Exited(_, 0)),
            "exit status {status:?}\n{}",
            tui.screen.text()
        );
        assert!(
            tui.raw.windows(8).any(|w| w == b"\x1b[?1049l"),
            "the alternate screen was not left"
        );
        let first_run = started.elapsed();

        // What was saved.
        let ann = env.load(FIRST);
        assert_eq!(ann.status, Status::Done);
        assert_eq!(ann.reviewer, "e2e");
        assert_eq!(ann.article.id, FIRST);
        assert_eq!(ann.draft, None);
        let corpus = vetter::io::Corpus::open(&articles()).unwrap();
        let i = corpus.index_of(FIRST).unwrap();
        assert_eq!(ann.article.text_hash, corpus.load(i).unwrap().text_hash());

        let legal = field(&ann, "legal_action");
        assert_eq!(legal.state, FieldState::Corrected);
        assert_eq!(legal.value, text(TYPED));
        assert_eq!(legal.suggestion, None);

        let age = sub(&ann, "participants", 0, "age");
        assert_eq!(age.state, FieldState::Rejected);
        assert_eq!(age.value, Entry::NotMentioned);

        // The fixture's values, confirmed as they were.
        let expect = [
            ("city", text("Farmington")),
            ("state", text("New Mexico")),
            ("location", text("Mesa View Middle School")),
            ("agency", text("Farmington Police")),
            ("num_killed", Entry::Value(Value::Int(0))),
            ("num_injured", Entry::Value(Value::Int(2))),
            ("incident_date", Entry::NotMentioned),
            (
                "force_used",
                Entry::Value(Value::Choices(vec!["physical".into(), "takedown".into()])),
            ),
            (
                "officer_outcome",
                Entry::Value(Value::Choice("resigned".into())),
            ),
        ];
        for (key, value) in expect {
            let f = field(&ann, key);
            assert_eq!(f.state, FieldState::Confirmed, "{key}");
            assert_eq!(f.value, value, "{key}");
        }
        assert_eq!(field(&ann, "participants").state, FieldState::Confirmed);
        assert_eq!(field(&ann, "participants").records().len(), 2);
        let name = sub(&ann, "participants", 0, "name");
        assert_eq!(
            (name.state, &name.value),
            (FieldState::Confirmed, &text("Zachary Christensen"))
        );
        for (r, role) in [(0, "officer"), (1, "victim")] {
            let f = sub(&ann, "participants", r, "role");
            assert_eq!(f.state, FieldState::Confirmed);
            assert_eq!(f.value, Entry::Value(Value::Choice(role.into())));
        }
        let evidence = &field(&ann, "city").evidence;
        assert_eq!(evidence.len(), 1);
        assert_eq!(evidence[0].quote, "Farmington");

        // Every suggestion was confirmed with its own value, and the count on screen agrees.
        let mut with_suggestion = Vec::new();
        suggested(&ann.fields, &mut with_suggestion);
        assert_eq!(with_suggestion.len(), shown, "{confirmed_msg}");
        for f in &with_suggestion {
            assert_eq!(f.state, FieldState::Confirmed, "{}", f.key);
            // A group's records carry review states, so only scalar values compare equal.
            if !matches!(f.value, Entry::Records(_)) {
                assert_eq!(
                    Some(&f.value),
                    f.suggestion.as_ref().map(|s| &s.value),
                    "{}",
                    f.key
                );
            }
        }
        let schema = vetter::io::default_schema();
        assert!(ann.missing_required(&schema).is_empty());

        // The second article was opened but not touched: no file for it.
        assert!(!env.file(SECOND).exists());

        // The file passes `vetter validate` against the corpus.
        AssertCommand::cargo_bin("vetter")
            .unwrap()
            .current_dir(&env.cwd)
            .env("VETTER_CONFIG", &env.config)
            .arg("validate")
            .arg(&env.annotations)
            .arg("--corpus")
            .arg(articles())
            .timeout(DEADLINE)
            .assert()
            .success()
            .stdout("");

        // Second run: resumes at the first article not done, leaves the finished one alone.
        let before = std::fs::read(env.file(FIRST)).unwrap();
        let second_started = Instant::now();
        let mut tui = env.review();
        tui.wait_until("the second article in the header", |s| {
            let h = s.line(0);
            h.contains(&format!("2/3 {SECOND}")) && h.contains("1 finished")
        });
        assert!(!tui.header().contains(FIRST), "{}", tui.header());
        tui.send("q");
        let status = tui.wait_exit();
        assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
        assert_eq!(std::fs::read(env.file(FIRST)).unwrap(), before);
        assert!(!env.file(SECOND).exists());
        eprintln!(
            "e2e timing: first run {first_run:?}, second run {:?}",
            second_started.elapsed()
        );
    }

    /// SIGTERM mid-edit: the terminal is restored, the process exits, and what was done (an
    /// edit in progress included) is on disk; the next run reopens the unfinished edit.
    #[test]
    fn sigterm_restores_the_terminal_and_keeps_the_edits() {
        let env = Setup::new();
        let mut tui = env.review();
        tui.wait_until("the first article in the header", |s| {
            s.line(0).contains(&format!("1/3 {FIRST}"))
        });
        tui.send("A");
        tui.wait_until("the confirm-all message", |s| {
            s.line(ROWS - 1).starts_with(" Confirmed ")
        });
        tui.send(&"j".repeat(20));
        tui.wait_for("legal_action (text) · unreviewed");
        tui.send("e");
        tui.wait_until("edit mode", |s| s.line(ROWS - 2).starts_with(" edit "));
        tui.send("half typed");
        tui.wait_for("half typed");

        let killed_at = tui.raw.len();
        tui.session
            .get_process_mut()
            .kill(Signal::SIGTERM)
            .expect("send SIGTERM");
        let status = tui.wait_exit();
        assert!(
            matches!(status, WaitStatus::Exited(_, 143)),
            "SIGTERM should end vetter with 128 + 15, got {status:?}"
        );
        let after = &tui.raw[killed_at..];
        assert!(
            after.windows(8).any(|w| w == b"\x1b[?1049l"),
            "no leave-alternate-screen after SIGTERM: {:?}",
            String::from_utf8_lossy(after)
        );
        // Raw mode is undone before the program ends: the cursor is shown again too.
        assert!(after.windows(6).any(|w| w == b"\x1b[?25h"));

        let ann = env.load(FIRST);
        assert_eq!(ann.status, Status::InProgress);
        assert_eq!(field(&ann, "city").state, FieldState::Confirmed);
        assert_eq!(field(&ann, "city").value, text("Farmington"));
        let draft = ann
            .draft
            .as_ref()
            .expect("the edit in progress is saved as a draft");
        assert_eq!(draft.field, "legal_action");
        assert_eq!(draft.text, "half typed");
        assert_eq!(field(&ann, "legal_action").state, FieldState::Unreviewed);

        // The next run reopens the unfinished edit where it was.
        let mut tui = env.review();
        tui.wait_for("Restored an unfinished edit of legal_action");
        tui.wait_for("half typed");
        assert!(tui.screen.line(ROWS - 2).starts_with(" edit "));
        tui.send("\x03"); // Ctrl-c quits from the edit mode too
        let status = tui.wait_exit();
        assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
    }

    /// NO_COLOR: the screen is drawn with modifiers only; without it, colours are used.
    #[test]
    fn no_color_draws_without_colours() {
        for no_color in [true, false] {
            let env = Setup::new();
            let mut tui = env.review_with(&[], no_color);
            tui.wait_until("the first article in the header", |s| {
                s.line(0).contains(&format!("1/3 {FIRST}"))
            });
            // The focus on the city field highlights its evidence in the article.
            tui.send("j");
            tui.wait_for("city (text) · unreviewed");
            tui.send("q");
            let status = tui.wait_exit();
            assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
            let colours = colour_sequences(&tui.raw);
            if no_color {
                assert!(
                    colours.is_empty(),
                    "NO_COLOR=1 but colours were set: {colours:?}"
                );
            } else {
                assert!(!colours.is_empty(), "no colour at all without NO_COLOR");
            }
            // Quitting without a change writes no annotation (only the session's lock file).
            let written: Vec<_> = walk(&env.annotations)
                .into_iter()
                .filter(|p| !p.ends_with(vetter::io::lock::LOCK_FILE))
                .collect();
            assert!(written.is_empty(), "{written:?}");
        }
    }

    /// `--start` opens the named article even though an earlier one is not done; an unknown id
    /// is refused before the screen is taken over.
    #[test]
    fn start_opens_the_named_article_and_refuses_unknown_ids() {
        let env = Setup::new();
        let third = "kenosha-officer-knee-on-neck";
        let mut tui = env.review_with(&["--start", third], true);
        tui.wait_until("the third article in the header", |s| {
            let h = s.line(0);
            h.contains(&format!("3/3 {third}")) && h.contains("0 finished")
        });
        tui.send("q");
        let status = tui.wait_exit();
        assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");

        let mut tui = env.review_with(&["--start", "no-such-article"], true);
        let status = tui.wait_exit();
        assert!(
            matches!(status, WaitStatus::Exited(_, code) if code != 0),
            "{status:?}"
        );
        let out = String::from_utf8_lossy(&tui.raw).into_owned();
        assert!(out.contains("no-such-article"), "{out}");
        assert!(out.contains("--start"), "{out}");
        assert!(
            !out.contains("\x1b[?1049h"),
            "the alternate screen was entered before the error: {out:?}"
        );
    }

    /// Every file under a directory (none if it does not exist).
    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
        out
    }
}
