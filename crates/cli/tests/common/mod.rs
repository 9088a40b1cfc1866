//! Helpers shared by the end-to-end tests: run the real binary, read its tables back.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use demarche_tables::{read_parquet_rows, ParquetTable, Value};

pub fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn shared() -> PathBuf {
    project().join("../shared")
}

pub fn demarche() -> Command {
    Command::cargo_bin("demarche").unwrap()
}

/// A folder `name` in `dir` holding copies of the seed documents (tests add files to it).
pub fn seeds_copy(dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    std::fs::create_dir_all(&out).unwrap();
    for e in std::fs::read_dir(project().join("seeds")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, out.join(p.file_name().unwrap())).unwrap();
    }
    out
}

/// A configuration without the model stages, for tests about the text stages over large
/// inputs (the model stages have their own tests).
pub fn text_only() -> PathBuf {
    let path = std::env::temp_dir().join(format!("demarche-text-only-{}.toml", std::process::id()));
    std::fs::write(&path, "[ner]\nenabled = false\n[stance]\nenabled = false\n").unwrap();
    path
}

/// Runs `demarche run ARGS --out OUT` without the model stages.
pub fn run_text_only(args: &[&Path], out: &Path, extra: &[&str]) -> String {
    let cfg = text_only();
    let mut all = vec!["--config", cfg.to_str().unwrap()];
    all.extend_from_slice(extra);
    run_ok(args, out, &all)
}

/// Runs `demarche run ARGS --out OUT`, asserts success, returns stdout.
pub fn run_ok(args: &[&Path], out: &Path, extra: &[&str]) -> String {
    let mut cmd = demarche();
    cmd.arg("run").args(args).arg("--out").arg(out).args(extra);
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "demarche failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Runs `demarche run ARGS --out OUT`, asserts it exits with 1 (an error, not a panic),
/// returns stderr.
pub fn run_fails(args: &[&Path], out: &Path, extra: &[&str]) -> String {
    let output = demarche().arg("run").args(args).arg("--out").arg(out).args(extra).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A table read from its CSV, as maps from column name to cell; asserts the Parquet file
/// holds exactly the same rows.
pub fn table(dir: &Path, name: &str) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(dir.join(format!("{name}.csv"))).unwrap();
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    let ParquetTable { columns: pq_names, rows: pq_rows, metadata: kv } =
        read_parquet_rows(&dir.join(format!("{name}.parquet"))).unwrap();
    assert_eq!(pq_names, headers, "{name}: Parquet and CSV columns differ");
    assert_eq!(pq_rows.len(), rows.len(), "{name}: Parquet and CSV row counts differ");
    for (p, c) in pq_rows.iter().zip(&rows) {
        let p: Vec<String> = p
            .iter()
            .map(|v| match v {
                Value::Str(s) => s.clone(),
                Value::Int(n) => n.to_string(),
                Value::Float(x) => x.to_string(),
                Value::Null => String::new(),
            })
            .collect();
        assert_eq!(&p, c, "{name}: Parquet and CSV rows differ");
    }
    assert!(kv.iter().any(|(k, _)| k == "demarche.run_id"));
    assert!(kv.contains(&("demarche.schema_version".into(), demarche_tables::SCHEMA_VERSION.into())));
    rows.into_iter().map(|r| headers.iter().cloned().zip(r).collect()).collect()
}

/// Collapses white space the way the `text` columns do.
pub fn normalize(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Asserts that every row's byte span and char span slice the file on disk to its `text`.
pub fn assert_spans_slice_files(docs: &[HashMap<String, String>], rows: &[HashMap<String, String>]) {
    let paths: HashMap<&str, &str> = docs.iter().map(|d| (d["doc_id"].as_str(), d["path"].as_str())).collect();
    let mut files: HashMap<&str, String> = HashMap::new();
    for r in rows {
        let path = paths[r["doc_id"].as_str()];
        let text = files.entry(path).or_insert_with(|| std::fs::read_to_string(path).unwrap());
        let n = |k: &str| r[k].parse::<usize>().unwrap();
        let by_bytes = &text.as_bytes()[n("start")..n("end")];
        assert_eq!(normalize(std::str::from_utf8(by_bytes).unwrap()), r["text"], "byte span of {r:?}");
        let by_chars: String = text.chars().skip(n("char_start")).take(n("char_end") - n("char_start")).collect();
        assert_eq!(normalize(&by_chars), r["text"], "char span of {r:?}");
    }
}
