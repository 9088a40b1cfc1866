//! Stance: for every sentence and target of the codebook, `favor`, `against` or `none`,
//! and who holds the position. Methods implement [`Scorer`]: the default [`Classifier`]
//! (heads over frozen encoder embeddings, trained by `demarche train stance`) and
//! zero-shot NLI. [`positions`] aggregates sentences into actor × year × target cells.

pub mod bootstrap;
pub mod candidates;
mod classifier;
pub mod codebook;
mod error;
pub mod eval;
pub mod examples;
pub mod holder;
mod label;
pub mod logreg;
pub mod nli;
pub mod positions;
pub mod train;

pub use classifier::{example_features, features, train_heads, Classifier, HEADS};
pub use codebook::{Codebook, Cues};
pub use error::Error;
pub use examples::Example;
pub use label::Label;
pub use nli::{ModelType, Nli};

/// A stance method: probabilities `[favor, against, none]` for each sentence and target.
pub trait Scorer: Send + Sync {
    /// `classifier` or `nli`.
    fn method(&self) -> &str;
    /// The model's name, for the `model` column.
    fn model(&self) -> &str;
    /// The targets scored, in output order.
    fn targets(&self) -> &[String];
    /// Whether scores read the sentence before (`prev`); if not, callers need not pass it.
    fn uses_context(&self) -> bool {
        false
    }
    /// `prev[i]`: the index in `texts` of the sentence before `texts[i]` in its turn.
    fn score(&self, texts: &[&str], prev: &[Option<usize>]) -> Result<Vec<Vec<[f32; 3]>>, Error>;
    /// The card of the encoder whose sentence embeddings (`mean_pool_l2`) this method reads,
    /// if it reads only those: a caller that already has them (NER on the same encoder)
    /// passes them to [`score_embedded`](Self::score_embedded) instead of texts.
    fn embedding_encoder(&self) -> Option<&demarche_encoder::store::Manifest> {
        None
    }
    /// As [`score`](Self::score), from each text's embedding by [`embedding_encoder`](Self::embedding_encoder).
    fn score_embedded(&self, _embeddings: &[Vec<f32>], _prev: &[Option<usize>]) -> Result<Vec<Vec<[f32; 3]>>, Error> {
        Err(Error::Invalid(format!("the {} method scores texts, not embeddings", self.method())))
    }
}
