//! A reviewer's annotation of one article: what is saved as RON under `annotations/`.

use super::schema::{FieldDef, FieldType, Schema};
use super::value::Value;
use serde::{Deserialize, Serialize};

/// The version of the annotation file format written by this build.
///
/// Format 2 made the flag a mark beside the status ([`Annotation::flag`]) and added the
/// `NotRelevant` status, the skip reason and the article note. Format 1 files are still read:
/// [`Annotation::upgrade`] turns their `Flagged` status into an in-progress, flagged article.
pub const FORMAT_VERSION: u32 = 2;

/// The oldest annotation file format this build reads.
pub const OLDEST_FORMAT: u32 = 1;

/// Where an article stands in review (an article with no annotation file is "new").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Status {
    #[default]
    InProgress,
    Done,
    /// Put aside without annotating (see [`Annotation::skip_reason`]).
    Skipped,
    /// The article reports no incident to annotate.
    NotRelevant,
    /// Format 1 only: read as an in-progress article with a flag (see [`Annotation::upgrade`]).
    Flagged,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::InProgress => "in progress",
            Status::Done => "done",
            Status::Skipped => "skipped",
            Status::NotRelevant => "not relevant",
            Status::Flagged => "flagged",
        }
    }
    /// Done, skipped or not relevant: the queue moves past it.
    pub fn is_finished(self) -> bool {
        matches!(self, Status::Done | Status::Skipped | Status::NotRelevant)
    }
}

/// A mark beside the status asking for a second look, with an optional reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    #[serde(default)]
    pub reason: Option<String>,
}

/// Where a field stands in review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum FieldState {
    #[default]
    Unreviewed,
    /// The reviewer accepted the value as it was.
    Confirmed,
    /// The reviewer typed or picked another value.
    Corrected,
    /// The reviewer rejected the field: the article does not mention it.
    Rejected,
}

impl FieldState {
    pub fn label(self) -> &'static str {
        match self {
            FieldState::Unreviewed => "unreviewed",
            FieldState::Confirmed => "confirmed",
            FieldState::Corrected => "corrected",
            FieldState::Rejected => "not mentioned",
        }
    }
    pub fn is_reviewed(self) -> bool {
        self != FieldState::Unreviewed
    }
}

/// What a field holds. "Not mentioned" is a value of its own, distinct from empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub enum Entry {
    #[default]
    Empty,
    NotMentioned,
    Value(Value),
    Records(Vec<Record>),
}

impl Entry {
    pub fn display(&self) -> String {
        match self {
            Entry::Empty => String::new(),
            Entry::NotMentioned => "not mentioned".into(),
            Entry::Value(v) => v.display(),
            Entry::Records(r) => match r.len() {
                1 => "1 record".into(),
                n => format!("{n} records"),
            },
        }
    }
}

/// One record of a group field: its sub-fields, in schema order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub fields: Vec<FieldAnn>,
}

/// A span of the article text: code point offsets, end exclusive, and the text it quotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub quote: String,
    /// Set when the article changed and the quote could not be found again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
}

/// What an extractor suggested for a field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    pub value: Entry,
    #[serde(default)]
    pub confidence: Option<f32>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FieldAnn {
    pub key: String,
    pub state: FieldState,
    pub value: Entry,
    #[serde(default)]
    pub suggestion: Option<Suggestion>,
    #[serde(default)]
    pub evidence: Vec<Span>,
    #[serde(default)]
    pub note: Option<String>,
}

impl FieldAnn {
    pub fn new(key: &str) -> Self {
        FieldAnn {
            key: key.to_string(),
            ..Default::default()
        }
    }
    pub fn records(&self) -> &[Record] {
        match &self.value {
            Entry::Records(r) => r,
            _ => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaRef {
    pub name: String,
    pub version: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleRef {
    pub id: String,
    /// `sha256:` and the hex digest of the article text as UTF-8.
    pub text_hash: String,
}

/// An edit in progress, saved so a crash loses at most the keystroke in flight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub field: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub format: u32,
    pub schema: SchemaRef,
    pub article: ArticleRef,
    pub reviewer: String,
    pub status: Status,
    pub fields: Vec<FieldAnn>,
    pub created: String,
    pub updated: String,
    pub active_seconds: u64,
    #[serde(default)]
    pub draft: Option<Draft>,
    /// Fields a newer schema version retired (see `domain::migrate`), kept as they were for the
    /// review to show read-only; a retired sub-field is under its group's key, in records
    /// parallel to the group's. Not written when empty, so other files stay as they were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<FieldAnn>,
    /// Why the article was skipped (format 2; kept only while the status is `Skipped`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_reason: Option<String>,
    /// The flag, if the article is flagged (format 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<Flag>,
    /// The reviewer's note on the whole article (format 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Set on an adjudicator's annotation: which reviewers' annotations it settles and where
    /// each field's value came from (not written when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjudication: Option<Adjudication>,
}

/// How an adjudicated annotation was settled from the reviewers' annotations of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Adjudication {
    /// The reviewers (as named in their annotations) whose annotations it settles.
    pub settled: Vec<String>,
    /// Where each top-level field's value came from, in schema order.
    pub fields: Vec<Settled>,
}

/// Where one field of an adjudicated annotation came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settled {
    pub key: String,
    pub from: Source,
}

/// The origin of an adjudicated field's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// Every reviewer gave this value.
    Agreed,
    /// Taken, with its evidence, from this reviewer's annotation.
    Reviewer(String),
    /// Typed or picked by the adjudicator.
    Edited,
}

impl Annotation {
    /// An empty annotation with every schema field unreviewed.
    pub fn new(schema: &Schema, id: &str, text_hash: &str, reviewer: &str, now: &str) -> Self {
        Annotation {
            format: FORMAT_VERSION,
            schema: SchemaRef {
                name: schema.name.clone(),
                version: schema.version,
            },
            article: ArticleRef {
                id: id.to_string(),
                text_hash: text_hash.to_string(),
            },
            reviewer: reviewer.to_string(),
            status: Status::InProgress,
            fields: schema
                .fields
                .iter()
                .map(|f| FieldAnn::new(&f.key))
                .collect(),
            created: now.to_string(),
            updated: now.to_string(),
            active_seconds: 0,
            draft: None,
            retired: Vec::new(),
            skip_reason: None,
            flag: None,
            note: None,
            adjudication: None,
        }
    }

    /// Brings an annotation read from an older format to this build's: a format 1 `Flagged`
    /// status becomes an in-progress article with a flag. The file is written in the current
    /// format the next time it is saved.
    pub fn upgrade(&mut self) {
        if self.status == Status::Flagged {
            self.status = Status::InProgress;
            self.flag.get_or_insert_with(Flag::default);
        }
        if self.format == OLDEST_FORMAT {
            self.format = FORMAT_VERSION;
        }
    }

    pub fn field(&self, key: &str) -> Option<&FieldAnn> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn field_mut(&mut self, key: &str) -> Option<&mut FieldAnn> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    /// Labels of required fields (and required sub-fields of records) still unreviewed.
    pub fn missing_required(&self, schema: &Schema) -> Vec<String> {
        let mut out = Vec::new();
        for def in &schema.fields {
            let Some(ann) = self.field(&def.key) else {
                if def.required {
                    out.push(def.label.clone());
                }
                continue;
            };
            if def.required && !ann.state.is_reviewed() {
                out.push(def.label.clone());
            }
            if let FieldType::Group(subs) = &def.kind {
                for (i, rec) in ann.records().iter().enumerate() {
                    for sub in subs.iter().filter(|s| s.required) {
                        let reviewed = rec
                            .fields
                            .iter()
                            .find(|f| f.key == sub.key)
                            .is_some_and(|f| f.state.is_reviewed());
                        if !reviewed {
                            out.push(format!("{} #{} {}", def.label, i + 1, sub.label));
                        }
                    }
                }
            }
        }
        out
    }
}

/// A new record of a group, every sub-field unreviewed.
pub fn new_record(subs: &[FieldDef]) -> Record {
    Record {
        fields: subs.iter().map(|s| FieldAnn::new(&s.key)).collect(),
    }
}
