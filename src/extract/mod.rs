//! The built-in extractor: offline rules that live in the schema file beside each field.
//!
//! [`Extractor::new`] compiles every field's rules once: all their phrases go into one
//! Aho-Corasick automaton, their patterns into regular expressions. [`Extractor::extract`] reads an
//! article once (tokens, sentences, one automaton pass) and runs each field's rule family on that:
//!
//! - `date`: absolute and relative dates, anchored on the publication date;
//! - `place`: states and cities from gazetteers, datelines and "City, State";
//! - `named`: proper names ending in a head word (agencies, locations);
//! - `count`: numbers of people killed or injured, in digits or words;
//! - `choice`: cue words for enum and multi choices, and short text snippets;
//! - `people`: participants, one record per person, with role, age, gender and status.
//!
//! The engine holds no English: words come from the schema (see `domain::rules`).

mod choice;
mod count;
mod date;
mod doc;
mod lexicon;
mod named;
mod names;
mod people;
mod place;

use crate::domain::article::Article;
use crate::domain::prediction::{Prediction, SpanJson};
use crate::domain::rules::FieldRules;
use crate::domain::schema::{FieldType, Schema};
use doc::Doc;
use lexicon::{LexBuilder, Lexicon};
use std::cell::RefCell;
use std::rc::Rc;

/// The name and version given as the `source` of predictions.
pub const SOURCE: &str = "vetter-rules/1";

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("field {field:?}: bad regular expression {pattern:?}: {message}")]
    BadRegex {
        field: String,
        pattern: String,
        message: String,
    },
    #[error("no gazetteer named {0:?}")]
    NoGazetteer(String),
    #[error("field {field:?}: {message}")]
    Rule { field: String, message: String },
    #[error("too many word lists in the rules")]
    TooManyLists,
    #[error("cannot build the phrase automaton: {0}")]
    Automaton(String),
}

impl ExtractError {
    fn rule(field: &str, message: impl Into<String>) -> Self {
        ExtractError::Rule {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// The rules of every field, compiled. Cheap to share between threads.
pub struct Extractor {
    lex: Lexicon,
    fields: Vec<Field>,
}

struct Field {
    key: String,
    rule: Rule,
}

enum Rule {
    Date(date::DateRule),
    Place(place::PlaceRule),
    Named(named::NamedRule),
    Count(count::CountRule),
    Choice(choice::ChoiceRule),
    Snippet(choice::SnippetRule),
    People(Box<people::PeopleRule>),
}

/// One suggested value with its confidence and evidence.
#[derive(Debug, Clone)]
pub(crate) struct Sugg {
    pub value: serde_json::Value,
    pub confidence: f64,
    pub evidence: Vec<SpanJson>,
}

impl Sugg {
    pub fn new(value: impl Into<serde_json::Value>, confidence: f64, evidence: SpanJson) -> Self {
        Sugg {
            value: value.into(),
            confidence: confidence.clamp(0.05, 0.99),
            evidence: vec![evidence],
        }
    }
}

/// What a field's rule found.
#[derive(Debug, Clone, Default)]
pub(crate) enum Found {
    #[default]
    Nothing,
    One(Sugg),
    /// Records of a group: sub-field key and suggestion, per record.
    Records(Vec<Vec<(String, Sugg)>>),
}

impl Found {
    pub fn one(&self) -> Option<&Sugg> {
        match self {
            Found::One(s) => Some(s),
            _ => None,
        }
    }
}

/// One article being read: the analysed text and the fields found so far.
pub(crate) struct Ctx<'a> {
    pub doc: Doc<'a>,
    pub published: Option<time::Date>,
    ex: &'a Extractor,
    found: RefCell<Vec<Option<Rc<Found>>>>,
    busy: RefCell<Vec<bool>>,
    other: RefCell<Option<Rc<Vec<bool>>>>,
}

impl Ctx<'_> {
    /// Per sentence: whether it tells of another time than the incident's (another date or
    /// year), so its counts and injuries are someone else's.
    pub fn other_time(&self) -> Rc<Vec<bool>> {
        if let Some(o) = &*self.other.borrow() {
            return o.clone();
        }
        let rule = self.ex.fields.iter().find_map(|f| match &f.rule {
            Rule::Date(r) => Some(r),
            _ => None,
        });
        let flags = match (rule, self.event_date()) {
            (Some(r), Some(d)) => r.other_times(self, d),
            _ => vec![false; self.doc.sents.len()],
        };
        let flags = Rc::new(flags);
        *self.other.borrow_mut() = Some(flags.clone());
        flags
    }

    /// The result of another field (computed once; a cycle gives nothing).
    pub fn field(&self, key: &str) -> Rc<Found> {
        match self.ex.fields.iter().position(|f| f.key == key) {
            Some(i) => self.result(i),
            None => Rc::new(Found::Nothing),
        }
    }

    /// The result of the first field whose rule matches.
    fn first(&self, pick: impl Fn(&Rule) -> bool) -> Rc<Found> {
        match self.ex.fields.iter().position(|f| pick(&f.rule)) {
            Some(i) => self.result(i),
            None => Rc::new(Found::Nothing),
        }
    }

    /// The incident date found by the first `Date` field.
    pub fn event_date(&self) -> Option<time::Date> {
        let f = self.first(|r| matches!(r, Rule::Date(_)));
        f.one().and_then(|s| s.value.as_str()).and_then(date::parse_iso)
    }

    /// The city found by the first `Place` field for cities.
    pub fn city(&self) -> Option<String> {
        let f = self.first(|r| matches!(r, Rule::Place(p) if p.is_city()));
        f.one().and_then(|s| s.value.as_str()).map(str::to_string)
    }

    fn result(&self, i: usize) -> Rc<Found> {
        if let Some(r) = &self.found.borrow()[i] {
            return r.clone();
        }
        if std::mem::replace(&mut self.busy.borrow_mut()[i], true) {
            return Rc::new(Found::Nothing);
        }
        let f = &self.ex.fields[i];
        let found = match &f.rule {
            Rule::Date(r) => r.run(self),
            Rule::Place(r) => r.run(self),
            Rule::Named(r) => r.run(self),
            Rule::Count(r) => r.run(self),
            Rule::Choice(r) => r.run(self),
            Rule::Snippet(r) => r.run(self),
            Rule::People(r) => r.run(self),
        };
        let found = Rc::new(found);
        self.found.borrow_mut()[i] = Some(found.clone());
        self.busy.borrow_mut()[i] = false;
        found
    }
}

impl Extractor {
    /// Compiles the rules of every field of the schema (fields without rules are skipped).
    pub fn new(schema: &Schema) -> Result<Extractor, ExtractError> {
        let mut lb = LexBuilder::new(&schema.gazetteers);
        let mut fields = Vec::new();
        for def in &schema.fields {
            let Some(rules) = &def.extract else {
                continue;
            };
            let key = def.key.as_str();
            let rule = match rules {
                FieldRules::Date(r) => Rule::Date(date::DateRule::compile(r, &mut lb)?),
                FieldRules::Place(r) => Rule::Place(place::PlaceRule::compile(r, &mut lb)?),
                FieldRules::Named(r) => Rule::Named(named::NamedRule::compile(key, r, &mut lb)?),
                FieldRules::Count(r) => Rule::Count(count::CountRule::compile(key, r, &mut lb)?),
                FieldRules::Choice(r) => {
                    let choices = match &def.kind {
                        FieldType::Enum(c) => (c, false),
                        FieldType::Multi(c) => (c, true),
                        _ => return Err(ExtractError::rule(key, "Choice rules need an enum or multi")),
                    };
                    Rule::Choice(choice::ChoiceRule::compile(key, r, choices.0, choices.1, &mut lb)?)
                }
                FieldRules::Snippet(r) => Rule::Snippet(choice::SnippetRule::compile(r, &mut lb)?),
                FieldRules::People(r) => {
                    let FieldType::Group(subs) = &def.kind else {
                        return Err(ExtractError::rule(key, "People rules need a group field"));
                    };
                    Rule::People(Box::new(people::PeopleRule::compile(key, r, subs, &mut lb)?))
                }
            };
            fields.push(Field {
                key: key.to_string(),
                rule,
            });
        }
        Ok(Extractor {
            lex: lb.build()?,
            fields,
        })
    }

    /// The name and version given as the `source` of predictions.
    pub fn source(&self) -> &str {
        SOURCE
    }

    /// Suggestions for one article. Absent fields mean no suggestion.
    pub fn extract(&self, article: &Article) -> Prediction {
        let ctx = Ctx {
            doc: Doc::new(&article.text, &self.lex),
            published: article.published.as_deref().and_then(date::parse_iso),
            ex: self,
            found: RefCell::new(vec![None; self.fields.len()]),
            busy: RefCell::new(vec![false; self.fields.len()]),
            other: RefCell::new(None),
        };
        let mut pred = Prediction {
            id: article.id.clone(),
            source: Some(SOURCE.to_string()),
            ..Default::default()
        };
        for (i, f) in self.fields.iter().enumerate() {
            match &*ctx.result(i) {
                Found::Nothing => {}
                Found::One(s) => put(&mut pred, &f.key, s),
                Found::Records(recs) => {
                    let mut arr = Vec::with_capacity(recs.len());
                    for (r, rec) in recs.iter().enumerate() {
                        let mut obj = serde_json::Map::new();
                        for (sub, s) in rec {
                            obj.insert(sub.clone(), s.value.clone());
                            put_meta(&mut pred, &format!("{}[{r}].{sub}", f.key), s);
                        }
                        arr.push(serde_json::Value::Object(obj));
                    }
                    pred.fields.insert(f.key.clone(), serde_json::Value::Array(arr));
                }
            }
        }
        pred
    }
}

fn put(pred: &mut Prediction, key: &str, s: &Sugg) {
    pred.fields.insert(key.to_string(), s.value.clone());
    put_meta(pred, key, s);
}

fn put_meta(pred: &mut Prediction, path: &str, s: &Sugg) {
    pred.confidence
        .insert(path.to_string(), (s.confidence * 100.0).round() / 100.0);
    let spans: Vec<SpanJson> = s
        .evidence
        .iter()
        .filter(|e| e.start < e.end)
        .cloned()
        .collect();
    if !spans.is_empty() {
        pred.evidence.insert(path.to_string(), spans);
    }
}

/// Title case for a name written in capitals ("BATON ROUGE" -> "Baton Rouge").
pub(crate) fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if c.is_alphabetic() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = c != '\'' && c != '’';
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_case_of_capitals() {
        assert_eq!(title_case("BATON ROUGE"), "Baton Rouge");
        assert_eq!(title_case("O'FALLON"), "O'fallon");
        assert_eq!(title_case("WINSTON-SALEM"), "Winston-Salem");
    }
}
