//! No input makes the extractor panic, overlap turns or take more than linear time.

mod common;

use std::time::{Duration, Instant};

use common::*;
use demarche_core::{Span, TurnKind};
use demarche_quotes::QuoteExtractor;

fn run(text: &str, paras: &[Span]) {
    let r = registry();
    let d = doc(text, Some("2016"));
    let turns = QuoteExtractor::new(&r).extract(&d, paras);
    let mut last = 0;
    for t in &turns {
        assert!(!t.span.is_empty() && t.span.start >= last && t.span.end <= text.len());
        assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        last = t.span.end;
    }
}

fn whole(text: &str) -> Vec<Span> {
    blank_line_paragraphs(text)
}

#[test]
fn odd_inputs() {
    let cases = [
        "",
        "\u{feff}",
        "“",
        "”",
        "\"\"\"\"\"",
        "“unbalanced quote that never closes, said Kim",
        "closing only” said Kim.",
        "“a” “b” “c” ” ” “",
        "'''' `` '' ‘ ’ « » „ ‟",
        "“Nested “twice” here,” he said “and more",
        "said",
        ", said .",
        "According to",
        "according to , ,",
        "Kim:",
        "Q:",
        ":",
        "—“x” -",
        "“x” -Commissioner",
        "He said, she said, they said, it said, we said, I said.",
        "A, B, C, D, E, F, said",
        "(((((( said ))))))",
        "“é” said Çé Öü, a ñ.",
    ];
    for c in cases {
        run(c, &whole(c));
        run(c, &[Span { start: 0, end: c.len() }]);
    }
}

#[test]
fn bad_paragraph_spans_are_clamped() {
    let text = "Kim said “we are ready” — 한국 “통일” said 이.";
    let spans = [
        Span { start: 5, end: 2 },
        Span { start: 0, end: 10_000 },
        Span { start: 1, end: 3 },
        Span { start: 34, end: 36 },
        Span { start: 9, end: 40 },
        Span { start: text.len() + 5, end: text.len() + 9 },
    ];
    run(text, &spans);
    for s in spans {
        run(text, &[s]);
    }
}

/// A deterministic generator of article-like noise.
fn noise(seed: u64, len: usize) -> String {
    const PIECES: &[&str] = &[
        "“",
        "”",
        "\"",
        "'",
        "‘",
        "’",
        ", ",
        ". ",
        ": ",
        " said ",
        " Kim ",
        " he ",
        " she ",
        " according to ",
        " told reporters ",
        "\n\n",
        " the U.S. envoy ",
        " Sung ",
        " Pyongyang ",
        " that ",
        " -",
        "—",
        " added",
        " saying ",
        "QUESTION: ",
        "AMBASSADOR KIM: ",
        " 한국 ",
        " é ",
        "(",
        ")",
        " as ",
        " quotes ",
        " who ",
    ];
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut out = String::new();
    while out.len() < len {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        out.push_str(PIECES[(x >> 33) as usize % PIECES.len()]);
    }
    out
}

#[test]
fn fuzzed_noise_keeps_invariants() {
    let r = registry();
    for seed in 0..300u64 {
        let text = noise(seed, 50 + (seed as usize * 37) % 2_000);
        let d = doc(&text, Some("2015-01-30"));
        let paras = whole(&text);
        let turns = QuoteExtractor::new(&r).extract(&d, &paras);
        check_invariants(&d, &paras, &turns);
    }
}

fn timed(text: &str) -> Duration {
    let start = Instant::now();
    run(text, &whole(text));
    start.elapsed()
}

#[test]
fn long_paragraphs_stay_linear() {
    // A 10,000-character paragraph of quotations and attributions, then 20 times that.
    let unit =
        "“We are ready to talk,” Kim said, adding that Pyongyang must act. Ken Gause, an analyst, said: “Wait.” ";
    let small = unit.repeat(10_000 / unit.len() + 1);
    let big = unit.repeat(200_000 / unit.len() + 1);
    let (t_small, t_big) = (timed(&small), timed(&big));
    assert!(t_big < Duration::from_secs(5), "{t_big:?}");
    // Twenty times the text may take at most ~60 times as long (noise allowed), not 400.
    assert!(t_big < t_small * 60 + Duration::from_millis(500), "{t_small:?} → {t_big:?}");
    // Degenerate paragraphs: one endless sentence of cues, one of capitals, one of marks.
    for s in [" he said".repeat(30_000), " KIM JONG UN".repeat(20_000), "“".repeat(50_000), "Kim, ".repeat(40_000)] {
        assert!(timed(&s) < Duration::from_secs(5));
    }
}

#[test]
fn seeds_and_polnear_sample_keep_invariants() {
    for (p, date) in [("001", "2015-02"), ("002", "2015-01-30"), ("003", "2019-03")] {
        let d = seed(p, date);
        let paras = paragraphs(&d);
        check_invariants(&d, &paras, &extract(&d));
    }
    let dir = std::path::Path::new(SHARED).join("data/polnear/train/text");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: no {}", dir.display());
        return;
    };
    let mut files: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let r = registry();
    let mut quotes = 0;
    for f in files.iter().step_by(8) {
        let text = std::fs::read_to_string(f).expect("text");
        let d = doc(&text, None);
        let paras = paragraphs(&d);
        let turns = QuoteExtractor::new(&r).extract(&d, &paras);
        check_invariants(&d, &paras, &turns);
        quotes += turns.iter().filter(|t| t.kind == TurnKind::Quote).count();
    }
    assert!(quotes > 500, "{quotes}");
}
