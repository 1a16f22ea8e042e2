//! Extraction rules as they are written in a schema file, beside each field (data only).
//!
//! A field's `extract:` entry names one rule family and gives its words. The built-in extractor
//! (`crate::extract`) compiles them once. The engine knows the shape of each family (a date, a
//! place, a count, a person...) but no English: every cue word, pattern, list of places or number
//! words comes from here, so adapting extraction to a new schema needs no recompiling.
//!
//! **Word lists.** Each item is a phrase. Phrases written in lower case match in any case; a phrase
//! with a capital letter matches only as written or in capitals (`Police` matches `Police` and
//! `POLICE`, not `police`). A phrase matches whole words. `'` also matches `’`. An item `@name`
//! stands for every name and alias of the schema's gazetteer `name`.

mod check;
mod people;

pub use check::check_rules;
pub use people::{PeopleKeys, PeopleRules, PersonCue};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Shared, named word lists of the schema (US states, cities, number words, months...).
pub type Gazetteers = BTreeMap<String, Vec<Term>>;

/// One entry of a gazetteer: its canonical name and the other ways it is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The value given when it matches ("Tennessee", "4").
    pub name: String,
    /// Other spellings ("Tenn.", "TN", "four").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The name of the entry it lies within, in another gazetteer (a city's state); empty if none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub within: String,
    /// How many people live there (a city's population), 0 if not given: of namesakes in
    /// several states the larger is the likelier.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub people: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// How one field is extracted: one rule family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FieldRules {
    /// A calendar date: absolute, or relative to the publication date.
    Date(DateRules),
    /// A place from gazetteers: datelines, "City, State", "in City".
    Place(PlaceRules),
    /// A proper name ending in a head word ("Kenosha Police Department", "Lincoln Middle School").
    Named(NamedRules),
    /// A number of people ("one person is dead and four others were injured").
    Count(Box<CountRules>),
    /// Choices picked by cue words (enum: the first listed that matches; multi: every one).
    Choice(ChoiceRules),
    /// A short text: the sentence parts around cue words.
    Snippet(SnippetRules),
    /// People (a group field): names, roles, ages, genders, statuses.
    People(Box<PeopleRules>),
}

/// A date: absolute ("March 4, 2021", "Aug. 27", "2016-07-07", "7/7/16"), a weekday ("Thursday
/// night", anchored on the publication date) or a relative day ("yesterday").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRules {
    /// Gazetteer of the twelve months, January first.
    pub months: String,
    /// Gazetteer of the seven weekdays, Monday first.
    pub weekdays: String,
    /// Words that turn a weekday into the one of the week before ("last").
    #[serde(default)]
    pub last: Vec<String>,
    /// Phrases for a day relative to publication.
    #[serde(default)]
    pub relative: Vec<RelativeDay>,
    /// Words in the sentence that tell it describes the event ("shot", "happened").
    #[serde(default)]
    pub event: Vec<String>,
    /// Words in the sentence that tell the date is another's ("published", "court", "funeral").
    #[serde(default)]
    pub other: Vec<String>,
    /// Words right beside the date that make it the date of a statement ("said", "told").
    #[serde(default)]
    pub said: Vec<String>,
    /// Clock times ("a.m.", "noon"): a day told beside one is the day something happened
    /// ("Sunday at about 9:30 p.m."), more than the day it was said.
    #[serde(default)]
    pub times: Vec<String>,
    /// Parts of a day right beside the date ("Saturday night", "early Sunday"): told of an
    /// event more than of a statement.
    #[serde(default)]
    pub parts: Vec<String>,
    /// Words that put the event before the date told ahead of them ("died Sunday after being
    /// shot", "the morning after the shooting").
    #[serde(default)]
    pub after: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelativeDay {
    pub words: Vec<String>,
    /// Days from the publication date (-1 for "yesterday").
    pub days: i32,
    /// How sure the phrase is about the day, 0..1 (default 0.8).
    #[serde(default)]
    pub weight: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlacePart {
    /// The gazetteer name of the state (its `name`).
    State,
    /// The city (or county) as written.
    City,
}

/// A place. State and city are decided together, so both fields should carry the same lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceRules {
    pub part: PlacePart,
    /// Gazetteer of states (canonical full names, with abbreviations and codes as aliases).
    pub states: String,
    /// Gazetteer of known cities, each `within` its state.
    #[serde(default)]
    pub cities: Option<String>,
    /// Gazetteer of smaller places, each `within` its state: they vouch for their state, but
    /// are the city only where a pattern places them ("in Town", "Town police", a dateline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub towns: Option<String>,
    /// Gazetteer of counties (and parishes, boroughs): each entry a state (by its name in
    /// `states`), its counties its aliases. A county the text names ("Snohomish County
    /// deputies") vouches for its state, shared evenly among the states with a county so named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counties: Option<String>,
    /// Words before a place that mark it as where something happened ("in", "near").
    #[serde(default)]
    pub before: Vec<String>,
    /// Words after a name that make it something else ("Avenue", "University", "Times").
    #[serde(default)]
    pub not_after: Vec<String>,
    /// Words ending an area's name ("County", "Parish"): such an area is a weaker city.
    #[serde(default)]
    pub areas: Vec<String>,
    /// Words after a capitalized name that make the name a city ("Police", "police").
    #[serde(default)]
    pub agencies: Vec<String>,
    /// Capitalized words that are never a city (dateline and sentence noise).
    #[serde(default)]
    pub not_cities: Vec<String>,
    /// Words after a state's name that make it the state's agency ("State Police", "Highway
    /// Patrol"): such a state investigates what happened within it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub state_agencies: Vec<String>,
    /// Words right before "in City" that put something else there than the incident: a
    /// hospital ("Medical Center in Spokane"), an autopsy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub away: Vec<String>,
    /// Abbreviated first words of a city and how the city is spelt out: `("St.", "Saint")`
    /// gives "Saint Louis" for "St. Louis" and "ST. LOUIS".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spellings: Vec<(String, String)>,
}

/// A proper name ending in a head word, optionally preceded by up to `max_words` capitalized words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedRules {
    /// The words a name ends with, strongest first ("Police Department" before "Police").
    pub heads: Vec<String>,
    /// Common nouns of a place, taken as written ("school cafeteria", "parking lot"): weaker.
    #[serde(default)]
    pub common: Vec<String>,
    /// Words before the name that mark it as the place or actor ("at", "on", "outside").
    #[serde(default)]
    pub before: Vec<String>,
    /// Words before the name that make it another one ("taken to", "transported to").
    #[serde(default)]
    pub not_before: Vec<String>,
    /// Capitalized words that cannot be part of the name ("Officer", "Monday").
    #[serde(default)]
    pub stop: Vec<String>,
    /// Extra candidates: regular expressions; the first capture group (else the match) is the value.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// At most this many words before the head (default 4).
    #[serde(default)]
    pub max_words: Option<usize>,
    /// Give a bonus to names containing the city found by a `Place` field.
    #[serde(default)]
    pub prefer_city: bool,
    /// Without a capitalized word before it, a head alone is not a name (default true).
    #[serde(default)]
    pub need_name: Option<bool>,
    /// The head must be capitalized too ("Middle School", not "school") (default true).
    #[serde(default)]
    pub proper_head: Option<bool>,
}

/// A number of people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountRules {
    /// Gazetteer of number words (`name` is the number: `(name: "4", aliases: ["four"])`).
    pub numbers: String,
    /// Words that count: after the number ("four killed") or before it ("killing four people").
    pub cues: Vec<String>,
    /// Nouns that make a count a total ("people", "others", "victims"): the count is the answer.
    #[serde(default)]
    pub totals: Vec<String>,
    /// Nouns of a person ("man", "officer"): a count of them is a part of the total.
    #[serde(default)]
    pub persons: Vec<String>,
    /// Words that, with a cue shortly after, say none ("no one", "nobody").
    #[serde(default)]
    pub none: Vec<String>,
    /// Words that, right before a cue, deny it ("three customers who weren't injured").
    #[serde(default)]
    pub negations: Vec<String>,
    /// Nouns that say a number counts something else ("10 days after a gunman killed", "five
    /// rounds were shot"): a number followed by one of these is not a count of people.
    #[serde(default)]
    pub units: Vec<String>,
    /// Cues that count this field together with another one ("six people were shot" counts the
    /// killed and the injured): this field is that count minus the other's.
    #[serde(default)]
    pub overlap: Option<Overlap>,
    /// Without a stated count, count the records of this group whose status has this choice.
    #[serde(default)]
    pub from_group: Option<GroupCount>,
    /// When the article never uses any of these words and another count is known, say 0.
    #[serde(default)]
    pub zero_unless: Vec<String>,
    /// The other count field for `zero_unless`.
    #[serde(default)]
    pub zero_beside: Option<String>,
    /// When nothing else gives a count and the article uses one of these words (it reports an
    /// incident of the kind counted: "shot", "shooting"), say 0, weakly: a report on such an
    /// incident that states no count of these has none to state.
    #[serde(default)]
    pub zero_otherwise: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlap {
    pub cues: Vec<String>,
    /// The key of the other count field.
    pub minus: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupCount {
    /// The group field.
    pub group: String,
    /// The sub-field holding statuses.
    pub field: String,
    /// The status choice counted.
    pub choice: String,
    /// The sub-field naming a person: when set, records without it are taken for mentions of one
    /// person per `role` ("a man was shot ... the victim was in critical condition"), counted only
    /// when no named record has the status.
    #[serde(default)]
    pub name: Option<String>,
    /// The sub-field of a person's role: unnamed records count one per role.
    #[serde(default)]
    pub role: Option<String>,
    /// Another count field: when the records count no more than it, they are taken for the same
    /// people ("the victim was shot" of a victim whose death that count holds), and this count is 0.
    #[serde(default)]
    pub within: Option<String>,
}

/// Cue words for one choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceCue {
    pub choice: String,
    pub words: Vec<String>,
    /// Only when one of these is in the same sentence.
    #[serde(default)]
    pub near: Vec<String>,
    /// Not when one of these is in the same sentence.
    #[serde(default)]
    pub not_near: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceRules {
    /// For an enum the first cue (in this order) found wins; for a multi every cue found counts.
    pub cues: Vec<ChoiceCue>,
    /// Words just before a cue that negate it ("not").
    #[serde(default)]
    pub negations: Vec<String>,
}

/// A short text: the parts of sentences holding the cues, strongest cue first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnippetRules {
    /// Cue words, strongest first.
    pub cues: Vec<String>,
    /// How many sentence parts to join with "; " (default 2).
    #[serde(default)]
    pub parts: Option<usize>,
    /// The longest part, in characters (default 160).
    #[serde(default)]
    pub max_chars: Option<usize>,
}
