//! The model store: cards, checksums and the exact messages a user sees.

use std::fs;
use std::path::Path;

use demarche_encoder::store::{self, sha256_file};
use demarche_encoder::{Error, SentenceEncoder};

const HELLO_SHA: &str = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

fn card(dir: &Path, files: &[(&str, &str)]) {
    let mut s = String::from("name = \"toy\"\ntask = \"sentence-embedding\"\n[metrics]\nrust_test_f1 = 1.5\n");
    for (p, sha) in files {
        s += &format!("[[files]]\npath = \"{p}\"\nsha256 = \"{sha}\"\n");
    }
    fs::write(dir.join("demarche-model.toml"), s).unwrap();
}

#[test]
fn verify_accepts_matching_files() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("a.txt"), "hello").unwrap();
    card(d.path(), &[("a.txt", HELLO_SHA)]);
    assert_eq!(sha256_file(&d.path().join("a.txt")).unwrap(), HELLO_SHA);
    let m = store::verify(d.path()).unwrap();
    assert_eq!((m.name.as_str(), m.files.len()), ("toy", 1));
}

#[test]
fn missing_file_names_it_and_the_expected_sha() {
    let d = tempfile::tempdir().unwrap();
    card(d.path(), &[("model.safetensors", HELLO_SHA)]);
    let e = store::verify(d.path()).unwrap_err();
    assert!(matches!(e, Error::MissingFile { .. }));
    let path = d.path().join("model.safetensors");
    assert_eq!(e.to_string(), format!("{}: missing (the model card expects sha256 {HELLO_SHA})", path.display()));
}

#[test]
fn changed_file_is_a_checksum_error() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("a.txt"), "hellO").unwrap();
    card(d.path(), &[("a.txt", HELLO_SHA)]);
    let actual = sha256_file(&d.path().join("a.txt")).unwrap();
    let e = store::verify(d.path()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: sha256 {actual} does not match the model card's {HELLO_SHA}; the file is corrupt or was replaced",
            d.path().join("a.txt").display()
        )
    );
}

#[test]
fn bad_cards_are_errors_not_panics() {
    let d = tempfile::tempdir().unwrap();
    let e = store::verify(d.path()).unwrap_err();
    assert_eq!(e.to_string(), format!("{}: not a model folder: demarche-model.toml is missing", d.path().display()));
    fs::write(d.path().join("demarche-model.toml"), "name = ").unwrap();
    assert!(matches!(store::verify(d.path()), Err(Error::Card { .. })));
    card(d.path(), &[("../escape", HELLO_SHA)]);
    assert!(store::verify(d.path()).unwrap_err().to_string().contains("is not inside the model folder"));
    card(d.path(), &[("a.txt", "abc")]);
    assert!(store::verify(d.path()).unwrap_err().to_string().contains("is not 64 hex digits"));
}

#[test]
fn list_and_verify_all_report_each_folder() {
    let root = tempfile::tempdir().unwrap();
    let good = root.path().join("good");
    let bad = root.path().join("bad");
    fs::create_dir_all(&good).unwrap();
    fs::create_dir_all(&bad).unwrap();
    fs::create_dir_all(root.path().join(".hidden")).unwrap();
    fs::write(good.join("a.txt"), "hello").unwrap();
    card(&good, &[("a.txt", HELLO_SHA)]);
    let listed = store::list(root.path()).unwrap();
    assert_eq!(listed.len(), 2);
    assert!(matches!(listed[0], Err(Error::NoCard { .. })), "bad/ sorts first and has no card");
    let info = listed[1].as_ref().unwrap();
    assert_eq!(info.bytes, 5);
    assert!(info.to_string().contains("rust_test_f1=1.5"));
    let verified = store::verify_all(root.path()).unwrap();
    assert!(verified[0].1.is_err() && verified[1].1.is_ok());
    assert!(store::list(&root.path().join("nope")).is_err());
}

#[test]
fn corrupt_weights_are_an_error_naming_the_file() {
    let d = tempfile::tempdir().unwrap();
    // A card that matches the corrupt file: verification passes, parsing must not panic.
    fs::write(d.path().join("model.safetensors"), b"\x10\0\0\0\0\0\0\0{\"a\": broken").unwrap();
    fs::write(d.path().join("config.json"), "{}").unwrap();
    let tok = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/ner-conll-minilm/tokenizer.json");
    fs::copy(tok, d.path().join("tokenizer.json")).unwrap();
    let files: Vec<(String, String)> = ["model.safetensors", "config.json", "tokenizer.json"]
        .iter()
        .map(|f| (f.to_string(), sha256_file(&d.path().join(f)).unwrap()))
        .collect();
    card(d.path(), &files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect::<Vec<_>>());
    let e = SentenceEncoder::load(d.path()).err().unwrap();
    assert!(matches!(e, Error::Weights { .. }), "{e}");
    let prefix = format!("{}: bad weights: ", d.path().join("model.safetensors").display());
    assert!(e.to_string().starts_with(&prefix), "{e}");
}
