//! Articles streamed in bounded chunks, for batch commands over corpora larger than memory:
//! a JSONL file or standard input line by line, or a directory file by file.
//!
//! A repeated article id is settled as [`Corpus`] settles it: the first one wins, and each
//! repeat is an [`Item::Skipped`] naming the line that is used. (So the ids read so far are
//! kept: memory grows with the number of articles, by their ids only, not their texts.)

use super::article_json::parse_article;
use super::corpus::{repeated_line, Corpus};
use super::jsonl::{line_body, utf8_line};
use crate::domain::article::Article;
use std::collections::HashMap;
use std::io::{self, BufRead};

/// One input record: an article, or why a line was skipped (`file:line: message`).
pub enum Item {
    Article(Article),
    Skipped(String),
}

enum Source {
    Lines {
        reader: Box<dyn BufRead + Send>,
        name: String,
        line: usize,
        /// The line being read (its memory serves every line).
        buf: Vec<u8>,
        /// The line of each id read so far, to skip a repeated id as the corpus does.
        seen: HashMap<Box<str>, usize>,
    },
    Dir {
        corpus: Corpus,
        /// How many of the corpus's warnings (files it skipped) were given out.
        warned: usize,
        next: usize,
    },
}

pub struct ArticleStream {
    source: Source,
    bytes: u64,
}

impl ArticleStream {
    /// JSONL from a reader (a file or stdin); `name` is how messages call it.
    pub fn lines(reader: Box<dyn BufRead + Send>, name: &str) -> ArticleStream {
        ArticleStream {
            source: Source::Lines {
                reader,
                name: name.to_string(),
                line: 0,
                buf: Vec::new(),
                seen: HashMap::new(),
            },
            bytes: 0,
        }
    }

    /// A directory corpus (its files are read as the stream reaches them). What the corpus
    /// skipped when it was opened (a file repeating another's id...) comes first, as
    /// [`Item::Skipped`].
    pub fn corpus(corpus: Corpus) -> ArticleStream {
        ArticleStream {
            source: Source::Dir {
                corpus,
                warned: 0,
                next: 0,
            },
            bytes: 0,
        }
    }

    /// Bytes of input consumed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// The next items, up to `max_items` or about `max_bytes` of input; empty at the end.
    pub fn next_chunk(&mut self, max_items: usize, max_bytes: u64) -> io::Result<Vec<Item>> {
        let start = self.bytes;
        let mut out = Vec::new();
        while out.len() < max_items && self.bytes - start < max_bytes {
            match self.next_item()? {
                Some(item) => out.push(item),
                None => break,
            }
        }
        Ok(out)
    }

    fn next_item(&mut self) -> io::Result<Option<Item>> {
        match &mut self.source {
            Source::Dir {
                corpus,
                warned,
                next,
            } => {
                if let Some(w) = corpus.warnings().get(*warned) {
                    *warned += 1;
                    return Ok(Some(Item::Skipped(w.clone())));
                }
                if *next >= corpus.len() {
                    return Ok(None);
                }
                let i = *next;
                *next += 1;
                Ok(Some(match corpus.load(i) {
                    Ok(a) => {
                        self.bytes += a.text.len() as u64;
                        Item::Article(a)
                    }
                    Err(e) => Item::Skipped(e.to_string()),
                }))
            }
            Source::Lines {
                reader,
                name,
                line,
                buf,
                seen,
            } => loop {
                buf.clear();
                let n = reader.read_until(b'\n', buf)?;
                if n == 0 {
                    return Ok(None);
                }
                self.bytes += n as u64;
                *line += 1;
                let at = format!("{name}:{line}");
                let text = match utf8_line(buf) {
                    Ok(t) => t,
                    Err(e) => return Ok(Some(Item::Skipped(format!("{at}: {e}")))),
                };
                let body = line_body(text, *line);
                if body.is_empty() {
                    continue;
                }
                let item = match parse_line(body, &at) {
                    Item::Article(a) => match seen.get(a.id.as_str()) {
                        Some(&first) => Item::Skipped(repeated_line(&at, &a.id, first)),
                        None => {
                            seen.insert(a.id.as_str().into(), *line);
                            Item::Article(a)
                        }
                    },
                    skipped => skipped,
                };
                return Ok(Some(item));
            },
        }
    }
}

fn parse_line(body: &str, at: &str) -> Item {
    match parse_article(body, at) {
        Ok(a) => Item::Article(a),
        Err(e) => Item::Skipped(format!("{at}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(text: &str) -> ArticleStream {
        ArticleStream::lines(Box::new(io::Cursor::new(text.as_bytes().to_vec())), "in")
    }

    #[test]
    fn reads_in_chunks_and_reports_bad_lines() {
        let input = "{\"id\":\"a\",\"text\":\"A\"}\n\nnot json\n{\"id\":\"b\",\"text\":\"B\",\"x\":1}\n{\"id\":2}\n";
        let mut s = stream(input);
        let first = s.next_chunk(2, u64::MAX).unwrap();
        assert_eq!(first.len(), 2);
        assert!(matches!(&first[0], Item::Article(a) if a.id == "a"));
        assert!(matches!(&first[1], Item::Skipped(m) if m.starts_with("in:3: invalid JSON")));
        let rest = s.next_chunk(10, u64::MAX).unwrap();
        assert!(matches!(&rest[0], Item::Article(a) if a.id == "b" && a.metadata["x"] == 1));
        assert!(matches!(&rest[1], Item::Skipped(m) if m.starts_with("in:5:")));
        assert!(s.next_chunk(10, u64::MAX).unwrap().is_empty());
        assert_eq!(s.bytes_read(), input.len() as u64);
    }

    #[test]
    fn a_byte_order_mark_before_spaces_is_read_past() {
        let mut s = stream("\u{feff}  {\"id\":\"a\",\"text\":\"A\"}\n");
        let items = s.next_chunk(10, u64::MAX).unwrap();
        assert!(matches!(&items[0], Item::Article(a) if a.id == "a"));
    }

    #[test]
    fn a_chunk_stops_near_the_byte_budget() {
        let line = format!("{{\"id\":\"x\",\"text\":\"{}\"}}\n", "a".repeat(100));
        let mut s = stream(&line.repeat(10));
        assert_eq!(s.next_chunk(100, 250).unwrap().len(), 3);
    }
}
