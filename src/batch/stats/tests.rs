use super::*;
use crate::domain::annotation::Annotation;
use crate::domain::annotation::{Entry, FieldState, Flag, Record, Status, Suggestion};
use crate::domain::value::Value;
use std::path::Path;

fn ann(id: &str, status: Status, seconds: u64) -> Annotation {
    let schema = crate::io::schema_file::default_schema();
    let mut a = Annotation::new(&schema, id, "sha256:00", "ann", "2026-01-01T00:00:00Z");
    a.status = status;
    a.active_seconds = seconds;
    a
}

fn add(acc: &mut Accum, reviewer: &str, a: &Annotation, index: Option<usize>, n: usize) {
    acc.add(reviewer, &Counted::of(a), index, n);
}

fn suggestion() -> Option<Suggestion> {
    Some(Suggestion {
        value: Entry::Value(Value::Int(1)),
        confidence: Some(0.5),
        source: "x".into(),
    })
}

/// Sets field `i`'s state, with or without a suggestion.
fn set(a: &mut Annotation, i: usize, state: FieldState, suggested: bool) {
    a.fields[i].state = state;
    a.fields[i].suggestion = if suggested { suggestion() } else { None };
}

#[test]
fn counts_statuses_flags_and_time_per_reviewer() {
    let mut acc = Accum::default();
    add(&mut acc, "ann", &ann("a", Status::Done, 100), None, 0);
    add(&mut acc, "ann", &ann("b", Status::Done, 300), None, 0);
    let mut flagged = ann("c", Status::Skipped, 20);
    flagged.flag = Some(Flag::default());
    add(&mut acc, "ann", &flagged, None, 0);
    add(&mut acc, "bob", &ann("a", Status::NotRelevant, 5), None, 0);
    add(&mut acc, "bob", &ann("d", Status::InProgress, 40), None, 0);
    let ann_acc = &acc.reviewers["ann"];
    assert_eq!(
        (
            ann_acc.done,
            ann_acc.skipped,
            ann_acc.flagged,
            ann_acc.in_progress
        ),
        (2, 1, 1, 0)
    );
    assert_eq!(ann_acc.active_seconds, 420);
    assert_eq!(ann_acc.done_seconds, vec![100, 300]);
    let bob = &acc.reviewers["bob"];
    assert_eq!(
        (bob.not_relevant, bob.in_progress, bob.articles()),
        (1, 1, 2)
    );
    assert_eq!(acc.read, 5);

    let report = Report::new(Path::new("d"), acc, None);
    let row = &report.reviewers[0];
    assert_eq!(row.reviewer, "ann");
    assert_eq!(row.median_done_seconds, Some(200.0));
    assert_eq!(row.p90_done_seconds, Some(300));
    // 2 done in 420 s: 2 * 3600 / 420.
    assert_eq!(row.done_per_hour, Some(7200.0 / 420.0));
    assert_eq!(row.new, None);
    let all = &report.all;
    assert_eq!((all.articles, all.done, all.active_seconds), (5, 2, 465));
    assert_eq!(all.median_done_seconds, Some(200.0));
}

#[test]
fn a_format_1_flagged_status_is_in_progress_and_flagged() {
    let mut acc = Accum::default();
    add(&mut acc, "ann", &ann("a", Status::Flagged, 1), None, 0);
    let r = &acc.reviewers["ann"];
    assert_eq!((r.in_progress, r.flagged), (1, 1));
}

#[test]
fn counts_fields_by_suggestion_and_state_with_sub_fields() {
    let mut a = ann("a", Status::Done, 1);
    set(&mut a, 0, FieldState::Confirmed, true);
    set(&mut a, 1, FieldState::Corrected, true);
    set(&mut a, 2, FieldState::Rejected, true);
    set(&mut a, 3, FieldState::Corrected, false); // filled
    set(&mut a, 4, FieldState::Rejected, false);
    set(&mut a, 5, FieldState::Unreviewed, true); // not counted
    let participants = a
        .fields
        .iter()
        .position(|f| f.key == "participants")
        .unwrap();
    let mut rec = crate::domain::annotation::new_record(&[]);
    let mut age = crate::domain::annotation::FieldAnn::new("age");
    age.state = FieldState::Confirmed;
    age.suggestion = suggestion();
    let mut name = crate::domain::annotation::FieldAnn::new("name");
    name.state = FieldState::Corrected;
    rec.fields = vec![name.clone(), age];
    let unreviewed = crate::domain::annotation::FieldAnn::new("age");
    a.fields[participants].value = Entry::Records(vec![
        rec,
        Record {
            fields: vec![name, unreviewed],
        },
    ]);
    a.fields[participants].state = FieldState::Corrected;
    let mut b = ann("b", Status::InProgress, 1);
    set(&mut b, 0, FieldState::Corrected, true);

    let mut acc = Accum::default();
    add(&mut acc, "ann", &a, None, 0);
    add(&mut acc, "bob", &b, None, 0);
    let report = Report::new(Path::new("d"), acc, None);
    let row = |k: &str| report.fields.iter().find(|f| f.field == k).unwrap().clone();
    let key = |i: usize| a.fields[i].key.clone();
    let f0 = row(&key(0));
    assert_eq!((f0.confirmed, f0.corrected, f0.suggested), (1, 1, 2));
    assert_eq!(f0.acceptance, Some(0.5));
    assert_eq!(row(&key(1)).corrected, 1);
    assert_eq!(row(&key(2)).rejected, 1);
    assert_eq!(row(&key(2)).acceptance, Some(0.0));
    let f3 = row(&key(3));
    assert_eq!(
        (f3.unsuggested, f3.filled, f3.suggested, f3.acceptance),
        (1, 1, 0, None)
    );
    let f4 = row(&key(4));
    assert_eq!((f4.unsuggested, f4.filled, f4.reviewed), (1, 0, 1));
    assert_eq!(row(&key(5)).reviewed, 0);
    let p = row("participants");
    assert_eq!((p.reviewed, p.unsuggested, p.filled), (1, 1, 1));
    let name = row("participants.name");
    assert_eq!((name.reviewed, name.filled), (2, 2));
    let age = row("participants.age");
    assert_eq!(
        (age.reviewed, age.confirmed, age.acceptance),
        (1, 1, Some(1.0))
    );
    // Schema order, each sub-field right after its group.
    let order: Vec<&str> = report.fields.iter().map(|f| f.field.as_str()).collect();
    let at = |k: &str| order.iter().position(|o| *o == k).unwrap();
    assert_eq!(at(&key(0)), 0);
    assert_eq!(at("participants.name"), at("participants") + 1);
    assert_eq!(at("participants.age"), at("participants") + 2);
}

#[test]
fn merging_workers_gives_what_one_worker_counts() {
    let anns: Vec<Annotation> = (0..40)
        .map(|i| {
            let status = [Status::Done, Status::Skipped, Status::InProgress][i % 3];
            let mut a = ann(&format!("a{i}"), status, i as u64 * 7);
            set(&mut a, i % 5, FieldState::Confirmed, i % 2 == 0);
            a
        })
        .collect();
    let mut one = Accum::default();
    for (i, a) in anns.iter().enumerate() {
        add(&mut one, ["x", "y"][i % 2], a, Some(i), 50);
    }
    let mut parts: Vec<Accum> = (0..3).map(|_| Accum::default()).collect();
    for (i, a) in anns.iter().enumerate() {
        add(&mut parts[i % 3], ["x", "y"][i % 2], a, Some(i), 50);
    }
    let merged = parts.into_iter().reduce(Accum::merge).unwrap();
    let c = crate::io::Corpus::open(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/articles"
    )))
    .unwrap();
    let (a, b) = (
        Report::new(Path::new("d"), one, Some(&c)),
        Report::new(Path::new("d"), merged, Some(&c)),
    );
    assert_eq!(a, b);
    assert_eq!(a.all.articles, 40);
}

#[test]
fn new_articles_are_the_corpus_ones_nobody_annotated() {
    let mut acc = Accum::default();
    add(&mut acc, "x", &ann("a", Status::Done, 1), Some(0), 130);
    add(&mut acc, "y", &ann("a", Status::Done, 1), Some(0), 130);
    add(&mut acc, "y", &ann("b", Status::Done, 1), Some(129), 130);
    let x = &acc.reviewers["x"];
    assert_eq!(x.seen.as_ref().map(Bits::count), Some(1));
    let mut all = x.clone();
    all.merge(acc.reviewers["y"].clone());
    assert_eq!(all.seen.as_ref().map(Bits::count), Some(2));
}

#[test]
fn a_file_counts_under_the_names_the_store_gives_its_article() {
    assert_eq!(rank("a1", Path::new("d/a1.ron")), Some(0));
    assert_eq!(rank("a1", Path::new("d/a1+2.ron")), Some(2));
    assert_eq!(rank("a1", Path::new("d/a1+02.ron")), None);
    assert_eq!(rank("a1", Path::new("d/a1+1.ron")), None);
    assert_eq!(rank("a1", Path::new("d/copy of a1.ron")), None);
    let hashed = safe_file_name("Big Id");
    assert_eq!(
        rank("Big Id", Path::new(&format!("d/{hashed}.ron"))),
        Some(0)
    );
}

#[test]
fn of_two_files_of_one_article_the_preferred_one_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ann");
    std::fs::create_dir(&dir).unwrap();
    let write = |name: &str, id: &str| {
        let a = ann(id, Status::Done, 1);
        std::fs::write(dir.join(name), crate::io::to_ron(&a)).unwrap();
    };
    write("a1.ron", "a1");
    write("a1+2.ron", "a1"); // a copy: a1.ron is the one used
    write("b1.ron", "b2+x"); // not b2+x's name: not counted
    let report = run(&StatsArgs {
        dir: tmp.path(),
        corpus: None,
    })
    .unwrap();
    assert_eq!(report.files.counted, 1);
    assert_eq!(report.files.ignored, 2);
    assert!(
        report.warnings[0].contains("a1+2.ron: another file"),
        "{:?}",
        report.warnings
    );
    assert!(
        report.warnings[1].contains("b1.ron: holds article"),
        "{:?}",
        report.warnings
    );
    // With a1.ron holding another article, a1+2.ron is a1's file.
    write("a1.ron", "a1?");
    let report = run(&StatsArgs {
        dir: tmp.path(),
        corpus: None,
    })
    .unwrap();
    assert_eq!(report.files.counted, 1);
    assert_eq!(report.files.ignored, 2);
}

/// A small annotation using every part of the format: statuses, flag, reasons, note, draft,
/// retired fields, records, suggestions with and without confidence, evidence (stale too).
fn full(status: Status) -> Annotation {
    use crate::domain::annotation::{Draft, FieldAnn, Span};
    let mut a = ann("art-1", status, 42);
    a.fields.truncate(3);
    set(&mut a, 0, FieldState::Confirmed, true);
    a.fields[0].evidence = vec![Span {
        start: 3,
        end: 9,
        quote: "é \"q\"".into(),
        stale: true,
    }];
    a.fields[0].note = Some("a note".into());
    a.fields[1].value = Entry::Value(Value::Choices(vec!["a".into(), "b".into()]));
    set(&mut a, 2, FieldState::Corrected, false);
    a.fields[2].value = Entry::Value(Value::Int(-3));
    let mut sub = FieldAnn::new("age");
    sub.state = FieldState::Rejected;
    sub.value = Entry::NotMentioned;
    sub.suggestion = Some(Suggestion {
        value: Entry::Value(Value::Bool(true)),
        confidence: None,
        source: "s".into(),
    });
    let mut group = FieldAnn::new("participants");
    group.state = FieldState::Corrected;
    group.value = Entry::Records(vec![Record { fields: vec![sub] }, Record::default()]);
    a.fields.push(group);
    a.flag = Some(Flag {
        reason: Some("check".into()),
    });
    a.skip_reason = Some("paywall".into());
    a.note = Some("it's \u{7} a\ttab\n".into());
    a.draft = Some(Draft {
        field: "city".into(),
        text: "Spr".into(),
    });
    a.retired = vec![FieldAnn::new("old")];
    a
}

/// The full parser's reading, if it reads the text.
fn full_reading(text: &str) -> Option<Counted> {
    crate::io::parse_annotation(text, Path::new("t.ron"))
        .ok()
        .map(|a| Counted::of(&a))
}

#[test]
fn fast_reads_what_vetter_writes_as_the_full_parser_does() {
    let mut texts: Vec<String> = [Status::Done, Status::Skipped, Status::NotRelevant]
        .into_iter()
        .map(|s| crate::io::to_ron(&full(s)))
        .collect();
    let mut plain = ann("plain", Status::InProgress, 0);
    plain.fields[0].suggestion = suggestion();
    texts.push(crate::io::to_ron(&plain));
    // The example files (format 1, hand-made) and a format 1 flagged status.
    let examples = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/annotations/example"));
    for e in std::fs::read_dir(examples).unwrap() {
        texts.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
    let flagged = texts[3]
        .replace("status: InProgress", "status: Flagged")
        .replace("format: 2", "format: 1");
    texts.push(flagged);
    for text in &texts {
        let fast = fast::parse(text);
        assert!(fast.is_some(), "declined:\n{text}");
        assert_eq!(fast, full_reading(text), "{text}");
    }
    let flagged = fast::parse(texts.last().unwrap()).unwrap();
    assert_eq!(
        (flagged.status, flagged.flagged),
        (Status::InProgress, true)
    );
    // Written without the optional fields, by hand, in one line: still read.
    let one_line = crate::io::to_ron(&plain).replace('\n', " ");
    assert_eq!(fast::parse(&one_line), full_reading(&one_line));
    assert!(fast::parse(&one_line).is_some());
}

#[test]
fn fast_declines_what_it_is_not_sure_of() {
    let text = crate::io::to_ron(&full(Status::Done));
    for changed in [
        text.replacen("(", "// c\n(", 1),
        text.replacen("key: \"city\"", "key: \"c\\x69ty\"", 1),
        text.replacen("format: 2", "format: 0x2", 1),
        text.replacen("active_seconds: 42", "active_seconds: 42, extra: 1", 1),
        text.replacen("active_seconds: 42,", "", 1),
        text.replace("    ", "\u{2028}"),
        format!("{text})"),
        format!("#![enable(implicit_some)]\n{text}"),
    ] {
        assert_eq!(fast::parse(&changed), None, "{changed}");
    }
}

/// Every one-character change of a file (and every deletion): what the fast reader reads, the
/// full parser reads the same.
#[test]
fn fast_agrees_with_the_full_parser() {
    let text = crate::io::to_ron(&full(Status::Skipped));
    let replacements = [
        "", " ", ",", "(", ")", "[", "]", "\"", "\\", "x", "0", "9", "-", ".", ":", "/", "_", "é",
    ];
    let mut accepted = 0;
    for (i, r, m) in crate::batch::stats::fast::one_char_changes(&text, &replacements) {
        if let Some(fast) = fast::parse(&m) {
            accepted += 1;
            assert_eq!(Some(fast), full_reading(&m), "at byte {i}, {r:?}:\n{m}");
        }
    }
    assert!(accepted > 100, "{accepted}");
}

/// The whitespace the fast reader skips a word at a time: any indentation (runs shorter and
/// longer than a word, up to the end of the file), tabs, CRLF line ends: read as the full parser
/// reads it.
#[test]
fn fast_reads_any_indentation_as_the_full_parser_does() {
    let text = crate::io::to_ron(&full(Status::Done));
    for width in [0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 33] {
        let indent = " ".repeat(width);
        let mut variants = vec![
            text.replace("    ", &indent),
            text.replace("    ", &format!("\t{indent}")),
            text.replace('\n', &format!("\r\n{indent}")),
            format!("{indent}{text}{indent}"),
            format!("{text}\n{indent}\n"),
        ];
        variants.push(variants[0].replace('\n', " "));
        for v in &variants {
            let fast = fast::parse(v);
            assert!(fast.is_some(), "declined:\n{v}");
            assert_eq!(fast, full_reading(v), "{v}");
        }
    }
    // Form feeds and other whitespace than ASCII space, tab, CR and LF: declined.
    assert_eq!(fast::parse(&text.replacen("    ", "\u{c}", 1)), None);
    assert_eq!(fast::parse(&text.replacen("    ", "\u{a0}", 1)), None);
}

/// Numbers as the full parser reads them: confidences (f32) with long whole parts, counts at and
/// past the largest u64, and keys that only start with the expected name.
#[test]
fn fast_reads_numbers_and_keys_as_the_full_parser_does() {
    let text = crate::io::to_ron(&full(Status::Done));
    assert!(text.contains("confidence: Some(0.5)"), "{text}");
    for digits in [1, 30, 38, 39, 40, 60] {
        let whole = format!("3{}", "9".repeat(digits - 1));
        let v = text.replace("Some(0.5)", &format!("Some({whole}.25)"));
        let fast = fast::parse(&v);
        assert_eq!(fast.is_some(), digits <= 38, "{digits} digits");
        if fast.is_some() {
            assert_eq!(fast, full_reading(&v), "{v}");
        }
    }
    for seconds in ["18446744073709551615", "18446744073709551616", "042"] {
        let v = text.replace("active_seconds: 42", &format!("active_seconds: {seconds}"));
        let fast = fast::parse(&v);
        // u64::MAX is read; past it, or with a leading zero, declined.
        let expected = (seconds == "18446744073709551615").then_some(u64::MAX);
        assert_eq!(fast.map(|c| c.active_seconds), expected, "{seconds}");
    }
    // A longer or shorter name is another field: declined.
    for to in [
        "active_secondsx:",
        "active_seconds_:",
        "active_second:",
        "active_seconds1:",
    ] {
        let v = text.replacen("active_seconds:", to, 1);
        assert_eq!(fast::parse(&v), None, "{v}");
    }
    // Whitespace before the colon is read by both.
    for (from, to) in [("format:", "format :"), ("key:", "key\n:")] {
        let v = text.replacen(from, to, 1);
        let fast = fast::parse(&v);
        assert!(fast.is_some(), "{v}");
        assert_eq!(fast, full_reading(&v), "{v}");
    }
}
