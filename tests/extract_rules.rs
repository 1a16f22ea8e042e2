//! The rule families on hand-made sentences.

use vetter::domain::article::Article;
use vetter::domain::prediction::Prediction;
use vetter::extract::Extractor;
use vetter::io::default_schema;

fn run(text: &str, published: Option<&str>) -> Prediction {
    let ex = Extractor::new(&default_schema()).unwrap();
    let art = Article {
        id: "t".into(),
        text: text.into(),
        published: published.map(str::to_string),
        ..Default::default()
    };
    ex.extract(&art)
}

#[test]
fn debug_sentence() {
    let p = run("GLADSTONE, Ore. (KOIN) — Giddings turned and opened fire at Sgt. Lee Jundt several times, police said. Jundt, who took a round in his ballistic vest, is said to be in “excellent” condition.", Some("2016-08-08"));
    eprintln!("{}", serde_json::to_string_pretty(&p.fields).unwrap());
}
