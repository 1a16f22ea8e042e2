//! The reliability diagram of `vetter eval --calibration --plot FILE.svg`: hand-written SVG, one
//! panel per field with enough suggestions (and one for all of them), each with predicted
//! confidence across, observed accuracy up, the diagonal of perfect calibration, and one bar per
//! bin of confidence (its height the bin's accuracy, a dot at its mean confidence) with its count.

use super::calibration::Row;
use std::fmt::Write;

/// A field gets a panel when it has at least this many suggestions (the `all` panel is always
/// drawn).
pub const MIN_PANEL: usize = 200;

const SIZE: f64 = 200.0;
const LEFT: f64 = 44.0;
const TOP: f64 = 40.0;
const PANEL_W: f64 = SIZE + LEFT + 16.0;
const PANEL_H: f64 = SIZE + TOP + 36.0;
const COLUMNS: usize = 3;
/// Room for the title and legend, and the least width that shows the legend whole.
const HEAD: f64 = 38.0;
const MIN_WIDTH: f64 = 560.0;
const STYLE: &str = "<style>.bin rect{fill:#4c78a8;fill-opacity:0.75}.bin circle{fill:#e45756}\
    .bin text{font-size:8px;text-anchor:middle}.m{text-anchor:middle}.e{text-anchor:end}</style>\n";

/// Text made safe inside SVG text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The diagram of `rows` (as [`super::calibration::rows`] gives them, `all` last): the `all`
/// panel first, then every field with at least `min` suggestions, three panels a line.
pub fn svg(rows: &[Row], min: usize) -> String {
    let mut panels: Vec<&Row> = rows.iter().filter(|r| r.field == "all").collect();
    panels.extend(rows.iter().filter(|r| r.field != "all" && r.n >= min));
    let cols = panels.len().clamp(1, COLUMNS);
    let lines = panels.len().div_ceil(COLUMNS).max(1);
    let w = (cols as f64 * PANEL_W).max(MIN_WIDTH);
    let h = lines as f64 * PANEL_H + HEAD;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="10">"#
    );
    s.push_str(STYLE);
    let _ = writeln!(
        s,
        r##"<rect width="{w}" height="{h}" fill="#ffffff"/><text x="8" y="16" font-size="12" font-weight="bold">Reliability diagram</text><text x="8" y="30">bars: observed accuracy per bin of predicted confidence; dot: the bin's mean confidence; number: its suggestions</text>"##
    );
    for (i, row) in panels.iter().enumerate() {
        let x = (i % COLUMNS) as f64 * PANEL_W;
        let y = HEAD + (i / COLUMNS) as f64 * PANEL_H;
        panel(&mut s, row, x, y);
    }
    s.push_str("</svg>\n");
    s
}

fn panel(s: &mut String, row: &Row, x: f64, y: f64) {
    let field = escape(&row.field);
    let _ = writeln!(
        s,
        r#"<g class="panel" data-field="{field}" transform="translate({x},{y})">"#
    );
    let _ = writeln!(
        s,
        r#"<text x="{LEFT}" y="14" font-size="11" font-weight="bold">{field}</text><text x="{}" y="26">n = {}, ECE = {:.3}</text>"#,
        LEFT, row.n, row.ece
    );
    let (x0, y0) = (LEFT, TOP);
    let px = |v: f64| x0 + v * SIZE;
    let py = |v: f64| y0 + (1.0 - v) * SIZE;
    let _ = writeln!(
        s,
        r##"<rect class="frame" x="{x0}" y="{y0}" width="{SIZE}" height="{SIZE}" fill="none" stroke="#888888"/>"##
    );
    for t in [0.0, 0.5, 1.0] {
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" class="m">{t}</text><text x="{}" y="{}" class="e">{t}</text>"#,
            px(t),
            y0 + SIZE + 12.0,
            x0 - 4.0,
            py(t) + 3.0
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" class="m">confidence</text><text transform="translate({},{}) rotate(-90)" class="m">accuracy</text>"#,
        px(0.5),
        y0 + SIZE + 26.0,
        x0 - 28.0,
        py(0.5)
    );
    for b in &row.bins {
        let (bx, bw) = (px(b.lo) + 1.0, (b.hi - b.lo) * SIZE - 2.0);
        let top = py(b.accuracy);
        let _ = write!(
            s,
            r#"<g class="bin" data-lo="{}" data-n="{}"><rect x="{bx:.1}" y="{top:.1}" width="{bw:.1}" height="{:.1}"/>"#,
            b.lo,
            b.n,
            py(0.0) - top
        );
        if b.n > 0 {
            let _ = write!(
                s,
                r#"<circle cx="{:.1}" cy="{top:.1}" r="2.5"/>"#,
                px(b.confidence)
            );
        }
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}">{}</text></g>"#,
            bx + bw / 2.0,
            (top - 3.0).max(y0 - 1.0),
            b.n
        );
    }
    let _ = writeln!(
        s,
        r##"<line class="diagonal" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333333" stroke-dasharray="4 3"/>"##,
        px(0.0),
        py(0.0),
        px(1.0),
        py(1.0)
    );
    s.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_forbidden_characters() {
        assert_eq!(escape(r#"a<b>&"c'"#), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(escape("x\u{1b}y"), "x\u{FFFD}y");
    }
}
