//! Speeches (UN General Debate): the whole body is one turn by the delegation's speaker.

use demarche_core::{trim_span, Document, Span, TurnKind};

use crate::{body_start, clean_text, Header, HeaderPerson, RawTurn, Segmented, Segmenter};

#[derive(Debug, Clone, Copy, Default)]
pub struct SpeechSegmenter;

impl Segmenter for SpeechSegmenter {
    fn segment(&self, doc: &Document) -> Segmented {
        let text = doc.text.as_str();
        let span = trim_span(text, Span::new(body_start(doc), text.len()));
        let header = Header {
            title: doc.meta.title.as_deref().map(clean_text).filter(|t| !t.is_empty()),
            date: doc.meta.date.clone(),
            people: doc
                .meta
                .speaker
                .as_deref()
                .map(clean_text)
                .filter(|n| !n.is_empty())
                .map(|name| HeaderPerson {
                    name,
                    role: doc.meta.role.as_deref().map(clean_text).filter(|r| !r.is_empty()),
                })
                .into_iter()
                .collect(),
            author: None,
        };
        let turns = if span.is_empty() {
            Vec::new()
        } else {
            vec![RawTurn { kind: TurnKind::Speech, label: doc.meta.speaker.clone(), span }]
        };
        Segmented { header, turns }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use demarche_core::Meta;

    fn doc(text: &str, body_start: usize, speaker: Option<&str>) -> Document {
        Document {
            id: "t".into(),
            path: "t.txt".into(),
            sha256: String::new(),
            encoding: "utf-8".into(),
            text: text.into(),
            body_start,
            meta: Meta { speaker: speaker.map(Into::into), ..Meta::default() },
        }
    }

    #[test]
    fn whole_body_is_one_speech() {
        let text = "---\nx: 1\n---\n\u{feff}  On my way to the\nAssembly Hall.\n\n";
        let d = doc(text, 13, Some("Mr. Rabbani"));
        let s = SpeechSegmenter.segment(&d);
        assert_eq!(s.turns.len(), 1);
        let t = &s.turns[0];
        assert_eq!(t.kind, TurnKind::Speech);
        assert_eq!(t.label.as_deref(), Some("Mr. Rabbani"));
        assert_eq!(t.span.slice(text), "On my way to the\nAssembly Hall.");
        assert_eq!(s.header.people[0].name, "Mr. Rabbani");
    }

    #[test]
    fn empty_body_has_no_turn() {
        for text in ["", "  \n\u{a0}\r\n", "\u{feff}"] {
            assert!(SpeechSegmenter.segment(&doc(text, 0, None)).turns.is_empty());
        }
        // A body_start past the end or inside a char is clamped, not a panic.
        assert!(SpeechSegmenter.segment(&doc("é", 1, None)).turns.is_empty());
        assert!(SpeechSegmenter.segment(&doc("ab", 99, None)).turns.is_empty());
    }
}
