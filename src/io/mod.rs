//! Files: the article corpus, annotations on disk, the schema file, predictions, the user's
//! configuration and checking annotation files. Everything here treats file content as untrusted:
//! bad input becomes a typed error or a warning naming the file (and line:column where it applies),
//! never a panic.

pub(crate) mod article_json;
pub mod atomic;
pub mod cachefile;
pub mod config;
pub mod corpus;
pub mod journal;
pub mod json_out;
pub(crate) mod jsonl;
pub mod lock;
pub mod predictions;
pub mod schema_file;
pub mod status_index;
pub mod status_scan;
pub mod store;
pub mod stream;
pub mod team;
pub mod validate;

pub use atomic::write_atomic;
pub use config::{
    config_dir, keymap_override_path, load_config, load_config_file, resolve_reviewer, Config,
    ConfigError,
};
pub use corpus::{Corpus, CorpusError};
pub use predictions::{load_predictions, PredictionSet, PredictionsError};
pub use schema_file::{default_schema, load_schema, SchemaFileError, DEFAULT_SCHEMA};
pub use store::{parse_annotation, safe_file_name, to_ron, AnnotationStore, Stamp, StoreError};
pub use validate::{validate_dir, Problem};

/// 1-based line and column (in code points) of a byte offset in `text`. Offsets past the end or
/// inside a character are clamped back to the nearest character boundary.
pub(crate) fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    let before = &text[..b];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// ron's position of an error (1-based line and column, the column counted in code points) as a
/// 1-based line and column inside `text`, so it matches what an editor shows. ron reports 0:0 for
/// errors it could not place; those become 1:1. A column past the end of its line is clamped to
/// just after the line's last character.
pub(crate) fn ron_position(text: &str, pos: ron::error::Position) -> (usize, usize) {
    if pos.line == 0 {
        return (1, 1);
    }
    let Some(line_text) = text.split('\n').nth(pos.line - 1) else {
        return (pos.line, pos.col.max(1));
    };
    let last = line_text.chars().count() + 1;
    (pos.line, pos.col.clamp(1, last))
}

/// The message of a ron error without its position (which callers report separately).
pub(crate) fn ron_message(e: &ron::error::SpannedError) -> String {
    e.code.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_code_points() {
        let t = "ab\nçdé\nx";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 2), (1, 3));
        assert_eq!(line_col(t, 3), (2, 1));
        // 'é' starts at byte 3 + 1 ('ç' is 2 bytes) + 1 = 6.
        assert_eq!(line_col(t, 6), (2, 3));
        // Inside 'é' (byte 7) clamps back to its start.
        assert_eq!(line_col(t, 7), (2, 3));
        assert_eq!(line_col(t, 1000), (3, 2));
    }

    #[test]
    fn ron_position_counts_code_points_and_stays_on_the_line() {
        use ron::error::Position;
        let t = "ok\n\"é\" x";
        // 'x' is the 5th character of line 2 (its 6th byte).
        assert_eq!(ron_position(t, Position { line: 2, col: 5 }), (2, 5));
        assert_eq!(ron_position(t, Position { line: 2, col: 40 }), (2, 6));
        assert_eq!(ron_position(t, Position { line: 0, col: 0 }), (1, 1));
        assert_eq!(ron_position(t, Position { line: 9, col: 3 }), (9, 3));
    }
}
