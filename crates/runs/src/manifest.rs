use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a run used and produced: everything that can change an output, and the counts and
/// timings that describe it. Written last, so a run directory with a manifest is complete.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub tool: String,
    pub version: String,
    pub git_revision: Option<String>,
    pub schema_version: String,
    /// Hash of the tool version, configuration and input hashes: equal ids mean equal tables.
    pub run_id: String,
    pub config_hash: String,
    pub config: serde_json::Value,
    pub registry_actors: usize,
    /// Every model the run used, with the sha256 of each of its files.
    pub models: Vec<ModelEntry>,
    /// The actor registries and the codebook the configuration names, with their sha256.
    #[serde(default)]
    pub files: Vec<(String, String)>,
    pub inputs: Vec<InputEntry>,
    pub counts: BTreeMap<String, usize>,
    pub errors: usize,
    pub warnings: usize,
    pub stage_seconds: BTreeMap<String, f64>,
    pub threads: usize,
    pub chunk: usize,
    /// Sequences per encoder forward pass.
    #[serde(default)]
    pub batch_size: usize,
    /// NER and stance shared one encoder pass (the stance model's encoder is NER's).
    #[serde(default)]
    pub shared_encoder: bool,
    /// The stance model's measured errors per target, which correct the `positions` counts.
    #[serde(default)]
    pub stance_errors: BTreeMap<String, demarche_stance::positions::Confusion>,
    /// Documents whose model outputs came from the cache (`run --cache`).
    #[serde(default)]
    pub cached_documents: usize,
    /// `K/N` when the run processed one shard of its inputs; merged runs have none.
    pub shard: Option<String>,
    /// The sha256 of every input path the run walked before sharding: shards of one corpus
    /// share it, so `merge` refuses shards of different inputs.
    #[serde(default)]
    pub corpus: String,
    pub started: String,
    pub finished: String,
    pub wall_seconds: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputEntry {
    pub path: String,
    pub doc_id: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelEntry {
    pub task: String,
    pub name: String,
    /// (file, sha256) as checked when the model was loaded.
    pub files: Vec<(String, String)>,
}
