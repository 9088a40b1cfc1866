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
mod onnx;
mod run;
pub mod store;
mod tokenize;
pub mod window;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use bert::{read_weights, BertEncoder};
pub use error::Error;
pub use heads::{mean_pool_l2, TokenClassifier};
pub use onnx::{check_export, export_sha256, OrtEncoder, ONNX_FILE, ONNX_INT8_FILE, PRECISION_KEY, SOURCE_KEY};
pub use run::{encode_tokens, RunOptions, TokenStates};
pub use tokenize::{TextTokenizer, Tokenized};

/// A transformer encoder: token ids in, final hidden states out. Implementations: candle
/// ([`BertEncoder`]) and ONNX Runtime ([`OrtEncoder`]); in fp32 they agree within 2e-7.
pub trait Encoder: Send + Sync {
    fn hidden_size(&self) -> usize;
    /// The most tokens, special tokens included, that one sequence may have.
    fn max_positions(&self) -> usize;
    fn vocab_size(&self) -> usize;
    /// Hidden states of each sequence (`[CLS] … [SEP]` ids, at most `max_positions`), as
    /// row-major `len × hidden_size` vectors with the padding removed.
    fn forward(&self, batch: &[&[u32]], pad_id: u32) -> Result<Vec<Vec<f32>>, Error>;
}

/// The arithmetic of the encoder's Linear layers under ONNX Runtime: which export runs.
/// A value other than these fails when a configuration is parsed, naming the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// `encoder.onnx`: fp32 throughout, as candle.
    Fp32,
    /// `encoder-int8.onnx`: int8 Linear layers with per-row activation scales (batch-invariant);
    /// other states than fp32's, judged by the task figures (README "Speed").
    Int8,
}

impl Precision {
    /// The export's file name inside a model folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Precision::Fp32 => ONNX_FILE,
            Precision::Int8 => ONNX_INT8_FILE,
        }
    }

    /// The name the configuration uses.
    pub fn name(self) -> &'static str {
        match self {
            Precision::Fp32 => "fp32",
            Precision::Int8 => "int8",
        }
    }
}

/// Which implementation runs an encoder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Runtime {
    /// candle, pure Rust, fp32: always available.
    #[default]
    Candle,
    /// ONNX Runtime from the shared library at `library`, on `threads` threads, running the
    /// model folder's export for `precision` (`encoder.onnx` or `encoder-int8.onnx`).
    Ort { library: PathBuf, threads: usize, precision: Precision },
}

impl Runtime {
    /// ONNX Runtime from a folder holding its library and a card listing it (what `just
    /// models` makes of `models/onnxruntime`), checked against the card; with the card.
    pub fn ort_from(dir: &Path, threads: usize, precision: Precision) -> Result<(Runtime, store::Manifest), Error> {
        let card = store::verify(dir)?;
        let library = card.files.iter().find(|f| f.path.starts_with("libonnxruntime")).ok_or_else(|| Error::Card {
            path: dir.join(store::CARD),
            message: "lists no libonnxruntime file".into(),
        })?;
        let runtime = Runtime::Ort { library: dir.join(&library.path), threads, precision };
        Ok((runtime, card))
    }

    /// The name the configuration and the run manifest use.
    pub fn name(&self) -> &'static str {
        match self {
            Runtime::Candle => "candle",
            Runtime::Ort { .. } => "ort",
        }
    }

    /// The runtime and, where not fp32, its precision (`ort-int8`): for reports.
    pub fn label(&self) -> String {
        match self {
            Runtime::Ort { precision: Precision::Int8, .. } => "ort-int8".into(),
            _ => self.name().into(),
        }
    }
}

/// The encoder of a model folder on `runtime`; `tensors` are its weights as [`read_weights`]
/// gives them (candle computes with them; ort only needs the export made from them).
pub fn load_encoder(
    dir: &Path,
    tensors: HashMap<String, candle_core::Tensor>,
    runtime: &Runtime,
) -> Result<Box<dyn Encoder>, Error> {
    Ok(match runtime {
        Runtime::Candle => Box::new(BertEncoder::from_tensors(dir, tensors)?),
        Runtime::Ort { library, threads, precision } => Box::new(OrtEncoder::load(dir, library, *threads, *precision)?),
    })
}

/// The checks every implementation makes before a forward pass.
pub(crate) fn check_batch(encoder: &dyn Encoder, batch: &[&[u32]]) -> Result<(), Error> {
    let width = batch.iter().map(|s| s.len()).max().unwrap_or(0);
    if width > encoder.max_positions() {
        return Err(Error::Runtime(format!(
            "sequence of {width} tokens exceeds {} positions",
            encoder.max_positions()
        )));
    }
    let vocab = encoder.vocab_size();
    if let Some(id) = batch.iter().flat_map(|s| s.iter()).find(|&&id| id as usize >= vocab) {
        return Err(Error::Runtime(format!("token id {id} outside the vocabulary of {vocab}")));
    }
    Ok(())
}

/// A sentence-embedding model: encoder, tokenizer and mean pooling.
pub struct SentenceEncoder {
    pub encoder: Box<dyn Encoder>,
    pub tokenizer: TextTokenizer,
    pub options: RunOptions,
}

impl SentenceEncoder {
    /// Loads a model folder after checking its files against its card (candle).
    pub fn load(dir: &Path) -> Result<Self, Error> {
        Self::load_with(dir, &Runtime::Candle)
    }

    /// As [`load`](Self::load), on `runtime`.
    pub fn load_with(dir: &Path, runtime: &Runtime) -> Result<Self, Error> {
        store::verify(dir)?;
        let tokenizer = TextTokenizer::load(&dir.join("tokenizer.json"))?;
        let tensors = match runtime {
            Runtime::Candle => read_weights(&dir.join("model.safetensors"))?,
            Runtime::Ort { .. } => HashMap::new(),
        };
        let encoder = load_encoder(dir, tensors, runtime)?;
        check_vocab(dir, &tokenizer, encoder.as_ref())?;
        Ok(SentenceEncoder { encoder, tokenizer, options: RunOptions::default() })
    }

    /// One L2-normalised embedding per text, in input order; long texts are windowed.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        let mut out = Vec::with_capacity(texts.len());
        // In chunks, so that a corpus' token states are never all held at once.
        for chunk in texts.chunks(4096) {
            let tokens = self.tokenizer.encode_all(chunk)?;
            let states = encode_tokens(self.encoder.as_ref(), &self.tokenizer, &tokens, &self.options)?;
            out.extend(states.iter().map(mean_pool_l2));
        }
        Ok(out)
    }
}

/// The tokenizer must not produce ids the embedding table lacks.
pub fn check_vocab(dir: &Path, tokenizer: &TextTokenizer, encoder: &dyn Encoder) -> Result<(), Error> {
    if tokenizer.vocab_size() > encoder.vocab_size() {
        return Err(Error::Tokenizer {
            path: dir.join("tokenizer.json"),
            message: format!("{} tokens for a model of {}", tokenizer.vocab_size(), encoder.vocab_size()),
        });
    }
    Ok(())
}
