//! One article being read: the analysed text, and each field's result, computed once when a
//! field or another field's rule first asks for it.

use super::doc::Doc;
use super::{date, Both, Extractor, Found, Rule};
use std::cell::RefCell;
use std::rc::Rc;

/// One article being read: the analysed text and the fields found so far.
pub(crate) struct Ctx<'a> {
    pub doc: Doc<'a>,
    pub published: Option<time::Date>,
    /// The article's web address, if known.
    pub url: Option<&'a str>,
    ex: &'a Extractor,
    found: RefCell<Vec<Option<Rc<Found>>>>,
    busy: RefCell<Vec<bool>>,
    other: RefCell<Option<Rc<Vec<bool>>>>,
    dates: RefCell<Option<Rc<date::Resolved>>>,
    /// Place analyses (state, city) by group of identical place rules.
    places: RefCell<Vec<Option<Rc<Both>>>>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(
        doc: Doc<'a>,
        (published, url): (Option<time::Date>, Option<&'a str>),
        ex: &'a Extractor,
    ) -> Self {
        let n = ex.fields.len();
        Ctx {
            doc,
            published,
            url,
            ex,
            found: RefCell::new(vec![None; n]),
            busy: RefCell::new(vec![false; n]),
            other: RefCell::new(None),
            dates: RefCell::new(None),
            places: RefCell::new(Vec::new()),
        }
    }

    /// The analysed text (for its buffers) and what each field's rule found.
    pub(super) fn into_parts(self) -> (Doc<'a>, Vec<Option<Rc<Found>>>) {
        (self.doc, self.found.into_inner())
    }

    /// The date mentions, resolved once (by the first `Date` rule asked).
    pub fn dates(&self, rule: &date::DateRule) -> Rc<date::Resolved> {
        if let Some(r) = &*self.dates.borrow() {
            return r.clone();
        }
        let r = Rc::new(rule.resolve_all(self));
        *self.dates.borrow_mut() = Some(r.clone());
        r
    }

    /// The place analysis of a group of place rules, computed once.
    pub fn places(
        &self,
        group: usize,
        analyse: impl FnOnce() -> (Found, Found),
    ) -> Rc<(Found, Found)> {
        if let Some(Some(r)) = self.places.borrow().get(group) {
            return r.clone();
        }
        let r = Rc::new(analyse());
        let mut slots = self.places.borrow_mut();
        if slots.len() <= group {
            slots.resize(group + 1, None);
        }
        slots[group] = Some(r.clone());
        r
    }

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
        f.one()
            .and_then(|s| s.value.as_str())
            .and_then(date::parse_iso)
    }

    /// The city found by the first `Place` field for cities.
    pub fn city(&self) -> Option<String> {
        let f = self.first(|r| matches!(r, Rule::Place(p) if p.is_city()));
        f.one().and_then(|s| s.value.as_str()).map(str::to_string)
    }

    pub(super) fn result(&self, i: usize) -> Rc<Found> {
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
