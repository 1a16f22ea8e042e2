//! Fields an older version of the schema had and the current one retired: their values stay in
//! the annotation file and are shown under the form, read-only (they are not rows: they take no
//! focus and no part in the done rule).

use crate::domain::annotation::{Annotation, Entry, FieldAnn};
use crate::domain::text::sanitize;

/// One line per retired value: `key: value (state)`, a retired sub-field as
/// `group #n key: value (state)`; a note follows its value. Sanitized.
pub fn lines(ann: &Annotation) -> Vec<String> {
    let mut out = Vec::new();
    for fa in &ann.retired {
        match &fa.value {
            Entry::Records(records) => {
                for (i, r) in records.iter().enumerate() {
                    for sub in &r.fields {
                        out.push(line(&format!("{} #{} {}", fa.key, i + 1, sub.key), sub));
                    }
                }
            }
            _ => out.push(line(&fa.key, fa)),
        }
    }
    out
}

fn line(name: &str, fa: &FieldAnn) -> String {
    let value = match &fa.value {
        Entry::Empty => "—".to_string(),
        v => v.display(),
    };
    let note = fa
        .note
        .as_ref()
        .map_or(String::new(), |n| format!(" · note: {n}"));
    sanitize(&format!("{name}: {value} ({}){note}", fa.state.label()))
}
