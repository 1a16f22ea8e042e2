//! The form as rows: each top-level field, and under a group each record's sub-fields.

use crate::domain::annotation::{Annotation, FieldAnn};
use crate::domain::schema::{FieldDef, FieldType, Schema};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A top-level field (for a group: its header).
    Field { field: usize },
    /// A sub-field of one record of a group.
    Sub {
        field: usize,
        record: usize,
        sub: usize,
    },
}

impl Row {
    pub fn field(self) -> usize {
        match self {
            Row::Field { field } | Row::Sub { field, .. } => field,
        }
    }
}

/// Every row of the form in order.
pub fn rows(schema: &Schema, ann: &Annotation) -> Vec<Row> {
    let mut out = Vec::new();
    for (fi, def) in schema.fields.iter().enumerate() {
        out.push(Row::Field { field: fi });
        if let FieldType::Group(subs) = &def.kind {
            let n = ann.field(&def.key).map_or(0, |f| f.records().len());
            for r in 0..n {
                for si in 0..subs.len() {
                    out.push(Row::Sub {
                        field: fi,
                        record: r,
                        sub: si,
                    });
                }
            }
        }
    }
    out
}

/// The schema definition of a row.
pub fn def(schema: &Schema, row: Row) -> Option<&FieldDef> {
    let top = schema.fields.get(row.field())?;
    match (row, &top.kind) {
        (Row::Field { .. }, _) => Some(top),
        (Row::Sub { sub, .. }, FieldType::Group(subs)) => subs.get(sub),
        _ => None,
    }
}

/// The path of a row as the interchange format writes it: `city`, `participants[0].name`.
pub fn path(schema: &Schema, row: Row) -> String {
    let top = schema
        .fields
        .get(row.field())
        .map_or("", |f| f.key.as_str());
    match row {
        Row::Field { .. } => top.to_string(),
        Row::Sub { record, .. } => {
            let sub = def(schema, row).map_or("", |d| d.key.as_str());
            format!("{top}[{record}].{sub}")
        }
    }
}

/// Indexes (into `rows`) of the rows whose field is unreviewed.
pub fn unreviewed(schema: &Schema, ann: &Annotation, rows: &[Row]) -> Vec<usize> {
    (0..rows.len())
        .filter(|&i| get(schema, ann, rows[i]).is_some_and(|f| !f.state.is_reviewed()))
        .collect()
}

pub fn get<'a>(schema: &Schema, ann: &'a Annotation, row: Row) -> Option<&'a FieldAnn> {
    let top = ann.field(&schema.fields.get(row.field())?.key)?;
    match row {
        Row::Field { .. } => Some(top),
        Row::Sub { record, .. } => {
            let key = &def(schema, row)?.key;
            top.records()
                .get(record)?
                .fields
                .iter()
                .find(|f| &f.key == key)
        }
    }
}

pub fn get_mut<'a>(schema: &Schema, ann: &'a mut Annotation, row: Row) -> Option<&'a mut FieldAnn> {
    let key = def(schema, row)?.key.clone();
    let top = ann.field_mut(&schema.fields.get(row.field())?.key)?;
    match row {
        Row::Field { .. } => Some(top),
        Row::Sub { record, .. } => match &mut top.value {
            crate::domain::annotation::Entry::Records(recs) => recs
                .get_mut(record)?
                .fields
                .iter_mut()
                .find(|f| f.key == key),
            _ => None,
        },
    }
}

/// Where a row with the given path now sits (after records were added or removed).
pub fn find(rows: &[Row], schema: &Schema, path_wanted: &str) -> Option<usize> {
    rows.iter().position(|r| path(schema, *r) == path_wanted)
}
