//! Calibration tables: what a rule's raw score means as a probability that a reviewer confirms
//! the value (the schema's `calibration` section, written by `vetter calibrate`).
//!
//! Tables are keyed by field path (`num_killed`, `participants.gender`), then by cue (the name a
//! rule gives the way it found a value; `""` for a rule's default cue). Under a field, the cue
//! [`POOLED`] (`"*"`) is the table of all its cues together, used for a cue without a table of its
//! own; the field [`POOLED`] holds the table of every field together, used for a field without
//! any table. A table is a list of `(raw score, probability)` points, sorted by raw score, read
//! by [`Table::map`]: linear interpolation between points, and the end points' probabilities
//! beyond them.

use super::schema::{Schema, SchemaProblem};
use std::collections::BTreeMap;

/// The key of a pooled table: every cue of a field, or (as a field) every field.
pub const POOLED: &str = "*";

/// Sorted `(raw score, probability)` points.
pub type Table = Vec<(f64, f64)>;

/// Field path, then cue, then the table.
pub type Calibration = BTreeMap<String, BTreeMap<String, Table>>;

/// The probability that `table` gives a raw score: linear interpolation between the two points
/// around it, the first (last) point's probability below (above) the table. An empty table
/// gives the raw score back.
pub fn map(table: &[(f64, f64)], raw: f64) -> f64 {
    let (Some(first), Some(last)) = (table.first(), table.last()) else {
        return raw;
    };
    if raw <= first.0 {
        return first.1;
    }
    if raw >= last.0 {
        return last.1;
    }
    // The first point at or above `raw`; it has a point before it (raw > first.0).
    let i = table.partition_point(|p| p.0 < raw);
    let ((x0, y0), (x1, y1)) = (table[i - 1], table[i]);
    if x1 <= x0 {
        return y1;
    }
    y0 + (y1 - y0) * (raw - x0) / (x1 - x0)
}

/// The table for a field path and cue: the cue's own, else the field's pooled one, else the
/// pooled table of every field; `None` when the calibration has none of them.
pub fn table_for<'a>(cal: &'a Calibration, path: &str, cue: &str) -> Option<&'a Table> {
    let field = cal.get(path);
    field
        .and_then(|f| f.get(cue))
        .or_else(|| field.and_then(|f| f.get(POOLED)))
        .or_else(|| cal.get(POOLED).and_then(|f| f.get(POOLED)))
}

/// Checks a schema's calibration tables: each names a field of the schema (or [`POOLED`]), the
/// pooled field holds only a pooled table, and each table is non-empty, with raw scores in
/// 0..=1 strictly increasing and probabilities in 0..=1.
pub fn check(schema: &Schema) -> Result<(), SchemaProblem> {
    for (path, cues) in &schema.calibration {
        let what = |cue: &str| format!("calibration table {path:?}, cue {cue:?}");
        if path != POOLED && schema.def_at(path).is_none() {
            return Err(SchemaProblem::new(format!(
                "calibration: no field {path:?} in the schema (a sub-field is group.sub)"
            )));
        }
        if path != POOLED && schema.field(path).is_some_and(|f| f.kind.is_group()) {
            return Err(SchemaProblem::new(format!(
                "calibration: {path:?} is a group; its tables go on its sub-fields ({path}.sub)"
            )));
        }
        for (cue, table) in cues {
            if path == POOLED && cue != POOLED {
                return Err(SchemaProblem::new(format!(
                    "{}: the table of every field has only the cue {POOLED:?}",
                    what(cue)
                )));
            }
            check_table(table).map_err(|m| SchemaProblem::new(format!("{}: {m}", what(cue))))?;
        }
    }
    Ok(())
}

fn check_table(table: &[(f64, f64)]) -> Result<(), String> {
    if table.is_empty() {
        return Err("no points".into());
    }
    let unit = |v: f64| (0.0..=1.0).contains(&v);
    for (i, &(raw, p)) in table.iter().enumerate() {
        let n = i + 1;
        if !unit(raw) {
            return Err(format!("point {n}: raw score {raw} is not between 0 and 1"));
        }
        if !unit(p) {
            return Err(format!("point {n}: probability {p} is not between 0 and 1"));
        }
        if i > 0 && raw <= table[i - 1].0 {
            return Err(format!(
                "point {n}: raw score {raw} does not come after {} (points are sorted by raw \
                 score, each once)",
                table[i - 1].0
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_between_points_and_clamps_outside() {
        let t = vec![(0.2, 0.1), (0.6, 0.5), (0.8, 0.9)];
        assert_eq!(map(&t, 0.0), 0.1);
        assert_eq!(map(&t, 0.2), 0.1);
        assert!((map(&t, 0.4) - 0.3).abs() < 1e-12);
        assert!((map(&t, 0.7) - 0.7).abs() < 1e-12);
        assert_eq!(map(&t, 0.6), 0.5);
        assert_eq!(map(&t, 0.95), 0.9);
        assert_eq!(map(&[(0.5, 0.25)], 0.9), 0.25);
        assert_eq!(map(&[], 0.42), 0.42);
    }

    #[test]
    fn a_cue_falls_back_to_its_field_then_to_every_field() {
        let mut cal = Calibration::new();
        let t = |p: f64| vec![(0.5, p)];
        cal.entry("num_killed".into())
            .or_default()
            .insert("silent".into(), t(0.1));
        cal.entry("num_killed".into())
            .or_default()
            .insert(POOLED.into(), t(0.2));
        cal.entry(POOLED.into())
            .or_default()
            .insert(POOLED.into(), t(0.3));
        assert_eq!(table_for(&cal, "num_killed", "silent"), Some(&t(0.1)));
        assert_eq!(table_for(&cal, "num_killed", ""), Some(&t(0.2)));
        assert_eq!(table_for(&cal, "city", ""), Some(&t(0.3)));
        assert_eq!(table_for(&Calibration::new(), "city", ""), None);
    }

    #[test]
    fn bad_tables_are_refused() {
        assert!(check_table(&[(0.1, 0.2), (0.3, 0.4)]).is_ok());
        let e = check_table(&[(0.3, 0.2), (0.1, 0.4)]).unwrap_err();
        assert!(e.contains("point 2") && e.contains("sorted"), "{e}");
        assert!(check_table(&[(0.3, 0.2), (0.3, 0.4)]).is_err());
        let e = check_table(&[(0.3, 1.5)]).unwrap_err();
        assert!(e.contains("probability 1.5"), "{e}");
        assert!(check_table(&[(-0.1, 0.5)])
            .unwrap_err()
            .contains("raw score"));
        assert!(check_table(&[(0.5, f64::NAN)]).is_err());
        assert!(check_table(&[]).is_err());
    }
}
