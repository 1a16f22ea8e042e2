//! Keys as plain data, so the core and the keymap know no terminal library.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Mods {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// A key with its modifiers, normalised: a character carries its own case (no Shift), and
/// Shift-Tab is `BackTab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub key: Key,
    pub mods: Mods,
}

impl KeyChord {
    pub fn new(key: Key, mut mods: Mods) -> Self {
        let key = match key {
            Key::Tab if mods.shift => Key::BackTab,
            other => other,
        };
        if matches!(key, Key::Char(_) | Key::BackTab) {
            mods.shift = false;
        }
        KeyChord { key, mods }
    }

    pub fn plain(key: Key) -> Self {
        KeyChord::new(key, Mods::default())
    }

    pub fn ctrl(c: char) -> Self {
        KeyChord::new(
            Key::Char(c),
            Mods {
                ctrl: true,
                ..Mods::default()
            },
        )
    }

    /// The character this chord types into a text field, if it types one.
    pub fn typed_char(&self) -> Option<char> {
        match self.key {
            Key::Char(c) if !self.mods.ctrl && !self.mods.alt => Some(c),
            _ => None,
        }
    }

    /// Parses "j", "J", "Ctrl-r", "Shift-Tab", "PgDn", "Space", "F1"...
    pub fn parse(s: &str) -> Result<KeyChord, String> {
        let mut mods = Mods::default();
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            let strip = ["ctrl-", "alt-", "shift-"]
                .iter()
                .find(|p| lower.starts_with(**p) && rest.len() > p.len());
            match strip {
                Some(&"ctrl-") => mods.ctrl = true,
                Some(&"alt-") => mods.alt = true,
                Some(_) => mods.shift = true,
                None => break,
            }
            rest = &rest[strip.map_or(0, |p| p.len())..];
        }
        let mut chars = rest.chars();
        let key = match (chars.next(), chars.next()) {
            (Some(c), None) => Key::Char(if mods.ctrl { c.to_ascii_lowercase() } else { c }),
            _ => named_key(rest).ok_or_else(|| format!("unknown key {s:?}"))?,
        };
        Ok(KeyChord::new(key, mods))
    }
}

fn named_key(name: &str) -> Option<Key> {
    let k = match name.to_ascii_lowercase().as_str() {
        "enter" | "return" => Key::Enter,
        "esc" | "escape" => Key::Esc,
        "tab" => Key::Tab,
        "backtab" => Key::BackTab,
        "backspace" => Key::Backspace,
        "delete" | "del" => Key::Delete,
        "up" => Key::Up,
        "down" => Key::Down,
        "left" => Key::Left,
        "right" => Key::Right,
        "home" => Key::Home,
        "end" => Key::End,
        "pgup" | "pageup" => Key::PageUp,
        "pgdn" | "pagedown" => Key::PageDown,
        "space" => Key::Char(' '),
        f if f.starts_with('f') && f.len() > 1 => {
            Key::F(f[1..].parse().ok().filter(|n| (1..=24).contains(n))?)
        }
        _ => return None,
    };
    Some(k)
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.mods.alt {
            f.write_str("Alt-")?;
        }
        if self.mods.shift {
            f.write_str("Shift-")?;
        }
        match self.key {
            Key::Char(' ') => f.write_str("Space"),
            Key::Char(c) => write!(f, "{c}"),
            Key::Enter => f.write_str("Enter"),
            Key::Esc => f.write_str("Esc"),
            Key::Tab => f.write_str("Tab"),
            Key::BackTab => f.write_str("Shift-Tab"),
            Key::Backspace => f.write_str("Backspace"),
            Key::Delete => f.write_str("Del"),
            Key::Up => f.write_str("Up"),
            Key::Down => f.write_str("Down"),
            Key::Left => f.write_str("Left"),
            Key::Right => f.write_str("Right"),
            Key::Home => f.write_str("Home"),
            Key::End => f.write_str("End"),
            Key::PageUp => f.write_str("PgUp"),
            Key::PageDown => f.write_str("PgDn"),
            Key::F(n) => write!(f, "F{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        for s in [
            "j",
            "J",
            "Ctrl-r",
            "Shift-Tab",
            "PgDn",
            "PgUp",
            "Enter",
            "Esc",
            "?",
            "/",
            "Space",
            "F5",
            "Alt-x",
        ] {
            let k = KeyChord::parse(s).unwrap();
            assert_eq!(k.to_string(), s, "{s}");
        }
    }

    #[test]
    fn shift_on_chars_is_dropped_and_shift_tab_is_backtab() {
        let shifted = KeyChord::new(
            Key::Char('J'),
            Mods {
                shift: true,
                ..Mods::default()
            },
        );
        assert_eq!(shifted, KeyChord::parse("J").unwrap());
        let st = KeyChord::new(
            Key::Tab,
            Mods {
                shift: true,
                ..Mods::default()
            },
        );
        assert_eq!(st, KeyChord::plain(Key::BackTab));
    }

    #[test]
    fn rejects_unknown_names() {
        assert!(KeyChord::parse("Hyper").is_err());
        assert!(KeyChord::parse("F99").is_err());
        assert!(KeyChord::parse("").is_err());
    }
}
