//! Sentences: where they begin and end, and which one a token is in.

use super::{Doc, Kind, CAP, LINE};

impl Doc<'_> {
    pub fn sent(&self, i: usize) -> usize {
        self.toks.get(i).map_or(usize::MAX, |t| t.sent as usize)
    }

    pub fn sent_range(&self, s: usize) -> (usize, usize) {
        self.sents
            .get(s)
            .map_or((0, 0), |&(a, b)| (a as usize, b as usize))
    }

    pub(super) fn split_sentences(&mut self) {
        let n = self.toks.len();
        let mut start = 0usize;
        let mut pending = false;
        let mut i = 0usize;
        while i < n {
            let t = self.toks[i];
            let new = i > start && ((t.flags & LINE) != 0 || (pending && opens_sentence(self, i)));
            if new {
                self.sents.push((start as u32, i as u32));
                start = i;
                pending = false;
            }
            self.toks[i].sent = self.sents.len() as u32;
            // (A sign is one character: its first byte tells an ASCII one.)
            let first = self.text.as_bytes()[t.b0 as usize];
            if t.kind != Kind::Punct {
                pending = false;
            } else if matches!(first, b'.' | b'!' | b'?') {
                pending = !(first == b'.' && self.abbreviation_before(i));
            } else if !(pending && is_closing(self.word(i))) {
                // (`said." Next`: the quote closes the sentence that just ended.)
                pending = false;
            }
            i += 1;
        }
        if start < n {
            self.sents.push((start as u32, n as u32));
        }
    }

    fn abbreviation_before(&self, dot: usize) -> bool {
        let Some(p) = dot.checked_sub(1) else {
            return false;
        };
        let prev = self.toks[p];
        if prev.kind != Kind::Word || prev.b1 != self.toks[dot].b0 {
            return false;
        }
        let w = self.word(p);
        if w.chars().count() == 1 {
            return true;
        }
        let mut buf = [0u8; 12];
        if w.len() > buf.len() || !w.is_ascii() {
            return false;
        }
        for (d, s) in buf.iter_mut().zip(w.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        std::str::from_utf8(&buf[..w.len()]).is_ok_and(|l| self.lex.abbreviations.contains(l))
    }
}

fn is_closing(w: &str) -> bool {
    matches!(w, "\"" | "”" | "’" | "'" | ")" | "]")
}

fn opens_sentence(doc: &Doc, i: usize) -> bool {
    let t = doc.toks[i];
    match t.kind {
        Kind::Word => t.flags & CAP != 0,
        Kind::Num => true,
        Kind::Punct => matches!(doc.word(i), "\"" | "“" | "‘" | "'" | "(" | "-" | "—" | "–"),
    }
}
