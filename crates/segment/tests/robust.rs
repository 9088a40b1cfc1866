//! Odd inputs never panic, line endings do not change the result, and big inputs stay
//! linear.

mod common;

use std::time::{Duration, Instant};

use common::{doc, seed};
use demarche_core::{normalize_ws, DocKind, Document, Meta};
use demarche_segment::{
    NewsSegmenter, RuleSplitter, Segmented, Segmenter, SentenceSplitter, SpeechSegmenter, TranscriptSegmenter,
    MAX_SENTENCE_BYTES,
};

fn segmenters() -> Vec<Box<dyn Segmenter>> {
    vec![Box::new(TranscriptSegmenter), Box::new(SpeechSegmenter), Box::new(NewsSegmenter::default())]
}

/// Every span is a trimmed, non-empty, ordered slice of the body, and its sentences obey
/// the splitter's contract.
fn check(d: &Document, s: &Segmented) {
    let mut last = d.body_start.min(d.text.len());
    for t in &s.turns {
        assert!(!t.span.is_empty());
        assert!(t.span.start >= last && t.span.end <= d.text.len());
        last = t.span.end;
        let body = t.span.slice(&d.text);
        assert_eq!(body, body.trim_matches(demarche_core::is_space));
        let mut prev = t.span.start;
        for sp in RuleSplitter.split(&d.text, t.span) {
            assert!(t.span.contains(sp) && !sp.is_empty() && sp.start >= prev);
            assert!(sp.len() <= MAX_SENTENCE_BYTES);
            prev = sp.end;
        }
    }
}

#[test]
fn odd_inputs_never_panic() {
    let long_line = "word ".repeat(4_000) + &"é".repeat(6_000);
    let inputs: Vec<String> = vec![
        String::new(),
        "\u{feff}".into(),
        "\u{feff}MS. PSAKI:\u{a0} Hi.\r\n\r\nQ\u{a0}\u{a0} Yes?\r\n".into(),
        "MS. PSAKI: one\rQ  two\rMS. PSAKI: three\r\rEND\r".into(),
        "“unbalanced quote. “another. ”close” ”".into(),
        "Q".into(),
        "Q:".into(),
        ":::: \n\n A: \n\nQ\n\n".into(),
        "\u{a0}\u{a0}\n\u{a0}".into(),
        long_line,
        "MR. X:\n\nEND\n".into(),
        "Title\n\nJohn Doe\nJanuary 30, 2015\n".into(),
    ];
    for text in inputs {
        for body_start in [0, 1, 3, text.len(), text.len() + 5] {
            let d = doc(text.clone(), body_start, Meta::default());
            for seg in segmenters() {
                let s = seg.segment(&d);
                check(&d, &s);
            }
        }
    }
}

#[test]
fn line_endings_do_not_change_turns() {
    let lf = seed("000", DocKind::Transcript);
    let base = TranscriptSegmenter.segment(&lf);
    for nl in ["\r\n", "\r"] {
        let d = doc(lf.text.replace('\n', nl), 0, Meta::default());
        let s = TranscriptSegmenter.segment(&d);
        assert_eq!(s.header, base.header);
        assert_eq!(s.turns.len(), base.turns.len());
        for (a, b) in s.turns.iter().zip(&base.turns) {
            assert_eq!(a.label, b.label);
            assert_eq!(a.kind, b.kind);
            assert_eq!(normalize_ws(a.span.slice(&d.text)), normalize_ws(b.span.slice(&lf.text)));
        }
        check(&d, &s);
    }
}

#[test]
fn body_start_hides_front_matter() {
    let text = "---\ntitle: x\nAMBASSADOR KIM: not a turn\n---\nMS. PSAKI: Hello.\n\nQ   Hi.\n";
    let start = text.find("MS.").unwrap();
    let d = doc(text.into(), start, Meta::default());
    let s = TranscriptSegmenter.segment(&d);
    assert_eq!(s.turns.len(), 2);
    assert_eq!(s.turns[0].span.slice(text), "Hello.");
    assert_eq!(s.turns[1].span.slice(text), "Hi.");
}

fn timed(label: &str, f: impl FnOnce()) -> Duration {
    let t = Instant::now();
    f();
    let e = t.elapsed();
    println!("{label}: {e:?}");
    e
}

fn big_transcript(bytes: usize) -> String {
    let unit = "MS. PSAKI:\u{a0} Good afternoon. We met the U.S. envoy at 10 a.m. today, and Mr. Kim\nsaid “talks are over.” (Laughter.)\n\nQ\u{a0}\u{a0}\u{a0} Thanks, Jen. Two questions on N. Korea?\n\n";
    unit.repeat(bytes / unit.len() + 1)
}

fn run_big(bytes: usize) -> Duration {
    let mut total = Duration::ZERO;
    let text = big_transcript(bytes);
    let d = doc(text, 0, Meta::default());
    let mut turns = Vec::new();
    total += timed("transcript", || turns = TranscriptSegmenter.segment(&d).turns);
    total += timed("sentences", || {
        let n: usize = turns.iter().map(|t| RuleSplitter.split(&d.text, t.span).len()).sum();
        assert!(n > turns.len());
    });
    // News paragraphs must differ: a repeated line is furniture.
    let mut news = String::with_capacity(bytes + 200);
    let mut i = 0u64;
    while news.len() < bytes {
        news.push_str(&format!("Paragraph {i} says the U.S. envoy met Mr. Kim, “again.”\n\nUSA\n\n"));
        i += 1;
    }
    let d = doc(news, 0, Meta::default());
    total += timed("news", || {
        let n = NewsSegmenter::default().segment(&d).turns.len() as u64;
        assert_eq!(n, i);
    });
    // One huge line without sentence ends or line breaks.
    let line = "abc def ghi ".repeat(bytes / 12);
    let d = doc(line, 0, Meta::default());
    total += timed("huge line: news + speech + sentences", || {
        NewsSegmenter::default().segment(&d);
        let s = SpeechSegmenter.segment(&d);
        let spans = RuleSplitter.split(&d.text, s.turns[0].span);
        assert!(spans.iter().all(|s| s.len() <= MAX_SENTENCE_BYTES));
    });
    total
}

#[test]
fn a_few_megabytes() {
    run_big(2_000_000);
}

/// `cargo test --release -p demarche-segment --test robust -- --ignored --nocapture`
#[test]
#[ignore]
fn fifty_megabytes_in_seconds() {
    let t = run_big(50_000_000);
    assert!(t < Duration::from_secs(60), "{t:?}");
}
