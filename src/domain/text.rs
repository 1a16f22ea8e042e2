//! Untrusted text: the one display-sanitizing function, and code point offsets.
//!
//! Raw text is kept as it is in storage; everything drawn on screen passes through [`sanitize_char`]
//! (or [`sanitize`]) first, so control and invisible format characters can't move the cursor, hide
//! text or reorder it.

use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// Tab stops are this many columns apart.
pub const TAB_WIDTH: usize = 4;

/// True for characters that would be invisible or act on the terminal: C0/C1 controls, DEL,
/// bidirectional controls, zero-width and other format characters, and the like.
pub fn is_hidden(c: char) -> bool {
    let u = c as u32;
    c.is_control()
        || is_format(c)
        || matches!(u,
            0x00AD            // soft hyphen
            | 0x034F          // combining grapheme joiner
            | 0x061C          // Arabic letter mark
            | 0x115F | 0x1160 // Hangul fillers
            | 0x17B4 | 0x17B5
            | 0x180B..=0x180F // Mongolian variation selectors and vowel separator
            | 0x200B..=0x200F // zero-width space/joiners, LRM, RLM
            | 0x2028..=0x202E // separators and bidi embeddings/overrides
            | 0x2060..=0x206F // word joiner, invisible operators, bidi isolates
            | 0x3164
            | 0xFE00..=0xFE0F // variation selectors
            | 0xFEFF          // byte order mark
            | 0xFFA0
            | 0xFFF0..=0xFFFB // interlinear annotations, specials
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF // tags and variation selectors supplement
        )
}

/// What one raw character looks like on screen. `col` is the column it starts at (for tabs).
/// Newlines are handled by the caller (they end a line).
pub fn sanitize_char(c: char, col: usize, out: &mut String) {
    if c == '\t' {
        let n = TAB_WIDTH - (col % TAB_WIDTH);
        out.extend(std::iter::repeat_n(' ', n));
    } else if (c as u32) < 0x20 {
        // Control pictures: U+2400 + code, e.g. ␛ for ESC, ␍ for CR.
        out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?'));
    } else if c == '\u{7f}' {
        out.push('␡');
    } else if is_hidden(c) {
        out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
    } else {
        out.push(c);
    }
}

/// A string made safe to draw: tabs expanded, newlines shown as ⏎, hidden characters made visible.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut col = 0;
    for c in s.chars() {
        let before = out.len();
        if c == '\n' {
            out.push('⏎');
        } else {
            sanitize_char(c, col, &mut out);
        }
        col += UnicodeWidthStr::width(&out[before..]);
    }
    out
}

/// Unicode general category Cf (Format), Unicode 16.0, as inclusive ranges in order. (A unit
/// test checks it against the regex crate's `\p{Cf}`.)
const FORMAT: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

/// True for an invisible format character (Unicode category Cf): bidi controls, zero-width
/// characters, the byte order mark, the soft hyphen, tags and the like.
pub fn is_format(c: char) -> bool {
    let u = c as u32;
    u >= 0xAD
        && FORMAT
            .binary_search_by(|&(lo, hi)| {
                if hi < u {
                    std::cmp::Ordering::Less
                } else if lo > u {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
}

/// True when printing `c` as it is is safe: not a tab, newline or other control, not hidden, not
/// a format character.
fn printable(c: char) -> bool {
    let u = c as u32;
    if (0x20..0x7F).contains(&u) {
        return true;
    }
    u > 0x9F && !is_hidden(c) && !is_format(c)
}

/// [`sanitize_char`], and a format character it lets through shown as `⟨U+XXXX⟩` too (so that a
/// printed line holds none of category Cf).
fn sanitize_char_for_print(c: char, col: usize, out: &mut String) {
    if !is_hidden(c) && is_format(c) {
        out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
    } else {
        sanitize_char(c, col, out);
    }
}

/// Appends one line (no newline in it any more) made safe to print, columns counted from 0.
fn push_line(s: &str, out: &mut String) {
    let mut col = 0;
    for c in s.chars() {
        let before = out.len();
        if c == '\n' {
            out.push('⏎');
        } else {
            sanitize_char_for_print(c, col, out);
        }
        col += UnicodeWidthStr::width(&out[before..]);
    }
}

/// Text from outside made safe to print on one line of a terminal (stdout or stderr), through the
/// same [`sanitize_char`] the screen uses: tabs expanded, a newline shown as `⏎`, controls as
/// control pictures (`␛`), hidden and format characters as `⟨U+202E⟩`. Borrowed when nothing
/// needed to change.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    if s.chars().all(printable) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    push_line(s, &mut out);
    Cow::Owned(out)
}

/// Like [`sanitize_line`], but the newlines stay line breaks (a CR before one is dropped): for
/// messages of several lines, such as an error report, or a file shown whole.
pub fn sanitize_lines(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| c == '\n' || printable(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for piece in s.split_inclusive('\n') {
        match piece.strip_suffix('\n') {
            Some(body) => {
                push_line(body.strip_suffix('\r').unwrap_or(body), &mut out);
                out.push('\n');
            }
            None => push_line(piece, &mut out),
        }
    }
    Cow::Owned(out)
}

/// Display width of a sanitized string.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Byte offset of the `n`th code point (or the end).
pub fn byte_of_char(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(b, _)| b)
}

/// The text between two code point offsets (clamped to the text).
pub fn slice_chars(s: &str, start: usize, end: usize) -> &str {
    let b0 = byte_of_char(s, start);
    let b1 = b0 + byte_of_char(&s[b0..], end.saturating_sub(start));
    &s[b0..b1]
}

/// Code point offsets (start, end) of every occurrence of `needle`, case-insensitively.
pub fn find_all(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    let needle: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    if needle.is_empty() {
        return Vec::new();
    }
    let hay: Vec<char> = hay.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < hay.len() {
        let mut j = 0;
        let mut k = i;
        while j < needle.len() && k < hay.len() {
            let mut low = hay[k].to_lowercase();
            let first = low.next();
            if first != Some(needle[j]) || low.next().is_some() {
                break;
            }
            j += 1;
            k += 1;
        }
        if j == needle.len() {
            out.push((i, k));
            i = k;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_table_is_unicode_cf() {
        // The regex crate's Unicode tables (16.0) give the category.
        let cf = regex::Regex::new(r"^\p{Cf}$").unwrap();
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s: &str = c.encode_utf8(&mut buf);
            assert_eq!(is_format(c), cf.is_match(s), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn every_format_character_is_shown_visibly_on_screen_too() {
        // U+0600 (Arabic number sign), U+110BD (Kaithi number sign), U+1BCA0 (shorthand format
        // letter overlap) are category Cf; the screen once let them through raw.
        for c in ['\u{600}', '\u{6DD}', '\u{110BD}', '\u{13430}', '\u{1BCA0}'] {
            assert!(is_hidden(c), "{:04X}", c as u32);
            let mut out = String::new();
            sanitize_char(c, 0, &mut out);
            assert!(out.starts_with("⟨U+"), "{out}");
        }
        for c in (0..0x11_0000u32)
            .filter_map(char::from_u32)
            .filter(|c| is_format(*c))
        {
            assert!(is_hidden(c), "{:04X}", c as u32);
        }
    }

    #[test]
    fn sanitize_line_shows_what_a_terminal_would_act_on() {
        let s = "\ta\u{1b}]52;c;eA==\u{7}\u{9b}1m\u{202e}\u{200b}\u{1bca0}b\nc\r";
        assert_eq!(
            sanitize_line(s),
            "    a␛]52;c;eA==␇⟨U+009B⟩1m⟨U+202E⟩⟨U+200B⟩⟨U+1BCA0⟩b⏎c␍"
        );
        assert!(matches!(sanitize_line("plain ‘text’ é"), Cow::Borrowed(_)));
    }

    #[test]
    fn sanitize_lines_keeps_line_breaks_only() {
        assert_eq!(sanitize_lines("a\r\nb\u{1b}\n\rc\r"), "a\nb␛\n␍c␍");
        assert!(matches!(sanitize_lines("one\ntwo\n"), Cow::Borrowed(_)));
        assert_eq!(sanitize_lines("\tx\n\ty"), "    x\n    y");
    }
}
