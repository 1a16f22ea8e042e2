//! First names the rules know, each with the gender it suggests: built once from the people
//! rules' gender cues and shared by the rules that read names (people) and the ones that must
//! not mistake a name for something else (places: "Kyle Carney" is no visit to Kyle, Texas).

use super::lexicon::{normalize, FxMap, FxSet, LexBuilder};
use crate::domain::rules::PersonCue;

/// The `gender` of a first name given for two genders: a name, of no gender.
pub(crate) const BOTH: usize = usize::MAX;

/// First names, normalized (see `lexicon::normalize`), to the index of their gender's cue.
/// Looked up for single words only, so kept out of the lexicon, whose scan does not need its
/// tens of thousands of words.
#[derive(Default)]
pub(crate) struct FirstNames(FxMap<Box<str>, usize>);

impl FirstNames {
    /// The first names of each gender's cue (several to a string, apart by white space;
    /// `@name` splices a gazetteer's terms).
    pub fn new(lb: &LexBuilder, genders: &[PersonCue]) -> Self {
        let mut out: FxMap<Box<str>, usize> = FxMap::default();
        let names = |w: &String| w.split_ascii_whitespace().count();
        out.reserve(genders.iter().flat_map(|c| &c.given).map(names).sum());
        let mut both: FxSet<Box<str>> = FxSet::default();
        let mut key = String::new();
        let mut add = |name: &str, g: usize| {
            normalize(name.trim(), &mut key);
            match out.get(key.as_str()) {
                Some(&o) if o != g => {
                    both.insert(key.as_str().into());
                }
                Some(_) => {}
                None => {
                    out.insert(key.as_str().into(), g);
                }
            }
        };
        for (g, cue) in genders.iter().enumerate() {
            for w in &cue.given {
                match w.trim().strip_prefix('@') {
                    Some(name) => lb.terms_of(name).iter().for_each(|t| add(&t.name, g)),
                    None => w.split_ascii_whitespace().for_each(|n| add(n, g)),
                }
            }
        }
        for k in both {
            out.insert(k, BOTH);
        }
        FirstNames(out)
    }

    /// The gender cue a word names as a first name (`BOTH` for either), if it is one; `key` is
    /// scratch space.
    pub fn gender(&self, w: &str, key: &mut String) -> Option<usize> {
        // A short ASCII word (most are) is lowered on the stack, as `normalize` would.
        let mut buf = [0u8; 24];
        if let Some(b) = buf.get_mut(..w.len()).filter(|_| w.is_ascii()) {
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            return self.0.get(std::str::from_utf8(b).ok()?).copied();
        }
        normalize(w, key);
        self.0.get(key.as_str()).copied()
    }

    /// Whether a word is a first name the rules know, of either gender.
    pub fn contains(&self, w: &str, key: &mut String) -> bool {
        self.gender(w, key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::Gazetteers;

    fn cue(given: &[&str]) -> PersonCue {
        let mut c: PersonCue = ron::from_str("(choice: \"x\")").unwrap();
        c.given = given.iter().map(|s| s.to_string()).collect();
        c
    }

    #[test]
    fn names_come_several_to_a_string_and_a_name_of_two_genders_has_none() {
        let gaz = Gazetteers::new();
        let lb = LexBuilder::new(&gaz);
        let names = FirstNames::new(
            &lb,
            &[
                cue(&["Maria Ana\n   Jordan", "Zoë"]),
                cue(&["James  Jordan"]),
            ],
        );
        let mut key = String::new();
        assert_eq!(names.gender("Maria", &mut key), Some(0));
        assert_eq!(names.gender("ANA", &mut key), Some(0));
        assert_eq!(names.gender("Zoë", &mut key), Some(0));
        assert_eq!(names.gender("James", &mut key), Some(1));
        assert_eq!(names.gender("Jordan", &mut key), Some(BOTH));
        assert!(names.contains("jordan", &mut key));
        assert!(!names.contains("Maria Ana", &mut key));
        assert!(!names.contains("Smith", &mut key));
    }
}
