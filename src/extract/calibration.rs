//! Calibration: fitting the tables that turn the rules' raw scores into probabilities that a
//! reviewer confirms a value, and applying them.
//!
//! A table is fitted by isotonic regression (weighted pool-adjacent-violators, [`isotonic`]) of
//! "correct" (0 or 1) on the raw score rounded to 2 decimals, per field path and cue
//! ([`fit`]). Each constant run of the fit is stored as its first and last raw score, so that
//! the linear interpolation of [`crate::domain::calibration::map`] gives every raw score seen in
//! fitting exactly its fitted probability, and blends between runs.

use crate::domain::calibration::{map, table_for, Calibration, Table, POOLED};
use std::collections::BTreeMap;

/// A cue (or a field) needs this many labelled suggestions for a table of its own; with fewer it
/// uses its field's pooled table (or the pooled table of every field).
pub const MIN_SUGGESTIONS: usize = 30;

/// Decimals of a table's probabilities.
const P_DECIMALS: i32 = 3;

/// Rounded to 2 decimals, as confidences are written.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// The confidence written for a raw score of field `path` (`participants.gender` for a
/// sub-field) given by `cue`: the calibration table's probability for the raw score (rounded to
/// 2 decimals first) kept within 0.01..=0.99, rounded to 2 decimals; the raw score itself,
/// rounded, when the calibration has no table for it.
pub fn confidence(cal: &Calibration, path: &str, cue: &str, raw: f64) -> f64 {
    let raw = round2(raw);
    match table_for(cal, path, cue) {
        Some(t) => round2(map(t, raw).clamp(0.01, 0.99)),
        None => raw,
    }
}

/// One labelled suggestion: its field path (`participants.gender`), its cue, its raw score and
/// whether it was right.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub field: String,
    pub cue: String,
    pub raw: f64,
    pub correct: bool,
}

/// Weighted isotonic (non-decreasing) regression by pool-adjacent-violators. `points` are
/// `(x, y, weight)` sorted by x with distinct x; the result is the fitted y of each point.
pub fn isotonic(points: &[(f64, f64, f64)]) -> Vec<f64> {
    // Blocks: (weighted mean, total weight, how many points).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(points.len());
    for &(_, y, w) in points {
        blocks.push((y, w, 1));
        while blocks.len() > 1 {
            let (y1, w1, n1) = blocks[blocks.len() - 1];
            let (y0, w0, n0) = blocks[blocks.len() - 2];
            if y0 <= y1 {
                break;
            }
            blocks.pop();
            let w = w0 + w1;
            let mean = if w > 0.0 {
                (y0 * w0 + y1 * w1) / w
            } else {
                (y0 + y1) / 2.0
            };
            *blocks.last_mut().expect("two blocks") = (mean, w, n0 + n1);
        }
    }
    blocks
        .into_iter()
        .flat_map(|(y, _, n)| std::iter::repeat_n(y, n))
        .collect()
}

/// The table of a set of (raw score, correct) pairs: raw scores rounded to 2 decimals, grouped,
/// fitted by [`isotonic`] weighted by their counts; each constant run kept as its first and last
/// raw score, probabilities rounded to 3 decimals. Empty for no pairs.
pub fn fit_table(pairs: &[(f64, bool)]) -> Table {
    // Raw scores in hundredths, to group them exactly.
    let mut groups: BTreeMap<i64, (f64, f64)> = BTreeMap::new();
    for &(raw, correct) in pairs {
        let g = groups.entry((raw * 100.0).round() as i64).or_default();
        g.0 += f64::from(u8::from(correct));
        g.1 += 1.0;
    }
    let points: Vec<(f64, f64, f64)> = groups
        .iter()
        .map(|(&x, &(k, n))| (x as f64 / 100.0, k / n, n))
        .collect();
    let fitted = isotonic(&points);
    let mut table: Table = Vec::new();
    for (i, (&(x, _, _), &y)) in points.iter().zip(&fitted).enumerate() {
        let y = round_to(y, P_DECIMALS);
        let same_before = i > 0 && round_to(fitted[i - 1], P_DECIMALS) == y;
        let same_after = fitted
            .get(i + 1)
            .is_some_and(|&n| round_to(n, P_DECIMALS) == y);
        // Inside a run only its ends are kept.
        if !(same_before && same_after) {
            table.push((x, y));
        }
    }
    table
}

/// A field's (raw score, correct) pairs per cue.
type ByCue<'a> = BTreeMap<&'a str, Vec<(f64, bool)>>;

/// The tables of a set of labelled suggestions: per field with at least [`MIN_SUGGESTIONS`], its
/// pooled table (cue [`POOLED`]), and when it has more than one cue, a table per cue with at
/// least [`MIN_SUGGESTIONS`]; and the pooled table of every field. The same samples in any
/// order give the same tables.
pub fn fit(samples: &[Sample]) -> Calibration {
    let mut by_field: BTreeMap<&str, ByCue> = BTreeMap::new();
    for s in samples {
        by_field
            .entry(s.field.as_str())
            .or_default()
            .entry(s.cue.as_str())
            .or_default()
            .push((s.raw, s.correct));
    }
    let mut cal = Calibration::new();
    for (field, cues) in &by_field {
        let all: Vec<(f64, bool)> = cues.values().flatten().copied().collect();
        if all.len() < MIN_SUGGESTIONS {
            continue;
        }
        let tables = cal.entry(field.to_string()).or_default();
        tables.insert(POOLED.to_string(), fit_table(&all));
        if cues.len() > 1 {
            for (cue, pairs) in cues.iter().filter(|(_, p)| p.len() >= MIN_SUGGESTIONS) {
                tables.insert(cue.to_string(), fit_table(pairs));
            }
        }
    }
    let every: Vec<(f64, bool)> = samples.iter().map(|s| (s.raw, s.correct)).collect();
    if !every.is_empty() {
        cal.entry(POOLED.to_string())
            .or_default()
            .insert(POOLED.to_string(), fit_table(&every));
    }
    cal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
    }

    #[test]
    fn pav_pools_violators() {
        // Already non-decreasing: unchanged.
        let p = [(0.1, 0.0, 1.0), (0.2, 0.5, 1.0), (0.3, 1.0, 1.0)];
        assert!(close(&isotonic(&p), &[0.0, 0.5, 1.0]));
        // 1, 0 pool to 0.5; then 0.5 <= 1 stays.
        let p = [(0.1, 1.0, 1.0), (0.2, 0.0, 1.0), (0.3, 1.0, 1.0)];
        assert!(close(&isotonic(&p), &[0.5, 0.5, 1.0]));
        // A violation that reaches back: 0.2, 0.6, 0.4 -> 0.2, 0.5, 0.5; then 0.1 pools all
        // three of the last: (0.6 + 0.4 + 0.1) / 3 = 0.366.., above 0.2.
        let p = [
            (1.0, 0.2, 1.0),
            (2.0, 0.6, 1.0),
            (3.0, 0.4, 1.0),
            (4.0, 0.1, 1.0),
        ];
        let t = 1.1 / 3.0;
        assert!(close(&isotonic(&p), &[0.2, t, t, t]));
    }

    #[test]
    fn pav_weighs_points() {
        // 0.9 with weight 3 and 0.1 with weight 1 pool to (2.7 + 0.1) / 4 = 0.7.
        let p = [(0.1, 0.9, 3.0), (0.2, 0.1, 1.0)];
        assert!(close(&isotonic(&p), &[0.7, 0.7]));
    }

    #[test]
    fn a_table_keeps_the_ends_of_runs() {
        // raw 0.2: 1 of 4 right; 0.4: 3 of 4; 0.5: 1 of 4 (pools with 0.4 to 0.5); 0.9: 4 of 4.
        let mut pairs = Vec::new();
        for (raw, right) in [(0.2, 1), (0.4, 3), (0.5, 1), (0.9, 4)] {
            for i in 0..4 {
                pairs.push((raw, i < right));
            }
        }
        let t = fit_table(&pairs);
        assert_eq!(t, vec![(0.2, 0.25), (0.4, 0.5), (0.5, 0.5), (0.9, 1.0)]);
        // Three runs of one value: the middle one goes.
        let pairs = [(0.1, true), (0.2, true), (0.3, true)];
        assert_eq!(fit_table(&pairs), vec![(0.1, 1.0), (0.3, 1.0)]);
        assert!(fit_table(&[]).is_empty());
    }

    #[test]
    fn tables_per_cue_when_a_field_has_several() {
        let s = |field: &str, cue: &str, raw: f64, correct: bool| Sample {
            field: field.into(),
            cue: cue.into(),
            raw,
            correct,
        };
        let mut samples = Vec::new();
        for i in 0..40 {
            samples.push(s("num_killed", "", 0.8, i % 4 != 0));
            samples.push(s("num_killed", "silent", 0.5, i % 2 == 0));
            samples.push(s("city", "", 0.7, true));
        }
        samples.push(s("num_killed", "rare", 0.9, false));
        samples.push(s("state", "", 0.9, false));
        let cal = fit(&samples);
        let nk = &cal["num_killed"];
        assert_eq!(nk[""], vec![(0.8, 0.75)]);
        assert_eq!(nk["silent"], vec![(0.5, 0.5)]);
        assert!(!nk.contains_key("rare"), "too few for a table");
        assert!(nk.contains_key(POOLED));
        assert_eq!(cal["city"].keys().collect::<Vec<_>>(), vec![POOLED]);
        assert!(!cal.contains_key("state"), "too few for a table");
        assert!(cal[POOLED].contains_key(POOLED));
        // The order of the samples does not matter.
        samples.reverse();
        assert_eq!(fit(&samples), cal);
    }

    #[test]
    fn confidence_maps_rounds_and_keeps_away_from_0_and_1() {
        let mut cal = Calibration::new();
        cal.entry("city".into())
            .or_default()
            .insert(POOLED.into(), vec![(0.2, 0.0), (0.6, 0.5), (0.8, 1.0)]);
        assert_eq!(confidence(&cal, "city", "", 0.4), 0.25);
        assert_eq!(confidence(&cal, "city", "", 0.1), 0.01);
        assert_eq!(confidence(&cal, "city", "x", 0.9), 0.99);
        // Raw 0.704 is read as 0.70: 0.75.
        assert_eq!(confidence(&cal, "city", "", 0.704), 0.75);
        // No table: the raw score, rounded.
        assert_eq!(confidence(&cal, "state", "", 0.456), 0.46);
    }
}
