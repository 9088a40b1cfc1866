//! Segmentation: a [`Document`] becomes a [`Header`] and a list of [`RawTurn`]s, and a
//! turn's text becomes sentences.
//!
//! Every segmenter looks only at `doc.text[doc.body_start..]` and `doc.meta`, and every span
//! it returns is a byte range into the whole `doc.text`. Nothing here panics on input data
//! and every pass is linear in the length of the text.

mod header;
mod lines;
mod news;
mod sentences;
mod speech;
mod statement;
mod transcript;

use demarche_core::{Document, Span, TurnKind};
use serde::{Deserialize, Serialize};

pub use header::{parse_date, people_from_title};
pub use news::NewsSegmenter;
pub use sentences::{RuleSplitter, SentenceSplitter, MAX_SENTENCE_BYTES};
pub use speech::SpeechSegmenter;
pub use statement::{dateline, is_state_agency, looks_like_statement, Dateline};
pub use transcript::{looks_like_transcript, TranscriptSegmenter};

/// A person the document's header (or its title) names, e.g. `Sung Kim`, `Special
/// Representative for North Korea Policy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderPerson {
    pub name: String,
    pub role: Option<String>,
}

/// What precedes the turns: title, date and the people named.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub title: Option<String>,
    /// ISO 8601, possibly partial (`2015`, `2015-01`, `2015-01-30`).
    pub date: Option<String>,
    pub people: Vec<HeaderPerson>,
    /// A news article's byline (`By Kim Min-ji` → `Kim Min-ji`).
    pub author: Option<String>,
}

/// A turn before speakers are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTurn {
    pub kind: TurnKind,
    /// The speaker label as written, trimmed, without its colon (`AMBASSADOR KIM`, `Q`).
    pub label: Option<String>,
    /// The turn body in `doc.text`, label excluded, trimmed, never empty.
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmented {
    pub header: Header,
    pub turns: Vec<RawTurn>,
}

pub trait Segmenter: Send + Sync {
    fn segment(&self, doc: &Document) -> Segmented;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid boilerplate pattern {pattern:?}: {cause}")]
    BadPattern { pattern: String, cause: regex::Error },
}

/// Where the body starts, clamped into the text and onto a char boundary, so a bad
/// `body_start` from upstream can never make a slice panic.
pub(crate) fn body_start(doc: &Document) -> usize {
    let mut b = doc.body_start.min(doc.text.len());
    while !doc.text.is_char_boundary(b) {
        b += 1;
    }
    b
}

/// Text for display and comparison: zero-width characters (word joiners inside
/// `COVID-⁠19`, byte-order marks, object-replacement marks) are dropped rather than turned
/// into spaces, then white space is collapsed.
pub(crate) fn clean_text(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|c| !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{fffc}'))
        .collect();
    demarche_core::normalize_ws(&kept)
}
