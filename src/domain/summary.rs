//! What the queue knows of an article's annotation without holding it: its verdict, flag, time
//! spent, the extractor's lowest confidence and how many fields were corrected.

use super::annotation::{Annotation, FieldAnn, FieldState, Status};
use serde::{Deserialize, Serialize};

/// A one-line account of an annotation, for the queue, `vetter stats` and the status index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub status: Status,
    pub flagged: bool,
    /// The skip reason while skipped, else the flag's reason, if any.
    pub reason: Option<String>,
    pub active_seconds: u64,
    /// The lowest confidence of any suggestion in the annotation (sub-fields included).
    pub min_confidence: Option<f32>,
    /// Fields (sub-fields included) the reviewer corrected.
    pub corrected: u32,
    /// When the annotation was last changed (RFC 3339, as in the file).
    pub updated: String,
}

impl Summary {
    pub fn of(ann: &Annotation) -> Summary {
        let mut min_confidence: Option<f32> = None;
        let mut corrected = 0;
        let mut visit = |f: &FieldAnn| {
            if f.state == FieldState::Corrected {
                corrected += 1;
            }
            if let Some(c) = f.suggestion.as_ref().and_then(|s| s.confidence) {
                min_confidence = Some(min_confidence.map_or(c, |m| m.min(c)));
            }
        };
        for f in &ann.fields {
            visit(f);
            for sub in f.records().iter().flat_map(|r| r.fields.iter()) {
                visit(sub);
            }
        }
        let flag_reason = ann.flag.as_ref().and_then(|f| f.reason.clone());
        Summary {
            status: ann.status,
            flagged: ann.flag.is_some(),
            reason: match ann.status {
                Status::Skipped => ann.skip_reason.clone().or(flag_reason),
                _ => flag_reason,
            },
            active_seconds: ann.active_seconds,
            min_confidence,
            corrected,
            updated: ann.updated.clone(),
        }
    }

    pub fn is_finished(&self) -> bool {
        self.status.is_finished()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::annotation::{Entry, Flag, Record, Suggestion};

    fn ann() -> Annotation {
        let schema = crate::io::schema_file::default_schema();
        Annotation::new(&schema, "a1", "sha256:00", "ann", "2026-01-01T00:00:00Z")
    }

    #[test]
    fn counts_corrections_and_the_lowest_confidence_in_records_too() {
        let mut a = ann();
        let sug = |c| {
            Some(Suggestion {
                value: Entry::NotMentioned,
                confidence: Some(c),
                source: "x".into(),
            })
        };
        a.fields[0].state = FieldState::Corrected;
        a.fields[0].suggestion = sug(0.8);
        let mut sub = FieldAnn::new("name");
        sub.state = FieldState::Corrected;
        sub.suggestion = sug(0.3);
        a.fields[1].value = Entry::Records(vec![Record { fields: vec![sub] }]);
        let s = Summary::of(&a);
        assert_eq!(s.corrected, 2);
        assert_eq!(s.min_confidence, Some(0.3));
        assert!(!s.flagged && !s.is_finished());
    }

    #[test]
    fn the_reason_is_the_skip_reason_while_skipped_else_the_flags() {
        let mut a = ann();
        a.flag = Some(Flag {
            reason: Some("check the date".into()),
        });
        a.skip_reason = Some("paywall".into());
        assert_eq!(Summary::of(&a).reason.as_deref(), Some("check the date"));
        a.status = Status::Skipped;
        let s = Summary::of(&a);
        assert_eq!(s.reason.as_deref(), Some("paywall"));
        assert!(s.flagged && s.is_finished());
    }
}
