//! Dates: absolute ("March 4, 2021", "Aug. 27", "2016-07-07", "7/7/16"), weekdays ("Thursday
//! night") and relative days ("yesterday"), anchored on the publication date. The incident's date
//! is the one told in sentences about the event, not in statements, bylines or court schedules.

mod mentions;
mod typed;

pub use typed::{resolve_typed, TypedDate};

use super::doc::{Doc, Kind, LINE};
use super::lexicon::{LexBuilder, ListId};
use super::{Ctx, ExtractError, Found, Sugg};
use crate::domain::rules::DateRules;
use mentions::num;
use time::{Date, Duration, Month};

pub(crate) struct DateRule {
    months: ListId,
    weekdays: ListId,
    last: ListId,
    relative: ListId,
    rel: Vec<(i32, f64)>,
    event: ListId,
    other: ListId,
    said: ListId,
    times: ListId,
    parts: ListId,
    after: ListId,
}

#[derive(Debug, Clone, Copy)]
enum What {
    /// Month and day, maybe a year and a weekday ("Monday, July 25").
    Day {
        y: Option<i32>,
        m: u8,
        d: u8,
        wd: Option<u8>,
    },
    Weekday {
        wd: u8,
        last: bool,
    },
    Relative {
        days: i32,
        weight: f64,
    },
}

/// The date mentions of an article with what they resolve to (shared by the rule's users).
pub(crate) struct Resolved {
    mentions: Vec<(Mention, Option<Date>)>,
    /// Tokens of four-digit years.
    year_toks: Vec<(usize, i32)>,
    published: bool,
    anchor: Option<Date>,
}

#[derive(Debug, Clone, Copy)]
struct Mention {
    t0: usize,
    t1: usize,
    what: What,
}

pub(crate) fn parse_iso(s: &str) -> Option<Date> {
    let s = s.get(..10)?;
    if !crate::domain::value::is_iso_date(s) {
        return None;
    }
    let y = s[0..4].parse().ok()?;
    let m = s[5..7].parse::<u8>().ok()?;
    let d = s[8..10].parse().ok()?;
    ymd(y, m, d)
}

fn ymd(y: i32, m: u8, d: u8) -> Option<Date> {
    if !(1800..=2200).contains(&y) {
        return None;
    }
    Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
}

/// A date inside the years rules deal with, as `YYYY-MM-DD`.
pub(crate) fn iso_checked(d: Date) -> Option<String> {
    (1800..=2200).contains(&d.year()).then(|| iso(d))
}

pub(crate) fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn weekday(d: Date) -> u8 {
    d.weekday().number_days_from_monday()
}

impl DateRule {
    pub fn compile(r: &DateRules, lb: &mut LexBuilder) -> Result<Self, ExtractError> {
        let rel_words: Vec<&[String]> = r.relative.iter().map(|x| x.words.as_slice()).collect();
        Ok(DateRule {
            months: lb.gazetteer(&r.months)?,
            weekdays: lb.gazetteer(&r.weekdays)?,
            last: lb.list(&r.last)?,
            relative: lb.entries(&rel_words)?,
            rel: r
                .relative
                .iter()
                .map(|x| (x.days, x.weight.unwrap_or(0.8)))
                .collect(),
            event: lb.list(&r.event)?,
            other: lb.list(&r.other)?,
            said: lb.list(&r.said)?,
            times: lb.list(&r.times)?,
            parts: lb.list(&r.parts)?,
            after: lb.list(&r.after)?,
        })
    }

    /// Without a publication date: the latest full date told, or a weekday with its month and day
    /// placed in the first matching year not before every year the text mentions.
    fn infer_anchor(mentions: &[Mention], years: &[i32]) -> Option<Date> {
        let full = mentions
            .iter()
            .filter_map(|m| match m.what {
                What::Day {
                    y: Some(y), m, d, ..
                } => ymd(y, m, d),
                _ => None,
            })
            .max();
        if full.is_some() {
            return full;
        }
        let floor = *years.iter().max()?;
        mentions
            .iter()
            .filter_map(|m| match m.what {
                What::Day {
                    y: None,
                    m,
                    d,
                    wd: Some(wd),
                } => (floor..floor + 12)
                    .filter_map(|y| ymd(y, m, d))
                    .find(|dt| weekday(*dt) == wd),
                _ => None,
            })
            .max()
    }

    fn resolve(what: What, anchor: Option<Date>, published: bool) -> Option<Date> {
        match what {
            What::Day {
                y: Some(y), m, d, ..
            } => ymd(y, m, d),
            What::Day { y: None, m, d, wd } => {
                let a = anchor?;
                // "Saturday, Sept. 12" in a story of January: the last year it fell on a Saturday.
                let told = wd.and_then(|wd| {
                    let years = (a.year() - 7..=a.year()).rev();
                    let mut days = years.filter_map(|y| ymd(y, m, d)).filter(|dt| *dt <= a);
                    days.find(|dt| weekday(*dt) == wd)
                });
                if told.is_some() {
                    return told;
                }
                let this = ymd(a.year(), m, d);
                match this {
                    Some(dt) if dt <= a => Some(dt),
                    // A few weeks ahead is a date to come (a hearing), not last year's.
                    Some(dt) if published && (dt - a) <= Duration::days(60) => None,
                    _ => ymd(a.year() - 1, m, d),
                }
            }
            What::Weekday { wd, last } => {
                let a = anchor?;
                let mut back = (i64::from(weekday(a)) - i64::from(wd)).rem_euclid(7);
                if last && back == 0 {
                    back = 7;
                }
                a.checked_sub(Duration::days(back))
            }
            What::Relative { days, .. } => anchor?.checked_add(Duration::days(i64::from(days))),
        }
    }

    fn score(&self, doc: &Doc, m: &Mention) -> f64 {
        let base = match m.what {
            What::Day { .. } => 1.3,
            What::Weekday { .. } => 0.9,
            What::Relative { weight, .. } => weight,
        };
        let s = doc.sent(m.t0);
        let (a, b) = doc.sent_range(s);
        let event = doc.has(a, b, self.event);
        let mut score = base;
        if event {
            // Nearer the date, the cue is more likely about it ("on Wednesday night, killing nine").
            let near = doc.has(
                m.t0.saturating_sub(10).max(a),
                (m.t1 + 10).min(b),
                self.event,
            );
            let cue = if near { 1.0 } else { 0.5 };
            // A vague day ("last week") is not made exact by the event beside it.
            score += if base < 0.5 { cue / 2.0 } else { cue };
        }
        if doc.has(a, b, self.other) {
            let near = doc.has(
                m.t0.saturating_sub(15).max(a),
                (m.t1 + 8).min(b),
                self.other,
            );
            score -= if near { 1.2 } else { 0.4 };
        }
        // "said Sunday", "told reporters Sunday": the day of a statement.
        let from = m.t0.saturating_sub(3).max(a);
        let mut said = doc
            .in_range(from, m.t0, self.said)
            .any(|(h, _)| h.t1 as usize <= m.t0);
        said |= doc.at(m.t1, self.said).is_some();
        if said {
            score -= 1.0;
        }
        if doc.has(
            m.t0.saturating_sub(8).max(a),
            (m.t1 + 10).min(b),
            self.times,
        ) {
            score += 0.7;
        }
        if doc.at(m.t1, self.parts).is_some() || doc.ending_at(m.t0, self.parts).is_some() {
            score += 0.2;
        }
        // "died Sunday after being shot Saturday night": the event came before this day.
        let later = doc
            .in_range(m.t1, (m.t1 + 6).min(b), self.after)
            .any(|(h, _)| doc.has(h.t1 as usize, (h.t1 as usize + 5).min(b), self.event));
        if later {
            score -= 0.6;
        }
        let line_start = (a.max(b.saturating_sub(12))..b)
            .rev()
            .find(|&i| doc.flag(i, LINE))
            .unwrap_or(a);
        if b - line_start <= 8 && !event {
            score -= 0.6;
        }
        score + 0.4 / (1.0 + s as f64 / 4.0)
    }

    /// Every date mention, resolved against the publication date (or one inferred).
    pub fn resolve_all(&self, ctx: &Ctx) -> Resolved {
        let doc = &ctx.doc;
        let mut years = Vec::new();
        let mentions = self.mentions(doc, &mut years);
        let (anchor, published) = match ctx.published {
            Some(p) => (Some(p), true),
            None => (Self::infer_anchor(&mentions, &years), false),
        };
        // "the 1900 block of 16th Street", "$2000": not a year.
        let not_a_year = |i: usize| {
            let next = doc.word(i + 1);
            let next = if next == "-" { doc.word(i + 2) } else { next };
            next.eq_ignore_ascii_case("block")
                || next.eq_ignore_ascii_case("blocks")
                || (i > 0 && matches!(doc.word(i - 1), "$" | "#"))
        };
        let year_toks = (doc.toks.iter().enumerate())
            .filter(|&(i, t)| t.kind == Kind::Num && t.b1 - t.b0 == 4 && !not_a_year(i))
            .filter_map(|(i, _)| {
                num(doc, i)
                    .filter(|y| (1900..=2100).contains(y))
                    .map(|y| (i, y as i32))
            })
            .collect();
        Resolved {
            mentions: mentions
                .into_iter()
                .map(|m| (m, Self::resolve(m.what, anchor, published)))
                .collect(),
            year_toks,
            published,
            anchor,
        }
    }

    /// Sentences that tell of another time than `event`: a full date days away, or another year.
    pub fn other_times(&self, ctx: &Ctx, event: Date) -> Vec<bool> {
        let doc = &ctx.doc;
        let r = ctx.dates(self);
        let mut out = vec![false; doc.sents.len()];
        for (m, d) in &r.mentions {
            if let (What::Day { .. }, Some(d)) = (m.what, d) {
                if (*d - event).whole_days().abs() > 2 {
                    if let Some(x) = out.get_mut(doc.sent(m.t0)) {
                        *x = true;
                    }
                }
            }
        }
        for &(i, y) in &r.year_toks {
            if y != event.year() {
                if let Some(x) = out.get_mut(doc.sent(i)) {
                    *x = true;
                }
            }
        }
        out
    }

    pub fn run(&self, ctx: &Ctx) -> Found {
        let doc = &ctx.doc;
        let r = ctx.dates(self);
        let (anchor, published) = (r.anchor, r.published);
        // (date, best score, its mention, how many mentions)
        let mut dates: Vec<(Date, f64, Mention, u32)> = Vec::new();
        for (m, dt) in &r.mentions {
            let Some(dt) = *dt else { continue };
            if published && anchor.is_some_and(|a| dt > a) {
                continue;
            }
            let mut sc = self.score(doc, m);
            // A date years before publication is history, not the news.
            if published && anchor.is_some_and(|a| (a - dt).whole_days() > 365) {
                sc -= 1.5;
            }
            match dates.iter_mut().find(|x| x.0 == dt) {
                Some(x) => {
                    x.3 += u32::from(sc >= 1.0);
                    if sc > x.1 {
                        x.1 = sc;
                        x.2 = *m;
                    }
                }
                None => dates.push((dt, sc, *m, u32::from(sc >= 1.0))),
            }
        }
        let best = dates.into_iter().max_by(|a, b| {
            let sa = a.1 + 0.3 * f64::from(a.3.clamp(1, 3) - 1);
            let sb = b.1 + 0.3 * f64::from(b.3.clamp(1, 3) - 1);
            sa.total_cmp(&sb).then(b.2.t0.cmp(&a.2.t0))
        });
        match best {
            Some((dt, sc, m, n)) => {
                let sc = sc + 0.3 * f64::from(n.clamp(1, 3) - 1);
                let conf = 0.3 + 0.2 * sc;
                Found::One(Sugg::new(
                    iso(dt),
                    conf.clamp(0.2, 0.9),
                    doc.span(m.t0, m.t1),
                ))
            }
            // No day told: news of an event is news of the day it is published (a weak guess,
            // shown with the words that tell of the event).
            None => match (ctx.published, doc.all(self.event).next()) {
                (Some(p), Some((h, _))) => match iso_checked(p) {
                    Some(v) => Found::One(Sugg::new(v, 0.2, doc.hit_span(&h))),
                    None => Found::Nothing,
                },
                _ => Found::Nothing,
            },
        }
    }
}
