//! Named-entity recognition (PER, ORG, LOC, MISC) over sentences, with a MiniLM encoder
//! fine-tuned on CoNLL-2003 (`models/ner-conll-minilm`, trained by `recipes/train_ner.py`).
//!
//! ```no_run
//! # use demarche_core::Span;
//! let model = demarche_ner::NerModel::load("models/ner-conll-minilm".as_ref())?;
//! let text = "Ambassador Sung Kim met Wu Dawei in Beijing, China.";
//! let ents = model.predict(&[(text, Span::new(0, text.len()))])?;
//! assert_eq!(ents[0][0].text, "Sung Kim");
//! # Ok::<(), demarche_ner::Error>(())
//! ```

pub mod casing;
mod decode;
mod error;
pub mod eval;
mod model;
mod ruler;
mod whole;

use demarche_core::Span;

pub use decode::Bio;
pub use error::Error;
pub use model::NerModel;
pub use ruler::{Ruler, Source};
pub use whole::WholeNames;

/// A named entity found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Byte span into the document text the sentence was given with.
    pub span: Span,
    /// The span's text, white space collapsed.
    pub text: String,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub label: String,
    /// Mean probability of the chosen labels over the entity's words.
    pub score: f32,
}
