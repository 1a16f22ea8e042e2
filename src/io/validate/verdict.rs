//! The article's verdict as the file states it: a status and what goes with it, in the format
//! version the file says it has.

use crate::domain::annotation::{Annotation, Status, OLDEST_FORMAT};

/// What is inconsistent in an annotation's verdict: each problem with the top-level key to find
/// in the file to place it.
pub(super) fn problems(ann: &Annotation) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let old = ann.format == OLDEST_FORMAT;
    if ann.status == Status::Flagged && !old {
        out.push((
            "status:",
            format!(
                "status Flagged is format {OLDEST_FORMAT}'s; format {} flags with `flag: Some(())` beside the status",
                ann.format
            ),
        ));
    }
    if old {
        let newer = [
            ("skip_reason:", ann.skip_reason.is_some()),
            ("flag:", ann.flag.is_some()),
            ("note:", ann.note.is_some()),
            ("status:", ann.status == Status::NotRelevant),
        ];
        for (needle, present) in newer {
            if present {
                let what = needle.trim_end_matches(':');
                let what = if what == "status" {
                    "status NotRelevant"
                } else {
                    what
                };
                out.push((
                    needle,
                    format!("{what} needs format 2; the file says format {OLDEST_FORMAT}"),
                ));
            }
        }
    }
    if ann.skip_reason.is_some() && ann.status != Status::Skipped {
        out.push((
            "skip_reason:",
            format!(
                "a skip reason on an article whose status is {:?}, not Skipped",
                ann.status
            ),
        ));
    }
    out
}
