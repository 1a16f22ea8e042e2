//! The rules of the `People` family: participants, one record per person (see
//! `crate::extract::people`).

use serde::{Deserialize, Serialize};

/// Words around a mention of a person: `before` it, `after` it (in the same clause).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonCue {
    pub choice: String,
    #[serde(default)]
    pub before: Vec<String>,
    #[serde(default)]
    pub after: Vec<String>,
    /// Words between this person and the next one met in the clause ("X shot Y").
    #[serde(default)]
    pub between: Vec<String>,
    /// Nouns naming such a person ("girl" for female, "gunman" for suspect).
    #[serde(default)]
    pub nouns: Vec<String>,
    /// Plural nouns of a group all of this choice ("women" for female): the people of a list
    /// right after the group take it ("Two men were shot: an 18-year-old and a 22-year-old").
    #[serde(default)]
    pub plurals: Vec<String>,
    /// Choices this one rules out for the same person (killed rules out injured).
    #[serde(default)]
    pub drops: Vec<String>,
    /// First names that suggest this choice ("Maria" for female): a weak cue, read from the
    /// first word of a person's name and outvoted by the text's own words about the person.
    /// A string may hold several names apart by spaces or line breaks; `@name`
    /// stands for a gazetteer's terms.
    #[serde(default)]
    pub given: Vec<String>,
}

/// Keys of the group's sub-fields that the rules fill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PeopleKeys {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub age: Option<String>,
    #[serde(default)]
    pub gender: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

/// People: named ("Officer Zachary Christensen", "Lakeem Keon Scott, 37,") and unnamed ("a
/// 12-year-old girl"), one record per person however often and however spelled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleRules {
    pub keys: PeopleKeys,
    /// Gazetteer of number words.
    pub numbers: String,
    /// Officers' ranks before a name ("Officer", "Sgt.", "Deputy").
    #[serde(default)]
    pub ranks: Vec<String>,
    /// The role given to a person with a rank.
    #[serde(default)]
    pub rank_role: Option<String>,
    /// Other titles before a name, dropped ("Mr.", "Rev.").
    #[serde(default)]
    pub titles: Vec<String>,
    /// Role cues, strongest first.
    #[serde(default)]
    pub roles: Vec<PersonCue>,
    /// The role of a participant no cue places.
    #[serde(default)]
    pub default_role: Option<String>,
    /// A weak vote for the role of someone who did a status cue to another person ("a man shot
    /// and killed his wife"); any role cue or noun outweighs it.
    #[serde(default)]
    pub agent_role: Option<String>,
    /// Gender cues: nouns of the mention and pronouns that follow it.
    #[serde(default)]
    pub genders: Vec<PersonCue>,
    /// Status cues.
    #[serde(default)]
    pub statuses: Vec<PersonCue>,
    /// Nouns of an unnamed person ("man", "girl", "officer", "staff member").
    #[serde(default)]
    pub nouns: Vec<String>,
    /// Nouns of several people ("officers", "students"): with `nouns`, what may follow a number
    /// after a deed ("wounded two officers").
    #[serde(default)]
    pub plurals: Vec<String>,
    /// Words before a noun that make it one new person ("a", "an", "one", "another").
    #[serde(default)]
    pub indefinite: Vec<String>,
    /// Words before a noun that refer to someone already met ("the", "that").
    #[serde(default)]
    pub definite: Vec<String>,
    /// Words before a noun that make it someone else than those met ("another", "a second").
    #[serde(default)]
    pub another: Vec<String>,
    /// Verbs joining two mentions of one person ("the shooter was a 14-year-old girl").
    #[serde(default)]
    pub copulas: Vec<String>,
    /// Words that end what is said about the person before them ("he", "she", "they").
    #[serde(default)]
    pub barriers: Vec<String>,
    /// Auxiliaries: a cue right after one ("was shot") is about the person before it.
    #[serde(default)]
    pub auxiliaries: Vec<String>,
    /// Possessives before a noun: the same noun again is the same person ("his girlfriend").
    #[serde(default)]
    pub possessive: Vec<String>,
    /// Words marking who did it in a passive ("shot by"): a cue before them is not about the
    /// person after them.
    #[serde(default)]
    pub agents: Vec<String>,
    /// Words after a number that make it an age ("-year-old", "years old"), or before it ("aged").
    #[serde(default)]
    pub age_after: Vec<String>,
    #[serde(default)]
    pub age_before: Vec<String>,
    /// Cues around a name that make the person a source, not a participant ("said", "attorney").
    #[serde(default)]
    pub speakers: Vec<String>,
    /// Titles of officials who speak about an incident rather than take part ("Chief", "Mayor").
    #[serde(default)]
    pub officials: Vec<String>,
    /// Capitalized words never part of a person's name ("Police", "County", "@months").
    #[serde(default)]
    pub not_names: Vec<String>,
    /// Names that, written alone, are places, not people ("@states", "@cities").
    #[serde(default)]
    pub places: Vec<String>,
    /// Statuses serious enough to keep an official, or someone met late in a long text.
    #[serde(default)]
    pub serious: Vec<String>,
    /// Past this many tokens, only people with a serious status count (pages that gather
    /// many stories).
    #[serde(default)]
    pub focus_tokens: Option<usize>,
    /// Lines that link to other stories ("RELATED:"): no one in them takes part.
    #[serde(default)]
    pub link_lines: Vec<String>,
    /// Words right before a capitalized name that make it a place ("in", "at").
    #[serde(default)]
    pub before_place: Vec<String>,
    /// Name suffixes ("Jr.", "III").
    #[serde(default)]
    pub suffixes: Vec<String>,
    /// Lower-case words inside names ("de", "del", "van").
    #[serde(default)]
    pub particles: Vec<String>,
    /// Words right before a cue that negate it ("not", "never").
    #[serde(default)]
    pub negations: Vec<String>,
    /// Words joining a list of people ("and").
    #[serde(default)]
    pub conjunctions: Vec<String>,
    /// Subject pronouns that start a sentence about the last person met, per gender choice.
    #[serde(default)]
    pub pronouns: Vec<PersonCue>,
}
