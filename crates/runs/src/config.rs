use std::path::{Path, PathBuf};

use demarche_encoder::Precision;
use demarche_ingest::Rule;
use serde::{Deserialize, Serialize};

use crate::Error;

/// The built-in configuration, printed by `demarche config`.
pub const DEFAULT_TOML: &str = include_str!("../../../config/default.toml");

/// Every knob a user changes between runs. Omitted keys keep the built-in values; a user's
/// `[[input.rules]]` replace the built-in rules (copy them from `demarche config` to keep them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub input: InputConfig,
    pub segment: SegmentConfig,
    pub actors: ActorsConfig,
    pub ner: NerConfig,
    pub stance: StanceConfig,
    pub encoder: EncoderConfig,
    pub run: RunConfig,
    /// The configuration file's folder (none for the built-in configuration).
    #[serde(skip)]
    pub folder: Option<PathBuf>,
}

/// The encoder runtime: a value other than these fails when the file is parsed, naming the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuntimeName {
    Ort,
    Candle,
}

/// How stance is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Classifier,
    Nli,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EncoderConfig {
    /// `ort` (ONNX Runtime, the models' `encoder.onnx` exports) or `candle` (pure Rust).
    pub runtime: RuntimeName,
    /// The folder holding the ONNX Runtime library and its card (`just models` fills it).
    pub onnxruntime: PathBuf,
    /// `fp32` or `int8` (ort only): which export of each model's encoder runs, NER's and
    /// stance's alike. Unset: int8 on ort, fp32 on candle, so `runtime = "candle"` alone still
    /// works; see [`EncoderConfig::precision`]. Outputs differ, so the precision in force is
    /// part of the config hash.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<Precision>,
}

impl EncoderConfig {
    /// The precision in force: the one set, else the runtime's own (int8 on ort, judged by the
    /// task figures in README "Speed"; fp32 on candle, which has no other).
    pub fn precision(&self) -> Precision {
        self.precision.unwrap_or(match self.runtime {
            RuntimeName::Ort => Precision::Int8,
            RuntimeName::Candle => Precision::Fp32,
        })
    }
}

impl Default for EncoderConfig {
    fn default() -> Self {
        EncoderConfig { runtime: RuntimeName::Ort, onnxruntime: PathBuf::from("models/onnxruntime"), precision: None }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StanceConfig {
    pub enabled: bool,
    /// `classifier` (heads over frozen embeddings) or `nli` (zero-shot, hypotheses from the codebook).
    pub method: Method,
    /// The model folder: a stance classifier, or for `nli` an MNLI sequence classifier.
    pub model: PathBuf,
    /// Targets, definitions, keywords and NLI hypotheses.
    pub codebook: PathBuf,
}

impl Default for StanceConfig {
    fn default() -> Self {
        StanceConfig {
            enabled: true,
            method: Method::Classifier,
            model: PathBuf::from("models/stance-minilm-ft"),
            codebook: PathBuf::from("config/codebook.toml"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NerConfig {
    pub enabled: bool,
    /// The model folder (Hugging Face layout with a demarche-model.toml card).
    pub model: PathBuf,
}

impl Default for NerConfig {
    fn default() -> Self {
        NerConfig { enabled: true, model: PathBuf::from("models/ner-conll-minilm") }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InputConfig {
    pub extensions: Vec<String>,
    pub metadata_files: Vec<String>,
    pub rules: Vec<Rule>,
    /// The largest input file read, in bytes; a larger one is an `errors` row.
    pub max_bytes: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SegmentConfig {
    pub boilerplate: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ActorsConfig {
    pub registry: Vec<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunConfig {
    pub threads: usize,
    pub chunk: usize,
    /// Most sequences per encoder forward pass (NER and stance); outputs do not depend on it.
    pub batch_size: usize,
}

impl Default for InputConfig {
    fn default() -> Self {
        #[derive(Deserialize)]
        struct Builtin {
            input: BuiltinInput,
        }
        #[derive(Deserialize)]
        struct BuiltinInput {
            rules: Vec<Rule>,
        }
        // The built-in rules live in default.toml only, so the file users read is the truth.
        let rules = toml::from_str::<Builtin>(DEFAULT_TOML).map(|b| b.input.rules).unwrap_or_default();
        InputConfig {
            extensions: vec!["txt".into(), "md".into(), "html".into(), "htm".into()],
            metadata_files: vec!["metadata.csv".into()],
            rules,
            max_bytes: 100_000_000,
        }
    }
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig { threads: 0, chunk: 256, batch_size: 32 }
    }
}

/// Where a relative path (a model folder, the ONNX Runtime folder, the codebook, a registry
/// file) is looked for, in order: the configuration file's folder (`base`, for a user
/// file), the working directory, then the checkout the binary was built in
/// (`target/release/demarche` finds `models/` two levels up). So `demarche config > my.toml`
/// works from any folder, and the built-in configuration from any folder of a checkout.
pub fn search_dirs(base: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = base.map(Path::to_path_buf).into_iter().collect();
    dirs.extend(std::env::current_dir().ok());
    let exe = std::env::current_exe().ok();
    // The checkout: the nearest folder above the binary with a Cargo.toml.
    dirs.extend(
        exe.iter().flat_map(|e| e.ancestors().skip(1)).find(|a| a.join("Cargo.toml").is_file()).map(Path::to_path_buf),
    );
    dirs
}

/// `path` as found by [`search_dirs`]; when found nowhere, `Err` says where it looked.
pub fn locate(path: &Path, base: Option<&Path>) -> Result<PathBuf, String> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    let dirs = search_dirs(base);
    if let Some(found) = dirs.iter().map(|d| d.join(path)).find(|p| p.exists()) {
        return Ok(found);
    }
    let places: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    Err(format!("{}: not found in {}", path.display(), places.join(", ")))
}

impl Config {
    /// Reads a user configuration; relative paths are looked for in its folder first.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let shown = path.display().to_string();
        // A configuration is a few kilobytes: anything else is the wrong file.
        let meta = std::fs::metadata(path).map_err(|source| Error::Io { path: shown.clone(), cause: source })?;
        if !meta.is_file() || meta.len() > 1 << 20 {
            return Err(Error::Config {
                path: shown,
                message: "not a configuration file (not a file of at most 1 MB)".into(),
            });
        }
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io { path: shown.clone(), cause: source })?;
        let mut config: Config =
            toml::from_str(&text).map_err(|e| Error::Config { path: shown, message: e.to_string() })?;
        // Relative paths the file names are looked for beside it first (`locate`).
        config.folder = Some(path.parent().unwrap_or(Path::new("")).to_path_buf());
        if config.run.batch_size == 0 {
            return Err(Error::Config {
                path: path.display().to_string(),
                message: "run.batch_size must be at least 1".into(),
            });
        }
        if config.run.chunk == 0 {
            return Err(Error::Config {
                path: path.display().to_string(),
                message: "run.chunk must be at least 1".into(),
            });
        }
        Ok(config)
    }

    /// The files the configuration names besides models (actor registries, the codebook),
    /// with their sha256 (empty if unreadable): they change outputs too.
    pub fn files(&self) -> Vec<(String, String)> {
        let hash = |p: &Path| {
            let found = self.locate(p).unwrap_or_else(|_| p.to_path_buf());
            std::fs::read(found).map(|b| demarche_core::sha256_hex(&b)).unwrap_or_default()
        };
        let mut files: Vec<(String, String)> =
            self.actors.registry.iter().map(|p| (p.display().to_string(), hash(p))).collect();
        files.push((self.stance.codebook.display().to_string(), hash(&self.stance.codebook)));
        files
    }

    /// A path of this configuration as found (see [`locate`]).
    pub fn locate(&self, path: &Path) -> Result<PathBuf, String> {
        locate(path, self.folder.as_deref())
    }

    /// A copy with every path that is found replaced by where it was found: the
    /// configuration in force, as `demarche config --config` prints it.
    pub fn resolved(&self) -> Config {
        let mut c = self.in_force();
        let found = |p: &mut PathBuf| {
            if let Ok(f) = self.locate(p) {
                *p = f;
            }
        };
        for p in c.actors.registry.iter_mut() {
            found(p);
        }
        found(&mut c.ner.model);
        found(&mut c.stance.model);
        found(&mut c.stance.codebook);
        found(&mut c.encoder.onnxruntime);
        c
    }

    /// A copy with the defaults that depend on other keys written out (the precision in force,
    /// set or not): an unset one and the same one set are one configuration.
    fn in_force(&self) -> Config {
        let mut c = self.clone();
        c.encoder.precision = Some(self.encoder.precision());
        c
    }

    /// A stable text form: what the manifest records and the config hash is taken over.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self.in_force()).expect("config serialises")
    }

    /// The settings that can change an output: all but `[run]` (threads, chunk and batch size
    /// only change how work is split; encoder batches hold sequences of one length, so no
    /// sentence's scores depend on its batch-mates).
    pub fn output_json(&self) -> serde_json::Value {
        let mut c = self.clone();
        c.run = RunConfig::default();
        c.to_json()
    }

    /// Short hash of [`Config::output_json`]: the suffix of default run folder names.
    pub fn hash(&self) -> String {
        let text = serde_json::to_string(&self.output_json()).expect("config serialises");
        demarche_core::sha256_hex(text.as_bytes())[..8].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_toml_is_the_default() {
        let parsed: Config = toml::from_str(DEFAULT_TOML).unwrap();
        assert_eq!(parsed, Config::default());
        assert_eq!(parsed.input.rules.len(), 3);
    }

    #[test]
    fn broken_config_names_key_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.toml");
        std::fs::write(&p, "[run]\nthreads = 2\nchunks = 5\n").unwrap();
        let msg = Config::load(&p).unwrap_err().to_string();
        assert!(msg.starts_with(&format!("{}: TOML parse error at line 3, column 1", p.display())), "{msg}");
        assert!(msg.contains("unknown field `chunks`"), "{msg}");
        // Values with a fixed set of choices fail at parse time, at their line, with the choices.
        std::fs::write(&p, "# é\n[encoder]\nruntime = \"onnx\"\n").unwrap();
        let msg = Config::load(&p).unwrap_err().to_string();
        assert!(msg.contains("line 3, column 11"), "{msg}");
        assert!(msg.contains("unknown variant `onnx`, expected `ort` or `candle`"), "{msg}");
        std::fs::write(&p, "[encoder]\nprecision = \"int4\"\n").unwrap();
        let msg = Config::load(&p).unwrap_err().to_string();
        assert!(msg.contains("line 2, column 13"), "{msg}");
        assert!(msg.contains("precision = \"int4\""), "{msg}");
        assert!(msg.contains("unknown variant `int4`, expected `fp32` or `int8`"), "{msg}");
        std::fs::write(&p, "[stance]\nmethod = \"zero-shot\"\n").unwrap();
        let msg = Config::load(&p).unwrap_err().to_string();
        assert!(msg.contains("unknown variant `zero-shot`, expected `classifier` or `nli`"), "{msg}");
    }

    #[test]
    fn threads_chunk_and_batch_size_do_not_change_the_hash() {
        let mut c = Config::default();
        let h = c.hash();
        c.run = RunConfig { threads: 1, chunk: 3, batch_size: 5 };
        assert_eq!(c.hash(), h);
        c.segment.boilerplate.push("^Advertisement$".into());
        assert_ne!(c.hash(), h);
    }

    #[test]
    fn precision_changes_the_hash() {
        let mut c = Config::default();
        let h = c.hash();
        assert_eq!(c.output_json()["encoder"]["precision"], "int8");
        // Set to the default: the same configuration.
        c.encoder.precision = Some(Precision::Int8);
        assert_eq!(c.hash(), h);
        c.encoder.precision = Some(Precision::Fp32);
        assert_ne!(c.hash(), h);
        assert_eq!(c.output_json()["encoder"]["precision"], "fp32");
        // candle computes in fp32: its default, and so its hash, is fp32's on candle.
        let mut candle = Config::default();
        candle.encoder.runtime = RuntimeName::Candle;
        assert_eq!(candle.encoder.precision(), Precision::Fp32);
        assert_eq!(candle.output_json()["encoder"]["precision"], "fp32");
    }
}
