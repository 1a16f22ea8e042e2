//! Searching the article text.

use crate::domain::text::find_all;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// Code point ranges of every match.
    pub matches: Vec<(usize, usize)>,
    pub current: Option<usize>,
}

impl Search {
    /// Runs a query; the current match is the first at or after `from` (a code point offset).
    pub fn run(text: &str, query: &str, from: usize) -> Search {
        let matches = find_all(text, query);
        let current = if matches.is_empty() {
            None
        } else {
            Some(matches.iter().position(|m| m.0 >= from).unwrap_or(0))
        };
        Search {
            query: query.to_string(),
            matches,
            current,
        }
    }

    pub fn step(&mut self, forward: bool) -> Option<(usize, usize)> {
        let n = self.matches.len();
        if n == 0 {
            return None;
        }
        let cur = self.current.unwrap_or(0);
        let next = if forward {
            (cur + 1) % n
        } else {
            (cur + n - 1) % n
        };
        self.current = Some(next);
        Some(self.matches[next])
    }

    pub fn current_match(&self) -> Option<(usize, usize)> {
        self.current.and_then(|i| self.matches.get(i).copied())
    }
}
