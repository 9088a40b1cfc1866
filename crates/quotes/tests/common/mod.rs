//! Helpers shared by the integration tests (included with `mod common;`).
#![allow(dead_code)]

use demarche_actors::Registry;
use demarche_core::{Document, Meta, Span, TurnKind};
use demarche_quotes::{QuoteExtractor, QuoteTurn};
use demarche_segment::{NewsSegmenter, Segmenter};

pub const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

pub fn doc(text: &str, date: Option<&str>) -> Document {
    Document {
        id: "test".into(),
        path: "test".into(),
        sha256: String::new(),
        encoding: "utf-8".into(),
        text: text.to_string(),
        body_start: 0,
        meta: Meta { date: date.map(str::to_string), ..Meta::default() },
    }
}

/// Reads `seeds/<prefix>_*.txt`.
pub fn seed(prefix: &str, date: &str) -> Document {
    let dir = format!("{SHARED}/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&format!("{prefix}_"))))
        .collect();
    paths.sort();
    let text = std::fs::read_to_string(&paths[0]).expect("seed text");
    doc(&text, Some(date))
}

pub fn registry() -> Registry {
    Registry::builtin().expect("builtin registry")
}

/// Paragraphs as the news segmenter gives them.
pub fn paragraphs(d: &Document) -> Vec<Span> {
    static SEG: std::sync::OnceLock<NewsSegmenter> = std::sync::OnceLock::new();
    SEG.get_or_init(NewsSegmenter::default).segment(d).turns.iter().map(|t| t.span).collect()
}

/// Paragraphs split at blank lines, for hand-written articles.
pub fn blank_line_paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    for part in text.split("\n\n") {
        let lead = part.len() - part.trim_start().len();
        let body = part.trim();
        if !body.is_empty() {
            out.push(Span::new(at + lead, at + lead + body.len()));
        }
        at += part.len() + 2;
    }
    out
}

pub fn extract(d: &Document) -> Vec<QuoteTurn> {
    let r = registry();
    let paras = paragraphs(d);
    QuoteExtractor::new(&r).extract(d, &paras)
}

pub fn extract_text(text: &str, date: Option<&str>) -> (Document, Vec<QuoteTurn>) {
    let d = doc(text, date);
    let r = registry();
    let paras = blank_line_paragraphs(text);
    let turns = QuoteExtractor::new(&r).extract(&d, &paras);
    (d, turns)
}

/// The invariants every output keeps: spans inside the paragraphs, trimmed, non-empty,
/// in order, not overlapping; narration has words and no speaker; quotes have a mode.
pub fn check_invariants(d: &Document, paras: &[Span], turns: &[QuoteTurn]) {
    let text = &d.text;
    let mut last_end = 0;
    for t in turns {
        assert!(!t.span.is_empty(), "empty turn {t:?}");
        assert!(t.span.start >= last_end, "overlap at {:?}: {:?}", t.span, t.span.slice(text));
        last_end = t.span.end;
        let s = t.span.slice(text);
        assert_eq!(s.trim(), s, "untrimmed {s:?}");
        assert!(paras.iter().any(|p| p.contains(t.span)), "turn outside paragraphs: {s:?}");
        match t.kind {
            TurnKind::Narration => {
                assert!(s.chars().any(char::is_alphanumeric), "narration without words: {s:?}");
                assert!(t.mode.is_none() && t.speaker.is_none() && t.actor.is_none() && t.group.is_none());
            }
            _ => assert!(t.mode.is_some() && t.group.is_some(), "{t:?}"),
        }
    }
}
