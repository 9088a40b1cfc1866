//! Ingest: find input files, decode them once, and gather their metadata.
//!
//! Nothing here segments or interprets the text; the result is a [`Document`] whose `text`
//! every later stage indexes by byte offsets.

mod decode;
mod error;
mod frontmatter;
mod metadata;
mod rules;
mod walk;

use std::path::Path;

use demarche_core::{doc_id, sha256_hex, Document, Meta};

pub use decode::{decode, Decoded};
pub use error::Error;
pub use frontmatter::front_matter;
pub use metadata::{MetadataFiles, MetadataTable};
pub use rules::{Rule, Rules, SpeakersSpec};
pub use walk::{walk, Input};

/// A problem that did not stop a document from being read: it goes to the `errors` table
/// with level `warning`.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub path: String,
    pub stage: &'static str,
    pub message: String,
}

/// Everything ingest needs besides the file: metadata files and file-name rules.
pub struct Ingester {
    pub rules: Rules,
    pub metadata: MetadataFiles,
}

impl Ingester {
    pub fn new(rules: Rules, metadata_names: Vec<String>) -> Self {
        Ingester { rules, metadata: MetadataFiles::new(metadata_names) }
    }

    /// Reads and decodes one file and gathers its metadata. Earlier sources win: a metadata
    /// file row, then front matter, then a file-name rule.
    pub fn read(&self, input: &Input) -> Result<(Document, Vec<Warning>), Error> {
        let path = input.path.as_path();
        let shown = input.display();
        let bytes = std::fs::read(path).map_err(|e| Error::io(&shown, &e))?;
        let Decoded { text, encoding, warning } = decode(&bytes).map_err(|e| e.at(&shown))?;
        let mut warnings = Vec::new();
        if let Some(message) = warning {
            warnings.push(Warning { path: shown.clone(), stage: "ingest", message });
        }
        let sha256 = sha256_hex(&bytes);

        let mut meta = Meta::default();
        match self.metadata.lookup(path, &input.root) {
            Ok(Some(m)) => meta.fill_from(&m),
            Ok(None) => {}
            Err(w) => warnings.push(w),
        }
        let (fm, body_start) = match front_matter(&text) {
            Ok(found) => found,
            Err(message) => {
                warnings.push(Warning { path: shown.clone(), stage: "metadata", message });
                (Meta::default(), 0)
            }
        };
        meta.fill_from(&fm);
        match self.rules.apply(&input.relative(), path) {
            Ok(m) => meta.fill_from(&m),
            Err(message) => warnings.push(Warning { path: shown.clone(), stage: "metadata", message }),
        }
        if meta.year.is_none() {
            meta.year = meta.date.as_deref().and_then(year_of);
        }
        let doc = Document { id: doc_id(&sha256), path: shown, sha256, encoding, text, body_start, meta };
        Ok((doc, warnings))
    }
}

/// The year of a partial ISO date (`2015`, `2015-01`, `2015-01-30`).
pub fn year_of(date: &str) -> Option<i32> {
    let y = date.get(..4)?;
    if y.bytes().all(|b| b.is_ascii_digit()) {
        y.parse().ok()
    } else {
        None
    }
}

/// True when `path` names an existing file or folder; used for clearer errors up front.
pub fn exists(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}
