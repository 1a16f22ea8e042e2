//! The built-in extractor: offline rules that live in the schema file beside each field.
//!
//! [`Extractor::new`] compiles every field's rules once: all their phrases go into one
//! word trie (the lexicon), their patterns into regular expressions. [`Extractor::extract`] reads an
//! article once (tokens, sentences, one pass of the lexicon) and runs each field's rule family on that:
//!
//! - `date`: absolute and relative dates, anchored on the publication date;
//! - `place`: states and cities from gazetteers, datelines and "City, State";
//! - `named`: proper names ending in a head word (agencies, locations);
//! - `count`: numbers of people killed or injured, in digits or words;
//! - `choice`: cue words for enum and multi choices, and short text snippets;
//! - `people`: participants, one record per person, with role, age, gender and status.
//!
//! The engine holds no English: words come from the schema (see `domain::rules`).
//!
//! Each rule gives a raw score and the cue that found the value; [`Extractor::extract`] turns the
//! raw score into a probability with the schema's calibration table for that field and cue
//! (see [`crate::domain::calibration`]); [`Extractor::extract_raw`] leaves it raw, for fitting
//! those tables ([`calibration`]).

pub mod calibration;
mod choice;
mod count;
mod ctx;
mod date;
mod doc;
mod given;
mod host;
mod lexicon;
mod named;
mod people;
mod place;
mod token;

use crate::domain::article::Article;
use crate::domain::calibration::Calibration;
use crate::domain::prediction::{Prediction, SpanJson};
use crate::domain::rules::{FieldRules, PlacePart, PlaceRules};
use crate::domain::schema::{FieldType, Schema};
pub(crate) use ctx::Ctx;
pub use date::{resolve_typed, TypedDate};
use doc::{Buffers, Doc};
use lexicon::{LexBuilder, Lexicon};
use std::rc::Rc;
use std::sync::{Arc, Mutex};

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
    /// The schema's calibration tables, applied by [`Extractor::extract`].
    cal: Calibration,
    /// Analysis buffers of finished articles, for the next ones (one set per busy thread).
    spare: Mutex<Vec<Buffers>>,
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
    /// Which cue of the field's rule gave it (empty: the rule's only or default cue). With the
    /// field's key it names the calibration table that maps `confidence` (the raw score) to a
    /// probability that a reviewer confirms the value.
    pub cue: &'static str,
}

impl Sugg {
    pub fn new(value: impl Into<serde_json::Value>, confidence: f64, evidence: SpanJson) -> Self {
        Sugg {
            value: value.into(),
            confidence: confidence.clamp(0.05, 0.99),
            evidence: vec![evidence],
            cue: "",
        }
    }

    /// The same suggestion, said to come from `cue` (see [`Sugg::cue`]).
    pub fn by(mut self, cue: &'static str) -> Self {
        self.cue = cue;
        self
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

/// A place analysis: the state and the city found.
pub(crate) type Both = (Found, Found);

impl Extractor {
    /// Compiles the rules of every field of the schema (fields without rules are skipped).
    pub fn new(schema: &Schema) -> Result<Extractor, ExtractError> {
        let mut lb = LexBuilder::new(&schema.gazetteers);
        let mut fields = Vec::new();
        // Place rules alike but for their part share one compiled rule (its word lists, read
        // by one scan) and one analysis per article.
        let mut places: Vec<(PlaceRules, place::PlaceRule)> = Vec::new();
        // The first names of the first people rules, also read by the place rules; other
        // people rules (whose genders may differ) read their own.
        let first_people = schema.fields.iter().find_map(|d| match &d.extract {
            Some(FieldRules::People(r)) => Some(r),
            _ => None,
        });
        let given = Arc::new(
            first_people
                .map(|r| given::FirstNames::new(&lb, &r.genders))
                .unwrap_or_default(),
        );
        for def in &schema.fields {
            let Some(rules) = &def.extract else {
                continue;
            };
            let key = def.key.as_str();
            let rule = match rules {
                FieldRules::Date(r) => Rule::Date(date::DateRule::compile(r, &mut lb)?),
                FieldRules::Place(r) => {
                    let alike = PlaceRules {
                        part: PlacePart::State,
                        ..r.clone()
                    };
                    let rule = match places.iter().find(|(o, _)| *o == alike) {
                        Some((_, p)) => p.for_part(r.part),
                        None => {
                            let group = places.len();
                            let p = place::PlaceRule::compile(r, group, given.clone(), &mut lb)?;
                            places.push((alike, p.clone()));
                            p
                        }
                    };
                    Rule::Place(rule)
                }
                FieldRules::Named(r) => Rule::Named(named::NamedRule::compile(key, r, &mut lb)?),
                FieldRules::Count(r) => Rule::Count(count::CountRule::compile(key, r, &mut lb)?),
                FieldRules::Choice(r) => {
                    let choices = match &def.kind {
                        FieldType::Enum(c) => (c, false),
                        FieldType::Multi(c) => (c, true),
                        _ => {
                            return Err(ExtractError::rule(
                                key,
                                "Choice rules need an enum or multi",
                            ))
                        }
                    };
                    Rule::Choice(choice::ChoiceRule::compile(
                        key, r, choices.0, choices.1, &mut lb,
                    )?)
                }
                FieldRules::Snippet(r) => Rule::Snippet(choice::SnippetRule::compile(r, &mut lb)?),
                FieldRules::People(r) => {
                    let FieldType::Group(subs) = &def.kind else {
                        return Err(ExtractError::rule(key, "People rules need a group field"));
                    };
                    let names = if first_people.is_some_and(|f| std::ptr::eq(f, r)) {
                        given.clone()
                    } else {
                        Arc::new(given::FirstNames::new(&lb, &r.genders))
                    };
                    Rule::People(Box::new(people::PeopleRule::compile(
                        key, r, subs, &mut lb, names,
                    )?))
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
            cal: schema.calibration.clone(),
            spare: Mutex::new(Vec::new()),
        })
    }

    /// The name and version given as the `source` of predictions.
    pub fn source(&self) -> &str {
        SOURCE
    }

    /// Suggestions for one article. Absent fields mean no suggestion. Confidences are the
    /// calibrated probabilities (see [`calibration::confidence`]), rounded to 2 decimals.
    pub fn extract(&self, article: &Article) -> Prediction {
        self.run(article, Some(&self.cal), None)
    }

    /// Suggestions for one article with the rules' raw scores as confidences (rounded to 2
    /// decimals, as the calibration tables read them), and the cue of each confidence's path.
    pub fn extract_raw(&self, article: &Article) -> (Prediction, Cues) {
        let mut cues = Cues::new();
        let pred = self.run(article, None, Some(&mut cues));
        (pred, cues)
    }

    fn run(
        &self,
        article: &Article,
        cal: Option<&Calibration>,
        mut cues: Option<&mut Cues>,
    ) -> Prediction {
        let buffers = self.spare.lock().ok().and_then(|mut v| v.pop());
        let ctx = Ctx::new(
            Doc::with_buffers(&article.text, &self.lex, buffers.unwrap_or_default()),
            (
                article.published.as_deref().and_then(date::parse_iso),
                article.url.as_deref(),
            ),
            self,
        );
        for i in 0..self.fields.len() {
            ctx.result(i);
        }
        let (doc, found) = ctx.into_parts();
        let buffers = doc.into_buffers();
        if buffers.worth_keeping() {
            if let Ok(mut spare) = self.spare.lock() {
                spare.push(buffers);
            }
        }
        let mut pred = Prediction {
            id: article.id.clone(),
            source: Some(SOURCE.to_string()),
            ..Default::default()
        };
        let mut score = |key: &str, path: &str, s: &Sugg| {
            if let Some(c) = cues.as_deref_mut() {
                c.insert(path.to_string(), s.cue);
            }
            match cal {
                Some(cal) => calibration::confidence(cal, key, s.cue, s.confidence),
                None => calibration::round2(s.confidence),
            }
        };
        for (f, res) in self.fields.iter().zip(found) {
            let Some(res) = res else { continue };
            match Rc::try_unwrap(res).unwrap_or_else(|rc| (*rc).clone()) {
                Found::Nothing => {}
                Found::One(s) => {
                    let c = score(&f.key, &f.key, &s);
                    put(&mut pred, &f.key, s, c);
                }
                Found::Records(recs) => {
                    let mut arr = Vec::with_capacity(recs.len());
                    for (r, rec) in recs.into_iter().enumerate() {
                        let mut obj = serde_json::Map::new();
                        for (sub, s) in rec {
                            let path = format!("{}[{r}].{sub}", f.key);
                            let c = score(&format!("{}.{sub}", f.key), &path, &s);
                            put_meta(&mut pred, path, c, s.evidence);
                            obj.insert(sub, s.value);
                        }
                        arr.push(serde_json::Value::Object(obj));
                    }
                    pred.fields
                        .insert(f.key.clone(), serde_json::Value::Array(arr));
                }
            }
        }
        pred
    }
}

/// The cue of each confidence path of a prediction (`num_killed`, `participants[2].age`).
pub type Cues = std::collections::BTreeMap<String, &'static str>;

fn put(pred: &mut Prediction, key: &str, s: Sugg, confidence: f64) {
    pred.fields.insert(key.to_string(), s.value);
    put_meta(pred, key.to_string(), confidence, s.evidence);
}

/// Records the evidence and the (already rounded) confidence of a path.
fn put_meta(pred: &mut Prediction, path: String, confidence: f64, evidence: Vec<SpanJson>) {
    let spans: Vec<SpanJson> = evidence.into_iter().filter(|e| e.start < e.end).collect();
    if !spans.is_empty() {
        pred.evidence.insert(path.clone(), spans);
    }
    pred.confidence.insert(path, confidence);
}

/// Title case for a name written in capitals ("BATON ROUGE" -> "Baton Rouge").
pub(crate) fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let (mut start, mut letters) = (true, 0usize);
    for c in s.chars() {
        if c.is_alphabetic() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
            letters += 1;
        } else {
            out.push(c);
            // "O'FALLON" -> "O'Fallon", but "SHERIFF'S" -> "Sheriff's".
            start = !matches!(c, '\'' | '’') || letters == 1;
            letters = 0;
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
        assert_eq!(title_case("O'FALLON"), "O'Fallon");
        assert_eq!(title_case("SHERIFF'S"), "Sheriff's");
        assert_eq!(title_case("WINSTON-SALEM"), "Winston-Salem");
    }
}

#[cfg(test)]
mod lexicon_tests {
    use super::*;

    #[test]
    fn phrases_match_tokens() {
        let ex = Extractor::new(&crate::io::default_schema()).unwrap();
        let doc = Doc::new(
            "Police said an 11-year-old girl was hurt on Sunday's walk in N.C. today.",
            &ex.lex,
        );
        let found: Vec<&str> = doc
            .hits
            .iter()
            .map(|h| &doc.text[h.b0 as usize..h.b1 as usize])
            .collect();
        for want in ["girl", "-year-old", "was hurt", "Sunday", "N.C.", "today"] {
            assert!(found.contains(&want), "{want:?} not in {found:?}");
        }
    }
}
