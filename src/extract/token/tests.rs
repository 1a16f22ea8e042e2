//! The tokenizer checked against a plain character-at-a-time reference.

use super::*;
use proptest::prelude::*;

/// The tokenizer's rules written plainly, a character at a time: the oracle.
fn reference(text: &str) -> Vec<Tok> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
    let (mut out, mut k) = (Vec::new(), 0);
    let (mut line, mut space) = (true, true);
    while k < chars.len() {
        let ch = chars[k].1;
        if ch.is_whitespace() && (ch.is_ascii_whitespace() || !ch.is_ascii()) {
            line |= matches!(ch, '\n' | '\u{2028}' | '\u{2029}');
            space = true;
            k += 1;
            continue;
        }
        let mut flags = (u8::from(line) * LINE) | (u8::from(space) * SPACE);
        (line, space) = (false, false);
        let start = k;
        k += 1;
        let kind = if ch.is_alphanumeric() {
            let num = ch.is_ascii_digit();
            while let Some(&(_, c)) = chars.get(k) {
                let next = chars.get(k + 1).map(|x| x.1);
                let joins = c.is_alphanumeric()
                    || (num && matches!(c, ',' | '.') && next.is_some_and(|x| x.is_ascii_digit()))
                    || (!num
                        && matches!(c, '\'' | '’' | '-')
                        && next.is_some_and(char::is_alphabetic));
                if !joins {
                    break;
                }
                k += 1;
            }
            if num {
                Kind::Num
            } else {
                Kind::Word
            }
        } else {
            Kind::Punct
        };
        let word = &text[chars[start].0..end_of(k)];
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        if ch.is_uppercase() {
            flags |= CAP;
        }
        if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
            flags |= UPPER;
        }
        if kind != Kind::Punct && word.chars().skip(1).any(|c| matches!(c, '\'' | '’')) {
            flags |= QUOTE;
        }
        if kind != Kind::Punct && word.contains('-') {
            flags |= HYPHEN;
        }
        if kind != Kind::Punct && word.chars().skip(1).any(char::is_uppercase) {
            flags |= INNER_CAP;
        }
        let ascii = word.is_ascii();
        if ascii {
            flags |= ASCII;
        }
        out.push(Tok {
            b0: chars[start].0 as u32,
            b1: end_of(k) as u32,
            c0: start as u32,
            c1: k as u32,
            sent: 0,
            h: if ascii { word_hash(word.as_bytes()) } else { 0 },
            kind,
            flags,
        });
    }
    out
}

fn words(text: &str) -> Vec<&str> {
    tokenize(text)
        .iter()
        .map(|t| &text[t.b0 as usize..t.b1 as usize])
        .collect()
}

#[test]
fn words_numbers_and_signs() {
    assert_eq!(
        words("O'Reilly, 37, paid $1,000.50 at Wal-Mart’s\u{a0}store."),
        [
            "O'Reilly",
            ",",
            "37",
            ",",
            "paid",
            "$",
            "1,000.50",
            "at",
            "Wal-Mart’s",
            "store",
            "."
        ]
    );
    assert_eq!(words("11-year-old"), ["11", "-", "year-old"]);
    assert_eq!(words("«Zoë» — naïve"), ["«", "Zoë", "»", "—", "naïve"]);
}

#[test]
fn flags_and_offsets() {
    let t = tokenize("said\nNEW YORK é'A");
    assert_eq!(t[1].flags & (LINE | UPPER | CAP), LINE | UPPER | CAP);
    assert_eq!(t[2].flags & (LINE | SPACE | UPPER), SPACE | UPPER);
    assert_eq!((t[3].c0, t[3].c1, t[3].b1), (14, 17, 18));
    assert_eq!(t[3].flags & (QUOTE | ASCII), QUOTE);
}

proptest! {
    #[test]
    fn same_as_the_plain_rules(text in "([a-cA-C0-9 ,.'’\\-\n\t\u{a0}\u{2028}éÉß€—]|[A-Z][a-z]{1,4}){0,40}") {
        let mut fast = tokenize(&text);
        let slow = reference(&text);
        // (The fast path hashes only ASCII tokens; the others' `h` means nothing.)
        for t in &mut fast {
            if t.flags & ASCII == 0 {
                t.h = 0;
            }
        }
        prop_assert_eq!(fast, slow);
    }
}
