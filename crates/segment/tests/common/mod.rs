//! Helpers shared by the integration tests (included with `mod common;`).
#![allow(dead_code)]

use demarche_core::{DocKind, Document, Meta};

pub const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

pub fn doc(text: String, body_start: usize, meta: Meta) -> Document {
    Document {
        id: "test".into(),
        path: "test".into(),
        sha256: String::new(),
        encoding: "utf-8".into(),
        text,
        body_start,
        meta,
    }
}

/// Reads `seeds/<prefix>_*.txt`.
pub fn seed(prefix: &str, kind: DocKind) -> Document {
    let dir = format!("{SHARED}/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&format!("{prefix}_"))))
        .collect();
    paths.sort();
    let text = std::fs::read_to_string(&paths[0]).expect("seed text");
    doc(text, 0, Meta { kind: Some(kind), ..Meta::default() })
}

/// Where a markdown body starts: after the `---` line closing the front matter.
pub fn front_matter_end(text: &str) -> usize {
    if !text.starts_with("---") {
        return 0;
    }
    let mut pos = 0;
    let mut seen = 0;
    for line in text.split_inclusive('\n') {
        pos += line.len();
        if line.trim_end() == "---" {
            seen += 1;
            if seen == 2 {
                return pos;
            }
        }
    }
    0
}

/// All White House briefing files, sorted.
pub fn wh_files() -> Vec<std::path::PathBuf> {
    let root = format!("{SHARED}/corpora/wh-press-briefings");
    let mut out = Vec::new();
    for month in std::fs::read_dir(&root).expect("wh corpus").flatten() {
        for f in std::fs::read_dir(month.path()).into_iter().flatten().flatten() {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
