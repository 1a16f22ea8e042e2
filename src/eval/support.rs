//! Whether an article's text supports a gold value (the text-supported view).

use super::matching::{normalize_text, strip_parens, words, PersonName};
use crate::domain::schema::FieldType;
use crate::domain::value::Value;

/// An article's text, prepared for support checks.
#[derive(Debug, Clone)]
pub struct ArticleText {
    raw: String,
    /// The normalised words, with a space before and after each.
    norm: String,
}

impl ArticleText {
    pub fn new(raw: &str) -> Self {
        ArticleText {
            raw: raw.to_string(),
            norm: format!(" {} ", words(raw).join(" ")),
        }
    }

    /// Whether the words of `phrase` occur in the text, in a row, as whole words (any case).
    pub fn has_words(&self, phrase: &str) -> bool {
        let w = words(phrase);
        !w.is_empty() && self.norm.contains(&format!(" {} ", w.join(" ")))
    }

    /// Whether `needle` occurs in the raw text exactly, not right after a letter, digit or '.'.
    fn has_exact(&self, needle: &str) -> bool {
        self.raw.match_indices(needle).any(|(i, _)| {
            !self.raw[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '.')
        })
    }

    /// Whether the person's surname occurs in the text as a word.
    pub fn has_name(&self, name: &PersonName) -> bool {
        self.has_words(&name.surname)
    }
}

/// US states with the abbreviations news style uses for them.
const STATE_ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("alabama", &["Ala."]),
    ("arizona", &["Ariz."]),
    ("arkansas", &["Ark."]),
    ("california", &["Calif.", "Cal."]),
    ("colorado", &["Colo."]),
    ("connecticut", &["Conn."]),
    ("delaware", &["Del."]),
    ("district of columbia", &["D.C."]),
    ("florida", &["Fla."]),
    ("georgia", &["Ga."]),
    ("illinois", &["Ill."]),
    ("indiana", &["Ind."]),
    ("kansas", &["Kan.", "Kans."]),
    ("kentucky", &["Ky."]),
    ("louisiana", &["La."]),
    ("maryland", &["Md."]),
    ("massachusetts", &["Mass."]),
    ("michigan", &["Mich."]),
    ("minnesota", &["Minn."]),
    ("mississippi", &["Miss."]),
    ("missouri", &["Mo."]),
    ("montana", &["Mont."]),
    ("nebraska", &["Neb.", "Nebr."]),
    ("nevada", &["Nev."]),
    ("new hampshire", &["N.H."]),
    ("new jersey", &["N.J."]),
    ("new mexico", &["N.M.", "N.Mex."]),
    ("new york", &["N.Y."]),
    ("north carolina", &["N.C."]),
    ("north dakota", &["N.D."]),
    ("oklahoma", &["Okla."]),
    ("oregon", &["Ore.", "Oreg."]),
    ("pennsylvania", &["Pa.", "Penn."]),
    ("rhode island", &["R.I."]),
    ("south carolina", &["S.C."]),
    ("south dakota", &["S.D."]),
    ("tennessee", &["Tenn."]),
    ("texas", &["Tex."]),
    ("vermont", &["Vt."]),
    ("virginia", &["Va."]),
    ("washington", &["Wash."]),
    ("west virginia", &["W.Va.", "W. Va."]),
    ("wisconsin", &["Wis.", "Wisc."]),
    ("wyoming", &["Wyo."]),
];

/// Number words for small counts and ages.
const NUMBER_WORDS: &[(i64, &[&str])] = &[
    (0, &["zero", "no one", "nobody", "none"]),
    (1, &["one"]),
    (2, &["two", "both"]),
    (3, &["three"]),
    (4, &["four"]),
    (5, &["five"]),
    (6, &["six"]),
    (7, &["seven"]),
    (8, &["eight"]),
    (9, &["nine"]),
    (10, &["ten"]),
    (11, &["eleven"]),
    (12, &["twelve", "dozen"]),
    (13, &["thirteen"]),
    (14, &["fourteen"]),
    (15, &["fifteen"]),
    (16, &["sixteen"]),
    (17, &["seventeen"]),
    (18, &["eighteen"]),
    (19, &["nineteen"]),
    (20, &["twenty"]),
];

/// Whether the text supports a gold value:
///
/// - text: its normalised words occur in the text; or, for "City (Neighbourhood)", the city or the
///   neighbourhood does; or, for a US state, a news-style abbreviation does ("N.C.", "Tenn.");
/// - integer: the number occurs as a word, in digits or spelt out for 0 to 20 ("five", "no one");
/// - date: the day of the month occurs as a number ("21", "21st") or its weekday is named;
/// - enum, multi and boolean values cannot be checked against words: they count as supported.
pub fn supports(text: &ArticleText, kind: &FieldType, value: &Value) -> bool {
    match (kind, value) {
        (FieldType::Text, Value::Text(s)) => text_supported(text, s),
        (FieldType::Integer, Value::Int(n)) => {
            text.has_words(&n.to_string())
                || NUMBER_WORDS
                    .iter()
                    .filter(|(k, _)| k == n)
                    .flat_map(|(_, ws)| ws.iter())
                    .any(|w| text.has_words(w))
        }
        (FieldType::Date, Value::Date(d)) => date_supported(text, d),
        _ => true,
    }
}

fn text_supported(text: &ArticleText, s: &str) -> bool {
    let inner: String = s
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(inside, _)| inside.to_string())
        .unwrap_or_default();
    let candidates = [normalize_text(s), normalize_text(&strip_parens(s)), inner];
    if candidates
        .iter()
        .any(|c| !c.trim().is_empty() && text.has_words(c))
    {
        return true;
    }
    let norm = normalize_text(s);
    STATE_ABBREVIATIONS
        .iter()
        .filter(|(state, _)| *state == norm)
        .flat_map(|(_, abbrs)| abbrs.iter())
        .any(|a| text.has_exact(a))
}

fn date_supported(text: &ArticleText, d: &str) -> bool {
    let part = |r: std::ops::Range<usize>| d.get(r).and_then(|p| p.parse::<u32>().ok());
    let (Some(y), Some(m), Some(day)) = (part(0..4), part(5..7), part(8..10)) else {
        return false;
    };
    let suffix = match day {
        1 | 21 | 31 => "st",
        2 | 22 => "nd",
        3 | 23 => "rd",
        _ => "th",
    };
    if text.has_words(&day.to_string()) || text.has_words(&format!("{day}{suffix}")) {
        return true;
    }
    let weekday = u8::try_from(m)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .and_then(|month| {
            let day = u8::try_from(day).ok()?;
            time::Date::from_calendar_date(i32::try_from(y).ok()?, month, day).ok()
        })
        .map(|date| date.weekday().to_string());
    weekday.is_some_and(|w| text.has_words(&w))
}
