//! Unit tests of reading a team's folders article by article.

use super::*;
use crate::domain::annotation::{Adjudication, Status};
use crate::io::store::names::legacy_file_name;
use crate::io::{to_ron, AnnotationStore};

fn ann(id: &str, reviewer: &str, status: Status) -> Annotation {
    let schema = crate::io::schema_file::default_schema();
    let mut a = Annotation::new(&schema, id, "sha256:00", reviewer, "2026-01-01T00:00:00Z");
    a.status = status;
    a
}

fn save(root: &Path, a: &Annotation) {
    AnnotationStore::new(root, &a.reviewer).save(a).unwrap();
}

#[test]
fn articles_gather_every_reviewer_and_keep_adjudications_apart() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    save(root, &ann("a/1", "ann", Status::Done));
    save(root, &ann("a/1", "Bob Lee", Status::Skipped));
    save(root, &ann("b", "ann", Status::InProgress));
    let mut adj = ann("a/1", "judge", Status::Done);
    adj.adjudication = Some(Adjudication {
        settled: vec!["ann".into(), "Bob Lee".into()],
        fields: Vec::new(),
    });
    save(root, &adj);
    std::fs::create_dir(root.join(".cache")).unwrap();

    let team = Team::open(root).unwrap();
    let names: Vec<&str> = team.members().iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert_eq!(team.member_named("Bob Lee"), Some(0), "{names:?}");
    assert_eq!(team.member_named("ann"), Some(1));
    assert_eq!(team.member_named("nobody"), None);

    let groups = team.groups();
    assert_eq!(groups.len(), 2);
    let (articles, errors) = team.read(&groups[0]);
    assert!(errors.is_empty());
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    assert_eq!(a.id, "a/1");
    assert_eq!(a.reviews.len(), 2);
    assert_eq!(a.finished().count(), 2);
    assert_eq!(a.adjudicated.len(), 1);
    assert_eq!(a.adjudicated[0].ann.reviewer, "judge");
    let (b, _) = team.read(&groups[1]);
    assert_eq!(b[0].id, "b");
    assert_eq!(b[0].finished().count(), 0);
}

#[test]
fn the_preferred_file_counts_and_bad_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let ann_dir = root.join("ann");
    std::fs::create_dir(&ann_dir).unwrap();
    // The article's own name holds another article; its numbered name holds it.
    std::fs::write(
        ann_dir.join("x.ron"),
        to_ron(&ann("y", "ann", Status::Done)),
    )
    .unwrap();
    std::fs::write(
        ann_dir.join("x+2.ron"),
        to_ron(&ann("x", "ann", Status::Done)),
    )
    .unwrap();
    // A legacy-named file, and a copy under a name the store never gives.
    let legacy = legacy_file_name("q/1");
    std::fs::write(
        ann_dir.join(format!("{legacy}.ron")),
        to_ron(&ann("q/1", "ann", Status::Done)),
    )
    .unwrap();
    std::fs::write(
        ann_dir.join("copy.ron"),
        to_ron(&ann("x", "ann", Status::InProgress)),
    )
    .unwrap();
    std::fs::write(ann_dir.join("broken.ron"), "(format: ").unwrap();
    let bob = root.join("bob");
    std::fs::create_dir(&bob).unwrap();
    let q = safe_file_name("q/1");
    std::fs::write(
        bob.join(format!("{q}.ron")),
        to_ron(&ann("q/1", "bob", Status::Done)),
    )
    .unwrap();

    let team = Team::open(root).unwrap();
    let groups = team.groups();
    let keys: Vec<&str> = groups.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, ["broken", "copy", q.as_str(), "x"]);
    let (broken, errors) = team.read(&groups[0]);
    assert!(broken.is_empty());
    assert!(
        errors[0].to_string().contains("broken.ron:1:"),
        "{}",
        errors[0]
    );
    let (copy, errors) = team.read(&groups[1]);
    assert!(copy.is_empty() && errors.is_empty());
    let (qs, _) = team.read(&groups[2]);
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].reviews.len(), 2, "the legacy file meets bob's");
    let (xs, _) = team.read(&groups[3]);
    let ids: Vec<&str> = xs.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        ["x"],
        "x.ron holds y, under a name the store never gives y"
    );
    assert!(xs[0].reviews[0].path.ends_with("x+2.ron"));
}

#[test]
fn a_reviewers_own_folder_is_one_member() {
    let dir = tempfile::tempdir().unwrap();
    save(dir.path(), &ann("a", "ann", Status::Done));
    let team = Team::open(&dir.path().join("ann")).unwrap();
    assert_eq!(team.members().len(), 1);
    assert_eq!(team.members()[0].name, "ann");
    assert_eq!(team.groups().len(), 1);
    assert!(matches!(
        Team::open(&dir.path().join("ann/a.ron")),
        Err(TeamError::NotADir { .. })
    ));
    assert!(matches!(
        Team::open(&dir.path().join("none")),
        Err(TeamError::Io { .. })
    ));
}
