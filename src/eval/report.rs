//! The evaluation report: its rows, the terminal table and the JSON for machines.

use super::counts::Counts;
use crate::domain::schema::Schema;
use crate::domain::text::sanitize_line as show;
use serde_json::{json, Value as J};
use std::fmt::Write as _;

/// How many ids a warning lists before it counts the rest.
const MAX_IDS: usize = 10;

/// Which articles were scored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleCounts {
    /// Distinct gold article ids.
    pub gold: usize,
    /// Distinct predicted article ids.
    pub predicted: usize,
    /// Ids on both sides: the articles scored.
    pub matched: usize,
    /// Gold ids without a prediction (not scored), in gold order.
    pub gold_only: Vec<String>,
    /// Predicted ids without gold (not scored), in prediction order.
    pub predicted_only: Vec<String>,
    /// Scored ids without an article text (left out of the supported view), when texts are given.
    pub without_text: Vec<String>,
}

/// One row: a field, a group's records (the row named by the group key) or a group's sub-field
/// (`group.sub`).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldReport {
    pub field: String,
    /// The schema type: text, integer, date, boolean, enum, multi or group.
    pub kind: &'static str,
    /// Over all gold values.
    pub all: Counts,
    /// Over the gold values the article text supports; `None` when no texts were available.
    pub supported: Option<Counts>,
}

/// Where the inputs came from, for the report's header (set by [`super::run`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sources {
    pub gold: String,
    pub predictions: String,
    pub texts: Option<String>,
}

/// The result of an evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub schema: String,
    pub sources: Sources,
    pub articles: ArticleCounts,
    /// Whether the supported view was computed (article texts were available).
    pub supported_computed: bool,
    /// In schema order; a group's records row is followed by its sub-fields.
    pub fields: Vec<FieldReport>,
    /// Every row's counts summed (a micro average over all rows).
    pub micro: FieldReport,
    pub warnings: Vec<String>,
}

fn list_ids(ids: &[String]) -> String {
    let shown: Vec<&str> = ids.iter().take(MAX_IDS).map(String::as_str).collect();
    let more = ids.len().saturating_sub(MAX_IDS);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("{}{tail}", shown.join(", "))
}

impl Report {
    pub(crate) fn new(
        schema: &Schema,
        articles: ArticleCounts,
        fields: Vec<FieldReport>,
        supported_computed: bool,
        mut warnings: Vec<String>,
    ) -> Report {
        let mut micro = FieldReport {
            field: "micro".into(),
            kind: "all",
            all: Counts::default(),
            supported: supported_computed.then(Counts::default),
        };
        for f in &fields {
            micro.all.add(&f.all);
            if let (Some(m), Some(s)) = (micro.supported.as_mut(), f.supported.as_ref()) {
                m.add(s);
            }
        }
        let mut head = Vec::new();
        if articles.matched == 0 {
            head.push("no gold article has a prediction: every gold value is missed".to_string());
        }
        if !articles.gold_only.is_empty() {
            head.push(format!(
                "{} gold article(s) have no prediction and are scored as predicting nothing: {}",
                articles.gold_only.len(),
                list_ids(&articles.gold_only)
            ));
        }
        if !articles.predicted_only.is_empty() {
            head.push(format!(
                "{} predicted article(s) have no gold and are not scored: {}",
                articles.predicted_only.len(),
                list_ids(&articles.predicted_only)
            ));
        }
        if !articles.without_text.is_empty() {
            head.push(format!(
                "{} scored article(s) have no text and are left out of the supported view: {}",
                articles.without_text.len(),
                list_ids(&articles.without_text)
            ));
        }
        warnings.splice(0..0, head);
        Report {
            schema: schema.name.clone(),
            sources: Sources::default(),
            articles,
            supported_computed,
            fields,
            micro,
            warnings,
        }
    }

    /// The row of a field (`"city"`, `"participants"`, `"participants.age"`, or `"micro"`).
    pub fn row(&self, field: &str) -> Option<&FieldReport> {
        if field == "micro" {
            return Some(&self.micro);
        }
        self.fields.iter().find(|f| f.field == field)
    }

    /// The report for machines. Stable keys:
    ///
    /// ```text
    /// { "schema": name,
    ///   "sources": {"gold": path, "predictions": path, "texts": path | null},
    ///   "articles": {"gold": n, "predicted": n, "matched": n,
    ///                "gold_only": [id], "predicted_only": [id], "without_text": [id]},
    ///   "supported_computed": bool,
    ///   "fields": [ROW, ...],       // schema order; a group row is followed by its sub-fields
    ///   "micro": ROW,               // every row summed; "field": "micro", "type": "all"
    ///   "warnings": [text] }
    /// ROW    = {"field": "city" | "participants" | "participants.age", "type": schema type,
    ///           "all": COUNTS, "supported": COUNTS | null}
    /// COUNTS = {"n_gold", "n_pred", "tp", "fp", "fn", "accuracy_n", "exact": integers,
    ///           "precision", "recall", "f1", "accuracy": number in 0..=1, or null when undefined}
    /// ```
    pub fn to_json(&self) -> J {
        let row = |f: &FieldReport| {
            json!({
                "field": f.field,
                "type": f.kind,
                "all": counts_json(&f.all),
                "supported": f.supported.as_ref().map(counts_json),
            })
        };
        json!({
            "schema": self.schema,
            "sources": {
                "gold": self.sources.gold,
                "predictions": self.sources.predictions,
                "texts": self.sources.texts,
            },
            "articles": {
                "gold": self.articles.gold,
                "predicted": self.articles.predicted,
                "matched": self.articles.matched,
                "gold_only": self.articles.gold_only,
                "predicted_only": self.articles.predicted_only,
                "without_text": self.articles.without_text,
            },
            "supported_computed": self.supported_computed,
            "fields": self.fields.iter().map(row).collect::<Vec<_>>(),
            "micro": row(&self.micro),
            "warnings": self.warnings,
        })
    }

    /// The report for people: a header, one table row per field, and the warnings. File names,
    /// field names and warnings (which quote ids and values) pass through the display sanitizer.
    pub fn to_table(&self) -> String {
        let mut s = String::new();
        let a = &self.articles;
        if !self.sources.gold.is_empty() {
            let _ = writeln!(s, "gold:        {}", show(&self.sources.gold));
            let _ = writeln!(s, "predictions: {}", show(&self.sources.predictions));
            if let Some(t) = &self.sources.texts {
                let _ = writeln!(s, "texts:       {}", show(t));
            }
        }
        let _ = writeln!(
            s,
            "articles:    {} gold, {} predicted, {} with both; schema {}",
            a.gold,
            a.predicted,
            a.matched,
            show(&self.schema)
        );
        let _ = writeln!(s);
        let width = self
            .fields
            .iter()
            .map(|f| show(&f.field).chars().count())
            .chain([5, 5])
            .max()
            .unwrap_or(5);
        let group = |label: &str| format!("{label:─<34}");
        let _ = write!(s, "{:width$}  {}", "", group("all gold values "));
        if self.supported_computed {
            let _ = write!(s, "   {}", group("gold the text supports "));
        }
        let _ = writeln!(s);
        let heads = format!(
            "{:>6} {:>6} {:>6} {:>6} {:>6}",
            "n gold", "prec", "rec", "F1", "acc"
        );
        let _ = write!(s, "{:width$}  {heads}", "field");
        if self.supported_computed {
            let _ = write!(s, "   {heads}");
        }
        let _ = writeln!(s);
        let empty = |f: &FieldReport| f.all == Counts::default();
        for f in self
            .fields
            .iter()
            .filter(|f| !empty(f))
            .chain([&self.micro])
        {
            if std::ptr::eq(f, &self.micro) {
                let _ = writeln!(
                    s,
                    "{}",
                    "─".repeat(width + 36 + 37 * usize::from(self.supported_computed))
                );
            }
            let name = show(&f.field);
            let _ = write!(s, "{name:width$}  {}", counts_cells(&f.all));
            if let Some(c) = &f.supported {
                let _ = write!(s, "   {}", counts_cells(c));
            }
            let _ = writeln!(s);
        }
        let _ = writeln!(s);
        let unscored: Vec<_> = self
            .fields
            .iter()
            .filter(|f| empty(f))
            .map(|f| show(&f.field))
            .collect();
        if !unscored.is_empty() {
            let _ = writeln!(
                s,
                "Not scored, gold has no value for them (not shown): {}",
                unscored.join(", ")
            );
        }
        let _ = writeln!(
            s,
            "prec = TP/(TP+FP)   rec = TP/(TP+FN)   F1 = 2TP/(2TP+FP+FN)   — = undefined\n\
             acc = exact matches over the items where gold has the field (null included)"
        );
        if self.supported_computed {
            let _ = writeln!(
                s,
                "supported = gold values the article states: names and places in its words,\n\
                 dates by day or weekday, numbers in digits or words; null counts as stated"
            );
        } else {
            let _ = writeln!(
                s,
                "The text-supported columns are not computed: no article texts (give --corpus)."
            );
        }
        for w in &self.warnings {
            let _ = writeln!(s, "warning: {}", show(w));
        }
        s
    }
}

fn counts_json(c: &Counts) -> J {
    json!({
        "n_gold": c.n_gold,
        "n_pred": c.n_pred,
        "tp": c.tp,
        "fp": c.fp,
        "fn": c.fn_,
        "accuracy_n": c.acc_n,
        "exact": c.acc_correct,
        "precision": c.precision(),
        "recall": c.recall(),
        "f1": c.f1(),
        "accuracy": c.accuracy(),
    })
}

fn counts_cells(c: &Counts) -> String {
    let cell = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |x| format!("{x:.3}"));
    format!(
        "{:>6} {:>6} {:>6} {:>6} {:>6}",
        c.n_gold,
        cell(c.precision()),
        cell(c.recall()),
        cell(c.f1()),
        cell(c.accuracy())
    )
}
