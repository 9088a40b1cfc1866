//! Properties every segmenter and the splitter keep on any text: spans lie on char
//! boundaries inside the body, are trimmed and non-empty, come in order and never overlap;
//! sentences lie inside their turn and never overlap each other.

use demarche_core::{is_space, DocKind, Document, Meta, Span};
use demarche_segment::{
    NewsSegmenter, RuleSplitter, Segmenter, SentenceSplitter, SpeechSegmenter, TranscriptSegmenter,
};
use proptest::prelude::*;

/// Fragments that exercise every rule: labels, reporters' Qs, quotes (balanced or not),
/// abbreviations, line ends of all kinds, no-break spaces, non-ASCII text.
const PIECES: &[&str] = &[
    "AMBASSADOR KIM:",
    "MS. PSAKI:\u{a0} ",
    "Q\u{a0}\u{a0}\u{a0} ",
    "QUESTION: ",
    "NATO: ",
    "MR: ZIENTS:",
    "The U.S. envoy said ",
    "Mr. Kim",
    "Jan. 30",
    "No. 5",
    "“serious and productive”",
    "\"dead\"",
    "“unclosed ",
    "’s",
    " — ",
    "이 ",
    "é",
    "Genève. ",
    "It was over. ",
    "(Laughter.) ",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\u{feff}",
    "FILE - caption",
    "Send Feedback",
    "END",
    "12:07 P.M. EST",
    "...",
    "? ",
    "! ",
    " ",
    "a.m. ",
    "U.N. The",
    "Pyongyang, June 26 (KCNA) -- ",
    "SEOUL, March 5 — ",
    "Statement of the DPRK Foreign Ministry",
];

/// Built once: compiling its patterns per case would dominate the test's time.
static NEWS: std::sync::LazyLock<NewsSegmenter> = std::sync::LazyLock::new(NewsSegmenter::default);

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

fn doc(text: String, kind: DocKind, body_start: usize) -> Document {
    let body_start = (0..=body_start.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    Document {
        id: "0".into(),
        path: "p".into(),
        sha256: "0".into(),
        encoding: "utf-8".into(),
        text,
        body_start,
        meta: Meta { kind: Some(kind), speaker: Some("Kim Song".into()), ..Meta::default() },
    }
}

fn check_spans(text: &str, outer: Span, spans: &[Span], what: &str) {
    let mut last_end = outer.start;
    for s in spans {
        assert!(s.start < s.end, "{what}: empty span {s:?}");
        assert!(s.start >= last_end, "{what}: {s:?} overlaps or precedes the one before (ends {last_end})");
        assert!(s.end <= outer.end, "{what}: {s:?} runs past {outer:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{what}: {s:?} not on char boundaries");
        let slice = s.slice(text);
        assert!(!slice.starts_with(is_space) && !slice.ends_with(is_space), "{what}: {slice:?} not trimmed");
        last_end = s.end;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn spans_are_exact_ordered_and_disjoint(text in text_strategy(), start in 0usize..40, k in 0usize..4) {
        let kind = [DocKind::Transcript, DocKind::Speech, DocKind::Article, DocKind::Statement][k];
        let d = doc(text, kind, start);
        let seg: &dyn Segmenter = match kind {
            DocKind::Transcript => &TranscriptSegmenter,
            DocKind::Speech => &SpeechSegmenter,
            DocKind::Article | DocKind::Statement => &*NEWS,
        };
        // A dateline, wherever the body starts, lies inside the text on char boundaries.
        if let Some(line) = demarche_segment::dateline(&d.text, d.body_start) {
            prop_assert!(line.span.start < line.span.end && line.span.end <= d.text.len());
            prop_assert!(d.text.is_char_boundary(line.span.start) && d.text.is_char_boundary(line.span.end));
        }
        let _ = demarche_segment::looks_like_statement(&d.text, d.body_start);
        let turns: Vec<Span> = seg.segment(&d).turns.iter().map(|t| t.span).collect();
        check_spans(&d.text, Span::new(d.body_start, d.text.len()), &turns, "turns");
        for t in &turns {
            let sentences = RuleSplitter.split(&d.text, *t);
            check_spans(&d.text, *t, &sentences, "sentences");
            // Sentences cover every word of their turn: only white space lies between them.
            let mut covered = t.start;
            for s in &sentences {
                prop_assert!(d.text[covered..s.start].chars().all(is_space), "text lost between sentences");
                covered = s.end;
            }
            prop_assert!(d.text[covered..t.end].chars().all(is_space), "text lost after the last sentence");
        }
    }
}
