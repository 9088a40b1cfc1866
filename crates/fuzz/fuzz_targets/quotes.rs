//! Any bytes as a news article: quote extraction never panics and its turns never overlap.
#![no_main]

use demarche_actors::Registry;
use demarche_core::{DocKind, Document, Meta, Span};
use demarche_quotes::QuoteExtractor;
use demarche_segment::{NewsSegmenter, Segmenter};
use libfuzzer_sys::fuzz_target;

static REGISTRY: std::sync::LazyLock<Registry> = std::sync::LazyLock::new(|| Registry::builtin().expect("builtin registry"));
static NEWS: std::sync::LazyLock<NewsSegmenter> = std::sync::LazyLock::new(NewsSegmenter::default);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = Document {
        id: "0".into(),
        path: "fuzz".into(),
        sha256: "0".into(),
        encoding: "utf-8".into(),
        text,
        body_start: 0,
        meta: Meta { kind: Some(DocKind::Article), date: Some("2019-03".into()), ..Meta::default() },
    };
    let paragraphs: Vec<Span> = NEWS.segment(&doc).turns.iter().map(|t| t.span).collect();
    let mut last = 0;
    for t in QuoteExtractor::new(&REGISTRY).extract(&doc, &paragraphs) {
        assert!(last <= t.span.start && t.span.start < t.span.end && t.span.end <= doc.text.len());
        assert!(doc.text.is_char_boundary(t.span.start) && doc.text.is_char_boundary(t.span.end));
        last = t.span.end;
    }
});
