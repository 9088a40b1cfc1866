//! The ONNX Runtime implementation of [`Encoder`] (ort, `load-dynamic`): the model folder's
//! `encoder.onnx` (or, for [`Precision::Int8`], `encoder-int8.onnx`), written from its
//! `model.safetensors` by `recipes/export_onnx.py`, run by the shared library that `just
//! models` unpacks from the PyPI `onnxruntime` wheel.
//!
//! The export takes token ids only: the pipeline batches sequences of one length, so there is
//! never padding to mask. A batch of mixed lengths is split into runs of one length here.
//! Measured: a sequence's states are bit-identical alone or in a batch of 8 (ORT's CPU
//! kernels do not split the reduction by batch size), so batch-invariance holds as in candle.
//! The int8 export keeps it: its activation scales are per token vector and its products
//! are exact integer sums.
//!
//! Two checks keep a run from computing with the wrong numbers: the export's sha256 against
//! the one written beside it at export (`encoder.onnx.sha256`: a damaged file), and the
//! weights' sha256 in its metadata against the card (an export of other weights); and its
//! precision in the metadata against the one asked for (an fp32 file named as the int8 one).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use ort::environment::Environment;
use ort::session::builder::GraphOptimizationLevel;
use ort::session::Session;
use ort::value::Tensor;

use crate::store::{self, CARD};
use crate::{Encoder, Error, Precision};

/// The fp32 export's file name inside a model folder.
pub const ONNX_FILE: &str = "encoder.onnx";
/// The int8 export's file name inside a model folder.
pub const ONNX_INT8_FILE: &str = "encoder-int8.onnx";
/// Metadata key holding the sha256 of the `model.safetensors` the export was made from.
pub const SOURCE_KEY: &str = "demarche.source_sha256";
/// Metadata key holding an export's precision: `int8`, or absent for fp32.
pub const PRECISION_KEY: &str = "demarche.precision";

/// The sha256 the exporter recorded for the `precision` export of `dir` (in
/// `encoder.onnx.sha256` or `encoder-int8.onnx.sha256`, sha256sum format).
pub fn export_sha256(dir: &Path, precision: Precision) -> Result<String, Error> {
    let path = dir.join(format!("{}.sha256", precision.file_name()));
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
    /// The export's file name, for errors.
    file: &'static str,
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

/// Checks the `precision` export of `dir` against the sha256 recorded at export; returns that
/// sha256.
pub fn check_export(dir: &Path, precision: Precision) -> Result<String, Error> {
    let path = dir.join(precision.file_name());
    let recorded = export_sha256(dir, precision)?;
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
    /// Loads the `precision` export of `dir` (`encoder.onnx`, `encoder-int8.onnx`) with the
    /// ONNX Runtime library at `library`, on `threads` threads. The export must come from the
    /// weights the folder's card lists: an export of other weights (a model retrained since) is
    /// refused, naming both sha256s; so is one of the other precision.
    pub fn load(dir: &Path, library: &Path, threads: usize, precision: Precision) -> Result<Self, Error> {
        let file = precision.file_name();
        let path = dir.join(file);
        let card = store::read_card(dir)?;
        let expected = card.sha256_of("model.safetensors").ok_or_else(|| Error::Card {
            path: dir.join(CARD),
            message: format!("lists no model.safetensors to check {file} against"),
        })?;
        if !path.is_file() {
            let fix = match precision {
                Precision::Fp32 => "the ort runtime needs the ONNX export of model.safetensors: run `just models`, or set encoder.runtime = \"candle\"",
                Precision::Int8 => "encoder.precision = \"int8\" needs the int8 ONNX export of model.safetensors: run `just models`, or set encoder.precision = \"fp32\"",
            };
            return Err(Error::Runtime(format!("{}: missing ({fix})", path.display())));
        }
        check_export(dir, precision)?;
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
        let (source, made) = {
            let metadata = session.metadata().map_err(bad)?;
            let made = metadata.custom(PRECISION_KEY).unwrap_or_else(|| Precision::Fp32.name().into());
            (metadata.custom(SOURCE_KEY).unwrap_or_default(), made)
        };
        if made != precision.name() {
            return Err(Error::Weights {
                path,
                message: format!(
                    "exported in {made}, where {} is asked for: run `just models` to export it again",
                    precision.name()
                ),
            });
        }
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
            file,
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
            return Err(Error::Runtime(format!("{} returned shape {shape:?}, expected {want:?}", self.file)));
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
