//! What a user can bind a key to. Internal messages live in `action`.

use serde::{Deserialize, Serialize};

/// The input modes; each has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mode {
    Normal,
    Edit,
    Picker,
    Search,
    Help,
    Confirm,
    /// Quitting with annotations that could not be saved.
    Unsaved,
    /// The queue screen: the whole corpus as a list.
    Queue,
    /// A one-line prompt: go to an article, a skip or flag reason, the article's note, a filter.
    Prompt,
}

impl Mode {
    pub const ALL: [Mode; 9] = [
        Mode::Normal,
        Mode::Edit,
        Mode::Picker,
        Mode::Search,
        Mode::Help,
        Mode::Confirm,
        Mode::Unsaved,
        Mode::Queue,
        Mode::Prompt,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Mode::Normal => "review",
            Mode::Edit => "edit",
            Mode::Picker => "pick",
            Mode::Search => "search",
            Mode::Help => "help",
            Mode::Confirm => "confirm",
            Mode::Unsaved => "unsaved",
            Mode::Queue => "queue",
            Mode::Prompt => "prompt",
        }
    }
}

macro_rules! commands {
    ($($name:ident => $short:literal, $long:literal;)*) => {
        /// A user-bindable command.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Command { $($name),* }

        impl Command {
            /// A word or two for the hint bar.
            pub fn short(self) -> &'static str {
                match self { $(Command::$name => $short),* }
            }
            /// A sentence for the help screen.
            pub fn describe(self) -> &'static str {
                match self { $(Command::$name => $long),* }
            }
        }
    };
}

commands! {
    NextField => "next", "Next field";
    PrevField => "prev", "Previous field";
    Confirm => "confirm", "Confirm the focused field as it is and move to the next";
    Edit => "edit", "Edit the focused value (enum and multi fields open a picker)";
    Reject => "reject", "Reject: the field becomes \"not mentioned\"";
    Undo => "undo", "Undo the last change to this article's annotation";
    Redo => "redo", "Redo what was undone";
    ConfirmAll => "confirm all", "Confirm every unreviewed field that has a suggestion";
    AddRecord => "add", "On a group: add a record";
    DeleteRecord => "delete", "On a group record: delete it (asks to confirm)";
    ScrollDown => "scroll", "Scroll the article down a line";
    ScrollUp => "scroll up", "Scroll the article up a line";
    PageDown => "page", "Scroll the article down a page";
    PageUp => "page up", "Scroll the article up a page";
    HalfPageDown => "half page", "Scroll the article down half a page";
    HalfPageUp => "half page up", "Scroll the article up half a page";
    Search => "search", "Search the article";
    NextMatch => "next match", "Go to the next search match";
    PrevMatch => "prev match", "Go to the previous search match";
    SetEvidence => "evidence", "Set the focused field's evidence to the current search match";
    MarkDone => "done", "Mark the article done (every field reviewed) and open the next unfinished article";
    Skip => "skip", "Skip the article (asks for an optional reason) and open the next unfinished one";
    NotRelevant => "not relevant", "The article reports no incident: mark it not relevant and open the next";
    RejectRest => "reject rest", "Mark every unreviewed field \"not mentioned\" (one undoable step)";
    NextUnreviewed => "next unreviewed", "Jump to the next unreviewed field";
    Top => "top", "Go to the first field (in the queue: the first row)";
    Bottom => "bottom", "Go to the last field (in the queue: the last row)";
    Note => "note", "Write a note on the focused field (an empty note removes it)";
    ArticleNote => "article note", "Write a note on the whole article (an empty note removes it)";
    Flag => "flag", "Flag the article for a second look, with an optional reason (again to unflag)";
    Queue => "queue", "Open the queue: every article of the corpus, with filters and sorting";
    GoTo => "go to", "Go to an article by position number or id (or a unique prefix of one)";
    QueueSort => "sort", "Sort the queue: corpus order, least confident first, last edited";
    QueueFilterStatus => "status filter", "Show only articles of one status (cycles)";
    QueueFilterFlag => "flag filter", "Show only flagged articles (again for all)";
    QueueFilterText => "filter", "Filter the queue by text in the id or title";
    NextArticle => "next article", "Open the next article";
    PrevArticle => "prev article", "Open the previous article";
    Help => "help", "Show every key of the current mode";
    Quit => "quit", "Save and quit";
    Commit => "ok", "Commit the value or query";
    Cancel => "cancel", "Cancel and keep the old value";
    CursorLeft => "left", "Move the cursor one character left";
    CursorRight => "right", "Move the cursor one character right";
    CursorHome => "home", "Move the cursor to the start";
    CursorEnd => "end", "Move the cursor to the end";
    DeleteBack => "delete back", "Delete the character before the cursor";
    DeleteForward => "delete", "Delete the character under the cursor";
    ClearInput => "clear", "Clear the input";
    PickDown => "down", "Move to the next choice";
    PickUp => "up", "Move to the previous choice";
    PickToggle => "toggle", "Toggle the choice (multi fields)";
    RetrySave => "retry", "Try to save the unsaved annotations again";
    WriteRecovery => "recovery file", "Write the unsaved annotations to recovery files, then quit";
    QuitAnyway => "quit anyway", "Quit without saving (asks again)";
    Yes => "yes", "Yes, do it";
    No => "no", "No, keep it";
    Take => "take", "Adjudicating: take reviewer N's value with its evidence (a group: their records)";
    CompareReviewer => "compare", "Adjudicating: show the next reviewer's value, its evidence highlighted";
}

impl Command {
    /// Commands that do something only while adjudicating (left out of review's hint bar).
    pub fn adjudicating_only(self) -> bool {
        matches!(self, Command::Take | Command::CompareReviewer)
    }

    /// The hint bar's word or two for this command in `mode`: some commands are shared by modes
    /// where they mean different things (Enter opens an article in the queue).
    pub fn short_in(self, mode: Mode) -> &'static str {
        match (mode, self) {
            (Mode::Queue, Command::Commit) => "open",
            (Mode::Queue, Command::Cancel) => "back",
            (Mode::Queue, Command::PickDown) => "down",
            (Mode::Queue, Command::PickUp) => "up",
            (Mode::Queue, Command::PageDown) => "page",
            (Mode::Queue, Command::PageUp) => "page up",
            _ => self.short(),
        }
    }
    /// The help screen's sentence for this command in `mode`.
    pub fn describe_in(self, mode: Mode) -> &'static str {
        match (mode, self) {
            (Mode::Queue, Command::Commit) => "Open the article under the cursor",
            (Mode::Queue, Command::Cancel) => "Back to the review, on the same article and field",
            (Mode::Queue, Command::PickDown) => "Next row",
            (Mode::Queue, Command::PickUp) => "Previous row",
            (Mode::Queue, Command::PageDown) => "A page down",
            (Mode::Queue, Command::PageUp) => "A page up",
            (Mode::Queue, Command::Top) => "First row",
            (Mode::Queue, Command::Bottom) => "Last row",
            (Mode::Prompt, Command::Commit) => "Use what was typed (go to, reason, note, filter)",
            (Mode::Prompt, Command::Cancel) => "Close the prompt; nothing changes",
            (Mode::Help, Command::PickDown) => "Scroll down",
            (Mode::Help, Command::PickUp) => "Scroll up",
            (Mode::Help, Command::Cancel) => "Close the help",
            _ => self.describe(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_commands_say_what_they_do_in_the_queue() {
        assert_eq!(Command::Commit.short_in(Mode::Queue), "open");
        assert_eq!(Command::Commit.short_in(Mode::Edit), "ok");
        assert_eq!(
            Command::Commit.describe_in(Mode::Queue),
            "Open the article under the cursor"
        );
        assert_eq!(Command::PickDown.describe_in(Mode::Queue), "Next row");
        assert_eq!(
            Command::PickDown.describe_in(Mode::Picker),
            Command::PickDown.describe()
        );
    }
}
