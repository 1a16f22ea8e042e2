//! Opening articles (with their annotation or suggestions) and saving annotations.

use crate::core::action::{Action, Effect, Opened};
use crate::core::state::Queue;
use crate::domain::anchor::reanchor;
use crate::domain::annotation::Annotation;
use crate::domain::prediction::{self, Suggest};
use crate::domain::schema::Schema;
use crate::io::{AnnotationStore, Corpus, PredictionSet};
use std::sync::Arc;

pub struct Services {
    pub corpus: Corpus,
    pub store: AnnotationStore,
    pub predictions: Option<PredictionSet>,
    pub schema: Arc<Schema>,
    /// Suggests values for a new article that has no predictions (run as it is opened).
    pub suggester: Option<Box<dyn Suggest>>,
}

/// What running an effect asks of the caller.
pub enum Next {
    Action(Action),
    Quit,
    Nothing,
}

impl Services {
    /// Each article's saved status, from the annotation files (article texts are not read).
    pub fn queue(&self) -> Queue {
        let saved = self.store.statuses();
        let statuses = (0..self.corpus.len())
            .map(|i| saved.get(self.corpus.id(i)).copied())
            .collect();
        Queue::new(statuses)
    }

    pub fn run(&self, effect: Effect, now: &str) -> Next {
        match effect {
            Effect::Save(ann) => Next::Action(Action::Saved(
                self.store.save(&ann).map_err(|e| e.to_string()),
            )),
            Effect::Open(i) => Next::Action(self.open(i, now)),
            Effect::Quit => Next::Quit,
        }
    }

    /// Loads article `index` and its annotation; a new annotation gets the predictions' suggestions.
    pub fn open(&self, index: usize, now: &str) -> Action {
        let article = match self.corpus.load(index) {
            Ok(a) => a,
            Err(e) => {
                return Action::OpenFailed {
                    index,
                    message: e.to_string(),
                }
            }
        };
        let mut messages = article.warnings.clone();
        let hash = article.text_hash();
        let reviewer = self.store.reviewer();
        let fresh = || {
            let mut ann = Annotation::new(&self.schema, &article.id, &hash, reviewer, now);
            let mut problems = Vec::new();
            if let Some(p) = self.predictions.as_ref().and_then(|p| p.get(&article.id)) {
                problems = prediction::apply(p, &self.schema, &article.text, &mut ann);
            } else if let Some(s) = &self.suggester {
                let p = s.suggest(&article);
                problems = prediction::apply(&p, &self.schema, &article.text, &mut ann);
            }
            (ann, problems)
        };
        let (annotation, persisted, read_only) = match self.store.load(&article.id) {
            Ok(Some(mut ann)) => {
                let mut read_only = None;
                if ann.schema.name != self.schema.name {
                    read_only = Some(format!(
                        "annotated with schema {:?}, reviewing with {:?}",
                        ann.schema.name, self.schema.name
                    ));
                } else if ann.article.text_hash != hash {
                    let r = reanchor(&mut ann, &article.text);
                    ann.article.text_hash = hash.clone();
                    messages.push(format!(
                        "The article's text changed since it was annotated: {} evidence spans moved, {} not found (marked)",
                        r.moved, r.stale
                    ));
                }
                (ann, true, read_only)
            }
            Ok(None) => {
                let (ann, problems) = fresh();
                messages.extend(problems.into_iter().map(|p| format!("predictions: {p}")));
                (ann, false, None)
            }
            Err(e) => {
                let (ann, _) = fresh();
                messages.push(format!("{e} — opened read-only; fix the file to edit"));
                (ann, true, Some(e.to_string()))
            }
        };
        Action::Opened(Box::new(Opened {
            index,
            article,
            annotation,
            persisted,
            read_only,
            messages,
        }))
    }
}
