//! Gold from an annotations root that several reviewers share (`annotations/<reviewer>/`): it
//! is never pooled silently. One reviewer's annotations are gold only when asked for
//! (`--reviewer NAME`), or the adjudicated ones (`--gold-adjudicated`); a root that holds one
//! reviewer's files is read as before ([`load_annotations`](super::gold::load_annotations)).

use super::gold::{load_annotations, reviewed_only, GoldRecord};
use super::{EvalError, GoldPick};
use crate::domain::prediction::from_annotation;
use crate::domain::schema::Schema;
use crate::io::team::{Group, Review, Team};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;

type Loaded = (Vec<GoldRecord>, Vec<String>);

/// Gold from an annotations directory, as `pick` says.
pub(super) fn load_dir(dir: &Path, schema: &Schema, pick: &GoldPick) -> Result<Loaded, EvalError> {
    let team = Team::open(dir)?;
    let groups = team.groups();
    match pick {
        GoldPick::Only => {
            let names = with_files(&team, &groups);
            if names.len() > 1 {
                return Err(EvalError::Reviewers {
                    path: dir.to_path_buf(),
                    names,
                });
            }
            load_annotations(dir, schema)
        }
        GoldPick::Reviewer(name) => {
            let Some(m) = team.member_named(name) else {
                return Err(EvalError::NoReviewer {
                    path: dir.to_path_buf(),
                    name: name.clone(),
                    names: with_files(&team, &groups),
                });
            };
            let own: Vec<Group> = groups
                .into_iter()
                .filter_map(|g| {
                    let files: Vec<_> = g.files.into_iter().filter(|(i, _)| *i == m).collect();
                    (!files.is_empty()).then_some(Group { key: g.key, files })
                })
                .collect();
            read(&team, &own, schema, |a| a.reviews.iter().collect())
        }
        GoldPick::Adjudicated => read(&team, &groups, schema, |a| a.adjudicated.iter().collect()),
    }
}

/// The names of the members that hold at least one article file, in order.
fn with_files(team: &Team, groups: &[Group]) -> Vec<String> {
    let mut has = vec![false; team.members().len()];
    for (m, _) in groups.iter().flat_map(|g| &g.files) {
        has[*m] = true;
    }
    team.members()
        .iter()
        .zip(has)
        .filter(|(_, h)| *h)
        .map(|(m, _)| m.name.clone())
        .collect()
}

/// Reads the groups in parallel (output in group order), and takes from each article the first
/// of the annotations `take` gives; a further one is warned about, as is a repeated article.
fn read(
    team: &Team,
    groups: &[Group],
    schema: &Schema,
    take: impl Fn(&crate::io::team::Article) -> Vec<&Review> + Sync,
) -> Result<Loaded, EvalError> {
    let per_group: Vec<_> = groups
        .par_iter()
        .map(|g| {
            let (articles, errors) = team.read_with(g, crate::batch::export::fast::parse_or_full);
            let mut picked = Vec::new();
            let mut warnings = Vec::new();
            for article in &articles {
                let reviews = take(article);
                let Some(first) = reviews.first() else {
                    continue;
                };
                for other in &reviews[1..] {
                    warnings.push(format!(
                        "{}: article {:?} is also annotated in {}; that one is used",
                        other.path.display(),
                        article.id,
                        first.path.display()
                    ));
                }
                if first.ann.schema.name != schema.name {
                    warnings.push(format!(
                        "{}: annotated with schema {:?}, evaluated with {:?}",
                        first.path.display(),
                        first.ann.schema.name,
                        schema.name
                    ));
                }
                let p = from_annotation(&reviewed_only(&first.ann), "gold");
                picked.push((first.path.clone(), GoldRecord::new(p.id, p.fields)));
            }
            (picked, warnings, errors)
        })
        .collect();
    let mut gold = Vec::new();
    let mut warnings = Vec::new();
    let mut seen = HashSet::new();
    for (picked, w, errors) in per_group {
        // A file that does not parse is an error, as with one reviewer's folder.
        if let Some(e) = errors.into_iter().next() {
            return Err(e.into());
        }
        warnings.extend(w);
        for (path, record) in picked {
            if !seen.insert(record.id.clone()) {
                warnings.push(format!(
                    "{}: article {:?} is annotated twice; the first is used",
                    path.display(),
                    record.id
                ));
                continue;
            }
            gold.push(record);
        }
    }
    Ok((gold, warnings))
}
