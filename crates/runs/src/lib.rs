//! A run: configuration, the staged pipeline over a batch of inputs, and the run directory
//! (tables and manifest) it writes.

mod cache;
mod config;
mod gold;
mod manifest;
mod merge;
mod pipeline;
mod rows;
mod run;

pub use config::{Config, Method, RuntimeName, DEFAULT_TOML};

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
    pipeline::encoder_runtime(config).map(|(r, _)| r)
}
pub use manifest::Manifest;
pub use merge::merge;
pub use pipeline::{DocOutput, Pipeline, STAGES};
pub use run::{default_run_dir, run, Progress, RunOptions, Shard, Summary};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {message}")]
    Config { path: String, message: String },
    #[error("{0}")]
    Setup(String),
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error(transparent)]
    Table(#[from] demarche_tables::Error),
    #[error("{0}")]
    Model(String),
    #[error("merge: {0}")]
    Merge(String),
    #[error("thread pool: {0}")]
    Threads(String),
    #[error("{path}: is inside the output folder {out}, which a run replaces whole; {fix}")]
    InsideOutput { path: String, out: String, fix: &'static str },
}
