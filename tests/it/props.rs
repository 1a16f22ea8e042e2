//! Properties: random key sequences keep the state consistent and the store in step with it;
//! wrapping covers the text exactly and fits the width.

use crate::common;

use common::Harness;
use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::collections::{HashMap, VecDeque};
use vetter::app::services::Next;
use vetter::core::command::Mode;
use vetter::core::keymap::Keymap;
use vetter::core::keys::{Key, KeyChord};
use vetter::core::layout::Wrapped;
use vetter::core::{update, Action, Effect};
use vetter::domain::annotation::Annotation;
use vetter::domain::text::{is_hidden, sanitize_char};
use vetter::io::parse_annotation;
use vetter::tui::Theme;

/// Every key the default keymap binds, in any mode, plus Esc and Enter.
fn keymap_keys() -> Vec<KeyChord> {
    let km = Keymap::default_keymap();
    let mut keys = vec![KeyChord::plain(Key::Esc), KeyChord::plain(Key::Enter)];
    for m in Mode::ALL {
        for b in km.bindings(m) {
            for k in &b.keys {
                if !keys.contains(k) {
                    keys.push(*k);
                }
            }
        }
    }
    keys
}

fn step() -> impl Strategy<Value = Action> {
    let typed = any::<char>()
        .prop_filter("printable", |c| !c.is_control())
        .prop_map(|c| KeyChord::plain(Key::Char(c)));
    prop_oneof![
        6 => proptest::sample::select(keymap_keys()).prop_map(Action::Key),
        2 => typed.prop_map(Action::Key),
        1 => (1u16..200, 1u16..60).prop_map(|(width, height)| Action::Resize { width, height }),
    ]
}

/// Runs an action the way the event loop does, recording the last annotation saved per article.
fn run(h: &mut Harness, first: Action, saved: &mut HashMap<String, Annotation>) {
    let mut queue = VecDeque::from([first]);
    while let Some(action) = queue.pop_front() {
        for effect in update(&mut h.state, action) {
            if let Effect::Save(a) = &effect {
                saved.insert(a.article.id.clone(), (**a).clone());
            }
            if let Next::Actions(a) = h.services.run(effect, common::NOW) {
                queue.extend(a);
            }
        }
    }
}

fn check_invariants(h: &Harness, size: (u16, u16), saved: &HashMap<String, Annotation>) {
    let rows = h.state.rows().len();
    assert!(
        rows == 0 || h.state.focus < rows,
        "focus {} of {rows} rows",
        h.state.focus
    );
    let s = h.session();
    let text_h = usize::from(h.state.screen.article_text.height).max(1);
    assert!(s.scroll <= s.wrapped.lines.len(), "scroll past the text");
    assert!(
        s.scroll <= s.wrapped.lines.len().saturating_sub(text_h),
        "scroll past the last page"
    );
    let text_w = usize::from(h.state.screen.article_text.width).max(1);
    assert_eq!(s.wrapped.width, text_w, "wrapped at the pane's width");

    let mut t = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    t.draw(|f| vetter::tui::draw(f, &h.state, &Theme { color: false }))
        .unwrap();

    let mut on_disk = 0;
    for entry in std::fs::read_dir(h.services.store.dir())
        .into_iter()
        .flatten()
    {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let ann = parse_annotation(&text, &path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            Some(&ann),
            saved.get(&ann.article.id),
            "{} is the last save",
            path.display()
        );
        assert_eq!(path, h.services.store.path_for(&ann.article.id));
        if ann.article.id == s.article.id {
            assert_eq!(&ann, &s.annotation, "what is on screen is what is saved");
        }
        on_disk += 1;
    }
    assert_eq!(on_disk, saved.len(), "every save is a file");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_keep_state_and_store_consistent(steps in prop::collection::vec(step(), 1..60)) {
        let mut h = Harness::new();
        let mut saved = HashMap::new();
        let mut size = (80, 24);
        for action in steps {
            if let Action::Resize { width, height } = action {
                size = (width, height);
            }
            run(&mut h, action, &mut saved);
            h.flush();
            check_invariants(&h, size, &saved);
        }
    }
}

/// Arbitrary text, with spaces, tabs, newlines and a few troublesome characters common enough.
fn text(chars: BoxedStrategy<char>) -> impl Strategy<Value = String> {
    let odd = vec![
        '日', '\u{301}', '\u{202e}', '\u{200b}', '\u{3000}', '\0', '\u{1b}', '\r',
    ];
    let c = prop_oneof![
        4 => chars,
        3 => proptest::char::range('a', 'z'),
        2 => Just(' '),
        1 => Just('\n'),
        1 => Just('\t'),
        1 => proptest::sample::select(odd),
    ];
    prop::collection::vec(c, 0..300).prop_map(String::from_iter)
}

/// Columns a raw line takes on screen, as the article pane draws it (tabs from column 0).
fn drawn_width(raw: &str) -> usize {
    let mut out = String::new();
    for c in raw.chars() {
        let col = unicode_width::UnicodeWidthStr::width(out.as_str());
        sanitize_char(c, col, &mut out);
    }
    unicode_width::UnicodeWidthStr::width(out.as_str())
}

/// Whitespace that draws as blanks: a line may run past the width with it.
fn blank(c: char) -> bool {
    c == ' ' || c == '\t' || (c.is_whitespace() && !c.is_control() && !is_hidden(c))
}

/// The lines of a wrapping, checking they cover the text exactly: in order, each paragraph's
/// lines back to back, one '\n' between paragraphs, code point offsets right.
fn covering_lines(text: &str, width: usize) -> Vec<&str> {
    let w = Wrapped::new(text, width);
    assert_eq!(w.width, width);
    let (mut rebuilt, mut at, mut out) = (String::new(), 0, Vec::new());
    for (i, l) in w.lines.iter().enumerate() {
        if i > 0 && l.byte_start == at + 1 && text[at..].starts_with('\n') {
            rebuilt.push('\n');
        } else {
            assert_eq!(l.byte_start, at, "line {i} starts where the last ended");
        }
        let line = &text[l.byte_start..l.byte_end];
        assert_eq!(
            l.char_start,
            text[..l.byte_start].chars().count(),
            "line {i}"
        );
        assert!(!line.contains('\n'), "line {i}");
        rebuilt.push_str(line);
        at = l.byte_end;
        out.push(line);
    }
    assert_eq!((at, rebuilt.as_str()), (text.len(), text));
    assert_eq!(
        out.len(),
        text.split('\n').count()
            + (0..w.lines.len())
                .filter(|&i| { i > 0 && w.lines[i].byte_start == w.lines[i - 1].byte_end })
                .count()
    );
    out
}

/// Each line fits the width once trailing blanks are dropped, unless it is one character (with
/// any zero-width ones) wider than the width.
fn assert_fits(lines: &[&str], width: usize) {
    for (i, line) in lines.iter().enumerate() {
        let shown = line.trim_end_matches(blank);
        let cols = drawn_width(shown);
        let visible = shown
            .chars()
            .filter(|c| drawn_width(&c.to_string()) > 0)
            .count();
        assert!(
            cols <= width || visible == 1,
            "line {i} {line:?} takes {cols} > {width}"
        );
    }
}

/// Characters that take at most one column on screen and are not whitespace with a visible
/// marker (see the ignored tests below).
fn narrow(c: char) -> bool {
    let marked_space = c.is_whitespace() && !blank(c);
    c == '\n' || (drawn_width(&c.to_string()) <= 1 && !marked_space)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn wrapped_lines_cover_any_text_exactly(t in text(any::<char>().boxed()), width in 1usize..120) {
        covering_lines(&t, width);
    }

    #[test]
    fn wrapped_lines_of_narrow_text_fit_the_width(
        t in text(any::<char>().prop_filter("narrow", |c| narrow(*c)).boxed())
            .prop_map(|t| t.chars().filter(|c| narrow(*c)).collect::<String>()),
        width in 1usize..120,
    ) {
        assert_fits(&covering_lines(&t, width), width);
    }

    #[test]

    fn wrapped_lines_fit_the_width(t in text(any::<char>().boxed()), width in 1usize..120) {
        assert_fits(&covering_lines(&t, width), width);
    }
}

#[test]
fn wrapping_examples() {
    for (t, w) in [
        ("", 1),
        ("\n\n", 3),
        ("a b c d", 1),
        ("日本語", 1),
        ("x\u{301}\u{301}", 1),
    ] {
        assert_fits(&covering_lines(t, w), w);
    }
    assert_eq!(covering_lines("ab cd\tef gh", 5), ["ab cd\t", "ef gh"]);
    assert_eq!(covering_lines("日本 語", 5), ["日本 ", "語"]);
    assert_eq!(covering_lines("日本 語", 3), ["日", "本 ", "語"]);
}

#[test]

fn a_wide_character_after_a_word_break_fits_the_new_line() {
    // " abcdefghi日" at 10: the break after the space leaves "abcdefghi" (9 columns) and 日 (2)
    // on one line of 11; a zero-width space after a word shows ⟨U+200B⟩ cut at the pane's edge.
    for (t, width) in [
        (" abcdefghi日", 10),
        ("Hi, abcdefgh\u{200b}x", 12),
        (" !\u{fe00}", 2),
    ] {
        assert_fits(&covering_lines(t, width), width);
    }
}

#[test]

fn visible_whitespace_markers_wrap_like_other_characters() {
    // A CRLF line that fills the pane, and a line separator at a wrap point: their markers (␍,
    // ⟨U+2028⟩) run past the pane's right edge, so the reviewer never sees them.
    for (t, width) in [
        ("abcd\r", 4),
        ("abcdef\u{2028}ghi", 6),
        ("ab\u{85}\u{85}cd", 4),
    ] {
        assert_fits(&covering_lines(t, width), width);
    }
}
