//! The cold scan of a JSONL corpus: every line checked (as [`check_line_titled`] does), split
//! into chunks read in parallel, results merged back in file order.

use super::super::jsonl::{check_line_titled, line_body};
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek, SeekFrom};
use std::path::Path;

/// What a non-blank line of a JSONL corpus is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scanned {
    /// An article line: where it starts, its 1-based line number, its id and title.
    Good {
        offset: u64,
        line: u64,
        id: String,
        title: String,
    },
    /// A line that is not an article, and why (without the `file:line: ` prefix).
    Bad { line: u64, message: String },
}

/// Bytes per chunk read by one worker.
const CHUNK: u64 = 4 << 20;

/// Every non-blank line of the file, in order.
pub(crate) fn scan(path: &Path, len: u64) -> io::Result<Vec<Scanned>> {
    Ok(scan_from(path, len, 0)?.0)
}

/// The non-blank lines of the file's first chunk (the lines that start in its first
/// [`PREFIX`] bytes, each read to its end), and how many lines that was: what [`scan`] finds
/// there, when the file is longer than that.
pub(crate) fn scan_prefix(path: &Path) -> io::Result<(Vec<Scanned>, u64)> {
    scan_chunk(path, true, 0, CHUNK)
}

/// How much of the file [`scan_prefix`] reads (one chunk).
pub(crate) const PREFIX: u64 = CHUNK;

/// The non-blank lines from chunk `first` on (line numbers counted from that chunk's first
/// line), in order, and how many lines that was; chunks read in parallel.
pub(crate) fn scan_from(path: &Path, len: u64, first: u64) -> io::Result<(Vec<Scanned>, u64)> {
    let chunks = len.div_ceil(CHUNK).clamp(1, 4096);
    let bounds: Vec<u64> = (0..=chunks).map(|k| k * CHUNK).collect();
    let parts: Vec<io::Result<(Vec<Scanned>, u64)>> = (first.min(chunks) as usize..chunks as usize)
        .into_par_iter()
        .map(|k| {
            let end = if k + 1 == chunks as usize {
                u64::MAX
            } else {
                bounds[k + 1]
            };
            scan_chunk(path, k == 0, bounds[k], end)
        })
        .collect();
    let mut out = Vec::new();
    let mut before = 0u64;
    for part in parts {
        let (lines, count) = part?;
        out.extend(lines.into_iter().map(|s| renumbered(s, before)));
        before += count;
    }
    Ok((out, before))
}

/// The line, its number moved on by `by`.
pub(crate) fn renumbered(mut s: Scanned, by: u64) -> Scanned {
    match &mut s {
        Scanned::Good { line, .. } | Scanned::Bad { line, .. } => *line += by,
    }
    s
}

/// The lines that start at or after `from` (the first line start there) and before `end`;
/// their line numbers counted from 1 in this chunk, and how many lines that was.
fn scan_chunk(path: &Path, first: bool, from: u64, end: u64) -> io::Result<(Vec<Scanned>, u64)> {
    let mut reader = BufReader::with_capacity(1 << 16, File::open(path)?);
    let mut buf = Vec::new();
    let mut offset = from;
    if from > 0 {
        // The line that holds byte `from - 1` belongs to an earlier chunk.
        reader.seek(SeekFrom::Start(from - 1))?;
        offset = from - 1 + reader.read_until(b'\n', &mut buf)? as u64;
    }
    let mut out = Vec::new();
    let mut line = 0u64;
    while offset < end {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        line += 1;
        let start = offset;
        offset += n as u64;
        let text = String::from_utf8_lossy(&buf);
        // Only the file's first line may start with a byte order mark.
        let body = line_body(&text, if first { line as usize } else { 0 });
        if body.is_empty() {
            continue;
        }
        out.push(match check_line_titled(body) {
            Ok((id, title)) => Scanned::Good {
                offset: start,
                line,
                id,
                title,
            },
            Err(message) => Scanned::Bad { line, message },
        });
    }
    Ok((out, line))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chunks split lines anywhere; the merged result is that of one sequential pass.
    #[test]
    fn chunked_scan_equals_a_sequential_one_at_every_boundary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.jsonl");
        let text = "\u{feff}{\"id\":\"a\",\"text\":\"x\"}\n\n{\"id\":\"b\",\"text\":\"\\n T \"}\r\nnope\n{\"id\":\"c\",\"text\":\"y\",\"title\":\"Hi\"}";
        std::fs::write(&path, text).unwrap();
        let whole = scan_chunk(&path, true, 0, u64::MAX).unwrap();
        assert_eq!(whole.1, 5);
        assert_eq!(whole.0.len(), 4);
        assert!(
            matches!(&whole.0[1], Scanned::Good { id, title, line: 3, .. } if id == "b" && title == "T")
        );
        assert!(matches!(&whole.0[3], Scanned::Good { title, .. } if title == "Hi"));
        let len = text.len() as u64;
        for cut in 1..len {
            let (mut a, n) = scan_chunk(&path, true, 0, cut).unwrap();
            let (b, m) = scan_chunk(&path, false, cut, u64::MAX).unwrap();
            a.extend(b.into_iter().map(|mut s| {
                match &mut s {
                    Scanned::Good { line, .. } | Scanned::Bad { line, .. } => *line += n,
                }
                s
            }));
            assert_eq!((a, n + m), whole, "cut at {cut}");
        }
    }
}
