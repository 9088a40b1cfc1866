//! Sentences: Unicode sentence boundaries (UAX #29), then repairs for the abbreviations of
//! diplomatic prose, and a length cap so no sentence is unbounded.
//!
//! UAX #29 breaks after every `. ` followed by a capital (`Mr. | Kim`, `N. | Korea`) and at
//! every line break. Line breaks inside a paragraph are read as spaces (the corpora are
//! hard-wrapped); a blank line always ends a sentence.

use demarche_core::{is_space, trim_span, Span};
use unicode_segmentation::UnicodeSegmentation;

use crate::lines::{is_blank, lines};

/// Longest sentence, in bytes; a longer run is cut at its last white space before this.
pub const MAX_SENTENCE_BYTES: usize = 2000;

pub trait SentenceSplitter: Send + Sync {
    /// Sentences of `text[span]`: trimmed, non-empty, in order, non-overlapping, inside
    /// `span`.
    fn split(&self, text: &str, span: Span) -> Vec<Span>;
}

/// UAX #29 sentence boundaries with abbreviation repairs.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleSplitter;

/// Titles before a name: never the end of a sentence.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "mr.", "mrs.", "ms.", "messrs.", "dr.", "amb.", "gen.", "sen.", "sens.", "rep.",
    "reps.", "gov.", "lt.", "col.", "st.", "sgt.", "capt.", "adm.", "maj.", "prof.", "rev.",
    "hon.", "pres.", "vs.", "v.", "e.g.", "i.e.", "cf.", "mt.", "ft.",
];
/// Abbreviations that only continue into a number (`No. 1`); `No.` alone is an answer.
#[rustfmt::skip]
const NUMBERED: &[&str] = &[
    "no.", "nos.", "art.", "vol.", "pp.", "p.",
];
/// Months: they continue into a day (`Jan. 30`) and end a sentence only before a starter.
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.",
    "dec.",
];
/// Abbreviations that may also end a sentence (`… with the U.S. The envoy said`).
#[rustfmt::skip]
const MAYBE_END: &[&str] = &[
    "jr.", "sr.", "inc.", "co.", "corp.", "ltd.", "bros.", "etc.", "approx.", "est.",
];
/// Words that start a sentence after an ambiguous abbreviation.
#[rustfmt::skip]
const STARTERS: &[&str] = &[
    "A", "According", "After", "Again", "All", "Also", "Although", "An", "And", "As",
    "Asked", "At", "Because", "Before", "Both", "But", "During", "Earlier", "For", "From",
    "He", "Her", "Here", "His", "How", "However", "I", "If", "In", "It", "Its", "Last",
    "Later", "Meanwhile", "Most", "My", "No", "Now", "On", "Our", "Since", "She", "So",
    "Some", "Still", "That", "The", "Their", "Then", "There", "These", "They", "This",
    "Those", "Though", "Thus", "Today", "We", "What", "When", "Where", "While", "Who",
    "Why", "Yes", "Yesterday", "Yet", "You", "Your",
];
/// A capitalised word followed by one of these is a subject: `… the U.S. Kim said`.
#[rustfmt::skip]
const VERBS: &[&str] = &[
    "said", "says", "told", "added", "noted", "stated", "asked", "explained", "is", "was",
    "are", "were", "has", "had", "have", "will", "would", "could", "can", "did", "does",
    "also", "believes", "thinks", "warned", "urged", "announced", "reported", "called",
    "met", "wants", "declined", "agreed",
];

fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '“' | '"' | '‘' | '\'' | '«' | '„')
}

/// `U.S.`, `a.m.`, `D.C.`: letters each followed by a dot, at least two of them.
fn is_dotted_acronym(tok: &str) -> bool {
    let mut n = 0;
    let mut chars = tok.chars();
    while let Some(c) = chars.next() {
        if !c.is_alphabetic() || chars.next() != Some('.') {
            return false;
        }
        n += 1;
    }
    n >= 2
}

/// A single capital initial: `F.` in `John F. Kennedy`, `N.` in `N. Korea`.
fn is_initial(tok: &str) -> bool {
    let mut chars = tok.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase())
}

/// Whether `next` clearly opens a new sentence.
fn starts_sentence(next: &str) -> bool {
    let mut words = next.split(is_space).filter(|w| !w.is_empty()).map(|w| w.trim_start_matches(is_opening));
    let Some(first) = words.next() else {
        return false;
    };
    let first = first.trim_end_matches(|c: char| !c.is_alphanumeric());
    if STARTERS.contains(&first) {
        return true;
    }
    let second = words.next().map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric())).unwrap_or("");
    first.chars().next().is_some_and(char::is_uppercase) && VERBS.contains(&second)
}

/// Whether the UAX #29 boundary between `prev` and `next` is false and must be undone.
fn should_join(prev: &str, next: &str) -> bool {
    let next = next.trim_start_matches(is_space);
    let Some(first) = next.chars().next() else {
        return true;
    };
    // `“Really?” he asked.`: a sentence does not start in lower case.
    if first.is_lowercase() {
        return true;
    }
    let prev = prev.trim_end_matches(is_space);
    if !prev.ends_with('.') {
        return false;
    }
    // A paragraph number (`46.`) belongs to the sentence it numbers.
    if prev.len() <= 4 && prev[..prev.len() - 1].bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let tok = prev.rsplit(is_space).next().unwrap_or("");
    let tok = tok.trim_start_matches(is_opening);
    let lower = tok.to_lowercase();
    let lower = lower.as_str();
    let digit = first.is_ascii_digit();
    if TITLES.contains(&lower) {
        true
    } else if NUMBERED.contains(&lower) {
        digit
    } else if MONTHS.contains(&lower) {
        digit || !starts_sentence(next)
    } else if MAYBE_END.contains(&lower) || is_dotted_acronym(tok) || is_initial(tok) {
        !starts_sentence(next)
    } else {
        false
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Pushes `span` (trimmed), cut into pieces of at most [`MAX_SENTENCE_BYTES`] at the last
/// white space before the cap (or at the cap itself when there is none).
fn push_capped(text: &str, span: Span, out: &mut Vec<Span>) {
    let mut s = trim_span(text, span);
    while s.len() > MAX_SENTENCE_BYTES {
        let limit = floor_boundary(text, s.start + MAX_SENTENCE_BYTES);
        let window = &text[s.start..limit];
        let cut = window.char_indices().rev().find(|&(i, c)| i > 0 && is_space(c)).map_or(limit, |(i, _)| s.start + i);
        let head = trim_span(text, Span::new(s.start, cut));
        if !head.is_empty() {
            out.push(head);
        }
        s = trim_span(text, Span::new(cut, s.end));
    }
    if !s.is_empty() {
        out.push(s);
    }
}

/// Sentences of one paragraph (no blank line inside).
fn split_paragraph(text: &str, para: Span, out: &mut Vec<Span>) {
    // Line breaks become spaces (same byte length), so offsets in `flat` are offsets in
    // `text` shifted by `para.start`.
    let flat: String = para.slice(text).chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    let mut current: Option<(usize, usize)> = None;
    for (i, piece) in flat.split_sentence_bound_indices() {
        if piece.chars().all(is_space) {
            continue;
        }
        let (a, b) = (i, i + piece.len());
        current = match current {
            Some((s, e)) if should_join(&flat[s..e], piece) => Some((s, b)),
            Some((s, e)) => {
                push_capped(text, Span::new(para.start + s, para.start + e), out);
                Some((a, b))
            }
            None => Some((a, b)),
        };
    }
    if let Some((s, e)) = current {
        push_capped(text, Span::new(para.start + s, para.start + e), out);
    }
}

impl SentenceSplitter for RuleSplitter {
    fn split(&self, text: &str, span: Span) -> Vec<Span> {
        let start = ceil_boundary(text, span.start);
        let end = floor_boundary(text, span.end).max(start);
        let mut out = Vec::new();
        // Paragraphs: runs of non-blank lines.
        let mut para: Option<(usize, usize)> = None;
        for line in lines(text, start, end) {
            if is_blank(line.text(text)) {
                if let Some((a, b)) = para.take() {
                    split_paragraph(text, Span::new(a, b), &mut out);
                }
            } else {
                para = Some((para.map_or(line.start, |(a, _)| a), line.end));
            }
        }
        if let Some((a, b)) = para {
            split_paragraph(text, Span::new(a, b), &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        RuleSplitter.split(text, Span::new(0, text.len())).into_iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn titles_and_initials_do_not_end_sentences() {
        assert_eq!(
            split("Mr. Kim met Dr. Lee and Amb. Wu. Gen. Sims and Sen. Rep. Smith agreed."),
            ["Mr. Kim met Dr. Lee and Amb. Wu.", "Gen. Sims and Sen. Rep. Smith agreed."]
        );
        assert_eq!(
            split("John F. Kennedy spoke. N. Korea listened. Kim Jong-un did not."),
            ["John F. Kennedy spoke.", "N. Korea listened.", "Kim Jong-un did not."]
        );
        assert_eq!(
            split("Lt. Col. Park of St. Louis came. Gov. Cooper too."),
            ["Lt. Col. Park of St. Louis came.", "Gov. Cooper too."]
        );
    }

    #[test]
    fn us_and_times_end_a_sentence_only_before_a_starter() {
        assert_eq!(
            split("He met the U.S. envoy. He talked with the U.S. The envoy said no."),
            ["He met the U.S. envoy.", "He talked with the U.S.", "The envoy said no."]
        );
        assert_eq!(
            split("Talks with the U.S. Kim said were over. The U.S. Special Representative came."),
            ["Talks with the U.S.", "Kim said were over.", "The U.S. Special Representative came."]
        );
        assert_eq!(
            split("We meet at 10 a.m. tomorrow. It ends at 5 p.m. Tuesday. Then at 6 p.m. We leave."),
            ["We meet at 10 a.m. tomorrow.", "It ends at 5 p.m. Tuesday.", "Then at 6 p.m.", "We leave."]
        );
        assert_eq!(split("The U.N. Security Council met."), ["The U.N. Security Council met."]);
    }

    #[test]
    fn months_and_numbers() {
        assert_eq!(
            split("BEIJING, Jan. 30 (Yonhap) -- North Korea has shown no sign. It is No. 1. No. It is not."),
            ["BEIJING, Jan. 30 (Yonhap) -- North Korea has shown no sign.", "It is No. 1.", "No.", "It is not."]
        );
        assert_eq!(split("Since Sept. 11 we met."), ["Since Sept. 11 we met."]);
        assert_eq!(split("46. We note the report. 47. We agree."), ["46. We note the report.", "47. We agree."]);
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            split("“We are ready for serious discussions,” Kim said. “Talking hasn’t really gotten very far,” Feffer said."),
            ["“We are ready for serious discussions,” Kim said.", "“Talking hasn’t really gotten very far,” Feffer said."]
        );
        assert_eq!(
            split("\"It is over.\" Then he left. “Really?” he asked."),
            ["\"It is over.\"", "Then he left.", "“Really?” he asked."]
        );
        assert_eq!(split("(Laughter.) Okay."), ["(Laughter.)", "Okay."]);
    }

    #[test]
    fn non_ascii_exact_spans() {
        let text = "  Kim’s “plan” — 이 é? Yes.\u{a0}Café owners said “non.”  ";
        let spans = RuleSplitter.split(text, Span::new(0, text.len()));
        let got: Vec<&str> = spans.iter().map(|s| s.slice(text)).collect();
        assert_eq!(got, ["Kim’s “plan” — 이 é?", "Yes.", "Café owners said “non.”"]);
        assert_eq!(spans[0].start, 2);
        assert_eq!(&text[spans[1].start..spans[1].end], "Yes.");
    }

    #[test]
    fn wrapped_lines_join_and_blank_lines_split() {
        let text = "When the President asked me to serve in this\r\nrole, we talked.\nAnd then\nhe left\n\n  \nNew paragraph without end";
        assert_eq!(
            split(text),
            [
                "When the President asked me to serve in this\r\nrole, we talked.",
                "And then\nhe left",
                "New paragraph without end"
            ]
        );
    }

    #[test]
    fn spans_stay_inside_a_sub_span() {
        let text = "IGNORED. Mr. Kim came. He left. IGNORED";
        let span = Span::new(9, 32);
        let got = RuleSplitter.split(text, span);
        assert_eq!(got.iter().map(|s| s.slice(text)).collect::<Vec<_>>(), ["Mr. Kim came.", "He left."]);
        assert!(got.iter().all(|s| span.contains(*s)));
        // A span that cuts a char in two or runs past the end is clamped, not a panic.
        let t = "é. Oui.";
        let got = RuleSplitter.split(t, Span::new(1, 99));
        assert!(!got.is_empty() && got.iter().all(|s| s.start >= 2 && s.end <= t.len()));
        assert!(RuleSplitter.split("", Span::new(0, 0)).is_empty());
        assert!(RuleSplitter.split(" \n \u{a0}", Span::new(0, 5)).is_empty());
    }

    #[test]
    fn long_runs_are_capped_at_white_space() {
        let text = "word ".repeat(2_000) + &"x".repeat(10_000);
        let spans = RuleSplitter.split(&text, Span::new(0, text.len()));
        assert!(spans.len() >= 6);
        let mut last = 0;
        for s in &spans {
            assert!(s.len() <= MAX_SENTENCE_BYTES && !s.is_empty());
            assert!(s.start >= last);
            last = s.end;
            let t = s.slice(&text);
            assert_eq!(t, t.trim());
        }
        // Cuts fall on white space while there is some.
        assert_eq!(spans[0].slice(&text).len(), 1999);
        // A 10,000-char line of multi-byte letters with no space: cut on char boundaries.
        let text = "é".repeat(10_000);
        let spans = RuleSplitter.split(&text, Span::new(0, text.len()));
        assert_eq!(spans.iter().map(Span::len).sum::<usize>(), text.len());
        assert!(spans.iter().all(|s| s.len() <= MAX_SENTENCE_BYTES));
    }
}
