//! The data model every demarche stage shares.
//!
//! A [`Document`] is decoded once; everything after that is a [`Span`] of byte offsets into
//! its `text`. Ids are derived from content (the file's sha256), never from run order, so two
//! runs over the same file agree on every id.

pub mod bootstrap;
mod doc;
mod span;
mod turn;

pub use doc::{doc_id, sha256_hex, DocKind, Document, Meta};
pub use span::{is_space, normalize_ws, trim_span, CharIndex, Span};
pub use turn::{Sentence, Turn, TurnKind};

/// Errors shared by the stages: bad values found in data or configuration.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unknown document kind {0:?} (expected transcript, speech, article or statement)")]
    UnknownKind(String),
    #[error("unknown turn kind {0:?}")]
    UnknownTurnKind(String),
}
