//! Zero-shot stance by natural-language inference. Each sentence is the premise; each
//! target's `hypotheses.favor` and `hypotheses.against` (from the codebook) are hypotheses;
//! an NLI model (a `…ForSequenceClassification` checkpoint fine-tuned on MNLI or a similar
//! set) says how probable it is that the premise entails each hypothesis, and the two
//! entailment probabilities become `[p_favor, p_against, p_none]` (see [`combine`]).
//!
//! The model folder is in the Hugging Face layout: `config.json`, `tokenizer.json`,
//! `model.safetensors`, and optionally the project's card (`demarche-model.toml`), which is
//! verified first when present. Architectures, from `config.json`'s `model_type`:
//! `bert` (`BertForSequenceClassification`: `bert.*` encoder, `bert.pooler.dense`,
//! `classifier`) and `deberta-v2` (`DebertaV2ForSequenceClassification`, which is also the
//! layout of DeBERTa-v3: `deberta.*`, `pooler.dense`, `classifier`). DeBERTa-v2 checkpoints
//! with a convolution layer (`conv_kernel_size` > 0, the v2 xlarge/xxlarge models) are
//! refused: candle-transformers 0.11 does not implement that layer.
//!
//! No NLI weights ship with the project, and none can be downloaded where it is built: the
//! code is tested on tiny randomly initialised models that the tests write. A user brings
//! an MNLI model folder and points the configuration at it.
//!
//! Results do not depend on how sentences are batched: every pair is padded on its own and
//! masked, and pairs are put back in input order after being sorted by length.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{Linear, VarBuilder};
use candle_transformers::models::bert::{BertModel, Config as BertConfig};
use candle_transformers::models::debertav2::{Config as DebertaConfig, DebertaV2SeqClassificationModel};
use demarche_encoder::store::{self, Manifest};
use rayon::prelude::*;
use tokenizers::{PostProcessor, Tokenizer, TruncationDirection, TruncationParams, TruncationStrategy};

use crate::{Codebook, Error, Scorer};

pub const CONFIG: &str = "config.json";
pub const TOKENIZER: &str = "tokenizer.json";
pub const WEIGHTS: &str = "model.safetensors";
/// Sentence pairs run through the model at once.
pub const BATCH_SIZE: usize = 16;
/// Sentences whose pairs are tokenized and held at once.
const CHUNK: usize = 256;

/// A zero-shot NLI stance model.
pub struct Nli {
    /// The card's `name`, or the folder's name without a card.
    pub name: String,
    /// The verified card, when the folder has one.
    pub card: Option<Manifest>,
    /// `(path relative to the folder, sha256)` of `config.json`, `tokenizer.json` and
    /// `model.safetensors`, for the run manifest.
    pub files: Vec<(String, String)>,
    /// The architecture, from `config.json`.
    pub model_type: ModelType,
    /// The model's output labels in logit order, as `config.json` names them.
    pub labels: Vec<String>,
    /// The logit of the entailment label.
    pub entailment: usize,
    /// The most tokens of one pair, special tokens included (`max_position_embeddings`).
    pub max_positions: usize,
    /// Pairs per forward pass; results do not depend on it.
    pub batch_size: usize,
    targets: Vec<String>,
    /// Per target: the favor and against hypotheses.
    hypotheses: Vec<[String; 2]>,
    tokenizer: Tokenizer,
    net: Net,
}

/// The architectures zero-shot NLI runs, as `config.json`'s `model_type` names them: any
/// other value fails when the file is read, naming the key and these values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
pub enum ModelType {
    /// `BertForSequenceClassification`.
    #[serde(rename = "bert")]
    Bert,
    /// `DebertaV2ForSequenceClassification`, also the layout of DeBERTa-v3.
    #[serde(rename = "deberta-v2")]
    DebertaV2,
}

impl ModelType {
    pub fn as_str(&self) -> &'static str {
        match self {
            ModelType::Bert => "bert",
            ModelType::DebertaV2 => "deberta-v2",
        }
    }
}

enum Net {
    Bert { model: Box<BertModel>, pooler: Linear, classifier: Linear, type_vocab_size: usize },
    Deberta { model: Box<DebertaV2SeqClassificationModel>, type_vocab_size: usize },
}

impl Nli {
    /// Loads an NLI model folder for the targets of `codebook`. Every missing or malformed
    /// file is an error naming it.
    pub fn load(dir: &Path, codebook: &Codebook) -> Result<Nli, Error> {
        let card = if dir.join(store::CARD).exists() { Some(store::verify(dir)?) } else { None };
        let name = match &card {
            Some(c) => c.name.clone(),
            None => folder_name(dir),
        };

        let config_path = dir.join(CONFIG);
        let text = std::fs::read_to_string(&config_path).map_err(|e| Error::io(&config_path, e))?;
        let config: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| Error::model(&config_path, format!("not JSON: {e}")))?;
        let model_type = config.get("model_type").ok_or_else(|| Error::model(&config_path, "no model_type"))?;
        let model_type = <ModelType as serde::Deserialize>::deserialize(model_type).map_err(|e| {
            Error::model(
                &config_path,
                format!(
                    "model_type: {e} (zero-shot NLI runs BertForSequenceClassification and \
                     DebertaV2ForSequenceClassification, also DeBERTa-v3)"
                ),
            )
        })?;
        let (labels, entailment) = nli_labels(&config, &config_path)?;
        let usize_field = |key: &str| {
            config
                .get(key)
                .and_then(|v| v.as_u64())
                .map(|n| n as usize)
                .ok_or_else(|| Error::model(&config_path, format!("no {key}")))
        };
        let max_positions = usize_field("max_position_embeddings")?;
        let vocab_size = usize_field("vocab_size")?;

        let tokenizer_path = dir.join(TOKENIZER);
        let mut tokenizer = load_tokenizer(&tokenizer_path, max_positions, vocab_size)?;
        let hypotheses = check_hypotheses(codebook, &tokenizer, &tokenizer_path, max_positions)?;
        // Only the premise (the first sequence) is cut, to `max_positions` tokens in all.
        let params = TruncationParams {
            max_length: max_positions,
            strategy: TruncationStrategy::OnlyFirst,
            stride: 0,
            direction: TruncationDirection::Right,
        };
        tokenizer.with_truncation(Some(params)).map_err(|e| Error::model(&tokenizer_path, e.to_string()))?;

        let weights_path = dir.join(WEIGHTS);
        let tensors = demarche_encoder::read_weights(&weights_path)?;
        let net = match model_type {
            ModelType::Bert => load_bert(&config, &config_path, &weights_path, tensors, labels.len())?,
            ModelType::DebertaV2 => load_deberta(&config, &config_path, &weights_path, tensors, &labels)?,
        };

        let files = [CONFIG, TOKENIZER, WEIGHTS]
            .iter()
            .map(|f| {
                let known = card.as_ref().and_then(|c| c.files.iter().find(|e| e.path == *f)).map(|e| e.sha256.clone());
                let sha = match known {
                    Some(s) => s.to_ascii_lowercase(),
                    None => store::sha256_file(&dir.join(f))?,
                };
                Ok((f.to_string(), sha))
            })
            .collect::<Result<Vec<_>, Error>>()?;

        Ok(Nli {
            name,
            card,
            files,
            model_type,
            labels,
            entailment,
            max_positions,
            batch_size: BATCH_SIZE,
            targets: codebook.names(),
            hypotheses,
            tokenizer,
            net,
        })
    }

    /// Token ids and token type ids of one (premise, hypothesis) pair with the model's special
    /// tokens (`[CLS] premise [SEP] hypothesis [SEP]` for BERT); the premise, never the
    /// hypothesis, is cut to fit `max_positions`.
    pub fn encode_pair(&self, premise: &str, hypothesis: &str) -> Result<(Vec<u32>, Vec<u32>), Error> {
        let enc = self
            .tokenizer
            .encode((premise, hypothesis), true)
            .map_err(|e| Error::Invalid(format!("tokenizing a sentence pair failed: {e}")))?;
        Ok((enc.get_ids().to_vec(), enc.get_type_ids().to_vec()))
    }

    /// P(entailment) of each (premise, hypothesis) pair, in input order.
    pub fn entailment_probs(&self, pairs: &[(&str, &str)]) -> Result<Vec<f32>, Error> {
        let encoded = pairs.par_iter().map(|(p, h)| self.encode_pair(p, h)).collect::<Result<Vec<_>, Error>>()?;
        // Longest first, so that pairs of similar length share a batch; ties keep input order.
        let mut order: Vec<usize> = (0..encoded.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(encoded[i].0.len()));
        let mut out = vec![0f32; encoded.len()];
        for batch in order.chunks(self.batch_size.max(1)) {
            let seqs: Vec<&(Vec<u32>, Vec<u32>)> = batch.iter().map(|&i| &encoded[i]).collect();
            let logits = self.logits(&seqs)?;
            for (&i, row) in batch.iter().zip(&logits) {
                out[i] = softmax_at(row, self.entailment);
            }
        }
        Ok(out)
    }

    /// Logits of each pair; every pair is padded to the batch's longest and masked.
    fn logits(&self, batch: &[&(Vec<u32>, Vec<u32>)]) -> Result<Vec<Vec<f32>>, Error> {
        let width = batch.iter().map(|(ids, _)| ids.len()).max().unwrap_or(0);
        if width == 0 {
            return Err(Error::Invalid("an empty sentence pair: the tokenizer added no special tokens".into()));
        }
        if width > self.max_positions {
            return Err(Error::Invalid(format!("a pair of {width} tokens exceeds {} positions", self.max_positions)));
        }
        let type_vocab_size = match &self.net {
            Net::Bert { type_vocab_size, .. } | Net::Deberta { type_vocab_size, .. } => *type_vocab_size,
        };
        let n = batch.len() * width;
        let (mut ids, mut types, mut mask) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        for (seq_ids, seq_types) in batch {
            let pad = width - seq_ids.len();
            ids.extend_from_slice(seq_ids);
            ids.extend(std::iter::repeat_n(0u32, pad));
            // A model with a single token type (or none) gets type 0 throughout.
            types.extend(seq_types.iter().map(|&t| if (t as usize) < type_vocab_size { t } else { 0 }));
            types.extend(std::iter::repeat_n(0u32, pad));
            mask.extend(std::iter::repeat_n(1u32, seq_ids.len()));
            mask.extend(std::iter::repeat_n(0u32, pad));
        }
        let run = || -> candle_core::Result<Vec<Vec<f32>>> {
            let device = Device::Cpu;
            let shape = (batch.len(), width);
            let ids = Tensor::from_vec(ids, shape, &device)?;
            let types = Tensor::from_vec(types, shape, &device)?;
            let mask = Tensor::from_vec(mask, shape, &device)?;
            let logits = match &self.net {
                Net::Bert { model, pooler, classifier, .. } => {
                    let states = model.forward(&ids, &types, Some(&mask))?;
                    let first = states.narrow(1, 0, 1)?.squeeze(1)?.contiguous()?;
                    classifier.forward(&pooler.forward(&first)?.tanh()?)?
                }
                Net::Deberta { model, .. } => model.forward(&ids, Some(types), Some(mask))?,
            };
            logits.to_dtype(DType::F32)?.to_vec2::<f32>()
        };
        run().map_err(|e| Error::Invalid(format!("NLI model {}: {e}", self.name)))
    }
}

impl Scorer for Nli {
    fn method(&self) -> &str {
        "nli"
    }
    fn model(&self) -> &str {
        &self.name
    }
    fn targets(&self) -> &[String] {
        &self.targets
    }
    /// `prev` is not used: the premise is the sentence alone.
    fn score(&self, texts: &[&str], _prev: &[Option<usize>]) -> Result<Vec<Vec<[f32; 3]>>, Error> {
        let nt = self.targets.len();
        let mut out = Vec::with_capacity(texts.len());
        for chunk in texts.chunks(CHUNK) {
            let mut pairs = Vec::with_capacity(chunk.len() * nt * 2);
            for text in chunk {
                for [favor, against] in &self.hypotheses {
                    pairs.push((*text, favor.as_str()));
                    pairs.push((*text, against.as_str()));
                }
            }
            let e = self.entailment_probs(&pairs)?;
            out.extend(
                (0..chunk.len())
                    .map(|i| (0..nt).map(|t| combine(e[(i * nt + t) * 2], e[(i * nt + t) * 2 + 1])).collect()),
            );
        }
        Ok(out)
    }
}

/// `[p_favor, p_against, p_none]` from the entailment probabilities of the favor
/// hypothesis (`e_f`) and of the against hypothesis (`e_a`).
///
/// The two hypotheses are scored independently (each pair gets its own softmax over the
/// model's entailment / neutral / contradiction logits), so a sentence may entail neither,
/// one or, by the model's lights, both. Treating the two events as independent, `none` is
/// the probability that neither hypothesis is entailed, `p_none = (1 − e_f)(1 − e_a)`; the
/// rest is shared between favor and against in proportion to their entailment:
/// `p_favor = e_f (1 − p_none) / (e_f + e_a)`, `p_against` likewise. The three sum to 1.
/// Unlike a softmax over the two entailment logits (the single-label zero-shot recipe),
/// this leaves room for `none` without a third, "neutral" hypothesis; when neither
/// hypothesis is entailed at all (`e_f + e_a = 0`) the result is `[0, 0, 1]`.
pub fn combine(e_f: f32, e_a: f32) -> [f32; 3] {
    let (e_f, e_a) = (e_f.clamp(0.0, 1.0), e_a.clamp(0.0, 1.0));
    let p_none = (1.0 - e_f) * (1.0 - e_a);
    let sum = e_f + e_a;
    if sum <= 0.0 {
        return [0.0, 0.0, 1.0];
    }
    let rest = 1.0 - p_none;
    [e_f * rest / sum, e_a * rest / sum, p_none]
}

/// Softmax of `logits` at `index`, computed stably.
fn softmax_at(logits: &[f32], index: usize) -> f32 {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let sum: f32 = logits.iter().map(|l| (l - max).exp()).sum();
    (logits[index] - max).exp() / sum
}

fn folder_name(dir: &Path) -> String {
    let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    abs.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| dir.display().to_string())
}

/// The labels in logit order (from `id2label`, else `label2id`) and the entailment index.
fn nli_labels(config: &serde_json::Value, path: &Path) -> Result<(Vec<String>, usize), Error> {
    let mut by_id: Vec<(usize, String)> = Vec::new();
    if let Some(map) = config.get("id2label").and_then(|v| v.as_object()) {
        for (k, v) in map {
            let id = k
                .trim()
                .parse::<usize>()
                .map_err(|_| Error::model(path, format!("id2label key {k:?} is not a number")))?;
            let label = v.as_str().ok_or_else(|| Error::model(path, format!("id2label[{k:?}] is not a string")))?;
            by_id.push((id, label.to_string()));
        }
    } else if let Some(map) = config.get("label2id").and_then(|v| v.as_object()) {
        for (label, v) in map {
            let id = v.as_u64().ok_or_else(|| Error::model(path, format!("label2id[{label:?}] is not a number")))?;
            by_id.push((id as usize, label.clone()));
        }
    }
    by_id.sort();
    if by_id.iter().enumerate().any(|(i, (id, _))| *id != i) {
        let ids: Vec<usize> = by_id.iter().map(|(id, _)| *id).collect();
        return Err(Error::model(path, format!("label ids {ids:?} are not 0, 1, 2…")));
    }
    let labels: Vec<String> = by_id.into_iter().map(|(_, l)| l).collect();
    let entailment = labels.iter().position(|l| l.trim().eq_ignore_ascii_case("entailment")).ok_or_else(|| {
        Error::model(
            path,
            format!(
                "no \"entailment\" label in id2label or label2id (labels: {}); zero-shot NLI needs a model \
                 fine-tuned on MNLI or another NLI data set",
                if labels.is_empty() { "none".to_string() } else { labels.join(", ") }
            ),
        )
    })?;
    Ok((labels, entailment))
}

/// `tokenizer.json` with its own padding and truncation turned off.
fn load_tokenizer(path: &Path, max_positions: usize, vocab_size: usize) -> Result<Tokenizer, Error> {
    let bad = |message: String| Error::model(path, message);
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut tokenizer = Tokenizer::from_bytes(&bytes).map_err(|e| bad(format!("not a tokenizer: {e}")))?;
    let added = match tokenizer.get_post_processor() {
        Some(p) => p.added_tokens(true),
        None => return Err(bad("no post_processor to add the special tokens of a sentence pair".into())),
    };
    if added + 2 > max_positions {
        return Err(bad(format!("{added} special tokens for a pair leave no room in {max_positions} positions")));
    }
    tokenizer.with_padding(None);
    tokenizer.with_truncation(None).map_err(|e| bad(e.to_string()))?;
    let n = tokenizer.get_vocab_size(true);
    if n > vocab_size {
        return Err(bad(format!("{n} tokens for a model of {vocab_size} (config.json vocab_size)")));
    }
    Ok(tokenizer)
}

/// Each target's hypotheses, checked to leave room for at least one premise token (with
/// the tokenizer not yet truncating).
fn check_hypotheses(
    codebook: &Codebook,
    tokenizer: &Tokenizer,
    path: &Path,
    max_positions: usize,
) -> Result<Vec<[String; 2]>, Error> {
    let added = tokenizer.get_post_processor().map(|p| p.added_tokens(true)).unwrap_or(0);
    let mut out = Vec::with_capacity(codebook.targets.len());
    for t in &codebook.targets {
        let h = &t.hypotheses;
        for (label, text) in [("favor", &h.favor), ("against", &h.against)] {
            if text.trim().is_empty() {
                return Err(Error::Invalid(format!("codebook target {}: hypotheses.{label} is empty", t.name)));
            }
            let n = tokenizer
                .encode(text.as_str(), false)
                .map_err(|e| Error::model(path, format!("tokenizing hypothesis {text:?} failed: {e}")))?
                .len();
            if added + n >= max_positions {
                return Err(Error::Invalid(format!(
                    "codebook target {}: hypotheses.{label} is {n} tokens; with {added} special tokens it leaves no \
                     room for the sentence in the model's {max_positions} positions",
                    t.name
                )));
            }
        }
        out.push([h.favor.clone(), h.against.clone()]);
    }
    Ok(out)
}

fn load_bert(
    config: &serde_json::Value,
    config_path: &Path,
    weights_path: &Path,
    tensors: HashMap<String, Tensor>,
    n_labels: usize,
) -> Result<Net, Error> {
    let cfg: BertConfig = serde_json::from_value(config.clone())
        .map_err(|e| Error::model(config_path, format!("bad BERT config: {e}")))?;
    let prefixed = tensors.contains_key("bert.embeddings.word_embeddings.weight");
    let vb = VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu);
    let encoder_vb = if prefixed { vb.pp("bert") } else { vb.clone() };
    let bad = |e: candle_core::Error| {
        Error::model(weights_path, format!("{e} (expected a BertForSequenceClassification checkpoint)"))
    };
    let model = BertModel::load(encoder_vb.clone(), &cfg).map_err(bad)?;
    let pooler = candle_nn::linear(cfg.hidden_size, cfg.hidden_size, encoder_vb.pp("pooler.dense")).map_err(bad)?;
    let classifier = candle_nn::linear(cfg.hidden_size, n_labels, vb.pp("classifier")).map_err(bad)?;
    Ok(Net::Bert { model: Box::new(model), pooler, classifier, type_vocab_size: cfg.type_vocab_size })
}

fn load_deberta(
    config: &serde_json::Value,
    config_path: &Path,
    weights_path: &Path,
    tensors: HashMap<String, Tensor>,
    labels: &[String],
) -> Result<Net, Error> {
    let mut cfg: DebertaConfig = serde_json::from_value(config.clone())
        .map_err(|e| Error::model(config_path, format!("bad DeBERTa-v2 config: {e}")))?;
    if cfg.conv_kernel_size.unwrap_or(0) > 0 {
        return Err(Error::model(
            config_path,
            "conv_kernel_size > 0: DeBERTa-v2 checkpoints with a convolution layer (v2 xlarge/xxlarge) are not \
             supported (candle-transformers 0.11 does not implement it); DeBERTa-v3 checkpoints are",
        ));
    }
    for (key, missing) in [
        ("pooler_hidden_size", cfg.pooler_hidden_size.is_none()),
        ("pooler_hidden_act", cfg.pooler_hidden_act.is_none()),
        ("pooler_dropout", cfg.pooler_dropout.is_none()),
    ] {
        if missing {
            return Err(Error::model(config_path, format!("no {key} (needed by the sequence-classification pooler)")));
        }
    }
    cfg.id2label = Some(labels.iter().enumerate().map(|(i, l)| (i as u32, l.clone())).collect());
    if !tensors.contains_key("deberta.embeddings.word_embeddings.weight") {
        return Err(Error::model(
            weights_path,
            "no deberta.embeddings.word_embeddings.weight: not a DebertaV2ForSequenceClassification checkpoint",
        ));
    }
    let vb = VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu);
    let model = DebertaV2SeqClassificationModel::load(vb.pp("deberta"), &cfg, None).map_err(|e| {
        Error::model(weights_path, format!("{e} (expected a DebertaV2ForSequenceClassification checkpoint)"))
    })?;
    Ok(Net::Deberta { model: Box::new(model), type_vocab_size: cfg.type_vocab_size })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combine_is_a_distribution() {
        for e_f in [0.0f32, 1e-6, 0.1, 0.5, 0.9, 1.0] {
            for e_a in [0.0f32, 1e-6, 0.3, 0.5, 1.0] {
                let p = combine(e_f, e_a);
                assert!(p.iter().all(|x| (0.0..=1.0).contains(x)), "{e_f} {e_a}: {p:?}");
                assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6, "{e_f} {e_a}: {p:?}");
            }
        }
        assert_eq!(combine(0.0, 0.0), [0.0, 0.0, 1.0]);
        assert_eq!(combine(1.0, 0.0), [1.0, 0.0, 0.0]);
        assert_eq!(combine(0.0, 1.0), [0.0, 1.0, 0.0]);
        let p = combine(0.8, 0.2);
        assert!((p[2] - 0.16).abs() < 1e-6 && (p[0] - 0.672).abs() < 1e-6 && (p[1] - 0.168).abs() < 1e-6, "{p:?}");
        // Favor and against are symmetric.
        let (a, b) = (combine(0.3, 0.6), combine(0.6, 0.3));
        assert_eq!([a[0], a[1], a[2]], [b[1], b[0], b[2]]);
    }

    #[test]
    fn softmax_at_is_stable() {
        assert!((softmax_at(&[0.0, 0.0], 1) - 0.5).abs() < 1e-7);
        assert!((softmax_at(&[1000.0, 0.0, -1000.0], 0) - 1.0).abs() < 1e-7);
        assert_eq!(softmax_at(&[-1000.0, 1000.0], 0), 0.0);
    }

    #[test]
    fn labels_come_from_id2label_or_label2id() {
        let path = Path::new("m/config.json");
        let c = serde_json::json!({"id2label": {"2": "ENTAILMENT", "0": "CONTRADICTION", "1": "NEUTRAL"}});
        assert_eq!(
            nli_labels(&c, path).unwrap(),
            (vec!["CONTRADICTION".into(), "NEUTRAL".into(), "ENTAILMENT".into()], 2)
        );
        let c = serde_json::json!({"label2id": {"entailment": 0, "not_entailment": 1}});
        assert_eq!(nli_labels(&c, path).unwrap().1, 0);
        let c = serde_json::json!({"id2label": {"0": "entailment", "2": "neutral"}});
        assert!(nli_labels(&c, path).unwrap_err().to_string().contains("not 0, 1, 2"));
        let c = serde_json::json!({});
        assert!(nli_labels(&c, path).unwrap_err().to_string().contains("(labels: none)"));
    }
}
