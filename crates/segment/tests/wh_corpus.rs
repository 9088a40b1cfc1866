//! White House briefings: turns found against an independent count of label lines.

mod common;

use std::time::Instant;

use common::{doc, front_matter_end, wh_files};
use demarche_core::{DocKind, Meta, TurnKind};
use demarche_segment::{RuleSplitter, Segmenter, SentenceSplitter, TranscriptSegmenter, MAX_SENTENCE_BYTES};
use regex::Regex;

/// The label rule restated as one plain regex over lines: `Q` + space/colon, or up to six
/// all-caps words and a colon; a single bare word needs a blank line before it.
struct Independent {
    re: Regex,
}

impl Independent {
    fn new() -> Self {
        Independent {
            re: Regex::new(
                r"^[\s\x{feff}]*(?:(Q)(?:[\s:]|$)|(\p{Lu}[\p{Lu}.'’‐-]*(?:[\t \x{a0}]+\p{Lu}[\p{Lu}.'’‐-]*){0,5}):(?:\s|$))",
            )
            .unwrap(),
        }
    }

    fn count(&self, body: &str) -> usize {
        let roles = ["MODERATOR", "OPERATOR", "QUESTION", "REPORTER", "PARTICIPANT", "AIDE", "INTERPRETER"];
        let mut n = 0;
        let mut blank = true;
        for line in body.split(['\n', '\r']) {
            if let Some(c) = self.re.captures(line) {
                let ok = c.get(1).is_some()
                    || c.get(2).is_some_and(|m| {
                        let l = m.as_str();
                        blank || l.contains('.') || l.split_whitespace().count() >= 2 || roles.contains(&l)
                    });
                if ok {
                    n += 1;
                }
            }
            blank = line.trim().is_empty();
        }
        n
    }

    fn starts_with_label(&self, s: &str) -> bool {
        self.re.is_match(s)
    }
}

fn body_lines_crlf_safe(text: &str) -> String {
    // `split(['\n','\r'])` on CRLF makes an extra empty line; normalise first.
    text.replace("\r\n", "\n")
}

fn check_file(path: &std::path::Path, ind: &Independent) -> (usize, usize, usize, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let start = front_matter_end(&text);
    let expected = ind.count(&body_lines_crlf_safe(&text[start..]));
    let d = doc(text, start, Meta { kind: Some(DocKind::Transcript), ..Meta::default() });
    let s = TranscriptSegmenter.segment(&d);
    let mut prev_end = start;
    let mut labelled_bodies = 0;
    let mut sentences = 0;
    for t in &s.turns {
        assert!(!t.span.is_empty() && t.span.start >= prev_end, "{path:?}");
        prev_end = t.span.end;
        let body = t.span.slice(&d.text);
        if ind.starts_with_label(body) {
            labelled_bodies += 1;
            println!("body starts with a label: {:?}", &body[..body.len().min(60)]);
        }
        if t.label.as_deref() == Some("Q") {
            assert_eq!(t.kind, TurnKind::Question);
        }
        for sp in RuleSplitter.split(&d.text, t.span) {
            assert!(t.span.contains(sp) && !sp.is_empty() && sp.len() <= MAX_SENTENCE_BYTES);
            sentences += 1;
        }
    }
    (s.turns.len(), expected, labelled_bodies, sentences)
}

#[test]
fn sample_of_20_briefings_matches_independent_count() {
    let files = wh_files();
    assert!(files.len() >= 1000, "corpus not found: {}", files.len());
    let ind = Independent::new();
    let step = files.len() / 20;
    for path in files.iter().step_by(step).take(20) {
        let (turns, expected, labelled, _) = check_file(path, &ind);
        assert_eq!(turns, expected, "{path:?}");
        assert_eq!(labelled, 0, "{path:?}: a turn body starts with a label");
        assert!(turns > 0, "{path:?}");
    }
}

#[test]
fn first_briefing_turns_and_header() {
    let files = wh_files();
    let path = files
        .iter()
        .find(|p| p.ends_with("2021-01/2021-01-20-press-briefing-by-press-secretary-jen-psaki-january-20-2021.md"))
        .expect("first briefing");
    let text = std::fs::read_to_string(path).unwrap();
    let start = front_matter_end(&text);
    let meta = Meta {
        kind: Some(DocKind::Transcript),
        title: Some("Press Briefing by Press Secretary Jen\u{a0}Psaki, January 20,\u{a0}2021".into()),
        ..Meta::default()
    };
    let d = doc(text, start, meta);
    let s = TranscriptSegmenter.segment(&d);
    assert_eq!(s.header.date.as_deref(), Some("2021-01-20"));
    assert_eq!(s.header.people.len(), 1);
    assert_eq!(s.header.people[0].name, "Jen Psaki");
    assert_eq!(s.header.people[0].role.as_deref(), Some("Press Secretary"));
    let first = &s.turns[0];
    assert_eq!(first.label.as_deref(), Some("MS. PSAKI"));
    assert!(first.span.slice(&d.text).starts_with("Good evening, everyone."));
    let last = s.turns.last().unwrap();
    assert_eq!(last.span.slice(&d.text), "Thank you, everyone.\u{a0} Let’s do this again tomorrow.");
    assert!(s.turns.iter().any(|t| t.kind == TurnKind::Question && t.label.as_deref() == Some("Q")));
}

/// Whole-corpus totals; run with `cargo test --release -p demarche-segment --test
/// wh_corpus -- --ignored --nocapture`.
#[test]
#[ignore]
fn whole_corpus_totals() {
    let ind = Independent::new();
    let t0 = Instant::now();
    let (mut turns, mut expected, mut labelled, mut sentences, mut mismatched) = (0, 0, 0, 0, 0);
    let files = wh_files();
    for path in &files {
        let (a, b, c, s) = check_file(path, &ind);
        if a != b {
            mismatched += 1;
            println!("mismatch {a} vs {b}: {path:?}");
        }
        turns += a;
        expected += b;
        labelled += c;
        sentences += s;
    }
    println!(
        "files {} turns {turns} independent {expected} mismatched_files {mismatched} bodies_starting_with_label {labelled} sentences {sentences} in {:?}",
        files.len(),
        t0.elapsed()
    );
}
