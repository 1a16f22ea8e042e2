//! The shipped example annotations are gold: valid, stable on disk, and saying what the texts say.
//! The README's example predictions line stays true to the sample article.

use std::path::{Path, PathBuf};
use vetter::domain::annotation::{Annotation, Entry, Status};
use vetter::domain::prediction::{self, Prediction};
use vetter::domain::text::slice_chars;
use vetter::domain::value::Value;
use vetter::io::{self, Corpus};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn example(id: &str) -> (PathBuf, String, Annotation) {
    let path = root()
        .join("annotations/example")
        .join(format!("{}.ron", io::safe_file_name(id)));
    let text = std::fs::read_to_string(&path).expect("example annotation exists");
    let ann = io::parse_annotation(&text, &path).expect("example annotation parses");
    (path, text, ann)
}

const IDS: [&str; 3] = [
    "farmington-officer-resigns-daily-mail",
    "farmington-officer-resigns-video",
    "kenosha-officer-knee-on-neck",
];

#[test]
fn examples_validate_against_schema_and_corpus() {
    let corpus = Corpus::open(&root().join("assets/articles")).unwrap();
    let problems = io::validate_dir(
        &root().join("annotations/example"),
        &io::default_schema(),
        Some(&corpus),
    );
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn examples_are_written_exactly_as_vetter_writes_them() {
    for id in IDS {
        let (path, text, ann) = example(id);
        assert_eq!(
            io::to_ron(&ann),
            text,
            "{} would be reformatted",
            path.display()
        );
        assert_eq!(ann.status, Status::Done, "{id}");
        assert_eq!(ann.reviewer, "example");
        assert!(
            ann.missing_required(&io::default_schema()).is_empty(),
            "{id}"
        );
    }
}

fn value(ann: &Annotation, key: &str) -> Entry {
    ann.field(key).expect("field present").value.clone()
}

#[test]
fn examples_hold_what_the_texts_state() {
    let (_, _, kenosha) = example("kenosha-officer-knee-on-neck");
    assert_eq!(
        value(&kenosha, "state"),
        Entry::Value(Value::Text("Wisconsin".into()))
    );
    assert_eq!(
        value(&kenosha, "city"),
        Entry::Value(Value::Text("Kenosha".into()))
    );
    assert_eq!(
        value(&kenosha, "incident_date"),
        Entry::Value(Value::Date("2021-03-04".into()))
    );
    assert_eq!(value(&kenosha, "num_injured"), Entry::Value(Value::Int(2)));
    assert_eq!(value(&kenosha, "num_killed"), Entry::NotMentioned);
    assert_eq!(kenosha.field("participants").unwrap().records().len(), 3);

    let (_, _, mail) = example("farmington-officer-resigns-daily-mail");
    assert_eq!(
        value(&mail, "state"),
        Entry::Value(Value::Text("New Mexico".into()))
    );
    assert_eq!(value(&mail, "incident_date"), Entry::NotMentioned);
    assert_eq!(
        value(&mail, "officer_outcome"),
        Entry::Value(Value::Choice("resigned".into()))
    );
    let officer = &mail.field("participants").unwrap().records()[0];
    let name = officer.fields.iter().find(|f| f.key == "name").unwrap();
    assert_eq!(
        name.value,
        Entry::Value(Value::Text("Zachary Christensen".into()))
    );

    let (_, _, video) = example("farmington-officer-resigns-video");
    assert_eq!(
        value(&video, "incident_date"),
        Entry::Value(Value::Date("2021-08-27".into()))
    );
}

#[test]
fn readme_example_line_is_true_to_the_sample() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("{\"id\": \"kenosha-officer-knee-on-neck\"")
        .expect("example in README");
    let end = start + readme[start..].find("\n```").unwrap();
    let line: String = readme[start..end].lines().map(str::trim).collect();
    let pred: Prediction = serde_json::from_str(&line).expect("README example parses");
    let corpus = Corpus::open(&root().join("assets/articles")).unwrap();
    let article = corpus.load(corpus.index_of(&pred.id).unwrap()).unwrap();
    for (path, spans) in &pred.evidence {
        for s in spans {
            let quote = s.quote.as_deref().unwrap_or_default();
            assert_eq!(slice_chars(&article.text, s.start, s.end), quote, "{path}");
        }
    }
    let schema = io::default_schema();
    let mut ann = Annotation::new(&schema, &pred.id, &article.text_hash(), "t", "now");
    let problems = prediction::apply(&pred, &schema, &article.text, &mut ann);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(value(&ann, "num_killed"), Entry::NotMentioned);
    assert_eq!(ann.field("participants").unwrap().records().len(), 2);
}
