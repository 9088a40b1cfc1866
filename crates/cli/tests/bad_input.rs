//! Bad inputs become rows in `errors` with a clear message; the rest of the run completes.

mod common;

use common::*;

#[test]
fn empty_binary_latin1_and_missing_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(d.join("blank.txt"), " \n\u{a0}\n".as_bytes()).unwrap();
    std::fs::write(d.join("image.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(d.join("latin1.txt"), b"Le ministre a d\xe9clar\xe9 que Pyongyang doit revenir \xe0 la table.")
        .unwrap();
    std::fs::write(d.join("good.txt"), "Kim’s envoy — 이 — said talks would resume.".as_bytes()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let missing = d.join("missing.txt");
    run_ok(&[d, &missing], out.path(), &[]);

    let errors = table(out.path(), "errors");
    let row = |name: &str| {
        errors
            .iter()
            .find(|e| e["path"].ends_with(name))
            .unwrap_or_else(|| panic!("no error row for {name}: {errors:?}"))
    };
    assert_eq!(row("missing.txt")["message"], "no such file or directory");
    assert_eq!(row("empty.txt")["message"], "empty file");
    assert_eq!(row("blank.txt")["message"], "no text (only white space)");
    assert_eq!(row("image.txt")["message"], "binary file (NUL byte at offset 8)");
    for name in ["missing.txt", "empty.txt", "blank.txt", "image.txt"] {
        assert_eq!(row(name)["level"], "error");
        assert_eq!(row(name)["stage"], "ingest");
    }
    let latin = row("latin1.txt");
    assert_eq!(latin["level"], "warning");
    assert_eq!(
        latin["message"],
        "not UTF-8 (invalid byte at offset 15); read as windows-1252: transcoded to UTF-8; byte offsets refer to the UTF-8 text"
    );
    assert_eq!(errors.len(), 5);

    let docs = table(out.path(), "documents");
    assert_eq!(docs.len(), 2);
    let latin_doc = docs.iter().find(|d| d["path"].ends_with("latin1.txt")).unwrap();
    assert_eq!(latin_doc["encoding"], "windows-1252");
    let turns = table(out.path(), "turns");
    assert!(turns.iter().any(|t| t["text"] == "Le ministre a déclaré que Pyongyang doit revenir à la table."));
    let good = turns.iter().find(|t| t["text"].starts_with("Kim’s envoy")).unwrap();
    assert_eq!(
        good["char_end"].parse::<usize>().unwrap(),
        "Kim’s envoy — 이 — said talks would resume.".chars().count()
    );
}

#[test]
fn broken_config_names_the_key_and_line_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("demarche.toml");
    std::fs::write(&cfg, "[input]\nextensions = [\"txt\"]\nmetadata = 3\n").unwrap();
    let err = run_fails(&[&project().join("seeds")], &dir.path().join("run"), &["--config", cfg.to_str().unwrap()]);
    assert!(err.contains("demarche.toml: TOML parse error at line 3, column 1"), "{err}");
    assert!(err.contains("unknown field `metadata`"), "{err}");
    assert!(!dir.path().join("run").exists());
}

#[test]
fn malformed_metadata_row_is_an_error_row() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Seoul said talks are welcome.").unwrap();
    std::fs::write(dir.path().join("metadata.csv"), "file,title,date\na.txt,A,2015-01-30\nb.txt,B\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    run_ok(&[dir.path()], out.path(), &[]);
    let errors = table(out.path(), "errors");
    assert_eq!(errors.len(), 1);
    assert!(errors[0]["path"].ends_with("metadata.csv"));
    assert_eq!(errors[0]["stage"], "metadata");
    assert_eq!(errors[0]["message"], "line 3: expected 3 fields, found 2");
    assert_eq!(table(out.path(), "documents")[0]["year"], "2015");
}

#[test]
fn a_missing_file_is_named_once_with_its_reason() {
    // The library errors carry their source in their own message; the binary must not repeat it.
    let out = demarche().args(["run", "seeds", "--config", "/nonexistent/c.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end(), "error: /nonexistent/c.toml: No such file or directory (os error 2)");
    let out = demarche()
        .current_dir(std::env::temp_dir())
        .args(["train", "stance", "--examples", "x.csv", "--codebook", "/nonexistent/codebook.toml"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end(), "error: /nonexistent/codebook.toml: No such file or directory (os error 2)");
}

#[test]
fn a_codebook_with_a_bad_cue_stops_the_run_naming_file_target_and_cue() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book.toml");
    let text = std::fs::read_to_string(project().join("config/codebook.toml")).unwrap();
    std::fs::write(&book, format!("{text}\n[[target.cue]]\nlabel = \"against\"\npattern = 'nuclear (deterrent'\n"))
        .unwrap();
    let cfg = tmp.path().join("c.toml");
    std::fs::write(&cfg, format!("[stance]\ncodebook = {:?}\n", book.to_str().unwrap())).unwrap();
    let out = tmp.path().join("run");
    let o = demarche()
        .args(["run", "seeds", "--config"])
        .arg(&cfg)
        .arg("--out")
        .arg(&out)
        .current_dir(project())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    let expected = format!(
        "error: run into {}: codebook: {}: target denuclearization: cue \"nuclear (deterrent\" is not a regular expression: ",
        out.display(),
        book.display()
    );
    assert!(err.starts_with(&expected), "{err}");
    assert!(!out.exists());
}

#[test]
fn dates_that_name_no_day_are_error_rows_not_dates() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = |i: usize| format!("Séoul, document {i}: the envoy called for talks.\n");
    for (i, name) in ["a.txt", "b.txt", "c.txt", "d.txt"].iter().enumerate() {
        std::fs::write(d.join(name), text(i)).unwrap();
    }
    std::fs::write(d.join("metadata.csv"), "file,date\na.txt,2019-13-45\nb.txt,2019-02-30\nc.txt,99999-01-01\n")
        .unwrap();
    std::fs::write(d.join("fm.md"), "---\ndate: Jan 30 2015\ntitle: Remarks\n---\nThe envoy called for talks.\n")
        .unwrap();
    // A text that opens with a `---` rule and no front matter keeps its first lines.
    std::fs::write(d.join("rule.txt"), "---\nA rule, then the text: Pyongyang rejected talks.\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    run_ok(&[d], out.path(), &["--config", text_only().to_str().unwrap()]);
    let errors = table(out.path(), "errors");
    let docs = table(out.path(), "documents");
    let message = |name: &str| messages(&errors, name);
    assert!(message("metadata.csv").contains("bad date \"2019-13-45\": there is no month 13"), "{errors:?}");
    assert!(message("metadata.csv").contains("month 2 of 2019 has 28 days, not 30"), "{errors:?}");
    assert!(message("metadata.csv").contains("bad date \"99999-01-01\""), "{errors:?}");
    assert_eq!(message("fm.md"), "bad date \"Jan 30 2015\" (expected YYYY, YYYY-MM or YYYY-MM-DD)");
    for d in &docs {
        assert!(d["date"].is_empty() && d["year"].is_empty(), "{d:?}");
    }
    assert!(docs.iter().any(|d| d["path"].ends_with("fm.md") && d["title"] == "Remarks"));
    assert!(docs.iter().any(|d| d["path"].ends_with("rule.txt")), "{docs:?}");
}

#[test]
fn formats_sizes_and_names_it_cannot_read_are_clear_rows() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("report.txt"), b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>\n").unwrap();
    std::fs::write(d.join("memo.txt"), b"PK\x03\x04\x14\x00\x06\x00word/document.xml").unwrap();
    std::fs::write(d.join("big.txt"), "Séoul. ".repeat(100)).unwrap();
    std::fs::write(d.join("small.txt"), "Pyongyang rejected talks.\n").unwrap();
    // Two names that differ only in bytes that are not UTF-8 stay two documents.
    use std::os::unix::ffi::OsStrExt;
    for (b, text) in [(0xffu8, "First: talks resumed.\n"), (0xfe, "Second: sanctions eased.\n")] {
        let bytes = [b'n', b, b'.', b't', b'x', b't'];
        std::fs::write(d.join(std::ffi::OsStr::from_bytes(&bytes)), text).unwrap();
    }
    let fifo = d.join("pipe.txt");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let cfg = d.join("small.toml");
    std::fs::write(&cfg, "[input]\nmax_bytes = 500\n[ner]\nenabled = false\n[stance]\nenabled = false\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let files: Vec<std::path::PathBuf> =
        std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()).filter(|p| p != &cfg).collect();
    let args: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    demarche()
        .arg("run")
        .args(&args)
        .arg("--out")
        .arg(out.path().join("r"))
        .arg("--config")
        .arg(&cfg)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .success();
    let run = out.path().join("r");
    let errors = table(&run, "errors");
    let message = |name: &str| messages(&errors, name);
    assert_eq!(
        message("report.txt"),
        "a PDF file, not text: demarche reads plain text and Markdown; extract its text first (e.g. `pdftotext FILE FILE.txt`)"
    );
    assert!(message("memo.txt").starts_with("a ZIP archive (DOCX, ODT, EPUB …), not text"), "{errors:?}");
    assert_eq!(message("big.txt"), "800 bytes, more than input.max_bytes (500): split it, or raise the limit");
    assert_eq!(message("pipe.txt"), "not a regular file");
    assert_eq!(message("n\\xFF.txt"), "the file name is not UTF-8: its other bytes are shown as \\xNN");
    let docs = table(&run, "documents");
    let paths: Vec<&str> = docs.iter().map(|d| d["path"].as_str()).collect();
    assert!(
        paths.iter().any(|p| p.ends_with("n\\xFF.txt")) && paths.iter().any(|p| p.ends_with("n\\xFE.txt")),
        "{paths:?}"
    );
    assert!(paths.iter().any(|p| p.ends_with("small.txt")));
    assert_eq!(docs.len(), 3, "{paths:?}");
}

/// The `errors` messages of the files whose path ends with `name`, joined by ` | `.
fn messages(errors: &[std::collections::HashMap<String, String>], name: &str) -> String {
    errors.iter().filter(|e| e["path"].ends_with(name)).map(|e| e["message"].clone()).collect::<Vec<_>>().join(" | ")
}

#[test]
fn a_run_that_reads_nothing_fails_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absent-é.txt");
    let out = dir.path().join("out");
    let run = demarche().arg("run").arg(&missing).arg("--out").arg(&out).output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    let want = format!(
        "error: nothing was read: 1 input could not be read (the reasons are in {})",
        out.join("errors.csv").display()
    );
    assert!(err.lines().any(|l| l == want), "{err}");
    // The run folder still says why.
    assert_eq!(table(&out, "errors")[0]["message"], "no such file or directory");

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let run = demarche().arg("run").arg(&empty).arg("--out").arg(dir.path().join("out2")).output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.lines().any(|l| l == "error: nothing was read: no input files were found"), "{err}");
}

#[test]
fn a_document_with_text_but_no_turns_is_a_warning_row() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("widgets.txt"), "Share\n\nAdvertisement\n\nRead more\n\n© Wire — é\n").unwrap();
    let out = dir.path().join("out");
    run_ok(
        &[&dir.path().join("widgets.txt"), &project().join("seeds")],
        &out,
        &["--config", text_only().to_str().unwrap()],
    );
    let errors = table(&out, "errors");
    let row = errors.iter().find(|e| e["path"].ends_with("widgets.txt")).expect("a row for widgets.txt");
    assert_eq!((row["stage"].as_str(), row["level"].as_str()), ("segment", "warning"));
    assert!(row["message"].ends_with("bytes of text but no turns: the article segmenter kept none of its lines (all page furniture, or a transcript without speaker labels)"), "{row:?}");
}
