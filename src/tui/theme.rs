//! Styles that read on dark and light terminals; modifiers only when `NO_COLOR` is set.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (see no-color.org).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color {
            colored
        } else {
            plain
        }
    }

    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// The focused field's evidence.
    pub fn evidence_focus(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Yellow),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }
    /// Other fields' evidence: quieter.
    pub fn evidence_other(&self) -> Style {
        self.pick(
            Style::new()
                .add_modifier(Modifier::UNDERLINED)
                .fg(Color::Cyan),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )
    }
    pub fn search_match(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Cyan),
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
        )
    }
    pub fn search_current(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Magenta),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
        )
    }
    pub fn focus_row(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn ok(&self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }
    pub fn warn(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn error(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }
    pub fn key(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
}
