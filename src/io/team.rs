//! A team's annotations: one folder per reviewer under a root (`annotations/<reviewer>/`), read
//! article by article, so that agreement, adjudication and export see every reviewer's
//! annotation of an article together while holding only one article's files at a time.
//!
//! A root that holds `.ron` files itself is one reviewer's folder. Of a member's files that may
//! hold one article (its own name, numbered names `+2`..., the legacy name), the one the store
//! prefers counts, as in [`AnnotationStore::summaries`]; files under any other name (copied by
//! hand) are left out. An annotation with an [`Adjudication`] is an adjudicator's, kept apart
//! from the reviews it settles.
//!
//! [`AnnotationStore::summaries`]: super::AnnotationStore::summaries
//! [`Adjudication`]: crate::domain::annotation::Adjudication

use super::store::names::{rank, safe_file_name};
use super::store::{parse_annotation, read_text, StoreError};
use crate::domain::annotation::Annotation;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a directory", path.display())]
    NotADir { path: PathBuf },
}

/// One reviewer's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The folder's name.
    pub name: String,
    pub dir: PathBuf,
}

/// The files of every member that may hold one article (same name, numbering aside).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The file name the store gives the article (without `.ron`).
    pub key: String,
    /// (member index, path), by member then name.
    pub files: Vec<(usize, PathBuf)>,
}

/// One member's annotation of an article.
#[derive(Debug, Clone)]
pub struct Review {
    pub member: usize,
    pub path: PathBuf,
    pub ann: Annotation,
}

/// Every member's annotation of one article.
#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    /// Reviewers' annotations (no adjudication), by member.
    pub reviews: Vec<Review>,
    /// Adjudicated annotations, by member.
    pub adjudicated: Vec<Review>,
}

impl Article {
    /// The reviews whose status is finished (done, skipped or not relevant).
    pub fn finished(&self) -> impl Iterator<Item = &Review> {
        self.reviews.iter().filter(|r| r.ann.status.is_finished())
    }
}

/// The reviewer folders under a root.
#[derive(Debug, Clone)]
pub struct Team {
    root: PathBuf,
    members: Vec<Member>,
}

impl Team {
    /// The non-hidden directories under `root`, by name; `root` itself too if it holds `.ron`
    /// files (named after the directory).
    pub fn open(root: &Path) -> Result<Team, TeamError> {
        let io = |source| TeamError::Io {
            path: root.to_path_buf(),
            source,
        };
        if !fs::metadata(root).map_err(io)?.is_dir() {
            return Err(TeamError::NotADir {
                path: root.to_path_buf(),
            });
        }
        let mut entries: Vec<_> = fs::read_dir(root).map_err(io)?.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        let mut members = Vec::new();
        let mut own = false;
        for entry in entries {
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                members.push(Member { name, dir: path });
            } else if name.ends_with(".ron") {
                own = true;
            }
        }
        if own {
            members.push(Member {
                name: dir_name(root),
                dir: root.to_path_buf(),
            });
        }
        Ok(Team {
            root: root.to_path_buf(),
            members,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// The member whose folder a reviewer named `name` saves into (see
    /// [`AnnotationStore::dir`](super::AnnotationStore::dir)), or whose folder is called `name`.
    pub fn member_named(&self, name: &str) -> Option<usize> {
        let dir = super::AnnotationStore::new(&self.root, name).dir();
        self.members
            .iter()
            .position(|m| m.dir == dir)
            .or_else(|| self.members.iter().position(|m| m.name == name))
    }

    /// Every member's article files, grouped by the name the store gives the article, sorted
    /// by that name. Only names are read, except for files under a legacy name (read to learn
    /// their article).
    pub fn groups(&self) -> Vec<Group> {
        let mut groups: BTreeMap<String, Vec<(usize, PathBuf)>> = BTreeMap::new();
        for (m, member) in self.members.iter().enumerate() {
            let Ok(entries) = fs::read_dir(&member.dir) else {
                continue;
            };
            let mut names: Vec<String> = entries
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".ron") && !n.starts_with('.'))
                .collect();
            names.sort_unstable();
            for name in names {
                let path = member.dir.join(&name);
                let stem = &name[..name.len() - 4];
                let key = match stem.rsplit_once('+') {
                    Some((base, n)) if n.bytes().all(|b| b.is_ascii_digit()) => base.to_string(),
                    _ if is_legacy(stem) => match article_id(&path) {
                        Some(id) => safe_file_name(&id),
                        None => stem.to_string(),
                    },
                    _ => stem.to_string(),
                };
                groups.entry(key).or_default().push((m, path));
            }
        }
        groups
            .into_iter()
            .map(|(key, mut files)| {
                files.sort();
                Group { key, files }
            })
            .collect()
    }

    /// Reads a group's files: the articles they hold (usually one), and the files that could not
    /// be read or parsed.
    pub fn read(&self, group: &Group) -> (Vec<Article>, Vec<StoreError>) {
        self.read_with(group, parse_annotation)
    }

    /// [`Team::read`] with another parser of a file's text (one as exact as
    /// [`parse_annotation`], only faster).
    pub fn read_with(
        &self,
        group: &Group,
        parse: impl Fn(&str, &Path) -> Result<Annotation, StoreError>,
    ) -> (Vec<Article>, Vec<StoreError>) {
        let mut errors = Vec::new();
        // (id, member) -> (rank, review)
        let mut best: BTreeMap<(String, usize), (usize, Review)> = BTreeMap::new();
        for (member, path) in &group.files {
            let ann = match read_text(path).and_then(|t| parse(&t, path)) {
                Ok(a) => a,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let Some(r) = stem(path).and_then(|s| rank(&ann.article.id, s)) else {
                continue;
            };
            let key = (ann.article.id.clone(), *member);
            if best.get(&key).is_some_and(|(old, _)| *old <= r) {
                continue;
            }
            let review = Review {
                member: *member,
                path: path.clone(),
                ann,
            };
            best.insert(key, (r, review));
        }
        let mut articles: Vec<Article> = Vec::new();
        for ((id, _), (_, review)) in best {
            if articles.last().is_none_or(|a| a.id != id) {
                articles.push(Article {
                    id,
                    reviews: Vec::new(),
                    adjudicated: Vec::new(),
                });
            }
            let Some(article) = articles.last_mut() else {
                continue;
            };
            if review.ann.adjudication.is_some() {
                article.adjudicated.push(review);
            } else {
                article.reviews.push(review);
            }
        }
        (articles, errors)
    }
}

/// A file stem of the names earlier versions gave hashed ids: `-` and exactly 10 hex digits
/// (today's names never end so: see [`safe_file_name`]).
fn is_legacy(stem: &str) -> bool {
    stem.rsplit_once('-')
        .is_some_and(|(_, t)| t.len() == 10 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn article_id(path: &Path) -> Option<String> {
    let text = read_text(path).ok()?;
    Some(parse_annotation(&text, path).ok()?.article.id)
}

fn stem(path: &Path) -> Option<&str> {
    path.file_name()?.to_str()?.strip_suffix(".ron")
}

/// The name of the directory itself (`.` and `..` resolved where possible).
fn dir_name(dir: &Path) -> String {
    let named = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    named(dir)
        .or_else(|| fs::canonicalize(dir).ok().as_deref().and_then(named))
        .unwrap_or_else(|| dir.display().to_string())
}

#[cfg(test)]
mod tests;
