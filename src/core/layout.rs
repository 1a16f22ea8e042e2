//! Screen geometry and the article's wrapped lines, computed once per width.
//!
//! Kept in the core (no terminal types) so scrolling, revealing evidence and drawing agree on
//! where every line is.

use crate::domain::text::{is_hidden, TAB_WIDTH};
use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Area {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

/// Where each pane goes on a screen of the given size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Screen {
    pub header: Area,
    pub article: Area,
    /// The article's wrapped text, inside the pane's border, title and metadata lines.
    pub article_text: Area,
    pub form: Area,
    pub hints: Area,
    pub status: Area,
}

impl Screen {
    /// Rows of help text visible in the help pop-up (a border above and below, 1 row margins).
    pub fn help_rows(&self) -> usize {
        let h = self.status.y + self.status.height;
        usize::from(h.saturating_sub(2).max(3).min(h)).saturating_sub(2)
    }

    pub fn compute(width: u16, height: u16) -> Screen {
        let header_h = height.min(1);
        let footer_h = height.saturating_sub(header_h).min(2);
        let body_h = height - header_h - footer_h;
        let body_y = header_h;
        // The article gets a little more than half; the form at least 34 columns when it can.
        let form_w = if width >= 80 {
            (width * 9 / 20).max(34)
        } else {
            width / 2
        };
        let article_w = width - form_w;
        let article = Area {
            x: 0,
            y: body_y,
            width: article_w,
            height: body_h,
        };
        // Border (1 each side), then a title line and a metadata line.
        let text_top = 3.min(body_h);
        let article_text = Area {
            x: 1.min(article_w),
            y: body_y + text_top,
            width: article_w.saturating_sub(2),
            height: body_h.saturating_sub(text_top + 1),
        };
        Screen {
            header: Area {
                x: 0,
                y: 0,
                width,
                height: header_h,
            },
            article,
            article_text,
            form: Area {
                x: article_w,
                y: body_y,
                width: form_w,
                height: body_h,
            },
            hints: Area {
                x: 0,
                y: body_y + body_h,
                width,
                height: footer_h.min(1),
            },
            status: Area {
                x: 0,
                y: body_y + body_h + footer_h.min(1),
                width,
                height: footer_h.saturating_sub(1),
            },
        }
    }
}

/// One screen line of wrapped text: byte and code point ranges of the raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VLine {
    pub byte_start: usize,
    pub byte_end: usize,
    pub char_start: usize,
}

/// The article text wrapped at a width.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wrapped {
    pub width: usize,
    pub lines: Vec<VLine>,
}

/// Columns a raw character takes once sanitized, starting at column `col`.
pub fn char_width(c: char, col: usize) -> usize {
    if c == '\t' {
        TAB_WIDTH - col % TAB_WIDTH
    } else if (c as u32) < 0x20 || c == '\u{7f}' {
        1
    } else if is_hidden(c) {
        // ⟨U+XXXX⟩ or ⟨U+XXXXX⟩
        format!("{:04X}", c as u32).len() + 4
    } else {
        c.width().unwrap_or(0)
    }
}

impl Wrapped {
    /// Wraps at word boundaries; a word longer than the width is broken.
    pub fn new(text: &str, width: usize) -> Wrapped {
        let width = width.max(1);
        let mut lines = Vec::new();
        let mut char_idx = 0;
        let mut para_start = 0;
        for para in text.split('\n') {
            wrap_paragraph(para, para_start, char_idx, width, &mut lines);
            char_idx += para.chars().count() + 1;
            para_start += para.len() + 1;
        }
        Wrapped { width, lines }
    }

    /// The index of the line holding a code point offset.
    pub fn line_of_char(&self, c: usize) -> usize {
        self.lines
            .partition_point(|l| l.char_start <= c)
            .saturating_sub(1)
    }
}

fn wrap_paragraph(p: &str, byte0: usize, char0: usize, width: usize, out: &mut Vec<VLine>) {
    let mut start = (0usize, 0usize); // (byte, char) within p
    let mut col = 0;
    // Where the line may break: just after the last whitespace, and the column there.
    let mut brk: Option<(usize, usize, usize)> = None;
    let push = |out: &mut Vec<VLine>, s: (usize, usize), end: usize| {
        out.push(VLine {
            byte_start: byte0 + s.0,
            byte_end: byte0 + end,
            char_start: char0 + s.1,
        })
    };
    for (ci, (bi, c)) in p.char_indices().enumerate() {
        // Only blanks may hang past the edge; anything drawn visibly (␍, ⟨U+2028⟩...) must fit.
        let blank = c == ' ' || c == '\t';
        let mut w = char_width(c, col);
        if col + w > width && col > 0 && !blank {
            if let Some((bb, bc, bcol)) = brk.filter(|b| b.0 > start.0) {
                push(out, start, bb);
                start = (bb, bc);
                col -= bcol;
                w = char_width(c, col);
            }
            brk = None;
            // The word since the break may still leave no room (a wide or hidden character).
            if col + w > width && col > 0 {
                push(out, start, bi);
                start = (bi, ci);
                col = 0;
                w = char_width(c, 0);
            }
        }
        col += w;
        if blank {
            brk = Some((bi + c.len_utf8(), ci + 1, col));
        }
    }
    push(out, start, p.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str, w: usize) -> Vec<String> {
        Wrapped::new(t, w)
            .lines
            .iter()
            .map(|l| t[l.byte_start..l.byte_end].to_string())
            .collect()
    }

    #[test]
    fn wraps_at_words_and_breaks_long_words() {
        assert_eq!(texts("aaa bbb ccc", 7), ["aaa bbb ", "ccc"]);
        assert_eq!(texts("aaa bbb ccc", 6), ["aaa ", "bbb ", "ccc"]);
        assert_eq!(texts("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(texts("one\n\ntwo", 10), ["one", "", "two"]);
    }

    #[test]
    fn char_offsets_follow_the_text() {
        let t = "héllo wörld\nnext line";
        let w = Wrapped::new(t, 6);
        for l in &w.lines {
            let by_chars: String = t.chars().skip(l.char_start).take(3).collect();
            assert!(t[l.byte_start..]
                .starts_with(&by_chars[..by_chars.len().min(t.len() - l.byte_start)]));
        }
        assert_eq!(w.line_of_char(0), 0);
        // "héllo " / "wörld" / "next " / "line"
        assert_eq!(w.lines.len(), 4);
        assert_eq!(w.line_of_char(12), 2);
        assert_eq!(w.line_of_char(20), 3);
    }

    #[test]
    fn wide_and_hidden_characters_count_their_columns() {
        assert_eq!(texts("日本語テキスト", 4), ["日本", "語テ", "キス", "ト"]);
        assert_eq!(char_width('\u{202e}', 0), 8);
        assert_eq!(char_width('\t', 1), 3);
    }

    #[test]
    fn tiny_screens_do_not_underflow() {
        for w in 0..5 {
            for h in 0..5 {
                let s = Screen::compute(w, h);
                assert!(s.status.y + s.status.height <= h.max(1));
            }
        }
    }
}
