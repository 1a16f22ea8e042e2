//! The state a local outlet's web address names: "fox5atlanta.com", "pittsburgh.cbslocal.com",
//! "nola.com" does not. A weak fallback for articles that name no state in their words.

use super::lexicon::FxMap;
use crate::domain::rules::Term;

/// Shorter city names are too likely to be part of another word of a host name.
const MIN_CITY: usize = 5;
/// State names are matched from four letters ("ohio", "iowa", "utah").
const MIN_STATE: usize = 4;
/// Host labels longer than this are not searched (no outlet's name is so long).
const MAX_LABEL: usize = 40;

/// Names squashed to lower-case letters ("losangeles"), each with the one state it lies in.
pub(crate) struct HostPlaces {
    names: FxMap<Box<str>, usize>,
    /// Per first four letters of a name (as a number), a bit per length of the names starting
    /// so: most places of a label start none, and the others are tried at those lengths only.
    starts: FxMap<u32, u64>,
    /// The states' names, squashed, to their index.
    states: FxMap<Box<str>, usize>,
}

/// A city name shared by several states names the largest namesake's when it has this many
/// times the people of the next.
const DOMINANT: u64 = 3;

/// An ASCII label in lower case, in `buf` (None if longer).
fn lower_into<'b>(s: &[u8], buf: &'b mut [u8; MAX_LABEL]) -> Option<&'b str> {
    let out = buf.get_mut(..s.len())?;
    for (o, c) in out.iter_mut().zip(s) {
        *o = c.to_ascii_lowercase();
    }
    std::str::from_utf8(out).ok()
}

/// The letters of a name or a folder in lower case ("St. Louis" -> "stlouis"), in `buf` (None
/// if it has more letters than `buf` holds: no label or folder searched is so long).
fn squash_into<'b>(s: &[u8], buf: &'b mut [u8; MAX_LABEL]) -> Option<&'b str> {
    let mut n = 0;
    for c in s.iter().filter(|c| c.is_ascii_alphabetic()) {
        *buf.get_mut(n)? = c.to_ascii_lowercase();
        n += 1;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// The first four bytes of a name, as a number.
fn first4(b: &[u8]) -> Option<u32> {
    b.get(..4)
        .and_then(|p| p.try_into().ok())
        .map(u32::from_le_bytes)
}

impl HostPlaces {
    /// From the states (a state is its index among them) and the cities with the state each
    /// lies within and its population. A city name of several states names the state of the
    /// largest namesake if it has `DOMINANT` times the people of the next, else none.
    pub fn new(states: &[Term], cities: &[Term]) -> Self {
        let state_of = |name: &str| states.iter().position(|s| s.name == name);
        let mut buf = [0u8; MAX_LABEL];
        let mut squash = |name: &str| squash_into(name.as_bytes(), &mut buf).map(Box::<str>::from);
        // Per name, its namesakes: (state, people).
        let mut by_name: FxMap<Box<str>, Vec<(usize, u32)>> = FxMap::default();
        for t in cities {
            let (Some(st), Some(k)) = (state_of(&t.within), squash(&t.name)) else {
                continue;
            };
            if k.len() >= MIN_CITY {
                by_name.entry(k).or_default().push((st, t.people));
            }
        }
        let mut names: FxMap<Box<str>, usize> = by_name
            .into_iter()
            .filter_map(|(k, mut sakes)| {
                sakes.sort_by_key(|s| std::cmp::Reverse(s.1));
                let (st, top) = sakes[0];
                // The largest of the other states' namesakes (a city given twice in one state
                // does not compete with itself).
                let next = sakes.iter().find(|s| s.0 != st).map(|s| s.1.max(1));
                let ok = next.is_none_or(|n| u64::from(top) >= DOMINANT * u64::from(n));
                ok.then_some((k, st))
            })
            .collect();
        let states: FxMap<Box<str>, usize> = (states.iter().enumerate())
            .filter_map(|(i, t)| Some((squash(&t.name)?, i)))
            .collect();
        for (k, &i) in &states {
            if k.len() >= MIN_STATE {
                names.insert(k.clone(), i);
            }
        }
        let mut starts: FxMap<u32, u64> = FxMap::default();
        for k in names.keys().filter(|k| k.len() < 64) {
            if let Some(p) = first4(k.as_bytes()) {
                *starts.entry(p).or_default() |= 1 << k.len();
            }
        }
        HostPlaces {
            names,
            starts,
            states,
        }
    }

    /// The state an address names, if it names exactly one: by the longest name in each label
    /// of its host ("kansascity" is Kansas City, not Kansas), or a whole folder of its path
    /// that is a state's name ("/news/state/missouri/", "/new-york/").
    pub fn state(&self, url: &str) -> Option<usize> {
        let rest = url.split_once("://").map_or(url, |(_, r)| r).as_bytes();
        let end = rest.iter().position(|&c| c == b'?' || c == b'#');
        let rest = &rest[..end.unwrap_or(rest.len())];
        // The last part is the page's own name (often its headline), not a folder.
        let slash = rest.iter().position(|&c| c == b'/').unwrap_or(rest.len());
        let last = rest.iter().rposition(|&c| c == b'/').unwrap_or(rest.len());
        let (host, path) = (
            &rest[..slash],
            rest.get(slash + 1..last).unwrap_or_default(),
        );
        let host = host.split(|&c| c == b':').next().unwrap_or_default();
        let mut buf = [0u8; MAX_LABEL];
        let labels = host.split(|&c| c == b'.' || c == b'-').filter_map(|label| {
            let plain = label.len() <= MAX_LABEL && label.iter().all(u8::is_ascii_alphanumeric);
            plain.then(|| self.longest_in(lower_into(label, &mut buf)?))?
        });
        let mut fbuf = [0u8; MAX_LABEL];
        let folders = path.split(|&c| c == b'/').filter_map(|f| {
            // A state's name starts with a letter and is not long ("2016", a headline).
            if !(MIN_STATE..=MAX_LABEL).contains(&f.len()) || !f[0].is_ascii_alphabetic() {
                return None;
            }
            let k = squash_into(f, &mut fbuf)?;
            (k.len() >= MIN_STATE)
                .then(|| self.states.get(k).copied())
                .flatten()
        });
        let mut found: Option<usize> = None;
        for st in labels.chain(folders) {
            match found {
                Some(o) if o != st => return None,
                _ => found = Some(st),
            }
        }
        found
    }

    /// The state of the longest known name inside a label (the first such, if several).
    fn longest_in(&self, label: &str) -> Option<usize> {
        let b = label.as_bytes();
        let mut best: Option<(usize, usize)> = None;
        for i in 0..b.len().saturating_sub(MIN_STATE - 1) {
            let Some(&lens) = first4(&b[i..]).and_then(|p| self.starts.get(&p)) else {
                continue;
            };
            let most = (b.len() - i).min(63);
            let at = (MIN_STATE..=most)
                .rev()
                .filter(|len| lens & (1 << len) != 0)
                .find_map(|len| self.names.get(&label[i..i + len]).map(|&st| (len, st)));
            if let Some((len, st)) = at {
                if best.is_none_or(|(l, _)| len > l) {
                    best = Some((len, st));
                }
            }
        }
        best.map(|(_, st)| st)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn term(name: &str, within: &str) -> Term {
        Term {
            name: name.into(),
            aliases: Vec::new(),
            within: within.into(),
            people: 0,
        }
    }

    fn sized(name: &str, within: &str, people: u32) -> Term {
        Term {
            people,
            ..term(name, within)
        }
    }

    fn places() -> HostPlaces {
        let states = [
            term("Georgia", ""),
            term("Missouri", ""),
            term("Kansas", ""),
            term("Ohio", ""),
        ];
        let cities = [
            term("Atlanta", "Georgia"),
            term("Kansas City", "Missouri"),
            term("Columbus", "Georgia"),
            term("Columbus", "Ohio"),
            term("Rome", "Georgia"),
            sized("Jacksonville", "Ohio", 900_000),
            sized("Jacksonville", "Georgia", 100_000),
            sized("Springfield", "Ohio", 400_000),
            sized("Springfield", "Missouri", 200_000),
        ];
        HostPlaces::new(&states, &cities)
    }

    #[test]
    fn a_host_naming_a_city_names_its_state() {
        let p = places();
        assert_eq!(p.state("http://www.fox5atlanta.com/news/1"), Some(0));
        assert_eq!(p.state("https://atlanta.cbslocal.com/2016/x"), Some(0));
        // The longest name inside a label: Kansas City, Missouri, not Kansas.
        assert_eq!(p.state("http://www.kansascity.com/news/state"), Some(1));
        assert_eq!(p.state("http://www.ohio.com/a"), Some(3));
        // Of namesakes, the far larger one; a folder that is a state's name.
        assert_eq!(p.state("http://jacksonville.com/news/2017"), Some(3));
        assert_eq!(
            p.state("http://www.news.com/news/state/missouri/x.html"),
            Some(1)
        );
    }

    #[test]
    fn no_state_from_a_shared_name_a_short_one_or_the_path() {
        let p = places();
        // Columbus lies in two states; Rome is shorter than five letters; the path is not read.
        assert_eq!(p.state("http://columbusnews.com/"), None);
        assert_eq!(p.state("http://romenews.com/"), None);
        assert_eq!(p.state("http://wral.com/atlanta-man-shot"), None);
        // Two states named: none.
        assert_eq!(p.state("http://atlanta.ohio.example.com/"), None);
        // Namesakes of like size; a state's name as the page's own name or inside a folder.
        assert_eq!(p.state("http://springfieldnews.com/"), None);
        assert_eq!(p.state("http://www.news.com/local/missouri"), None);
        assert_eq!(p.state("http://www.news.com/teen-shot-in-missouri/x"), None);
        assert_eq!(p.state("not a url"), None);
    }

    proptest! {
        /// Any address, however odd (no scheme, non-ASCII, long labels, empty folders), is
        /// read without a panic, and an address's state does not depend on its query.
        #[test]
        fn any_address_is_read(url in "\\PC{0,120}", q in "[a-z=&]{0,20}") {
            let p = places();
            let s = p.state(&url);
            if !url.contains(['?', '#']) {
                prop_assert_eq!(p.state(&format!("{url}?{q}")), s);
            }
        }
    }
}
