//! The schema file's `calibration` section as text: written by `vetter calibrate`, the rest of
//! the file (its hand-written fields, word lists and comments) kept byte for byte.

use crate::domain::calibration::Calibration;
use crate::io::schema_file::{scan, word_start};

/// Points a line in the written tables.
const PER_LINE: usize = 6;

/// A number as RON reads it back as the same `f64` (always with a decimal point).
fn num(x: f64) -> String {
    let s = format!("{x}");
    if s.contains(['.', 'e', 'E']) || !x.is_finite() {
        s
    } else {
        s + ".0"
    }
}

/// The section, indented as a top-level entry of the schema, ending with `},` (no newline).
pub fn render(cal: &Calibration) -> String {
    let mut s = String::from(
        "    calibration: {\n        \
         // Written by `vetter calibrate` (README, \"Confidences\"): refit rather than edit. Per\n        \
         // field path and cue, sorted (raw score, probability that a reviewer confirms) points,\n        \
         // read with linear interpolation; cue \"*\" pools a field's cues (for cues without a\n        \
         // table), field \"*\" pools every field (for fields without one).\n",
    );
    for (field, cues) in cal {
        s += &format!("        {field:?}: {{\n");
        for (cue, table) in cues {
            s += &format!("            {cue:?}: [\n");
            for line in table.chunks(PER_LINE) {
                let pts: Vec<String> = line
                    .iter()
                    .map(|&(x, p)| format!("({}, {})", num(x), num(p)))
                    .collect();
                s += &format!("                {},\n", pts.join(", "));
            }
            s += "            ],\n";
        }
        s += "        },\n";
    }
    s += "    },";
    s
}

/// Where schema text's top-level `calibration` entry is: from the start of its line (when only
/// spaces come before it) to after its closing brace and the comma after it, if any.
fn find_section(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let (mut key, mut open, mut close) = (None, None, None);
    scan(text, |depth, i| {
        match (key, open) {
            (None, _) => {
                if depth == 1 && word_start(b, i) && is_key(&text[i..], "calibration") {
                    key = Some(i);
                }
            }
            (Some(_), None) => {
                if b[i] == b'{' {
                    open = Some(i);
                }
            }
            (Some(_), Some(_)) => {
                if b[i] == b'}' && depth == 2 {
                    close = Some(i);
                    return false;
                }
            }
        }
        true
    });
    let (key, mut end) = (key?, close? + 1);
    if b.get(end) == Some(&b',') {
        end += 1;
    }
    Some((line_start(text, key), end))
}

/// Whether `rest` starts with the identifier `name` followed by `:`.
fn is_key(rest: &str, name: &str) -> bool {
    rest.strip_prefix(name).is_some_and(|after| {
        !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && after.trim_start().starts_with(':')
    })
}

/// The start of the line of `at` when only spaces or tabs come before it there, else `at`.
fn line_start(text: &str, at: usize) -> usize {
    let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    if text[start..at].chars().all(|c| c == ' ' || c == '\t') {
        start
    } else {
        at
    }
}

/// The offset of the closing quote of the string that opens at `start`.
fn string_end(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < b.len() && b[i] != b'"' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    i.min(b.len() - 1)
}

/// The schema text with its `calibration` section replaced by `cal`'s, or added as the last
/// entry of the schema when it has none; every other byte is kept. `None` when the text has no
/// closing parenthesis of the schema to add it before.
pub fn replace(text: &str, cal: &Calibration) -> Option<String> {
    let section = render(cal);
    if let Some((from, to)) = find_section(text) {
        return Some(format!("{}{section}{}", &text[..from], &text[to..]));
    }
    // The schema's closing parenthesis, and the last other byte of the schema before it.
    let b = text.as_bytes();
    let (mut close, mut last, mut prev) = (None, None, None::<usize>);
    scan(text, |depth, i| {
        // Strings and comments are skipped: a string counts as content (its closing quote).
        if let Some(p) = prev.filter(|&p| i > p + 1 && b[p + 1] == b'"' && depth >= 1) {
            last = Some(string_end(b, p + 1));
        }
        prev = Some(i);
        if depth == 1 && b[i] == b')' {
            close = Some(i);
            return false;
        }
        if depth >= 1 && !b[i].is_ascii_whitespace() {
            last = Some(i);
        }
        true
    });
    let close = close?;
    let at = line_start(text, close);
    let mut out = String::with_capacity(text.len() + section.len() + 2);
    match last {
        Some(l) if b[l] != b',' && b[l] != b'(' => {
            out.push_str(&text[..=l]);
            out.push(',');
            out.push_str(&text[l + 1..at]);
        }
        _ => out.push_str(&text[..at]),
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&section);
    out.push('\n');
    out.push_str(&text[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calibration::POOLED;

    fn cal(p: f64) -> Calibration {
        let mut c = Calibration::new();
        c.entry(POOLED.into())
            .or_default()
            .insert(POOLED.into(), vec![(0.05, p), (0.9, 1.0)]);
        c
    }

    const TEXT: &str = "// head\n(\n    name: \"x\", // a comment (with a paren)\n    fields: [],\n    gazetteers: { \"s\": [(name: \"calibration: {\")] }\n)\n";

    #[test]
    fn adds_then_replaces_only_the_section() {
        let once = replace(TEXT, &cal(0.25)).unwrap();
        assert!(once.starts_with(&TEXT[..TEXT.len() - 3]), "{once}");
        assert!(once.contains("(0.05, 0.25), (0.9, 1.0)"), "{once}");
        assert!(once.ends_with("    },\n)\n"), "{once}");
        // The gazetteers' entry before had no comma: one is added.
        assert!(once.contains(")] },\n    calibration"), "{once}");
        let twice = replace(&once, &cal(0.5)).unwrap();
        assert_eq!(twice, once.replace("0.25", "0.5"));
        assert_eq!(replace(&twice, &cal(0.25)).unwrap(), once);
    }

    #[test]
    fn a_comma_after_a_last_string_not_inside_its_comment() {
        let t = "(\n    name: \"a)b\" // c, d\n)\n";
        let out = replace(t, &cal(0.5)).unwrap();
        assert!(
            out.starts_with("(\n    name: \"a)b\", // c, d\n    calibration: {"),
            "{out}"
        );
    }

    #[test]
    fn numbers_read_back_the_same() {
        assert_eq!(num(1.0), "1.0");
        assert_eq!(num(0.123), "0.123");
        assert_eq!(num(0.0), "0.0");
    }

    #[test]
    fn no_schema_no_text() {
        assert_eq!(replace("", &cal(0.1)), None);
    }
}
