//! Transcripts: turns that start at an all-caps speaker label (`AMBASSADOR KIM:`,
//! `MS. PSAKI:`) or at a reporter's `Q`.
//!
//! Measured on the 1,154 White House briefings: labels that follow a blank line (or open
//! the body) are always real; labels on a line right after prose are real too when they
//! have two words or a dot (`MS. JEAN-PIERRE:`, `MR. KIRBY:`), but the single bare words
//! found there were acronyms that open a wrapped line (`NATO:`, `SWIFT:`, `COVID:`, `NSC:`).
//! So a one-word label without a dot needs a blank line before it, unless it is a known
//! role word such as `MODERATOR`.

use std::sync::LazyLock;

use demarche_core::{is_space, normalize_ws, trim_span, Document, Span, TurnKind};
use regex::Regex;

use crate::header;
use crate::lines::{is_blank, lines, Line};
use crate::{body_start, RawTurn, Segmented, Segmenter};

/// Splits labelled transcripts (State Department, White House) into turns.
#[derive(Debug, Clone, Copy, Default)]
pub struct TranscriptSegmenter;

/// Most words a speaker label may have (`AIR FORCE ONE CREW MEMBER` has five).
const MAX_LABEL_WORDS: usize = 6;

/// Single-word labels accepted even straight after a prose line.
const ROLE_LABELS: &[&str] = &["MODERATOR", "OPERATOR", "QUESTION", "REPORTER", "PARTICIPANT", "AIDE", "INTERPRETER"];

/// A speaker label found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Label {
    /// The label text as written (white space collapsed), without the colon.
    pub text: String,
    /// Offset of the label's first byte in the line.
    pub label_start: usize,
    /// Offset in the line where the turn body starts (after the colon).
    pub body_start: usize,
    pub words: usize,
    pub is_q: bool,
}

impl Label {
    /// Whether this label may start a turn, given whether the line before it was blank.
    fn accept(&self, after_blank: bool) -> bool {
        after_blank
            || self.is_q
            || self.words >= 2
            || self.text.contains('.')
            || ROLE_LABELS.contains(&self.text.as_str())
    }

    fn kind(&self) -> TurnKind {
        let up = self.text.to_uppercase();
        let asks = self.is_q
            || up == "Q"
            || up
                .split(|c: char| !c.is_alphabetic())
                .any(|w| matches!(w, "QUESTION" | "QUESTIONER" | "REPORTER" | "REPORTERS" | "JOURNALIST"))
            || up.contains("AUDIENCE MEMBER");
        if asks {
            TurnKind::Question
        } else {
            TurnKind::Turn
        }
    }
}

/// Separators allowed between the words of a label (never a line break).
fn is_inline_space(c: char) -> bool {
    c != '\n' && c != '\r' && is_space(c)
}

fn is_label_char(c: char) -> bool {
    c.is_uppercase() || matches!(c, '.' | '-' | '\'' | '’' | '‐')
}

/// Parses a speaker label at the start of `line` (leading white space allowed). Runs in
/// time proportional to the label, not the line, except for one pass over leading spaces.
pub(crate) fn parse_label(line: &str) -> Option<Label> {
    let trimmed = line.trim_start_matches(is_space);
    let lead = line.len() - trimmed.len();
    // `Q` + white space, `Q:` or a bare `Q`: the White House reporter's marker.
    if let Some(rest) = trimmed.strip_prefix('Q') {
        let body = match rest.chars().next() {
            None => Some(lead + 1),
            Some(c) if is_space(c) => Some(lead + 1),
            Some(':') => Some(lead + 2),
            _ => None,
        };
        if let Some(body_start) = body {
            return Some(Label { text: "Q".to_string(), label_start: lead, body_start, words: 1, is_q: true });
        }
    }
    let mut words = 0;
    let mut chars = trimmed.char_indices().peekable();
    loop {
        // A word: an upper-case letter, then capitals and label punctuation.
        match chars.next() {
            Some((_, c)) if c.is_uppercase() => {}
            _ => return None,
        }
        while chars.next_if(|&(_, c)| is_label_char(c)).is_some() {}
        words += 1;
        if words > MAX_LABEL_WORDS {
            return None;
        }
        match chars.next() {
            Some((i, ':')) => {
                let raw = &trimmed[..i];
                // The colon must end the label: white space or the end of the line follows,
                // except after an honorific label (`MS. JEAN-PIERRE:Yeah`, a lost space).
                match chars.peek() {
                    None => {}
                    Some(&(_, c)) if is_space(c) => {}
                    _ if words >= 2 && raw.contains('.') => {}
                    _ => return None,
                }
                return Some(Label {
                    text: normalize_ws(raw),
                    label_start: lead,
                    body_start: lead + i + 1,
                    words,
                    is_q: false,
                });
            }
            Some((_, c)) if is_inline_space(c) => while chars.next_if(|&(_, c)| is_inline_space(c)).is_some() {},
            _ => return None,
        }
    }
}

/// A label accepted as the start of a turn, in absolute offsets.
#[derive(Debug, Clone)]
struct Found {
    line_start: usize,
    body_start: usize,
    label: Label,
}

/// Every accepted label line in `text[from..to]`, in order.
fn find_labels(text: &str, from: usize, to: usize) -> Vec<Found> {
    let mut candidates = Vec::new();
    let mut after_blank = true;
    for line in lines(text, from, to) {
        let s = line.text(text);
        if let Some(mut label) = parse_label(s) {
            let mut body = label.body_start;
            // A second label right after the first is a typo in the source
            // (`Q    MR. KIRBY:`, `MR: ZIENTS:`, `Q    Q`): the inner one speaks.
            for _ in 0..2 {
                match parse_label(&s[body..]) {
                    Some(inner) => {
                        body += inner.body_start;
                        label = inner;
                    }
                    None => break,
                }
            }
            let found = Found { line_start: line.start, body_start: line.start + body, label };
            candidates.push((found, after_blank));
        }
        after_blank = is_blank(s);
    }
    // A bare surname after a prose line (`PSAKI:` with its `MS.` lost) is a real label when
    // the same document has that surname in a label that was accepted on its own.
    let surnames: std::collections::HashSet<String> = candidates
        .iter()
        .filter(|(f, blank)| f.label.accept(*blank) && f.label.words >= 2)
        .filter_map(|(f, _)| f.label.text.rsplit(' ').next().map(str::to_string))
        .collect();
    candidates
        .into_iter()
        .filter(|(f, blank)| f.label.accept(*blank) || surnames.contains(&f.label.text))
        .map(|(f, _)| f)
        .collect()
}

/// True when `body` has at least three speaker-labelled lines.
pub fn looks_like_transcript(body: &str) -> bool {
    let mut n = 0;
    let mut after_blank = true;
    for line in lines(body, 0, body.len()) {
        let s = line.text(body);
        if parse_label(s).is_some_and(|l| l.accept(after_blank)) {
            n += 1;
            if n >= 3 {
                return true;
            }
        }
        after_blank = is_blank(s);
    }
    false
}

static TIME_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:END\.?\s+)?\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?\s?[Mm]\.?)?(?:\s+[A-Z]{2,5})?$").expect("static regex")
});

/// Lines that close a transcript: `END`, `1:15 P.M. EST`, `###` (also markdown-escaped).
pub(crate) fn is_end_marker(line: &str) -> bool {
    let t = line.trim_matches(is_space);
    if t.is_empty() {
        return false;
    }
    matches!(t, "END" | "END." | "###" | "\\###" | "\\#\\#\\#" | "# # #" | "-30-" | "- 30 -")
        || (t.len() <= 40 && TIME_LINE.is_match(t))
}

/// Cuts end matter out of a turn body: the last turn stops at its first end marker
/// (what follows, e.g. a link to slides, is not speech); any turn loses trailing markers.
fn trim_trailer(text: &str, span: Span, last: bool) -> Span {
    let mut end = span.start;
    for line in lines(text, span.start, span.end) {
        let s = line.text(text);
        if is_end_marker(s) {
            if last {
                break;
            }
            continue;
        }
        if !is_blank(s) {
            end = line.end;
        }
    }
    Span::new(span.start, end)
}

impl Segmenter for TranscriptSegmenter {
    fn segment(&self, doc: &Document) -> Segmented {
        let text = doc.text.as_str();
        let start = body_start(doc);
        let labels = find_labels(text, start, text.len());
        let header_end = labels.first().map_or(start, |f| f.line_start);
        let header_lines: Vec<Line> = lines(text, start, header_end).collect();
        let header = header::transcript_header(text, &header_lines, &doc.meta);

        let mut turns = Vec::with_capacity(labels.len());
        if labels.is_empty() {
            // No label at all: keep the text as one unattributed turn rather than lose it.
            let span = trim_span(text, trim_trailer(text, Span::new(start, text.len()), true));
            if !span.is_empty() {
                turns.push(RawTurn { kind: TurnKind::Turn, label: None, span });
            }
        }
        for (i, f) in labels.iter().enumerate() {
            let next = labels.get(i + 1);
            let end = next.map_or(text.len(), |n| n.line_start);
            let span = trim_trailer(text, Span::new(f.body_start, end), next.is_none());
            let span = trim_span(text, span);
            if span.is_empty() {
                continue;
            }
            turns.push(RawTurn { kind: f.label.kind(), label: Some(f.label.text.clone()), span });
        }
        Segmented { header, turns }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(s: &str) -> Option<String> {
        parse_label(s).map(|l| l.text)
    }

    #[test]
    fn labels_of_many_shapes() {
        assert_eq!(label("AMBASSADOR KIM: Good"), Some("AMBASSADOR KIM".into()));
        assert_eq!(label("     MS. PSAKI:\u{a0} Okay."), Some("MS. PSAKI".into()));
        assert_eq!(label("MS. JEAN-PIERRE: Hi"), Some("MS. JEAN-PIERRE".into()));
        assert_eq!(label("SENIOR ADMINISTRATION OFFICIAL: Yes"), Some("SENIOR ADMINISTRATION OFFICIAL".into()));
        assert_eq!(label("THE PRESIDENT:"), Some("THE PRESIDENT".into()));
        assert_eq!(label("DR. SHERWOOD-RANDALL: So"), Some("DR. SHERWOOD-RANDALL".into()));
        assert_eq!(label("MS. O’CONNELL: So"), Some("MS. O’CONNELL".into()));
        assert_eq!(label("MR. FERNÁNDEZ HERNÁNDEZ: Sí"), Some("MR. FERNÁNDEZ HERNÁNDEZ".into()));
        assert_eq!(label("QUESTION: What"), Some("QUESTION".into()));
        assert_eq!(label("Q\u{a0}\u{a0}\u{a0} Thanks, Jen."), Some("Q".into()));
        assert_eq!(label("Q: Thanks"), Some("Q".into()));
        assert_eq!(label("\u{feff}Q    Thanks"), Some("Q".into()));
    }

    #[test]
    fn not_labels() {
        assert_eq!(label("Questions?"), None);
        assert_eq!(label("Q&A session"), None);
        assert_eq!(label("COVID-19: the numbers"), None);
        assert_eq!(label("The President: yes"), None);
        assert_eq!(label("A B C D E F G: too long"), None);
        assert_eq!(label("NOTE:x"), None);
        assert_eq!(label(""), None);
        assert_eq!(label("   "), None);
    }

    #[test]
    fn kinds() {
        let k = |s: &str| parse_label(s).map(|l| l.kind());
        assert_eq!(k("Q  Hi"), Some(TurnKind::Question));
        assert_eq!(k("QUESTION: Hi"), Some(TurnKind::Question));
        assert_eq!(k("REPORTER: Hi"), Some(TurnKind::Question));
        assert_eq!(k("AUDIENCE MEMBER: Hi"), Some(TurnKind::Question));
        assert_eq!(k("MS. PSAKI: Hi"), Some(TurnKind::Turn));
    }

    #[test]
    fn single_word_label_needs_blank_line_unless_role_or_known_surname() {
        let t = "MS. PSAKI: We spoke with our allies in\nNATO: they agreed.\n\nMODERATOR: Next.\nPSAKI: ok\nKIRBY: no\nMODERATOR: Last.";
        let got: Vec<String> = find_labels(t, 0, t.len()).into_iter().map(|f| f.label.text).collect();
        assert_eq!(got, ["MS. PSAKI", "MODERATOR", "PSAKI", "MODERATOR"]);
    }

    #[test]
    fn doubled_labels_keep_the_inner_one() {
        let t = "Q    MR. KIRBY:  So, two thoughts.\n\nMR: ZIENTS:  So we are.\n\nQ    Q    I am asking.";
        let got: Vec<(String, &str)> = find_labels(t, 0, t.len())
            .into_iter()
            .map(|f| (f.label.text, t[f.body_start..].lines().next().unwrap_or("").trim()))
            .collect();
        assert_eq!(
            got,
            [
                ("MR. KIRBY".to_string(), "So, two thoughts."),
                ("ZIENTS".to_string(), "So we are."),
                ("Q".to_string(), "I am asking.")
            ]
        );
    }

    #[test]
    fn end_markers() {
        for s in [
            "END",
            "1:15 P.M. EST",
            " 12:07 P.M. EST  ",
            "\\###",
            "###",
            "END  1:15 P.M. EDT",
            "7:37 PM",
            "10:02 A.M. CEST",
        ] {
            assert!(is_end_marker(s), "{s:?}");
        }
        for s in ["", "ENDING", "At 1:15 P.M. we left", "Thanks."] {
            assert!(!is_end_marker(s), "{s:?}");
        }
    }

    #[test]
    fn transcript_detection() {
        assert!(looks_like_transcript("MS. PSAKI: Hi.\n\nQ    Hello.\n\nMS. PSAKI: Bye."));
        assert!(!looks_like_transcript("QUESTION: one\n\nAMBASSADOR KIM: two\n\nProse."));
        assert!(!looks_like_transcript(""));
    }
}
