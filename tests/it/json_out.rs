//! The JSON vetter writes (`io::json_out`) and the line sanitizer for printing
//! (`domain::text::sanitize_line`): properties over arbitrary strings.

use proptest::prelude::*;
use serde_json::{json, Value};
use vetter::domain::text::{is_format, is_hidden, sanitize, sanitize_line, sanitize_lines};
use vetter::io::json_out;

/// What vetter's JSON must never hold raw.
fn must_escape(c: char) -> bool {
    (c as u32) < 0x20 || matches!(c as u32, 0x80..=0x9F | 0x2028 | 0x2029) || is_format(c)
}

/// Characters, with the interesting ones drawn often.
fn chars() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => proptest::char::range(' ', '~'),
        1 => proptest::char::range('\u{0}', '\u{1f}'),
        1 => proptest::char::range('\u{7f}', '\u{ad}'),
        1 => proptest::char::range('\u{2000}', '\u{206f}'),
        1 => prop::sample::select(vec!['\u{61c}', '\u{180e}', '\u{feff}', '\u{fff9}',
            '\u{110bd}', '\u{1bca0}', '\u{e0001}', '\u{e007f}', '\u{1f600}', 'é', '’', '"', '\\']),
    ]
}

fn strings() -> impl Strategy<Value = String> {
    prop::collection::vec(chars(), 0..40).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn json_out_round_trips_and_escapes(key in strings(), a in strings(), b in strings()) {
        let v = json!({ key.clone(): [a.clone(), {"b": b.clone(), "n": 1}], "k": key });
        for text in [json_out::to_string(&v).unwrap(), json_out::to_string_pretty(&v).unwrap()] {
            let back: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(&back, &v);
            prop_assert!(!text.chars().any(|c| c != '\n' && must_escape(c)), "{:?}", text);
        }
        // Compact output differs from serde_json's only where there was something to escape.
        let plain = serde_json::to_string(&v).unwrap();
        if !plain.chars().any(must_escape) {
            prop_assert_eq!(json_out::to_string(&v).unwrap(), plain);
        }
    }

    #[test]
    fn sanitize_line_leaves_nothing_a_terminal_acts_on(s in strings()) {
        let line = sanitize_line(&s);
        prop_assert!(
            !line.chars().any(|c| c.is_control() || is_hidden(c) || is_format(c)),
            "{:?}", line
        );
        // The screen's sanitizer gives the same, except for the few format characters it shows.
        if !s.chars().any(|c| is_format(c) && !is_hidden(c)) {
            let screen = sanitize(&s);
            prop_assert_eq!(line.as_ref(), screen.as_str());
        }
        let lines = sanitize_lines(&s);
        prop_assert!(
            !lines.chars().any(|c| c != '\n' && (c.is_control() || is_hidden(c) || is_format(c))),
            "{:?}", lines
        );
        prop_assert_eq!(lines.matches('\n').count(), s.matches('\n').count());
    }
}

#[test]
fn surrogate_pairs_and_known_escapes() {
    let s = "\u{e0001}\u{1bca0}\u{2028}\u{85}\u{ad}";
    assert_eq!(
        json_out::to_string(&s).unwrap(),
        r#""\udb40\udc01\ud82f\udca0\u2028\u0085\u00ad""#
    );
    // Keys are strings too.
    assert_eq!(
        json_out::to_string(&json!({"\u{202e}": 1})).unwrap(),
        r#"{"\u202e":1}"#
    );
}
