//! Going to an article by its position number or its id (or a unique prefix of an id).

use super::action::Effect;
use super::changes::leave;
use super::queue::Queue;
use super::state::{ModeState, State};

/// Which article an answer to the GoTo prompt names, or why it names none (and, while the
/// corpus is still counted, that only its first articles are known yet).
pub fn resolve(queue: &Queue, answer: &str) -> Result<usize, String> {
    resolve_known(queue, answer).map_err(|e| match queue.counting {
        true => format!(
            "{e} (still counting the corpus: only its first {} articles are known yet)",
            queue.len()
        ),
        false => e,
    })
}

fn resolve_known(queue: &Queue, answer: &str) -> Result<usize, String> {
    let answer = answer.trim();
    if answer.is_empty() {
        return Err("Go to: type a position number or an article id".into());
    }
    let ids = queue.items();
    if let Some(i) = ids.iter().position(|it| &*it.id == answer) {
        return Ok(i);
    }
    if let Ok(n) = answer.trim_start_matches('#').parse::<usize>() {
        return match n {
            1.. if n <= queue.len() => Ok(n - 1),
            _ => Err(format!(
                "No article number {n}: the corpus has {}",
                queue.len()
            )),
        };
    }
    let mut found = ids
        .iter()
        .enumerate()
        .filter(|(_, it)| it.id.starts_with(answer));
    match (found.next(), found.next()) {
        (Some((i, _)), None) => Ok(i),
        (None, _) => Err(format!("No article id starts with {answer:?}")),
        (Some(_), Some(_)) => {
            let n = 2 + found.count();
            Err(format!(
                "{n} article ids start with {answer:?}: type more of one"
            ))
        }
    }
}

/// Back to review on article `i`: the open article is saved first, unless it is `i` itself.
pub fn open(state: &mut State, i: usize) -> Vec<Effect> {
    state.mode = ModeState::Normal;
    if i == state.queue.position && state.session.is_some() {
        return Vec::new();
    }
    let mut out = leave(state);
    out.push(Effect::Open(i));
    out
}

/// Opens the article the answer names (the open one is saved first), or says why not.
pub fn go(state: &mut State, answer: &str) -> Vec<Effect> {
    match resolve(&state.queue, answer) {
        Ok(i) => open(state, i),
        Err(e) => {
            state.warn(e);
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_ids_and_unique_prefixes() {
        let q = Queue::of_ids(&["ab-1", "ab-2", "c", "17"]);
        assert_eq!(resolve(&q, "2"), Ok(1));
        assert_eq!(resolve(&q, " #4 "), Ok(3));
        // An id that looks like a number is the id first.
        assert_eq!(resolve(&q, "17"), Ok(3));
        assert_eq!(resolve(&q, "ab-2"), Ok(1));
        assert_eq!(resolve(&q, "c"), Ok(2));
        assert!(resolve(&q, "ab").unwrap_err().contains("2 article ids"));
        assert!(resolve(&q, "5").unwrap_err().contains("has 4"));
        assert!(resolve(&q, "0").is_err());
        assert!(resolve(&q, "zz").unwrap_err().contains("No article id"));
        assert!(resolve(&q, "").is_err());
    }

    #[test]
    fn while_the_corpus_is_counted_a_miss_says_that_only_the_first_articles_are_known() {
        let mut q = Queue::of_ids(&["a", "b"]);
        q.counting = true;
        let e = resolve(&q, "zz").unwrap_err();
        assert!(
            e.contains("No article id") && e.contains("only its first 2"),
            "{e}"
        );
        assert!(resolve(&q, "9").unwrap_err().contains("still counting"));
        assert_eq!(resolve(&q, "b"), Ok(1));
        q.counting = false;
        assert!(!resolve(&q, "zz").unwrap_err().contains("counting"));
    }
}
