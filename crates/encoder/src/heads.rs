//! Heads over the encoder's token states: sentence embeddings (mean pooling over every
//! token, `[CLS]` and `[SEP]` included as sentence-transformers does, then L2 norm) and token
//! classification (one linear layer, optionally over the state concatenated with a learned
//! embedding of a per-token feature such as casing).

use std::collections::HashMap;
use std::path::Path;

use candle_core::Tensor;

use crate::{Error, TokenStates};

/// Mean of all token states, L2-normalised.
pub fn mean_pool_l2(states: &TokenStates) -> Vec<f32> {
    let mut sum = vec![0f32; states.dim];
    let rows = std::iter::once(states.cls.as_slice())
        .chain((0..states.len()).map(|i| states.row(i)))
        .chain(std::iter::once(states.sep.as_slice()))
        .filter(|r| r.len() == states.dim);
    let mut n = 0usize;
    for r in rows {
        sum.iter_mut().zip(r).for_each(|(s, x)| *s += x);
        n += 1;
    }
    let n = n.max(1) as f32;
    sum.iter_mut().for_each(|s| *s /= n);
    let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    sum.iter_mut().for_each(|s| *s /= norm);
    sum
}

/// `softmax(W · [h ; feature_embedding] + b)` per token.
#[derive(Debug, Clone)]
pub struct TokenClassifier {
    pub labels: Vec<String>,
    weight: Vec<f32>,
    bias: Vec<f32>,
    hidden: usize,
    /// (rows, width, table) of the feature embedding, when the head has one.
    feature: Option<(usize, usize, Vec<f32>)>,
}

/// A tensor's shape and values.
type Flat = (Vec<usize>, Vec<f32>);

fn take(path: &Path, tensors: &HashMap<String, Tensor>, name: &str) -> Result<Option<Flat>, Error> {
    let bad = |e: candle_core::Error| Error::Weights { path: path.to_path_buf(), message: format!("{name}: {e}") };
    match tensors.get(name) {
        None => Ok(None),
        Some(t) => Ok(Some((t.dims().to_vec(), t.flatten_all().map_err(bad)?.to_vec1::<f32>().map_err(bad)?))),
    }
}

impl TokenClassifier {
    /// Reads `classifier.weight`, `classifier.bias` and, if present, `feature_key` from the
    /// checkpoint's tensors, checking their shapes against `hidden` and `labels`.
    pub fn from_tensors(
        path: &Path,
        tensors: &HashMap<String, Tensor>,
        hidden: usize,
        labels: Vec<String>,
        feature_key: &str,
    ) -> Result<Self, Error> {
        let bad = |message: String| Error::Weights { path: path.to_path_buf(), message };
        let (wdims, weight) =
            take(path, tensors, "classifier.weight")?.ok_or_else(|| bad("no classifier.weight".into()))?;
        let (bdims, bias) = take(path, tensors, "classifier.bias")?.ok_or_else(|| bad("no classifier.bias".into()))?;
        let feature =
            take(path, tensors, feature_key)?
                .map(|(d, v)| {
                    if d.len() == 2 {
                        Ok((d[0], d[1], v))
                    } else {
                        Err(bad(format!("{feature_key} has shape {d:?}")))
                    }
                })
                .transpose()?;
        let width = hidden + feature.as_ref().map_or(0, |f| f.1);
        if wdims != [labels.len(), width] || bdims != [labels.len()] {
            return Err(bad(format!(
                "classifier shapes {wdims:?}/{bdims:?} do not fit {} labels over {width} inputs",
                labels.len()
            )));
        }
        Ok(TokenClassifier { labels, weight, bias, hidden, feature })
    }

    /// Label probabilities for one token state and its feature class (ignored by a head
    /// without a feature embedding; an out-of-range class is an error).
    pub fn probabilities(&self, state: &[f32], feature: usize) -> Result<Vec<f32>, Error> {
        if state.len() != self.hidden {
            return Err(Error::Runtime(format!("state of width {} for a head over {}", state.len(), self.hidden)));
        }
        let extra: &[f32] = match &self.feature {
            Some((rows, width, table)) if feature < *rows => &table[feature * width..(feature + 1) * width],
            Some((rows, ..)) => return Err(Error::Runtime(format!("feature class {feature} of {rows}"))),
            None => &[],
        };
        let width = self.hidden + extra.len();
        let mut logits: Vec<f32> = self
            .bias
            .iter()
            .enumerate()
            .map(|(l, b)| {
                let w = &self.weight[l * width..(l + 1) * width];
                b + dot(&w[..self.hidden], state) + dot(&w[self.hidden..], extra)
            })
            .collect();
        let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        logits.iter_mut().for_each(|x| *x = (*x - max).exp());
        let sum: f32 = logits.iter().sum();
        logits.iter_mut().for_each(|x| *x /= sum);
        Ok(logits)
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
