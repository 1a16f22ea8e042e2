//! Terminal input bytes to key chords and pastes: our own parser, so that no byte stream can
//! hold back Ctrl-c or `q` (crossterm's reader swallows every key after `ESC [ ?` or `ESC [ <`
//! until a byte ends the sequence). Pure: it knows no terminal library and reads no clock; the
//! reader thread calls [`Parser::flush`] when no byte arrived for [`TIMEOUT`].
//!
//! Rules that keep every key reachable:
//! - A C0 control byte (0x00-0x1F other than ESC) inside an unfinished escape sequence aborts it
//!   and is delivered as its own key at once, so Ctrl-c (0x03) always gets through; an ESC inside
//!   one aborts it and starts a new one.
//! - A sequence that is still unfinished after [`SEQUENCE_LIMIT`] bytes is dropped.
//! - A bracketed paste ends at `ESC [ 201 ~`, at Ctrl-c (the paste so far, then Ctrl-c), or at a
//!   flush; one longer than the paste limit is delivered in pieces.
//! - Given up (aborted or flushed), a lone ESC is Esc, `ESC` plus one introducer byte (`[`, `O`,
//!   `]`, `P`, `_`) is Alt plus that character, a partial UTF-8 character is U+FFFD, and any
//!   longer unfinished sequence is dropped.
//! - Well-formed sequences that are not keys (mouse reports, focus in/out, cursor and status
//!   reports, OSC/DCS/APC strings, unknown CSI) are consumed and give nothing.

use crate::core::keys::KeyChord;
use std::time::Duration;

mod seq;
#[cfg(test)]
mod tests;

/// How long an unfinished sequence waits for its next byte before [`Parser::flush`] gives it up.
pub const TIMEOUT: Duration = Duration::from_millis(50);
/// The longest escape sequence kept; an unfinished one this long is dropped.
pub const SEQUENCE_LIMIT: usize = 64;
/// The default size of one paste piece: a longer paste arrives as several `Paste` events.
pub const PASTE_LIMIT: usize = 1 << 20;

const ESC: u8 = 0x1b;
const CTRL_C: u8 = 0x03;
const PASTE_END: &[u8] = b"\x1b[201~";

#[derive(Debug, Clone, PartialEq)]
pub enum InputEvent {
    Key(KeyChord),
    /// Bracketed-paste text, raw (CR and LF as they came, invalid UTF-8 as U+FFFD).
    Paste(String),
}

/// The terminal input parser. Feeding a stream in any split of chunks gives the same events as
/// feeding it whole (with the same flush points).
#[derive(Debug, Clone)]
pub struct Parser {
    /// Outside a paste: the one unfinished sequence or character. Inside: a partial end marker.
    buf: Vec<u8>,
    /// The paste being read, if inside one.
    paste: Option<Vec<u8>>,
    paste_limit: usize,
}

impl Default for Parser {
    fn default() -> Self {
        Parser::new()
    }
}

impl Parser {
    pub fn new() -> Self {
        Parser::with_paste_limit(PASTE_LIMIT)
    }

    /// A parser that delivers a paste in pieces of at most `limit` bytes (at least 4, so a piece
    /// can always end on a character boundary).
    pub fn with_paste_limit(limit: usize) -> Self {
        Parser {
            buf: Vec::new(),
            paste: None,
            paste_limit: limit.max(4),
        }
    }

    /// An unfinished sequence, character or paste is buffered: call [`Parser::flush`] if no byte
    /// arrives within [`TIMEOUT`].
    pub fn pending(&self) -> bool {
        !self.buf.is_empty() || self.paste.is_some()
    }

    /// Parses `bytes` after what was buffered and returns every event that is complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<InputEvent> {
        let mut out = Vec::new();
        let mut input = std::mem::take(&mut self.buf);
        input.extend_from_slice(bytes);
        let mut pos = 0;
        while pos < input.len() {
            let rest = &input[pos..];
            if self.paste.is_some() {
                let (used, complete) = self.paste_step(rest, &mut out);
                pos += used;
                if !complete {
                    break;
                }
                continue;
            }
            let window = &rest[..rest.len().min(SEQUENCE_LIMIT)];
            match seq::parse(window) {
                seq::Step::Need if window.len() == SEQUENCE_LIMIT => pos += SEQUENCE_LIMIT,
                seq::Step::Need => break,
                seq::Step::Done(used, what) => {
                    pos += used;
                    match what {
                        seq::Out::Nothing => {}
                        seq::Out::Key(k) => out.push(InputEvent::Key(k)),
                        seq::Out::PasteStart => self.paste = Some(Vec::new()),
                    }
                }
            }
        }
        input.drain(..pos);
        self.buf = input;
        out
    }

    /// Gives up whatever is buffered, as described in the module docs, and returns its events.
    pub fn flush(&mut self) -> Vec<InputEvent> {
        let mut out = Vec::new();
        let buf = std::mem::take(&mut self.buf);
        if self.paste.is_some() {
            self.push_paste(&buf, &mut out);
            self.end_paste(&mut out);
        } else if let Some(k) = seq::give_up(&buf) {
            out.push(InputEvent::Key(k));
        }
        out
    }

    /// Reads paste text from `rest`: returns the bytes used, and false if it stopped at a
    /// partial end marker that needs more bytes.
    fn paste_step(&mut self, rest: &[u8], out: &mut Vec<InputEvent>) -> (usize, bool) {
        let stop = rest.iter().position(|&b| b == ESC || b == CTRL_C);
        let text = stop.unwrap_or(rest.len());
        self.push_paste(&rest[..text], out);
        let Some(at) = stop else {
            return (text, true);
        };
        if rest[at] == CTRL_C {
            self.end_paste(out);
            out.push(InputEvent::Key(KeyChord::ctrl('c')));
            return (at + 1, true);
        }
        let tail = &rest[at..];
        if tail.starts_with(PASTE_END) {
            self.end_paste(out);
            (at + PASTE_END.len(), true)
        } else if PASTE_END.starts_with(tail) {
            (at, false)
        } else {
            self.push_paste(&[ESC], out);
            (at + 1, true)
        }
    }

    fn push_paste(&mut self, text: &[u8], out: &mut Vec<InputEvent>) {
        let limit = self.paste_limit;
        let Some(paste) = self.paste.as_mut() else {
            return;
        };
        paste.extend_from_slice(text);
        while paste.len() >= limit {
            let cut = char_boundary(&paste[..limit]);
            let piece: Vec<u8> = paste.drain(..cut).collect();
            out.push(InputEvent::Paste(
                String::from_utf8_lossy(&piece).into_owned(),
            ));
        }
    }

    fn end_paste(&mut self, out: &mut Vec<InputEvent>) {
        match self.paste.take() {
            Some(p) if !p.is_empty() => {
                out.push(InputEvent::Paste(String::from_utf8_lossy(&p).into_owned()))
            }
            _ => {}
        }
    }
}

/// Where to cut `piece` so that no UTF-8 character it ends with is split: before a final lead
/// byte whose character does not fit, else at its end. Decided by `piece` alone.
fn char_boundary(piece: &[u8]) -> usize {
    let len = piece.len();
    let lead = (len.saturating_sub(3)..len)
        .rev()
        .find(|&i| piece[i] & 0xc0 != 0x80);
    let Some(i) = lead else {
        return len;
    };
    let need = match piece[i] {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => 1,
    };
    if i > 0 && i + need > len {
        i
    } else {
        len
    }
}
