//! A run: configuration, the staged pipeline over a batch of inputs, and the run directory
//! (tables and manifest) it writes.

mod cache;
mod config;
mod gold;
mod manifest;
mod merge;
mod models;
mod pipeline;
mod rows;
mod run;

pub use config::{Config, Method, RuntimeName, DEFAULT_TOML};
pub use demarche_encoder::Precision;

/// What a run folder is, for `Staging` to tell one from a folder it must not replace.
pub(crate) fn run_kind() -> demarche_tables::Kind {
    demarche_tables::Kind::tables(
        "a demarche run",
        "manifest.json",
        &["tool", "schema_version", "run_id"],
        demarche_tables::ALL,
    )
}
pub use gold::stance_predictions;

/// The encoder runtime a configuration names (ONNX Runtime by default, its library found as a
/// run finds it), for tools that load a model outside a run (`demarche eval ner`).
pub fn runtime(config: &Config) -> Result<demarche_encoder::Runtime, Error> {
    models::encoder_runtime(config).map(|(r, _)| r)
}
pub use manifest::Manifest;
pub use merge::merge;
pub use models::Models;
pub use pipeline::{DocOutput, Pipeline, Stage};
pub use run::{default_run_dir, run, Progress, RunOptions, Shard, Summary};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {message}")]
    Config { path: String, message: String },
    /// A model, codebook, registry or runtime path found nowhere: where it was looked for
    /// (`reason`), then how to get it.
    #[error(
        "{what}: {reason} (run `just models` in the checkout for the shipped models, or give the path \
         absolute or relative to your --config file)"
    )]
    NotFound { what: &'static str, reason: String },
    /// `--name` that is not one plain folder name.
    #[error("--name {name:?}: a run name is one folder name, without / or ..")]
    RunName { name: String },
    /// A stance model card whose `[metrics] confusion` is not a table.
    #[error("stance model {model}: [metrics] confusion is not a table")]
    ConfusionNotTable { model: String },
    /// A stance model card whose `[metrics.confusion]` row for a target does not read.
    #[error("stance model {model}: [metrics.confusion] {target}: expected 3 rows of 3 counts")]
    Confusion { model: String, target: String, source: Box<toml::de::Error> },
    /// A codebook and a stance model that share no target.
    #[error(
        "{codebook}: no target in common with stance model {model:?} (codebook: {}; model: {})",
        .targets.join(", "),
        .heads.join(", ")
    )]
    NoCommonTarget { codebook: String, model: String, targets: Vec<String>, heads: Vec<String> },
    /// A gold document that cannot be read.
    #[error("gold documents")]
    Gold(#[source] demarche_ingest::Error),
    #[error("{path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    #[error(transparent)]
    Table(#[from] demarche_tables::Error),
    // Errors of the stages' setup and models keep their cause as `source()`; their own message
    // says only what was being done, so the cause is shown once.
    #[error("input rules")]
    Rules(#[source] demarche_ingest::Error),
    #[error("actor registry")]
    Registry(#[source] demarche_actors::Error),
    #[error("segment.boilerplate")]
    Boilerplate(#[source] demarche_segment::Error),
    /// Loading or running NER, or building its registry name lists.
    #[error("{what}")]
    Ner { what: &'static str, source: demarche_ner::Error },
    /// Loading the codebook or the stance model, or scoring.
    #[error("{what}")]
    Stance { what: &'static str, source: demarche_stance::Error },
    #[error("{what}")]
    Encoder { what: &'static str, source: demarche_encoder::Error },
    /// ONNX Runtime could not be loaded: the cause, then how to get it (shown in this message,
    /// so not a `source()`).
    #[error("ONNX Runtime: {cause} (run `just models`, or set encoder.runtime = \"candle\")")]
    OnnxRuntime { cause: demarche_encoder::Error },
    /// A precision other than fp32 with the candle runtime, which computes in fp32 only.
    #[error(
        "encoder.precision = \"{precision}\" needs encoder.runtime = \"ort\" (candle computes in fp32 only): \
         set encoder.runtime = \"ort\", or encoder.precision = \"fp32\""
    )]
    PrecisionOnCandle { precision: &'static str },
    #[error("merge: {0}")]
    Merge(String),
    /// A shard's manifest that does not parse as a run manifest of this version.
    #[error("merge: {path}")]
    Manifest { path: String, source: serde_json::Error },
    #[error("thread pool: {threads} threads: at most {max} on this machine (4 per core)")]
    TooManyThreads { threads: usize, max: usize },
    #[error("thread pool")]
    Threads(#[source] rayon::ThreadPoolBuildError),
    #[error("{path}: is inside the output folder {out}, which a run replaces whole; {fix}")]
    InsideOutput { path: String, out: String, fix: &'static str },
}
