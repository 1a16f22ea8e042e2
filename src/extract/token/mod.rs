//! Splitting text into tokens: words, numbers and single punctuation characters, with their byte
//! and code point offsets, a few flags, and a hash of each ASCII token for the lexicon.
//!
//! This runs over every byte of every article, so ASCII text takes a fast path: a byte table says
//! what each byte is, and code point offsets are counted only where a character is not ASCII.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

/// The first character is a capital.
pub(crate) const CAP: u8 = 1;
/// Two letters or more, all capitals.
pub(crate) const UPPER: u8 = 2;
/// A line break comes before the token (or it opens the text).
pub(crate) const LINE: u8 = 4;
/// Space comes before the token (or it opens the text).
pub(crate) const SPACE: u8 = 8;
/// The token is all ASCII (its `h` is set).
pub(crate) const ASCII: u8 = 16;
/// The word holds an apostrophe ("Sunday's", "O'Reilly").
pub(crate) const QUOTE: u8 = 32;
/// The word holds a hyphen ("Coleman-Singleton", "Thirty-one-year-old").
pub(crate) const HYPHEN: u8 = 64;
/// A capital comes after the first character ("McDonald", "NEW").
pub(crate) const INNER_CAP: u8 = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub b0: u32,
    pub b1: u32,
    pub c0: u32,
    pub c1: u32,
    pub sent: u32,
    /// `word_hash` of the token, when it is all ASCII (`ASCII` flag).
    pub h: u32,
    pub kind: Kind,
    pub flags: u8,
}

impl Tok {
    /// A word that opens with a capital.
    #[inline]
    pub fn is_cap_word(&self) -> bool {
        self.kind == Kind::Word && self.flags & CAP != 0
    }
}

/// A hash of a word's bytes in lower case (FNV-1a); the lexicon's keys use it too.
pub(crate) fn word_hash(bytes: &[u8]) -> u32 {
    bytes.iter().fold(FNV, |h, &b| fnv(h, b))
}

pub(crate) const FNV: u32 = 0x811c_9dc5;

#[inline]
pub(crate) fn fnv(h: u32, b: u8) -> u32 {
    fnv_lower(h, b.to_ascii_lowercase())
}

/// One FNV-1a step with a byte already in lower case.
#[inline]
fn fnv_lower(h: u32, low: u8) -> u32 {
    (h ^ u32::from(low)).wrapping_mul(0x0100_0193)
}

/// Byte classes of ASCII: space, punctuation, a digit, a lower-case or a capital letter.
const SPACE_B: u8 = 1;
const PUNCT_B: u8 = 2;
const DIGIT_B: u8 = 4;
const LOWER_B: u8 = 8;
const UPPER_B: u8 = 16;
const ALNUM_B: u8 = DIGIT_B | LOWER_B | UPPER_B;

/// Per byte: its class (high byte) and its lower case (low byte), so that the word loop reads
/// one table.
const TABLE: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = ((CLASS[i] as u16) << 8) | (i as u8).to_ascii_lowercase() as u16;
        i += 1;
    }
    t
};

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_whitespace() {
            SPACE_B
        } else if b.is_ascii_digit() {
            DIGIT_B
        } else if b.is_ascii_lowercase() {
            LOWER_B
        } else if b.is_ascii_uppercase() {
            UPPER_B
        } else {
            PUNCT_B
        };
        i += 1;
    }
    t
};

/// The character at byte `b` (a char boundary) and its length.
fn char_at(text: &str, b: usize) -> Option<(char, usize)> {
    let x = *text.as_bytes().get(b)?;
    if x < 0x80 {
        return Some((x as char, 1));
    }
    let ch = text.get(b..)?.chars().next()?;
    Some((ch, ch.len_utf8()))
}

fn next_is(text: &str, b: usize, f: impl Fn(char) -> bool) -> bool {
    char_at(text, b).is_some_and(|(c, _)| f(c))
}

/// A word or number being read.
struct Run {
    b0: usize,
    c0: u32,
    num: bool,
    ascii: bool,
    h: u32,
    /// The class of the first character, and those seen after it (`LOWER_B` for any letter that
    /// is not a capital, `UPPER_B` for a capital).
    first: u8,
    seen: u8,
    flags: u8,
}

/// Splits text into words, numbers and single punctuation characters.
///
/// A word goes on over letters and digits, and over `'`, `’` or `-` between letters ("O'Reilly",
/// "Wal-Mart"); a number over `,` or `.` between digits ("1,000", "9.9").
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    tokenize_into(text, &mut toks);
    toks
}

/// `tokenize`, into a buffer (cleared first) that may be reused from article to article.
pub(crate) fn tokenize_into(text: &str, toks: &mut Vec<Tok>) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    toks.clear();
    toks.reserve(n / 4 + 4);
    let mut b = 0usize;
    // Bytes beyond the first of each character before `b`: the code point offset is b - extra.
    let mut extra = 0u32;
    // What comes before the next token.
    let mut pre = LINE | SPACE;
    while b < n {
        let x = bytes[b];
        let class = CLASS[usize::from(x)];
        if class & SPACE_B != 0 {
            if x == b'\n' {
                pre |= LINE;
            }
            pre |= SPACE;
            b += 1;
            continue;
        }
        let c = b as u32 - extra;
        if class & PUNCT_B != 0 {
            toks.push(Tok {
                b0: b as u32,
                b1: b as u32 + 1,
                c0: c,
                c1: c + 1,
                sent: 0,
                h: fnv(FNV, x),
                kind: Kind::Punct,
                flags: pre | ASCII,
            });
            pre = 0;
            b += 1;
            continue;
        }
        let mut run = Run {
            b0: b,
            c0: c,
            num: class & DIGIT_B != 0,
            ascii: true,
            h: FNV,
            first: class,
            seen: 0,
            flags: pre,
        };
        if class == 0 {
            // Not ASCII: a space, a letter or digit, or a sign.
            let Some((ch, len)) = char_at(text, b) else {
                break;
            };
            if ch.is_whitespace() {
                if matches!(ch, '\u{2028}' | '\u{2029}') {
                    pre |= LINE;
                }
                pre |= SPACE;
                b += len;
                extra += len as u32 - 1;
                continue;
            }
            b += len;
            extra += len as u32 - 1;
            run.ascii = false;
            if !ch.is_alphanumeric() {
                toks.push(Tok {
                    b0: run.b0 as u32,
                    b1: b as u32,
                    c0: c,
                    c1: c + 1,
                    sent: 0,
                    h: 0,
                    kind: Kind::Punct,
                    flags: pre,
                });
                pre = 0;
                continue;
            }
            run.first = letter_class(ch);
            if ch.is_uppercase() {
                run.flags |= CAP;
            }
        } else {
            if class & UPPER_B != 0 {
                run.flags |= CAP;
            }
            run.h = fnv(FNV, x);
            b += 1;
        }
        pre = 0;
        b = read_run(text, b, &mut run, &mut extra);
        let mut flags = run.flags;
        // All capitals: no small letter, and (rarely worth counting) two letters or more.
        if (run.first | run.seen) & (LOWER_B | UPPER_B) == UPPER_B
            && text[run.b0..b]
                .chars()
                .filter(|c| c.is_alphabetic())
                .nth(1)
                .is_some()
        {
            flags |= UPPER;
        }
        if run.ascii {
            flags |= ASCII;
        }
        if run.seen & UPPER_B != 0 {
            flags |= INNER_CAP;
        }
        toks.push(Tok {
            b0: run.b0 as u32,
            b1: b as u32,
            c0: run.c0,
            c1: b as u32 - extra,
            sent: 0,
            h: run.h,
            kind: if run.num { Kind::Num } else { Kind::Word },
            flags,
        });
    }
}

/// The class a letter or digit that is not ASCII counts as: a capital, another letter, or none.
fn letter_class(ch: char) -> u8 {
    if ch.is_uppercase() {
        UPPER_B
    } else if ch.is_alphabetic() {
        LOWER_B
    } else {
        0
    }
}

/// Reads the rest of a word or number from `b` (after its first character) to its end, which it
/// returns.
fn read_run(text: &str, mut b: usize, run: &mut Run, extra: &mut u32) -> usize {
    let bytes = text.as_bytes();
    // (Kept in locals, so that the byte loop runs in registers.)
    let (mut h, mut seen) = (run.h, u16::from(run.seen) << 8);
    loop {
        // ASCII letters and digits.
        while let Some(&y) = bytes.get(b) {
            let e = TABLE[usize::from(y)];
            if e & (u16::from(ALNUM_B) << 8) == 0 {
                break;
            }
            seen |= e;
            h = fnv_lower(h, e as u8);
            b += 1;
        }
        // Space or a sign that never joins: the usual end of a word.
        match bytes.get(b) {
            None => break,
            Some(&y) if CLASS[usize::from(y)] & SPACE_B != 0 => break,
            Some(&y) if y < 0x80 && !matches!(y, b'\'' | b'-' | b',' | b'.') => break,
            _ => {}
        }
        let Some((ch, len)) = char_at(text, b) else {
            break;
        };
        let joins = if ch.is_alphanumeric() {
            true
        } else if run.num {
            matches!(ch, ',' | '.') && next_is(text, b + len, |x| x.is_ascii_digit())
        } else {
            matches!(ch, '\'' | '’' | '-') && next_is(text, b + len, char::is_alphabetic)
        };
        if !joins {
            break;
        }
        match ch {
            '\'' | '’' => run.flags |= QUOTE,
            '-' => run.flags |= HYPHEN,
            _ => {}
        }
        if ch.is_ascii() {
            h = fnv(h, ch as u8);
        } else {
            run.ascii = false;
            *extra += len as u32 - 1;
            seen |= u16::from(letter_class(ch)) << 8;
        }
        b += len;
    }
    run.h = h;
    run.seen = (seen >> 8) as u8;
    b
}

#[cfg(test)]
mod tests;
