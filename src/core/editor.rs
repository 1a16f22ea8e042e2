//! A one-line text input whose cursor moves by grapheme cluster.

use unicode_segmentation::UnicodeSegmentation;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineEditor {
    text: String,
    /// Byte offset, always on a grapheme boundary.
    cursor: usize,
}

impl LineEditor {
    pub fn new(text: &str) -> Self {
        LineEditor {
            text: text.to_string(),
            cursor: text.len(),
        }
    }
    pub fn text(&self) -> &str {
        &self.text
    }
    pub fn cursor(&self) -> usize {
        self.cursor
    }
    pub fn insert(&mut self, c: char) {
        if c == '\n' || c == '\r' {
            return;
        }
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
        // A combining mark joins the grapheme before it: keep the cursor on a boundary.
        self.cursor = self.next_boundary_at_or_after(self.cursor);
    }
    /// Inserts text at the cursor in one step (a paste): line breaks are left out.
    pub fn insert_str(&mut self, s: &str) {
        let s: String = s.chars().filter(|c| !matches!(c, '\n' | '\r')).collect();
        self.text.insert_str(self.cursor, &s);
        self.cursor += s.len();
        self.cursor = self.next_boundary_at_or_after(self.cursor);
    }
    fn next_boundary_at_or_after(&self, at: usize) -> usize {
        self.text
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .chain(std::iter::once(self.text.len()))
            .find(|&i| i >= at)
            .unwrap_or(self.text.len())
    }
    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }
    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }
    pub fn left(&mut self) {
        self.cursor = self.prev_boundary();
    }
    pub fn right(&mut self) {
        self.cursor = self.next_boundary();
    }
    pub fn home(&mut self) {
        self.cursor = 0;
    }
    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }
    pub fn delete_back(&mut self) {
        let p = self.prev_boundary();
        self.text.replace_range(p..self.cursor, "");
        self.cursor = p;
    }
    pub fn delete_forward(&mut self) {
        let n = self.next_boundary();
        self.text.replace_range(self.cursor..n, "");
    }
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_and_deletes_by_grapheme() {
        let mut e = LineEditor::new("");
        for c in "ae\u{301}👩‍🔬z".chars() {
            e.insert(c);
        }
        assert_eq!(e.text(), "ae\u{301}👩‍🔬z");
        e.left();
        e.left();
        e.delete_back();
        assert_eq!(e.text(), "a👩‍🔬z");
        e.delete_forward();
        assert_eq!(e.text(), "az");
        e.home();
        e.insert('>');
        e.end();
        e.insert('<');
        assert_eq!(e.text(), ">az<");
    }

    #[test]
    fn ignores_newlines_and_survives_edges() {
        let mut e = LineEditor::new("x");
        e.insert('\n');
        e.right();
        e.delete_forward();
        e.home();
        e.left();
        e.delete_back();
        assert_eq!(e.text(), "x");
    }
}
