//! Tokenization: the model's `tokenizer.json` with its baked-in padding and truncation
//! turned off (padding is done per batch, long inputs are windowed, never cut).

use std::path::Path;

use rayon::prelude::*;

use crate::Error;

/// One input as sub-word tokens, without special tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Tokenized {
    pub ids: Vec<u32>,
    /// Byte range of each token in the input string.
    pub offsets: Vec<(usize, usize)>,
    /// The pre-token (word or punctuation mark, as the tokenizer splits them) of each token.
    pub words: Vec<Option<u32>>,
}

impl Tokenized {
    pub fn len(&self) -> usize {
        self.ids.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

pub struct TextTokenizer {
    inner: tokenizers::Tokenizer,
    pub cls_id: u32,
    pub sep_id: u32,
    pub pad_id: u32,
}

impl TextTokenizer {
    pub fn load(path: &Path) -> Result<Self, Error> {
        let bad = |message: String| Error::Tokenizer { path: path.to_path_buf(), message };
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let mut inner = tokenizers::Tokenizer::from_bytes(&bytes).map_err(|e| bad(e.to_string()))?;
        inner.with_padding(None);
        inner.with_truncation(None).map_err(|e| bad(e.to_string()))?;
        let id = |tok: &str| inner.token_to_id(tok).ok_or_else(|| bad(format!("no {tok} token")));
        let (cls_id, sep_id, pad_id) = (id("[CLS]")?, id("[SEP]")?, id("[PAD]")?);
        Ok(TextTokenizer { inner, cls_id, sep_id, pad_id })
    }

    /// The largest token id plus one.
    pub fn vocab_size(&self) -> usize {
        self.inner.get_vocab_size(true)
    }

    pub fn encode(&self, text: &str) -> Result<Tokenized, Error> {
        let enc = self.inner.encode(text, false).map_err(|e| Error::Tokenize(e.to_string()))?;
        Ok(Tokenized {
            ids: enc.get_ids().to_vec(),
            offsets: enc.get_offsets().to_vec(),
            words: enc.get_word_ids().to_vec(),
        })
    }

    /// Tokenizes in parallel on the current rayon pool; the order of the output is the input's.
    pub fn encode_all(&self, texts: &[&str]) -> Result<Vec<Tokenized>, Error> {
        texts.par_iter().map(|t| self.encode(t)).collect()
    }
}
