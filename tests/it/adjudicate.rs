//! Adjudication in the pure core: two reviewers' annotations of the samples (made here, one
//! with two disagreements), the fields they agree on confirmed, a digit taking reviewer 2's
//! value with its evidence, the adjudication record, undo, and `D` refusing and then moving on
//! to the next article waiting.

use crate::common::{articles_dir, key, predictions_path, NOW};
use std::sync::Arc;
use vetter::core::adjudicate::{Candidate, ReviewsOpened};
use vetter::core::keymap::Keymap;
use vetter::core::queue::{Item, Queue};
use vetter::core::state::{Level, State};
use vetter::core::{update, Action, Effect, Opened};
use vetter::domain::annotation::{
    Annotation, Entry, FieldAnn, FieldState, Settled, Source, Span, Status,
};
use vetter::domain::article::Article;
use vetter::domain::schema::Schema;
use vetter::domain::summary::Summary;
use vetter::domain::value::Value;
use vetter::io::{default_schema, load_predictions, Corpus};

pub(crate) const FIRST: &str = "farmington-officer-resigns-daily-mail";

/// Marks every field reviewed as a reviewer finishing the article would: values confirmed,
/// empty ones not mentioned (sub-fields too).
fn review_all(f: &mut FieldAnn) {
    match &f.value {
        Entry::Empty => {
            f.value = Entry::NotMentioned;
            f.state = FieldState::Rejected;
        }
        _ => f.state = FieldState::Confirmed,
    }
    if let Entry::Records(recs) = &mut f.value {
        recs.iter_mut()
            .flat_map(|r| r.fields.iter_mut())
            .for_each(review_all);
    }
}

/// `name`'s finished annotation of `article`: the fixture's predictions, every field reviewed.
/// Bob puts the first article in Racine (no evidence: the article does not say so) and counts
/// one injured where the others count two.
pub(crate) fn reviewed(schema: &Schema, article: &Article, name: &str) -> Annotation {
    let preds = load_predictions(&predictions_path(), schema).unwrap();
    let mut ann = Annotation::new(schema, &article.id, &article.text_hash(), name, NOW);
    if let Some(p) = preds.get(&article.id) {
        vetter::domain::prediction::apply(p, schema, &article.text, &mut ann);
    }
    ann.fields.iter_mut().for_each(review_all);
    if name == "bob" && article.id == FIRST {
        let city = ann.field_mut("city").unwrap();
        city.value = Entry::Value(Value::Text("Racine".into()));
        city.evidence.clear();
        city.state = FieldState::Corrected;
        let injured = ann.field_mut("num_injured").unwrap();
        injured.value = Entry::Value(Value::Int(1));
        injured.evidence = vec![Span {
            start: 0,
            end: 1,
            quote: article.text.chars().take(1).collect(),
            stale: false,
        }];
        injured.state = FieldState::Corrected;
    }
    ann.status = Status::Done;
    ann
}

/// The sample articles, in corpus order.
pub(crate) fn articles() -> Vec<Article> {
    let c = Corpus::open(&articles_dir()).unwrap();
    (0..c.len()).map(|i| c.load(i).unwrap()).collect()
}

/// Saves ann's and bob's annotations of every sample under `root` (one folder each).
pub(crate) fn write_team(root: &std::path::Path) {
    let schema = default_schema();
    for name in ["ann", "bob"] {
        let store = vetter::io::AnnotationStore::new(root, name);
        for a in articles() {
            store.save(&reviewed(&schema, &a, name)).unwrap();
        }
    }
}

/// A core state adjudicating the three samples (the second one already adjudicated), with
/// the first open.
pub(crate) fn adjudicating(width: u16, height: u16) -> (State, Vec<Article>) {
    let schema = Arc::new(default_schema());
    let arts = articles();
    let mut items: Vec<Item> = arts.iter().map(|a| Item::new(&a.id)).collect();
    let mut done = Annotation::new(&schema, &arts[1].id, "", "lead", NOW);
    done.status = Status::Done;
    items[1].summary = Some(Summary::of(&done));
    let mut state = State::new(
        schema,
        Arc::new(Keymap::default_keymap()),
        "lead",
        Queue::new(items),
    );
    update(
        &mut state,
        Action::Clock {
            now: NOW.into(),
            active_seconds: 0,
        },
    );
    update(&mut state, Action::Resize { width, height });
    open(&mut state, &arts, 0);
    (state, arts)
}

/// Opens article `i` for adjudication, as the services would with no adjudication saved yet.
pub(crate) fn open(state: &mut State, arts: &[Article], i: usize) {
    let a = &arts[i];
    let reviews = ["ann", "bob"]
        .iter()
        .map(|n| Candidate {
            name: n.to_string(),
            ann: reviewed(&state.schema, a, n),
        })
        .collect();
    let opened = Opened {
        index: i,
        article: a.clone(),
        annotation: Annotation::new(&state.schema, &a.id, &a.text_hash(), "lead", NOW),
        persisted: false,
        read_only: None,
        messages: Vec::new(),
    };
    update(
        state,
        Action::AdjudicationOpened(Box::new(ReviewsOpened { opened, reviews })),
    );
}

fn field<'a>(state: &'a State, key: &str) -> &'a FieldAnn {
    state
        .session
        .as_ref()
        .unwrap()
        .annotation
        .field(key)
        .unwrap()
}

fn from(state: &State, key: &str) -> Option<Source> {
    let adj = state.session.as_ref()?.annotation.adjudication.as_ref()?;
    adj.fields
        .iter()
        .find(|s| s.key == key)
        .map(|s| s.from.clone())
}

fn focus(state: &mut State, key: &str) {
    let fi = state
        .schema
        .fields
        .iter()
        .position(|d| d.key == key)
        .unwrap();
    let row = vetter::core::form::Row::Field { field: fi };
    state.focus = state.rows().iter().position(|r| *r == row).unwrap();
}

fn saved(out: &[Effect]) -> &Annotation {
    out.iter()
        .rev()
        .find_map(|e| match e {
            Effect::Save(a) => Some(&**a),
            _ => None,
        })
        .expect("a save")
}

#[test]
fn agreed_fields_start_confirmed_and_disagreements_wait() {
    let (state, arts) = adjudicating(100, 30);
    let bob = reviewed(&state.schema, &arts[0], "bob");
    let state_field = field(&state, "state");
    assert_eq!(state_field.state, FieldState::Confirmed);
    assert_eq!(state_field.value, bob.field("state").unwrap().value);
    assert_eq!(state_field.evidence, bob.field("state").unwrap().evidence);
    assert_eq!(from(&state, "state"), Some(Source::Agreed));
    for key in ["city", "num_injured"] {
        assert_eq!(field(&state, key).state, FieldState::Unreviewed, "{key}");
        assert_eq!(field(&state, key).value, Entry::Empty, "{key}");
        assert_eq!(from(&state, key), None, "{key}");
    }
    let adj = state
        .session
        .as_ref()
        .unwrap()
        .annotation
        .adjudication
        .clone();
    assert_eq!(adj.unwrap().settled, ["ann", "bob"]);
    // The focus starts on the first field left to settle.
    assert_eq!(state.focused_row(), {
        let fi = state.schema.fields.iter().position(|d| d.key == "city");
        Some(vetter::core::form::Row::Field { field: fi.unwrap() })
    });
}

#[test]
fn a_digit_takes_that_reviewers_value_with_its_evidence_and_undo_takes_it_back() {
    let (mut state, arts) = adjudicating(100, 30);
    let bob = reviewed(&state.schema, &arts[0], "bob");
    let ann = reviewed(&state.schema, &arts[0], "ann");
    focus(&mut state, "num_injured");
    let out = update(&mut state, key("2"));
    let injured = field(&state, "num_injured").clone();
    assert_eq!(injured.value, Entry::Value(Value::Int(1)));
    assert_eq!(injured.evidence, bob.field("num_injured").unwrap().evidence);
    assert_eq!(injured.state, FieldState::Confirmed);
    assert_eq!(
        from(&state, "num_injured"),
        Some(Source::Reviewer("bob".into()))
    );
    // What is saved carries the record.
    let rec = saved(&out).adjudication.clone().unwrap();
    assert!(rec.fields.contains(&Settled {
        key: "num_injured".into(),
        from: Source::Reviewer("bob".into()),
    }));
    // 1 takes ann's instead.
    focus(&mut state, "num_injured");
    update(&mut state, key("1"));
    assert_eq!(
        field(&state, "num_injured").value,
        ann.field("num_injured").unwrap().value
    );
    assert_eq!(
        from(&state, "num_injured"),
        Some(Source::Reviewer("ann".into()))
    );
    // Undo twice: unsettled again, and the record says so.
    update(&mut state, key("u"));
    assert_eq!(
        from(&state, "num_injured"),
        Some(Source::Reviewer("bob".into()))
    );
    let out = update(&mut state, key("u"));
    assert_eq!(field(&state, "num_injured").state, FieldState::Unreviewed);
    assert_eq!(from(&state, "num_injured"), None);
    assert_eq!(saved(&out).adjudication.as_ref().map(|a| a.fields.len()), {
        let a = state
            .session
            .as_ref()
            .unwrap()
            .annotation
            .adjudication
            .as_ref();
        a.map(|a| a.fields.len())
    });
    // No reviewer 3.
    update(&mut state, key("3"));
    assert_eq!(
        state.message.as_ref().unwrap().text,
        "No reviewer 3: there are 2"
    );
}

#[test]
fn an_edited_value_is_recorded_as_edited() {
    let (mut state, _) = adjudicating(100, 30);
    focus(&mut state, "city");
    update(&mut state, key("e"));
    for c in "Aztec".chars() {
        update(
            &mut state,
            Action::Key(vetter::core::keys::KeyChord::plain(
                vetter::core::keys::Key::Char(c),
            )),
        );
    }
    update(&mut state, key("Enter"));
    assert_eq!(
        field(&state, "city").value,
        Entry::Value(Value::Text("Aztec".into()))
    );
    assert_eq!(from(&state, "city"), Some(Source::Edited));
}

#[test]
fn compare_highlights_each_reviewers_evidence_in_turn() {
    let (mut state, arts) = adjudicating(100, 30);
    let bob = reviewed(&state.schema, &arts[0], "bob");
    let ann = reviewed(&state.schema, &arts[0], "ann");
    focus(&mut state, "num_injured");
    let spans = |a: &Annotation| -> Vec<(usize, usize)> {
        let f = a.field("num_injured").unwrap();
        f.evidence.iter().map(|e| (e.start, e.end)).collect()
    };
    assert_eq!(vetter::core::adjudicate::shown_evidence(&state), None);
    update(&mut state, key("c"));
    assert_eq!(
        vetter::core::adjudicate::shown_evidence(&state),
        Some(spans(&ann))
    );
    update(&mut state, key("c"));
    assert_eq!(
        vetter::core::adjudicate::shown_evidence(&state),
        Some(spans(&bob))
    );
    update(&mut state, key("c"));
    assert_eq!(vetter::core::adjudicate::shown_evidence(&state), None);
    // Moving on ends it.
    update(&mut state, key("c"));
    update(&mut state, key("j"));
    assert_eq!(vetter::core::adjudicate::shown_evidence(&state), None);
}

#[test]
fn done_refuses_while_a_disagreement_is_unsettled_then_opens_the_next_waiting() {
    let (mut state, arts) = adjudicating(100, 30);
    focus(&mut state, "city");
    update(&mut state, key("2"));
    assert_eq!(from(&state, "city"), Some(Source::Reviewer("bob".into())));
    assert!(field(&state, "city").evidence.is_empty(), "bob gave none");
    let out = update(&mut state, key("D"));
    assert!(!out.iter().any(|e| matches!(e, Effect::Open(_))), "{out:?}");
    let m = state.message.clone().unwrap();
    assert_eq!(m.level, Level::Warn);
    assert!(
        m.text.starts_with("Not done: 1 field unreviewed"),
        "{}",
        m.text
    );
    assert_eq!(state.focused_row(), {
        let fi = state
            .schema
            .fields
            .iter()
            .position(|d| d.key == "num_injured");
        Some(vetter::core::form::Row::Field { field: fi.unwrap() })
    });
    update(&mut state, key("1"));
    let out = update(&mut state, key("D"));
    // The second article is adjudicated already: the third is next.
    assert!(out.contains(&Effect::Open(2)), "{out:?}");
    let done = saved(&out);
    assert_eq!(done.status, Status::Done);
    assert_eq!(done.reviewer, "lead");
    let rec = done.adjudication.clone().unwrap();
    assert_eq!(rec.settled, ["ann", "bob"]);
    assert_eq!(rec.fields.len(), state.schema.fields.len());
    assert!(rec.fields.contains(&Settled {
        key: "city".into(),
        from: Source::Reviewer("bob".into())
    }));
    assert!(rec.fields.contains(&Settled {
        key: "num_injured".into(),
        from: Source::Reviewer("ann".into())
    }));
    assert!(rec.fields.contains(&Settled {
        key: "participants".into(),
        from: Source::Agreed
    }));
    assert_eq!(state.queue.remaining(), 1, "one article waits");
    open(&mut state, &arts, 2);
    assert_eq!(state.queue.position, 2);
    // Everything agreed on the third: D finishes it at once, and none is left.
    update(&mut state, key("D"));
    assert_eq!(state.queue.remaining(), 0);
}

#[test]
fn a_group_takes_a_reviewers_whole_list() {
    let (mut state, arts) = adjudicating(100, 30);
    let ann = reviewed(&state.schema, &arts[0], "ann");
    // Make the reviewers disagree on the participants: bob's list without its second record.
    if let Some(adj) = state.adjudication.as_mut() {
        let bob = &mut adj.reviews[1].ann;
        if let Entry::Records(r) = &mut bob.field_mut("participants").unwrap().value {
            r.truncate(1);
        }
    }
    focus(&mut state, "participants");
    update(&mut state, key("2"));
    assert_eq!(field(&state, "participants").records().len(), 1);
    assert_eq!(
        from(&state, "participants"),
        Some(Source::Reviewer("bob".into()))
    );
    focus(&mut state, "participants");
    update(&mut state, key("1"));
    let got = field(&state, "participants");
    assert_eq!(got.records(), ann.field("participants").unwrap().records());
    assert_eq!(
        from(&state, "participants"),
        Some(Source::Reviewer("ann".into()))
    );
    assert_eq!(
        state.message.as_ref().unwrap().text,
        "Participants: took 1 ann's 2 records"
    );
}
