//! Normalising text, matching people by name, and pairing group records.

/// Courtesy titles and police or military ranks, dropped from text before it is compared.
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "rev",
    "officer",
    "ofc",
    "patrolman",
    "ptl",
    "trooper",
    "deputy",
    "agent",
    "det",
    "detective",
    "cpl",
    "corporal",
    "sgt",
    "sergeant",
    "lt",
    "lieutenant",
    "capt",
    "captain",
    "cmdr",
    "commander",
    "chief",
];

/// Further words that stand before a person's name and are not part of it: titles that would be
/// wrong to drop from other text ("Sheriff's Office"), and a common misspelling of a rank.
const NAME_TITLES: &[&str] = &[
    "sheriff", "reverend", "pastor", "bishop", "special", "master", "sargeant", "sargent",
];

/// Generational suffixes, dropped from names.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// Lowercase words of `s`: apostrophes dropped (`O'Brien` → `obrien`), any other character that
/// is not a letter or digit splits words.
pub(crate) fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            continue;
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Text as it is compared: lowercase words separated by single spaces, without punctuation and
/// without honorifics or ranks ("Sgt. John O'Neil" → "john oneil"). A text made only of such words
/// keeps them ("Chief" → "chief").
pub fn normalize_text(s: &str) -> String {
    let all = words(s);
    let kept: Vec<&str> = all
        .iter()
        .map(String::as_str)
        .filter(|w| !HONORIFICS.contains(w))
        .collect();
    if kept.is_empty() {
        all.join(" ")
    } else {
        kept.join(" ")
    }
}

/// The text without its parenthesised parts: "Chicago (Roseland)" → "Chicago ".
pub(crate) fn strip_parens(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether two texts are the same once normalised ([`normalize_text`]), or once their
/// parenthesised parts are also dropped (a gold "Chicago (Roseland)" accepts "Chicago").
pub fn text_match(gold: &str, pred: &str) -> bool {
    let (g, p) = (normalize_text(gold), normalize_text(pred));
    if g == p {
        return true;
    }
    let (gb, pb) = (
        normalize_text(&strip_parens(gold)),
        normalize_text(&strip_parens(pred)),
    );
    !gb.is_empty() && gb == pb
}

/// A person's name split for matching: normalised, without honorifics and suffixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// The first word, when the name has more than one.
    pub given: Option<String>,
    /// The last word.
    pub surname: String,
    /// Every word, space-separated.
    pub full: String,
}

impl PersonName {
    /// `None` when nothing is left of the name once honorifics, ranks, titles and suffixes are
    /// dropped: a gold name that is only a rank ("Officer", "Deputy") stands for someone unnamed.
    pub fn parse(s: &str) -> Option<PersonName> {
        let all = words(s);
        let mut ws: Vec<&str> = all
            .iter()
            .map(String::as_str)
            .filter(|w| !HONORIFICS.contains(w) && !NAME_TITLES.contains(w))
            .collect();
        while ws.len() > 1 && ws.last().is_some_and(|w| SUFFIXES.contains(w)) {
            ws.pop();
        }
        let surname = (*ws.last()?).to_string();
        Some(PersonName {
            given: (ws.len() > 1).then(|| ws[0].to_string()),
            surname,
            full: ws.join(" "),
        })
    }

    /// Whether `given` is one of this name's given or middle names.
    fn has_forename(&self, given: &str) -> bool {
        let mut ws = self.full.split(' ');
        ws.next_back();
        ws.any(|w| w == given)
    }
}

/// Edit distance (insertions, deletions, substitutions) between two strings, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// How well two names match: 3 = the same words; 2 = the same surname; 1 = surnames of at least
/// 6 letters within edit distance 2 (Christensen/Christiansen); 0 = no match. Scores 2 and 1 also
/// need the given names to agree: one of them missing, the same initial (Zach/Zachary), or one
/// side's given name among the other's middle names (Lee Tartt/James Lee Tartt).
pub fn name_score(gold: &PersonName, pred: &PersonName) -> u8 {
    if gold.full == pred.full {
        return 3;
    }
    let given_ok = match (&gold.given, &pred.given) {
        (Some(g), Some(p)) => {
            g.chars().next() == p.chars().next() || gold.has_forename(p) || pred.has_forename(g)
        }
        _ => true,
    };
    if !given_ok {
        return 0;
    }
    if gold.surname == pred.surname {
        return 2;
    }
    let long = |s: &str| s.chars().count() >= 6;
    if long(&gold.surname)
        && long(&pred.surname)
        && edit_distance(&gold.surname, &pred.surname) <= 2
    {
        return 1;
    }
    0
}

/// What pairing needs of one group record. `role` and `age` are the canonical forms of those
/// sub-fields' values; `others` of the remaining sub-fields (name excluded), in schema order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordView {
    pub name: Option<PersonName>,
    pub role: Option<String>,
    pub age: Option<String>,
    pub others: Vec<Option<String>>,
}

/// A pair of matched records: gold index, predicted index, and whether they matched by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub gold: usize,
    pub pred: usize,
    pub by_name: bool,
}

/// Pairs gold and predicted records one to one, greedily, best candidates first.
///
/// 1. Records named on both sides pair by [`name_score`] (highest first).
/// 2. The rest pair when at most one of the two is named, the roles agree and the ages agree
///    (a missing role or age agrees with anything), and at least one sub-field other than the name
///    is equal on both sides. The more equal sub-fields, the earlier the pair is taken.
///
/// Ties go to the lower gold index, then the lower predicted index.
pub fn pair_records(gold: &[RecordView], pred: &[RecordView]) -> Vec<Pair> {
    let mut cands: Vec<(usize, usize, usize, bool)> = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (pi, p) in pred.iter().enumerate() {
            if let (Some(gn), Some(pn)) = (&g.name, &p.name) {
                let s = name_score(gn, pn);
                if s > 0 {
                    // Name pairs come before any pair of the second kind.
                    cands.push((1000 + usize::from(s), gi, pi, true));
                }
                continue;
            }
            let agree = |a: &Option<String>, b: &Option<String>| match (a, b) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if !agree(&g.role, &p.role) || !agree(&g.age, &p.age) {
                continue;
            }
            let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
            let score = usize::from(same(&g.role, &p.role))
                + usize::from(same(&g.age, &p.age))
                + g.others
                    .iter()
                    .zip(&p.others)
                    .filter(|(a, b)| same(a, b))
                    .count();
            if score > 0 {
                cands.push((score, gi, pi, false));
            }
        }
    }
    cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gold_used = vec![false; gold.len()];
    let mut pred_used = vec![false; pred.len()];
    let mut pairs = Vec::new();
    for (_, gi, pi, by_name) in cands {
        if gold_used[gi] || pred_used[pi] {
            continue;
        }
        gold_used[gi] = true;
        pred_used[pi] = true;
        pairs.push(Pair {
            gold: gi,
            pred: pi,
            by_name,
        });
    }
    pairs.sort_by_key(|p| (p.gold, p.pred));
    pairs
}
