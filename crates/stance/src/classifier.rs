//! The default stance method: per target, a softmax head over frozen sentence embeddings
//! from the project's encoder (optionally with the embedding of the sentence before it in
//! the same turn). A model folder holds `heads.safetensors` and its card; the card names
//! the encoder folder and the sha256 of the encoder weights the heads were trained on.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{Device, Tensor};
use demarche_encoder::store::{self, FileEntry, Manifest};
use demarche_encoder::{Runtime, SentenceEncoder};

use crate::logreg::{self, Softmax, TrainOptions};
use crate::{Error, Example, Label, Scorer};

pub const HEADS: &str = "heads.safetensors";

pub struct Classifier {
    pub card: Manifest,
    /// The card of the encoder folder the heads run on.
    pub encoder_card: Manifest,
    /// The encoder folder the card names.
    pub encoder_dir: PathBuf,
    pub encoder: SentenceEncoder,
    /// Whether features include the previous sentence's embedding.
    pub context: bool,
    targets: Vec<String>,
    heads: Vec<Softmax>,
}

/// Embeddings of `texts`, each followed (with `context`) by that of its previous sentence
/// (`prev[i]`, an index into `texts`) or zeros when it has none.
pub fn features(
    encoder: &SentenceEncoder,
    texts: &[&str],
    prev: &[Option<usize>],
    context: bool,
) -> Result<Vec<Vec<f32>>, Error> {
    Ok(with_context(encoder.embed(texts)?, prev, context))
}

/// Feature rows from embeddings: each embedding, followed (with `context`) by that of its
/// previous sentence or zeros.
fn with_context(emb: Vec<Vec<f32>>, prev: &[Option<usize>], context: bool) -> Vec<Vec<f32>> {
    if !context {
        return emb;
    }
    (0..emb.len())
        .map(|i| {
            let mut f = emb[i].clone();
            match prev.get(i).copied().flatten() {
                Some(j) => f.extend_from_slice(&emb[j]),
                None => f.extend(std::iter::repeat_n(0.0, emb[i].len())),
            }
            f
        })
        .collect()
}

/// Features of labelled examples: their text, and their `prev` column with `context`.
pub fn example_features(
    encoder: &SentenceEncoder,
    examples: &[Example],
    context: bool,
) -> Result<Vec<Vec<f32>>, Error> {
    let mut texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let mut prev = vec![None; examples.len()];
    if context {
        for (i, e) in examples.iter().enumerate() {
            if !e.prev.trim().is_empty() {
                prev[i] = Some(texts.len());
                texts.push(e.prev.as_str());
            }
        }
    }
    let mut f = features(encoder, &texts, &prev, context)?;
    f.truncate(examples.len());
    Ok(f)
}

/// Trains one head per target on the examples labelled for it.
pub fn train_heads(
    features: &[Vec<f32>],
    examples: &[Example],
    targets: &[String],
    opts: &TrainOptions,
) -> Result<Vec<Softmax>, Error> {
    targets
        .iter()
        .map(|t| {
            let (x, y): (Vec<Vec<f32>>, Vec<usize>) = examples
                .iter()
                .zip(features)
                .filter_map(|(e, f)| e.labels.get(t).map(|l| (f.clone(), l.index())))
                .unzip();
            if x.is_empty() {
                return Err(Error::Invalid(format!("no example is labelled for target `{t}`")));
            }
            Ok(logreg::train(&x, &y, Label::ALL.len(), opts))
        })
        .collect()
}

impl Classifier {
    /// Loads a stance model folder and the encoder its card names, checking both (candle).
    pub fn load(dir: &Path) -> Result<Classifier, Error> {
        Self::load_with(dir, &Runtime::Candle)
    }

    /// As [`load`](Self::load), with the encoder on `runtime`.
    pub fn load_with(dir: &Path, runtime: &Runtime) -> Result<Classifier, Error> {
        let card = store::verify(dir)?;
        if card.task != "stance" {
            return Err(Error::model(&dir.join(store::CARD), format!("task is {:?}, not \"stance\"", card.task)));
        }
        let get = |key: &str| card.model.get(key).and_then(|v| v.as_str()).map(str::to_string);
        let card_path = dir.join(store::CARD);
        let encoder_dir = dir.join(get("encoder").ok_or_else(|| Error::model(&card_path, "no model.encoder"))?);
        let expected = get("encoder_sha256").ok_or_else(|| Error::model(&card_path, "no model.encoder_sha256"))?;
        // Loading verifies the encoder's files against its card, so the card's sha256 of the
        // weights is theirs: no second pass over them (only a card without it is hashed here).
        let encoder_card = store::read_card(&encoder_dir)?;
        let encoder = SentenceEncoder::load_with(&encoder_dir, runtime)?;
        let weights = encoder_dir.join("model.safetensors");
        let actual = match encoder_card.sha256_of("model.safetensors") {
            Some(sha) => sha.to_ascii_lowercase(),
            None => store::sha256_file(&weights)?,
        };
        if actual != expected {
            return Err(Error::model(
                &weights,
                format!("sha256 {actual}, but the stance heads were trained on encoder weights with sha256 {expected}"),
            ));
        }
        let context = get("features").as_deref() == Some("sentence+prev");
        let targets: Vec<String> = card
            .model
            .get("targets")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|t| t.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        let heads = read_heads(&dir.join(HEADS), &targets)?;
        Ok(Classifier { card, encoder_card, encoder_dir, encoder, context, targets, heads })
    }

    /// Saves heads and card into `dir` (created), the encoder referred to by a path
    /// relative to `dir`.
    pub fn save(
        dir: &Path,
        encoder_dir: &Path,
        targets: &[String],
        heads: &[Softmax],
        context: bool,
        mut card: Manifest,
    ) -> Result<(), Error> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut tensors = HashMap::new();
        for (t, h) in targets.iter().zip(heads) {
            let bad = |e: candle_core::Error| Error::Invalid(e.to_string());
            tensors.insert(
                format!("{t}.weight"),
                Tensor::from_vec(h.weight.clone(), (h.classes, h.dim), &Device::Cpu).map_err(bad)?,
            );
            tensors
                .insert(format!("{t}.bias"), Tensor::from_vec(h.bias.clone(), h.classes, &Device::Cpu).map_err(bad)?);
        }
        let path = dir.join(HEADS);
        let tmp = dir.join(format!(".{HEADS}.partial"));
        candle_core::safetensors::save(&tensors, &tmp).map_err(|e| Error::model(&path, e.to_string()))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        let encoder_rel = relative(encoder_dir, dir);
        card.task = "stance".into();
        card.labels = Label::ALL.iter().map(|l| l.as_str().to_string()).collect();
        let m = &mut card.model;
        m.insert("encoder".into(), encoder_rel.display().to_string().into());
        m.insert("encoder_sha256".into(), store::sha256_file(&encoder_dir.join("model.safetensors"))?.into());
        m.insert("features".into(), (if context { "sentence+prev" } else { "sentence" }).into());
        m.insert("targets".into(), toml::Value::Array(targets.iter().map(|t| t.clone().into()).collect()));
        card.files = vec![FileEntry {
            path: HEADS.into(),
            sha256: store::sha256_file(&path)?,
            bytes: std::fs::metadata(&path).ok().map(|m| m.len()),
        }];
        let text = format!(
            "# Model card read by `demarche models list` / `demarche models verify`; written by `demarche train stance`.\n{}",
            toml::to_string(&card).map_err(|e| Error::Invalid(e.to_string()))?
        );
        let card_path = dir.join(store::CARD);
        std::fs::write(&card_path, text).map_err(|e| Error::io(&card_path, e))
    }

    /// Probabilities of one feature row for every target.
    pub fn predict_features(&self, f: &[f32]) -> Vec<[f32; 3]> {
        self.heads
            .iter()
            .map(|h| {
                let p = h.probabilities(f);
                [p[0], p[1], p[2]]
            })
            .collect()
    }
}

impl Scorer for Classifier {
    fn method(&self) -> &str {
        "classifier"
    }
    fn model(&self) -> &str {
        &self.card.name
    }
    fn targets(&self) -> &[String] {
        &self.targets
    }
    fn score(&self, texts: &[&str], prev: &[Option<usize>]) -> Result<Vec<Vec<[f32; 3]>>, Error> {
        let f = features(&self.encoder, texts, prev, self.context)?;
        Ok(f.iter().map(|row| self.predict_features(row)).collect())
    }
    fn uses_context(&self) -> bool {
        self.context
    }
    fn embedding_encoder(&self) -> Option<&Manifest> {
        Some(&self.encoder_card)
    }
    fn score_embedded(&self, embeddings: &[Vec<f32>], prev: &[Option<usize>]) -> Result<Vec<Vec<[f32; 3]>>, Error> {
        let f = with_context(embeddings.to_vec(), prev, self.context);
        Ok(f.iter().map(|row| self.predict_features(row)).collect())
    }
}

fn read_heads(path: &Path, targets: &[String]) -> Result<Vec<Softmax>, Error> {
    let tensors = demarche_encoder::read_weights(path)?;
    targets
        .iter()
        .map(|t| {
            let get = |name: String| -> Result<(Vec<usize>, Vec<f32>), Error> {
                let tensor = tensors.get(&name).ok_or_else(|| Error::model(path, format!("no tensor {name}")))?;
                let bad = |e: candle_core::Error| Error::model(path, format!("{name}: {e}"));
                Ok((tensor.dims().to_vec(), tensor.flatten_all().map_err(bad)?.to_vec1::<f32>().map_err(bad)?))
            };
            let (wd, weight) = get(format!("{t}.weight"))?;
            let (bd, bias) = get(format!("{t}.bias"))?;
            if wd.len() != 2 || wd[0] != 3 || bd != [3] {
                return Err(Error::model(path, format!("{t}: head shapes {wd:?}/{bd:?}, expected [3, dim]/[3]")));
            }
            Ok(Softmax { classes: 3, dim: wd[1], weight, bias })
        })
        .collect()
}

/// `target` as seen from `base` (both folders), for the card's encoder path.
fn relative(target: &Path, base: &Path) -> PathBuf {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (t, b) = (abs(target), abs(base));
    let common = t.components().zip(b.components()).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in b.components().skip(common) {
        out.push("..");
    }
    for c in t.components().skip(common) {
        out.push(c);
    }
    out
}
