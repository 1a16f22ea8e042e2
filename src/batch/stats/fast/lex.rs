//! The tokens of the fast reader ([`super`]): whitespace, identifiers, strings, numbers, and the
//! punctuation of structs, options and lists. Each returns `None` for anything it is not sure the
//! full parser reads the same way.

use std::borrow::Cow;

pub(crate) struct P<'a> {
    /// The text, and its bytes: slices between ASCII bytes are on character boundaries.
    pub(crate) t: &'a str,
    pub(crate) b: &'a [u8],
    pub(crate) i: usize,
}

impl<'a> P<'a> {
    pub(crate) fn ws(&mut self) {
        const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
        let (b, mut i) = (self.b, self.i);
        // Indentation is most of a file: a newline, then up to sixteen spaces at a time (the
        // spaces leading a word of sixteen bytes are the zero bytes ending `word ^ SPACES`).
        let spaces = u128::from(SPACES) << 64 | u128::from(SPACES);
        loop {
            match b.get(i) {
                Some(b' ') => match b.get(i..i + 16) {
                    Some(chunk) => {
                        let word = <[u8; 16]>::try_from(chunk).map_or(0, u128::from_le_bytes);
                        i += ((word ^ spaces).trailing_zeros() / 8).max(1) as usize;
                    }
                    None => i += 1,
                },
                Some(b'\t' | b'\n' | b'\r') => i += 1,
                _ => break,
            }
        }
        self.i = i;
    }

    pub(crate) fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    pub(crate) fn ident(&mut self) -> Option<&'a [u8]> {
        self.ws();
        let (b, start) = (self.b, self.i);
        if !b
            .get(start)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            return None;
        }
        let mut i = start + 1;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        self.i = i;
        Some(&b[start..i])
    }

    /// `name:`
    pub(crate) fn key(&mut self, name: &str) -> Option<()> {
        // As `ident()? == name`, without scanning the identifier twice (`name` is one).
        self.ws();
        let (name, rest) = (name.as_bytes(), self.b.get(self.i..)?);
        // Byte by byte: names are short, shorter than a call to `memcmp`.
        if rest.len() <= name.len() || !name.iter().zip(rest).all(|(a, b)| a == b) {
            return None;
        }
        if rest[name.len()].is_ascii_alphanumeric() || rest[name.len()] == b'_' {
            return None;
        }
        self.i += name.len();
        self.eat(b':')
    }

    /// After a struct's field or a list's item: `Some(true)` if another follows (a comma, not
    /// followed by `close`), `Some(false)` at the end (`close` eaten).
    pub(crate) fn more(&mut self, close: u8) -> Option<bool> {
        self.ws();
        match self.b.get(self.i) {
            Some(&c) if c == close => {
                self.i += 1;
                Some(false)
            }
            Some(b',') => {
                self.i += 1;
                self.ws();
                if self.b.get(self.i) == Some(&close) {
                    self.i += 1;
                    Some(false)
                } else {
                    Some(true)
                }
            }
            _ => None,
        }
    }

    /// Another field follows in this struct (`Some(())`), else declined.
    pub(crate) fn then(&mut self) -> Option<()> {
        self.more(b')')?.then_some(())
    }

    /// The end of this struct.
    pub(crate) fn end(&mut self) -> Option<()> {
        (!self.more(b')')?).then_some(())
    }

    /// A string: its escapes those the full parser reads (`\"`, `\\`, `\'`, `\n`, `\r`,
    /// `\t`, `\0`, `\u{..}`; `io::to_ron` writes no other), any other declined.
    pub(crate) fn string(&mut self) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.i;
        let len = self.b[start..]
            .iter()
            .position(|&c| c == b'"' || c == b'\\')?;
        self.i = start + len + 1;
        let plain = &self.t[start..start + len];
        if self.b[start + len] == b'"' {
            return Some(Cow::Borrowed(plain));
        }
        let mut out = plain.to_string();
        loop {
            // At the character after a backslash.
            let c = match *self.b.get(self.i)? {
                b'"' => '"',
                b'\\' => '\\',
                b'\'' => '\'',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'0' => '\0',
                b'u' => {
                    self.i += 1;
                    self.eat_here(b'{')?;
                    let hex = self.b[self.i..]
                        .iter()
                        .take(7)
                        .position(|&c| c == b'}')
                        .filter(|&n| n > 0)?;
                    let digits = std::str::from_utf8(&self.b[self.i..self.i + hex]).ok()?;
                    if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
                        return None;
                    }
                    self.i += hex;
                    char::from_u32(u32::from_str_radix(digits, 16).ok()?)?
                }
                _ => return None,
            };
            self.i += 1;
            out.push(c);
            let at = self.i;
            let len = self.b[at..].iter().position(|&c| c == b'"' || c == b'\\')?;
            out.push_str(&self.t[at..at + len]);
            self.i += len + 1;
            if self.b[at + len] == b'"' {
                return Some(Cow::Owned(out));
            }
        }
    }

    /// Decimal digits, no sign, no leading zero (but `0`), not followed by a digit, letter, `_`
    /// or `.`.
    pub(crate) fn digits(&mut self) -> Option<&'a str> {
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        let d = &self.b[start..self.i];
        let ok = !d.is_empty() && (d.len() == 1 || d[0] != b'0');
        let next = self.b.get(self.i);
        let ended = !next.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.'));
        // ASCII digits: their ends are character boundaries.
        (ok && ended).then(|| self.t.get(start..self.i))?
    }

    pub(crate) fn uint(&mut self) -> Option<u64> {
        self.ws();
        self.digits()?.parse().ok()
    }

    pub(crate) fn int(&mut self) -> Option<i64> {
        self.ws();
        let neg = self.b.get(self.i) == Some(&b'-');
        if neg {
            self.i += 1;
        }
        let d = self.digits()?;
        if neg {
            format!("-{d}").parse().ok()
        } else {
            d.parse().ok()
        }
    }

    /// `digits.digits`, a finite f32.
    pub(crate) fn float(&mut self) -> Option<()> {
        self.ws();
        let start = self.i;
        let whole = |p: &mut P| {
            let s = p.i;
            while p.b.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i - s
        };
        let n = whole(self);
        if n == 0 || (n > 1 && self.b[start] == b'0') || self.eat_here(b'.').is_none() {
            return None;
        }
        if whole(self) == 0 {
            return None;
        }
        if self
            .b
            .get(self.i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.'))
        {
            return None;
        }
        // Below 10^38 (38 digits or fewer before the point) it is a finite f32 (whose
        // largest is about 3.4 * 10^38): only longer ones need parsing.
        if n <= 38 {
            return Some(());
        }
        let s = self.t.get(start..self.i)?;
        s.parse::<f32>().ok().filter(|f| f.is_finite()).map(|_| ())
    }

    pub(crate) fn eat_here(&mut self, c: u8) -> Option<()> {
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    /// `None` or `Some(` value `)`; whether it was `Some`.
    pub(crate) fn option(&mut self, value: impl FnOnce(&mut Self) -> Option<()>) -> Option<bool> {
        match self.ident()? {
            b"None" => Some(false),
            b"Some" => {
                self.eat(b'(')?;
                value(self)?;
                self.eat(b')')?;
                Some(true)
            }
            _ => None,
        }
    }

    /// `[` items `]`, each read by `item`.
    pub(crate) fn list(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        self.ws();
        if self.eat_here(b']').is_some() {
            return Some(());
        }
        loop {
            item(self)?;
            if !self.more(b']')? {
                return Some(());
            }
        }
    }
}
