//! The model runtime: the model store ([`store`]: cards, checksums, `models list/verify`),
//! tokenization without the baked-in padding/truncation, an [`Encoder`] trait with a candle
//! BERT implementation, length batching and windowing ([`encode_tokens`]), and heads for
//! sentence embeddings and token classification.
//!
//! Results do not depend on batch size, thread count or the other inputs of a call: a batch
//! holds sequences of one length, so nothing is padded, and the order of the inputs is
//! restored after sorting by length.

mod bert;
mod error;
mod heads;
mod run;
pub mod store;
mod tokenize;
pub mod window;

use std::path::Path;

pub use bert::{read_weights, BertEncoder};
pub use error::Error;
pub use heads::{mean_pool_l2, TokenClassifier};
pub use run::{encode_tokens, RunOptions, TokenStates};
pub use tokenize::{TextTokenizer, Tokenized};

/// A transformer encoder: token ids in, final hidden states out. Implementations: candle
/// ([`BertEncoder`]); an ONNX Runtime one can sit beside it.
pub trait Encoder: Send + Sync {
    fn hidden_size(&self) -> usize;
    /// The most tokens, special tokens included, that one sequence may have.
    fn max_positions(&self) -> usize;
    /// Hidden states of each sequence (`[CLS] … [SEP]` ids, at most `max_positions`), as
    /// row-major `len × hidden_size` vectors with the padding removed.
    fn forward(&self, batch: &[&[u32]], pad_id: u32) -> Result<Vec<Vec<f32>>, Error>;
}

/// A sentence-embedding model: encoder, tokenizer and mean pooling.
pub struct SentenceEncoder {
    pub encoder: BertEncoder,
    pub tokenizer: TextTokenizer,
    pub options: RunOptions,
}

impl SentenceEncoder {
    /// Loads a model folder after checking its files against its card.
    pub fn load(dir: &Path) -> Result<Self, Error> {
        store::verify(dir)?;
        let tokenizer = TextTokenizer::load(&dir.join("tokenizer.json"))?;
        let encoder = BertEncoder::load(dir)?;
        check_vocab(dir, &tokenizer, &encoder)?;
        Ok(SentenceEncoder { encoder, tokenizer, options: RunOptions::default() })
    }

    /// One L2-normalised embedding per text, in input order; long texts are windowed.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        let mut out = Vec::with_capacity(texts.len());
        // In chunks, so that a corpus' token states are never all held at once.
        for chunk in texts.chunks(4096) {
            let tokens = self.tokenizer.encode_all(chunk)?;
            let states = encode_tokens(&self.encoder, &self.tokenizer, &tokens, &self.options)?;
            out.extend(states.iter().map(mean_pool_l2));
        }
        Ok(out)
    }
}

/// The tokenizer must not produce ids the embedding table lacks.
pub fn check_vocab(dir: &Path, tokenizer: &TextTokenizer, encoder: &BertEncoder) -> Result<(), Error> {
    if tokenizer.vocab_size() > encoder.vocab_size() {
        return Err(Error::Tokenizer {
            path: dir.join("tokenizer.json"),
            message: format!("{} tokens for a model of {}", tokenizer.vocab_size(), encoder.vocab_size()),
        });
    }
    Ok(())
}
