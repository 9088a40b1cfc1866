//! The committed NER model (models/ner-conll-minilm): loading errors, offsets, invariance,
//! windowing and the seed sentence.

use std::fs;
use std::path::{Path, PathBuf};

use demarche_core::Span;
use demarche_encoder::store::sha256_file;
use demarche_ner::{Entity, Error, NerModel};

fn model_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/ner-conll-minilm")
}

fn model() -> NerModel {
    NerModel::load(&model_dir()).expect("the committed model loads")
}

fn whole(text: &str) -> (&str, Span) {
    (text, Span::new(0, text.len()))
}

fn found(ents: &[Entity]) -> Vec<(&str, &str)> {
    ents.iter().map(|e| (e.label.as_str(), e.text.as_str())).collect()
}

#[test]
fn seed_sentence() {
    let m = model();
    let text = "Ambassador Sung Kim met Wu Dawei in Beijing, China.";
    let ents = m.predict(&[whole(text)]).unwrap();
    assert_eq!(found(&ents[0]), vec![("PER", "Sung Kim"), ("PER", "Wu Dawei"), ("LOC", "Beijing"), ("LOC", "China")]);
    for e in &ents[0] {
        assert_eq!(e.span.slice(text), e.text);
        assert!(e.score > 0.5 && e.score <= 1.0, "{e:?}");
    }
}

#[test]
fn spans_are_byte_offsets_into_the_document_with_non_ascii_text() {
    let m = model();
    let doc = "Q: Is it true?\n\nMR. PRICE: Kim’s envoy — 이 é — met Sung Kim in Séoul and Pyongyang.\n";
    let start = doc.find("Kim’s").unwrap();
    let span = Span::new(start, doc.len() - 1);
    let ents = m.predict(&[(doc, span)]).unwrap();
    assert!(!ents[0].is_empty());
    for e in &ents[0] {
        assert!(span.contains(e.span));
        assert_eq!(e.text, e.span.slice(doc), "{e:?}");
        // Word boundaries: neither end splits a word.
        let before = doc[..e.span.start].chars().next_back();
        let after = doc[e.span.end..].chars().next();
        assert!(before.is_none_or(|c| !c.is_alphanumeric()), "{e:?}");
        assert!(after.is_none_or(|c| !c.is_alphanumeric()), "{e:?}");
    }
    let names = found(&ents[0]);
    assert!(names.contains(&("PER", "Sung Kim")), "{names:?}");
    assert!(names.contains(&("LOC", "Pyongyang")), "{names:?}");
}

#[test]
fn bad_spans_are_errors() {
    let m = model();
    let text = "Séoul";
    for span in [Span { start: 0, end: 99 }, Span { start: 2, end: 5 }, Span { start: 4, end: 2 }] {
        assert!(matches!(m.predict(&[(text, span)]), Err(Error::BadSpan { .. })), "{span:?}");
    }
    assert!(m.predict(&[]).unwrap().is_empty());
    assert_eq!(m.predict(&[("", Span::new(0, 0)), ("  ", Span::new(0, 2))]).unwrap(), vec![vec![], vec![]]);
}

#[test]
fn results_do_not_depend_on_batch_size_or_threads() {
    let mut m = model();
    let sents = [
        "Ambassador Sung Kim met Wu Dawei in Beijing, China.",
        "The IAEA said North Korea had restarted the Yongbyon reactor.",
        "Thank you.",
        "Secretary Blinken will travel to Seoul and Tokyo next week to meet President Yoon and Prime Minister Kishida.",
        "Q",
        "MS. PSAKI: The President spoke with Chancellor Scholz about NATO and the European Union.",
        "Pyongyang fired two missiles into the Sea of Japan, Yonhap reported.",
    ];
    let input: Vec<(&str, Span)> = sents.iter().map(|s| whole(s)).collect();
    m.options.batch_size = 1;
    let reference = m.predict(&input).unwrap();
    for (bs, threads) in [(2, 1), (3, 2), (64, 2)] {
        m.options.batch_size = bs;
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let got = pool.install(|| m.predict(&input)).unwrap();
        for (a, b) in reference.iter().zip(&got) {
            assert_eq!(a.len(), b.len(), "batch {bs}, {threads} threads");
            for (x, y) in a.iter().zip(b) {
                assert_eq!((x.span, &x.label, &x.text), (y.span, &y.label, &y.text));
                assert!((x.score - y.score).abs() < 1e-5, "{x:?} vs {y:?}");
            }
        }
    }
}

#[test]
fn sentences_longer_than_the_model_positions_are_windowed() {
    let m = model();
    let one = "Ambassador Sung Kim met Wu Dawei in Beijing, China";
    let text = vec![one; 60].join(" and ");
    let ents = m.predict(&[whole(&text)]).unwrap();
    // ~13 tokens per copy: about 780 tokens, beyond 512 positions; nothing is dropped. (The
    // people in this odd run-on list get mixed labels; the places are stable.)
    let found = found(&ents[0]);
    for place in ["Beijing", "China"] {
        assert_eq!(found.iter().filter(|(l, t)| *l == "LOC" && *t == place).count(), 60, "{found:?}");
    }
    let last = ents[0].last().unwrap();
    assert_eq!((last.label.as_str(), last.span.end), ("LOC", text.len()));
}

/// Copies the model's small files and links the weights into a temp folder.
fn copy_model(dst: &Path) {
    for f in ["config.json", "tokenizer.json", "model.safetensors", "training.json", "demarche-model.toml"] {
        fs::copy(model_dir().join(f), dst.join(f)).unwrap();
    }
}

#[test]
fn loading_errors_name_the_file() {
    let d = tempfile::tempdir().unwrap();
    copy_model(d.path());
    let card = fs::read_to_string(d.path().join("demarche-model.toml")).unwrap();
    let expected = sha256_file(&d.path().join("model.safetensors")).unwrap();
    assert!(card.contains(&expected));

    // Missing weights.
    fs::rename(d.path().join("model.safetensors"), d.path().join("moved")).unwrap();
    let e = NerModel::load(d.path()).err().unwrap();
    let path = d.path().join("model.safetensors");
    assert_eq!(e.to_string(), format!("{}: missing (the model card expects sha256 {expected})", path.display()));

    // Changed weights: one byte flipped.
    let mut bytes = fs::read(d.path().join("moved")).unwrap();
    let n = bytes.len();
    bytes[n - 3] ^= 0x55;
    fs::write(&path, &bytes).unwrap();
    let actual = sha256_file(&path).unwrap();
    let e = NerModel::load(d.path()).err().unwrap();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: sha256 {actual} does not match the model card's {expected}; the file is corrupt or was replaced",
            path.display()
        )
    );

    // Truncated weights that the card vouches for: a parse error naming the file.
    fs::write(&path, &bytes[..n / 2]).unwrap();
    let card = card.replace(&expected, &sha256_file(&path).unwrap());
    fs::write(d.path().join("demarche-model.toml"), card).unwrap();
    let e = NerModel::load(d.path()).err().unwrap();
    assert!(e.to_string().starts_with(&format!("{}: bad weights: ", path.display())), "{e}");
}
