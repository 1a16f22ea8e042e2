//! The real review screen drawn into a test backend: snapshots of each mode, hostile text, and
//! every small size.

use crate::common;

use common::{key, Harness, NOW};
use ratatui::backend::TestBackend;
use ratatui::layout::Position;
use ratatui::style::Modifier;
use ratatui::Terminal;
use std::fs;
use vetter::core::command::Mode;
use vetter::core::layout::Screen;
use vetter::core::state::{Message, ModeState, State};
use vetter::core::Action;
use vetter::domain::text::{is_hidden, sanitize_char};
use vetter::tui::overlay::help_lines;
use vetter::tui::Theme;

const PLAIN: Theme = Theme { color: false };

fn draw(state: &State, width: u16, height: u16) -> Terminal<TestBackend> {
    crate::common::draw_plain(state, width, height)
}

/// The screen's rows as text (a wide character's second cell skipped).
fn rows(t: &Terminal<TestBackend>) -> Vec<String> {
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..buf.area.width {
                let sym = buf[(x, y)].symbol();
                if skip == 0 {
                    line.push_str(sym);
                }
                skip = unicode_width::UnicodeWidthStr::width(sym)
                    .max(skip)
                    .saturating_sub(1);
            }
            line
        })
        .collect()
}

/// The article's text rows on screen are the state's wrapped lines from its scroll, sanitized.
fn assert_article_matches_state(t: &Terminal<TestBackend>, state: &State) {
    let s = state.session.as_ref().unwrap();
    let area = state.screen.article_text;
    let shown = rows(t);
    for (i, l) in s
        .wrapped
        .lines
        .iter()
        .skip(s.scroll)
        .take(area.height.into())
        .enumerate()
    {
        let mut want = String::new();
        for c in s.article.text[l.byte_start..l.byte_end].chars() {
            let col = unicode_width::UnicodeWidthStr::width(want.as_str());
            sanitize_char(c, col, &mut want);
        }
        let row = &shown[usize::from(area.y) + i];
        let inside: String = row.chars().skip(area.x.into()).collect();
        let want = want.trim_end();
        let cut: String = want.chars().take(inside.chars().count()).collect();
        assert!(
            inside.starts_with(cut.trim_end()),
            "row {i}: {inside:?} vs {want:?}"
        );
    }
}

#[test]
fn review_screen_80x24() {
    let mut h = Harness::sized(80, 24);
    h.focus_on("city");
    let t = draw(&h.state, 80, 24);
    assert_article_matches_state(&t, &h.state);
    insta::assert_snapshot!("review_80x24", t.backend());
    // Without colour the focused row is reversed, its evidence reversed and bold, other
    // fields' evidence underlined.
    let buf = t.backend().buffer();
    let mods = |x: u16, y: u16| buf[(x, y)].modifier;
    let focus_y = 2 + h.state.focus as u16;
    assert!((45..79).all(|x| mods(x, focus_y).contains(Modifier::REVERSED)));
    assert!(!mods(50, focus_y + 1).contains(Modifier::REVERSED));
    let find = |needle: &str| {
        let shown = rows(&t);
        let y = shown.iter().position(|r| r.contains(needle)).unwrap();
        let x = shown[y]
            .find(needle)
            .map(|b| shown[y][..b].chars().count())
            .unwrap();
        (x as u16, y as u16)
    };
    let (x, y) = find("with Farmington");
    let evidence = Modifier::REVERSED | Modifier::BOLD;
    assert!((x + 5..x + 15).all(|x| mods(x, y).contains(evidence)));
    assert!(
        !mods(x, y).contains(Modifier::REVERSED),
        "\"with\" is not evidence"
    );
    let (x, y) = find("New Mexico cop");
    assert!((x..x + 10).all(|x| mods(x, y) == Modifier::UNDERLINED));
}

#[test]
fn review_screen_120x40() {
    let mut h = Harness::sized(120, 40);
    h.focus_on("agency");
    let t = draw(&h.state, 120, 40);
    assert_article_matches_state(&t, &h.state);
    let text = rows(&t).join("\n");
    assert!(
        text.contains("evidence: \u{201c}Farmington Police\u{201d}"),
        "{text}"
    );
    insta::assert_snapshot!("review_120x40", t.backend());
}

#[test]
fn edit_mode_shows_the_input_and_its_cursor() {
    let mut h = Harness::sized(80, 24);
    h.start_edit("city", "Aztéc");
    h.key("Left");
    let mut t = draw(&h.state, 80, 24);
    let y = 1 + 1 + h.state.focus as u16; // header, form border
    let row = &rows(&t)[usize::from(y)];
    let x = row.find("Aztéc").map(|b| row[..b].chars().count()).unwrap() as u16;
    assert_eq!(t.get_cursor_position().unwrap(), Position::new(x + 4, y));
    insta::assert_snapshot!("edit_mode", t.backend());
}

#[test]
fn enum_picker_pops_up() {
    let mut h = Harness::sized(80, 24);
    h.focus_on("participants[0].role");
    h.keys(&["e", "Down"]);
    let t = draw(&h.state, 80, 24);
    let text = rows(&t).join("\n");
    assert!(
        text.contains("> victim") && text.contains("  officer"),
        "{text}"
    );
    insta::assert_snapshot!("enum_picker", t.backend());
}

#[test]
fn help_screen_is_generated_from_the_keymap() {
    let mut h = Harness::sized(100, 30);
    h.key("?");
    assert!(matches!(h.state.mode, ModeState::Help { .. }));
    let t = draw(&h.state, 100, 30);
    insta::assert_snapshot!("help", t.backend());
    let lines: Vec<String> = help_lines(&h.state, Mode::Normal, &PLAIN)
        .iter()
        .map(ToString::to_string)
        .collect();
    for m in Mode::ALL {
        assert!(lines.contains(&format!("{} mode", m.label())), "{m:?}");
        for b in h.state.keymap.bindings(m) {
            let keys = vetter::core::keymap::keys_label(&b.keys);
            let want = format!("  {keys:<22}{}", b.command.describe_in(m));
            assert!(lines.contains(&want), "{want}");
        }
    }
    h.keys(&["j", "j", "j"]);
    let scrolled = rows(&draw(&h.state, 100, 30));
    assert_ne!(scrolled, rows(&t), "j scrolls the help");
    h.key("Esc");
    assert_eq!(h.state.mode, ModeState::Normal);
}

#[test]
fn delete_confirmation_pops_up() {
    let mut h = Harness::sized(80, 24);
    h.focus_on("participants[1].role");
    h.key("d");
    let t = draw(&h.state, 80, 24);
    let text = rows(&t).join("\n");
    assert!(text.contains("Delete Participants #2?"), "{text}");
    assert!(text.contains("y delete · n keep"), "{text}");
    insta::assert_snapshot!("delete_confirm", t.backend());
}

#[test]
fn read_only_article_says_so() {
    let mut h = Harness::read_only(80, 24);
    h.key("y");
    // The message names the file in the temporary store and ron's words for what is wrong:
    // redact the directory and the parser's message.
    let file = h.services.store.path_for(&h.id()).display().to_string();
    let m = h.state.message.clone().unwrap();
    let (head, rest) = m
        .text
        .split_once(&file)
        .expect("the message names the file");
    assert_eq!(head, "read-only: ");
    assert!(rest.starts_with(":1:"), "{rest}");
    let store = h.store_dir.path().display().to_string();
    let text = format!(
        "{head}{}:<position and parse error>",
        file.replace(&store, "<store>")
    );
    h.state.message = Some(Message { text, ..m });
    let t = draw(&h.state, 80, 24);
    assert!(rows(&t)[0].contains("[read-only]"), "{:?}", rows(&t)[0]);
    assert!(rows(&t)[23].starts_with(" read-only: <store>/tester/"));
    insta::assert_snapshot!("read_only", t.backend());
}

const HOSTILE: &str = "Title\x1b[2J with \u{202e}reversed\u{202c} words\n\
    \tTabbed\tline, zero\u{200b}width, NUL\0 bell\x07 del\x7f\r\n\
    \x1b]0;owned\x07 \x1b[31mred\x1b[0m \u{2066}isolate\u{2069} \u{feff}bom \u{85}nel";

#[test]
fn hostile_text_is_drawn_visibly_and_without_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("hostile.txt"), HOSTILE).unwrap();
    let h = Harness::build(dir.path(), tempfile::tempdir().unwrap(), false, 140, 20, 0);
    let t = draw(&h.state, 140, 20);
    for cell in t.backend().buffer().content() {
        for c in cell.symbol().chars() {
            assert!(!c.is_control() && !is_hidden(c), "raw {c:?} on screen");
        }
    }
    let text = rows(&t).join("\n");
    for shown in [
        "Title␛[2J with ⟨U+202E⟩reversed⟨U+202C⟩ words",
        "    Tabbed  line, zero⟨U+200B⟩width, NUL␀ bell␇ del␡␍",
        "␛]0;owned␇ ␛[31mred␛[0m ⟨U+2066⟩isolate⟨U+2069⟩ ⟨U+FEFF⟩bom ⟨U+0085⟩nel",
    ] {
        assert!(text.contains(shown), "{shown:?} not in\n{text}");
    }
    assert_article_matches_state(&t, &h.state);
    insta::assert_snapshot!("hostile_text", t.backend());
}

/// Draws at a size after telling the state about it; also draws at a size it was not told.
fn draw_both_ways(state: &mut State, services: &vetter::app::services::Services, w: u16, h: u16) {
    draw(state, w.saturating_add(7), h / 2);
    vetter::app::runtime::dispatch(
        state,
        services,
        Action::Resize {
            width: w,
            height: h,
        },
    );
    let s = state.session.as_ref().unwrap();
    assert!(s.scroll <= s.wrapped.lines.len(), "{w}x{h}");
    draw(state, w, h);
}

#[test]
fn every_small_size_draws_without_panicking() {
    let mut sizes: Vec<(u16, u16)> = (1..=30)
        .flat_map(|w| (1..=12).map(move |h| (w, h)))
        .collect();
    sizes.extend([
        (0, 0),
        (0, 9),
        (9, 0),
        (1, 200),
        (250, 1),
        (2, 60),
        (33, 7),
        (79, 23),
        (301, 99),
    ]);
    let mut h = Harness::sized(80, 24);
    h.focus_on("participants[1].status");
    let modes: [&[&str]; 5] = [&[], &["?", "j"], &["e"], &["d"], &["/", "t", "h", "e"]];
    for keys in modes {
        h.keys(keys);
        let mode = h.state.mode.mode();
        for &(w, ht) in &sizes {
            draw_both_ways(&mut h.state, &h.services, w, ht);
        }
        assert_eq!(h.state.mode.mode(), mode, "resizing keeps the mode");
        h.key("Esc");
    }
    // An edit in progress, with a long value, at every size.
    h.start_edit("legal_action", &"long words ".repeat(20));
    for &(w, ht) in &sizes {
        draw_both_ways(&mut h.state, &h.services, w, ht);
    }
}

#[test]
fn resizing_between_draws_keeps_the_top_line_and_redraws_consistently() {
    let mut h = Harness::sized(80, 24);
    h.focus_on("officer_outcome");
    h.keys(&["J", "J", "J"]);
    let t = draw(&h.state, 80, 24);
    assert_article_matches_state(&t, &h.state);
    for (w, ht) in [(40, 12), (150, 50), (23, 9), (80, 24)] {
        let s = h.session();
        let top = s.wrapped.lines[s.scroll].char_start;
        h.send(Action::Resize {
            width: w,
            height: ht,
        });
        assert_eq!(h.state.screen, Screen::compute(w, ht));
        let s = h.session();
        assert_eq!(
            s.wrapped.width,
            usize::from(h.state.screen.article_text.width).max(1)
        );
        let line = s.wrapped.line_of_char(top);
        let max = s
            .wrapped
            .lines
            .len()
            .saturating_sub(h.state.screen.article_text.height.into());
        assert_eq!(
            s.scroll,
            line.min(max),
            "{w}x{ht}: the old top line stays on top"
        );
        let t = draw(&h.state, w, ht);
        assert_article_matches_state(&t, &h.state);
        if (w, ht) == (40, 12) {
            insta::assert_snapshot!("resized_40x12", t.backend());
        }
    }
    let clock = Action::Clock {
        now: NOW.into(),
        active_seconds: 3,
    };
    h.send(clock);
    h.send(key("j"));
    assert!(h.state.focus < h.state.rows().len());
}

#[test]

fn help_scroll_stops_at_the_last_page() {
    let mut h = Harness::sized(100, 30);
    h.key("?");
    for _ in 0..200 {
        h.key("j");
    }
    let bottom = rows(&draw(&h.state, 100, 30));
    h.key("k");
    assert_ne!(
        rows(&draw(&h.state, 100, 30)),
        bottom,
        "k scrolls up at once"
    );
}

#[test]

fn a_one_row_form_list_shows_the_focused_field() {
    let mut h = Harness::sized(80, 6);
    for path in ["incident_date", "city", "legal_action"] {
        h.focus_on(path);
        let label = h.state.schema.field(path).unwrap().label.clone();
        let shown = rows(&draw(&h.state, 80, 6));
        let form: String = shown[2].chars().skip(45).take(12).collect();
        assert!(
            form.starts_with(&format!("· {}", &label[..label.len().min(8)])),
            "{path}: {form:?}"
        );
    }
}
