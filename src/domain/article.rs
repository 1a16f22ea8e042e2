//! Articles as the reviewer sees them.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub text: String,
    pub published: Option<String>,
    pub url: Option<String>,
    /// Other keys of a JSONL line, kept as they were.
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// Problems met while reading it (for example bytes that were not UTF-8).
    pub warnings: Vec<String>,
}

impl Article {
    pub fn text_hash(&self) -> String {
        text_hash(&self.text)
    }
}

/// `sha256:` and the hex digest of the text.
pub fn text_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut s = String::with_capacity(7 + 64);
    s.push_str("sha256:");
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The first non-empty line, trimmed: a plain-text article's title.
pub fn first_line_title(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect()
}
