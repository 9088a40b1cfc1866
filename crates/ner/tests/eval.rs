//! CoNLL scoring end to end on a small file written here (the CoNLL data itself stays in
//! ../shared and is never copied into the project).

use std::path::PathBuf;

#[test]
fn scores_a_small_conll_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mini.txt");
    let text =
        "-DOCSTART- -X- -X- O\n\nAmbassador NNP B-NP O\nSung NNP I-NP B-PER\nKim NNP I-NP I-PER\nmet VBD B-VP O\n\
                Wu NNP B-NP B-PER\nDawei NNP I-NP I-PER\nin IN B-PP O\nBeijing NNP B-NP B-LOC\n, , O O\n\
                China NNP B-NP B-LOC\n. . O O\n\nThe DT B-NP O\nU.S. NNP I-NP B-LOC\nsaid VBD B-VP O\n";
    std::fs::write(&file, text).unwrap();
    let model = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/ner-conll-minilm");
    let r = demarche_ner::eval::conll(&model, &file).unwrap();
    assert_eq!((r.sentences, r.tokens, r.overall.gold), (2, 14, 5));
    assert!(r.overall.f1 >= 80.0, "{r}");
    assert!(r.to_string().contains("overall"));

    std::fs::write(&file, "Kim NNP B-NP U-PER\n").unwrap();
    let e = demarche_ner::eval::conll(&model, &file).unwrap_err();
    assert!(e.to_string().ends_with("mini.txt:1: tag \"U-PER\" is not O, B-TYPE or I-TYPE"), "{e}");
}
