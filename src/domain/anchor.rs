//! Keeping evidence spans on their quotes when an article's text changes.

use super::annotation::{Annotation, FieldAnn, Span};
use super::text::slice_chars;

/// What re-anchoring did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reanchored {
    pub moved: usize,
    pub stale: usize,
}

/// Moves each span whose quote no longer sits at its offsets to the nearest place the quote occurs;
/// a span whose quote is gone is marked stale.
pub fn reanchor(ann: &mut Annotation, text: &str) -> Reanchored {
    let mut r = Reanchored::default();
    for f in &mut ann.fields {
        reanchor_field(f, text, &mut r);
    }
    r
}

fn reanchor_field(f: &mut FieldAnn, text: &str, r: &mut Reanchored) {
    for s in &mut f.evidence {
        reanchor_span(s, text, r);
    }
    if let super::annotation::Entry::Records(recs) = &mut f.value {
        for rec in recs {
            for sub in &mut rec.fields {
                reanchor_field(sub, text, r);
            }
        }
    }
}

fn reanchor_span(s: &mut Span, text: &str, r: &mut Reanchored) {
    if slice_chars(text, s.start, s.end) == s.quote {
        s.stale = false;
        return;
    }
    let n = s.quote.chars().count();
    let best = text
        .match_indices(s.quote.as_str())
        .map(|(b, _)| text[..b].chars().count())
        .min_by_key(|&c| c.abs_diff(s.start));
    match best {
        Some(start) if n > 0 => {
            s.start = start;
            s.end = start + n;
            s.stale = false;
            r.moved += 1;
        }
        _ => {
            s.stale = true;
            r.stale += 1;
        }
    }
}
