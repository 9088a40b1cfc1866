//! The candle implementation of [`Encoder`] for BERT-family checkpoints in the Hugging Face
//! layout. Weights are read into memory (no mmap: a file changed under a map is undefined
//! behaviour) and may be stored as f16 or f32; they are computed in f32.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};

use crate::{Encoder, Error};

pub struct BertEncoder {
    model: BertModel,
    config: Config,
    device: Device,
}

/// Reads `model.safetensors` into named f32 tensors. A truncated or otherwise corrupt file
/// is an error naming it.
pub fn read_weights(path: &Path) -> Result<HashMap<String, Tensor>, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let bad = |e: candle_core::Error| Error::Weights { path: path.to_path_buf(), message: e.to_string() };
    let tensors = candle_core::safetensors::load_buffer(&bytes, &Device::Cpu).map_err(bad)?;
    tensors
        .into_iter()
        // Integer buffers (`embeddings.position_ids`, int64) are not weights.
        .filter(|(_, t)| t.dtype().is_float())
        .map(|(k, t)| Ok((k, t.to_dtype(DType::F32).map_err(bad)?)))
        .collect()
}

impl BertEncoder {
    /// Loads `config.json` and the encoder's weights from `tensors` (as [`read_weights`]
    /// gives them), with or without the `bert.` prefix of task checkpoints.
    pub fn from_tensors(dir: &Path, tensors: HashMap<String, Tensor>) -> Result<Self, Error> {
        let config_path = dir.join("config.json");
        let text = std::fs::read_to_string(&config_path).map_err(|e| Error::io(&config_path, e))?;
        let config: Config = serde_json::from_str(&text)
            .map_err(|e| Error::Config { path: config_path.clone(), message: e.to_string() })?;
        let prefixed = tensors.contains_key("bert.embeddings.word_embeddings.weight");
        let device = Device::Cpu;
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &device);
        let vb = if prefixed { vb.pp("bert") } else { vb };
        let model = BertModel::load(vb, &config)
            .map_err(|e| Error::Weights { path: dir.join("model.safetensors"), message: e.to_string() })?;
        Ok(BertEncoder { model, config, device })
    }

    pub fn load(dir: &Path) -> Result<Self, Error> {
        Self::from_tensors(dir, read_weights(&dir.join("model.safetensors"))?)
    }
}

impl Encoder for BertEncoder {
    fn hidden_size(&self) -> usize {
        self.config.hidden_size
    }

    fn max_positions(&self) -> usize {
        self.config.max_position_embeddings
    }

    fn vocab_size(&self) -> usize {
        self.config.vocab_size
    }

    fn forward(&self, batch: &[&[u32]], pad_id: u32) -> Result<Vec<Vec<f32>>, Error> {
        crate::check_batch(self, batch)?;
        let width = batch.iter().map(|s| s.len()).max().unwrap_or(0);
        if width == 0 {
            return Ok(batch.iter().map(|_| Vec::new()).collect());
        }
        let (mut ids, mut mask) = (Vec::with_capacity(batch.len() * width), Vec::with_capacity(batch.len() * width));
        for seq in batch {
            ids.extend_from_slice(seq);
            ids.extend(std::iter::repeat_n(pad_id, width - seq.len()));
            mask.extend(std::iter::repeat_n(1u32, seq.len()));
            mask.extend(std::iter::repeat_n(0u32, width - seq.len()));
        }
        let shape = (batch.len(), width);
        let ids = Tensor::from_vec(ids, shape, &self.device)?;
        let mask = Tensor::from_vec(mask, shape, &self.device)?;
        let types = ids.zeros_like()?;
        let out = self.model.forward(&ids, &types, Some(&mask))?;
        let flat: Vec<f32> = out.flatten_all()?.to_vec1()?;
        let h = self.hidden_size();
        Ok(batch.iter().enumerate().map(|(i, s)| flat[i * width * h..(i * width + s.len()) * h].to_vec()).collect())
    }
}
