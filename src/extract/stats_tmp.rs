use super::*;
#[test]
fn stats() {
    let ex = Extractor::new(&crate::io::default_schema()).unwrap();
    let text = std::fs::read_to_string("../shared/eval/gva-dev/articles.jsonl").unwrap();
    let (mut nt, mut nh, mut nd, mut nb) = (0, 0, 0, 0);
    for l in text.lines() {
        let a: serde_json::Value = serde_json::from_str(l).unwrap();
        let t = a["text"].as_str().unwrap();
        let d = Doc::new(t, &ex.lex);
        nt += d.toks.len(); nh += d.hits.len(); nd += 1; nb += t.len();
    }
    eprintln!("n_lists {} docs {nd} toks/doc {} hits/doc {} bytes/doc {}", ex.lex.n_lists, nt / nd, nh / nd, nb / nd);
}
