//! Date mentions read from an article's tokens: month names with a day, weekdays, relative days,
//! and numeric dates, each with the sentence it is told in.

use super::{ymd, DateRule, Mention, What};
use crate::extract::doc::{Doc, Kind};

/// A number token's value, if it is all digits (an ordinal suffix is allowed: "9th").
pub(super) fn num(doc: &Doc, i: usize) -> Option<u32> {
    if doc.kind(i) != Some(Kind::Num) {
        return None;
    }
    let w = doc.word(i);
    let digits: &str = &w[..w.bytes().take_while(u8::is_ascii_digit).count()];
    let rest = &w[digits.len()..];
    if !(rest.is_empty()
        || matches!(
            rest.to_ascii_lowercase().as_str(),
            "st" | "nd" | "rd" | "th"
        ))
    {
        return None;
    }
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    digits.parse().ok()
}

/// Whether token `i` directly follows the one before it (no space).
fn glued(doc: &Doc, i: usize) -> bool {
    match (
        i.checked_sub(1).and_then(|p| doc.toks.get(p)),
        doc.toks.get(i),
    ) {
        (Some(a), Some(b)) => a.b1 == b.b0,
        _ => false,
    }
}

impl DateRule {
    pub(super) fn mentions(&self, doc: &Doc, years: &mut Vec<i32>) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut used_weekday = Vec::new();
        let mut last_t0 = usize::MAX;
        for (h, m) in doc.all(self.months) {
            let t0 = h.t0 as usize;
            if t0 == last_t0 {
                continue;
            }
            last_t0 = t0;
            let mut i = h.t1 as usize;
            if doc.is(i, ".") && glued(doc, i) {
                i += 1;
            }
            let Some(d) = num(doc, i).filter(|d| (1..=31).contains(d)) else {
                // "May 2020": a year, no day.
                if let Some(y) = num(doc, i).filter(|y| (1800..=2200).contains(y)) {
                    years.push(y as i32);
                }
                continue;
            };
            if doc.is(i + 1, ":") || doc.word(i).len() > 4 {
                continue;
            }
            let mut t1 = i + 1;
            let mut y = None;
            let j = if doc.is(t1, ",") { t1 + 1 } else { t1 };
            if let Some(v) =
                num(doc, j).filter(|v| (1800..=2200).contains(v) && doc.word(j).len() == 4)
            {
                y = Some(v as i32);
                years.push(v as i32);
                t1 = j + 1;
            }
            // "Monday, July 25": the weekday before.
            let mut start = t0;
            let mut wd = None;
            let k = if t0 > 0 && doc.is(t0 - 1, ",") {
                t0 - 1
            } else {
                t0
            };
            if let Some((wh, w)) = doc.ending_at(k, self.weekdays) {
                wd = Some(w as u8);
                start = wh.t0 as usize;
                used_weekday.push(start);
            }
            out.push(Mention {
                t0: start,
                t1,
                what: What::Day {
                    y,
                    m: (m + 1) as u8,
                    d: d as u8,
                    wd,
                },
            });
        }
        self.numeric(doc, years, &mut out);
        let mut prev = usize::MAX;
        for (h, w) in doc.all(self.weekdays) {
            let t0 = h.t0 as usize;
            if t0 == prev || used_weekday.contains(&t0) {
                continue;
            }
            prev = t0;
            let last = t0 > 0
                && doc
                    .at(t0 - 1, self.last)
                    .is_some_and(|(l, _)| l.t1 as usize == t0);
            out.push(Mention {
                t0: if last { t0 - 1 } else { t0 },
                t1: h.t1 as usize,
                what: What::Weekday { wd: w as u8, last },
            });
        }
        let mut prev = usize::MAX;
        for (h, e) in doc.all(self.relative) {
            if h.t0 as usize == prev {
                continue;
            }
            prev = h.t0 as usize;
            let (days, weight) = self.rel.get(e as usize).copied().unwrap_or((0, 0.5));
            out.push(Mention {
                t0: h.t0 as usize,
                t1: h.t1 as usize,
                what: What::Relative { days, weight },
            });
        }
        out
    }

    /// "2016-07-07" and "7/7/2016" (also "7/7/16").
    fn numeric(&self, doc: &Doc, years: &mut Vec<i32>, out: &mut Vec<Mention>) {
        for i in 0..doc.len() {
            if doc.toks[i].kind != Kind::Num {
                continue;
            }
            let Some(a) = num(doc, i) else { continue };
            if doc.word(i).len() == 4 && (1800..=2200).contains(&a) {
                years.push(a as i32);
            }
            let sep = doc.word(i + 1);
            if !(sep == "-" || sep == "/") || !glued(doc, i + 1) || !glued(doc, i + 2) {
                continue;
            }
            if doc.word(i + 3) != sep || !glued(doc, i + 3) || !glued(doc, i + 4) {
                continue;
            }
            let (Some(b), Some(c)) = (num(doc, i + 2), num(doc, i + 4)) else {
                continue;
            };
            let (y, m, d) = if sep == "-" && doc.word(i).len() == 4 {
                (a as i32, b, c)
            } else if sep == "/" && doc.word(i + 4).len() == 4 {
                (c as i32, a, b)
            } else if sep == "/" && doc.word(i + 4).len() == 2 {
                (2000 + c as i32, a, b)
            } else {
                continue;
            };
            if ymd(y, m as u8, d as u8).is_some() {
                out.push(Mention {
                    t0: i,
                    t1: i + 5,
                    what: What::Day {
                        y: Some(y),
                        m: m as u8,
                        d: d as u8,
                        wd: None,
                    },
                });
            }
        }
    }
}
