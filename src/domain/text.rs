//! Untrusted text: the one display-sanitizing function, and code point offsets.
//!
//! Raw text is kept as it is in storage; everything drawn on screen passes through [`sanitize_char`]
//! (or [`sanitize`]) first, so control and invisible format characters can't move the cursor, hide
//! text or reorder it.

use unicode_width::UnicodeWidthStr;

/// Tab stops are this many columns apart.
pub const TAB_WIDTH: usize = 4;

/// True for characters that would be invisible or act on the terminal: C0/C1 controls, DEL,
/// bidirectional controls, zero-width and other format characters, and the like.
pub fn is_hidden(c: char) -> bool {
    let u = c as u32;
    c.is_control()
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
