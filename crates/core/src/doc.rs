use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Error;

/// What a document is; it decides how it is segmented into turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// Labelled speaker turns (press briefings, remarks to reporters).
    Transcript,
    /// One speech by one delegation (UN General Debate).
    Speech,
    /// News or blog prose: narration and quotations.
    Article,
    /// An official statement (a government or ministry statement, a KCNA release, a joint
    /// statement): segmented like an article, and its issuing actor holds its narration.
    Statement,
}

impl DocKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            DocKind::Transcript => "transcript",
            DocKind::Speech => "speech",
            DocKind::Article => "article",
            DocKind::Statement => "statement",
        }
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "transcript" => Ok(DocKind::Transcript),
            "speech" => Ok(DocKind::Speech),
            "article" | "news" | "blog" => Ok(DocKind::Article),
            "statement" | "press statement" | "joint statement" | "press release" => Ok(DocKind::Statement),
            _ => Err(Error::UnknownKind(s.to_string())),
        }
    }
}

/// Metadata known about a document before segmentation, from metadata files, file-name
/// rules, front matter and the document's own header.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub title: Option<String>,
    /// ISO 8601, possibly partial: `2015`, `2015-01` or `2015-01-30`.
    pub date: Option<String>,
    pub year: Option<i32>,
    pub kind: Option<DocKind>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Who wrote it: an article's byline (`By Kim Min-ji`), metadata or front matter `author`.
    pub author: Option<String>,
    /// The actor whose officials speak in the document: the delegation of a UN speech, the
    /// government of a State Department or White House transcript.
    pub actor: Option<String>,
    /// The speaker of a speech, where a metadata file names one.
    pub speaker: Option<String>,
    /// The speaker's post or title as the metadata gives it.
    pub role: Option<String>,
}

impl Meta {
    /// Fills every field that is empty here from `other`: earlier sources of metadata win.
    pub fn fill_from(&mut self, other: &Meta) {
        macro_rules! fill {
            ($($f:ident),*) => { $( if self.$f.is_none() { self.$f = other.$f.clone(); } )* };
        }
        fill!(title, date, year, kind, source, url, author, actor, speaker, role);
    }
}

/// A decoded document. `text` is the file's content as UTF-8: for a UTF-8 file it is the
/// file's bytes unchanged (a byte-order mark included), so byte offsets slice the file on disk.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub path: String,
    pub sha256: String,
    /// `utf-8`, or the encoding the file was transcoded from (`windows-1252`, `utf-16le`…).
    pub encoding: String,
    pub text: String,
    /// Where the body starts: after front matter, 0 when there is none.
    pub body_start: usize,
    pub meta: Meta,
}

impl Document {
    pub fn kind(&self) -> DocKind {
        self.meta.kind.unwrap_or(DocKind::Article)
    }
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A document's id: the first 16 hex digits of its sha256.
pub fn doc_id(sha256: &str) -> String {
    sha256[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in [DocKind::Transcript, DocKind::Speech, DocKind::Article, DocKind::Statement] {
            assert_eq!(k.as_str().parse::<DocKind>().unwrap(), k);
        }
        assert_eq!(" Joint Statement ".parse::<DocKind>().unwrap(), DocKind::Statement);
        assert!("communiqué".parse::<DocKind>().is_err());
    }
}
