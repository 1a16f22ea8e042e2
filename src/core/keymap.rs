//! The keymap is data: a RON file embedded from `assets/keymap.ron`, overridable by the user.

use super::command::{Command, Mode};
use super::keys::KeyChord;
use serde::Deserialize;
use std::collections::HashMap;

/// The default keymap, as shipped.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.ron");

#[derive(Debug, Clone, Deserialize)]
struct BindingFile {
    command: Command,
    keys: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
struct KeymapFile {
    normal: Vec<BindingFile>,
    edit: Vec<BindingFile>,
    picker: Vec<BindingFile>,
    search: Vec<BindingFile>,
    help: Vec<BindingFile>,
    confirm: Vec<BindingFile>,
    unsaved: Vec<BindingFile>,
    queue: Vec<BindingFile>,
    prompt: Vec<BindingFile>,
}

impl KeymapFile {
    fn mode(&self, m: Mode) -> &[BindingFile] {
        match m {
            Mode::Normal => &self.normal,
            Mode::Edit => &self.edit,
            Mode::Picker => &self.picker,
            Mode::Search => &self.search,
            Mode::Help => &self.help,
            Mode::Confirm => &self.confirm,
            Mode::Unsaved => &self.unsaved,
            Mode::Queue => &self.queue,
            Mode::Prompt => &self.prompt,
        }
    }
}

/// One command and the keys bound to it, in the order the keymap lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub command: Command,
    pub keys: Vec<KeyChord>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    modes: HashMap<Mode, Vec<Binding>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct KeymapError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

fn parse_file(text: &str) -> Result<KeymapFile, KeymapError> {
    ron::from_str(text).map_err(|e| {
        // ron counts columns in bytes (and may say 0:0); an editor counts characters from 1.
        let (line, column) = crate::io::ron_position(text, e.span.end);
        KeymapError {
            line,
            column,
            message: e.code.to_string(),
        }
    })
}

fn parse_keys(keys: &[String]) -> Result<Vec<KeyChord>, KeymapError> {
    keys.iter()
        .map(|k| KeyChord::parse(k))
        .collect::<Result<_, _>>()
        .map_err(|message| KeymapError {
            line: 1,
            column: 1,
            message,
        })
}

impl Keymap {
    /// Parses a complete keymap.
    pub fn from_ron(text: &str) -> Result<Keymap, KeymapError> {
        let file = parse_file(text)?;
        let mut modes = HashMap::new();
        for m in Mode::ALL {
            let list = file
                .mode(m)
                .iter()
                .map(|b| {
                    Ok(Binding {
                        command: b.command,
                        keys: parse_keys(&b.keys)?,
                    })
                })
                .collect::<Result<Vec<_>, KeymapError>>()?;
            modes.insert(m, list);
        }
        Ok(Keymap { modes })
    }

    pub fn default_keymap() -> Keymap {
        Keymap::from_ron(DEFAULT_KEYMAP).expect("the embedded default keymap parses")
    }

    /// Applies a user's override: each command it lists gets exactly the keys it gives, and those
    /// keys are taken from any other command of that mode.
    pub fn with_override(mut self, text: &str) -> Result<Keymap, KeymapError> {
        let file = parse_file(text)?;
        for m in Mode::ALL {
            let list = self.modes.entry(m).or_default();
            for b in file.mode(m) {
                let keys = parse_keys(&b.keys)?;
                for other in list.iter_mut() {
                    other.keys.retain(|k| !keys.contains(k));
                }
                match list.iter_mut().find(|x| x.command == b.command) {
                    Some(existing) => existing.keys = keys,
                    None => list.push(Binding {
                        command: b.command,
                        keys,
                    }),
                }
            }
        }
        Ok(self)
    }

    pub fn lookup(&self, mode: Mode, key: &KeyChord) -> Option<Command> {
        self.bindings(mode)
            .iter()
            .find(|b| b.keys.contains(key))
            .map(|b| b.command)
    }

    pub fn bindings(&self, mode: Mode) -> &[Binding] {
        self.modes.get(&mode).map_or(&[], Vec::as_slice)
    }

    /// The first key bound to a command in a mode, for messages ("press D to mark done").
    pub fn key_for(&self, mode: Mode, command: Command) -> Option<KeyChord> {
        self.bindings(mode)
            .iter()
            .find(|b| b.command == command)
            .and_then(|b| b.keys.first().copied())
    }

    /// How many lines the help screen has: per mode a heading and its bindings, a blank line
    /// between modes, then a blank line and the legend of field marks.
    pub fn help_len(&self) -> usize {
        Mode::ALL
            .iter()
            .map(|m| 1 + self.bindings(*m).len())
            .sum::<usize>()
            + (Mode::ALL.len() - 1)
            + 2
    }

    /// (keys, short label) pairs for the hint bar, in keymap order; unbound commands left out.
    pub fn hints(&self, mode: Mode) -> Vec<(String, &'static str)> {
        self.hints_where(mode, |_| true)
    }

    /// [`hints`](Self::hints) of the commands `keep` keeps. A command bound to several digits
    /// in a row (Take) shows them as a range: `1-9`.
    pub fn hints_where(
        &self,
        mode: Mode,
        keep: impl Fn(Command) -> bool,
    ) -> Vec<(String, &'static str)> {
        self.bindings(mode)
            .iter()
            .filter(|b| !b.keys.is_empty() && keep(b.command))
            .map(|b| (digit_range(&b.keys), b.command.short_in(mode)))
            .collect()
    }
}

/// Keys as the help lists them: `j, Down, Tab`, or `1-9` for the digits from 1 to 9.
pub fn keys_label(keys: &[KeyChord]) -> String {
    match digit_run(keys) {
        true => digit_range(keys),
        false => keys
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Whether keys are two or more digits in a row.
fn digit_run(keys: &[KeyChord]) -> bool {
    let names: Vec<String> = keys.iter().map(ToString::to_string).collect();
    let digit = |s: &String| s.len() == 1 && s.as_bytes()[0].is_ascii_digit();
    names.len() > 1
        && names.iter().all(digit)
        && names
            .windows(2)
            .all(|w| w[1].as_bytes()[0] == w[0].as_bytes()[0] + 1)
}

/// The first key's name, or `1-9` for keys that are the digits from the first to the last.
fn digit_range(keys: &[KeyChord]) -> String {
    let names: Vec<String> = keys.iter().map(ToString::to_string).collect();
    match (digit_run(keys), names.first(), names.last()) {
        (true, Some(a), Some(b)) => format!("{a}-{b}"),
        (_, Some(a), _) => a.clone(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::keys::Key;

    #[test]
    fn default_keymap_binds_the_documented_keys() {
        let km = Keymap::default_keymap();
        let n = |s: &str| KeyChord::parse(s).unwrap();
        assert_eq!(km.lookup(Mode::Normal, &n("j")), Some(Command::NextField));
        assert_eq!(
            km.lookup(Mode::Normal, &n("Shift-Tab")),
            Some(Command::PrevField)
        );
        assert_eq!(km.lookup(Mode::Normal, &n("y")), Some(Command::Confirm));
        assert_eq!(km.lookup(Mode::Normal, &n("Ctrl-r")), Some(Command::Redo));
        assert_eq!(
            km.lookup(Mode::Normal, &n("Backspace")),
            Some(Command::Undo)
        );
        assert_eq!(km.lookup(Mode::Normal, &n("D")), Some(Command::MarkDone));
        assert_eq!(
            km.lookup(Mode::Edit, &KeyChord::plain(Key::Enter)),
            Some(Command::Commit)
        );
        assert_eq!(
            km.lookup(Mode::Edit, &n("j")),
            None,
            "letters type in edit mode"
        );
    }

    #[test]
    fn digits_take_a_reviewers_value_and_show_as_a_range() {
        let km = Keymap::default_keymap();
        let n = |s: &str| KeyChord::parse(s).unwrap();
        assert_eq!(km.lookup(Mode::Normal, &n("2")), Some(Command::Take));
        assert_eq!(km.lookup(Mode::Normal, &n("9")), Some(Command::Take));
        assert_eq!(
            km.lookup(Mode::Picker, &n("2")),
            None,
            "pickers keep digits"
        );
        let hints = km.hints(Mode::Normal);
        assert!(hints.contains(&("1-9".to_string(), "take")), "{hints:?}");
        let digits: Vec<KeyChord> = ["1", "2", "3"].map(n).to_vec();
        assert_eq!(keys_label(&digits), "1-3");
        assert_eq!(keys_label(&[n("j"), n("Down")]), "j, Down");
        let review = km.hints_where(Mode::Normal, |c| !c.adjudicating_only());
        assert!(review.iter().all(|(_, l)| *l != "take" && *l != "compare"));
    }

    #[test]
    fn every_mode_has_a_way_out() {
        let km = Keymap::default_keymap();
        for m in Mode::ALL {
            assert!(!km.bindings(m).is_empty(), "{m:?}");
        }
    }

    #[test]
    fn override_moves_a_key() {
        let km = Keymap::default_keymap()
            .with_override(
                r#"(normal: [(command: Confirm, keys: ["c"]), (command: Reject, keys: ["y"])])"#,
            )
            .unwrap();
        let n = |s: &str| KeyChord::parse(s).unwrap();
        assert_eq!(km.lookup(Mode::Normal, &n("c")), Some(Command::Confirm));
        assert_eq!(km.lookup(Mode::Normal, &n("y")), Some(Command::Reject));
        assert_eq!(km.lookup(Mode::Normal, &n("x")), None);
        assert_eq!(km.lookup(Mode::Normal, &n("j")), Some(Command::NextField));
    }

    #[test]
    fn bad_override_reports_position() {
        let err = Keymap::default_keymap()
            .with_override("(normal: [(command: Fly, keys: [])])")
            .unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("Fly"), "{err}");
    }
}
