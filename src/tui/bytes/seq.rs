//! One key, character or escape sequence at the start of a byte slice. Every decision looks only
//! at bytes already seen: `Need` means the slice ends before the item does, so more bytes (or a
//! flush) decide it, and the same bytes always give the same answer however they were split.

use crate::core::keys::{Key, KeyChord, Mods};

const ESC: u8 = 0x1b;

pub(super) enum Step {
    /// The slice ends inside the item.
    Need,
    /// The item took this many bytes (always at least one).
    Done(usize, Out),
}

pub(super) enum Out {
    Nothing,
    Key(KeyChord),
    PasteStart,
}

fn key(k: Key, mods: Mods) -> Out {
    Out::Key(KeyChord::new(k, mods))
}

fn plain(k: Key) -> Out {
    key(k, Mods::default())
}

fn alt(k: Key) -> Out {
    key(
        k,
        Mods {
            alt: true,
            ..Mods::default()
        },
    )
}

pub(super) fn parse(buf: &[u8]) -> Step {
    match buf.first() {
        None => Step::Need,
        Some(&ESC) => escape(buf),
        Some(&b) if b < 0x20 => Step::Done(1, Out::Key(control(b))),
        Some(0x7f) => Step::Done(1, plain(Key::Backspace)),
        Some(&b) if b < 0x80 => Step::Done(1, plain(Key::Char(char::from(b)))),
        Some(_) => utf8(buf),
    }
}

/// What buffered bytes are worth when no more come (see the module docs of `bytes`).
pub(super) fn give_up(buf: &[u8]) -> Option<KeyChord> {
    match buf {
        [] => None,
        [ESC] => Some(KeyChord::plain(Key::Esc)),
        [ESC, b] if is_introducer(*b) => Some(KeyChord::new(
            Key::Char(char::from(*b)),
            Mods {
                alt: true,
                ..Mods::default()
            },
        )),
        [ESC, ..] => None,
        _ => Some(KeyChord::plain(Key::Char(char::REPLACEMENT_CHARACTER))),
    }
}

/// The key of a C0 control byte, as crossterm reads it, except that 0x08 is Backspace and LF
/// is Enter (a raw terminal sends CR for Enter; LF comes from Ctrl-j or a non-raw line).
fn control(b: u8) -> KeyChord {
    match b {
        0x00 => KeyChord::ctrl(' '),
        0x08 => KeyChord::plain(Key::Backspace),
        0x09 => KeyChord::plain(Key::Tab),
        0x0a | 0x0d => KeyChord::plain(Key::Enter),
        0x01..=0x1a => KeyChord::ctrl(char::from(b'a' + b - 1)),
        0x1c..=0x1f => KeyChord::ctrl(char::from(b'4' + b - 0x1c)),
        _ => KeyChord::plain(Key::Esc),
    }
}

fn is_introducer(b: u8) -> bool {
    matches!(b, b'[' | b'O' | b']' | b'P' | b'_')
}

/// Gives up a sequence at byte `at` (a byte that cannot continue it, parsed afresh next):
/// `ESC` plus its introducer alone is Alt plus that character, anything longer is dropped.
fn abort(buf: &[u8], at: usize) -> Step {
    if at == 2 {
        Step::Done(2, alt(Key::Char(char::from(buf[1]))))
    } else {
        Step::Done(at, Out::Nothing)
    }
}

fn escape(buf: &[u8]) -> Step {
    let Some(&b) = buf.get(1) else {
        return Step::Need;
    };
    match b {
        b'[' => csi(buf),
        b'O' => ss3(buf),
        b']' | b'P' | b'_' => string(buf),
        // Esc, then the control byte (or the next sequence) on its own.
        ESC | 0x00..=0x1f => Step::Done(1, plain(Key::Esc)),
        0x7f => Step::Done(2, alt(Key::Backspace)),
        _ => match utf8(&buf[1..]) {
            Step::Need => Step::Need,
            Step::Done(n, Out::Key(k)) if k.key != Key::Char(char::REPLACEMENT_CHARACTER) => {
                Step::Done(n + 1, alt(k.key))
            }
            Step::Done(..) => Step::Done(1, plain(Key::Esc)),
        },
    }
}

/// One UTF-8 character (the first byte is not ASCII). Invalid bytes are U+FFFD, one per
/// maximal invalid subsequence; C1 controls give nothing.
fn utf8(buf: &[u8]) -> Step {
    let head = &buf[..buf.len().min(4)];
    let valid = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) if e.valid_up_to() > 0 => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or("")
        }
        Err(e) => {
            return match e.error_len() {
                None => Step::Need,
                Some(n) => Step::Done(n, plain(Key::Char(char::REPLACEMENT_CHARACTER))),
            }
        }
    };
    match valid.chars().next() {
        Some(c) if c.is_control() => Step::Done(c.len_utf8(), Out::Nothing),
        Some(c) => Step::Done(c.len_utf8(), plain(Key::Char(c))),
        None => Step::Done(1, plain(Key::Char(char::REPLACEMENT_CHARACTER))),
    }
}

/// `ESC [` ...: the X10 mouse report, the Linux console's F1-F5, or an ECMA-48 control
/// sequence (parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, a final byte 0x40-0x7E).
fn csi(buf: &[u8]) -> Step {
    match buf.get(2) {
        None => return Step::Need,
        Some(b'M') => {
            for at in 3..6 {
                match buf.get(at) {
                    None => return Step::Need,
                    Some(&b) if b < 0x20 || b == 0x7f => return abort(buf, at),
                    Some(_) => {}
                }
            }
            return Step::Done(6, Out::Nothing);
        }
        Some(b'[') => {
            return match buf.get(3) {
                None => Step::Need,
                Some(&f @ b'A'..=b'E') => Step::Done(4, plain(Key::F(f - b'A' + 1))),
                Some(0x40..=0x7e) => Step::Done(4, Out::Nothing),
                Some(_) => abort(buf, 3),
            }
        }
        Some(_) => {}
    }
    let mut at = 2;
    while buf.get(at).is_some_and(|b| (0x30..=0x3f).contains(b)) {
        at += 1;
    }
    let params_end = at;
    while buf.get(at).is_some_and(|b| (0x20..=0x2f).contains(b)) {
        at += 1;
    }
    match buf.get(at) {
        None => Step::Need,
        Some(&f @ 0x40..=0x7e) if at == params_end => {
            Step::Done(at + 1, csi_final(&buf[2..params_end], f))
        }
        Some(0x40..=0x7e) => Step::Done(at + 1, Out::Nothing),
        Some(_) => abort(buf, at),
    }
}

/// Parameters: fields split by `;`, sub-fields by `:`; an empty number is 0, a huge one
/// saturates. `None` for a private marker (`<`, `=`, `>`, `?`) anywhere: not a key.
fn fields(params: &[u8]) -> Option<Vec<Vec<u32>>> {
    let mut out = Vec::new();
    for field in params.split(|&b| b == b';') {
        let mut subs = Vec::new();
        for sub in field.split(|&b| b == b':') {
            let mut n: u32 = 0;
            for &b in sub {
                if !b.is_ascii_digit() {
                    return None;
                }
                n = n.saturating_mul(10).saturating_add(u32::from(b - b'0'));
            }
            subs.push(n);
        }
        out.push(subs);
    }
    Some(out)
}

/// xterm's modifier parameter: 1 + bits (1 Shift, 2 Alt, 4 Ctrl); 0 or absent is none.
fn mods(p: u32) -> Mods {
    let bits = p.saturating_sub(1);
    Mods {
        shift: bits & 1 != 0,
        alt: bits & 2 != 0,
        ctrl: bits & 4 != 0,
    }
}

fn csi_final(params: &[u8], f: u8) -> Out {
    let Some(p) = fields(params) else {
        return Out::Nothing;
    };
    let num = |i: usize, j: usize| p.get(i).and_then(|s| s.get(j)).copied().unwrap_or(0);
    let m = mods(num(1, 0));
    let k = match f {
        b'A' => Key::Up,
        b'B' => Key::Down,
        b'C' => Key::Right,
        b'D' => Key::Left,
        b'H' => Key::Home,
        b'F' => Key::End,
        b'P' => Key::F(1),
        b'Q' => Key::F(2),
        b'S' => Key::F(4),
        // `CSI 1;5R` is Ctrl-F3; any other `CSI row;col R` is a cursor position report.
        b'R' if p.len() == 2 && num(0, 0) == 1 => Key::F(3),
        b'Z' => Key::BackTab,
        b'~' if num(0, 0) == 200 => return Out::PasteStart,
        b'~' if num(0, 0) == 27 => return code_key(num(2, 0), None, m),
        b'~' => return tilde(num(0, 0), m),
        // rxvt: `CSI 5^` is Ctrl-PgUp, `CSI 5@` Ctrl-Shift-PgUp.
        b'^' | b'@' => {
            let extra = Mods {
                ctrl: true,
                shift: f == b'@',
                ..m
            };
            return tilde(num(0, 0), extra);
        }
        b'u' => return kitty(&p),
        _ => return Out::Nothing,
    };
    key(k, m)
}

/// `CSI n ~` keys. Insert (2) and unknown numbers give nothing.
fn tilde(n: u32, m: Mods) -> Out {
    let k = match n {
        1 | 7 => Key::Home,
        3 => Key::Delete,
        4 | 8 => Key::End,
        5 => Key::PageUp,
        6 => Key::PageDown,
        11..=15 => Key::F((n - 10) as u8),
        17..=21 => Key::F((n - 11) as u8),
        23..=26 => Key::F((n - 12) as u8),
        28 | 29 => Key::F((n - 13) as u8),
        31..=34 => Key::F((n - 14) as u8),
        _ => return Out::Nothing,
    };
    key(k, m)
}

/// kitty's `CSI code[:shifted] ; mods[:event] u`; a release (event 3) gives nothing.
fn kitty(p: &[Vec<u32>]) -> Out {
    let num = |i: usize, j: usize| p.get(i).and_then(|s| s.get(j)).copied();
    if num(1, 1) == Some(3) {
        return Out::Nothing;
    }
    code_key(
        num(0, 0).unwrap_or(0),
        num(0, 1),
        mods(num(1, 0).unwrap_or(0)),
    )
}

/// A key given by its Unicode code (kitty, xterm's modifyOtherKeys). A character carries its
/// case: the shifted code if the terminal sent it, else upper case for Shift without Ctrl.
fn code_key(code: u32, shifted: Option<u32>, m: Mods) -> Out {
    let k = match code {
        9 => Key::Tab,
        13 => Key::Enter,
        27 => Key::Esc,
        8 | 127 => Key::Backspace,
        _ => match char::from_u32(code).filter(|c| !c.is_control()) {
            Some(c) if m.shift => {
                let up = shifted.and_then(char::from_u32).filter(|c| !c.is_control());
                let mut upper = c.to_uppercase();
                match (up, upper.next(), upper.next()) {
                    (Some(s), _, _) => Key::Char(s),
                    (None, Some(u), None) if !m.ctrl => Key::Char(u),
                    _ => Key::Char(c),
                }
            }
            Some(c) => Key::Char(c),
            None => return Out::Nothing,
        },
    };
    key(k, m)
}

/// `ESC O` [digits] final: arrows, Home/End, F1-F4 and keypad Enter; others give nothing.
fn ss3(buf: &[u8]) -> Step {
    let mut at = 2;
    while buf.get(at).is_some_and(u8::is_ascii_digit) {
        at += 1;
    }
    let f = match buf.get(at) {
        None => return Step::Need,
        Some(&f @ 0x40..=0x7e) => f,
        Some(_) => return abort(buf, at),
    };
    let digits = std::str::from_utf8(&buf[2..at]).unwrap_or("");
    let m = mods(digits.parse().unwrap_or(0));
    let k = match f {
        b'A' => Key::Up,
        b'B' => Key::Down,
        b'C' => Key::Right,
        b'D' => Key::Left,
        b'H' => Key::Home,
        b'F' => Key::End,
        b'M' => Key::Enter,
        b'P'..=b'S' => Key::F(f - b'P' + 1),
        _ => return Step::Done(at + 1, Out::Nothing),
    };
    Step::Done(at + 1, key(k, m))
}

/// OSC, DCS or APC: consumed up to BEL or ST (`ESC \`).
fn string(buf: &[u8]) -> Step {
    let mut at = 2;
    while let Some(&b) = buf.get(at) {
        match b {
            0x07 => return Step::Done(at + 1, Out::Nothing),
            ESC => {
                return match buf.get(at + 1) {
                    None => Step::Need,
                    Some(b'\\') => Step::Done(at + 2, Out::Nothing),
                    Some(_) => abort(buf, at),
                }
            }
            0x00..=0x1f => return abort(buf, at),
            _ => at += 1,
        }
    }
    Step::Need
}
