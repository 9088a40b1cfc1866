//! The PolNeAR evaluation: errors that name file and line, and a scored sample.

mod common;

use std::path::Path;

use common::*;
use demarche_quotes::eval::{evaluate, evaluate_with_findings};
use demarche_quotes::Error;

fn split_with(ann: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("text")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("attributions")).expect("mkdir");
    std::fs::write(dir.path().join("text/a.txt"), text).expect("write");
    std::fs::write(dir.path().join("attributions/a_4e07.ann"), ann).expect("write");
    dir
}

#[test]
fn missing_folder_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let e = evaluate(&dir.path().join("dev"), &registry()).unwrap_err();
    assert!(matches!(e, Error::MissingDir { .. }), "{e}");
    assert!(e.to_string().contains("dev"), "{e}");
}

#[test]
fn malformed_line_is_an_error_naming_file_and_line() {
    let dir = split_with("T1\tSource 0 3\tKim\nT2\tCue 4 8\tsaid\nE1 broken\n", "Kim said “yes.”");
    let e = evaluate(dir.path(), &registry()).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("a_4e07.ann:3:"), "{msg}");
    let dir = split_with("T1\tContent 0 300\tx\nE1\tAttribution:T1 Content:T1\n", "Kim said “yes.”");
    let msg = evaluate(dir.path(), &registry()).unwrap_err().to_string();
    assert!(msg.contains("a_4e07.ann:1:") && msg.contains("outside the text"), "{msg}");
}

#[test]
fn a_tiny_split_scores_perfectly() {
    let text = "“We are ready,” Kim said. The weather was fine.";
    let ann =
        "T1\tContent 1 13\tWe are ready\nT2\tSource 15 18\tKim\nT3\tCue 19 23\tsaid\nT4\tAttribution 19 23\tsaid\n\
               E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n";
    let dir = split_with(ann, text);
    let r = evaluate(dir.path(), &registry()).expect("report");
    assert_eq!((r.documents, r.units, r.all.gold), (1, 1, 1));
    assert_eq!((r.all.overlap.precision, r.all.overlap.recall, r.all.exactish.f1), (1.0, 1.0, 1.0));
    assert_eq!((r.speaker_scored, r.speaker_matched), (1, 1));
    assert!(r.to_string().contains("speaker match"), "{r}");
}

#[test]
fn polnear_train_sample_beats_the_anchors() {
    let dir = Path::new(SHARED).join("data/polnear/train");
    if !dir.is_dir() {
        eprintln!("skipped: no {}", dir.display());
        return;
    }
    let (r, findings) = evaluate_with_findings(&dir, &registry(), 120).expect("report");
    eprintln!("{r}");
    assert_eq!(r.documents, 120);
    assert_eq!(findings.len(), 120);
    // Reported speech and quotations: overlap F1 above the 83.2 / 83.7 anchors.
    assert!(r.speech.overlap.f1 > 0.837, "{r}");
    assert!(r.quoted.overlap.f1 > 0.837, "{r}");
    assert!(r.speaker_match() > 0.8, "{r}");
}
