use super::*;
use crate::core::keys::{Key, KeyChord, Mods};
use proptest::prelude::*;

fn k(s: &str) -> InputEvent {
    InputEvent::Key(KeyChord::parse(s).unwrap())
}

/// Events of `bytes` fed whole, without a flush.
fn fed(bytes: &[u8]) -> Vec<InputEvent> {
    Parser::new().feed(bytes)
}

/// Events of `bytes` fed whole, then flushed.
fn all(bytes: &[u8]) -> Vec<InputEvent> {
    let mut p = Parser::new();
    let mut out = p.feed(bytes);
    out.extend(p.flush());
    assert!(!p.pending());
    out
}

fn keys(names: &[&str]) -> Vec<InputEvent> {
    names.iter().map(|n| k(n)).collect()
}

#[test]
fn text_and_utf8() {
    assert_eq!(fed(b"jK "), keys(&["j", "K", "Space"]));
    assert_eq!(fed("é€😀".as_bytes()), keys(&["é", "€", "😀"]));
    // Invalid bytes are U+FFFD each and never wait; a truncated character waits, then is U+FFFD.
    assert_eq!(fed(b"\xff\x80a"), keys(&["\u{fffd}", "\u{fffd}", "a"]));
    assert_eq!(fed(b"\xe2\x82a"), keys(&["\u{fffd}", "a"]));
    let mut p = Parser::new();
    assert_eq!(p.feed(b"\xe2\x82"), vec![]);
    assert!(p.pending());
    assert_eq!(p.feed(b"\xac"), keys(&["€"]));
    assert_eq!(all(b"\xe2\x82"), keys(&["\u{fffd}"]));
    // A C1 control character types nothing.
    assert_eq!(fed("\u{85}x".as_bytes()), keys(&["x"]));
}

#[test]
fn control_bytes() {
    assert_eq!(fed(b"\r\n\t"), keys(&["Enter", "Enter", "Tab"]));
    assert_eq!(fed(b"\x7f\x08"), keys(&["Backspace", "Backspace"]));
    assert_eq!(
        fed(b"\x01\x03\x12\x1a"),
        keys(&["Ctrl-a", "Ctrl-c", "Ctrl-r", "Ctrl-z"])
    );
    assert_eq!(fed(b"\x00"), vec![InputEvent::Key(KeyChord::ctrl(' '))]);
    assert_eq!(fed(b"\x1c\x1f"), keys(&["Ctrl-4", "Ctrl-7"]));
}

#[test]
fn escape_and_alt() {
    let mut p = Parser::new();
    assert_eq!(p.feed(b"\x1b"), vec![]);
    assert!(p.pending());
    assert_eq!(p.flush(), keys(&["Esc"]));
    assert_eq!(
        fed(b"\x1bx\x1bJ\x1b\x7f"),
        keys(&["Alt-x", "Alt-J", "Alt-Backspace"])
    );
    assert_eq!(fed("\x1bé".as_bytes()), keys(&["Alt-é"]));
    assert_eq!(fed(b"\x1b\x1b"), keys(&["Esc"]));
    assert_eq!(all(b"\x1b\x1b"), keys(&["Esc", "Esc"]));
    assert_eq!(fed(b"\x1b\x03"), keys(&["Esc", "Ctrl-c"]));
    // An introducer alone, given up, is Alt plus that character.
    assert_eq!(all(b"\x1b["), keys(&["Alt-["]));
    assert_eq!(all(b"\x1bO"), keys(&["Alt-O"]));
    assert_eq!(all(b"\x1b]"), keys(&["Alt-]"]));
}

#[test]
fn cursor_keys_csi_and_ss3() {
    let want = keys(&["Up", "Down", "Right", "Left", "Home", "End"]);
    assert_eq!(fed(b"\x1b[A\x1b[B\x1b[C\x1b[D\x1b[H\x1b[F"), want);
    assert_eq!(fed(b"\x1bOA\x1bOB\x1bOC\x1bOD\x1bOH\x1bOF"), want);
    assert_eq!(fed(b"\x1bOM"), keys(&["Enter"]));
    assert_eq!(fed(b"\x1b[Z"), keys(&["Shift-Tab"]));
}

#[test]
fn xterm_modifiers() {
    assert_eq!(fed(b"\x1b[1;5A"), keys(&["Ctrl-Up"]));
    assert_eq!(fed(b"\x1b[1;2D"), keys(&["Shift-Left"]));
    assert_eq!(fed(b"\x1b[1;3H"), keys(&["Alt-Home"]));
    assert_eq!(fed(b"\x1b[1;8F"), keys(&["Ctrl-Alt-Shift-End"]));
    assert_eq!(fed(b"\x1b[3;5~"), keys(&["Ctrl-Del"]));
    assert_eq!(fed(b"\x1b[1;5P\x1b[1;2R"), keys(&["Ctrl-F1", "Shift-F3"]));
    assert_eq!(fed(b"\x1bO5C"), keys(&["Ctrl-Right"]));
    // modifyOtherKeys: CSI 27 ; mods ; code ~
    assert_eq!(fed(b"\x1b[27;5;99~"), keys(&["Ctrl-c"]));
}

#[test]
fn tilde_keys_and_function_keys() {
    let seq = b"\x1b[1~\x1b[7~\x1b[4~\x1b[8~\x1b[3~\x1b[5~\x1b[6~\x1b[2~";
    let want = keys(&["Home", "Home", "End", "End", "Del", "PgUp", "PgDn"]);
    assert_eq!(fed(seq), want, "Insert gives nothing");
    let f: Vec<u8> = [11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 23, 24]
        .iter()
        .flat_map(|n| format!("\x1b[{n}~").into_bytes())
        .collect();
    let names: Vec<String> = (1..=12).map(|n| format!("F{n}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_eq!(fed(&f), keys(&names));
    assert_eq!(
        fed(b"\x1bOP\x1bOQ\x1bOR\x1bOS"),
        keys(&["F1", "F2", "F3", "F4"])
    );
    assert_eq!(fed(b"\x1b[[A\x1b[[E"), keys(&["F1", "F5"]));
    assert_eq!(fed(b"\x1b[15;5~"), keys(&["Ctrl-F5"]));
    assert_eq!(fed(b"\x1b[5^"), keys(&["Ctrl-PgUp"]));
}

#[test]
fn kitty_keys() {
    assert_eq!(fed(b"\x1b[99;5u"), keys(&["Ctrl-c"]));
    assert_eq!(fed(b"\x1b[113u"), keys(&["q"]));
    assert_eq!(fed(b"\x1b[106;2u\x1b[106:74;2u"), keys(&["J", "J"]));
    assert_eq!(
        fed(b"\x1b[27u\x1b[13u\x1b[9;2u"),
        keys(&["Esc", "Enter", "Shift-Tab"])
    );
    assert_eq!(fed(b"\x1b[99;5:3u"), vec![], "a release is not a key");
    assert_eq!(fed(b"\x1b[99;5:1u"), keys(&["Ctrl-c"]));
}

#[test]
fn reports_and_strings_are_consumed() {
    let noise: &[&[u8]] = &[
        b"\x1b[<0;12;5M",
        b"\x1b[<0;12;5m",
        b"\x1b[M !!",
        b"\x1b[32;10;20M",
        b"\x1b[I",
        b"\x1b[O",
        b"\x1b[12;40R",
        b"\x1b[?62;22c",
        b"\x1b[?1u",
        b"\x1b[0n",
        b"\x1b[?2026;2$y",
        b"\x1b[201~",
        b"\x1b]11;rgb:ffff/ffff/ffff\x07",
        b"\x1b]11;rgb:0/0/0\x1b\\",
        b"\x1bP1$r0m\x1b\\",
        b"\x1b_Gi=1;OK\x1b\\",
        b"\x1b[99X",
        b"\x1bOx",
    ];
    for n in noise {
        let mut bytes = n.to_vec();
        bytes.push(b'q');
        assert_eq!(
            fed(&bytes),
            keys(&["q"]),
            "{:?}",
            String::from_utf8_lossy(n)
        );
    }
}

#[test]
fn control_byte_aborts_any_unfinished_sequence() {
    for prefix in [
        &b"\x1b[?"[..],
        b"\x1b[<",
        b"\x1b[<0;12",
        b"\x1b[1;5",
        b"\x1b[M",
        b"\x1b[M!",
        b"\x1b[[",
        b"\x1bO",
        b"\x1bO5",
        b"\x1b]11;rgb",
        b"\x1bP",
        b"\xf0\x9f",
    ] {
        let mut bytes = prefix.to_vec();
        bytes.extend_from_slice(b"\x03j");
        let out = fed(&bytes);
        let tail = &out[out.len().saturating_sub(2)..];
        assert_eq!(tail, keys(&["Ctrl-c", "j"]), "{prefix:?}");
    }
    // An ESC aborts the sequence and starts its own.
    assert_eq!(fed(b"\x1b[1;\x1b[A"), keys(&["Up"]));
    // A byte outside the grammar aborts it and is read afresh.
    assert_eq!(fed("\x1b[1é".as_bytes()), keys(&["é"]));
}

#[test]
fn unfinished_sequences_are_given_up_by_flush() {
    for prefix in [&b"\x1b[?"[..], b"\x1b[<0;1", b"\x1b]0;title", b"\x1b[M!"] {
        let mut p = Parser::new();
        assert_eq!(p.feed(prefix), vec![]);
        assert!(p.pending(), "{prefix:?}");
        assert_eq!(p.flush(), vec![], "{prefix:?} is dropped");
        assert!(!p.pending());
        assert_eq!(p.feed(b"q"), keys(&["q"]));
    }
}

#[test]
fn overlong_sequence_is_dropped_at_the_limit() {
    let mut bytes = b"\x1b[".to_vec();
    bytes.extend(std::iter::repeat_n(b'1', SEQUENCE_LIMIT - 2));
    let mut p = Parser::new();
    assert_eq!(p.feed(&bytes), vec![]);
    assert!(!p.pending(), "dropped at the limit");
    assert_eq!(p.feed(b"q"), keys(&["q"]));
    // One byte short of the limit, it still waits.
    assert_eq!(p.feed(&bytes[..SEQUENCE_LIMIT - 1]), vec![]);
    assert!(p.pending());
}

fn paste(s: &str) -> InputEvent {
    InputEvent::Paste(s.to_string())
}

#[test]
fn bracketed_paste() {
    let out = fed(b"a\x1b[200~x\r\ny\x1b[Aq\x1bz\x1b[201~b");
    assert_eq!(out, vec![k("a"), paste("x\r\ny\x1b[Aq\x1bz"), k("b")]);
    // The end marker split anywhere.
    let mut p = Parser::new();
    let mut out = p.feed(b"\x1b[200~hi\x1b[2");
    assert!(p.pending());
    out.extend(p.feed(b"01~j"));
    assert_eq!(out, vec![paste("hi"), k("j")]);
    assert_eq!(
        fed(b"\x1b[200~\x1b[201~"),
        vec![],
        "an empty paste is nothing"
    );
}

#[test]
fn unterminated_paste_ends_at_ctrl_c_or_flush() {
    assert_eq!(
        fed(b"\x1b[200~abc\x03q"),
        vec![paste("abc"), k("Ctrl-c"), k("q")]
    );
    let mut p = Parser::new();
    assert_eq!(p.feed(b"\x1b[200~abc\x1b[20"), vec![]);
    assert!(p.pending());
    assert_eq!(p.flush(), vec![paste("abc\x1b[20")]);
    assert_eq!(p.feed(b"q"), keys(&["q"]));
}

#[test]
fn long_paste_comes_in_pieces_on_char_boundaries() {
    let mut p = Parser::with_paste_limit(8);
    let mut out = p.feed(b"\x1b[200~abcdefghij");
    assert_eq!(out, vec![paste("abcdefgh")]);
    out = p.feed("klmnopé€\x1b[201~".as_bytes());
    // "ijklmnop" is full; then "é€" (5 bytes) ends the paste.
    assert_eq!(out, vec![paste("ijklmnop"), paste("é€")]);
    let out = Parser::with_paste_limit(8).feed("\x1b[200~abcdef€\x1b[201~".as_bytes());
    assert_eq!(
        out,
        vec![paste("abcdef"), paste("€")],
        "no character is split"
    );
}

fn chunks_of(bytes: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for c in cuts.into_iter().chain([bytes.len()]) {
        out.push(bytes[at..c].to_vec());
        at = c;
    }
    out
}

/// Bytes that are mostly escape-sequence material, so proptest reaches the odd states.
fn terminal_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        any::<u8>().prop_map(|b| vec![b]),
        Just(b"\x1b".to_vec()),
        Just(b"\x1b[".to_vec()),
        Just(b"\x1b[200~".to_vec()),
        Just(b"\x1b[201~".to_vec()),
        Just(b"\x1b]".to_vec()),
        Just(b"\x1bO".to_vec()),
        Just(b"\x1b[M".to_vec()),
        Just(b"\x1b[<".to_vec()),
        Just(b"\x1b[?".to_vec()),
        Just(b"\x1b\\".to_vec()),
        Just("€".as_bytes().to_vec()),
        (0u8..10).prop_map(|d| vec![b'0' + d]),
        Just(b";".to_vec()),
        Just(b"~".to_vec()),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn ctrl_c_and_q_get_through_after_a_flush(bytes in terminal_bytes()) {
        for last in [b'\x03', b'q'] {
            let mut p = Parser::new();
            p.feed(&bytes);
            p.flush();
            let out = p.feed(&[last]);
            let want = if last == b'q' { k("q") } else { k("Ctrl-c") };
            prop_assert_eq!(out.last(), Some(&want));
            prop_assert!(!p.pending());
        }
    }

    #[test]
    fn ctrl_c_gets_through_even_without_a_flush(bytes in terminal_bytes()) {
        let mut p = Parser::new();
        p.feed(&bytes);
        let out = p.feed(b"\x03");
        prop_assert_eq!(out.last(), Some(&k("Ctrl-c")));
        prop_assert!(!p.pending());
    }

    #[test]
    fn any_split_gives_the_same_events(
        bytes in terminal_bytes(),
        cuts in proptest::collection::vec(any::<usize>(), 0..8),
        flush_after in proptest::collection::vec(any::<bool>(), 0..9),
        limit in 4usize..12,
    ) {
        // The flush points are the same in both runs: after chunk i when flush_after[i].
        let chunks = chunks_of(&bytes, &cuts);
        let mut split = Parser::with_paste_limit(limit);
        let mut whole = Parser::with_paste_limit(limit);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let mut batch = Vec::new();
        for (i, c) in chunks.iter().enumerate() {
            // Within a chunk, pieces of 1 to 3 bytes, so both one-byte and longer feeds occur.
            for piece in c.chunks(i % 3 + 1) {
                a.extend(split.feed(piece));
            }
            batch.extend_from_slice(c);
            if flush_after.get(i).copied().unwrap_or(false) {
                a.extend(split.flush());
                b.extend(whole.feed(&batch));
                b.extend(whole.flush());
                batch.clear();
            }
        }
        b.extend(whole.feed(&batch));
        a.extend(split.flush());
        b.extend(whole.flush());
        prop_assert_eq!(a, b);
    }

    #[test]
    fn no_panic_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut p = Parser::with_paste_limit(16);
        p.feed(&bytes);
        p.flush();
        let mut p = Parser::new();
        for b in bytes.chunks(3) {
            p.feed(b);
        }
    }

    #[test]
    fn typed_text_comes_back_as_its_chars(s in "[^\\p{Cc}]{0,60}") {
        let want: Vec<InputEvent> = s
            .chars()
            .map(|c| InputEvent::Key(KeyChord::new(Key::Char(c), Mods::default())))
            .collect();
        let mut p = Parser::new();
        let mut out = Vec::new();
        for b in s.as_bytes().chunks(2) {
            out.extend(p.feed(b));
        }
        prop_assert!(!p.pending());
        prop_assert_eq!(out, want);
    }
}
