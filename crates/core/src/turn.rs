use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Error, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TurnKind {
    /// A labelled turn by an official or other named speaker.
    Turn,
    /// A reporter's question: it holds no position.
    Question,
    /// A whole speech by a delegation.
    Speech,
    /// A quotation in news, attributed to its speaker.
    Quote,
    /// Prose in the author's voice.
    Narration,
    /// A news page's headline or subhead: the author's voice, kept as its own turn.
    Headline,
}

impl TurnKind {
    /// Whether the words are the author's own (narration or a headline), not a speaker's.
    pub fn is_authors(&self) -> bool {
        matches!(self, TurnKind::Narration | TurnKind::Headline)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            TurnKind::Turn => "turn",
            TurnKind::Question => "question",
            TurnKind::Speech => "speech",
            TurnKind::Quote => "quote",
            TurnKind::Narration => "narration",
            TurnKind::Headline => "headline",
        }
    }
}

impl fmt::Display for TurnKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TurnKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Ok(match s {
            "turn" => TurnKind::Turn,
            "question" => TurnKind::Question,
            "speech" => TurnKind::Speech,
            "quote" => TurnKind::Quote,
            "narration" => TurnKind::Narration,
            "headline" => TurnKind::Headline,
            _ => return Err(Error::UnknownTurnKind(s.to_string())),
        })
    }
}

/// One speaker turn: its body span (the speaker label excluded) and who spoke.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// `doc_id:seq`.
    pub id: String,
    pub seq: usize,
    pub kind: TurnKind,
    /// The speaker as written (`AMBASSADOR KIM`, `Q`, `Sung Kim`).
    pub speaker: Option<String>,
    /// The canonical full name where known (`Sung Kim`).
    pub speaker_name: Option<String>,
    /// Registry id (`USA`, `PRK`, `OTHER`) or none.
    pub actor: Option<String>,
    /// The speaker's role as the document gives it (an appositive or title in news).
    pub role: Option<String>,
    /// For quotations: `direct`, `indirect` or `block`.
    pub mode: Option<&'static str>,
    pub span: Span,
}

/// A sentence inside a turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// `turn_id:seq`.
    pub id: String,
    pub turn_id: String,
    pub seq: usize,
    pub span: Span,
}

impl Turn {
    pub fn make_id(doc_id: &str, seq: usize) -> String {
        format!("{doc_id}:{seq}")
    }
}

impl Sentence {
    pub fn make_id(turn_id: &str, seq: usize) -> String {
        format!("{turn_id}:{seq}")
    }
}
