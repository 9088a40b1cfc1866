//! Any bytes, read as a transcript, an article or a speech: segmentation and sentence
//! splitting never panic, and every span is ordered, disjoint, trimmed and inside its parent.
#![no_main]

use demarche_core::{is_space, DocKind, Document, Meta, Span};
use demarche_segment::{NewsSegmenter, RuleSplitter, Segmenter, SentenceSplitter, SpeechSegmenter, TranscriptSegmenter};
use libfuzzer_sys::fuzz_target;

static NEWS: std::sync::LazyLock<NewsSegmenter> = std::sync::LazyLock::new(NewsSegmenter::default);

fn check(text: &str, outer: Span, spans: &[Span]) {
    let mut last = outer.start;
    for s in spans {
        assert!(last <= s.start && s.start < s.end && s.end <= outer.end);
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        let t = s.slice(text);
        assert!(!t.starts_with(is_space) && !t.ends_with(is_space));
        last = s.end;
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest).into_owned();
    let kind = [DocKind::Transcript, DocKind::Article, DocKind::Speech, DocKind::Statement][selector as usize % 4];
    let doc = Document {
        id: "0".into(),
        path: "fuzz".into(),
        sha256: "0".into(),
        encoding: "utf-8".into(),
        text,
        body_start: 0,
        meta: Meta { kind: Some(kind), title: Some("Press Briefing by Press Secretary Jen Psaki".into()), ..Meta::default() },
    };
    let seg: &dyn Segmenter = match kind {
        DocKind::Transcript => &TranscriptSegmenter,
        DocKind::Article | DocKind::Statement => &*NEWS,
        DocKind::Speech => &SpeechSegmenter,
    };
    let turns: Vec<Span> = seg.segment(&doc).turns.iter().map(|t| t.span).collect();
    check(&doc.text, Span::new(0, doc.text.len()), &turns);
    for t in turns {
        check(&doc.text, t, &RuleSplitter.split(&doc.text, t));
    }
});
