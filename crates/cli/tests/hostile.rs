//! Hostile inputs: each case runs the real binary, asserts the exact `errors` row (or its
//! absence) and that every other document is processed.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::*;

fn run_dir(files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    // A clean document beside every hostile one: it must always come through.
    std::fs::write(dir.path().join("zz_good.txt"), "Pyongyang said talks would resume.").unwrap();
    let out = tempfile::tempdir().unwrap();
    run_text_only(&[dir.path()], out.path(), &[]);
    (dir, out)
}

fn rows_by_path(out: &Path, table_name: &str) -> HashMap<String, HashMap<String, String>> {
    table(out, table_name)
        .into_iter()
        .map(|r| (Path::new(&r["path"]).file_name().unwrap().to_string_lossy().to_string(), r))
        .collect()
}

fn assert_good_doc_present(out: &Path) {
    assert!(rows_by_path(out, "documents").contains_key("zz_good.txt"));
}

#[test]
fn line_ends_crlf_and_lone_cr_keep_offsets() {
    let (dir, out) = run_dir(&[
        ("crlf.txt", b"Remarks\r\n\r\nMR. SMITH:  First turn,\r\nwrapped.\r\n\r\nQ    A question?\r\n\r\nMR. SMITH:  An answer.\r\n\r\nQUESTION: More?\r\n".to_vec()),
        ("cr.txt", b"Remarks\r\rMR. SMITH:  First turn,\rwrapped.\r\rQ    A question?\r\rMR. SMITH:  An answer.\r\rQUESTION: More?\r".to_vec()),
    ]);
    assert!(table(out.path(), "errors").is_empty());
    let docs = table(out.path(), "documents");
    let turns = table(out.path(), "turns");
    for name in ["crlf.txt", "cr.txt"] {
        let d = docs.iter().find(|d| d["path"].ends_with(name)).unwrap();
        let t: Vec<_> = turns.iter().filter(|t| t["doc_id"] == d["doc_id"]).map(|t| t["text"].as_str()).collect();
        assert_eq!(t, ["First turn, wrapped.", "A question?", "An answer.", "More?"], "{name}");
    }
    assert_spans_slice_files(&docs, &turns);
    assert_spans_slice_files(&docs, &table(out.path(), "sentences"));
    drop(dir);
}

#[test]
fn utf16_and_broken_utf8_are_read_and_reported() {
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Seoul’s envoy — 이 — said: “talks are welcome.”".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let mut broken = "Kim’s envoy said talks — ".as_bytes().to_vec();
    broken.push(0xC3);
    broken.extend(" resumed in Genève.".as_bytes());
    let (_dir, out) = run_dir(&[("utf16.txt", utf16), ("broken.txt", broken)]);
    let errors = rows_by_path(out.path(), "errors");
    assert_eq!(errors.len(), 2);
    assert_eq!(errors["utf16.txt"]["level"], "warning");
    assert_eq!(
        errors["utf16.txt"]["message"],
        "UTF-16LE with byte-order mark: transcoded to UTF-8; byte offsets refer to the UTF-8 text"
    );
    assert_eq!(errors["broken.txt"]["level"], "warning");
    assert_eq!(
        errors["broken.txt"]["message"],
        "invalid UTF-8 at byte 29 (1 place): replaced with U+FFFD; byte offsets after it refer to the repaired text"
    );
    let docs = rows_by_path(out.path(), "documents");
    assert_eq!(docs["utf16.txt"]["encoding"], "utf-16le");
    assert_eq!(docs["broken.txt"]["encoding"], "utf-8 (repaired)");
    let turns = table(out.path(), "turns");
    // Articles become quotes and narration: the transcoded text is found in them.
    assert!(turns.iter().any(|t| t["text"].starts_with("Seoul’s envoy — 이 —")));
    assert!(turns.iter().any(|t| t["text"] == "talks are welcome." && t["kind"] == "quote"));
    assert!(turns.iter().any(|t| t["text"].contains("\u{fffd} resumed in Genève")));
    assert_good_doc_present(out.path());
}

#[test]
fn long_line_unbalanced_quotes_and_many_turns() {
    let long = "word ".repeat(2_000).into_bytes(); // 10,000 characters, no sentence end
    let unbalanced =
        "“He said it was over, Kim said. Then “again” and \"once more.\n\n“Another paragraph opens and never closes."
            .as_bytes()
            .to_vec();
    let mut transcript = String::from("Remarks\n\n");
    for i in 0..2_500 {
        transcript.push_str(&format!("MS. PSAKI:  Answer number {i}.\n\nQ    Question {i}?\n\n"));
    }
    let (_dir, out) =
        run_dir(&[("long.txt", long), ("unbalanced.txt", unbalanced), ("many.txt", transcript.into_bytes())]);
    assert!(table(out.path(), "errors").is_empty());
    let docs = rows_by_path(out.path(), "documents");
    assert_eq!(docs["many.txt"]["turns"], "5000");
    assert_eq!(docs["many.txt"]["kind"], "transcript");
    let sentences = table(out.path(), "sentences");
    let long_id = &docs["long.txt"]["doc_id"];
    let pieces: Vec<_> = sentences.iter().filter(|s| &s["doc_id"] == long_id).collect();
    assert!(pieces.len() >= 5, "a 10,000-character line is cut into bounded sentences");
    assert!(pieces.iter().all(|s| s["end"].parse::<usize>().unwrap() - s["start"].parse::<usize>().unwrap() <= 2_000));
    let all: Vec<_> = docs.values().cloned().collect();
    assert_spans_slice_files(&all, &sentences);
    assert_good_doc_present(out.path());
}

#[test]
fn fifty_megabyte_document_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let para =
        "The delegation reaffirmed its commitment to dialogue — and to the denuclearization of the Korean peninsula. ";
    let mut text = String::with_capacity(50 << 20);
    while text.len() < 50 << 20 {
        text.push_str(para);
        if text.len().is_multiple_of(7) {
            text.push_str("\n\n");
        }
    }
    std::fs::write(dir.path().join("big.txt"), &text).unwrap();
    let out = tempfile::tempdir().unwrap();
    run_text_only(&[dir.path()], out.path(), &[]);
    let docs = table(out.path(), "documents");
    assert_eq!(docs[0]["bytes"], text.len().to_string());
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("manifest.json")).unwrap()).unwrap();
    assert!(manifest["counts"]["sentences"].as_u64().unwrap() > 400_000);
}

#[cfg(unix)]
#[test]
fn symlink_loop_dangling_link_and_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(d.join("nowhere.txt"), d.join("dangling.txt")).unwrap();
    std::fs::write(d.join("good.txt"), "Beijing said the talks were useful.").unwrap();
    let out = tempfile::tempdir().unwrap();
    // /proc/self/mem exists and is a file, but reading it from the start fails: an
    // unreadable file even for root, who ignores permission bits.
    let unreadable = Path::new("/proc/self/mem");
    run_text_only(&[d, unreadable], out.path(), &[]);
    let errors = table(out.path(), "errors");
    let find = |end: &str| {
        errors.iter().find(|e| e["path"].ends_with(end)).unwrap_or_else(|| panic!("no row for {end}: {errors:?}"))
    };
    assert!(find("sub/loop")["message"].starts_with("symbolic link loop back to "));
    assert_eq!(find("dangling.txt")["message"], "no such file or directory");
    assert_eq!(find("/proc/self/mem")["message"], "Input/output error (os error 5)");
    assert!(errors.iter().all(|e| e["level"] == "error" && e["stage"] == "ingest"));
    assert_eq!(errors.len(), 3);
    assert_eq!(table(out.path(), "documents").len(), 1);
}
