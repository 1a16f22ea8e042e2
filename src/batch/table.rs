//! Plain-text tables for the batch commands' reports.

use crate::domain::text::{sanitize_line, width};

/// Rows as lines: the columns `left` left-aligned, the others right-aligned, each cell made safe
/// to print before it is measured.
pub fn aligned(rows: &[Vec<String>], left: &[usize]) -> Vec<String> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| sanitize_line(c).into_owned()).collect())
        .collect();
    let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            cells
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| width(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    cells
        .iter()
        .map(|row| {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let pad = " ".repeat(widths[i].saturating_sub(width(cell)));
                if i > 0 {
                    line.push_str("  ");
                }
                if left.contains(&i) {
                    line.push_str(cell);
                    line.push_str(&pad);
                } else {
                    line.push_str(&pad);
                    line.push_str(cell);
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}
