//! Running an encoder over many inputs: windows for long inputs, batches of windows of equal
//! length (sorted by token count, order restored after), one state per token.

use crate::window::{plan, Window};
use crate::{Encoder, Error, TextTokenizer, Tokenized};

/// How inputs are cut and batched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// Sequences (windows) per forward pass.
    pub batch_size: usize,
    /// Most tokens in one window, special tokens included; `None`: the model's positions.
    pub max_tokens: Option<usize>,
    /// Tokens shared by neighbouring windows.
    pub overlap: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions { batch_size: 32, max_tokens: None, overlap: 128 }
    }
}

/// Final hidden states of one input: its content tokens (row-major, `dim` wide), and the
/// `[CLS]` and `[SEP]` states (of the first and last window).
#[derive(Debug, Clone, PartialEq)]
pub struct TokenStates {
    pub dim: usize,
    pub cls: Vec<f32>,
    pub sep: Vec<f32>,
    pub tokens: Vec<f32>,
}

impl TokenStates {
    pub fn len(&self) -> usize {
        self.tokens.len() / self.dim.max(1)
    }
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
    pub fn row(&self, i: usize) -> &[f32] {
        &self.tokens[i * self.dim..(i + 1) * self.dim]
    }
}

/// Encodes tokenized inputs. The output is in input order and bit for bit the same whatever
/// the other inputs of the call or the batch size: batches hold windows of one length.
pub fn encode_tokens<E: Encoder + ?Sized>(
    encoder: &E,
    tokenizer: &TextTokenizer,
    inputs: &[Tokenized],
    opts: &RunOptions,
) -> Result<Vec<TokenStates>, Error> {
    let max_tokens = opts.max_tokens.unwrap_or(encoder.max_positions()).min(encoder.max_positions());
    if max_tokens < 3 {
        return Err(Error::Runtime(format!("windows of {max_tokens} tokens leave no room for text")));
    }
    // One job per window: (input, window, ids with [CLS] and [SEP]).
    let mut jobs: Vec<(usize, Window, Vec<u32>)> = Vec::new();
    for (i, t) in inputs.iter().enumerate() {
        for w in plan(t.len(), max_tokens - 2, opts.overlap) {
            let mut ids = Vec::with_capacity(w.end - w.start + 2);
            ids.push(tokenizer.cls_id);
            ids.extend_from_slice(&t.ids[w.start..w.end]);
            ids.push(tokenizer.sep_id);
            jobs.push((i, w, ids));
        }
    }
    // Sort by length (ties by position: deterministic) and batch only windows of one length:
    // no padding, and padding is what made a sequence's states depend on its batch-mates
    // (the batch's size does not change them). So outputs are the same whatever else is in
    // the call: chunk size, batch size, a shard of the corpus or all of it.
    jobs.sort_by_key(|(i, w, ids)| (ids.len(), *i, w.start));
    let mut batches: Vec<&[(usize, Window, Vec<u32>)]> = Vec::new();
    for same in jobs.chunk_by(|a, b| a.2.len() == b.2.len()) {
        batches.extend(same.chunks(opts.batch_size.max(1)));
    }
    let dim = encoder.hidden_size();
    let mut out: Vec<TokenStates> = inputs
        .iter()
        .map(|t| TokenStates { dim, cls: Vec::new(), sep: Vec::new(), tokens: vec![0.0; t.len() * dim] })
        .collect();
    for chunk in batches {
        let seqs: Vec<&[u32]> = chunk.iter().map(|(_, _, ids)| ids.as_slice()).collect();
        let states = encoder.forward(&seqs, tokenizer.pad_id)?;
        for ((i, w, ids), s) in chunk.iter().zip(states) {
            let o = &mut out[*i];
            // Row r of the window is content token w.start + r - 1.
            let owned = &s[(w.own_start - w.start + 1) * dim..(w.own_end - w.start + 1) * dim];
            o.tokens[w.own_start * dim..w.own_end * dim].copy_from_slice(owned);
            if w.start == 0 {
                o.cls = s[..dim].to_vec();
            }
            if w.end == inputs[*i].len() {
                o.sep = s[(ids.len() - 1) * dim..].to_vec();
            }
        }
    }
    Ok(out)
}
