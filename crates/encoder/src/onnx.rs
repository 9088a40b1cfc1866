//! The ONNX Runtime implementation of [`Encoder`] (ort, `load-dynamic`): the model folder's
//! `encoder.onnx`, written from its `model.safetensors` by `recipes/export_onnx.py`, run by
//! the shared library that `just models` unpacks from the PyPI `onnxruntime` wheel.
//!
//! The export takes token ids only: the pipeline batches sequences of one length, so there is
//! never padding to mask. A batch of mixed lengths is split into runs of one length here.
//! Measured: a sequence's states are bit-identical alone or in a batch of 8 (ORT's CPU
//! kernels do not split the reduction by batch size), so batch-invariance holds as in candle.
//!
//! Two checks keep a run from computing with the wrong numbers: the export's sha256 against
//! the one written beside it at export (`encoder.onnx.sha256`: a damaged file), and the
//! weights' sha256 in its metadata against the card (an export of other weights).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use ort::environment::Environment;
use ort::session::builder::GraphOptimizationLevel;
use ort::session::Session;
use ort::value::Tensor;

use crate::store::{self, CARD};
use crate::{Encoder, Error};

/// The export's file name inside a model folder.
pub const ONNX_FILE: &str = "encoder.onnx";
/// Metadata key holding the sha256 of the `model.safetensors` the export was made from.
pub const SOURCE_KEY: &str = "demarche.source_sha256";

/// The sha256 the exporter recorded for `dir/encoder.onnx` (in `encoder.onnx.sha256`,
/// sha256sum format).
pub fn export_sha256(dir: &Path) -> Result<String, Error> {
    let path = dir.join(format!("{ONNX_FILE}.sha256"));
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    match text.split_whitespace().next() {
        Some(hex) if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => Ok(hex.to_ascii_lowercase()),
        _ => Err(Error::Weights { path, message: "not a sha256 line".into() }),
    }
}

/// One ONNX Runtime environment per process (ORT allows no second one), with the library
/// it was loaded from.
static ENV: OnceLock<Result<(PathBuf, Environment), String>> = OnceLock::new();

fn environment(library: &Path) -> Result<&'static Environment, Error> {
    let got = ENV.get_or_init(|| {
        let loaded = ort::init_from(library)
            .map_err(|e| format!("{}: cannot load ONNX Runtime: {e}", library.display()))?
            .with_name("demarche")
            .build()
            .map_err(|e| format!("{}: cannot start ONNX Runtime: {e}", library.display()))?;
        Ok((library.to_path_buf(), loaded))
    });
    match got {
        Ok((path, env)) if path == library => Ok(env),
        Ok((path, _)) => Err(Error::Runtime(format!(
            "ONNX Runtime is already loaded from {}; cannot also load {}",
            path.display(),
            library.display()
        ))),
        Err(message) => Err(Error::Runtime(message.clone())),
    }
}

pub struct OrtEncoder {
    session: Mutex<Session>,
    hidden_size: usize,
    max_positions: usize,
    vocab_size: usize,
}

#[derive(serde::Deserialize)]
struct Shape {
    hidden_size: usize,
    max_position_embeddings: usize,
    vocab_size: usize,
}

/// Checks `dir/encoder.onnx` against the sha256 recorded at export; returns that sha256.
pub fn check_export(dir: &Path) -> Result<String, Error> {
    let path = dir.join(ONNX_FILE);
    let recorded = export_sha256(dir)?;
    let actual = store::sha256_file(&path)?;
    if actual != recorded {
        return Err(Error::Weights {
            path,
            message: format!(
                "sha256 {actual} does not match the {recorded} recorded at export; the file is corrupt or was replaced: run `just models` to export it again"
            ),
        });
    }
    Ok(recorded)
}

impl OrtEncoder {
    /// Loads `dir/encoder.onnx` with the ONNX Runtime library at `library`, on `threads`
    /// threads. The export must come from the weights the folder's card lists: an export of
    /// other weights (a model retrained since) is refused, naming both sha256s.
    pub fn load(dir: &Path, library: &Path, threads: usize) -> Result<Self, Error> {
        let path = dir.join(ONNX_FILE);
        let card = store::read_card(dir)?;
        let expected = card.sha256_of("model.safetensors").ok_or_else(|| Error::Card {
            path: dir.join(CARD),
            message: "lists no model.safetensors to check encoder.onnx against".into(),
        })?;
        if !path.is_file() {
            return Err(Error::Runtime(format!(
                "{}: missing (the ort runtime needs the ONNX export of model.safetensors: run `just models`, or set encoder.runtime = \"candle\")",
                path.display()
            )));
        }
        check_export(dir)?;
        let config_path = dir.join("config.json");
        let text = std::fs::read_to_string(&config_path).map_err(|e| Error::io(&config_path, e))?;
        let shape: Shape = serde_json::from_str(&text)
            .map_err(|e| Error::Config { path: config_path.clone(), message: e.to_string() })?;
        let env = environment(library)?;
        let bad = |e: ort::Error| Error::Weights { path: path.clone(), message: e.to_string() };
        let session = Session::builder(env)
            .and_then(|b| Ok(b.with_optimization_level(GraphOptimizationLevel::All)?))
            .and_then(|b| Ok(b.with_intra_threads(threads.max(1))?))
            .and_then(|b| Ok(b.with_inter_threads(1)?))
            .and_then(|mut b| b.commit_from_file(&path))
            .map_err(bad)?;
        let source = session.metadata().map_err(bad)?.custom(SOURCE_KEY).unwrap_or_default();
        if !source.eq_ignore_ascii_case(expected) {
            return Err(Error::Weights {
                path,
                message: format!(
                    "exported from weights with sha256 {}, but the card's model.safetensors has {expected}: run `just models` to export it again",
                    if source.is_empty() { "(none recorded)" } else { source.as_str() }
                ),
            });
        }
        Ok(OrtEncoder {
            session: Mutex::new(session),
            hidden_size: shape.hidden_size,
            max_positions: shape.max_position_embeddings,
            vocab_size: shape.vocab_size,
        })
    }

    /// Runs sequences of one length.
    fn run_equal(&self, batch: &[&[u32]]) -> Result<Vec<Vec<f32>>, Error> {
        let len = batch[0].len();
        let ids: Vec<i64> = batch.iter().flat_map(|s| s.iter().map(|&id| i64::from(id))).collect();
        let fail = |e: ort::Error| Error::Runtime(e.to_string());
        let input = Tensor::from_array(([batch.len(), len], ids)).map_err(fail)?;
        let mut session = self.session.lock().map_err(|_| Error::Runtime("ONNX session poisoned".into()))?;
        let outputs = session.run(ort::inputs!["input_ids" => input]).map_err(fail)?;
        let (shape, data) = outputs["last_hidden_state"].try_extract_tensor::<f32>().map_err(fail)?;
        let want = [batch.len() as i64, len as i64, self.hidden_size as i64];
        if shape[..] != want[..] {
            return Err(Error::Runtime(format!("encoder.onnx returned shape {shape:?}, expected {want:?}")));
        }
        let row = len * self.hidden_size;
        Ok(data.chunks(row).map(<[f32]>::to_vec).collect())
    }
}

impl Encoder for OrtEncoder {
    fn hidden_size(&self) -> usize {
        self.hidden_size
    }

    fn max_positions(&self) -> usize {
        self.max_positions
    }

    fn vocab_size(&self) -> usize {
        self.vocab_size
    }

    fn forward(&self, batch: &[&[u32]], _pad_id: u32) -> Result<Vec<Vec<f32>>, Error> {
        crate::check_batch(self, batch)?;
        let mut out = vec![Vec::new(); batch.len()];
        // Runs of one length in input order; the pipeline's batches are a single run.
        let mut order: Vec<usize> = (0..batch.len()).filter(|&i| !batch[i].is_empty()).collect();
        order.sort_by_key(|&i| (batch[i].len(), i));
        for same in order.chunk_by(|&a, &b| batch[a].len() == batch[b].len()) {
            let seqs: Vec<&[u32]> = same.iter().map(|&i| batch[i]).collect();
            for (&i, states) in same.iter().zip(self.run_equal(&seqs)?) {
                out[i] = states;
            }
        }
        Ok(out)
    }
}
