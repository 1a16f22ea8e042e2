//! Checking annotation files against the schema and the corpus.

use std::fs;
use std::path::{Path, PathBuf};
use vetter::domain::annotation::{new_record, Annotation, Entry, FieldAnn, FieldState, Span};
use vetter::domain::article::text_hash;
use vetter::domain::schema::{FieldType, Schema};
use vetter::domain::value::Value;
use vetter::io::{default_schema, validate_dir, AnnotationStore, Corpus, Problem};

const TEXT: &str = "Officer Zoë Park fired twice in Reno.\nNobody was hurt.";

struct Setup {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    store: AnnotationStore,
    corpus: Corpus,
    schema: Schema,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let articles = tmp.path().join("articles");
    fs::create_dir(&articles).unwrap();
    fs::write(articles.join("a.txt"), TEXT).unwrap();
    fs::write(articles.join("b.txt"), "Another article.").unwrap();
    let root = tmp.path().join("annotations");
    Setup {
        store: AnnotationStore::new(&root, "anna"),
        corpus: Corpus::open(&articles).unwrap(),
        schema: default_schema(),
        root,
        _tmp: tmp,
    }
}

/// A valid annotation of article "a", with evidence and a participant record.
fn good(s: &Setup) -> Annotation {
    let mut a = Annotation::new(
        &s.schema,
        "a",
        &text_hash(TEXT),
        "anna",
        "2026-01-01T00:00:00Z",
    );
    let city = a.field_mut("city").unwrap();
    city.state = FieldState::Confirmed;
    city.value = Entry::Value(Value::Text("Reno".into()));
    city.evidence.push(Span {
        start: 32,
        end: 36,
        quote: "Reno".into(),
        stale: false,
    });
    let injured = a.field_mut("num_injured").unwrap();
    injured.state = FieldState::Corrected;
    injured.value = Entry::Value(Value::Int(0));
    let agency = a.field_mut("agency").unwrap();
    agency.state = FieldState::Rejected;
    agency.value = Entry::NotMentioned;
    let Some(FieldType::Group(subs)) = s.schema.field("participants").map(|f| f.kind.clone())
    else {
        panic!("participants is a group")
    };
    let mut rec = new_record(&subs);
    rec.fields[0].state = FieldState::Confirmed;
    rec.fields[0].value = Entry::Value(Value::Text("Zoë Park".into()));
    rec.fields[0].evidence.push(Span {
        start: 8,
        end: 16,
        quote: "Zoë Park".into(),
        stale: false,
    });
    rec.fields[1].value = Entry::Value(Value::Choice("officer".into()));
    let participants = a.field_mut("participants").unwrap();
    participants.value = Entry::Records(vec![rec.clone(), rec]);
    a
}

fn check(s: &Setup) -> Vec<Problem> {
    validate_dir(&s.root, &s.schema, Some(&s.corpus))
}

fn messages(ps: &[Problem]) -> Vec<String> {
    ps.iter().map(|p| p.message.clone()).collect()
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn good_files_have_no_problems() {
    let s = setup();
    s.store.save(&good(&s)).unwrap();
    let mut b = Annotation::new(&s.schema, "b", &text_hash("Another article."), "anna", "t");
    b.field_mut("state").unwrap().state = FieldState::Rejected;
    b.field_mut("state").unwrap().value = Entry::NotMentioned;
    s.store.save(&b).unwrap();
    fs::write(s.store.dir().join("notes.txt"), "not an annotation").unwrap();
    assert_eq!(check(&s), vec![]);
    assert_eq!(validate_dir(&s.root, &s.schema, None), vec![]);
}

#[test]
fn bad_type_is_reported_on_its_line() {
    let s = setup();
    let mut a = good(&s);
    a.field_mut("num_killed").unwrap().value = Entry::Value(Value::Text("several".into()));
    s.store.save(&a).unwrap();
    let ps = check(&s);
    assert_eq!(ps.len(), 1, "{ps:#?}");
    let text = fs::read_to_string(s.store.path_for("a")).unwrap();
    assert_eq!(ps[0].path, s.store.path_for("a"));
    assert_eq!(ps[0].line, line_of(&text, "key: \"num_killed\""));
    assert_eq!(ps[0].column, 13);
    assert!(ps[0].message.contains("num_killed"), "{}", ps[0]);
    assert!(ps[0].message.contains("whole number"), "{}", ps[0]);
    let shown = ps[0].to_string();
    let prefix = format!("{}:{}:13: ", s.store.path_for("a").display(), ps[0].line);
    assert!(shown.starts_with(&prefix), "{shown}");
}

#[test]
fn unknown_and_missing_fields() {
    let s = setup();
    let mut a = good(&s);
    a.fields.push(FieldAnn::new("colour"));
    a.fields.retain(|f| f.key != "city");
    s.store.save(&a).unwrap();
    let ps = check(&s);
    assert_eq!(
        messages(&ps),
        ["unknown field \"colour\"", "missing field city"],
        "{ps:#?}"
    );
    let text = fs::read_to_string(s.store.path_for("a")).unwrap();
    assert_eq!(ps[0].line, line_of(&text, "key: \"colour\""));
    assert_eq!(ps[1].line, line_of(&text, "    fields: ["));
}

#[test]
fn syntax_error_has_exact_position() {
    let s = setup();
    s.store.save(&good(&s)).unwrap();
    let path = s.store.path_for("a");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("active_seconds: 0,", "active_seconds: 0 0,");
    fs::write(&path, &text).unwrap();
    let ps = check(&s);
    assert_eq!(ps.len(), 1, "{ps:#?}");
    let line = line_of(&text, "active_seconds");
    // The column of the unexpected second `0`.
    let col = text.lines().nth(line - 1).unwrap().find("0 0").unwrap() + 3;
    assert_eq!(col, 23);
    assert_eq!((ps[0].line, ps[0].column), (line, col), "{}", ps[0]);
    assert!(ps[0].message.to_lowercase().contains("comma"), "{}", ps[0]);
}

#[test]
fn changed_article_is_reported() {
    let s = setup();
    s.store.save(&good(&s)).unwrap();
    fs::write(s.corpus.path().join("a.txt"), format!("{TEXT} Updated.")).unwrap();
    let ps = check(&s);
    assert_eq!(messages(&ps), ["article text changed since annotation"]);
    let text = fs::read_to_string(s.store.path_for("a")).unwrap();
    assert_eq!(ps[0].line, line_of(&text, "text_hash:"));
    // Without a corpus there is nothing to compare with.
    assert_eq!(validate_dir(&s.root, &s.schema, None), vec![]);
}

#[test]
fn evidence_must_quote_the_text() {
    let s = setup();
    let mut a = good(&s);
    a.field_mut("city").unwrap().evidence[0].quote = "Rome".into();
    a.field_mut("state").unwrap().evidence.push(Span {
        start: 5,
        end: 5,
        quote: String::new(),
        stale: false,
    });
    a.field_mut("location").unwrap().evidence.push(Span {
        start: 50,
        end: 500,
        quote: "x".into(),
        stale: false,
    });
    if let Entry::Records(recs) = &mut a.field_mut("participants").unwrap().value {
        recs[1].fields[0].evidence[0].start = 9;
    }
    s.store.save(&a).unwrap();
    let ps = check(&s);
    let m = messages(&ps);
    assert_eq!(m.len(), 4, "{m:#?}");
    assert!(
        m[0].starts_with("field \"city\": evidence quote \"Rome\""),
        "{}",
        m[0]
    );
    assert!(
        m[1].contains("\"state\": evidence span 5..5 is empty"),
        "{}",
        m[1]
    );
    assert!(
        m[2].contains("\"location\": evidence span 50..500 goes past"),
        "{}",
        m[2]
    );
    assert!(
        m[3].starts_with("field \"participants[1].name\": evidence quote"),
        "{}",
        m[3]
    );
    // The second record's problem is placed on the second record's key, not the first's.
    let text = fs::read_to_string(s.store.path_for("a")).unwrap();
    let name_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("key: \"name\""))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(ps[3].line, name_lines[1]);
}

#[test]
fn states_and_records_must_agree_with_values() {
    let s = setup();
    let mut a = good(&s);
    a.field_mut("agency").unwrap().value = Entry::Value(Value::Text("RPD".into()));
    a.field_mut("incident_date").unwrap().state = FieldState::Confirmed;
    a.field_mut("location").unwrap().value = Entry::Records(vec![]);
    a.field_mut("force_used").unwrap().value =
        Entry::Value(Value::Choices(vec!["firearm".into(), "laser".into()]));
    if let Entry::Records(recs) = &mut a.field_mut("participants").unwrap().value {
        recs[0].fields[1].value = Entry::Value(Value::Choice("alien".into()));
        recs[1].fields.retain(|f| f.key != "age");
    }
    s.store.save(&a).unwrap();
    let m = messages(&check(&s));
    let expected = [
        "field \"incident_date\" is confirmed but empty",
        "field \"location\" is not a group: it cannot hold records",
        "field \"agency\" is marked not mentioned but holds a value",
        "field \"participants[0].role\": \"alien\" is not one of",
        "missing field participants[1].age",
        "field \"force_used\": \"laser\" is not one of",
    ];
    assert_eq!(m.len(), expected.len(), "{m:#?}");
    for (got, want) in m.iter().zip(expected) {
        assert!(got.starts_with(want), "{got:?} should start with {want:?}");
    }
}

#[test]
fn file_article_schema_and_format_checks() {
    let s = setup();
    let a = good(&s);
    s.store.save(&a).unwrap();
    // A hand-copied file: right content, wrong name.
    fs::copy(s.store.path_for("a"), s.store.dir().join("copy.ron")).unwrap();
    let mut gone = good(&s);
    gone.article.id = "zz".into();
    s.store.save(&gone).unwrap();
    let mut other = good(&s);
    other.article.id = "b".into();
    other.article.text_hash = text_hash("Another article.");
    other.schema.name = "weather".into();
    other.format = 7;
    other.fields.clear();
    s.store.save(&other).unwrap();

    let ps = check(&s);
    let found: Vec<(String, String)> = ps
        .iter()
        .map(|p| {
            let name = p.path.file_name().unwrap().to_string_lossy().into_owned();
            (name, p.message.clone())
        })
        .collect();
    assert_eq!(found.len(), 4, "{found:#?}");
    assert_eq!(found[0].0, "b.ron");
    assert!(
        found[0]
            .1
            .starts_with("format version 7 is not one this build reads (1 to 2)"),
        "{:?}",
        found[0]
    );
    assert_eq!(found[1].0, "b.ron");
    assert!(
        found[1].1.starts_with("schema \"weather\" does not match"),
        "{:?}",
        found[1]
    );
    assert_eq!(found[2].0, "copy.ron");
    assert!(found[2]
        .1
        .starts_with("file name does not match article id \"a\""));
    assert_eq!(found[3].0, "zz.ron");
    assert!(
        found[3].1.starts_with("article \"zz\" is not in"),
        "{:?}",
        found[3]
    );
}

#[test]
fn walks_subdirectories_in_order_and_reports_unreadable_text() {
    let s = setup();
    let deep = s.root.join("z").join("deeper");
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("a.ron"), b"(\n    format: \xfe\n)").unwrap();
    fs::create_dir_all(s.root.join("b")).unwrap();
    fs::write(s.root.join("b").join("a.ron"), "").unwrap();
    fs::write(s.root.join("b").join(".a.ron.tmp.1.2"), "junk").unwrap();
    let ps = validate_dir(&s.root, &s.schema, None);
    assert_eq!(ps.len(), 3, "{ps:#?}");
    assert_eq!(ps[0].path, s.root.join("b").join("a.ron"));
    assert_eq!(ps[1].path, deep.join("a.ron"));
    assert_eq!((ps[1].line, ps[1].column), (2, 13));
    assert_eq!(ps[1].message, "not valid UTF-8");
    // The temporary file of an interrupted save is reported last, as what it is.
    assert_eq!(ps[2].path, s.root.join("b").join(".a.ron.tmp.1.2"));
    assert!(ps[2].message.contains("temporary file"), "{}", ps[2]);
    // A single file can be checked too.
    let one = validate_dir(&deep.join("a.ron"), &s.schema, None);
    assert_eq!(one, ps[1..2]);
    assert!(validate_dir(Path::new("/no/such/dir"), &s.schema, None)[0]
        .to_string()
        .contains("/no/such/dir"));
}
